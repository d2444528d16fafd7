//! Who answers, chosen on the command line: provider, model or Sup.ai mode
//! and allow-list, and a prompt preset. The same flags for the chat screen
//! (`supchat -p local -m qwen3`) and for `supchat ask`.

use clap::Args;

use supchat_core::config::ProviderKind;
use supchat_core::session::Choices;

#[derive(Debug, Default, Clone, Args)]
pub struct Choosing {
    // Provider to use (default: the chat goes on with the one chosen last,
    // `ask` takes default_provider from the config)
    #[arg(short, long)]
    pub provider: Option<String>,
    // Model to use (openai-kind providers)
    #[arg(short, long)]
    pub model: Option<String>,
    // Sup.ai mode: auto, fast, thinking, deep-thinking, expert
    #[arg(long)]
    pub mode: Option<String>,
    // Sup.ai: the models allow-list (comma-separated ids; `all` for every
    // model)
    #[arg(long, value_name = "ID,ID", value_delimiter = ',')]
    pub models: Option<Vec<String>>,
    // Use the prompt preset NAME ([prompts.NAME]: its system prompt, and
    // its provider, model or mode and temperature unless given here)
    #[arg(id = "preset", long = "prompt", value_name = "NAME")]
    pub preset: Option<String>,
}

impl Choosing {
    /// Whether any choice was given.
    pub fn any(&self) -> bool {
        self.provider.is_some()
            || self.model.is_some()
            || self.mode.is_some()
            || self.models.is_some()
            || self.preset.is_some()
    }

    /// Makes the choices: a preset's first, then the flags'. A flag that
    /// does not fit the provider's kind is refused with a reason.
    pub fn apply(&self, c: &mut Choices) -> Result<(), String> {
        match (&self.preset, &self.provider) {
            (Some(preset), Some(provider)) => {
                c.select(provider)?;
                c.use_preset_here(preset)?;
            }
            (Some(preset), None) => c.use_preset(Some(preset))?,
            (None, Some(provider)) => c.select(provider)?,
            (None, None) => {}
        }
        // A Sup.ai mode or allow-list with no provider named: the (first)
        // Sup.ai provider, when the one chosen is not one.
        if self.provider.is_none()
            && (self.mode.is_some() || self.models.is_some())
            && c.current().kind != ProviderKind::SupAi
            && let Some(name) = c
                .providers()
                .iter()
                .find(|p| p.kind == ProviderKind::SupAi)
                .map(|p| p.name.clone())
        {
            c.select(&name)?;
        }
        let p = c.current().clone();
        let i = c.current_index();
        match p.kind {
            ProviderKind::OpenAi => {
                if self.mode.is_some() {
                    return Err(supchat_i18n::tr!("cli-mode-not-openai", provider = &p.name));
                }
                if self.models.is_some() {
                    return Err(supchat_i18n::tr!(
                        "cli-models-not-openai",
                        provider = &p.name
                    ));
                }
                if let Some(m) = self.model.as_deref().filter(|m| !m.trim().is_empty()) {
                    c.set_model(i, m.to_owned());
                }
            }
            ProviderKind::SupAi => {
                if self.model.is_some() {
                    return Err(supchat_i18n::tr!("cli-model-not-supai", provider = &p.name));
                }
                if let Some(m) = self.mode.as_deref().filter(|m| !m.trim().is_empty()) {
                    c.set_mode(m)?;
                }
                if let Some(ms) = &self.models {
                    let ms: Vec<String> = ms
                        .iter()
                        .map(|m| m.trim().to_owned())
                        .filter(|m| !m.is_empty())
                        .collect();
                    let all = ms.iter().any(|m| m == "all");
                    c.set_allow_list(i, if all { Vec::new() } else { ms });
                }
            }
        }
        Ok(())
    }
}
