//! The kinds of provider a conversation may be answered by, and their names
//! as people read them. Facts of the domain, used by every layer above.

/// The Sup.ai modes, in the order a hotkey cycles them.
pub const SUPAI_MODES: &[&str] = &["auto", "fast", "thinking", "deep-thinking", "expert"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// Any OpenAI-compatible server.
    OpenAi,
    /// Sup.ai: `model` is a mode, plus `models`, `environment`, supai chunks.
    SupAi,
}

impl ProviderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::OpenAi => "openai",
            ProviderKind::SupAi => "supai",
        }
    }
}

/// The name shown for a provider: the built-in ones spelt as their
/// services spell themselves, any other as configured.
pub fn display_name(name: &str) -> &str {
    match name {
        "supage" => "Supage",
        "supai" => "Sup.ai",
        other => other,
    }
}
