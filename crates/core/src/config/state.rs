//! What the chat screen remembers between runs: the provider in use, and
//! each provider's model, or Sup.ai mode and model allow-list, as last
//! chosen. A small TOML file beside the sessions (`state.toml`); a missing
//! or damaged one is the config's defaults, and failing to write it costs
//! only the memory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Config, ProviderConfig, ProviderKind};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remembered {
    /// The provider the next message goes to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Per provider name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub choices: BTreeMap<String, Choice>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub models: Option<Vec<String>>,
    /// Sup.ai's run details (F6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<bool>,
}

impl Remembered {
    /// What `providers` say now, with `current` in use.
    pub fn of(providers: &[ProviderConfig], current: &str) -> Self {
        let choices = providers
            .iter()
            .map(|p| {
                let c = match p.kind {
                    ProviderKind::OpenAi => Choice {
                        model: Some(p.model.clone()),
                        ..Choice::default()
                    },
                    ProviderKind::SupAi => Choice {
                        mode: Some(p.mode.clone()),
                        models: Some(p.models.clone()),
                        details: Some(p.include_supai_chunks),
                        ..Choice::default()
                    },
                };
                (p.name.clone(), c)
            })
            .collect();
        Self {
            provider: Some(current.to_owned()),
            choices,
        }
    }

    /// Lays what was remembered over `cfg`: only for providers it still
    /// has, and only values of their kind.
    pub fn apply(&self, cfg: &mut Config) {
        if let Some(p) = &self.provider
            && cfg.provider(p).is_some()
        {
            cfg.default_provider.clone_from(p);
        }
        for p in &mut cfg.providers {
            let Some(c) = self.choices.get(&p.name) else {
                continue;
            };
            match p.kind {
                ProviderKind::OpenAi => {
                    if let Some(m) = c.model.as_ref().filter(|m| !m.trim().is_empty()) {
                        p.model.clone_from(m);
                    }
                }
                ProviderKind::SupAi => {
                    if let Some(m) = c.mode.as_ref().filter(|m| !m.trim().is_empty()) {
                        p.mode.clone_from(m);
                    }
                    if let Some(ms) = &c.models {
                        p.models = ms
                            .iter()
                            .filter(|m| !m.trim().is_empty())
                            .cloned()
                            .collect();
                    }
                    if let Some(d) = c.details {
                        p.include_supai_chunks = d;
                    }
                }
            }
        }
    }
}

/// `state.toml` in the data folder (beside `sessions.db`).
pub fn path_for(cfg: &Config) -> Option<PathBuf> {
    cfg.data_dir().map(|d| d.join("state.toml"))
}

/// What was remembered; nothing when the file is missing or unreadable.
pub fn load(path: &Path) -> Remembered {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| toml::from_str(&t).ok())
        .unwrap_or_default()
}

/// Writes `r` whole (a temporary file renamed into place, so a crash
/// leaves the old file or the new one). Blocking.
pub fn save(path: &Path, r: &Remembered) -> std::io::Result<()> {
    let text = toml::to_string(r).map_err(std::io::Error::other)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    crate::private::create_dir(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut tmp, text.as_bytes())?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_round_trip_and_only_fit_providers_that_exist() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("state.toml");
        assert_eq!(load(&path), Remembered::default());
        let mut cfg = Config::default();
        cfg.providers[0].model = "claude-opus-4-1".into();
        cfg.providers[1].mode = "deep-thinking".into();
        cfg.providers[1].models = vec!["openai/gpt-5.2".into()];
        let details = !cfg.providers[1].include_supai_chunks;
        cfg.providers[1].include_supai_chunks = details;
        let r = Remembered::of(&cfg.providers, "supai");
        save(&path, &r).unwrap();
        let back = load(&path);
        assert_eq!(back, r);
        let mut fresh = Config::default();
        back.apply(&mut fresh);
        assert_eq!(fresh.default_provider, "supai");
        assert_eq!(fresh.providers[0].model, "claude-opus-4-1");
        assert_eq!(fresh.providers[1].mode, "deep-thinking");
        assert_eq!(fresh.providers[1].models, ["openai/gpt-5.2"]);
        assert_eq!(fresh.providers[1].include_supai_chunks, details, "F6");
        // A provider that is gone is not chosen; garbage is no memory.
        let gone = Remembered {
            provider: Some("ollama".into()),
            ..Remembered::default()
        };
        let mut cfg = Config::default();
        gone.apply(&mut cfg);
        assert_eq!(cfg.default_provider, "supage");
        std::fs::write(&path, "provider = [").unwrap();
        assert_eq!(load(&path), Remembered::default());
    }
}
