//! `[mcp_servers.NAME]`: MCP servers whose tools are offered, each a
//! program spoken to over its stdin and stdout, or a URL (streamable
//! HTTP). Checked when the file is read, each mistake naming its line;
//! whether a server starts is for `supchat config check` and the chat.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use toml::Spanned;

use super::file::FileMcpServer;
use super::tools::{Approve, approve_from, program_path};
use super::{Located, at};
use supchat_chat::text::sanitize_line;
use supchat_i18n::tr;

/// How supchat speaks to a server.
#[derive(Debug, Clone, PartialEq)]
pub enum McpTransport {
    /// A program run without a shell, MCP on its stdin and stdout.
    Stdio {
        command: Vec<String>,
        /// Set for it (over what it is passed of supchat's own).
        env: BTreeMap<String, String>,
        /// Passed through from supchat's environment, when set there.
        env_vars: Vec<String>,
        /// Where it runs (supchat's working folder when not given).
        cwd: Option<std::path::PathBuf>,
    },
    /// Streamable HTTP.
    Http {
        url: String,
        /// The variable holding the bearer token (never the token).
        bearer_token_env: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct McpServerConfig {
    pub name: String,
    pub transport: McpTransport,
    /// The server's tools ask, or run without asking.
    pub approve: Approve,
    /// A tool's own approval, by the server's name of it.
    pub tool_approve: BTreeMap<String, Approve>,
    /// Started with the chat (else only from `/mcp`).
    pub enabled: bool,
    pub startup_timeout: Duration,
    pub call_timeout: Duration,
    /// Only these of its tools are offered (all when not given).
    pub enabled_tools: Option<Vec<String>>,
    /// These of its tools are never offered.
    pub disabled_tools: Vec<String>,
}

impl McpServerConfig {
    /// Whether the server's tool `tool` asks before it runs.
    pub fn approve_for(&self, tool: &str) -> Approve {
        self.tool_approve.get(tool).copied().unwrap_or(self.approve)
    }

    /// Whether the server's tool `tool` is offered at all.
    pub fn offers(&self, tool: &str) -> bool {
        self.enabled_tools
            .as_ref()
            .is_none_or(|l| l.iter().any(|t| t == tool))
            && !self.disabled_tools.iter().any(|t| t == tool)
    }

    /// What the server is, for a status row: its command line or URL.
    pub fn what(&self) -> String {
        match &self.transport {
            McpTransport::Stdio { command, .. } => command.join(" "),
            McpTransport::Http { url, .. } => url.clone(),
        }
    }
}

pub const DEFAULT_STARTUP_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_CALL_TIMEOUT: Duration = Duration::from_secs(60);
const MAX_STARTUP_SECS: u64 = 600;
const MAX_CALL_SECS: u64 = 24 * 3600;

/// A server's name: it becomes part of its tools' names (`mcp__NAME__TOOL`),
/// so letters, digits, `_` and `-`, without `__`, at most 32.
fn check_server_name(name: &str) -> Result<(), String> {
    let ok = (1..=32).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !name.contains("__");
    if ok {
        Ok(())
    } else {
        Err(at(
            &format!("mcp_servers.{}", sanitize_line(name)),
            tr!("conf-mcp-bad-name"),
        ))
    }
}

/// An environment variable's name as a shell takes it.
fn env_name_ok(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Reads `[mcp_servers.*]`; `path` is the config file (a relative program
/// is found from its folder); `key_vars` are the providers' key variables,
/// which no server is given.
pub(super) fn mcp_from(
    tables: BTreeMap<String, Spanned<FileMcpServer>>,
    path: &Path,
    key_vars: &[String],
) -> Result<Vec<McpServerConfig>, Located> {
    let dir = path.parent().unwrap_or(Path::new("."));
    tables
        .into_iter()
        .map(|(name, t)| {
            let span = t.span();
            check_server_name(&name).map_err(|why| (span.clone(), why))?;
            server_from(name, t.into_inner(), span, dir, key_vars)
        })
        .collect()
}

fn server_from(
    name: String,
    t: FileMcpServer,
    span: std::ops::Range<usize>,
    dir: &Path,
    key_vars: &[String],
) -> Result<McpServerConfig, Located> {
    let here = format!("mcp_servers.{name}");
    let within = |what: String| at(&here, what);
    let transport = match (t.command, t.url) {
        (Some(_), Some(u)) => {
            return Err((u.span(), within(tr!("conf-mcp-both"))));
        }
        (None, None) => {
            return Err((span, within(tr!("conf-mcp-neither"))));
        }
        (Some(c), None) => {
            if let Some(b) = &t.bearer_token_env {
                return Err((b.span(), within(tr!("conf-mcp-bearer-stdio"))));
            }
            let cspan = c.span();
            let mut command = c.into_inner();
            if command.first().is_none_or(|p| p.trim().is_empty()) {
                return Err((cspan, within(tr!("conf-command-empty"))));
            }
            command[0] = program_path(&command[0], dir);
            let mut env = BTreeMap::new();
            if let Some(e) = t.env {
                let espan = e.span();
                for (k, v) in e.into_inner() {
                    if !env_name_ok(&k) {
                        return Err((
                            espan,
                            within(tr!(
                                "conf-mcp-var-name",
                                key = "env",
                                name = format!("{:?}", sanitize_line(&k))
                            )),
                        ));
                    }
                    env.insert(k, v);
                }
            }
            let mut env_vars = Vec::new();
            if let Some(v) = t.env_vars {
                let vspan = v.span();
                for k in v.into_inner() {
                    if !env_name_ok(&k) {
                        return Err((
                            vspan,
                            within(tr!(
                                "conf-mcp-var-name",
                                key = "env_vars",
                                name = format!("{:?}", sanitize_line(&k))
                            )),
                        ));
                    }
                    if key_vars.contains(&k) {
                        return Err((vspan, within(tr!("conf-mcp-env-vars-key", var = &k))));
                    }
                    env_vars.push(k);
                }
            }
            let cwd = match t.cwd {
                None => None,
                Some(c) if c.get_ref().trim().is_empty() => {
                    return Err((c.span(), within(tr!("conf-empty", key = "cwd"))));
                }
                Some(c) => {
                    let p = super::expand_home(c.get_ref().trim());
                    Some(if p.is_relative() { dir.join(p) } else { p })
                }
            };
            McpTransport::Stdio {
                command,
                env,
                env_vars,
                cwd,
            }
        }
        (None, Some(u)) => {
            for (given, key) in [
                (t.env.as_ref().map(Spanned::span), "env"),
                (t.env_vars.as_ref().map(Spanned::span), "env_vars"),
                (t.cwd.as_ref().map(Spanned::span), "cwd"),
            ] {
                if let Some(s) = given {
                    return Err((s, within(tr!("conf-mcp-stdio-only", key = key))));
                }
            }
            let uspan = u.span();
            let url = u.into_inner();
            match url::Url::parse(url.trim()) {
                Ok(p) if matches!(p.scheme(), "http" | "https") && p.host().is_some() => {}
                _ => {
                    return Err((
                        uspan,
                        within(tr!(
                            "conf-mcp-bad-url",
                            url = format!("{:?}", super::redact::redact_text(&sanitize_line(&url)))
                        )),
                    ));
                }
            }
            let bearer_token_env = match t.bearer_token_env {
                None => None,
                Some(b) if env_name_ok(b.get_ref()) => Some(b.into_inner()),
                Some(b) => {
                    return Err((b.span(), within(tr!("conf-mcp-bearer-name"))));
                }
            };
            McpTransport::Http {
                url: url.trim().to_owned(),
                bearer_token_env,
            }
        }
    };
    let approve = approve_from(t.approve, &here)?;
    let mut tool_approve = BTreeMap::new();
    for (tool, table) in t.tools {
        let a = approve_from(table.into_inner().approve, &format!("{here}.tools.{tool}"))?;
        tool_approve.insert(tool, a);
    }
    let secs = |v: Option<Spanned<u64>>, key: &str, most: u64, default: Duration| match v {
        None => Ok(default),
        Some(s) if (1..=most).contains(s.get_ref()) => Ok(Duration::from_secs(s.into_inner())),
        Some(s) => Err((
            s.span(),
            within(tr!("conf-between", key = key, most = most.to_string())),
        )),
    };
    let startup_timeout = secs(
        t.startup_timeout_secs,
        "startup_timeout_secs",
        MAX_STARTUP_SECS,
        DEFAULT_STARTUP_TIMEOUT,
    )?;
    let call_timeout = secs(
        t.call_timeout_secs,
        "call_timeout_secs",
        MAX_CALL_SECS,
        DEFAULT_CALL_TIMEOUT,
    )?;
    let enabled_tools = t.enabled_tools.map(Spanned::into_inner);
    let disabled_tools = t
        .disabled_tools
        .map(Spanned::into_inner)
        .unwrap_or_default();
    Ok(McpServerConfig {
        name,
        transport,
        approve,
        tool_approve,
        enabled: t.enabled.unwrap_or(true),
        startup_timeout,
        call_timeout,
        enabled_tools,
        disabled_tools,
    })
}

#[cfg(test)]
#[path = "mcp_tests.rs"]
mod tests;
