//! Finding, reading and validating the config file. The file's `supage` and
//! `supai` tables are laid over the built-in providers (so a file may say
//! only `api_key = …`); any other provider must give `kind` and `base_url`.

use std::ops::Range;
use std::path::{Path, PathBuf};

use supchat_i18n::tr;
use toml::Spanned;

use super::file::FileConfig;
use super::provider_file::{apply, new_provider};
use super::{Config, ThemeChoice, builtin_providers};

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
    /// Given by `--config`: then it must exist.
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
    // Where the config lives, set once for the environment: a file not
    // there yet is the built-ins, and the first key given is saved there.
    if let Some(p) = std::env::var_os("SUPCHAT_CONFIG").filter(|p| !p.is_empty()) {
        return Some(ConfigLocation {
            path: PathBuf::from(p),
            explicit: false,
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
            message: tr!("conf-cannot-read-file", error = supchat_i18n::io_reason(&e)),
            source_line: None,
        }),
    }
}

/// Parses and validates config text that came from `path`.
pub fn load_from_str(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let at = |span: Option<Range<usize>>, message: String| located(text, path, span, message);
    let mut file: FileConfig =
        toml::from_str(text).map_err(|e| at(e.span(), toml_words(e.message())))?;
    let tools = super::tools::tools_from(&mut file, path).map_err(|(s, m)| at(Some(s), m))?;
    let providers = providers_from(file.providers, path).map_err(|(s, m)| at(Some(s), m))?;
    let default_provider = match file.default_provider {
        Some(d) => {
            if !providers.iter().any(|p| p.name == *d.get_ref()) {
                let known: Vec<&str> = providers.iter().map(|p| p.name.as_str()).collect();
                return Err(at(
                    Some(d.span()),
                    tr!(
                        "conf-default-provider-unknown",
                        name = supchat_chat::text::sanitize_line(d.get_ref()),
                        known = known.join(", ")
                    ),
                ));
            }
            d.into_inner()
        }
        None => "supage".to_owned(),
    };
    let key_vars: Vec<String> = providers.iter().filter_map(|p| p.key.env.clone()).collect();
    let mcp_servers = super::mcp::mcp_from(std::mem::take(&mut file.mcp_servers), path, &key_vars)
        .map_err(|(s, m)| at(Some(s), m))?;
    let language = match file.language {
        None => None,
        Some(l) => Some(supchat_i18n::Lang::parse(l.get_ref()).ok_or_else(|| {
            at(
                Some(l.span()),
                tr!(
                    "conf-language-bad",
                    value = format!("{:?}", supchat_chat::text::sanitize_line(l.get_ref()))
                ),
            )
        })?),
    };
    let theme = theme_from(file.theme).map_err(|(s, m)| at(Some(s), m))?;
    let data_dir = match file.data_dir {
        None => None,
        Some(d) if d.get_ref().trim().is_empty() => {
            return Err(at(Some(d.span()), tr!("conf-empty", key = "data_dir")));
        }
        Some(d) => Some(expand_home(d.get_ref().trim())),
    };
    Ok(Config {
        path: Some(path.to_owned()),
        default_provider,
        theme,
        data_dir,
        save_sessions: file.save_sessions.unwrap_or(true),
        wire_log: file.wire_log.unwrap_or(false),
        prompts: super::prompts::presets_from(file.prompts, &providers)
            .map_err(|(s, m)| at(Some(s), m))?,
        keymap: super::keymap::keymap_from(file.keys).map_err(|(s, m)| at(Some(s), m))?,
        system_prompt: file
            .system_prompt
            .map(Spanned::into_inner)
            .filter(|s| !s.trim().is_empty()),
        providers,
        tools,
        mcp_servers,
        language,
    })
}

/// The built-in providers with the file's tables applied, and the file's
/// own providers after them.
fn providers_from(
    tables: std::collections::BTreeMap<String, Spanned<super::file::FileProvider>>,
    path: &Path,
) -> Result<Vec<super::ProviderConfig>, super::Located> {
    let mut providers = builtin_providers();
    // Names to positions: a file with very many providers loads in linear time.
    let mut index: std::collections::HashMap<String, usize> = providers
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.clone(), i))
        .collect();
    for (name, table) in tables {
        let span = table.span();
        let table = table.into_inner();
        let pos = index.get(&name).copied();
        let base = match pos {
            Some(i) => providers[i].clone(),
            None => new_provider(&name, &table, span.clone())?,
        };
        let p = apply(base, table, path)?;
        match pos {
            Some(i) => providers[i] = p,
            None => {
                index.insert(name, providers.len());
                providers.push(p);
            }
        }
    }
    Ok(providers)
}

/// `theme = "auto" | "dark" | "light"` (auto when not given).
fn theme_from(t: Option<Spanned<String>>) -> Result<ThemeChoice, super::Located> {
    let Some(t) = t else {
        return Ok(ThemeChoice::Auto);
    };
    match t.get_ref().as_str() {
        "auto" => Ok(ThemeChoice::Auto),
        "dark" => Ok(ThemeChoice::Dark),
        "light" => Ok(ThemeChoice::Light),
        other => Err((
            t.span(),
            tr!(
                "conf-theme-bad",
                value = supchat_chat::text::sanitize_line(other)
            ),
        )),
    }
}

/// `~/x` as the home folder's `x`.
pub fn expand_home(p: &str) -> PathBuf {
    let base = directories::BaseDirs::new();
    match (p.strip_prefix("~/"), base) {
        (Some(rest), Some(d)) => d.home_dir().join(rest),
        (None, Some(d)) if p == "~" => d.home_dir().to_owned(),
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

/// The TOML reader's message in Chinese for the mistakes a user makes
/// most (an unknown or missing key, a value of the wrong type, a table not
/// closed); its own words (English) otherwise. Its messages are read
/// by their shape: `unknown field `x`, expected one of `a`, `b``.
fn toml_words(msg: &str) -> String {
    // English keeps the reader's own words, as the tests and users know them.
    if supchat_i18n::current() == supchat_i18n::Lang::En {
        return msg.to_owned();
    }
    let quoted = |s: &str| -> Option<String> {
        let start = s.find('`')? + 1;
        let end = start + s[start..].find('`')?;
        Some(s[start..end].to_owned())
    };
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let field = quoted(rest).unwrap_or_default();
        let known = rest
            .split_once("expected ")
            .map(|(_, k)| k.replace("one of ", "").replace('`', ""))
            .unwrap_or_default();
        return match known.is_empty() {
            true => tr!("conf-toml-unknown-field-none", field = field),
            false => tr!("conf-toml-unknown-field", field = field, known = known),
        };
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return tr!(
            "conf-toml-missing-field",
            field = quoted(rest).unwrap_or_default()
        );
    }
    for (prefix, id) in [
        ("invalid type: ", "conf-toml-invalid-type"),
        ("invalid value: ", "conf-toml-invalid-value"),
    ] {
        if let Some((found, expected)) = msg
            .strip_prefix(prefix)
            .and_then(|r| r.rsplit_once(", expected "))
        {
            return tr!(
                id,
                found = type_words(&found.replace('`', "")),
                expected = type_words(expected)
            );
        }
    }
    if let Some(rest) = msg.strip_prefix("duplicate key") {
        return match quoted(rest) {
            Some(key) => tr!("conf-toml-duplicate-key", key = key),
            None => tr("conf-toml-duplicate"),
        };
    }
    if msg.starts_with("unclosed table") {
        return tr("conf-toml-unclosed-table");
    }
    msg.to_owned()
}

/// A type as the TOML reader names it (`a boolean`, `string "yes"`,
/// `u32`), in the language in use; the value after it kept.
fn type_words(s: &str) -> String {
    let s = s
        .strip_prefix("a ")
        .or_else(|| s.strip_prefix("an "))
        .unwrap_or(s);
    let (head, rest) = s.split_once(' ').unwrap_or((s, ""));
    let id = match head {
        "boolean" => "conf-type-boolean",
        "string" => "conf-type-string",
        "integer" | "i64" | "i32" => "conf-type-integer",
        "u8" | "u16" | "u32" | "u64" | "usize" => "conf-type-whole",
        "float" | "f64" => "conf-type-number",
        "sequence" | "array" => "conf-type-array",
        "map" | "table" | "struct" => return tr("conf-type-table"),
        _ => return s.to_owned(),
    };
    match rest {
        "" => tr(id),
        rest => format!("{} {rest}", tr(id)),
    }
}
