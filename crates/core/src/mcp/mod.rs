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

mod call;
mod connect;
pub mod for_model;
mod listing;
pub mod names;
mod status;
mod tail;

use call::InFlight;
use listing::{Listed, cut, notes};
pub(crate) use tail::Tail;

pub use names::display_name;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::Duration;

use rmcp::service::{Peer, RoleClient};
use serde_json::Value;
use tokio::runtime::Handle;
use tokio::sync::watch;

use crate::config::mcp::McpServerConfig;
use crate::config::tools::Approve;
use crate::config::{Config, redact};
use crate::said::Said;

/// Tools in one request beyond which providers refuse it.
pub const MOST_TOOLS: usize = 128;
/// Bytes of why a server failed kept.
const MOST_REASON: usize = 1000;

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
    /// Why, said where it is shown (and in English to the model).
    Failed(Said),
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
            Phase::Failed(why) => Phase::Failed(why.map_values(|v| cut(&s.scrub(v), MOST_REASON))),
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
}

/// Keeps a weak hub handle's type in one place.
type WeakInner = Weak<Inner>;

#[cfg(test)]
mod tests;
