//! The tool loop of a chat session: a reply's calls are checked and
//! approved (the config, the session's "always", or the policy: ask the
//! user, approve all, decline all), the approved ones run off the loop, and
//! once every call has its result the turn goes on with the next request.

use supchat_chat::{Approval, EntryId, ToolCall, ToolResult};

use super::{ChatSession, Out};
use crate::engine::Now;
use crate::tools::{Answer, Batch};

/// How calls that need a yes are answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approvals {
    /// The user is asked ([`ChatSession::answer`]).
    Ask,
    /// Every call runs (`ask --yes`).
    ApproveAll,
    /// None runs: there is nobody to ask.
    DeclineAll,
}

impl ChatSession {
    /// The calls under way, if any.
    pub fn batch(&self) -> Option<&Batch> {
        self.batch.as_ref()
    }

    /// The call waiting for the user's answer, if one is.
    pub fn asking(&self) -> Option<&ToolCall> {
        let b = self.batch.as_ref()?;
        b.asking().map(|i| &b.items[i].call)
    }

    pub(super) fn begin_tools(
        &mut self,
        turn: u64,
        reply: EntryId,
        calls: Vec<ToolCall>,
        now: Now,
        out: &mut Vec<Out>,
    ) {
        let mut batch = Batch::new(turn, reply, calls, &self.toolbox, &self.allowed);
        match self.approvals {
            Approvals::Ask => {}
            Approvals::ApproveAll => batch.approve_all(Approval::Flag),
            Approvals::DeclineAll => {
                let names = batch.decline_all();
                if !names.is_empty() {
                    out.push(Out::Declined(names));
                }
            }
        }
        self.batch = Some(batch);
        out.push(Out::ToolsBegan { turn });
        self.advance_tools(now, out);
    }

    /// The user's answer to the call waiting for one.
    pub fn answer(&mut self, answer: Answer, now: Now) -> Vec<Out> {
        let mut out = Vec::new();
        let Some(b) = &mut self.batch else {
            return out;
        };
        if let Some(i) = b.asking() {
            b.answer(i, answer, &mut self.allowed);
        }
        self.advance_tools(now, &mut out);
        out
    }

    /// A call of `turn` ran: the `index`th of its batch.
    pub fn tool_done(&mut self, turn: u64, index: usize, result: ToolResult, now: Now) -> Vec<Out> {
        let mut out = Vec::new();
        match &mut self.batch {
            Some(b) if b.turn == turn => b.finish(index, result),
            // A cancelled turn's tool: its result is not wanted.
            _ => return out,
        }
        self.advance_tools(now, &mut out);
        out
    }

    /// Starts what is approved; once every call has a result, hands them to
    /// the engine and sends the next request.
    fn advance_tools(&mut self, now: Now, out: &mut Vec<Out>) {
        let Some(batch) = &mut self.batch else { return };
        let turn = batch.turn;
        let jobs = batch.take_jobs(&self.toolbox);
        if !jobs.is_empty() {
            out.push(Out::RunTools { turn, jobs });
        }
        if !batch.is_done() {
            return;
        }
        let Some(batch) = self.batch.take() else {
            return;
        };
        if let Ok((mut request, outs)) = self.engine.tool_results(turn, batch.results(), now) {
            // The tools as they are now: an MCP server that stopped or
            // changed its list since the turn began.
            let now_offered = self.options_for(&request.provider);
            request.options.tools = now_offered.tools;
            request.options.tool_choice = now_offered.tool_choice;
            self.present(outs, now, out);
            out.push(Out::Send(Box::new(request)));
        }
    }
}
