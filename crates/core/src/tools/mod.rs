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
mod for_model;
mod job;
pub mod secrets;

pub use batch::{Answer, Batch, DECLINED, Item, State};
pub use for_model::NO_OUTPUT;
pub use job::Job;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};

use crate::config::tools::{Approve, Builtin, ToolsConfig};
use crate::config::{Config, ProviderConfig};
use crate::said::Said;
use supchat_api::ChatOptions;
use supchat_chat::ToolCall;
use supchat_i18n::tr;

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
    /// A tool of an MCP server, by the server's name and its own name.
    Mcp {
        server: String,
        tool: String,
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
                tr!("core-tool-builtin-runs", name = b.name())
            }
            ToolKind::Mcp { server, tool, .. } => {
                tr!(
                    "core-tool-mcp-runs",
                    tool = tool.as_str(),
                    server = server.as_str()
                )
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
    /// The MCP servers, whose tools are read at each request.
    mcp: Option<crate::mcp::Hub>,
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
            mcp: None,
        }
    }

    /// The MCP servers' tools are offered too, as they are when a request
    /// is made.
    pub fn set_mcp(&mut self, hub: crate::mcp::Hub) {
        self.mcp = Some(hub).filter(|h| !h.is_empty());
    }

    pub fn mcp(&self) -> Option<&crate::mcp::Hub> {
        self.mcp.as_ref()
    }

    /// No tool is configured (no MCP server either).
    pub fn is_empty(&self) -> bool {
        self.tools.is_empty() && self.mcp.is_none()
    }

    /// The tools of the config (not the MCP servers').
    pub fn tools(&self) -> &[Tool] {
        &self.tools
    }

    /// The MCP servers' tools as they are now, named so as not to clash
    /// with the config's.
    fn mcp_tools(&self) -> Vec<Tool> {
        let Some(hub) = &self.mcp else {
            return Vec::new();
        };
        let taken = self.tools.iter().map(|t| t.name.clone()).collect();
        hub.offered(&taken)
            .into_iter()
            .map(|o| Tool {
                name: o.name,
                description: o.description,
                parameters: o.schema,
                kind: ToolKind::Mcp {
                    server: o.server,
                    tool: o.tool,
                    timeout: o.timeout,
                },
                approve: o.approve,
            })
            .collect()
    }

    /// Every tool offered now: the config's, then the MCP servers'.
    pub fn all(&self) -> Vec<Tool> {
        let mut v = self.tools.clone();
        v.extend(self.mcp_tools());
        v
    }

    /// The tool named `name`, as offered now.
    pub fn get(&self, name: &str) -> Option<Tool> {
        match self.tools.iter().find(|t| t.name == name) {
            Some(t) => Some(t.clone()),
            None if name.starts_with(crate::mcp::names::PREFIX) => {
                self.mcp_tools().into_iter().find(|t| t.name == name)
            }
            None => None,
        }
    }

    /// What a request made now should tell the user of its tools: MCP
    /// servers still starting (it goes without their tools), and more
    /// tools than providers take.
    pub fn notes(&self, provider: &ProviderConfig) -> Vec<String> {
        let mut notes = Vec::new();
        if !self.offered_to(provider) {
            return notes;
        }
        if let Some(hub) = &self.mcp {
            let starting = hub.starting();
            if !starting.is_empty() {
                notes.push(tr!(
                    "core-tools-mcp-starting",
                    n = starting.len(),
                    names = starting.join(", ")
                ));
            }
        }
        let n = self.all().len();
        if n > crate::mcp::MOST_TOOLS {
            notes.push(tr!(
                "core-tools-too-many",
                n = n.to_string(),
                most = crate::mcp::MOST_TOOLS.to_string()
            ));
        }
        notes
    }

    pub fn max_steps(&self) -> u32 {
        self.max_steps
    }

    /// Calls of one reply that are run; the rest get an error result.
    pub fn max_calls(&self) -> u32 {
        self.max_calls
    }

    /// Why a call of `tool` with `args` asks the user although the tool
    /// runs without asking: a file built-in reaching a secret. Said to
    /// the user, and to the model when the call is declined unasked.
    pub fn why_ask(&self, tool: &Tool, args: &serde_json::Value) -> Option<Said> {
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
        self.secrets.reason_to_ask(&self.root, rel)
    }

    /// Whether `provider` is offered the tools.
    pub fn offered_to(&self, provider: &ProviderConfig) -> bool {
        provider.tools && !self.is_empty()
    }

    /// `options` with the tools added, when `provider` is offered them.
    pub fn options(&self, provider: &ProviderConfig, mut options: ChatOptions) -> ChatOptions {
        if self.offered_to(provider) {
            let all = self.all();
            if all.is_empty() {
                return options;
            }
            let defs: Vec<Value> = all
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
    fn check(&self, call: &ToolCall) -> Result<(Tool, Value), String> {
        let Some(tool) = self.get(&call.name) else {
            let all = self.all();
            let names: Vec<&str> = all.iter().map(|t| t.name.as_str()).collect();
            return Err(for_model::no_such_tool(&call.name, &names));
        };
        let raw = if call.arguments.trim().is_empty() {
            "{}"
        } else {
            call.arguments.as_str()
        };
        let args: Value = serde_json::from_str(raw).map_err(|e| for_model::not_json(&e))?;
        if !args.is_object() {
            return Err(for_model::NOT_AN_OBJECT.to_owned());
        }
        // Checked against the tool's whole schema with a maintained
        // validator (nested objects, arrays, enums, patterns): a call that
        // does not fit goes back to the model, naming where and which rule.
        let validator =
            jsonschema::validator_for(&tool.parameters).map_err(|e| for_model::bad_schema(&e))?;
        let problems: Vec<String> = validator
            .iter_errors(&args)
            .take(MAX_PROBLEMS)
            .map(|e| {
                let at = e.instance_path().to_string();
                let at = if at.is_empty() { "/".to_owned() } else { at };
                for_model::problem(&at, &e, e.kind().keyword())
            })
            .collect();
        if !problems.is_empty() {
            return Err(for_model::do_not_fit(&problems));
        }
        Ok((tool, args))
    }
}

#[cfg(test)]
mod tests;
