//! `supchat config path|show|check`.

use std::io::{self, Write};
use std::process::ExitCode;

use super::{ConfigAction, out};
use supchat_chat::text::sanitize_line;
use supchat_core::config::{Config, ConfigLocation, ProviderKind, SUPAI_MODES, render_redacted};
use supchat_i18n::tr;

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
                out::warn(tr!("cli-config-file-missing"));
            }
        }
        None => out::warn(tr!("cli-config-no-dir")),
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn check(
    o: &mut impl Write,
    cfg: &Config,
    mcp: Option<&super::mcp_cmd::Probe>,
) -> io::Result<ExitCode> {
    match &cfg.path {
        Some(p) => writeln!(
            o,
            "{}",
            tr!("cli-check-valid", path = p.display().to_string())
        )?,
        None => writeln!(o, "{}", tr!("cli-check-no-file"))?,
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
        // Config values are the user's, but may hold anything: cleaned.
        let value = match sanitize_line(p.model_label()) {
            v if v.trim().is_empty() => tr!("cli-check-unset"),
            v => v,
        };
        let what = match p.kind {
            ProviderKind::OpenAi => tr!("cli-check-model", model = value),
            ProviderKind::SupAi => tr!("cli-check-mode", mode = value),
        };
        writeln!(
            o,
            "{:width$}  {:6}  {}  {what}",
            sanitize_line(&name),
            p.kind.as_str(),
            sanitize_line(&p.base_url),
        )?;
        let key = match p.key.resolve(&p.name) {
            Ok(k) if k.secret.is_some() => {
                tr!("cli-check-key-found", source = k.source.to_string())
            }
            Ok(_) => tr!("cli-check-key-none"),
            Err(m) => {
                if p.name == cfg.default_provider {
                    problems += 1;
                }
                tr!("cli-check-key-missing", why = m)
            }
        };
        writeln!(o, "{:width$}  {}", "", sanitize_line(&key))?;
        if p.kind == ProviderKind::SupAi {
            supai_notes(o, p, width)?;
        }
        if p.kind == ProviderKind::OpenAi && p.model.trim().is_empty() {
            writeln!(
                o,
                "{:width$}  {}",
                "",
                tr!("cli-check-no-model", provider = sanitize_line(&p.name))
            )?;
        }
    }
    writeln!(o, "{}", tr!("cli-check-default-mark"))?;
    problems += check_tools(o, cfg)?;
    match mcp {
        None => writeln!(o, "{}", tr!("cli-check-mcp-none"))?,
        Some(p) => {
            writeln!(o, "{}", tr!("cli-check-mcp-heading"))?;
            problems += super::mcp_cmd::write_rows(o, cfg, p)?;
        }
    }
    if let Some(warning) = permission_warning(cfg) {
        writeln!(o, "{}", tr!("cli-warning", text = warning))?;
    }
    if problems > 0 {
        if cfg
            .select(None)
            .is_ok_and(|p| p.key.resolve(&p.name).is_err())
        {
            out::warn(tr!(
                "cli-check-default-no-key",
                provider = &cfg.default_provider
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
            "{:width$}  {}",
            "",
            tr!("cli-check-not-sent", keys = unsent.join(&tr!("cli-and")))
        )?;
    }
    if !SUPAI_MODES.contains(&p.mode.as_str()) {
        writeln!(
            o,
            "{:width$}  {}",
            "",
            tr!(
                "cli-check-unknown-mode",
                mode = sanitize_line(&p.mode),
                modes = SUPAI_MODES.join(", ")
            )
        )?;
    }
    Ok(())
}

/// The tools, and whether each command can be found (their names and
/// schemas were checked when the file was read). Returns the problems.
fn check_tools(o: &mut impl Write, cfg: &Config) -> io::Result<usize> {
    let t = &cfg.tools;
    if t.is_empty() {
        writeln!(o, "{}", tr!("cli-check-tools-none"))?;
        return Ok(0);
    }
    let offered: Vec<&str> = cfg
        .providers
        .iter()
        .filter(|p| p.tools)
        .map(|p| p.name.as_str())
        .collect();
    let offered = if offered.is_empty() {
        tr!("cli-check-no-provider")
    } else {
        offered.join(", ")
    };
    writeln!(
        o,
        "{}",
        tr!(
            "cli-check-tools-heading",
            providers = offered,
            choice = t.choice.to_string(),
            steps = t.max_steps.to_string()
        )
    )?;
    for b in &t.builtins {
        writeln!(o, "  {:14}  {}", b.name(), tr!("cli-check-builtin"))?;
    }
    let mut problems = 0;
    for tool in &t.tools {
        let program = tool.command.first().map_or("", String::as_str);
        let how = match tool.approve {
            supchat_core::config::tools::Approve::Ask => tr!("cli-check-asks-first"),
            supchat_core::config::tools::Approve::Auto => tr!("cli-check-runs-without-asking"),
        };
        let found = match supchat_core::config::tools::find_program(program) {
            Some(p) => format!("{}", p.display()),
            None => {
                problems += 1;
                tr!("cli-check-not-found", program = program)
            }
        };
        writeln!(
            o,
            "  {:14}  {}  {}",
            sanitize_line(&tool.name),
            sanitize_line(&found),
            tr!(
                "cli-check-tool-how",
                how = how,
                secs = tool.timeout.as_secs().to_string()
            )
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
    (mode & 0o077 != 0)
        .then(|| supchat_i18n::tr!("cli-check-permissions", path = path.display().to_string()))
}

#[cfg(not(unix))]
fn permission_warning(_: &Config) -> Option<String> {
    None
}
