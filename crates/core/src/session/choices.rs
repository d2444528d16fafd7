//! What the next message goes to: the provider, its model or Sup.ai mode
//! and allow-list, the prompt preset and the system prompt. Each change is
//! counted (`rev`) so that a front end can remember the choices between
//! runs; nothing here touches the disk.

use supchat_chat::Conversation;

use crate::config::prompts::{self, Preset};
use crate::config::state::Remembered;
use crate::config::{Config, ProviderConfig, ProviderKind, SUPAI_MODES};

#[derive(Debug, Clone, PartialEq)]
pub struct Choices {
    providers: Vec<ProviderConfig>,
    current: usize,
    presets: Vec<Preset>,
    /// The config's own system prompt (a provider's or a preset's wins).
    global_system: Option<String>,
    /// A system prompt given for this run (`ask --system`): wins over all.
    system_override: Option<String>,
    /// The system prompt of a resumed conversation that no preset gave:
    /// kept until another is chosen.
    resumed_system: Option<String>,
    /// The preset in use.
    preset: Option<String>,
    /// The provider the preset changed, and what it was before.
    preset_undo: Option<(usize, ProviderConfig)>,
    rev: u64,
}

impl Choices {
    pub fn new(cfg: &Config) -> Self {
        let current = cfg
            .providers
            .iter()
            .position(|p| p.name == cfg.default_provider)
            .unwrap_or(0);
        Self {
            providers: cfg.providers.clone(),
            current,
            presets: cfg.prompts.clone(),
            global_system: cfg.system_prompt.clone(),
            system_override: None,
            resumed_system: None,
            preset: None,
            preset_undo: None,
            rev: 0,
        }
    }

    /// The provider the next message goes to.
    pub fn current(&self) -> &ProviderConfig {
        &self.providers[self.current]
    }

    pub fn current_index(&self) -> usize {
        self.current
    }

    pub fn providers(&self) -> &[ProviderConfig] {
        &self.providers
    }

    pub fn provider(&self, name: &str) -> Option<&ProviderConfig> {
        self.providers.iter().find(|p| p.name == name)
    }

    /// Grows with every change worth remembering.
    pub fn rev(&self) -> u64 {
        self.rev
    }

    /// What to remember for the next run.
    pub fn remembered(&self) -> Remembered {
        Remembered::of(&self.providers, &self.current().name)
    }

    /// The provider named, or the only one whose name starts so.
    pub fn find(&self, name: &str) -> Result<usize, String> {
        if let Some(i) = self.providers.iter().position(|p| p.name == name) {
            return Ok(i);
        }
        let starts: Vec<usize> = (0..self.providers.len())
            .filter(|&i| self.providers[i].name.starts_with(name))
            .collect();
        let name_of = |i: &usize| self.providers[*i].name.as_str();
        match starts.as_slice() {
            [i] => Ok(*i),
            [first @ .., last] if !first.is_empty() => {
                let first: Vec<&str> = first.iter().map(name_of).collect();
                Err(supchat_i18n::tr!(
                    "core-provider-ambiguous",
                    name = name,
                    some = first.join(", "),
                    last = name_of(last)
                ))
            }
            _ => {
                let known: Vec<&str> = self.providers.iter().map(|p| p.name.as_str()).collect();
                Err(supchat_i18n::tr!(
                    "core-provider-unknown",
                    name = name,
                    known = known.join(", ")
                ))
            }
        }
    }

    /// The next message goes to the provider named (or the only one whose
    /// name starts so).
    pub fn select(&mut self, name: &str) -> Result<(), String> {
        self.current = self.find(name)?;
        self.rev += 1;
        Ok(())
    }

    /// The model of provider `i` (an openai-kind one).
    pub fn set_model(&mut self, i: usize, model: String) {
        if let Some(p) = self.providers.get_mut(i) {
            p.model = model;
            self.rev += 1;
        }
    }

    /// The Sup.ai allow-list of provider `i` (empty: every model).
    pub fn set_allow_list(&mut self, i: usize, models: Vec<String>) {
        if let Some(p) = self.providers.get_mut(i) {
            p.models = models;
            self.rev += 1;
        }
    }

    /// The Sup.ai mode of the next message: on the current provider, or the
    /// first Sup.ai one when the current is not.
    pub fn set_mode(&mut self, mode: &str) -> Result<(), String> {
        let i = if self.current().kind == ProviderKind::SupAi {
            self.current
        } else {
            self.providers
                .iter()
                .position(|p| p.kind == ProviderKind::SupAi)
                .ok_or_else(|| supchat_i18n::tr!("core-mode-no-supai"))?
        };
        let ok = !mode.is_empty()
            && mode
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !ok {
            return Err(supchat_i18n::tr!(
                "core-mode-invalid",
                modes = SUPAI_MODES.join(", ")
            ));
        }
        self.current = i;
        self.providers[i].mode = mode.to_owned();
        self.rev += 1;
        Ok(())
    }

    /// A key typed in for `provider`, saved in the config file at `path`.
    pub fn set_key(
        &mut self,
        provider: &str,
        key: crate::config::Secret,
        path: std::path::PathBuf,
    ) {
        if let Some(p) = self.providers.iter_mut().find(|p| p.name == provider) {
            p.key.inline = Some(key);
            p.key.file = Some(path);
        }
    }

    /// The next configured provider (F2).
    pub fn next_provider(&mut self) {
        self.current = (self.current + 1) % self.providers.len();
        self.rev += 1;
    }

    /// On a Sup.ai provider, its next mode; else the (first) Sup.ai
    /// provider, with its mode (F3).
    pub fn next_mode(&mut self) -> Result<(), String> {
        if self.current().kind != ProviderKind::SupAi {
            self.current = self
                .providers
                .iter()
                .position(|p| p.kind == ProviderKind::SupAi)
                .ok_or_else(|| supchat_i18n::tr!("core-mode-no-supai"))?;
        } else {
            let p = &mut self.providers[self.current];
            let pos = SUPAI_MODES.iter().position(|m| *m == p.mode);
            p.mode = SUPAI_MODES[pos.map_or(0, |i| (i + 1) % SUPAI_MODES.len())].to_owned();
        }
        self.rev += 1;
        Ok(())
    }

    /// Sup.ai's own frames on or off (on a Sup.ai provider): whether on.
    pub fn toggle_supai_chunks(&mut self) -> Option<bool> {
        let p = &mut self.providers[self.current];
        if p.kind != ProviderKind::SupAi {
            return None;
        }
        p.include_supai_chunks = !p.include_supai_chunks;
        let on = p.include_supai_chunks;
        // Remembered for the next run, as the other choices are.
        self.rev += 1;
        Some(on)
    }

    pub fn presets(&self) -> &[Preset] {
        &self.presets
    }

    /// The preset in use, if any.
    pub fn preset(&self) -> Option<&str> {
        self.preset.as_deref()
    }

    fn preset_named(&self, name: &str) -> Result<Preset, String> {
        prompts::find(&self.presets, name).cloned()
    }

    /// Undoes what the last preset laid over its provider (its model or
    /// mode, its temperature).
    fn undo_preset(&mut self) {
        if let Some((i, before)) = self.preset_undo.take()
            && let Some(p) = self.providers.get_mut(i)
        {
            p.temperature = before.temperature;
            p.model = before.model;
            p.mode = before.mode;
        }
    }

    /// Uses preset `name` (none: the provider's or the config's own system
    /// prompt): switches to its provider, if it names one, and lays its
    /// model or mode and temperature over it.
    pub fn use_preset(&mut self, name: Option<&str>) -> Result<(), String> {
        self.use_preset_on(name, true)
    }

    /// [`Choices::use_preset`] on the current provider, whatever provider
    /// the preset names (`ask --provider X --prompt P`).
    pub fn use_preset_here(&mut self, name: &str) -> Result<(), String> {
        self.use_preset_on(Some(name), false)
    }

    fn use_preset_on(&mut self, name: Option<&str>, switch: bool) -> Result<(), String> {
        let preset = name.map(|n| self.preset_named(n)).transpose()?;
        self.undo_preset();
        self.resumed_system = None;
        self.preset = preset.as_ref().map(|p| p.name.clone());
        if let Some(p) = &preset {
            if switch
                && let Some(i) = p
                    .provider
                    .as_ref()
                    .and_then(|name| self.providers.iter().position(|x| x.name == *name))
            {
                self.current = i;
            }
            let i = self.current;
            self.preset_undo = Some((i, self.providers[i].clone()));
            p.apply_to(&mut self.providers[i]);
        }
        self.rev += 1;
        Ok(())
    }

    /// A system prompt for this run that wins over every other (`ask
    /// --system`); none: the usual ones.
    pub fn set_system(&mut self, text: Option<String>) {
        self.system_override = text.filter(|s| !s.trim().is_empty());
    }

    /// The system prompt the next message carries: the run's own, else the
    /// preset's, the resumed conversation's, the provider's, the config's
    /// (none when empty).
    pub fn system_for_next(&self) -> Option<String> {
        if let Some(s) = &self.system_override {
            return Some(s.clone());
        }
        if self.preset.is_none()
            && let Some(s) = &self.resumed_system
        {
            return Some(s.clone());
        }
        let preset = self
            .preset
            .as_deref()
            .and_then(|n| self.presets.iter().find(|p| p.name == n));
        preset
            .map(|p| p.system_prompt.clone())
            .or_else(|| self.current().system_prompt.clone())
            .or_else(|| self.global_system.clone())
            .filter(|s| !s.trim().is_empty())
    }

    /// The preset the system prompt of a resumed conversation came from,
    /// when it is still configured: in use again, with its temperature (the
    /// provider and model come from who answered last).
    pub fn restore_preset(&mut self, name: Option<&str>) {
        self.preset_undo = None;
        self.resumed_system = None;
        let preset = name.and_then(|n| self.presets.iter().find(|p| p.name == n).cloned());
        if let Some(t) = preset.as_ref().and_then(|p| p.temperature) {
            let i = self.current;
            self.preset_undo = Some((i, self.providers[i].clone()));
            self.providers[i].temperature = Some(t);
        }
        self.preset = preset.map(|p| p.name);
    }

    /// Goes on with `text`, the system prompt of the conversation resumed
    /// (none or empty: none), until a preset or another prompt is chosen.
    pub fn keep_system(&mut self, text: Option<&str>) {
        self.resumed_system = text.filter(|s| !s.trim().is_empty()).map(str::to_owned);
    }

    /// Goes on with the provider, model or mode and allow-list that
    /// answered last in `conv` (a one-off retry with another provider does
    /// not count).
    pub fn carry_on(&mut self, conv: &Conversation) {
        let Some(a) = conv.last_answerer() else {
            return;
        };
        let Some(i) = self.providers.iter().position(|p| p.name == a.provider) else {
            return;
        };
        self.current = i;
        self.rev += 1;
        let p = &mut self.providers[i];
        match p.kind {
            ProviderKind::OpenAi => p.model.clone_from(&a.model),
            ProviderKind::SupAi => {
                p.mode.clone_from(&a.model);
                p.models.clone_from(&a.models);
            }
        }
    }
}
