//! `supchat mcp list`, and the MCP part of `supchat config check`: each
//! enabled server started once (at most its startup timeout), its state
//! and tools listed, then stopped.

use std::io::{self, Write};
use std::process::ExitCode;

use super::out;
use supchat_chat::text::sanitize_line;
use supchat_core::config::Config;
use supchat_core::mcp::{Hub, Offered, Row, Status};

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
                format!(
                    "ready · {offered} tool{}",
                    if *offered == 1 { "" } else { "s" }
                )
            }
            Status::Ready { tools, offered } => {
                format!("ready · {offered} of {tools} tools offered")
            }
            Status::Starting => "starting…".to_owned(),
            Status::Failed(why) => {
                failed += 1;
                format!("FAILED: {}", sanitize_line(why))
            }
            Status::Off if !enabled => "off (enabled = false)".to_owned(),
            Status::Off => "off".to_owned(),
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
                shown.push_str(&format!(" and {more} more"));
            }
            writeln!(o, "{:width$}  tools: {shown}", "")?;
        }
        for note in &r.notes {
            writeln!(o, "{:width$}  note: {}", "", sanitize_line(note))?;
        }
        if matches!(r.status, Status::Failed(_)) {
            let tail: Vec<&String> = r.stderr.iter().filter(|l| !l.trim().is_empty()).collect();
            for l in tail.iter().skip(tail.len().saturating_sub(STDERR_SHOWN)) {
                writeln!(o, "{:width$}  stderr: {}", "", sanitize_line(l))?;
            }
        }
    }
    if p.offered.len() > supchat_core::mcp::MOST_TOOLS {
        writeln!(
            o,
            "warning: {} MCP tools are offered and providers refuse more than {}: keep the list short with enabled_tools or disabled_tools",
            p.offered.len(),
            supchat_core::mcp::MOST_TOOLS
        )?;
    }
    Ok(failed)
}

/// `supchat mcp list`: exit 2 when a server failed.
pub async fn list(cfg: &Config) -> ExitCode {
    let Some(p) = probe(cfg).await else {
        println!("no MCP server is configured: add [mcp_servers.NAME] to the config");
        return ExitCode::SUCCESS;
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
