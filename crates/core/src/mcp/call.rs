//! A call of an MCP tool: made on the hub's runtime, given up at its
//! timeout or when the turn is cancelled (the server is told with MCP's
//! cancel notification), its result made text for the model; and the
//! calls under way, told they are cancelled when supchat ends.

use std::sync::PoisonError;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rmcp::model::{CallToolRequest, CallToolRequestParams, CancelledNotificationParam, RequestId};
use rmcp::service::{Peer, PeerRequestOptions, RoleClient};
use serde_json::Value;

use super::for_model as said;
use super::{Hub, Inner, Phase};
use crate::config::redact;
use crate::said::Said;

/// A call under way: told to stop with [`Hub::cancel_calls`].
pub(super) type InFlight = (RequestId, Peer<RoleClient>);

impl Hub {
    /// Calls `tool` of `server` with `args` (a JSON object); gives up after
    /// `timeout`, or when `cancel` is set (the server is told either way).
    /// The text for the model and whether it is an error. Blocking: call it
    /// off the async threads.
    pub fn call_blocking(
        &self,
        server: &str,
        tool: &str,
        args: Value,
        timeout: Duration,
        cancel: &AtomicBool,
    ) -> (String, bool) {
        self.inner
            .handle
            .block_on(self.call(server, tool, args, timeout, cancel))
    }

    /// [`Hub::call_blocking`], awaited.
    pub async fn call(
        &self,
        server: &str,
        tool: &str,
        args: Value,
        timeout: Duration,
        cancel: &AtomicBool,
    ) -> (String, bool) {
        let found = {
            let servers = self.inner.lock();
            servers
                .iter()
                .enumerate()
                .find(|(_, s)| s.cfg.name == server)
                .map(|(i, s)| match &s.phase {
                    Phase::Ready { peer, .. } => Ok((i, s.run, peer.clone())),
                    Phase::Failed(why) => Err(said::server_failed(server, &why.english())),
                    Phase::Starting => Err(said::server_starting(server)),
                    Phase::Off => Err(said::server_off(server)),
                })
        };
        let (idx, run, peer) = match found {
            None => return (said::no_server(server), true),
            Some(Err(why)) => return (said::not_made(&why), true),
            Some(Ok(p)) => p,
        };
        let mut params = CallToolRequestParams::new(tool.to_owned());
        params.arguments = match args {
            Value::Object(o) => Some(o),
            _ => None,
        };
        let request = CallToolRequest::new(params).into();
        let handle = match peer
            .send_cancellable_request(request, PeerRequestOptions::no_options())
            .await
        {
            Ok(h) => h,
            Err(e) => return self.lost(idx, run, server, &e.to_string()),
        };
        let (id, peer) = (handle.id.clone(), handle.peer.clone());
        let _in_flight = InFlightGuard::new(&self.inner, (id.clone(), peer.clone()));
        let tell = |reason: &'static str| tell_cancelled(vec![(id.clone(), peer.clone())], reason);
        tokio::select! {
            r = handle.await_response() => match r {
                Ok(resp) => {
                    let v = serde_json::to_value(&resp).unwrap_or(Value::Null);
                    if v.get("content").is_none() && v.get("structuredContent").is_none() {
                        return (said::NOT_A_RESULT.to_owned(), true);
                    }
                    let (text, is_error) = said::summarise(&v);
                    // Its own token, echoed back, goes no further.
                    let text = self.without_token(idx, text);
                    (if is_error { said::as_error(text) } else { text }, is_error)
                }
                Err(rmcp::ServiceError::McpError(e)) => {
                    let why = self.scrubbed(idx, &e.message);
                    (said::refused(&why), true)
                }
                Err(e) => self.lost(idx, run, server, &e.to_string()),
            },
            () = tokio::time::sleep(timeout) => {
                tell(said::TOLD_TIMED_OUT).await;
                (said::timed_out(server, timeout.as_secs_f64()), true)
            }
            () = until_set(cancel) => {
                tell(said::TOLD_CANCELLED).await;
                (said::CANCELLED.to_owned(), true)
            }
        }
    }

    /// Tells every server with a call under way that it is cancelled
    /// (supchat is ending: `ask` stopped with Ctrl+C). At most a second.
    pub async fn cancel_calls(&self) {
        let calls: Vec<InFlight> = self
            .inner
            .calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .drain()
            .map(|(_, c)| c)
            .collect();
        tell_cancelled(calls, said::TOLD_CANCELLED).await;
    }

    /// `text` without server `idx`'s bearer token (a tool's result is kept
    /// as it is otherwise: it is the model's to read).
    fn without_token(&self, idx: usize, text: String) -> String {
        let servers = self.inner.lock();
        match servers
            .get(idx)
            .and_then(|s| s.token.as_deref())
            .filter(|t| t.len() >= 4 && text.contains(*t))
        {
            Some(t) => text.replace(t, "[redacted]"),
            None => text,
        }
    }

    fn scrubbed(&self, idx: usize, s: &str) -> String {
        self.inner
            .lock()
            .get(idx)
            .map_or_else(|| redact::redact_text(s), |srv| srv.scrub(s))
    }

    /// A call whose connection broke: the server is marked failed (its
    /// tools leave the next request).
    fn lost(&self, idx: usize, run: u64, server: &str, why: &str) -> (String, bool) {
        // Restarted or turned off meanwhile: that run's end is no failure.
        let same_run = self.inner.lock().get(idx).is_some_and(|s| s.run == run);
        if !same_run {
            return (said::restarted(server), true);
        }
        let why = Said::new("core-mcp-connection-broke").with("why", why);
        self.inner.report(idx, run, Phase::Failed(why.clone()));
        let why = self.scrubbed(idx, &why.english());
        (said::gone(server, &why), true)
    }
}

/// Tells the servers of `calls` that they are cancelled, for `reason`:
/// within a second, or not at all (the calls are over for supchat either
/// way).
async fn tell_cancelled(calls: Vec<InFlight>, reason: &str) {
    let tell = async {
        for (id, peer) in calls {
            let note = rmcp::model::CancelledNotification::new(CancelledNotificationParam::new(
                Some(id),
                Some(reason.to_owned()),
            ));
            let _ = peer.send_notification(note.into()).await;
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), tell).await;
}

/// A call's place among those under way, for as long as it is.
struct InFlightGuard<'a> {
    inner: &'a Inner,
    key: u64,
}

impl<'a> InFlightGuard<'a> {
    fn new(inner: &'a Inner, call: InFlight) -> Self {
        let key = inner.next_call.fetch_add(1, Ordering::Relaxed);
        inner
            .calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, call);
        Self { inner, key }
    }
}

impl Drop for InFlightGuard<'_> {
    fn drop(&mut self) {
        self.inner
            .calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.key);
    }
}

/// Resolves once `flag` is set (looked at every 50 ms).
async fn until_set(flag: &AtomicBool) {
    while !flag.load(Ordering::Relaxed) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
