//! API errors, classified so that each one says what happened and what to do
//! (protocol.md §9). Server text is untrusted: it is cut short, stripped of
//! control characters, and any occurrence of the key is redacted.

use std::time::Duration;

mod status;

pub use status::{
    StatusContext, body_excerpt, classify_status, error_code, excerpt, json_error_message,
};

/// What went wrong with a request. Its words (`Display`) come from the
/// catalogues, in the language in use when it is shown; the server's own
/// words inside stay as the server wrote them (cut, cleaned, redacted).
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    Auth {
        provider: String,
        status: u16,
        /// Where the key came from; `None` when none is configured.
        key_source: Option<String>,
        message: String,
    },
    NotFound {
        provider: String,
        url: String,
        message: String,
    },
    BadRequest {
        provider: String,
        status: u16,
        message: String,
    },
    RateLimited {
        provider: String,
        message: String,
        retry_after: Option<Duration>,
        attempts: u32,
    },
    Quota {
        provider: String,
        status: u16,
        message: String,
    },
    Server {
        provider: String,
        status: u16,
        message: String,
        attempts: u32,
    },
    OtherStatus {
        provider: String,
        status: u16,
        message: String,
    },
    Connect {
        url: String,
        detail: String,
        attempts: u32,
    },
    IdleTimeout {
        provider: String,
        secs: u64,
    },
    HeadersTimeout {
        provider: String,
        secs: u64,
    },
    /// A 2xx reply that is not an API reply (a captive portal's page, text).
    NotApi {
        provider: String,
        what: String,
    },
    Interrupted {
        detail: String,
    },
    Stream {
        code: Option<String>,
        message: String,
    },
    Protocol(String),
    /// Refused before sending (the request cannot be valid for this provider).
    Invalid(String),
}

impl std::error::Error for ApiError {}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use supchat_i18n::tr;
        let text = match self {
            ApiError::Auth {
                provider,
                status,
                key_source,
                message,
            } => tr!(
                if key_source.is_some() {
                    "api-auth-rejected"
                } else {
                    "api-auth-no-key"
                },
                provider = provider,
                status = status.to_string(),
                detail = detail(message),
                advice = key_advice(provider, key_source.as_deref())
            ),
            ApiError::NotFound {
                provider,
                url,
                message,
            } => tr!(
                "api-not-found",
                url = url,
                detail = detail(message),
                provider = provider
            ),
            ApiError::BadRequest {
                provider,
                status,
                message,
            } => tr!(
                "api-bad-request",
                provider = provider,
                status = status.to_string(),
                message = message
            ),
            ApiError::RateLimited {
                provider,
                message,
                retry_after,
                attempts,
            } => tr!(
                "api-rate-limited",
                provider = provider,
                message = message,
                advice = rate_advice(*retry_after, *attempts)
            ),
            ApiError::Quota {
                provider,
                status,
                message,
            } => tr!(
                "api-quota",
                provider = provider,
                status = status.to_string(),
                message = message
            ),
            ApiError::Server {
                provider,
                status,
                message,
                attempts,
            } => tr!(
                "api-server",
                provider = provider,
                status = status.to_string(),
                detail = detail(message),
                attempts = attempts_note(*attempts)
            ),
            ApiError::OtherStatus {
                provider,
                status,
                message,
            } => tr!(
                "api-other-status",
                provider = provider,
                status = status.to_string(),
                detail = detail(message)
            ),
            ApiError::Connect {
                url,
                detail,
                attempts,
            } => tr!(
                "api-connect",
                url = url,
                detail = detail,
                advice = connect_advice(url),
                attempts = attempts_note(*attempts)
            ),
            ApiError::IdleTimeout { provider, secs } => tr!(
                "api-idle-timeout",
                provider = provider,
                secs = secs.to_string()
            ),
            ApiError::HeadersTimeout { provider, secs } => tr!(
                "api-headers-timeout",
                provider = provider,
                secs = secs.to_string()
            ),
            ApiError::NotApi { provider, what } => {
                tr!("api-not-api", provider = provider, what = what)
            }
            ApiError::Interrupted { detail } => tr!("api-interrupted", detail = detail),
            ApiError::Stream {
                code: Some(code),
                message,
            } => tr!("api-stream-error-code", code = code, message = message),
            ApiError::Stream {
                code: None,
                message,
            } => tr!("api-stream-error", message = message),
            ApiError::Protocol(why) => tr!("api-stream-invalid", why = why),
            ApiError::Invalid(why) => return f.write_str(why),
        };
        f.write_str(&text)
    }
}

/// `: the server's message`, or nothing when it said nothing.
fn detail(message: &str) -> String {
    if message.is_empty() {
        String::new()
    } else {
        supchat_i18n::tr!("api-detail", message = message)
    }
}

fn key_advice(provider: &str, source: Option<&str>) -> String {
    match source {
        Some(s) => supchat_i18n::tr!("api-key-advice-source", source = s),
        None => supchat_i18n::tr!("api-key-advice-none", provider = provider),
    }
}

/// What to check when `url` cannot be reached: a server on this machine
/// is not behind a proxy, so it is likely not running.
fn connect_advice(url: &str) -> String {
    if reqwest::Url::parse(url).is_ok_and(|u| crate::endpoint::is_loopback(&u)) {
        supchat_i18n::tr("api-connect-local")
    } else {
        supchat_i18n::tr("api-connect-remote")
    }
}

fn attempts_note(attempts: u32) -> String {
    if attempts > 1 {
        supchat_i18n::tr!("api-attempts", attempts = attempts.to_string())
    } else {
        String::new()
    }
}

fn rate_advice(retry_after: Option<Duration>, attempts: u32) -> String {
    match retry_after {
        Some(d) if d.as_secs() > 0 => {
            supchat_i18n::tr!("api-rate-wait", secs = d.as_secs().to_string())
        }
        _ if attempts > 1 => {
            supchat_i18n::tr!("api-rate-gave-up", attempts = attempts.to_string())
        }
        _ => supchat_i18n::tr("api-rate-later"),
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
