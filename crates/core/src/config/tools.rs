//! The tools of the config: `[[tools]]` tables (a program run with the
//! arguments on stdin), the built-in tools named in `enabled_tools`,
//! `tool_choice` and `max_tool_steps`. Checked when the file is read, each
//! error naming its line; whether a command can be found is for
//! `supchat config check` (a script may be written after the config).

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;
use supchat_i18n::tr;
use toml::Spanned;

use super::file::{FileConfig, FileTool};
use super::{Located, at};

/// Whether a tool runs without asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Approve {
    /// The user is asked before each call (or allows the tool for the
    /// rest of the session).
    #[default]
    Ask,
    Auto,
}

/// The built-in tools, read-only and confined to the working folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    Now,
    ReadFile,
    ListDir,
}

impl Builtin {
    pub const ALL: [Builtin; 3] = [Builtin::Now, Builtin::ReadFile, Builtin::ListDir];

    pub fn name(self) -> &'static str {
        match self {
            Builtin::Now => "now",
            Builtin::ReadFile => "read_file",
            Builtin::ListDir => "list_dir",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.name() == name)
    }
}

/// A tool of the user's: a program, given the call's arguments (a JSON
/// object) on stdin; what it prints is the result.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolSpec {
    pub name: String,
    pub description: String,
    /// A JSON Schema of the arguments (an object schema).
    pub parameters: Value,
    /// The program and its arguments, run without a shell. A relative
    /// program path with a `/` is taken from the config file's folder.
    pub command: Vec<String>,
    pub approve: Approve,
    pub timeout: Duration,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ToolsConfig {
    pub tools: Vec<ToolSpec>,
    pub builtins: Vec<Builtin>,
    /// `tool_choice` as sent: `"auto"`, `"none"`, `"required"`, or a
    /// function object naming one tool.
    pub choice: Value,
    /// Model requests a turn may make after tool results.
    pub max_steps: u32,
    /// Tools that run at once; the others of a reply wait their turn.
    pub parallel: u32,
    /// Calls of one reply that are run; the rest get an error result.
    pub max_calls: u32,
    /// More paths the file built-ins ask before reading (`secret_paths`).
    pub secret_paths: Vec<String>,
}

/// Model requests a turn may make after tool results, unless set otherwise.
pub const DEFAULT_MAX_TOOL_STEPS: u32 = 8;
/// Tools that run at once, unless set otherwise.
pub const DEFAULT_PARALLEL_TOOLS: u32 = 4;
/// Calls of one reply that are run, unless set otherwise.
pub const DEFAULT_MAX_TOOL_CALLS: u32 = 64;

impl Default for ToolsConfig {
    fn default() -> Self {
        Self {
            tools: Vec::new(),
            builtins: Vec::new(),
            choice: Value::String("auto".to_owned()),
            max_steps: DEFAULT_MAX_TOOL_STEPS,
            parallel: DEFAULT_PARALLEL_TOOLS,
            max_calls: DEFAULT_MAX_TOOL_CALLS,
            secret_paths: Vec::new(),
        }
    }
}

impl ToolsConfig {
    pub fn is_empty(&self) -> bool {
        self.tools.is_empty() && self.builtins.is_empty()
    }

    /// Every tool's name, built-ins first.
    pub fn names(&self) -> Vec<&str> {
        self.builtins
            .iter()
            .map(|b| b.name())
            .chain(self.tools.iter().map(|t| t.name.as_str()))
            .collect()
    }
}

/// Longest time a tool may be given.
const MAX_TIMEOUT_SECS: u64 = 24 * 3600;

/// Reads the tool settings of `file`; `path` is the config file (relative
/// commands are found from its folder).
pub(super) fn tools_from(file: &mut FileConfig, path: &Path) -> Result<ToolsConfig, Located> {
    let mut cfg = ToolsConfig::default();
    let mut seen: Vec<String> = Vec::new();
    if let Some(list) = file.enabled_tools.take() {
        for name in list.into_inner() {
            let Some(b) = Builtin::parse(name.get_ref()) else {
                let known: Vec<&str> = Builtin::ALL.iter().map(|b| b.name()).collect();
                return Err((
                    name.span(),
                    at(
                        "enabled_tools",
                        tr!(
                            "conf-tools-unknown-builtin",
                            name =
                                format!("{:?}", supchat_chat::text::sanitize_line(name.get_ref())),
                            known = known.join(", ")
                        ),
                    ),
                ));
            };
            if !cfg.builtins.contains(&b) {
                cfg.builtins.push(b);
                seen.push(b.name().to_owned());
            }
        }
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    for t in std::mem::take(&mut file.tools) {
        let t = t.into_inner();
        let name_span = t.name.span();
        let tool = tool_from(t, dir)?;
        if seen.contains(&tool.name) {
            return Err((
                name_span,
                tr!("conf-tools-duplicate", name = format!("{:?}", tool.name)),
            ));
        }
        seen.push(tool.name.clone());
        cfg.tools.push(tool);
    }
    if let Some(c) = file.tool_choice.take() {
        let v = c.get_ref().trim();
        cfg.choice = match v {
            "auto" | "none" | "required" => Value::String(v.to_owned()),
            name if seen.iter().any(|s| s == name) => serde_json::json!({
                "type": "function", "function": { "name": name }
            }),
            other => {
                return Err((
                    c.span(),
                    tr!(
                        "conf-tools-bad-choice",
                        value = format!("{:?}", supchat_chat::text::sanitize_line(other))
                    ),
                ));
            }
        };
    }
    if let Some(n) = file.max_tool_steps.take() {
        if !(1..=100).contains(n.get_ref()) {
            return Err((
                n.span(),
                tr!(
                    "conf-between-not",
                    key = "max_tool_steps",
                    most = "100",
                    value = n.get_ref().to_string()
                ),
            ));
        }
        cfg.max_steps = n.into_inner();
    }
    if let Some(paths) = file.secret_paths.take() {
        cfg.secret_paths = paths.into_iter().filter(|p| !p.trim().is_empty()).collect();
    }
    for (value, name, most, field) in [
        (
            file.max_parallel_tools.take(),
            "max_parallel_tools",
            64,
            &mut cfg.parallel,
        ),
        (
            file.max_tool_calls.take(),
            "max_tool_calls",
            1000,
            &mut cfg.max_calls,
        ),
    ] {
        if let Some(n) = value {
            if !(1..=most).contains(n.get_ref()) {
                return Err((
                    n.span(),
                    tr!(
                        "conf-between-not",
                        key = name,
                        most = most.to_string(),
                        value = n.get_ref().to_string()
                    ),
                ));
            }
            *field = n.into_inner();
        }
    }
    Ok(cfg)
}

fn tool_from(t: FileTool, dir: &Path) -> Result<ToolSpec, Located> {
    let name_span = t.name.span();
    let name = t.name.into_inner();
    if let Err(why) = check_name(&name) {
        return Err((name_span, why));
    }
    if Builtin::parse(&name).is_some() {
        return Err((
            name_span,
            tr!("conf-tool-builtin-name", name = format!("{name:?}")),
        ));
    }
    let what = tr!("conf-tool-at", name = format!("{name:?}"));
    let parameters = match t.parameters {
        None => serde_json::json!({ "type": "object", "properties": {} }),
        Some(p) => {
            let span = p.span();
            let v = serde_json::to_value(p.into_inner())
                .map_err(|e| (span.clone(), at(&what, at("parameters", e.to_string()))))?;
            check_parameters(&v).map_err(|why| {
                // Nested problems name their path, which starts with it.
                let why = if why.starts_with("parameters") {
                    why
                } else {
                    format!("parameters {why}")
                };
                (span, at(&what, why))
            })?;
            v
        }
    };
    let span = t.command.span();
    let mut command = t.command.into_inner();
    if command.first().is_none_or(|c| c.trim().is_empty()) {
        return Err((span, at(&what, tr!("conf-command-empty"))));
    }
    command[0] = program_path(&command[0], dir);
    let approve = approve_from(t.approve, &what)?;
    let timeout = match t.timeout_secs {
        None => Duration::from_secs(30),
        Some(s) if (1..=MAX_TIMEOUT_SECS).contains(s.get_ref()) => {
            Duration::from_secs(s.into_inner())
        }
        Some(s) => {
            return Err((
                s.span(),
                at(
                    &what,
                    tr!(
                        "conf-between",
                        key = "timeout_secs",
                        most = MAX_TIMEOUT_SECS.to_string()
                    ),
                ),
            ));
        }
    };
    Ok(ToolSpec {
        name,
        description: t.description.unwrap_or_default(),
        parameters,
        command,
        approve,
        timeout,
    })
}

/// `approve = "ask" | "auto"` (ask when not given); `what` names the
/// table in an error.
pub(super) fn approve_from(a: Option<Spanned<String>>, what: &str) -> Result<Approve, Located> {
    match a {
        None => Ok(Approve::Ask),
        Some(a) => match a.get_ref().as_str() {
            "ask" => Ok(Approve::Ask),
            "auto" => Ok(Approve::Auto),
            other => Err((
                a.span(),
                at(
                    what,
                    tr!(
                        "conf-approve-bad",
                        value = format!("{:?}", supchat_chat::text::sanitize_line(other))
                    ),
                ),
            )),
        },
    }
}

/// A function name the chat APIs accept: 1 to 64 of `a-z A-Z 0-9 _ -`.
pub fn check_name(name: &str) -> Result<(), String> {
    let ok = (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(tr!(
            "conf-tool-bad-name",
            name = format!("{:?}", supchat_chat::text::sanitize_line(name))
        ))
    }
}

/// `~/x` from the home folder, `./x` or `a/b` from the config's folder;
/// a bare name is looked up on PATH when run.
pub(super) fn program_path(p: &str, dir: &Path) -> String {
    if let Some(rest) = p.strip_prefix("~/")
        && let Some(d) = directories::BaseDirs::new()
    {
        return d.home_dir().join(rest).to_string_lossy().into_owned();
    }
    let path = Path::new(p);
    if path.is_relative() && p.contains('/') {
        let mut rel = p;
        while let Some(rest) = rel.strip_prefix("./") {
            rel = rest.trim_start_matches('/');
        }
        return dir.join(rel).to_string_lossy().into_owned();
    }
    p.to_owned()
}

/// Where `program` would be run from, if it can be (a name is looked up
/// in `PATH`; a path with a `/` is taken as it is).
pub fn find_program(program: &str) -> Option<PathBuf> {
    which::which(program).ok()
}

const TYPES: [&str; 7] = [
    "object", "array", "string", "number", "integer", "boolean", "null",
];

/// The parameters must be an object schema, and well-formed as far as the
/// chat APIs read it: `type`, `properties`, `items`, `required`, `enum`.
/// (A full JSON Schema meta-validator, the `jsonschema` crate, would bring
/// a regex engine and an HTTP client for remote references into the build
/// for what is a dozen checks here.)
pub fn check_parameters(v: &Value) -> Result<(), String> {
    let o = v.as_object().ok_or_else(|| tr!("conf-schema-not-table"))?;
    match o.get("type") {
        Some(Value::String(t)) if t == "object" => {}
        _ => return Err(tr!("conf-schema-not-object")),
    }
    check_schema(v, "parameters")
}

fn check_schema(v: &Value, at: &str) -> Result<(), String> {
    let Some(o) = v.as_object() else {
        return Err(tr!("conf-schema-not-schema", at = at));
    };
    match o.get("type") {
        None => {}
        Some(Value::String(t)) if TYPES.contains(&t.as_str()) => {}
        Some(Value::Array(ts))
            if !ts.is_empty()
                && ts
                    .iter()
                    .all(|t| t.as_str().is_some_and(|t| TYPES.contains(&t))) => {}
        Some(other) => {
            return Err(tr!(
                "conf-schema-bad-type",
                at = at,
                value = other.to_string(),
                types = TYPES.join(", ")
            ));
        }
    }
    let props = match o.get("properties") {
        None => None,
        Some(Value::Object(p)) => {
            for (k, s) in p {
                check_schema(s, &format!("{at}.properties.{k}"))?;
            }
            Some(p)
        }
        Some(_) => return Err(tr!("conf-schema-properties", at = at)),
    };
    if let Some(items) = o.get("items") {
        check_schema(items, &format!("{at}.items"))?;
    }
    match o.get("required") {
        None => {}
        Some(Value::Array(r)) => {
            for name in r {
                let Some(name) = name.as_str() else {
                    return Err(tr!("conf-schema-required-names", at = at));
                };
                if !props.is_some_and(|p| p.contains_key(name)) {
                    return Err(tr!(
                        "conf-schema-required-unknown",
                        at = at,
                        name = format!("{name:?}")
                    ));
                }
            }
        }
        Some(_) => return Err(tr!("conf-schema-required-list", at = at)),
    }
    match o.get("enum") {
        None => {}
        Some(Value::Array(e)) if !e.is_empty() => {}
        Some(_) => return Err(tr!("conf-schema-enum", at = at)),
    }
    for key in ["description", "title"] {
        if o.get(key).is_some_and(|d| !d.is_string()) {
            return Err(tr!("conf-schema-text", at = at, key = key));
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "tools_tests.rs"]
mod tests;
