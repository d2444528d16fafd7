//! `supchat config path|show|check`.

use std::io::{self, Write};
use std::process::ExitCode;

use super::{ConfigAction, out};
use supchat_chat::text::sanitize_line;
use supchat_core::config::{Config, ConfigLocation, ProviderKind, SUPAI_MODES, render_redacted};

pub async fn run(action: ConfigAction, cfg: &Config, loc: Option<&ConfigLocation>) -> ExitCode {
    // MCP servers are started before anything is written.
    let probe = match action {
        ConfigAction::Check => super::mcp_cmd::probe(cfg).await,
        _ => None,
    };
    let mut o = std::io::stdout().lock();
    let written = match action {
        ConfigAction::Path => path(&mut o, loc),
        ConfigAction::Show => write!(o, "{}", render_redacted(cfg)).map(|()| ExitCode::SUCCESS),
        ConfigAction::Check => check(&mut o, cfg, probe.as_ref()),
    };
    out::finish(written.and_then(|code| o.flush().map(|()| code)))
}

fn path(o: &mut impl Write, loc: Option<&ConfigLocation>) -> io::Result<ExitCode> {
    match loc {
        Some(l) => {
            writeln!(o, "{}", l.path.display())?;
            if !l.path.exists() {
                out::warn("that file does not exist; the built-in defaults are in use");
            }
        }
        None => out::warn(
            "no config directory is known on this system; the built-in defaults are in use",
        ),
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn check(
    o: &mut impl Write,
    cfg: &Config,
    mcp: Option<&super::mcp_cmd::Probe>,
) -> io::Result<ExitCode> {
    match &cfg.path {
        Some(p) => writeln!(o, "{}: valid", p.display())?,
        None => writeln!(o, "no config file: built-in defaults")?,
    }
    let width = cfg
        .providers
        .iter()
        .map(|p| p.name.len())
        .max()
        .unwrap_or(0)
        + 2;
    // Problems that make the check fail: the default provider cannot be used.
    let mut problems = 0;
    for p in &cfg.providers {
        let name = if p.name == cfg.default_provider {
            format!("{} *", p.name)
        } else {
            p.name.clone()
        };
        let what = match p.kind {
            ProviderKind::OpenAi => "model",
            ProviderKind::SupAi => "mode",
        };
        // Config values are the user's, but may hold anything: cleaned.
        writeln!(
            o,
            "{:width$}  {:6}  {}  {what} {}",
            sanitize_line(&name),
            p.kind.as_str(),
            sanitize_line(&p.base_url),
            sanitize_line(p.model_label())
        )?;
        let key = match p.key.resolve(&p.name) {
            Ok(k) if k.secret.is_some() => format!("key: found in {}", k.source),
            Ok(_) => "key: none configured (fine for a local server)".to_owned(),
            Err(m) => {
                if p.name == cfg.default_provider {
                    problems += 1;
                }
                format!("key: MISSING: {m}")
            }
        };
        writeln!(o, "{:width$}  {}", "", sanitize_line(&key))?;
        if p.kind == ProviderKind::SupAi {
            supai_notes(o, p, width)?;
        }
        if p.kind == ProviderKind::OpenAi && p.model.trim().is_empty() {
            writeln!(
                o,
                "{:width$}  note: no model set: requests would name none; set model = \"…\" (`supchat models --provider {}` lists them)",
                "",
                sanitize_line(&p.name)
            )?;
        }
    }
    writeln!(o, "(* = default provider)")?;
    problems += check_tools(o, cfg)?;
    match mcp {
        None => writeln!(o, "MCP servers: none ([mcp_servers.NAME] adds them)")?,
        Some(p) => {
            writeln!(o, "MCP servers (each started once):")?;
            problems += super::mcp_cmd::write_rows(o, cfg, p)?;
        }
    }
    if let Some(warning) = permission_warning(cfg) {
        writeln!(o, "warning: {warning}")?;
    }
    if problems > 0 {
        if cfg
            .select(None)
            .is_ok_and(|p| p.key.resolve(&p.name).is_err())
        {
            out::warn(format!(
                "the default provider \"{}\" has no key: `supchat` and `supchat ask` cannot use it",
                cfg.default_provider
            ));
        }
        return Ok(ExitCode::from(super::EXIT_USAGE));
    }
    Ok(ExitCode::SUCCESS)
}

/// What a Sup.ai provider sets that is not sent, or not documented.
fn supai_notes(
    o: &mut impl Write,
    p: &supchat_core::config::ProviderConfig,
    width: usize,
) -> io::Result<()> {
    let unsent: Vec<&str> = [
        p.temperature.map(|_| "temperature"),
        p.max_tokens.map(|_| "max_tokens"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !unsent.is_empty() {
        writeln!(
            o,
            "{:width$}  note: {} set but not sent: Sup.ai's API does not take it",
            "",
            unsent.join(" and ")
        )?;
    }
    if !SUPAI_MODES.contains(&p.mode.as_str()) {
        writeln!(
            o,
            "{:width$}  note: mode \"{}\" is not in Sup.ai's documented list ({}); it is sent as is",
            "",
            sanitize_line(&p.mode),
            SUPAI_MODES.join(", ")
        )?;
    }
    Ok(())
}

/// The tools, and whether each command can be found (their names and
/// schemas were checked when the file was read). Returns the problems.
fn check_tools(o: &mut impl Write, cfg: &Config) -> io::Result<usize> {
    let t = &cfg.tools;
    if t.is_empty() {
        writeln!(o, "tools: none ([[tools]] and enabled_tools add them)")?;
        return Ok(0);
    }
    let offered: Vec<&str> = cfg
        .providers
        .iter()
        .filter(|p| p.tools)
        .map(|p| p.name.as_str())
        .collect();
    writeln!(
        o,
        "tools (offered to {}; tool_choice {}, max_tool_steps {}):",
        if offered.is_empty() {
            "no provider".to_owned()
        } else {
            offered.join(", ")
        },
        t.choice,
        t.max_steps
    )?;
    for b in &t.builtins {
        writeln!(
            o,
            "  {:14}  built-in (reads only), runs without asking",
            b.name()
        )?;
    }
    let mut problems = 0;
    for tool in &t.tools {
        let program = tool.command.first().map_or("", String::as_str);
        let how = match tool.approve {
            supchat_core::config::tools::Approve::Ask => "asks first",
            supchat_core::config::tools::Approve::Auto => "runs without asking",
        };
        let found = match supchat_core::config::tools::find_program(program) {
            Some(p) => format!("{}", p.display()),
            None => {
                problems += 1;
                format!("NOT FOUND: {program} (not a runnable file, nor on PATH)")
            }
        };
        writeln!(
            o,
            "  {:14}  {}  ({how}, timeout {} s)",
            sanitize_line(&tool.name),
            sanitize_line(&found),
            tool.timeout.as_secs()
        )?;
    }
    Ok(problems)
}

/// A file holding a key should be readable by its owner only.
#[cfg(unix)]
fn permission_warning(cfg: &Config) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let path = cfg.path.as_ref()?;
    if !cfg.providers.iter().any(|p| p.key.inline.is_some()) {
        return None;
    }
    let mode = std::fs::metadata(path).ok()?.permissions().mode();
    (mode & 0o077 != 0).then(|| {
        format!(
            "{} holds an API key and others can read it; run: chmod 600 {}",
            path.display(),
            path.display()
        )
    })
}

#[cfg(not(unix))]
fn permission_warning(_: &Config) -> Option<String> {
    None
}
