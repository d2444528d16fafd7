//! Starting one MCP server and keeping it: its process (no shell, no
//! terminal, a clean environment, under the guardian that ends it with
//! supchat) or its URL; `initialize` and the tool list within the startup
//! timeout; then its life, until it exits or is stopped.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rmcp::model::{ClientCapabilities, ClientConfig, Implementation};
use rmcp::service::{NotificationContext, RoleClient, RunningService};
use rmcp::{ClientHandler, ServiceExt};
use tokio::io::AsyncReadExt;

use super::listing::list_tools;
use super::{Phase, Tail, WeakInner};
use crate::config::mcp::{McpServerConfig, McpTransport};
use crate::said::Said;

/// Variables of supchat's environment every server is given (when set):
/// what programs need to run and find their files. Anything else only
/// through `env_vars` or `env`.
const BASE_ENV: &[&str] = &[
    "HOME",
    "LOGNAME",
    "USER",
    "PATH",
    "SHELL",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "LC_MESSAGES",
    "TMPDIR",
    "TZ",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_CACHE_HOME",
    "XDG_RUNTIME_DIR",
];

/// One start of one server.
pub(super) struct Start {
    pub hub: WeakInner,
    pub idx: usize,
    pub run: u64,
    pub cfg: McpServerConfig,
    pub stderr: Arc<Mutex<Tail>>,
    pub cwd: PathBuf,
    pub hidden_env: Vec<String>,
}

/// What supchat tells a server of itself, and the list-changed handler.
struct Handler {
    hub: WeakInner,
    idx: usize,
    run: u64,
    /// How long one listing may take (the startup timeout).
    timeout: Duration,
    /// A listing runs; `again`: another notice came meanwhile. Notices
    /// fold into one listing at a time, however fast they come.
    listing: Arc<AtomicBool>,
    again: Arc<AtomicBool>,
}

impl ClientHandler for Handler {
    fn get_info(&self) -> ClientConfig {
        ClientConfig::new(
            ClientCapabilities::default(),
            Implementation::new("supchat", env!("CARGO_PKG_VERSION")),
        )
    }

    async fn on_tool_list_changed(&self, context: NotificationContext<RoleClient>) {
        self.again.store(true, Ordering::SeqCst);
        if self.listing.swap(true, Ordering::SeqCst) {
            return;
        }
        let (hub, idx, run, timeout) = (self.hub.clone(), self.idx, self.run, self.timeout);
        let (listing, again) = (Arc::clone(&self.listing), Arc::clone(&self.again));
        let peer = context.peer;
        // Off the connection's own task: its messages go on meanwhile.
        tokio::spawn(async move {
            loop {
                // A burst of notices is one change: listed once it is over.
                tokio::time::sleep(LIST_SETTLE).await;
                if !again.swap(false, Ordering::SeqCst) {
                    break;
                }
                let Ok(Ok(tools)) = tokio::time::timeout(timeout, list_tools(&peer)).await else {
                    break;
                };
                match hub.upgrade() {
                    Some(h) => h.new_tools(idx, run, tools),
                    None => break,
                }
            }
            listing.store(false, Ordering::SeqCst);
        });
    }
}

/// How long notices of a changed list are let settle before it is read
/// again.
const LIST_SETTLE: Duration = Duration::from_millis(100);

/// A server's process: when dropped (stopped, restarted, the hub gone),
/// its process group is sent SIGTERM. Under the guardian that is all:
/// the guardian then ends everything the server started (in sessions of
/// their own too, ignoring SIGTERM or not) before it exits, which a SIGKILL
/// of it would prevent. Without a guardian the group is killed outright.
struct Group {
    child: Option<tokio::process::Child>,
    guarded: bool,
}

impl Group {
    /// How the process ended, if it did (waited for a moment: its pipes
    /// close just before it is gone).
    async fn exit_status(&mut self) -> Option<std::process::ExitStatus> {
        let child = self.child.as_mut()?;
        let status = tokio::time::timeout(Duration::from_millis(300), child.wait())
            .await
            .ok()?
            .ok()?;
        // Reaped: nothing is left to signal.
        self.child = None;
        Some(status)
    }

    fn none() -> Self {
        Self {
            child: None,
            guarded: false,
        }
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        let Some(pid) = self
            .child
            .as_ref()
            .and_then(tokio::process::Child::id)
            .and_then(|p| i32::try_from(p).ok())
            .filter(|&p| p > 0)
        else {
            return;
        };
        let signal = if self.guarded {
            libc::SIGTERM
        } else {
            libc::SIGKILL
        };
        // SAFETY: kill(2) of the process group we made (setsid), whose
        // leader is our child, not yet reaped (we hold it).
        unsafe {
            libc::kill(-pid, signal);
        }
    }
}

impl Start {
    pub(super) async fn run(self) {
        let timeout = self.cfg.startup_timeout;
        let started = tokio::time::timeout(timeout, self.connect()).await;
        let report = |phase: Phase| {
            if let Some(hub) = self.hub.upgrade() {
                hub.report(self.idx, self.run, phase);
            }
        };
        let (service, mut group) = match started {
            Err(_) => {
                return report(Phase::Failed(
                    Said::new("core-mcp-start-timeout").with("secs", timeout.as_secs().to_string()),
                ));
            }
            Ok(Err(why)) => return report(Phase::Failed(why)),
            Ok(Ok(s)) => s,
        };
        let peer = service.peer().clone();
        let listed = tokio::time::timeout(timeout, list_tools(&peer)).await;
        let tools = match listed {
            Err(_) => {
                return report(Phase::Failed(
                    Said::new("core-mcp-list-timeout").with("secs", timeout.as_secs().to_string()),
                ));
            }
            Ok(Err(why)) => return report(Phase::Failed(why)),
            Ok(Ok(t)) => t,
        };
        report(Phase::Ready { peer, tools });
        let end = service.waiting().await;
        let status = group.exit_status().await;
        drop(group);
        let why = match end {
            Ok(rmcp::service::QuitReason::Closed) => match status {
                Some(s) => Said::new("core-mcp-exited-with").with("status", s.to_string()),
                None => Said::new("core-mcp-exited"),
            },
            Ok(other) => Said::new("core-mcp-connection-ended").with("why", format!("{other:?}")),
            Err(e) => Said::new("core-mcp-connection-failed").with("why", e.to_string()),
        };
        report(Phase::Failed(why));
    }

    async fn connect(&self) -> Result<(RunningService<RoleClient, Handler>, Group), Said> {
        let handler = Handler {
            hub: self.hub.clone(),
            idx: self.idx,
            run: self.run,
            timeout: self.cfg.startup_timeout,
            listing: Arc::default(),
            again: Arc::default(),
        };
        match &self.cfg.transport {
            McpTransport::Stdio {
                command,
                env,
                env_vars,
                cwd,
            } => {
                let (mut cmd, guarded) = self.command(command, env, env_vars, cwd.as_ref())?;
                let mut child = cmd
                    .stdin(std::process::Stdio::piped())
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .map_err(|e| {
                        Said::new("core-mcp-cannot-start")
                            .with("program", command[0].clone())
                            .with("why", e.to_string())
                    })?;
                let (Some(stdout), Some(stdin)) = (child.stdout.take(), child.stdin.take()) else {
                    return Err(Said::new("core-mcp-no-pipes"));
                };
                let reader = child
                    .stderr
                    .take()
                    .map(|err| tokio::spawn(read_tail(err, Arc::clone(&self.stderr))));
                let group = Group {
                    child: Some(child),
                    guarded,
                };
                match handler.serve((stdout, stdin)).await {
                    Ok(service) => Ok((service, group)),
                    Err(e) => {
                        // What it said before it ended is read first (it
                        // is the reason shown beside).
                        if let Some(r) = reader {
                            let _ = tokio::time::timeout(Duration::from_millis(500), r).await;
                        }
                        Err(why_not_started(&e.to_string()))
                    }
                }
            }
            McpTransport::Http {
                url,
                bearer_token_env,
            } => {
                use rmcp::transport::StreamableHttpClientTransport;
                use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
                let mut config = StreamableHttpClientTransportConfig::with_uri(url.as_str());
                if let Some(var) = bearer_token_env {
                    let token = std::env::var(var)
                        .ok()
                        .filter(|t| !t.trim().is_empty())
                        .ok_or_else(|| {
                            Said::new("core-mcp-token-unset").with("var", var.clone())
                        })?;
                    if let Some(hub) = self.hub.upgrade() {
                        hub.set_token(self.idx, self.run, Some(token.clone()));
                    }
                    config = config.auth_header(token);
                }
                supchat_api::client::install_crypto_provider();
                let mut builder = reqwest::Client::builder();
                if url::Url::parse(url).is_ok_and(|u| {
                    matches!(u.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"))
                }) {
                    builder = builder.no_proxy();
                }
                let client = builder
                    .build()
                    .map_err(|e| Said::new("core-mcp-no-http").with("why", e.to_string()))?;
                let transport = StreamableHttpClientTransport::with_client(client, config);
                let service = handler
                    .serve(transport)
                    .await
                    .map_err(|e| why_not_started(&e.to_string()))?;
                Ok((service, Group::none()))
            }
        }
    }

    /// The server's command: found on PATH first (a clear error if not),
    /// a clean environment, its own session (no terminal), under the
    /// guardian where there is one.
    fn command(
        &self,
        argv: &[String],
        env: &std::collections::BTreeMap<String, String>,
        env_vars: &[String],
        cwd: Option<&PathBuf>,
    ) -> Result<(tokio::process::Command, bool), Said> {
        let Some((program, args)) = argv.split_first() else {
            return Err(Said::new("core-mcp-empty-command"));
        };
        let found = crate::config::tools::find_program(program).ok_or_else(|| {
            let id = if program.contains('/') {
                "core-mcp-no-program"
            } else {
                "core-mcp-no-program-in-path"
            };
            Said::new(id).with("program", program.clone())
        })?;
        let mut base = std::process::Command::new(&found);
        base.args(args);
        #[cfg(target_os = "linux")]
        let guarded = crate::proc::guard::wrap(&base);
        #[cfg(not(target_os = "linux"))]
        let guarded: Option<std::process::Command> = None;
        let is_guarded = guarded.is_some();
        let mut cmd = guarded.unwrap_or(base);
        cmd.env_clear();
        for k in BASE_ENV
            .iter()
            .copied()
            .chain(env_vars.iter().map(String::as_str))
        {
            if self.hidden_env.iter().any(|h| h == k) {
                continue;
            }
            if let Some(v) = std::env::var_os(k) {
                cmd.env(k, v);
            }
        }
        cmd.envs(env);
        let dir = cwd.unwrap_or(&self.cwd);
        if !dir.is_dir() {
            return Err(Said::new("core-mcp-no-folder").with("path", dir.display().to_string()));
        }
        cmd.current_dir(dir);
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            // SAFETY: setsid(2) is async-signal-safe and touches no memory
            // of ours. Its own session: no terminal to draw on or read a
            // password from, and a group that ends as one.
            unsafe {
                cmd.pre_exec(|| {
                    if libc::setsid() < 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
        }
        Ok((tokio::process::Command::from(cmd), is_guarded))
    }
}

/// Why a server's process did not start, in words: a process that ends
/// before it answers shows as a closed pipe, however the race went (what
/// it said on stderr is shown beside).
fn why_not_started(e: &str) -> Said {
    // The SDK's own words, as it writes them (matched, never shown).
    // The HTTP client's own words, without the SDK's type names before them.
    let client_error = "Client error: ";
    if let Some(i) = e.rfind(client_error) {
        return Said::new("core-mcp-unreachable").with("why", &e[i + client_error.len()..]);
    }
    let closed = ["connection closed", "Broken pipe", "Transport closed"];
    if closed.iter().any(|m| e.contains(m)) {
        Said::new("core-mcp-exited-early")
    } else {
        Said::new("core-mcp-did-not-start").with("why", e)
    }
}

/// Reads a server's stderr into its tail until it closes.
async fn read_tail(mut err: tokio::process::ChildStderr, tail: Arc<Mutex<Tail>>) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match err.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => tail
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(&buf[..n]),
        }
    }
}
