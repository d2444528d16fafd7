//! How a turn ends: a request's end folds into the reply (complete, failed,
//! interrupted), a reply that called tools waits for their results and the
//! turn goes on, a cancel keeps what arrived; each call gets a result, run
//! or not, so that the history stays paired.

use super::{Ended, Engine, Now, Output, SendError, TurnOver, TurnRequest};
use crate::engine::RunEnd;
use crate::said::Said;
use supchat_api::Notice;
use supchat_chat::{
    EntryKind, FailedSend, FinishReason, ReplyEnd, ToolCall, ToolResult, TurnStats,
};

/// The result of a call that did not run, and why.
pub(super) fn not_run_result(c: &ToolCall, why: &str) -> ToolResult {
    ToolResult {
        call_id: c.id.clone(),
        name: c.name.clone(),
        content: format!("error: not run: {why}"),
        is_error: true,
        approval: None,
    }
}

impl Engine {
    /// The request of `turn` ended.
    pub fn on_end(&mut self, turn: u64, end: RunEnd, now: Now) -> Vec<Output> {
        let mut out = Vec::new();
        if self.streaming(turn).is_none() {
            return out;
        }
        match end {
            RunEnd::Complete => self.complete(&mut out, now),
            RunEnd::Failed(e) => self.fail(&mut out, e.to_string(), true, now),
            RunEnd::NotSent(n) => self.fail(&mut out, n.message, false, now),
        }
        out
    }

    pub(super) fn complete(&mut self, out: &mut Vec<Output>, now: Now) {
        let id = self.open_reply(out, now);
        let stats = self.close_reply(out, id, ReplyEnd::Complete, now);
        let (calls, cut) = self
            .conversation
            .assistant(id)
            .map(|a| {
                let cut = a.reply.finish == Some(FinishReason::Length);
                (a.reply.finished_tool_calls(), cut)
            })
            .unwrap_or_default();
        let max = self.max_tool_steps;
        let Some(t) = self.turn.as_mut() else { return };
        if calls.is_empty() {
            self.finish_turn(out, Ended::Answered(id), stats);
            return;
        }
        // Calls that will not run still get a result, so that the history
        // pairs every call with one and the screen says why.
        let not_run = if t.options.tools.is_none() {
            // Called from memory of an earlier request (an MCP server since
            // turned off, or still starting), or made up.
            Some(Said::new("core-not-run-no-tools"))
        } else if cut {
            Some(Said::new("core-not-run-cut"))
        } else if t.steps >= max {
            // A Said holds words, not numbers: the singular is its own.
            Some(match max {
                1 => Said::new("core-not-run-step"),
                _ => Said::new("core-not-run-steps").with("max", max.to_string()),
            })
        } else {
            None
        };
        if let Some(said) = not_run {
            // The model is told in English; the screen in the language in use.
            let why = said.english();
            for c in &calls {
                let r = not_run_result(c, &why);
                self.push(out, now, EntryKind::ToolResult(r));
            }
            out.push(Output::Notice(Notice::ToolsNotRun(said.text())));
            self.finish_turn(out, Ended::Answered(id), stats);
            return;
        }
        t.awaiting_tools = true;
        out.push(Output::ToolCalls {
            turn: t.id,
            reply: id,
            calls,
        });
    }

    pub(super) fn fail(&mut self, out: &mut Vec<Output>, error: String, sent: bool, now: Now) {
        let Some(t) = &self.turn else { return };
        if let Some(id) = t.reply {
            let stats = self.close_reply(out, id, ReplyEnd::Interrupted { error }, now);
            self.finish_turn(out, Ended::Interrupted(id), stats);
            return;
        }
        // A request after tool results answers no message of the user's.
        let prompt = (t.steps == 0).then_some(t.prompt);
        let stats = self.figures(now.mono);
        let failed = FailedSend {
            prompt,
            error,
            sent,
        };
        let id = self.push(out, now, EntryKind::FailedSend(failed));
        self.finish_turn(out, Ended::Failed(id), stats);
    }

    pub(super) fn finish_turn(&mut self, out: &mut Vec<Output>, ended: Ended, stats: TurnStats) {
        if let Some(t) = self.turn.take() {
            out.push(Output::TurnOver(TurnOver {
                turn: t.id,
                ended,
                stats,
            }));
        }
    }

    /// Stops the turn under way, keeping what arrived. Returns the turn's
    /// id (for the driver to drop its request) and the outputs.
    pub fn cancel(&mut self, now: Now) -> Option<(u64, Vec<Output>)> {
        self.cancel_with(Vec::new(), now)
    }

    /// [`Engine::cancel`], keeping the results of calls that did finish
    /// (the others are recorded as not run).
    pub fn cancel_with(
        &mut self,
        mut done: Vec<ToolResult>,
        now: Now,
    ) -> Option<(u64, Vec<Output>)> {
        let t = self.turn.as_ref()?;
        let turn = t.id;
        let mut out = Vec::new();
        if t.awaiting_tools
            && let Some(id) = t.reply
        {
            // The reply ended already: each of its calls gets a result
            // saying it did not run, so that the history stays paired.
            let calls = self
                .conversation
                .assistant(id)
                .map(|a| a.reply.finished_tool_calls())
                .unwrap_or_default();
            for c in &calls {
                let r = match done.iter().position(|r| r.call_id == c.id) {
                    Some(i) => done.swap_remove(i),
                    None => not_run_result(c, "the user cancelled the turn"),
                };
                self.push(&mut out, now, EntryKind::ToolResult(r));
            }
            let stats = self
                .conversation
                .assistant(id)
                .and_then(|a| a.stats.clone())
                .unwrap_or_default();
            self.finish_turn(&mut out, Ended::Cancelled(id), stats);
        } else {
            let id = self.open_reply(&mut out, now);
            let stats = self.close_reply(&mut out, id, ReplyEnd::Cancelled, now);
            self.finish_turn(&mut out, Ended::Cancelled(id), stats);
        }
        Some((turn, out))
    }

    /// Records the results of the calls a reply made, and continues the
    /// turn with the next request.
    pub fn tool_results(
        &mut self,
        turn: u64,
        results: Vec<ToolResult>,
        now: Now,
    ) -> Result<(TurnRequest, Vec<Output>), SendError> {
        if !self
            .turn
            .as_ref()
            .is_some_and(|t| t.id == turn && t.awaiting_tools)
        {
            return Err(SendError::NotWaiting);
        }
        let mut out = Vec::new();
        // One result per call, in the order of the calls: a missing one is
        // made up, one for no call is dropped.
        let calls = self
            .turn
            .as_ref()
            .and_then(|t| t.reply)
            .and_then(|id| self.conversation.assistant(id))
            .map(|a| a.reply.finished_tool_calls())
            .unwrap_or_default();
        let mut results = results;
        for c in &calls {
            let r = match results.iter().position(|r| r.call_id == c.id) {
                Some(i) => results.swap_remove(i),
                None => not_run_result(c, "no result was given for this call"),
            };
            self.push(&mut out, now, EntryKind::ToolResult(r));
        }
        let Some(mut t) = self.turn.take() else {
            return Err(SendError::NotWaiting);
        };
        t.awaiting_tools = false;
        t.steps += 1;
        t.reply = None;
        t.early = Default::default();
        t.started = now.mono;
        t.first_output = None;
        t.chars = 0;
        t.deltas = 0;
        let request = self.request_for(&t);
        self.turn = Some(t);
        Ok((request, out))
    }
}
