//! Tools the model may call, and the user's control over what runs. The
//! [`Toolbox`] holds the configured tools and says what is offered to a
//! provider; a [`Batch`] follows the calls of one reply from the model's
//! request to their results: each call is checked (a known tool, arguments
//! that are a JSON object with what the schema requires), approved (by the
//! config, by the user once or for the session, by `--yes`) or declined,
//! then run as a [`Job`] off the event loop. The chat screen and `ask`
//! share all of it; they differ only in how they ask.

pub mod builtin;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use serde_json::{Value, json};

use crate::config::tools::{Approve, Builtin, ToolsConfig};
use crate::config::{Config, ProviderConfig};
use supchat_api::ChatOptions;
use supchat_chat::{Approval, EntryId, ToolCall, ToolResult};

/// What the model is given for a tool that printed nothing.
pub const NO_OUTPUT: &str = "(no output)";

/// Bytes of a tool's output given to the model.
pub const OUTPUT_CAP: usize = 64 * 1024;

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
        let mut hidden_env: Vec<String> = cfg
            .providers
            .iter()
            .filter_map(|p| p.key.env.clone())
            .collect();
        hidden_env.dedup();
        Self {
            tools,
            root: root.canonicalize().unwrap_or_else(|_| root.to_owned()),
            choice: t.choice.clone(),
            max_steps: t.max_steps,
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
        if let Some(req) = tool.parameters.get("required").and_then(Value::as_array) {
            for name in req.iter().filter_map(Value::as_str) {
                if args.get(name).is_none() {
                    return Err(format!("error: the required argument {name:?} is missing"));
                }
            }
        }
        // The arguments' own types, one level deep: enough to catch a
        // number where a string goes before a program sees it.
        if let (Some(props), Some(given)) = (
            tool.parameters.get("properties").and_then(Value::as_object),
            args.as_object(),
        ) {
            for (k, v) in given {
                let Some(want) = props.get(k).and_then(|p| p.get("type")) else {
                    continue;
                };
                let ok = match want {
                    Value::String(t) => type_fits(t, v),
                    Value::Array(ts) => {
                        ts.iter().filter_map(Value::as_str).any(|t| type_fits(t, v))
                    }
                    _ => true,
                };
                if !ok {
                    return Err(format!(
                        "error: the argument {k:?} must be of type {want}, not {}",
                        json_type(v)
                    ));
                }
            }
        }
        Ok((tool, args))
    }
}

/// Whether `v` is of the JSON Schema type `t`.
fn type_fits(t: &str, v: &Value) -> bool {
    match t {
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        "null" => v.is_null(),
        _ => true,
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// What the user says to a call that needs approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
    /// Yes, and to this tool for the rest of the session.
    Always,
}

#[derive(Debug, Clone, PartialEq)]
pub enum State {
    /// Waits for the user.
    Asking,
    Approved(Approval),
    Running(Approval),
    Finished(ToolResult),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub call: ToolCall,
    pub state: State,
    args: Value,
}

/// The calls of one reply on their way to results.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    pub turn: u64,
    pub reply: EntryId,
    pub items: Vec<Item>,
}

/// The text the model gets for a declined call.
pub const DECLINED: &str =
    "declined: the user did not allow this call. Do not call it again unless the user asks.";

impl Batch {
    /// Checks each call; `allowed` holds the tools the user allowed for the
    /// session.
    pub fn new(
        turn: u64,
        reply: EntryId,
        calls: Vec<ToolCall>,
        toolbox: &Toolbox,
        allowed: &HashSet<String>,
    ) -> Self {
        let items = calls
            .into_iter()
            .map(|call| {
                let (state, args) = match toolbox.check(&call) {
                    Err(why) => (State::Finished(result(&call, why, true, None)), Value::Null),
                    Ok((tool, args)) => {
                        let state = if tool.approve == Approve::Auto {
                            State::Approved(Approval::Auto)
                        } else if allowed.contains(&tool.name) {
                            State::Approved(Approval::Session)
                        } else {
                            State::Asking
                        };
                        (state, args)
                    }
                };
                Item { call, state, args }
            })
            .collect();
        Self { turn, reply, items }
    }

    /// The first call waiting for the user.
    pub fn asking(&self) -> Option<usize> {
        self.items.iter().position(|i| i.state == State::Asking)
    }

    /// Calls still waiting for the user.
    pub fn asking_count(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.state == State::Asking)
            .count()
    }

    /// The user's answer to call `i`; `Always` also approves the other
    /// calls of that tool and adds it to `allowed`.
    pub fn answer(&mut self, i: usize, answer: Answer, allowed: &mut HashSet<String>) {
        let Some(item) = self.items.get_mut(i).filter(|it| it.state == State::Asking) else {
            return;
        };
        match answer {
            Answer::Yes => item.state = State::Approved(Approval::User),
            Answer::No => {
                item.state = State::Finished(result(
                    &item.call,
                    DECLINED.to_owned(),
                    true,
                    Some(Approval::Declined),
                ));
            }
            Answer::Always => {
                let name = item.call.name.clone();
                for it in &mut self.items {
                    if it.call.name == name && it.state == State::Asking {
                        it.state = State::Approved(Approval::Session);
                    }
                }
                allowed.insert(name);
            }
        }
    }

    /// Every call still waiting is approved this way (`ask --yes`).
    pub fn approve_all(&mut self, how: Approval) {
        for it in &mut self.items {
            if it.state == State::Asking {
                it.state = State::Approved(how);
            }
        }
    }

    /// Every call still waiting is declined (`ask` with nobody to ask).
    pub fn decline_all(&mut self) -> Vec<String> {
        let mut names = Vec::new();
        for it in &mut self.items {
            if it.state == State::Asking {
                it.state = State::Finished(result(
                    &it.call,
                    DECLINED.to_owned(),
                    true,
                    Some(Approval::Declined),
                ));
                names.push(it.call.name.clone());
            }
        }
        names
    }

    /// The approved calls, now marked running, as jobs to run.
    pub fn take_jobs(&mut self, toolbox: &Toolbox) -> Vec<Job> {
        let mut jobs = Vec::new();
        for (index, it) in self.items.iter_mut().enumerate() {
            let State::Approved(how) = it.state else {
                continue;
            };
            let Some(tool) = toolbox.get(&it.call.name) else {
                continue;
            };
            it.state = State::Running(how);
            jobs.push(Job {
                index,
                approval: how,
                tool: tool.clone(),
                call: it.call.clone(),
                args: std::mem::take(&mut it.args),
                root: toolbox.root.clone(),
                hidden_env: toolbox.hidden_env.clone(),
            });
        }
        jobs
    }

    /// A job's result came back.
    pub fn finish(&mut self, index: usize, r: ToolResult) {
        if let Some(it) = self.items.get_mut(index)
            && matches!(it.state, State::Running(_))
        {
            it.state = State::Finished(r);
        }
    }

    pub fn is_done(&self) -> bool {
        self.items
            .iter()
            .all(|i| matches!(i.state, State::Finished(_)))
    }

    /// The results, in the order of the calls.
    pub fn results(self) -> Vec<ToolResult> {
        self.items
            .into_iter()
            .filter_map(|i| match i.state {
                State::Finished(r) => Some(r),
                _ => None,
            })
            .collect()
    }

    /// The results when the turn is cancelled: those finished, and for
    /// calls that were running, that they were stopped (the rest get "not
    /// run" from the engine).
    pub fn cancelled(self) -> Vec<ToolResult> {
        self.items
            .into_iter()
            .filter_map(|i| match i.state {
                State::Finished(r) => Some(r),
                State::Running(how) => Some(result(
                    &i.call,
                    "error: stopped while it ran: the user cancelled the turn".to_owned(),
                    true,
                    Some(how),
                )),
                _ => None,
            })
            .collect()
    }

    /// The state of the call with this id.
    pub fn state_of(&self, call_id: &str) -> Option<&State> {
        self.items
            .iter()
            .find(|i| i.call.id == call_id)
            .map(|i| &i.state)
    }
}

fn result(
    call: &ToolCall,
    content: String,
    is_error: bool,
    approval: Option<Approval>,
) -> ToolResult {
    ToolResult {
        call_id: call.id.clone(),
        name: call.name.clone(),
        content,
        is_error,
        approval,
    }
}

/// One approved call, ready to run anywhere (it owns what it needs).
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// The call's place in its batch.
    pub index: usize,
    pub approval: Approval,
    pub tool: Tool,
    pub call: ToolCall,
    args: Value,
    root: PathBuf,
    hidden_env: Vec<String>,
}

impl Job {
    /// Runs the call. Blocking: call it off the async threads. `cancel`
    /// set to true stops a command (its whole process group is killed).
    pub fn run(self, cancel: &AtomicBool) -> ToolResult {
        let (content, is_error) = match &self.tool.kind {
            ToolKind::Builtin(b) => match builtin::run(*b, &self.args, &self.root) {
                Ok(out) => (out, false),
                Err(why) => (format!("error: {why}"), true),
            },
            ToolKind::Command { argv, timeout } => run_command(
                argv,
                *timeout,
                &self.args,
                &self.call,
                &self.hidden_env,
                cancel,
            ),
        };
        result(&self.call, content, is_error, Some(self.approval))
    }
}

/// Runs a command tool: no shell, the arguments on stdin, its own process
/// group, the timeout, the output capped. The text and whether it failed.
fn run_command(
    argv: &[String],
    timeout: Duration,
    args: &Value,
    call: &ToolCall,
    hidden_env: &[String],
    cancel: &AtomicBool,
) -> (String, bool) {
    let Some((program, rest)) = argv.split_first() else {
        return ("error: the tool has no command".to_owned(), true);
    };
    let mut cmd = Command::new(program);
    cmd.args(rest)
        .env("SUPCHAT_TOOL_NAME", &call.name)
        .env("SUPCHAT_TOOL_CALL_ID", &call.id);
    for k in hidden_env {
        cmd.env_remove(k);
    }
    let input = args.to_string().into_bytes();
    let limits = crate::proc::Limits {
        timeout,
        cap: OUTPUT_CAP,
        no_terminal: true,
    };
    let f = match crate::proc::run(cmd, Some(input), limits, Some(cancel)) {
        Ok(f) => f,
        Err(e) => return (format!("error: cannot run {program}: {e}"), true),
    };
    let stdout = String::from_utf8_lossy(&f.stdout);
    let stderr = String::from_utf8_lossy(&f.stderr);
    let mut out = String::new();
    let failed = if f.cancelled {
        out.push_str("error: stopped: the user cancelled the turn\n");
        true
    } else if f.timed_out {
        out.push_str(&format!(
            "error: timed out after {} s; the tool was stopped\n",
            timeout.as_secs()
        ));
        true
    } else {
        match f.status {
            // Past the cap its pipe is closed: SIGPIPE is our doing.
            Some(s) if !s.success() && !f.truncated => {
                out.push_str(&format!("error: the tool failed ({s})\n"));
                true
            }
            _ => false,
        }
    };
    out.push_str(&stdout);
    if (failed || stdout.trim().is_empty()) && !stderr.trim().is_empty() {
        if !out.ends_with('\n') && !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&stderr);
    }
    if out.len() > OUTPUT_CAP {
        let mut cut = OUTPUT_CAP;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
    }
    if f.truncated || out.len() >= OUTPUT_CAP {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&format!("[output truncated at {} KiB]", OUTPUT_CAP / 1024));
    } else if out.trim().is_empty() {
        out = NO_OUTPUT.to_owned();
    }
    (out, failed)
}

#[cfg(test)]
mod tests;
