//! Below HTTP: reading a capped body with an idle timeout, and naming what
//! went wrong with a connection (DNS, TLS, refused, timed out) from the
//! chain of errors reqwest returns.

use std::time::Duration;

use super::error::ApiError;

/// Reads a body up to `cap` bytes, with the idle timeout between reads.
pub async fn read_capped(
    mut resp: reqwest::Response,
    cap: usize,
    idle: Duration,
) -> Result<String, ApiError> {
    let mut buf = Vec::new();
    loop {
        match tokio::time::timeout(idle, resp.chunk()).await {
            Ok(Ok(Some(b))) => {
                let room = cap.saturating_sub(buf.len());
                buf.extend_from_slice(&b[..b.len().min(room)]);
                if buf.len() >= cap {
                    break;
                }
            }
            Ok(Ok(None)) => break,
            Ok(Err(e)) => {
                return Err(ApiError::Interrupted {
                    detail: error_chain(&e),
                });
            }
            Err(_) => {
                return Err(ApiError::Protocol(supchat_i18n::tr("api-stopped-sending")));
            }
        }
    }
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// What went wrong under HTTP, named by kind: "DNS lookup failed: …",
/// "TLS handshake failed: …", "connection refused", "connect timed out".
pub fn transport_detail(e: &reqwest::Error, connect_timeout: Duration) -> String {
    let inner = innermost(e);
    let lower = format!("{e:?}").to_ascii_lowercase();
    let is_tls = any_cause(e, &|c| c.is::<rustls::Error>()) || lower.contains("tls handshake");
    if e.is_connect() && e.is_timeout() {
        supchat_i18n::tr!(
            "api-connect-timed-out",
            secs = connect_timeout.as_secs().to_string()
        )
    } else if is_tls {
        supchat_i18n::tr!("api-tls-failed", why = inner)
    } else if lower.contains("dns") {
        supchat_i18n::tr!("api-dns-failed", why = inner)
    } else if let Some(why) = io_cause(e) {
        why
    } else {
        inner
    }
}

/// The system's reason under `e`, in the language in use, when an
/// `io::Error` of a kind a user meets is among its causes (connection
/// refused, reset, timed out).
fn io_cause(e: &(dyn std::error::Error + 'static)) -> Option<String> {
    use std::io::ErrorKind as K;
    let found = std::cell::RefCell::new(None);
    any_cause(e, &|c| {
        let io = c.downcast_ref::<std::io::Error>().filter(|io| {
            matches!(
                io.kind(),
                K::ConnectionRefused | K::ConnectionReset | K::ConnectionAborted | K::TimedOut
            )
        });
        if let Some(io) = io {
            *found.borrow_mut() = Some(supchat_i18n::io_reason(io));
        }
        io.is_some()
    });
    found.into_inner()
}

/// Whether any cause of `e` passes `pred`. `io::Error` hides the error it
/// wraps from `source()` (it skips to that error's own source), so wrapped
/// errors are opened explicitly.
fn any_cause(
    e: &(dyn std::error::Error + 'static),
    pred: &dyn Fn(&(dyn std::error::Error + 'static)) -> bool,
) -> bool {
    if pred(e) {
        return true;
    }
    if let Some(inner) = e
        .downcast_ref::<std::io::Error>()
        .and_then(|io| io.get_ref())
        && any_cause(inner, pred)
    {
        return true;
    }
    e.source().is_some_and(|s| any_cause(s, pred))
}

/// The innermost cause's text (or the error's own when it has none); an
/// `io::Error` wrapping another error shows that error.
fn innermost(e: &(dyn std::error::Error + 'static)) -> String {
    let mut last = e;
    while let Some(next) = last.source() {
        last = next;
    }
    last.to_string()
}

/// The most specific causes of an error, outermost last: "dns error: …",
/// "Connection refused (os error 111)", "invalid peer certificate: …".
pub fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur = e.source();
    while let Some(c) = cur {
        let s = c.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
        cur = c.source();
    }
    if parts.is_empty() {
        return e.to_string();
    }
    // Keep the most specific (innermost) causes; outer ones repeat them.
    let keep = parts.len().min(2);
    parts[parts.len() - keep..].join(": ")
}
