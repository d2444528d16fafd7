//! The calls of one reply on their way to results: each checked against
//! the toolbox, approved (by the config, the session's "always", or an
//! answer), run, and finished; one result per call, in the order of the
//! calls.

use std::collections::HashSet;

use serde_json::Value;

use super::{Job, Toolbox};
use crate::config::tools::Approve;
use supchat_chat::{Approval, EntryId, ToolCall, ToolResult};

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
    /// Why this call asks although its tool does not (a file built-in
    /// reaching a secret): said to the user, and never approved "always".
    pub why: Option<String>,
    /// The same, in English: what the model is told when the call is
    /// declined with no one to ask.
    why_for_model: Option<String>,
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
        let most = toolbox.max_calls() as usize;
        let items = calls
            .into_iter()
            .enumerate()
            .map(|(i, call)| {
                let checked = if i < most {
                    toolbox.check(&call)
                } else {
                    Err(format!(
                        "not run: a reply may make at most {most} tool calls (max_tool_calls); make fewer at a time"
                    ))
                };
                let (state, args, why) = match checked {
                    Err(why) => (
                        State::Finished(result(&call, why, true, None)),
                        Value::Null,
                        None::<crate::said::Said>,
                    ),
                    Ok((tool, args)) => {
                        let why = toolbox.why_ask(&tool, &args);
                        let state = if why.is_some() {
                            State::Asking
                        } else if tool.approve == Approve::Auto {
                            State::Approved(Approval::Auto)
                        } else if allowed.contains(&tool.name) {
                            State::Approved(Approval::Session)
                        } else {
                            State::Asking
                        };
                        (state, args, why)
                    }
                };
                Item {
                    call,
                    state,
                    why: why.as_ref().map(crate::said::Said::text),
                    why_for_model: why.as_ref().map(crate::said::Said::english),
                    args,
                }
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
            // A call that asks for a reason of its own is approved alone:
            // "always" never reaches a secret.
            Answer::Always if item.why.is_some() => item.state = State::Approved(Approval::User),
            Answer::Always => {
                let name = item.call.name.clone();
                for it in &mut self.items {
                    if it.call.name == name && it.state == State::Asking && it.why.is_none() {
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
    pub fn decline_all(&mut self) -> Vec<(String, Option<String>)> {
        let mut names = Vec::new();
        for it in &mut self.items {
            if it.state == State::Asking {
                // What the model is told: why, when it asked for a reason
                // of its own (a secret), not that the user said no.
                let said = match &it.why_for_model {
                    Some(why) => super::for_model::declined_unasked(why),
                    None => DECLINED.to_owned(),
                };
                it.state = State::Finished(result(&it.call, said, true, Some(Approval::Declined)));
                names.push((it.call.name.clone(), it.why.clone()));
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
                // Gone since it was checked (its MCP server stopped): the
                // call fails, the turn goes on.
                it.state = State::Finished(result(
                    &it.call,
                    "error: this tool is no longer offered (its MCP server stopped); the call was not made".to_owned(),
                    true,
                    Some(how),
                ));
                continue;
            };
            it.state = State::Running(how);
            jobs.push(Job {
                index,
                approval: how,
                mcp: toolbox.mcp.clone(),
                tool,
                call: it.call.clone(),
                args: std::mem::take(&mut it.args),
                root: toolbox.root.clone(),
                hidden_env: toolbox.hidden_env.clone(),
                // Run without a question (approve = "auto", or "always"):
                // what is opened is judged again, in case a link changed
                // since the call was checked. A yes (or --yes) covers it.
                guard: (it.why.is_none() && matches!(how, Approval::Auto | Approval::Session))
                    .then(|| toolbox.secrets.clone()),
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

pub(super) fn result(
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
