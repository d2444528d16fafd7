//! Tools the model may call, and the user's control over what runs. The
//! [`Toolbox`] holds the configured tools and says what is offered to a
//! provider; a [`Batch`] follows the calls of one reply from the model's
//! request to their results: each call is checked (a known tool, arguments
//! that are a JSON object with what the schema requires), approved (by the
//! config, by the user once or for the session, by `--yes`) or declined,
//! then run as a [`Job`] off the event loop. The chat screen and `ask`
//! share all of it; they differ only in how they ask.

mod batch;
mod beneath;
pub mod builtin;
mod job;
pub mod secrets;

pub use batch::{Answer, Batch, DECLINED, Item, State};
pub use job::Job;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};

use crate::config::tools::{Approve, Builtin, ToolsConfig};
use crate::config::{Config, ProviderConfig};
use supchat_api::ChatOptions;
use supchat_chat::ToolCall;

/// What the model is given for a tool that printed nothing.
pub const NO_OUTPUT: &str = "(no output)";

/// Bytes of a tool's output given to the model.
pub const OUTPUT_CAP: usize = 64 * 1024;

/// The most problems with a call's arguments the model is told of.
const MAX_PROBLEMS: usize = 3;

#[derive(Debug, Clone, PartialEq)]
pub enum ToolKind {
    Builtin(Builtin),
    Command {
        argv: Vec<String>,
        timeout: Duration,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tool {
    pub name: String,
    pub description: String,
    pub parameters: Value,
    pub kind: ToolKind,
    pub approve: Approve,
}

impl Tool {
    /// What runs, for the approval dialog: the command line, or what the
    /// built-in does.
    pub fn what_runs(&self) -> String {
        match &self.kind {
            ToolKind::Builtin(b) => {
                format!("built-in {} (read-only, the working folder only)", b.name())
            }
            ToolKind::Command { argv, .. } => argv
                .iter()
                .map(|a| {
                    if a.is_empty() || a.contains(|c: char| c.is_whitespace() || c == '"') {
                        format!("{a:?}")
                    } else {
                        a.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// The tools of this run.
#[derive(Debug, Clone, Default)]
pub struct Toolbox {
    tools: Vec<Tool>,
    /// The working folder the built-in file tools see (canonical).
    root: PathBuf,
    choice: Value,
    max_steps: u32,
    /// Calls of one reply that are run (the rest get an error result).
    max_calls: u32,
    /// What the file built-ins ask before reading.
    pub(crate) secrets: secrets::Secrets,
    /// Environment variables that hold API keys: not given to tools.
    hidden_env: Vec<String>,
}

impl Toolbox {
    /// The configured tools, with `root` as the working folder.
    pub fn new(cfg: &Config, root: &Path) -> Self {
        let t: &ToolsConfig = &cfg.tools;
        let mut tools: Vec<Tool> = t
            .builtins
            .iter()
            .map(|&b| {
                let (description, parameters) = builtin::definition(b);
                Tool {
                    name: b.name().to_owned(),
                    description: description.to_owned(),
                    parameters,
                    kind: ToolKind::Builtin(b),
                    approve: Approve::Auto,
                }
            })
            .collect();
        tools.extend(t.tools.iter().map(|s| Tool {
            name: s.name.clone(),
            description: s.description.clone(),
            parameters: s.parameters.clone(),
            kind: ToolKind::Command {
                argv: s.command.clone(),
                timeout: s.timeout,
            },
            approve: s.approve,
        }));
        let hidden_env = cfg.key_vars();
        Self {
            tools,
            root: root.canonicalize().unwrap_or_else(|_| root.to_owned()),
            choice: t.choice.clone(),
            max_steps: t.max_steps,
            max_calls: t.max_calls,
            secrets: secrets::Secrets::new(cfg),
            hidden_env,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.tools.is_empty()
    }

    pub fn tools(&self) -> &[Tool] {
        &self.tools
    }

    pub fn get(&self, name: &str) -> Option<&Tool> {
        self.tools.iter().find(|t| t.name == name)
    }

    pub fn max_steps(&self) -> u32 {
        self.max_steps
    }

    /// Calls of one reply that are run; the rest get an error result.
    pub fn max_calls(&self) -> u32 {
        self.max_calls
    }

    /// Why a call of `tool` with `args` asks the user although the tool
    /// runs without asking: a file built-in reaching a secret.
    pub fn why_ask(&self, tool: &Tool, args: &serde_json::Value) -> Option<String> {
        use crate::config::tools::Builtin;
        let ToolKind::Builtin(b @ (Builtin::ReadFile | Builtin::ListDir)) = tool.kind else {
            return None;
        };
        let default = if b == Builtin::ListDir { "." } else { "" };
        let rel = args
            .get("path")
            .and_then(serde_json::Value::as_str)
            .filter(|p| !p.trim().is_empty())
            .unwrap_or(default);
        self.secrets.why_ask(&self.root, rel)
    }

    /// Whether `provider` is offered the tools.
    pub fn offered_to(&self, provider: &ProviderConfig) -> bool {
        provider.tools && !self.tools.is_empty()
    }

    /// `options` with the tools added, when `provider` is offered them.
    pub fn options(&self, provider: &ProviderConfig, mut options: ChatOptions) -> ChatOptions {
        if self.offered_to(provider) {
            let defs: Vec<Value> = self
                .tools
                .iter()
                .map(|t| {
                    json!({"type": "function", "function": {
                        "name": t.name, "description": t.description, "parameters": t.parameters
                    }})
                })
                .collect();
            options.tools = Some(Value::Array(defs));
            options.tool_choice = Some(self.choice.clone());
        }
        options
    }

    /// The call's arguments as an object, or what the model is told.
    /// (At most [`MAX_PROBLEMS`] of what does not fit are named.)
    fn check(&self, call: &ToolCall) -> Result<(&Tool, Value), String> {
        let Some(tool) = self.get(&call.name) else {
            let names: Vec<&str> = self.tools.iter().map(|t| t.name.as_str()).collect();
            return Err(format!(
                "error: there is no tool named {:?} (the tools are: {})",
                call.name,
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    names.join(", ")
                }
            ));
        };
        let raw = if call.arguments.trim().is_empty() {
            "{}"
        } else {
            call.arguments.as_str()
        };
        let args: Value = serde_json::from_str(raw).map_err(|e| {
            format!("error: the arguments are not valid JSON ({e}); call the tool again with a JSON object")
        })?;
        if !args.is_object() {
            return Err("error: the arguments must be a JSON object".to_owned());
        }
        // Checked against the tool's whole schema with a maintained
        // validator (nested objects, arrays, enums, patterns): a call that
        // does not fit goes back to the model, naming where and which rule.
        let validator = jsonschema::validator_for(&tool.parameters).map_err(|e| {
            format!("error: the tool's own parameter schema is not valid JSON Schema ({e}); the call was not run")
        })?;
        let problems: Vec<String> = validator
            .iter_errors(&args)
            .take(MAX_PROBLEMS)
            .map(|e| {
                let at = e.instance_path().to_string();
                let at = if at.is_empty() { "/".to_owned() } else { at };
                format!("at {at}: {e} (rule `{}`)", e.kind().keyword())
            })
            .collect();
        if !problems.is_empty() {
            return Err(format!(
                "error: the arguments do not fit the tool's schema: {}; call the tool again with arguments that do",
                problems.join("; ")
            ));
        }
        Ok((tool, args))
    }
}

#[cfg(test)]
mod tests;
