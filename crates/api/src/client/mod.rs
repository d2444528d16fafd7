//! HTTP for one provider: sends a chat request, reads the reply as it
//! arrives and hands each event to the caller (which folds them: the client
//! keeps no reply of its own). A connect timeout and an idle
//! timeout between reads, never a total one (a long reply is not an error).
//! Retries only before any part of the reply arrived. Cancelling is dropping
//! the future: the connection closes and nothing is retried.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, USER_AGENT};

mod body;
mod tap;

use tap::Tap;

pub(crate) use body::short_reason;

use super::decode::{Flow, StreamDecoder, decode_completion};
use super::error::{ApiError, StatusContext, classify_status, redact};
use super::event::{Notice, StreamEvent};
use super::request::{BodyParams, ChatOptions, build_body};
use super::retry::{Backoff, retry_after};
use super::transport::{error_chain, read_capped, transport_detail};
use crate::endpoint::{Credential, Endpoint};
use supchat_chat::Message;

/// Largest error or whole-completion body read into memory.
const MAX_BODY: usize = 64 * 1024 * 1024;
/// Largest part of an error body kept for the message.
const MAX_ERROR_BODY: usize = 64 * 1024;
/// Attempts at a rate-limited request (a 429 is not billed, so this holds
/// even for providers with `max_retries = 0`).
const RATE_LIMIT_ATTEMPTS: u32 = 3;
/// Longest `Retry-After` waited for automatically.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// How a request ended.
#[derive(Debug, Clone, PartialEq)]
pub enum TurnEnd {
    Complete,
    /// The request failed; whatever arrived before was handed out.
    Failed(ApiError),
}

pub struct ProviderClient {
    http: reqwest::Client,
    endpoint: Endpoint,
    key: Credential,
    /// Set once the server rejected `stream_options`; kept for this provider
    /// (shared by the copies made with [`ProviderClient::with_endpoint`]).
    no_stream_options: Arc<AtomicBool>,
}

/// Makes ring the process's TLS crypto provider (reqwest is built without
/// one). Calling it again does nothing.
pub fn install_crypto_provider() {
    // `Err` means one is installed already, which is the goal.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl ProviderClient {
    pub fn new(endpoint: Endpoint, key: Credential) -> Result<Self, ApiError> {
        install_crypto_provider();
        let mut builder = reqwest::Client::builder().connect_timeout(endpoint.connect_timeout);
        // A loopback server is never behind a proxy (and tests must not
        // depend on the proxy variables of the machine they run on).
        if reqwest::Url::parse(&endpoint.base_url).is_ok_and(|u| crate::endpoint::is_loopback(&u)) {
            builder = builder.no_proxy();
        }
        let http = builder.build().map_err(|e| {
            ApiError::Invalid(supchat_i18n::tr!(
                "api-cannot-set-up-http",
                why = error_chain(&e)
            ))
        })?;
        Ok(Self {
            http,
            endpoint,
            key,
            no_stream_options: Arc::new(AtomicBool::new(false)),
        })
    }

    /// The same connection pool, key and memory of the server's quirks, with
    /// other settings (a new mode, model or allow-list).
    pub fn with_endpoint(&self, endpoint: Endpoint) -> Self {
        Self {
            http: self.http.clone(),
            endpoint,
            key: self.key.clone(),
            no_stream_options: self.no_stream_options.clone(),
        }
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The key, to be scrubbed from what other providers' wires show.
    pub fn key_text(&self) -> Option<&str> {
        self.key.secret.as_ref().map(|s| s.expose())
    }

    /// The host the key goes to unencrypted: plain `http://` to a host that
    /// is not this machine, with a key to send.
    pub fn key_in_clear(&self) -> Option<String> {
        self.key.secret.as_ref()?;
        let url = reqwest::Url::parse(&self.endpoint.base_url).ok()?;
        (url.scheme() == "http" && !crate::endpoint::is_loopback(&url))
            .then(|| url.host_str().unwrap_or("").to_owned())
    }

    /// Sends requests without `stream_options` (the server is known to
    /// reject it, from an earlier run).
    pub fn skip_stream_options(&self) {
        self.no_stream_options.store(true, Ordering::Relaxed);
    }

    fn headers(&self, stream: bool) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        h.insert(
            USER_AGENT,
            HeaderValue::from_static(concat!("supchat/", env!("CARGO_PKG_VERSION"))),
        );
        if stream {
            h.insert(ACCEPT, HeaderValue::from_static("text/event-stream"));
        }
        if let Some(s) = &self.key.secret
            && let Ok(mut v) = HeaderValue::from_str(&format!("Bearer {}", s.expose()))
        {
            v.set_sensitive(true);
            h.insert(AUTHORIZATION, v);
        }
        h
    }

    pub fn url(&self, path: &str) -> String {
        format!(
            "{}/{}",
            self.endpoint.base_url,
            path.trim_start_matches('/')
        )
    }

    /// Removes the key from any text that came from the server.
    fn scrub(&self, e: ApiError) -> ApiError {
        match &self.key.secret {
            Some(s) => e.map_text(|t| redact(t, s.expose())),
            None => e,
        }
    }

    /// `text` without the key: server text is scrubbed whole, before any
    /// excerpt of it is cut (a key across the cut would leak its start).
    fn scrub_text(&self, text: &str) -> String {
        match &self.key.secret {
            Some(s) => redact(text, s.expose()),
            None => text.to_owned(),
        }
    }

    fn status_error(
        &self,
        status: u16,
        body: &str,
        url: &str,
        headers: &HeaderMap,
        attempts: u32,
    ) -> ApiError {
        let ctx = StatusContext {
            provider: &self.endpoint.name,
            url,
            key_source: self.key.source.as_deref(),
            retry_after: retry_after(headers, SystemTime::now()),
            attempts,
        };
        let body = self.scrub_text(body);
        self.scrub(classify_status(status, &body, &ctx))
    }

    /// Sends `messages` and streams the reply into `sink`, event by event.
    pub async fn chat<F: FnMut(&StreamEvent)>(
        &self,
        messages: &[Message],
        options: &ChatOptions,
        sink: &mut F,
    ) -> TurnEnd {
        let stream = options.stream.unwrap_or(self.endpoint.stream);
        let url = self.url("chat/completions");
        let mut backoff = Backoff::new();
        let mut attempt = 0u32;
        // Set after a stream broke off: the next attempt's first output
        // is preceded by StartOver (the partial reply is then dropped).
        let mut start_over = false;
        // The wire, when asked for: times from the first send.
        let started = options.wire.then(Instant::now);
        loop {
            attempt += 1;
            let stream_options = !self.no_stream_options.load(Ordering::Relaxed);
            let params = BodyParams {
                endpoint: &self.endpoint,
                messages,
                options,
                stream,
                stream_options,
                now: SystemTime::now(),
            };
            let body = match build_body(&params) {
                Ok(b) => b,
                Err(e) => return TurnEnd::Failed(e),
            };
            let mut pass = |e: &StreamEvent| {
                if start_over && e.is_output() {
                    start_over = false;
                    sink(&StreamEvent::StartOver);
                }
                sink(e);
            };
            let (end, retry) = self
                .attempt(
                    &url,
                    &body,
                    (stream, stream_options),
                    (attempt, options.retry_broken),
                    started.map(|at| Tap::new(at, attempt, self.secret())),
                    &mut pass,
                )
                .await;
            let Some(reason) = retry else { return end };
            let delay = match reason {
                Retry::Now => {
                    attempt -= 1; // not a failure of the server
                    Duration::ZERO
                }
                Retry::After(d) => d,
                Retry::Backoff(base) => backoff.next(base),
                Retry::StartOver => {
                    start_over = true;
                    backoff.next(Duration::from_millis(500))
                }
            };
            if let (Retry::Backoff(_) | Retry::After(_) | Retry::StartOver, TurnEnd::Failed(e)) =
                (reason, &end)
            {
                let max = self.max_attempts(e);
                sink(&StreamEvent::Notice(Notice::Retrying {
                    attempt: attempt + 1,
                    max,
                    delay,
                    reason: short_reason(e),
                }));
            }
            tokio::time::sleep(delay).await;
        }
    }

    fn max_attempts(&self, e: &ApiError) -> u32 {
        match e {
            // `max_retries = 0` means no retries at all, 429 included.
            ApiError::RateLimited { .. } if self.endpoint.max_retries > 0 => {
                RATE_LIMIT_ATTEMPTS.max(self.endpoint.max_retries.saturating_add(1))
            }
            _ => self.endpoint.max_retries.saturating_add(1),
        }
    }

    /// Whether to send again after `e` on attempt `attempt` (nothing arrived yet).
    fn retry_for(&self, e: &ApiError, attempt: u32) -> Option<Retry> {
        if attempt >= self.max_attempts(e) {
            return None;
        }
        match e {
            ApiError::RateLimited { retry_after, .. } => match retry_after {
                Some(d) if *d > MAX_RETRY_AFTER => None,
                Some(d) => Some(Retry::After(*d)),
                None => Some(Retry::Backoff(Duration::from_secs(1))),
            },
            ApiError::Server { status: 529, .. } => Some(Retry::Backoff(Duration::from_secs(2))),
            e if e.is_transient() => Some(Retry::Backoff(Duration::from_millis(500))),
            _ => None,
        }
    }

    async fn attempt<F: FnMut(&StreamEvent)>(
        &self,
        url: &str,
        body: &serde_json::Value,
        (stream, stream_options): (bool, bool),
        (attempt, retry_broken): (u32, bool),
        mut tap: Option<Tap>,
        sink: &mut F,
    ) -> (TurnEnd, Option<Retry>) {
        let idle = self.endpoint.idle_timeout;
        let headers = self.headers(stream);
        let body = body.to_string();
        if let Some(t) = &tap {
            sink(&t.request(url, &headers, &body));
        }
        let send = self.http.post(url).headers(headers).body(body).send();
        let resp = match tokio::time::timeout(idle, send).await {
            // The headers did not all arrive in time (nothing came, or they
            // dripped in slowly).
            Err(_) => return self.fail_tapped(self.headers_timeout(), attempt, &tap, sink),
            Ok(Err(e)) => {
                let e = self.transport_error(&e, url, attempt, false);
                return self.fail_tapped(e, attempt, &tap, sink);
            }
            Ok(Ok(r)) => r,
        };
        let status = resp.status().as_u16();
        if let Some(t) = &tap {
            sink(&t.response(status, resp.headers()));
        }
        if !resp.status().is_success() {
            let headers = resp.headers().clone();
            let text = read_capped(resp, MAX_ERROR_BODY, idle)
                .await
                .unwrap_or_default();
            if let Some(t) = &mut tap {
                if let Some(w) = t.feed(text.as_bytes()) {
                    sink(&w);
                }
                if let Some(w) = t.flush() {
                    sink(&w);
                }
            }
            // Some servers reject `stream_options`: send once more without it.
            if matches!(status, 400 | 422) && stream_options && text.contains("stream_options") {
                self.no_stream_options.store(true, Ordering::Relaxed);
                sink(&StreamEvent::Notice(Notice::DroppedStreamOptions));
                return (
                    TurnEnd::Failed(ApiError::Invalid(String::new())),
                    Some(Retry::Now),
                );
            }
            let e = self.status_error(status, &text, url, &headers, attempt);
            return self.fail_retry(e, attempt);
        }
        let mut output = false;
        let read = self.read_body(resp, &mut output, &mut tap, sink).await;
        if let Some(t) = &mut tap {
            if let Some(w) = t.flush() {
                sink(&w);
            }
            if let Err(e) = &read {
                sink(&t.failed(e));
            }
        }
        match read {
            Ok(()) => (TurnEnd::Complete, None),
            // Broken off mid-reply: asked for again where the driver can
            // take back what it showed.
            Err(e @ ApiError::Interrupted { .. })
                if output && retry_broken && attempt < self.max_attempts(&e) =>
            {
                (TurnEnd::Failed(e), Some(Retry::StartOver))
            }
            Err(e) if output => (TurnEnd::Failed(e), None),
            Err(e) => self.fail_retry(e, attempt),
        }
    }

    /// [`Self::fail_retry`], said on the wire too.
    fn fail_tapped<F: FnMut(&StreamEvent)>(
        &self,
        e: ApiError,
        attempt: u32,
        tap: &Option<Tap>,
        sink: &mut F,
    ) -> (TurnEnd, Option<Retry>) {
        if let Some(t) = tap {
            sink(&t.failed(&e));
        }
        self.fail_retry(e, attempt)
    }

    /// The key, to be masked and scrubbed from what the wire shows.
    fn secret(&self) -> Option<String> {
        self.key.secret.as_ref().map(|s| s.expose().to_owned())
    }

    fn fail_retry(&self, e: ApiError, attempt: u32) -> (TurnEnd, Option<Retry>) {
        let retry = self.retry_for(&e, attempt);
        (TurnEnd::Failed(e), retry)
    }

    fn headers_timeout(&self) -> ApiError {
        ApiError::HeadersTimeout {
            provider: self.endpoint.name.clone(),
            secs: self.endpoint.idle_timeout.as_secs(),
        }
    }

    fn idle_error(&self) -> ApiError {
        ApiError::IdleTimeout {
            provider: self.endpoint.name.clone(),
            secs: self.endpoint.idle_timeout.as_secs(),
        }
    }

    fn transport_error(
        &self,
        e: &reqwest::Error,
        url: &str,
        attempts: u32,
        mid_body: bool,
    ) -> ApiError {
        if e.is_timeout() && !e.is_connect() {
            return self.idle_error();
        }
        let detail = self
            .scrub(ApiError::Invalid(transport_detail(
                e,
                self.endpoint.connect_timeout,
            )))
            .to_string();
        if mid_body {
            ApiError::Interrupted { detail }
        } else {
            ApiError::Connect {
                url: url.to_owned(),
                detail,
                attempts,
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Retry {
    /// At once, not counted as a failure (`stream_options` dropped).
    Now,
    /// After the server's `Retry-After`.
    After(Duration),
    /// Exponential backoff from this base.
    Backoff(Duration),
    /// The stream broke off mid-reply: asked again after a backoff, the
    /// reply starting over once the new one begins (not before: a retry
    /// that fails keeps what arrived).
    StartOver,
}
