//! One approved call, run off the event loop: a built-in, or a command with
//! no shell, its arguments on stdin, in its own process group, with a
//! timeout and its output capped.

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use serde_json::Value;

use super::batch::result;
use super::{NO_OUTPUT, OUTPUT_CAP, Tool, ToolKind, builtin};
use supchat_chat::{Approval, ToolCall, ToolResult};

/// One approved call, ready to run anywhere (it owns what it needs).
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// The call's place in its batch.
    pub index: usize,
    pub approval: Approval,
    pub tool: Tool,
    pub call: ToolCall,
    pub(super) args: Value,
    pub(super) root: PathBuf,
    pub(super) hidden_env: Vec<String>,
    /// What a file built-in may not open without the user's yes, checked
    /// on the file opened (none: the user said yes to this call).
    pub(super) guard: Option<super::secrets::Secrets>,
    /// The MCP servers, for an MCP tool.
    pub(super) mcp: Option<crate::mcp::Hub>,
}

impl Job {
    /// Runs the call. Blocking: call it off the async threads. `cancel`
    /// set to true stops a command (its whole process group is killed).
    /// A fault inside supchat while it runs (a panic) is the call's error,
    /// not a call left waiting for ever.
    pub fn run(self, cancel: &AtomicBool) -> ToolResult {
        let (call, approval) = (self.call.clone(), self.approval);
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.run_now(cancel)))
            .unwrap_or_else(|_| {
                let why = "error: supchat failed while running this call".to_owned();
                result(&call, why, true, Some(approval))
            })
    }

    fn run_now(self, cancel: &AtomicBool) -> ToolResult {
        let (content, is_error) = match &self.tool.kind {
            ToolKind::Builtin(b) => match builtin_in_time(*b, &self.args, &self.root, self.guard) {
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
            ToolKind::Mcp {
                server,
                tool,
                timeout,
            } => match &self.mcp {
                Some(hub) => {
                    let (text, failed) =
                        hub.call_blocking(server, tool, self.args.clone(), *timeout, cancel);
                    (capped(text, false), failed)
                }
                None => ("error: MCP servers are not running".to_owned(), true),
            },
        };
        result(&self.call, content, is_error, Some(self.approval))
    }
}

/// How long a built-in may take (a read from a disk that hangs, a network
/// folder gone away): the call then fails, and the turn goes on.
pub const BUILTIN_TIMEOUT: Duration = Duration::from_secs(10);

/// A built-in on a thread of its own, waited for at most
/// [`BUILTIN_TIMEOUT`] (a thread stuck in the kernel cannot be stopped; it
/// is left to finish, its answer unread).
fn builtin_in_time(
    b: crate::config::tools::Builtin,
    args: &Value,
    root: &std::path::Path,
    guard: Option<super::secrets::Secrets>,
) -> Result<String, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    let (args, root) = (args.clone(), root.to_owned());
    let spawned = std::thread::Builder::new()
        .name("supchat-builtin".to_owned())
        .spawn(move || {
            let _ = tx.send(builtin::run(b, &args, &root, guard.as_ref()));
        });
    if spawned.is_err() {
        return Err("supchat could not start a thread for this call".to_owned());
    }
    rx.recv_timeout(BUILTIN_TIMEOUT).unwrap_or_else(|_| {
        Err(format!(
            "{} took longer than {} s and was given up",
            b.name(),
            BUILTIN_TIMEOUT.as_secs()
        ))
    })
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
    (capped(out, f.truncated), failed)
}

/// A tool's text as the model gets it: at most [`OUTPUT_CAP`] bytes (cut
/// at a character's edge, and said so; `truncated`: the tool's output was
/// cut already), or [`NO_OUTPUT`] for nothing.
fn capped(mut out: String, truncated: bool) -> String {
    if out.len() > OUTPUT_CAP {
        let mut cut = OUTPUT_CAP;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
    }
    if truncated || out.len() >= OUTPUT_CAP {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&format!("[output truncated at {} KiB]", OUTPUT_CAP / 1024));
    } else if out.trim().is_empty() {
        out = NO_OUTPUT.to_owned();
    }
    out
}
