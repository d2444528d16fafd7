//! `supchat mcp list`, and the MCP part of `supchat config check`: each
//! enabled server started once (at most its startup timeout), its state
//! and tools listed, then stopped.

use std::io::{self, Write};
use std::process::ExitCode;

use super::out;
use supchat_chat::text::sanitize_line;
use supchat_core::config::Config;
use supchat_core::mcp::{Hub, Offered, Row, Status};
use supchat_i18n::tr;

/// Tool names listed per server before "and N more".
const NAMES_SHOWN: usize = 12;
/// Lines of a failed server's stderr shown.
const STDERR_SHOWN: usize = 5;

/// What the servers of `cfg` did when started once.
pub struct Probe {
    rows: Vec<Row>,
    offered: Vec<Offered>,
}

/// Starts every enabled server, waits until each is ready or failed, and
/// stops them.
pub async fn probe(cfg: &Config) -> Option<Probe> {
    if cfg.mcp_servers.is_empty() {
        return None;
    }
    let root = std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("."));
    let hub = Hub::new(cfg, &root, tokio::runtime::Handle::current());
    hub.start_enabled();
    hub.settled().await;
    let taken = cfg.tools.names().into_iter().map(str::to_owned).collect();
    let p = Probe {
        rows: hub.rows(),
        offered: hub.offered(&taken),
    };
    hub.stop_all();
    Some(p)
}

/// The servers' rows, each with its tools or why it failed. Returns how
/// many failed.
pub fn write_rows(o: &mut impl Write, cfg: &Config, p: &Probe) -> io::Result<usize> {
    let width = p.rows.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut failed = 0;
    for r in &p.rows {
        let enabled = cfg
            .mcp_servers
            .iter()
            .find(|s| s.name == r.name)
            .is_none_or(|s| s.enabled);
        let state = match &r.status {
            Status::Ready { tools, offered } if tools == offered => {
                tr!("cli-mcp-ready", n = *offered)
            }
            Status::Ready { tools, offered } => {
                tr!(
                    "cli-mcp-ready-some",
                    offered = offered.to_string(),
                    tools = tools.to_string()
                )
            }
            Status::Starting => tr!("cli-mcp-starting"),
            Status::Failed(why) => {
                failed += 1;
                tr!("cli-mcp-failed", why = sanitize_line(why))
            }
            Status::Off if !enabled => tr!("cli-mcp-off-disabled"),
            Status::Off => tr!("cli-mcp-off"),
        };
        writeln!(o, "{:width$}  {state}", sanitize_line(&r.name))?;
        writeln!(o, "{:width$}  {}", "", sanitize_line(&r.what))?;
        let names: Vec<String> = p
            .offered
            .iter()
            .filter(|t| t.server == r.name)
            .map(|t| sanitize_line(&t.name))
            .collect();
        if !names.is_empty() {
            let more = names.len().saturating_sub(NAMES_SHOWN);
            let mut shown = names[..names.len().min(NAMES_SHOWN)].join(", ");
            if more > 0 {
                shown.push_str(&tr!("cli-mcp-more", n = more));
            }
            writeln!(o, "{:width$}  {}", "", tr!("cli-mcp-tools", names = shown))?;
        }
        for note in &r.notes {
            writeln!(
                o,
                "{:width$}  {}",
                "",
                tr!("cli-note", text = sanitize_line(note))
            )?;
        }
        if matches!(r.status, Status::Failed(_)) {
            let tail: Vec<&String> = r.stderr.iter().filter(|l| !l.trim().is_empty()).collect();
            for l in tail.iter().skip(tail.len().saturating_sub(STDERR_SHOWN)) {
                writeln!(
                    o,
                    "{:width$}  {}",
                    "",
                    tr!("cli-mcp-stderr", line = sanitize_line(l))
                )?;
            }
        }
    }
    if p.offered.len() > supchat_core::mcp::MOST_TOOLS {
        let warning = tr!(
            "cli-mcp-too-many",
            n = p.offered.len().to_string(),
            most = supchat_core::mcp::MOST_TOOLS.to_string()
        );
        writeln!(o, "{}", tr!("cli-warning", text = warning))?;
    }
    Ok(failed)
}

/// `supchat mcp list`: exit 2 when a server failed.
pub async fn list(cfg: &Config) -> ExitCode {
    let Some(p) = probe(cfg).await else {
        let mut o = std::io::stdout().lock();
        return out::finish(
            writeln!(o, "{}", tr!("cli-mcp-none"))
                .and_then(|()| o.flush())
                .map(|()| ExitCode::SUCCESS),
        );
    };
    let mut o = std::io::stdout().lock();
    let written = write_rows(&mut o, cfg, &p).map(|failed| {
        if failed > 0 {
            ExitCode::from(super::EXIT_USAGE)
        } else {
            ExitCode::SUCCESS
        }
    });
    out::finish(written.and_then(|code| o.flush().map(|()| code)))
}
