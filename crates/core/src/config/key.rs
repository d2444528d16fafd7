//! API keys: where a provider's key comes from, and reading it. A key is held
//! in [`Secret`], whose `Debug` and `Display` never show it.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

pub use supchat_api::{Credential, Secret};
use supchat_i18n::tr;

/// Where a provider's key may come from. Precedence: `api_key` in the file,
/// then `api_key_cmd`, then the environment variable `api_key_env`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeySpec {
    pub inline: Option<Secret>,
    pub cmd: Option<String>,
    pub env: Option<String>,
    /// The config file holding `inline`, to say where it came from.
    pub file: Option<PathBuf>,
}

/// Where a resolved key came from, for messages (never the key itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    Inline(Option<PathBuf>),
    Command(String),
    Env(String),
    /// The provider needs no key (none configured: local servers).
    NotNeeded,
}

impl std::fmt::Display for KeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeySource::Inline(Some(p)) => f.write_str(&tr!(
                "conf-key-source-inline-file",
                path = p.display().to_string()
            )),
            KeySource::Inline(None) => f.write_str(&tr!("conf-key-source-inline")),
            KeySource::Command(c) => f.write_str(&tr!("conf-key-source-cmd", cmd = c)),
            KeySource::Env(v) => f.write_str(&tr!("conf-key-source-env", var = v)),
            KeySource::NotNeeded => f.write_str(&tr!("conf-key-source-none")),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedKey {
    pub secret: Option<Secret>,
    pub source: KeySource,
}

impl ResolvedKey {
    /// What the API client is given.
    pub fn credential(&self) -> Credential {
        Credential {
            secret: self.secret.clone(),
            source: match self.source {
                KeySource::NotNeeded => None,
                ref s => Some(s.to_string()),
            },
        }
    }
}

impl KeySpec {
    /// Whether any source is configured.
    pub fn is_configured(&self) -> bool {
        self.inline.is_some() || self.cmd.is_some() || self.env.is_some()
    }

    /// Reads the key. An error says which source was tried and how to fix it.
    /// `provider` is the provider's name, for the message.
    /// Why no key can be had, when that is plain without running
    /// anything: no key in the config, no command, and its environment
    /// variable unset or empty. (A command is not run to find out.)
    pub fn plainly_missing(&self, provider: &str) -> Option<String> {
        if self.inline.is_some() || self.cmd.is_some() {
            return None;
        }
        let var = self.env.as_ref()?;
        match std::env::var(var) {
            Ok(v) if !v.trim().is_empty() => None,
            _ => Some(tr!("conf-key-missing", provider = provider, var = var)),
        }
    }

    pub fn resolve(&self, provider: &str) -> Result<ResolvedKey, String> {
        if let Some(s) = &self.inline {
            return Ok(ResolvedKey {
                secret: Some(s.clone()),
                source: KeySource::Inline(self.file.clone()),
            });
        }
        if let Some(cmd) = &self.cmd {
            return run_key_command(cmd).map(|s| ResolvedKey {
                secret: Some(s),
                source: KeySource::Command(cmd.clone()),
            });
        }
        if let Some(var) = &self.env {
            return match std::env::var(var) {
                Ok(v) if v.trim().chars().any(char::is_control) => {
                    Err(tr!("conf-key-env-control", var = var))
                }
                Ok(v) if !v.trim().is_empty() => Ok(ResolvedKey {
                    secret: Some(Secret::new(v.trim())),
                    source: KeySource::Env(var.clone()),
                }),
                _ => Err(tr!("conf-key-missing", provider = provider, var = var)),
            };
        }
        Ok(ResolvedKey {
            secret: None,
            source: KeySource::NotNeeded,
        })
    }
}

/// How long `api_key_cmd` may take: it runs without a terminal, so a
/// command that asks for a passphrase would otherwise wait forever.
pub const KEY_COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// Set when supchat is stopping (Ctrl+C in `ask`, the chat quitting): a
/// key command still running is killed at once, not waited for.
static KEY_COMMANDS_STOP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Kills the key commands that run, and any started from now on: supchat
/// is stopping.
pub fn stop_key_commands() {
    KEY_COMMANDS_STOP.store(true, std::sync::atomic::Ordering::Relaxed);
}

fn run_key_command(cmd: &str) -> Result<Secret, String> {
    let mut c = Command::new("sh");
    c.arg("-c").arg(cmd);
    let limits = crate::proc::Limits {
        timeout: KEY_COMMAND_TIMEOUT,
        cap: 64 * 1024,
        no_terminal: false,
    };
    let out = crate::proc::run(c, None, limits, Some(&KEY_COMMANDS_STOP))
        .map_err(|e| tr!("conf-key-cmd-run", cmd = cmd, error = e.to_string()))?;
    if out.cancelled {
        return Err(tr!("conf-key-cmd-stopped", cmd = cmd));
    }
    if out.timed_out {
        return Err(tr!(
            "conf-key-cmd-timeout",
            cmd = cmd,
            secs = KEY_COMMAND_TIMEOUT.as_secs().to_string()
        ));
    }
    if out.truncated {
        return Err(tr!("conf-key-cmd-too-long", cmd = cmd));
    }
    let status = out.status.filter(|s| !s.success());
    if let Some(status) = status {
        let err = String::from_utf8_lossy(&out.stderr);
        let first = supchat_chat::text::sanitize_line(err.lines().next().unwrap_or_default());
        let status = status.to_string();
        return Err(if first.is_empty() {
            tr!("conf-key-cmd-failed", cmd = cmd, status = status)
        } else {
            tr!(
                "conf-key-cmd-failed-said",
                cmd = cmd,
                status = status,
                said = first
            )
        });
    }
    // The first line, as `pass show` prints the secret first and notes after.
    let stdout = String::from_utf8_lossy(&out.stdout);
    let key = stdout.lines().next().unwrap_or_default().trim().to_owned();
    if key.is_empty() {
        return Err(tr!("conf-key-cmd-empty", cmd = cmd));
    }
    if key.chars().any(char::is_control) {
        return Err(tr!("conf-key-cmd-control", cmd = cmd));
    }
    Ok(Secret::new(key))
}
