//! System prompts: one for every conversation (`system_prompt`), one per
//! provider (its `system_prompt`, which wins), and named presets
//! (`[prompts.NAME]`: a system prompt, and optionally the provider, model or
//! mode and temperature to use with it), chosen in the chat or with
//! `--prompt NAME`.

use std::collections::BTreeMap;

use supchat_i18n::tr;
use toml::Spanned;

use super::Located;
use super::file::FilePrompt;
use super::{Config, ProviderConfig, ProviderKind};

#[derive(Debug, Clone, PartialEq)]
pub struct Preset {
    pub name: String,
    pub system_prompt: String,
    /// Switch to this provider.
    pub provider: Option<String>,
    /// The model (an openai-kind provider) or mode (Sup.ai) to use.
    pub model: Option<String>,
    pub mode: Option<String>,
    pub temperature: Option<f64>,
}

impl Preset {
    /// Lays the preset over `p` (the provider it is used with): the model
    /// or mode of its kind, and the temperature.
    pub fn apply_to(&self, p: &mut ProviderConfig) {
        match p.kind {
            ProviderKind::OpenAi => {
                if let Some(m) = &self.model {
                    p.model.clone_from(m);
                }
            }
            ProviderKind::SupAi => {
                if let Some(m) = &self.mode {
                    p.mode.clone_from(m);
                }
            }
        }
        if self.temperature.is_some() {
            p.temperature = self.temperature;
        }
    }

    /// What the picker says of it: `reviewer · supage · You review Rust…`.
    pub fn summary(&self) -> String {
        let mut parts = vec![self.name.clone()];
        if let Some(p) = &self.provider {
            parts.push(p.clone());
        }
        if let Some(m) = self.model.as_ref().or(self.mode.as_ref()) {
            parts.push(m.clone());
        }
        let first = self
            .system_prompt
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim();
        parts.push(first.to_owned());
        parts.join(" · ")
    }
}

impl Config {
    /// The named preset, or an error listing those there are.
    pub fn select_preset(&self, name: &str) -> Result<&Preset, String> {
        find(&self.prompts, name)
    }
}

/// The preset named among `presets`, or an error listing those there are.
pub fn find<'a>(presets: &'a [Preset], name: &str) -> Result<&'a Preset, String> {
    presets.iter().find(|p| p.name == name).ok_or_else(|| {
        let known: Vec<&str> = presets.iter().map(|p| p.name.as_str()).collect();
        if known.is_empty() {
            tr!("conf-prompt-unknown-none", name = name)
        } else {
            tr!("conf-prompt-unknown", name = name, known = known.join(", "))
        }
    })
}

/// Reads `[prompts.NAME]`, checked against `providers`.
pub(super) fn presets_from(
    file: BTreeMap<String, Spanned<FilePrompt>>,
    providers: &[ProviderConfig],
) -> Result<Vec<Preset>, Located> {
    let mut out = Vec::new();
    for (name, t) in file {
        let here = format!("prompts.{name}");
        let within = |what: String| super::at(&here, what);
        let span = t.span();
        let t = t.into_inner();
        if name.trim().is_empty() || name.chars().any(char::is_control) {
            return Err((
                span,
                tr!("conf-prompt-bad-name", name = format!("{name:?}")),
            ));
        }
        let text = t.system_prompt.get_ref();
        if text.trim().is_empty() {
            return Err((
                t.system_prompt.span(),
                within(tr!("conf-empty", key = "system_prompt")),
            ));
        }
        let provider = match &t.provider {
            None => None,
            Some(p) => match providers.iter().find(|x| x.name == *p.get_ref()) {
                Some(x) => Some(x),
                None => {
                    let known: Vec<&str> = providers.iter().map(|p| p.name.as_str()).collect();
                    return Err((
                        p.span(),
                        within(tr!(
                            "conf-prompt-provider-unknown",
                            provider = p.get_ref(),
                            known = known.join(", ")
                        )),
                    ));
                }
            },
        };
        if let (Some(m), Some(p)) = (&t.model, provider)
            && p.kind != ProviderKind::OpenAi
        {
            return Err((
                m.span(),
                within(tr!("conf-prompt-model-for-openai", provider = &p.name)),
            ));
        }
        if let (Some(m), Some(p)) = (&t.mode, provider)
            && p.kind != ProviderKind::SupAi
        {
            return Err((
                m.span(),
                within(tr!("conf-prompt-mode-for-supai", provider = &p.name)),
            ));
        }
        if let Some(v) = &t.temperature
            && !(0.0..=2.0).contains(v.get_ref())
        {
            return Err((v.span(), within(tr!("conf-temperature"))));
        }
        out.push(Preset {
            name,
            system_prompt: t.system_prompt.into_inner(),
            provider: t.provider.map(Spanned::into_inner),
            model: t
                .model
                .map(Spanned::into_inner)
                .filter(|m| !m.trim().is_empty()),
            mode: t
                .mode
                .map(Spanned::into_inner)
                .filter(|m| !m.trim().is_empty()),
            temperature: t.temperature.map(Spanned::into_inner),
        });
    }
    Ok(out)
}
