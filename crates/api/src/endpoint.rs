//! What the client needs to know of a provider, in its own terms: where to
//! send, what to put in the body, how long to wait, and the key. The config
//! file's provider converts into these; this crate never reads the config.

use std::time::Duration;

use supchat_chat::ProviderKind;

/// Sup.ai's `environment` object; `date` is filled in at send time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupAiEnvironment {
    pub user_name: Option<String>,
    pub ip_address: String,
}

impl Default for SupAiEnvironment {
    fn default() -> Self {
        Self {
            user_name: None,
            ip_address: "current".to_owned(),
        }
    }
}

/// One provider's requests: where they go and what they carry.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// The provider's name, for messages.
    pub name: String,
    pub kind: ProviderKind,
    /// Without a trailing slash.
    pub base_url: String,
    /// Sent as `model`: the model, or the Sup.ai mode.
    pub model: String,
    pub temperature: Option<f64>,
    pub max_tokens: Option<u64>,
    pub stream: bool,
    /// Sup.ai's allow-list of model ids; empty means all.
    pub models: Vec<String>,
    pub include_supai_chunks: bool,
    pub environment: SupAiEnvironment,
    pub connect_timeout: Duration,
    /// Longest silence between two reads of a response (comments count).
    pub idle_timeout: Duration,
    /// Retries of a failed request before any token arrived.
    pub max_retries: u32,
}

impl Endpoint {
    /// The defaults for a provider of `kind` at `base_url`.
    pub fn new(name: &str, kind: ProviderKind, base_url: &str) -> Self {
        let supai = kind == ProviderKind::SupAi;
        Self {
            name: name.to_owned(),
            kind,
            base_url: base_url.trim_end_matches('/').to_owned(),
            model: if supai {
                "auto".to_owned()
            } else {
                String::new()
            },
            temperature: None,
            max_tokens: None,
            stream: true,
            models: Vec::new(),
            include_supai_chunks: false,
            environment: SupAiEnvironment::default(),
            connect_timeout: Duration::from_secs(10),
            // Sup.ai runs many models before it answers: minutes of silence
            // are normal there (its own eval client allows 45 minutes).
            idle_timeout: Duration::from_secs(if supai { 1800 } else { 180 }),
            max_retries: if supai { 0 } else { 2 },
        }
    }
}

/// A string that must never be printed.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    /// The secret itself; call only where it is sent or saved.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Adds to a secret being typed.
    pub fn push_str(&mut self, s: &str) {
        self.0.push_str(s);
    }

    /// Removes the last character typed.
    pub fn pop(&mut self) {
        self.0.pop();
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// How many characters it has (shown instead of the secret).
    pub fn chars(&self) -> usize {
        self.0.chars().count()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// The key a request carries, and where it came from (said when the server
/// refuses it; never the key itself).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Credential {
    pub secret: Option<Secret>,
    /// `the environment variable SUPAGE_API_KEY`; `None` when no key is
    /// configured.
    pub source: Option<String>,
}

/// Whether `url` is on this machine (`localhost`, `127.0.0.1`, `[::1]`):
/// such a server is never reached through a proxy.
pub(crate) fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host_str() {
        Some("localhost") => true,
        Some(h) => h
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    }
}
