//! API errors, classified so that each one says what happened and what to do
//! (protocol.md §9). Server text is untrusted: it is cut short, stripped of
//! control characters, and any occurrence of the key is redacted.

use std::time::Duration;

use serde_json::Value;

use supchat_chat::text::sanitize_line;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error(
        "{provider} rejected the API key (HTTP {status}{}). {}",
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
    #[error("cannot reach {url}: {detail}. Check the network, proxy variables (HTTPS_PROXY, ALL_PROXY) and base_url.{}", attempts_note(*attempts))]
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
    pub fn map_text(self, f: impl Fn(&str) -> String) -> Self {
        use ApiError::*;
        match self {
            Auth {
                provider,
                status,
                key_source,
                message,
            } => Auth {
                provider,
                status,
                key_source,
                message: f(&message),
            },
            NotFound {
                provider,
                url,
                message,
            } => NotFound {
                provider,
                url,
                message: f(&message),
            },
            BadRequest {
                provider,
                status,
                message,
            } => BadRequest {
                provider,
                status,
                message: f(&message),
            },
            RateLimited {
                provider,
                message,
                retry_after,
                attempts,
            } => RateLimited {
                provider,
                message: f(&message),
                retry_after,
                attempts,
            },
            Quota {
                provider,
                status,
                message,
            } => Quota {
                provider,
                status,
                message: f(&message),
            },
            Server {
                provider,
                status,
                message,
                attempts,
            } => Server {
                provider,
                status,
                message: f(&message),
                attempts,
            },
            OtherStatus {
                provider,
                status,
                message,
            } => OtherStatus {
                provider,
                status,
                message: f(&message),
            },
            Connect {
                url,
                detail,
                attempts,
            } => Connect {
                url,
                detail: f(&detail),
                attempts,
            },
            Interrupted { detail } => Interrupted { detail: f(&detail) },
            Stream { code, message } => Stream {
                code: code.map(|c| f(&c)),
                message: f(&message),
            },
            Protocol(m) => Protocol(f(&m)),
            Invalid(m) => Invalid(f(&m)),
            e @ (IdleTimeout { .. } | HeadersTimeout { .. }) => e,
            NotApi { provider, what } => NotApi {
                provider,
                what: f(&what),
            },
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

/// What the client knew when an HTTP status came back.
pub struct StatusContext<'a> {
    pub provider: &'a str,
    pub url: &'a str,
    /// Where the key came from; `None` when no key is configured.
    pub key_source: Option<&'a str>,
    pub retry_after: Option<Duration>,
    pub attempts: u32,
}

/// Turns a non-2xx status and its body into an error.
pub fn classify_status(status: u16, body: &str, ctx: &StatusContext<'_>) -> ApiError {
    let parsed: Option<Value> = serde_json::from_str(body.trim()).ok();
    let message = match &parsed {
        Some(v) => json_error_message(v).unwrap_or_else(|| excerpt(body)),
        None => body_excerpt(body),
    };
    let provider = ctx.provider.to_owned();
    let lower = message.to_ascii_lowercase();
    let quota_words = [
        "insufficient_quota",
        "quota",
        "billing",
        "credit",
        "spend limit",
    ];
    let code = parsed.as_ref().and_then(error_code).unwrap_or_default();
    match status {
        401 | 403 => ApiError::Auth {
            provider,
            status,
            key_source: ctx.key_source.map(str::to_owned),
            message,
        },
        404 => ApiError::NotFound {
            provider,
            url: ctx.url.to_owned(),
            message,
        },
        402 => ApiError::Quota {
            provider,
            status,
            message,
        },
        429 if quota_words
            .iter()
            .any(|w| lower.contains(w) || code.contains(w)) =>
        {
            ApiError::Quota {
                provider,
                status,
                message,
            }
        }
        429 => ApiError::RateLimited {
            provider,
            message,
            retry_after: ctx.retry_after,
            attempts: ctx.attempts,
        },
        400 | 413 | 422 => ApiError::BadRequest {
            provider,
            status,
            message,
        },
        501 => ApiError::OtherStatus {
            provider,
            status,
            message: if message.is_empty() {
                "the server does not implement this request (Not Implemented); check base_url"
                    .to_owned()
            } else {
                format!(
                    "{message}; the server does not implement this request (Not Implemented), check base_url"
                )
            },
        },
        500..=599 => ApiError::Server {
            provider,
            status,
            message,
            attempts: ctx.attempts,
        },
        _ => ApiError::OtherStatus {
            provider,
            status,
            message,
        },
    }
}

/// The message of an error body, whatever its shape (protocol.md §4.6).
pub fn json_error_message(v: &Value) -> Option<String> {
    let found = match v {
        Value::Array(items) => items.iter().find_map(json_error_message),
        Value::Object(o) => {
            let from_error = o.get("error").and_then(|e| match e {
                Value::String(s) => Some(s.clone()),
                Value::Object(_) => e
                    .get("message")
                    .or_else(|| e.get("details"))
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                _ => None,
            });
            from_error
                .or_else(|| o.get("message").and_then(Value::as_str).map(str::to_owned))
                .or_else(|| o.get("details").and_then(Value::as_str).map(str::to_owned))
                .or_else(|| match o.get("detail")? {
                    Value::String(s) => Some(s.clone()),
                    Value::Array(items) => items.first().map(fastapi_detail),
                    _ => None,
                })
                .or_else(|| o.get("errors").and_then(json_error_message))
        }
        _ => None,
    };
    found.map(|m| excerpt(&m))
}

fn fastapi_detail(d: &Value) -> String {
    let msg = d.get("msg").and_then(Value::as_str).unwrap_or("invalid");
    match d.get("loc").and_then(Value::as_array) {
        Some(loc) => {
            let path: Vec<String> = loc
                .iter()
                .map(|p| p.as_str().map_or(p.to_string(), str::to_owned))
                .collect();
            format!("{} ({})", msg, path.join("."))
        }
        None => msg.to_owned(),
    }
}

/// The `code` (string or number) or `type` of an error object.
pub fn error_code(v: &Value) -> Option<String> {
    let e = v.get("error").unwrap_or(v);
    let c = e.get("code").or_else(|| e.get("type"))?;
    match c {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A short, single-line, control-free excerpt of a non-JSON body; an HTML page
/// is named by its title.
pub fn body_excerpt(body: &str) -> String {
    let t = body.trim_start();
    if t.starts_with('<') {
        let lower = t.to_ascii_lowercase();
        if let (Some(a), Some(b)) = (lower.find("<title>"), lower.find("</title>"))
            && a + 7 <= b
        {
            return format!("an HTML page titled \"{}\"", excerpt(&t[a + 7..b]));
        }
        let text = html_text(t);
        if text.is_empty() {
            return "an HTML page with no text".to_owned();
        }
        return format!("an HTML page: {}", excerpt(&text));
    }
    if t.is_empty() {
        return "an empty body".to_owned();
    }
    excerpt(t)
}

/// The visible text of an HTML page: tags, scripts, styles and comments
/// dropped, entities for `&<>"` and spaces read, whitespace collapsed.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        out.push(' ');
        let tag = &rest[lt..];
        let lower: String = tag.chars().take(8).collect::<String>().to_ascii_lowercase();
        let close = if lower.starts_with("<!--") {
            "-->"
        } else if lower.starts_with("<script") {
            "</script>"
        } else if lower.starts_with("<style") {
            "</style>"
        } else {
            ">"
        };
        // ASCII lowercasing keeps byte offsets, so `end` indexes `tag` too.
        let end = if close == ">" {
            tag.find('>')
        } else {
            tag.to_ascii_lowercase().find(close)
        };
        rest = end.map_or("", |end| &tag[end + close.len()..]);
    }
    out.push_str(rest);
    let out = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most 200 characters on one line, without control characters.
pub fn excerpt(s: &str) -> String {
    let line = sanitize_line(s);
    let mut out: String = line.chars().take(200).collect();
    if line.chars().nth(200).is_some() {
        out.push('…');
    }
    out
}

/// Replaces every occurrence of `secret` (when it is long enough to matter).
pub fn redact(text: &str, secret: &str) -> String {
    if secret.len() < 4 {
        return text.to_owned();
    }
    text.replace(secret, "[redacted]")
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
