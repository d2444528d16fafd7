//! Tools from MCP (Model Context Protocol) servers, through the maintained
//! Rust SDK (`rmcp`). A [`Hub`] holds the servers of the config: each is
//! started in the background (never waited for by the chat), and is
//! starting, ready with its tools, failed (with why and the last lines of
//! its stderr) or off. What is offered to the model is read from the hub
//! at each request, so a server that starts late, changes its list or dies
//! changes the next request, not the one under way.
//!
//! Calls run on the hub's runtime: with the server's call timeout, and a
//! cancelled turn sends MCP's cancel notification.

mod connect;
pub mod content;
pub mod names;

pub use names::display_name;

use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::Duration;

use rmcp::model::{CallToolRequest, CallToolRequestParams, CancelledNotificationParam};
use rmcp::service::{Peer, PeerRequestOptions, RoleClient};
use serde_json::Value;
use tokio::runtime::Handle;
use tokio::sync::watch;

use crate::config::mcp::McpServerConfig;
use crate::config::tools::Approve;
use crate::config::{Config, redact};

/// Tools in one request beyond which providers refuse it.
pub const MOST_TOOLS: usize = 128;
/// Tools kept of one server (a server listing more is cut).
const MOST_PER_SERVER: usize = 1000;
/// Bytes of a tool's description kept.
const MOST_DESCRIPTION: usize = 8 * 1024;
/// Bytes of why a server failed kept.
const MOST_REASON: usize = 1000;
/// Lines of a server's stderr kept, and bytes of each.
const TAIL_LINES: usize = 20;
const TAIL_LINE_BYTES: usize = 400;

/// One of a server's tools, as it listed it.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerTool {
    pub name: String,
    pub description: String,
    pub schema: Value,
}

/// A tool offered to the model: its offered name, and where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Offered {
    /// `mcp__SERVER__TOOL`, cleaned.
    pub name: String,
    pub server: String,
    /// The server's own name of it.
    pub tool: String,
    pub description: String,
    pub schema: Value,
    pub approve: Approve,
    pub timeout: Duration,
}

/// A server's state, as a status row shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Not started (`enabled = false`, or turned off for this session).
    Off,
    Starting,
    /// Its tools: all it listed, and those offered (after the allow and
    /// deny lists).
    Ready {
        tools: usize,
        offered: usize,
    },
    Failed(String),
}

/// One server's row for `/mcp` and `supchat mcp list`.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub name: String,
    /// Its command line or URL.
    pub what: String,
    pub status: Status,
    /// The last lines it wrote to stderr.
    pub stderr: Vec<String>,
    /// What of its tool list was left out and why, and names in its
    /// allow and deny lists it does not list.
    pub notes: Vec<String>,
    /// Its tools offered, by its own names.
    pub tools: Vec<String>,
}

enum Phase {
    Off,
    Starting,
    Ready {
        peer: Peer<RoleClient>,
        tools: Listed,
    },
    Failed(String),
}

/// The last lines a server wrote to stderr.
#[derive(Debug, Default)]
pub(crate) struct Tail {
    lines: VecDeque<String>,
    /// The line being written (its first bytes).
    open: String,
}

impl Tail {
    /// Takes what was read; lines past [`TAIL_LINES`] and bytes past
    /// [`TAIL_LINE_BYTES`] of a line are dropped.
    pub(crate) fn push(&mut self, mut bytes: &[u8]) {
        // Of a chunk of many lines only the last few can stay: the rest is
        // skipped unread (a server flooding stderr costs little).
        let ends: Vec<usize> = bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i)
            .collect();
        if ends.len() > TAIL_LINES {
            self.open.clear();
            self.lines.clear();
            bytes = &bytes[ends[ends.len() - TAIL_LINES - 1] + 1..];
        }
        for piece in bytes.split_inclusive(|&b| b == b'\n') {
            let (text, ends) = match piece.strip_suffix(b"\n") {
                Some(t) => (t, true),
                None => (piece, false),
            };
            let room = TAIL_LINE_BYTES.saturating_sub(self.open.len());
            if room > 0 {
                let take = &text[..text.len().min(room)];
                self.open.push_str(&String::from_utf8_lossy(take));
            }
            if ends {
                let line = std::mem::take(&mut self.open);
                if self.lines.len() == TAIL_LINES {
                    self.lines.pop_front();
                }
                self.lines.push_back(line);
            }
        }
    }

    fn lines(&self) -> Vec<String> {
        let mut v: Vec<String> = self.lines.iter().cloned().collect();
        if !self.open.is_empty() {
            v.push(self.open.clone());
        }
        v
    }
}

struct Server {
    cfg: McpServerConfig,
    phase: Phase,
    /// Bumped at each start: what an older run reports is ignored.
    run: u64,
    stderr: Arc<Mutex<Tail>>,
    task: Option<tokio::task::AbortHandle>,
    /// The bearer token in use (HTTP), to be taken out of any message.
    token: Option<String>,
}

impl Server {
    /// A message of the server's (an error, a reason) as it may be shown:
    /// its token and anything key-like hidden, the whole message first.
    fn scrub(&self, s: &str) -> String {
        let s = match self.token.as_deref().filter(|t| t.len() >= 4) {
            Some(t) => s.replace(t, "[redacted]"),
            None => s.to_owned(),
        };
        redact::redact_text(&s)
    }
}

/// A call under way: told to stop with [`Hub::cancel_calls`].
type InFlight = (rmcp::model::RequestId, Peer<RoleClient>);

pub(crate) struct Inner {
    servers: Mutex<Vec<Server>>,
    /// Calls under way, by a number of their own.
    calls: Mutex<std::collections::HashMap<u64, InFlight>>,
    next_call: std::sync::atomic::AtomicU64,
    changed: watch::Sender<u64>,
    handle: Handle,
    /// Where a server without its own `cwd` runs.
    cwd: PathBuf,
    /// The providers' key variables: never given to a server.
    hidden_env: Vec<String>,
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, Vec<Server>> {
        self.servers.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn bump(&self) {
        self.changed.send_modify(|g| *g = g.wrapping_add(1));
    }

    /// Sets server `idx`'s phase, when `run` is still its run.
    fn report(&self, idx: usize, run: u64, phase: Phase) {
        let mut servers = self.lock();
        let Some(s) = servers.get_mut(idx).filter(|s| s.run == run) else {
            return;
        };
        s.phase = match phase {
            // Scrubbed whole, then cut: a server may say anything, at any length.
            Phase::Failed(why) => Phase::Failed(cut(&s.scrub(&why), MOST_REASON)),
            p => p,
        };
        drop(servers);
        self.bump();
    }

    /// A ready server's new list of tools (after list-changed).
    fn new_tools(&self, idx: usize, run: u64, new: Listed) {
        let mut servers = self.lock();
        if let Some(Server {
            phase: Phase::Ready { tools, .. },
            ..
        }) = servers.get_mut(idx).filter(|s| s.run == run)
        {
            *tools = new;
            drop(servers);
            self.bump();
        }
    }

    fn set_token(&self, idx: usize, run: u64, token: Option<String>) {
        if let Some(s) = self.lock().get_mut(idx).filter(|s| s.run == run) {
            s.token = token;
        }
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        for s in self.lock().iter_mut() {
            if let Some(t) = s.task.take() {
                t.abort();
            }
        }
    }
}

/// The MCP servers of this run. Cloning gives another handle to the same
/// servers; they stop when the last handle goes (or [`Hub::stop_all`]).
#[derive(Clone)]
pub struct Hub {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub")
            .field("servers", &self.rows().len())
            .finish()
    }
}

impl PartialEq for Hub {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Hub {
    /// The servers of `cfg`, none started yet; servers run on `handle`'s
    /// runtime, in `cwd` unless they name their own.
    pub fn new(cfg: &Config, cwd: &Path, handle: Handle) -> Self {
        let servers = cfg
            .mcp_servers
            .iter()
            .map(|c| Server {
                cfg: c.clone(),
                phase: Phase::Off,
                run: 0,
                stderr: Arc::default(),
                task: None,
                token: None,
            })
            .collect();
        Self {
            inner: Arc::new(Inner {
                servers: Mutex::new(servers),
                calls: Mutex::default(),
                next_call: Default::default(),
                changed: watch::channel(0).0,
                handle,
                cwd: cwd.to_owned(),
                hidden_env: cfg.key_vars(),
            }),
        }
    }

    /// No server is configured.
    pub fn is_empty(&self) -> bool {
        self.inner.lock().is_empty()
    }

    /// Starts every enabled server, in the background.
    pub fn start_enabled(&self) {
        let names: Vec<String> = self
            .inner
            .lock()
            .iter()
            .filter(|s| s.cfg.enabled && matches!(s.phase, Phase::Off))
            .map(|s| s.cfg.name.clone())
            .collect();
        for n in names {
            self.start(&n);
        }
    }

    /// Whether server `name` runs or starts now.
    pub fn is_on(&self, name: &str) -> bool {
        self.inner
            .lock()
            .iter()
            .find(|s| s.cfg.name == name)
            .is_some_and(|s| matches!(s.phase, Phase::Ready { .. } | Phase::Starting))
    }

    /// Starts (or starts again) server `name`, in the background.
    pub fn start(&self, name: &str) -> bool {
        let mut servers = self.inner.lock();
        let Some(idx) = servers.iter().position(|s| s.cfg.name == name) else {
            return false;
        };
        let s = &mut servers[idx];
        if let Some(t) = s.task.take() {
            t.abort();
        }
        s.run += 1;
        s.phase = Phase::Starting;
        s.token = None;
        s.stderr = Arc::default();
        let job = connect::Start {
            hub: Arc::downgrade(&self.inner),
            idx,
            run: s.run,
            cfg: s.cfg.clone(),
            stderr: Arc::clone(&s.stderr),
            cwd: self.inner.cwd.clone(),
            hidden_env: self.inner.hidden_env.clone(),
        };
        s.task = Some(self.inner.handle.spawn(job.run()).abort_handle());
        drop(servers);
        self.inner.bump();
        true
    }

    /// Stops server `name` for this session (its tools leave).
    pub fn stop(&self, name: &str) -> bool {
        let mut servers = self.inner.lock();
        let Some(s) = servers.iter_mut().find(|s| s.cfg.name == name) else {
            return false;
        };
        if let Some(t) = s.task.take() {
            t.abort();
        }
        s.run += 1;
        s.phase = Phase::Off;
        drop(servers);
        self.inner.bump();
        true
    }

    /// Stops every server (supchat is ending).
    pub fn stop_all(&self) {
        let names: Vec<String> = self
            .inner
            .lock()
            .iter()
            .map(|s| s.cfg.name.clone())
            .collect();
        for n in names {
            self.stop(&n);
        }
    }

    /// Turns server `name` on (started) or off, for this session.
    pub fn toggle(&self, name: &str) -> bool {
        let off = self
            .inner
            .lock()
            .iter()
            .find(|s| s.cfg.name == name)
            .is_some_and(|s| matches!(s.phase, Phase::Off));
        if off {
            self.start(name)
        } else {
            self.stop(name)
        }
    }

    /// Changes to any server's state: the value counts them.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.inner.changed.subscribe()
    }

    /// One row per server, in the config's order.
    pub fn rows(&self) -> Vec<Row> {
        self.inner
            .lock()
            .iter()
            .map(|s| Row {
                name: s.cfg.name.clone(),
                what: s.scrub(&s.cfg.what()),
                status: match &s.phase {
                    Phase::Off => Status::Off,
                    Phase::Starting => Status::Starting,
                    Phase::Ready { tools, .. } => Status::Ready {
                        tools: tools.count,
                        offered: tools.tools.iter().filter(|t| s.cfg.offers(&t.name)).count(),
                    },
                    Phase::Failed(why) => Status::Failed(why.clone()),
                },
                stderr: s
                    .stderr
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .lines()
                    .iter()
                    .map(|l| s.scrub(l))
                    .collect(),
                notes: match &s.phase {
                    Phase::Ready { tools, .. } => notes(&s.cfg, tools),
                    _ => Vec::new(),
                },
                tools: match &s.phase {
                    Phase::Ready { tools, .. } => tools
                        .tools
                        .iter()
                        .filter(|t| s.cfg.offers(&t.name))
                        .map(|t| t.name.clone())
                        .collect(),
                    _ => Vec::new(),
                },
            })
            .collect()
    }

    /// Servers still starting, by name.
    pub fn starting(&self) -> Vec<String> {
        self.inner
            .lock()
            .iter()
            .filter(|s| matches!(s.phase, Phase::Starting))
            .map(|s| s.cfg.name.clone())
            .collect()
    }

    /// Waits until no server is starting (each gives up at its startup
    /// timeout).
    pub async fn settled(&self) {
        let mut rx = self.subscribe();
        while !self.starting().is_empty() {
            if rx.changed().await.is_err() {
                return;
            }
        }
    }

    /// The tools of the ready servers, as offered; names in `taken` (the
    /// other tools) are not given to any.
    pub fn offered(&self, taken: &HashSet<String>) -> Vec<Offered> {
        let servers = self.inner.lock();
        let mut found: Vec<(&McpServerConfig, &ServerTool)> = Vec::new();
        for s in servers.iter() {
            if let Phase::Ready { tools, .. } = &s.phase {
                found.extend(
                    tools
                        .tools
                        .iter()
                        .filter(|t| s.cfg.offers(&t.name))
                        .map(|t| (&s.cfg, t)),
                );
            }
        }
        let pairs: Vec<(&str, &str)> = found
            .iter()
            .map(|(c, t)| (c.name.as_str(), t.name.as_str()))
            .collect();
        let names = names::offered_names(&pairs, taken);
        found
            .into_iter()
            .zip(names)
            .map(|((c, t), name)| Offered {
                name,
                server: c.name.clone(),
                tool: t.name.clone(),
                description: t.description.clone(),
                schema: t.schema.clone(),
                approve: c.approve_for(&t.name),
                timeout: c.call_timeout,
            })
            .collect()
    }

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
                    Phase::Failed(why) => Err(format!("the MCP server {server} failed ({why})")),
                    Phase::Starting => Err(format!("the MCP server {server} is still starting")),
                    Phase::Off => Err(format!("the MCP server {server} is turned off")),
                })
        };
        let (idx, run, peer) = match found {
            None => return (format!("error: there is no MCP server {server}"), true),
            Some(Err(why)) => return (format!("error: {why}; the call was not made"), true),
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
        let tell = |reason: &'static str| {
            let (id, peer) = (id.clone(), peer.clone());
            async move {
                let note = rmcp::model::CancelledNotification::new(
                    CancelledNotificationParam::new(Some(id), Some(reason.to_owned())),
                );
                // Told within a second, or not at all: the call is over
                // for supchat either way.
                let _ = tokio::time::timeout(
                    Duration::from_secs(1),
                    peer.send_notification(note.into()),
                )
                .await;
            }
        };
        tokio::select! {
            r = handle.await_response() => match r {
                Ok(resp) => {
                    let v = serde_json::to_value(&resp).unwrap_or(Value::Null);
                    if v.get("content").is_none() && v.get("structuredContent").is_none() {
                        return ("error: the MCP server's answer is not a tool result".to_owned(), true);
                    }
                    let (text, is_error) = content::summarise(&v);
                    // Its own token, echoed back, goes no further.
                    let text = self.without_token(idx, text);
                    (if is_error && !text.starts_with("error") {
                        format!("error: {text}")
                    } else {
                        text
                    }, is_error)
                }
                Err(rmcp::ServiceError::McpError(e)) => {
                    let why = self.scrubbed(idx, &e.message);
                    (format!("error: the MCP server refused the call: {why}"), true)
                }
                Err(e) => self.lost(idx, run, server, &e.to_string()),
            },
            () = tokio::time::sleep(timeout) => {
                tell("timed out").await;
                (format!(
                    "error: the MCP server {server} did not answer within {} s (call_timeout_secs); the call was cancelled",
                    timeout.as_secs_f64()
                ), true)
            }
            () = until_set(cancel) => {
                tell("cancelled by the user").await;
                ("error: stopped: the user cancelled the turn".to_owned(), true)
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
        let tell = async {
            for (id, peer) in calls {
                let note =
                    rmcp::model::CancelledNotification::new(CancelledNotificationParam::new(
                        Some(id),
                        Some("cancelled by the user".to_owned()),
                    ));
                let _ = peer.send_notification(note.into()).await;
            }
        };
        let _ = tokio::time::timeout(Duration::from_secs(1), tell).await;
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
            return (
                format!(
                    "error: the MCP server {server} was restarted or turned off while this call ran; the call did not finish"
                ),
                true,
            );
        }
        let why = format!("the connection broke: {why}");
        self.inner.report(idx, run, Phase::Failed(why.clone()));
        let why = self.scrubbed(idx, &why);
        (
            format!(
                "error: the MCP server {server} is gone ({why}); its tools are no longer offered"
            ),
            true,
        )
    }
}

/// What a ready server's row notes: what of its list was left out, and
/// names in its allow and deny lists or `tools.NAME` it does not list (a
/// typo there hides a tool without a word otherwise).
fn notes(cfg: &McpServerConfig, listed: &Listed) -> Vec<String> {
    let mut notes: Vec<String> = listed
        .left_out
        .iter()
        .map(|n| format!("left out {n}"))
        .collect();
    let has = |n: &str| listed.tools.iter().any(|t| t.name == n);
    let lists = [
        (
            "enabled_tools",
            cfg.enabled_tools.clone().unwrap_or_default(),
        ),
        ("disabled_tools", cfg.disabled_tools.clone()),
        ("tools.NAME", cfg.tool_approve.keys().cloned().collect()),
    ];
    for (key, names) in lists {
        let unknown: Vec<String> = names.into_iter().filter(|n| !has(n)).collect();
        if !unknown.is_empty() {
            notes.push(format!(
                "{key} names {}, which the server does not list",
                unknown.join(", ")
            ));
        }
    }
    notes
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

/// Text cut to at most `most` bytes, at a character's edge.
fn cut(s: &str, most: usize) -> String {
    if s.len() <= most {
        return s.to_owned();
    }
    let mut end = most;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// A server's tools as read: those kept, how many it listed, and what was
/// left out (said in its row).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Listed {
    pub(crate) tools: Vec<ServerTool>,
    pub(crate) count: usize,
    pub(crate) left_out: Vec<String>,
}

/// Keeps a weak hub handle's type in one place.
type WeakInner = Weak<Inner>;

#[cfg(test)]
mod tests;
