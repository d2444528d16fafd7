//! `supchat config path|show|check`.

use std::process::ExitCode;

use super::ConfigAction;
use crate::config::{Config, ConfigLocation, ProviderKind, SUPAI_MODES, render_redacted};

pub fn run(action: ConfigAction, cfg: &Config, loc: Option<&ConfigLocation>) -> ExitCode {
    match action {
        ConfigAction::Path => {
            match loc {
                Some(l) => {
                    println!("{}", l.path.display());
                    if !l.path.exists() {
                        eprintln!(
                            "supchat: that file does not exist; the built-in defaults are in use"
                        );
                    }
                }
                None => eprintln!(
                    "supchat: no config directory is known on this system; the built-in defaults are in use"
                ),
            }
            ExitCode::SUCCESS
        }
        ConfigAction::Show => {
            print!("{}", render_redacted(cfg));
            ExitCode::SUCCESS
        }
        ConfigAction::Check => check(cfg),
    }
}

fn check(cfg: &Config) -> ExitCode {
    match &cfg.path {
        Some(p) => println!("{}: valid", p.display()),
        None => println!("no config file: built-in defaults"),
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
        println!(
            "{name:width$}  {:6}  {}  {what} {}",
            p.kind.as_str(),
            p.base_url,
            p.model_label()
        );
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
        println!("{:width$}  {key}", "");
        if p.kind == ProviderKind::SupAi {
            let unsent: Vec<&str> = [
                p.temperature.map(|_| "temperature"),
                p.max_tokens.map(|_| "max_tokens"),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !unsent.is_empty() {
                println!(
                    "{:width$}  note: {} set but not sent: Sup.ai's API does not take it",
                    "",
                    unsent.join(" and ")
                );
            }
        }
        if p.kind == ProviderKind::SupAi && !SUPAI_MODES.contains(&p.mode.as_str()) {
            println!(
                "{:width$}  note: mode \"{}\" is not in Sup.ai's documented list ({}); it is sent as is",
                "",
                p.mode,
                SUPAI_MODES.join(", ")
            );
        }
    }
    println!("(* = default provider)");
    if let Some(warning) = permission_warning(cfg) {
        println!("warning: {warning}");
    }
    if problems > 0 {
        eprintln!(
            "supchat: the default provider \"{}\" has no key: `supchat` and `supchat ask` cannot use it",
            cfg.default_provider
        );
        return ExitCode::from(super::EXIT_USAGE);
    }
    ExitCode::SUCCESS
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
