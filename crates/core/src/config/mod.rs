//! Configuration: where the file is, the built-in providers, loading and
//! validating the TOML (every error names the file, line and key), and
//! resolving API keys. Touches neither the terminal nor the network.

pub mod commands;
mod file;
mod key;
pub mod keymap;
mod load;
pub mod mcp;
pub mod places;
pub mod prompts;
mod provider_file;
pub mod quirks;
pub mod redact;
mod save;
mod show;
pub mod state;
pub mod tools;

/// A mistake in the config file: where it is (a byte range of the text),
/// and what it is.
type Located = (std::ops::Range<usize>, String);

/// `AT: WHAT`: a mistake within a table or a setting (`mcp_servers.gh`,
/// `tool "w"`, `keys.sessions`).
fn at(at: &str, what: String) -> String {
    supchat_i18n::tr!("conf-at", at = at, what = what)
}

use std::path::PathBuf;
use std::time::Duration;

pub use key::{KeySource, KeySpec, ResolvedKey, Secret, stop_key_commands};
pub use load::{ConfigError, ConfigLocation, expand_home, load, load_from_str, locate};
pub use save::save_api_key;
pub use show::render_redacted;

pub const SUPAGE_BASE_URL: &str = "https://llm.supage.eu.org/v1";
pub const SUPAI_BASE_URL: &str = "https://api.sup.ai/v1/openai";

pub use supchat_api::{Endpoint, SupAiEnvironment};
use supchat_chat::Answerer;
pub use supchat_chat::{ProviderKind, SUPAI_MODES, display_name};

#[derive(Debug, Clone, PartialEq)]
pub struct ProviderConfig {
    pub name: String,
    pub kind: ProviderKind,
    /// Without a trailing slash.
    pub base_url: String,
    pub key: KeySpec,
    /// The model (openai kind).
    pub model: String,
    pub temperature: Option<f64>,
    pub max_tokens: Option<u64>,
    pub stream: bool,
    /// The mode (supai kind), sent as `model`.
    pub mode: String,
    /// Allow-list of model ids (supai kind); empty means all.
    pub models: Vec<String>,
    pub include_supai_chunks: bool,
    pub environment: SupAiEnvironment,
    pub connect_timeout: Duration,
    /// Longest silence between two reads of a response (comments count).
    pub idle_timeout: Duration,
    /// Retries of a failed request before any token arrived.
    pub max_retries: u32,
    /// The configured tools are offered to it (openai kind by default;
    /// Sup.ai documents no tool calling, so only when turned on there).
    pub tools: bool,
    /// Its own system prompt (wins over the global one).
    pub system_prompt: Option<String>,
    /// The model's context size in tokens, when the config gives it.
    pub context_tokens: Option<u64>,
    /// Its price per million tokens (`price_in`, `price_out`).
    pub price: Option<supchat_chat::cost::Price>,
    /// Prices of single models (`[providers.NAME.prices]`), over `price`.
    pub model_prices: std::collections::BTreeMap<String, supchat_chat::cost::Price>,
    /// The currency of its prices (`USD` unless the config says).
    pub currency: String,
}

impl ProviderConfig {
    /// The built-in defaults for a provider of `kind`.
    pub fn defaults(name: &str, kind: ProviderKind, base_url: &str) -> Self {
        let e = Endpoint::new(name, kind, base_url);
        Self {
            name: e.name,
            kind,
            base_url: e.base_url,
            key: KeySpec::default(),
            model: String::new(),
            temperature: e.temperature,
            max_tokens: e.max_tokens,
            stream: e.stream,
            mode: "auto".to_owned(),
            models: e.models,
            include_supai_chunks: e.include_supai_chunks,
            environment: e.environment,
            connect_timeout: e.connect_timeout,
            idle_timeout: e.idle_timeout,
            max_retries: e.max_retries,
            tools: kind == ProviderKind::OpenAi,
            system_prompt: None,
            context_tokens: None,
            price: None,
            model_prices: std::collections::BTreeMap::new(),
            currency: "USD".to_owned(),
        }
    }

    /// What the API client is told of this provider.
    pub fn endpoint(&self) -> Endpoint {
        let supai = self.kind == ProviderKind::SupAi;
        Endpoint {
            name: self.name.clone(),
            kind: self.kind,
            base_url: self.base_url.clone(),
            model: self.model_label().to_owned(),
            temperature: self.temperature,
            max_tokens: self.max_tokens,
            stream: self.stream,
            models: if supai {
                self.models.clone()
            } else {
                Vec::new()
            },
            include_supai_chunks: self.include_supai_chunks,
            environment: self.environment.clone(),
            connect_timeout: self.connect_timeout,
            idle_timeout: self.idle_timeout,
            max_retries: self.max_retries,
        }
    }

    /// Who answers with these settings, as a reply records it.
    pub fn answerer(&self) -> Answerer {
        Answerer {
            provider: self.name.clone(),
            kind: self.kind,
            model: self.model_label().to_owned(),
            models: match self.kind {
                ProviderKind::SupAi => self.models.clone(),
                ProviderKind::OpenAi => Vec::new(),
            },
        }
    }

    /// The context size of the model in use: the config's, else a known
    /// family's.
    pub fn context_window(&self) -> Option<u64> {
        self.context_tokens.or_else(|| match self.kind {
            ProviderKind::OpenAi => supchat_chat::context::known_window(&self.model),
            ProviderKind::SupAi => None,
        })
    }

    /// What the next message will use: the mode for Sup.ai, else the model.
    pub fn model_label(&self) -> &str {
        match self.kind {
            ProviderKind::SupAi => &self.mode,
            ProviderKind::OpenAi => &self.model,
        }
    }
}

impl ProviderConfig {
    /// `Supage · claude-sonnet-4-6`, `Sup.ai · deep-thinking`; `no model
    /// set` when the config gives none (the request would carry an empty
    /// model).
    pub fn label(&self) -> String {
        let model = match self.model_label() {
            m if m.trim().is_empty() => supchat_i18n::tr("conf-no-model"),
            m => m.to_owned(),
        };
        format!("{} · {model}", display_name(&self.name))
    }

    /// Where to get a key, for the services supchat knows (in the
    /// language in use).
    pub fn key_help(&self) -> Option<String> {
        let host = self
            .base_url
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split(['/', ':']).next())
            .unwrap_or("");
        if self.name == "supage" || host == "supage.eu.org" || host.ends_with(".supage.eu.org") {
            Some(supchat_i18n::tr("key-help-supage"))
        } else if self.name == "supai" || host == "sup.ai" || host.ends_with(".sup.ai") {
            Some(supchat_i18n::tr("key-help-supai"))
        } else {
            None
        }
    }
}

/// The built-in `supage` and `supai` providers.
pub fn builtin_providers() -> Vec<ProviderConfig> {
    let mut supage = ProviderConfig::defaults("supage", ProviderKind::OpenAi, SUPAGE_BASE_URL);
    supage.model = "claude-sonnet-4-6".to_owned();
    supage.key.env = Some("SUPAGE_API_KEY".to_owned());
    let mut supai = ProviderConfig::defaults("supai", ProviderKind::SupAi, SUPAI_BASE_URL);
    supai.key.env = Some("SUPAI_API_KEY".to_owned());
    vec![supage, supai]
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The file the configuration came from, when one exists.
    pub path: Option<PathBuf>,
    pub default_provider: String,
    /// The terminal's background, for the colours the screen picks.
    pub theme: ThemeChoice,
    /// Where sessions are kept (`data_dir`; else the platform's data folder).
    pub data_dir: Option<PathBuf>,
    /// `save_sessions = false`: nothing is written.
    pub save_sessions: bool,
    /// `wire_log = true`: what went over the wire for each reply is kept
    /// with the session (the inspector reads it after a restart).
    pub wire_log: bool,
    /// Built-ins first, then the file's other providers by name.
    pub providers: Vec<ProviderConfig>,
    pub tools: tools::ToolsConfig,
    /// The system prompt of every conversation (a provider's or a preset's
    /// wins).
    pub system_prompt: Option<String>,
    /// Named system prompts, by name.
    pub prompts: Vec<prompts::Preset>,
    /// The chat's keys (`[keys]` over the defaults).
    pub keymap: keymap::Keymap,
    /// `[mcp_servers.NAME]`, by name.
    pub mcp_servers: Vec<mcp::McpServerConfig>,
    /// `language = "en" | "zh-CN"`: the interface's language (else the
    /// environment's).
    pub language: Option<supchat_i18n::Lang>,
}

/// `theme = "dark" | "light" | "auto"`: which background the colours are
/// chosen for; `auto` asks the terminal (OSC 11), then `COLORFGBG`, then
/// takes dark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ThemeChoice {
    #[default]
    Auto,
    Dark,
    Light,
}

impl ThemeChoice {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Dark => "dark",
            Self::Light => "light",
        }
    }
}

impl Config {
    /// The keys that can be had without running anything: written in the
    /// config, or in the environment variables the providers name. (To be
    /// scrubbed from what is recorded of the wire.)
    pub fn plain_keys(&self) -> Vec<String> {
        self.providers
            .iter()
            .flat_map(|p| {
                let inline = p.key.inline.as_ref().map(|s| s.expose().to_owned());
                let env = p
                    .key
                    .env
                    .as_ref()
                    .and_then(|v| std::env::var(v).ok())
                    .map(|v| v.trim().to_owned());
                inline.into_iter().chain(env)
            })
            .filter(|k| !k.is_empty())
            .collect()
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            path: None,
            default_provider: "supage".to_owned(),
            theme: ThemeChoice::Auto,
            data_dir: None,
            save_sessions: true,
            wire_log: false,
            providers: builtin_providers(),
            tools: tools::ToolsConfig::default(),
            system_prompt: None,
            prompts: Vec::new(),
            keymap: keymap::Keymap::default(),
            mcp_servers: Vec::new(),
            language: None,
        }
    }
}

impl Config {
    /// The folder sessions are kept in: `data_dir`, else
    /// `<data dir>/supchat` (`$XDG_DATA_HOME` honoured).
    pub fn data_dir(&self) -> Option<PathBuf> {
        self.data_dir
            .clone()
            .or_else(|| directories::BaseDirs::new().map(|d| d.data_local_dir().join("supchat")))
    }

    /// The variables that hold the providers' API keys: never given to a
    /// tool or an MCP server.
    pub fn key_vars(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .providers
            .iter()
            .filter_map(|p| p.key.env.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    pub fn provider(&self, name: &str) -> Option<&ProviderConfig> {
        self.providers.iter().find(|p| p.name == name)
    }

    /// The named provider, or the default one; a clear error when unknown.
    pub fn select(&self, name: Option<&str>) -> Result<&ProviderConfig, String> {
        let name = name.unwrap_or(&self.default_provider);
        self.provider(name).ok_or_else(|| {
            let known: Vec<&str> = self.providers.iter().map(|p| p.name.as_str()).collect();
            supchat_i18n::tr!(
                "conf-provider-unknown",
                name = name,
                known = known.join(", ")
            )
        })
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
