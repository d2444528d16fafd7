//! Finding, reading and validating the config file. The file's `supage` and
//! `supai` tables are laid over the built-in providers (so a file may say
//! only `api_key = …`); any other provider must give `kind` and `base_url`.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use toml::Spanned;

use super::file::{FileConfig, FileProvider};
use super::{
    Config, KeySpec, ProviderConfig, ProviderKind, Secret, ThemeChoice, builtin_providers,
};

/// A config problem, located in its file. `Display` gives
/// `FILE:LINE:COL: message` and the offending line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based line and column, when the problem has a place.
    pub line: Option<(usize, usize)>,
    pub message: String,
    /// The text of the offending line.
    pub source_line: Option<String>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some((l, c)) = self.line {
            write!(f, ":{l}:{c}")?;
        }
        write!(f, ": {}", self.message)?;
        if let (Some((l, _)), Some(src)) = (self.line, &self.source_line) {
            write!(f, "\n  {l} | {src}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// Where the config file is and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigLocation {
    pub path: PathBuf,
    /// Given by `--config` or `SUPCHAT_CONFIG`: then it must exist.
    pub explicit: bool,
}

/// `--config FILE`, then `SUPCHAT_CONFIG`, then `<config dir>/supchat/config.toml`.
pub fn locate(cli: Option<&Path>) -> Option<ConfigLocation> {
    if let Some(p) = cli {
        return Some(ConfigLocation {
            path: p.to_owned(),
            explicit: true,
        });
    }
    if let Some(p) = std::env::var_os("SUPCHAT_CONFIG").filter(|p| !p.is_empty()) {
        return Some(ConfigLocation {
            path: PathBuf::from(p),
            explicit: true,
        });
    }
    directories::BaseDirs::new().map(|d| ConfigLocation {
        path: d.config_dir().join("supchat").join("config.toml"),
        explicit: false,
    })
}

/// Loads the configuration; with no file at the default place, the built-ins.
pub fn load(loc: Option<&ConfigLocation>) -> Result<Config, ConfigError> {
    let Some(loc) = loc else {
        return Ok(Config::default());
    };
    match std::fs::read_to_string(&loc.path) {
        Ok(text) => load_from_str(&text, &loc.path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !loc.explicit => {
            Ok(Config::default())
        }
        Err(e) => Err(ConfigError {
            path: loc.path.clone(),
            line: None,
            message: format!("cannot read the config file: {e}"),
            source_line: None,
        }),
    }
}

/// Parses and validates config text that came from `path`.
pub fn load_from_str(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let at = |span: Option<Range<usize>>, message: String| located(text, path, span, message);
    let mut file: FileConfig =
        toml::from_str(text).map_err(|e| at(e.span(), e.message().to_owned()))?;
    let tools = super::tools::tools_from(&mut file, path).map_err(|(s, m)| at(Some(s), m))?;
    let mut providers = builtin_providers();
    // Names to positions: a file with very many providers loads in linear time.
    let mut index: std::collections::HashMap<String, usize> = providers
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.clone(), i))
        .collect();
    for (name, table) in file.providers {
        let span = table.span();
        let table = table.into_inner();
        let pos = index.get(&name).copied();
        let base = match pos {
            Some(i) => providers[i].clone(),
            None => new_provider(&name, &table, span.clone()).map_err(|(s, m)| at(Some(s), m))?,
        };
        let p = apply(base, table, path).map_err(|(s, m)| at(Some(s), m))?;
        match pos {
            Some(i) => providers[i] = p,
            None => {
                index.insert(name, providers.len());
                providers.push(p);
            }
        }
    }
    let default_provider = match file.default_provider {
        Some(d) => {
            if !index.contains_key(d.get_ref()) {
                let known: Vec<&str> = providers.iter().map(|p| p.name.as_str()).collect();
                return Err(at(
                    Some(d.span()),
                    format!(
                        "default_provider \"{}\" is not a configured provider (known: {})",
                        d.get_ref(),
                        known.join(", ")
                    ),
                ));
            }
            d.into_inner()
        }
        None => "supage".to_owned(),
    };
    let theme = match file.theme {
        None => ThemeChoice::Auto,
        Some(t) => match t.get_ref().as_str() {
            "auto" => ThemeChoice::Auto,
            "dark" => ThemeChoice::Dark,
            "light" => ThemeChoice::Light,
            other => {
                return Err(at(
                    Some(t.span()),
                    format!(
                        "theme \"{}\" is not one of \"auto\", \"dark\", \"light\"",
                        supchat_chat::text::sanitize_line(other)
                    ),
                ));
            }
        },
    };
    let data_dir = match file.data_dir {
        None => None,
        Some(d) if d.get_ref().trim().is_empty() => {
            return Err(at(Some(d.span()), "data_dir is empty".to_owned()));
        }
        Some(d) => Some(expand_home(d.get_ref().trim())),
    };
    Ok(Config {
        path: Some(path.to_owned()),
        default_provider,
        theme,
        data_dir,
        save_sessions: file.save_sessions.unwrap_or(true),
        prompts: super::prompts::presets_from(file.prompts, &providers)
            .map_err(|(s, m)| at(Some(s), m))?,
        keymap: super::keymap::keymap_from(file.keys).map_err(|(s, m)| at(Some(s), m))?,
        system_prompt: file
            .system_prompt
            .map(Spanned::into_inner)
            .filter(|s| !s.trim().is_empty()),
        providers,
        tools,
    })
}

/// `~/x` as the home folder's `x`.
pub fn expand_home(p: &str) -> PathBuf {
    match (p.strip_prefix("~/"), directories::BaseDirs::new()) {
        (Some(rest), Some(d)) => d.home_dir().join(rest),
        _ => PathBuf::from(p),
    }
}

fn located(text: &str, path: &Path, span: Option<Range<usize>>, message: String) -> ConfigError {
    let line = span.map(|s| {
        let before = &text[..s.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    });
    ConfigError {
        path: path.to_owned(),
        line,
        source_line: line
            .and_then(|(l, _)| text.lines().nth(l - 1).map(super::redact::redact_line)),
        message,
    }
}

fn parse_kind(kind: &Spanned<String>) -> Result<ProviderKind, (Range<usize>, String)> {
    match kind.get_ref().as_str() {
        "openai" => Ok(ProviderKind::OpenAi),
        "supai" => Ok(ProviderKind::SupAi),
        other => Err((
            kind.span(),
            format!("unknown kind \"{other}\" (expected \"openai\" or \"supai\")"),
        )),
    }
}

fn new_provider(
    name: &str,
    t: &FileProvider,
    table: Range<usize>,
) -> Result<ProviderConfig, Located> {
    let kind = t.kind.as_ref().ok_or_else(|| {
        (
            table.clone(),
            format!("provider \"{name}\" needs kind = \"openai\" or \"supai\""),
        )
    })?;
    let kind = parse_kind(kind)?;
    if t.base_url.is_none() {
        return Err((table, format!("provider \"{name}\" needs base_url")));
    }
    Ok(ProviderConfig::defaults(name, kind, ""))
}

type Located = (Range<usize>, String);

/// Lays one provider table over `p`.
fn apply(mut p: ProviderConfig, t: FileProvider, path: &Path) -> Result<ProviderConfig, Located> {
    if let Some(k) = &t.kind {
        let kind = parse_kind(k)?;
        if kind != p.kind {
            return Err((
                k.span(),
                format!(
                    "provider \"{}\" is built in with kind \"{}\"; give another name to a provider of kind \"{}\"",
                    p.name,
                    p.kind.as_str(),
                    kind.as_str()
                ),
            ));
        }
    }
    apply_key(&mut p.key, &t, path)?;
    if let Some(u) = t.base_url {
        p.base_url = check_url(&u)?;
    }
    let supai = p.kind == ProviderKind::SupAi;
    let only = |span: Range<usize>, key: &str, for_supai: bool| -> Located {
        let (kind, other) = if for_supai {
            ("supai", "openai")
        } else {
            ("openai", "supai")
        };
        (
            span,
            format!(
                "{key} is a setting of kind \"{kind}\"; provider \"{}\" is of kind \"{other}\"",
                p.name
            ),
        )
    };
    if let Some(m) = t.model {
        if supai {
            return Err(only(m.span(), "model (use mode and models)", false));
        }
        p.model = non_empty(m, "model")?;
    }
    if let Some(v) = t.temperature {
        if !(0.0..=2.0).contains(v.get_ref()) {
            return Err((
                v.span(),
                format!("temperature must be between 0 and 2, not {}", v.get_ref()),
            ));
        }
        p.temperature = Some(v.into_inner());
    }
    if let Some(v) = t.max_tokens {
        if *v.get_ref() == 0 {
            return Err((v.span(), "max_tokens must be at least 1".to_owned()));
        }
        p.max_tokens = Some(v.into_inner());
    }
    if let Some(s) = t.stream {
        p.stream = s;
    }
    if let Some(m) = t.mode {
        if !supai {
            return Err(only(m.span(), "mode", true));
        }
        p.mode = check_mode(m)?;
    }
    if let Some(m) = t.models {
        if !supai {
            return Err(only(m.span(), "models", true));
        }
        if let Some(bad) = m.get_ref().iter().find(|id| id.trim().is_empty()) {
            return Err((
                m.span(),
                format!("models holds an empty model id ({bad:?})"),
            ));
        }
        p.models = m.into_inner();
    }
    if let Some(v) = t.include_supai_chunks {
        if !supai {
            return Err(only(v.span(), "include_supai_chunks", true));
        }
        p.include_supai_chunks = v.into_inner();
    }
    if let Some(env) = t.environment {
        if !supai {
            return Err(only(env.span(), "environment", true));
        }
        let env = env.into_inner();
        p.environment.user_name = env.user_name.filter(|n| !n.trim().is_empty());
        if let Some(ip) = env.location.and_then(|l| l.ip_address) {
            p.environment.ip_address = ip;
        }
    }
    if let Some(v) = t.connect_timeout_secs {
        p.connect_timeout = secs(v, "connect_timeout_secs")?;
    }
    if let Some(v) = t.idle_timeout_secs {
        p.idle_timeout = secs(v, "idle_timeout_secs")?;
    }
    if let Some(v) = t.max_retries {
        if *v.get_ref() > 10 {
            return Err((v.span(), "max_retries must be at most 10".to_owned()));
        }
        p.max_retries = v.into_inner();
    }
    if let Some(v) = t.tools {
        p.tools = v.into_inner();
    }
    if let Some(v) = t.system_prompt {
        p.system_prompt = Some(v.into_inner()).filter(|s| !s.trim().is_empty());
    }
    if let Some(v) = t.context_tokens {
        if *v.get_ref() < 1000 {
            return Err((v.span(), "context_tokens must be at least 1000".to_owned()));
        }
        p.context_tokens = Some(v.into_inner());
    }
    Ok(p)
}

fn apply_key(key: &mut KeySpec, t: &FileProvider, path: &Path) -> Result<(), Located> {
    if let Some(k) = &t.api_key {
        if k.get_ref().trim().is_empty() {
            return Err((k.span(), "api_key is empty".to_owned()));
        }
        if k.get_ref().trim().chars().any(char::is_control) {
            return Err((
                k.span(),
                "api_key has a control character (a stray newline or escape?); it could not be sent in a header".to_owned(),
            ));
        }
        key.inline = Some(Secret::new(k.get_ref().trim()));
        key.file = Some(path.to_owned());
    }
    if let Some(c) = &t.api_key_cmd {
        key.cmd = Some(non_empty(c.clone(), "api_key_cmd")?);
    }
    if let Some(e) = &t.api_key_env {
        let name = e.get_ref();
        // The value is never echoed: it may be a key pasted in the wrong place.
        if super::redact::looks_like_key(name) || name.contains('-') {
            return Err((
                e.span(),
                "api_key_env takes the name of an environment variable (like SUPAGE_API_KEY), and this looks like a key itself: put the key in that variable, or write api_key = \"…\" instead".to_owned(),
            ));
        }
        let valid = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err((
                e.span(),
                "api_key_env must be the name of an environment variable: letters, digits and _, not starting with a digit".to_owned(),
            ));
        }
        key.env = Some(name.clone());
    }
    Ok(())
}

fn non_empty(v: Spanned<String>, key: &str) -> Result<String, Located> {
    if v.get_ref().trim().is_empty() {
        return Err((v.span(), format!("{key} is empty")));
    }
    Ok(v.into_inner())
}

fn secs(v: Spanned<u64>, key: &str) -> Result<Duration, Located> {
    if *v.get_ref() == 0 {
        return Err((v.span(), format!("{key} must be at least 1")));
    }
    Ok(Duration::from_secs(v.into_inner()))
}

/// Any mode is sent as is (Sup.ai's docs disagree on the list), but it must
/// look like a mode id: letters, digits, `-`, `_`, `.`.
fn check_mode(m: Spanned<String>) -> Result<String, Located> {
    let s = m.get_ref();
    let ok = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !ok {
        return Err((
            m.span(),
            format!(
                "unknown mode {s:?}: a mode is one of {} (or another id of letters, digits and dashes)",
                super::SUPAI_MODES.join(", ")
            ),
        ));
    }
    Ok(m.into_inner())
}

fn check_url(u: &Spanned<String>) -> Result<String, Located> {
    let raw = u.get_ref().trim();
    let shown = super::redact::redact_text(raw);
    let bad = |why: &str| {
        (
            u.span(),
            format!("base_url {shown:?} is not a valid URL: {why}"),
        )
    };
    let url = url::Url::parse(raw).map_err(|e| bad(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("it must start with http:// or https://"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("it has no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("it must not have a query or fragment"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("put credentials in api_key, not in the URL"));
    }
    Ok(raw.trim_end_matches('/').to_owned())
}
