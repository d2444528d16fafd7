//! An HTTP status and its body as an error: what the body says (JSON error
//! objects of the many shapes servers send, HTML pages by their title,
//! plain text), cut short and cleaned, with the advice that fits the
//! status.

use std::time::Duration;

use serde_json::Value;

use super::ApiError;
use supchat_chat::text::sanitize_line;

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
    // Servers' words, looked for in what they said (never shown).
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
                supchat_i18n::tr("api-not-implemented")
            } else {
                supchat_i18n::tr!("api-not-implemented-after", message = message)
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
    found.map(|m| whole_message(&m))
}

/// A server's own error message, on one line: whole (an explanation cut at
/// its end loses the point), up to a bound that no real message reaches.
pub fn whole_message(s: &str) -> String {
    const MOST: usize = 4000;
    let line = sanitize_line(s);
    match line.char_indices().nth(MOST) {
        Some((end, _)) => format!("{}…", &line[..end]),
        None => line,
    }
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
            return supchat_i18n::tr!("api-html-titled", title = excerpt(&t[a + 7..b]));
        }
        let text = html_text(t);
        if text.is_empty() {
            return supchat_i18n::tr("api-html-no-text");
        }
        return supchat_i18n::tr!("api-html-text", text = excerpt(&text));
    }
    if t.is_empty() {
        return supchat_i18n::tr("api-empty-body");
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
