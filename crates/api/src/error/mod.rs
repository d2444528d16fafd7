//! API errors, classified so that each one says what happened and what to do
//! (protocol.md §9). Server text is untrusted: it is cut short, stripped of
//! control characters, and any occurrence of the key is redacted.

use std::time::Duration;

mod status;

pub use status::{
    StatusContext, body_excerpt, classify_status, error_code, excerpt, json_error_message,
};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error(
        "{provider} {} (HTTP {status}{}). {}",
        if key_source.is_some() { "rejected the API key" } else { "wants an API key" },
        detail(message),
        key_advice(provider, key_source.as_deref())
    )]
    Auth {
        provider: String,
        status: u16,
        /// Where the key came from; `None` when none is configured.
        key_source: Option<String>,
        message: String,
    },
    #[error(
        "HTTP 404 Not Found for {url}{}. Check base_url of provider {provider}.",
        detail(message)
    )]
    NotFound {
        provider: String,
        url: String,
        message: String,
    },
    #[error("{provider} rejected the request (HTTP {status}): {message}")]
    BadRequest {
        provider: String,
        status: u16,
        message: String,
    },
    #[error("{provider} is rate limiting requests (HTTP 429): {message}. {}", rate_advice(*retry_after, *attempts))]
    RateLimited {
        provider: String,
        message: String,
        retry_after: Option<Duration>,
        attempts: u32,
    },
    #[error(
        "{provider} refused for quota or credits (HTTP {status}): {message}. Check the account's plan or balance."
    )]
    Quota {
        provider: String,
        status: u16,
        message: String,
    },
    #[error("{provider} had a server error (HTTP {status}){}{}. The service may be down or overloaded; try again later.", detail(message), attempts_note(*attempts))]
    Server {
        provider: String,
        status: u16,
        message: String,
        attempts: u32,
    },
    #[error("{provider} answered HTTP {status}{}.", detail(message))]
    OtherStatus {
        provider: String,
        status: u16,
        message: String,
    },
    #[error("cannot reach {url}: {detail}. {}{}", connect_advice(url), attempts_note(*attempts))]
    Connect {
        url: String,
        detail: String,
        attempts: u32,
    },
    #[error(
        "no data from {provider} for {secs}s, so the request was stopped. Raise idle_timeout_secs for this provider if it is just slow."
    )]
    IdleTimeout { provider: String, secs: u64 },
    #[error(
        "{provider} did not finish sending its response headers within {secs}s, so the request was stopped. Raise idle_timeout_secs for this provider if it is just slow."
    )]
    HeadersTimeout { provider: String, secs: u64 },
    /// A 2xx reply that is not an API reply (a captive portal's page, text).
    #[error(
        "{provider} answered, but not as a chat API: {what}. Check base_url (a login page or proxy may be in the way)."
    )]
    NotApi { provider: String, what: String },
    #[error("the reply broke off ({detail}); what arrived is incomplete.")]
    Interrupted { detail: String },
    #[error("the server reported an error in the stream{}: {message}", code.as_deref().map(|c| format!(" ({c})")).unwrap_or_default())]
    Stream {
        code: Option<String>,
        message: String,
    },
    #[error("the server's stream is not valid: {0}")]
    Protocol(String),
    /// Refused before sending (the request cannot be valid for this provider).
    #[error("{0}")]
    Invalid(String),
}

fn detail(message: &str) -> String {
    if message.is_empty() {
        String::new()
    } else {
        format!(": {message}")
    }
}

fn key_advice(provider: &str, source: Option<&str>) -> String {
    match source {
        Some(s) => format!("The key comes from {s}: check it, or give another one."),
        None => format!(
            "No key is configured for it: set api_key, api_key_cmd or api_key_env under [providers.{provider}] in the config file."
        ),
    }
}

/// What to check when `url` cannot be reached: a server on this machine
/// is not behind a proxy, so it is likely not running.
fn connect_advice(url: &str) -> &'static str {
    if reqwest::Url::parse(url).is_ok_and(|u| crate::endpoint::is_loopback(&u)) {
        "Is the server running, on that port? Check base_url."
    } else {
        "Check the network, proxy variables (HTTPS_PROXY, ALL_PROXY) and base_url."
    }
}

fn attempts_note(attempts: u32) -> String {
    if attempts > 1 {
        format!(" (tried {attempts} times)")
    } else {
        String::new()
    }
}

fn rate_advice(retry_after: Option<Duration>, attempts: u32) -> String {
    match retry_after {
        Some(d) if d.as_secs() > 0 => {
            format!(
                "The server asks to wait {}s before trying again.",
                d.as_secs()
            )
        }
        _ if attempts > 1 => {
            format!("Gave up after {attempts} attempts; wait a little and try again.")
        }
        _ => "Wait a little and try again.".to_owned(),
    }
}

impl ApiError {
    /// Applies `f` to every piece of text that came from outside (server
    /// messages, error details), e.g. to redact a key.
    pub fn map_text(mut self, f: impl Fn(&str) -> String) -> Self {
        for text in self.texts_mut() {
            *text = f(text);
        }
        self
    }

    /// The words in it that came from elsewhere (a server's message, an
    /// error's detail): what [`ApiError::map_text`] goes over.
    fn texts_mut(&mut self) -> Vec<&mut String> {
        use ApiError::*;
        match self {
            Auth { message, .. }
            | NotFound { message, .. }
            | BadRequest { message, .. }
            | RateLimited { message, .. }
            | Quota { message, .. }
            | Server { message, .. }
            | OtherStatus { message, .. }
            | Protocol(message)
            | Invalid(message) => vec![message],
            Connect { detail, .. } | Interrupted { detail } => vec![detail],
            NotApi { what, .. } => vec![what],
            Stream { code, message } => code.iter_mut().chain([message]).collect(),
            IdleTimeout { .. } | HeadersTimeout { .. } => Vec::new(),
        }
    }

    /// Whether sending the same request again may succeed (only ever done
    /// before any part of the reply arrived).
    pub fn is_transient(&self) -> bool {
        match self {
            // `Interrupted` before any output: the stream broke before the
            // reply began, so sending again shows and bills nothing twice.
            ApiError::Server { .. } | ApiError::Connect { .. } | ApiError::Interrupted { .. } => {
                true
            }
            ApiError::Stream { code, message } => {
                let code = code.as_deref().unwrap_or_default();
                code.starts_with('5')
                    || code == "429"
                    || ["server_error", "overloaded", "rate_limit_exceeded"].contains(&code)
                    || message.to_ascii_lowercase().contains("overloaded")
            }
            _ => false,
        }
    }
}

/// Replaces every occurrence of `secret` (when it is long enough to matter).
pub fn redact(text: &str, secret: &str) -> String {
    if secret.len() < 4 {
        return text.to_owned();
    }
    text.replace(secret, "[redacted]")
}

#[cfg(test)]
mod tests;
