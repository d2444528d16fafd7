//! A turn's life in the app: stream events into the reply cell, the end of
//! the turn, cancelling. Events of a turn that is no longer active (a
//! cancelled stream's late tokens) are ignored by their turn id.

use std::time::Instant;

use super::{App, Effect};
use crate::api::{StreamEvent, TurnEnd};
use crate::chat::TurnStats;
use crate::tui::cells::{CellKind, ReplyState};

impl App {
    fn active_cell(&mut self, turn: u64) -> Option<usize> {
        match self.active {
            Some((t, idx)) if t == turn => Some(idx),
            _ => None,
        }
    }

    pub(super) fn on_stream(&mut self, turn: u64, ev: &StreamEvent, now: Instant) {
        let Some(idx) = self.active_cell(turn) else {
            return;
        };
        if let StreamEvent::Notice(n) = ev {
            self.flash(n.to_string(), now);
        }
        let changed = match &mut self.cells.list[idx].kind {
            CellKind::Assistant(a) => a.apply(ev, now),
            _ => false,
        };
        if changed {
            self.touch(idx);
        }
    }

    pub(super) fn on_turn_done(&mut self, turn: u64, stats: TurnStats, end: TurnEnd) {
        let Some(idx) = self.active_cell(turn) else {
            return;
        };
        self.active = None;
        let mut error = None;
        if let CellKind::Assistant(a) = &mut self.cells.list[idx].kind {
            a.stats = Some(stats.clone());
            a.state = match end {
                TurnEnd::Complete => ReplyState::Done,
                TurnEnd::Failed(e) if a.reply.has_output() => {
                    ReplyState::Interrupted(e.to_string())
                }
                TurnEnd::Failed(e) => {
                    error = Some(e.to_string());
                    ReplyState::Done
                }
            };
        }
        self.last_stats = Some(stats);
        self.touch(idx);
        let calls = match &self.cells.list[idx].kind {
            CellKind::Assistant(a) if error.is_none() => a.reply.finished_tool_calls(),
            _ => Vec::new(),
        };
        for call in calls {
            self.push_cell(CellKind::ToolCall {
                name: call.name,
                arguments: call.arguments,
                status: "not run: running tools comes in a later version of supchat".to_owned(),
            });
        }
        if let Some(detail) = error {
            self.unsent(idx, "The request failed", detail);
        }
    }

    pub(super) fn on_turn_refused(&mut self, turn: u64, message: String) {
        let Some(idx) = self.active_cell(turn) else {
            return;
        };
        self.active = None;
        self.unsent(idx, "The message was not sent", message);
    }

    /// A message that got no reply at all: the reply cell gives way to an
    /// error cell, and the message goes back into the input box (when that is
    /// empty) so nothing typed is lost and it can be sent again.
    fn unsent(&mut self, reply_idx: usize, title: &str, detail: String) {
        self.cells.list.remove(reply_idx);
        let user_idx = reply_idx.checked_sub(1);
        if self.input.is_empty()
            && let Some(u) = user_idx
            && let CellKind::User(text) = &self.cells.list[u].kind
        {
            let text = text.clone();
            self.cells.list.remove(u);
            self.input.insert_str(text);
        }
        self.push_cell(CellKind::Error {
            title: title.to_owned(),
            detail,
        });
    }

    /// Esc / Ctrl+C: stops the live reply, keeping what arrived.
    pub(super) fn cancel_turn(&mut self) -> Option<Effect> {
        let (turn, idx) = self.active.take()?;
        if let CellKind::Assistant(a) = &mut self.cells.list[idx].kind {
            a.state = ReplyState::Cancelled;
        }
        self.touch(idx);
        Some(Effect::CancelTurn(turn))
    }
}
