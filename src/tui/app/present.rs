//! What the chat session decided, carried out on screen: changes become
//! cells (a reply's cell appears when it begins, grows as it streams and
//! is drawn from the conversation once it ended), and what the runtime
//! must do becomes effects.

use std::borrow::Cow;
use std::time::Instant;

use super::{App, Cause, Effect};
use crate::tui::cells::{CellKind, LiveReply, kinds_of};
use supchat_api::Notice;
use supchat_chat::text::sanitize;
use supchat_chat::{EntryId, EntryKind};
use supchat_core::engine::{Change, Now, What};
use supchat_core::session::Out;

impl App {
    /// Carries out what the chat session decided: changes are shown, and
    /// what the runtime must do becomes its effects.
    pub(super) fn present(&mut self, outs: Vec<Out>, clock: Now) {
        let now = clock.mono;
        for o in outs {
            match o {
                Out::Changed(c) => self.on_change(c, now),
                Out::Notice(n) => {
                    let cause = match n {
                        Notice::Retrying { .. } => Cause::Turn,
                        _ => Cause::Info,
                    };
                    self.notice(cause, n.to_string(), now);
                }
                Out::Send(request) => {
                    // The conversation goes on: a compare's view is over.
                    self.compare = None;
                    // A new run shows its panel while it is live, whatever
                    // F7 chose before; the reply's cell waits for it.
                    self.supai_panel_open = None;
                    let cell = self.cells.push(CellKind::Reply(None));
                    self.live = Some(LiveReply::new(cell, request.provider.label(), now));
                    self.effects_out.push(Effect::StartTurn(request));
                }
                Out::StopRequest(turn) => self.effects_out.push(Effect::CancelTurn(turn)),
                Out::ToolsBegan { .. } => self.begin_tools(),
                // The screen asks: nothing is declined without a question.
                Out::Declined(_) => {}
                Out::RunTools { turn, jobs } => {
                    self.effects_out.push(Effect::RunTools { turn, jobs });
                    self.touch_tool_cells();
                }
                Out::StopTools(turn) => self.effects_out.push(Effect::CancelTools(turn)),
                Out::Save(writes) => self.effects_out.push(Effect::Save(writes)),
                Out::TurnOver(over) => {
                    self.save_wire(over.turn);
                    self.end_notice(Cause::Turn);
                    self.live = None;
                    self.last_stats = Some(over.stats);
                    self.after_turn(over.ended, clock);
                }
            }
        }
    }

    fn touch_live(&mut self) {
        if let Some(l) = &self.live {
            self.cells.touch(l.cell);
        }
    }

    fn on_change(&mut self, c: Change, now: Instant) {
        match c.what {
            What::Added => {
                self.on_added(c.entry, now);
                self.recount();
            }
            What::Text(t) => {
                if let Some(l) = &mut self.live {
                    l.push_text(&t);
                }
                self.touch_live();
            }
            What::Reasoning(r) => {
                if let Some(l) = &mut self.live {
                    l.push_reasoning(&r);
                }
                self.touch_live();
            }
            // Sup.ai's answer starting over keeps the reasoning; a reply
            // asked for again (its stream broke off) drops it too.
            What::Restarted | What::StartedOver => {
                if let Some(l) = &mut self.live {
                    l.restart();
                    if c.what == What::StartedOver {
                        l.drop_reasoning();
                    }
                }
                self.touch_live();
            }
            What::ToolCall | What::SupAi => self.touch_live(),
            What::Meta => {}
            What::Ended => {
                self.on_reply_ended(c.entry);
                self.recount();
            }
            What::Removed => {
                // What went over the wire for it goes too (its id may come
                // again), and a compare's view with it.
                self.wire.exchanges.retain(|x| x.reply != Some(c.entry));
                self.compare = None;
                // The screen is the conversation again, without the turn.
                self.cells = crate::tui::cells::Cells::project(self.session.conversation());
                self.layers.close(super::layers::Kind::Selection);
                self.recount();
            }
        }
    }

    /// The waiting cell of the live turn, if the reply has not begun.
    fn waiting_cell(&self) -> Option<usize> {
        let l = self.live.as_ref()?;
        (self.cells.list.get(l.cell)?.kind == CellKind::Reply(None)).then_some(l.cell)
    }

    fn on_added(&mut self, id: EntryId, now: Instant) {
        let Some(entry) = self.session.conversation().get(id) else {
            return;
        };
        if matches!(
            entry.kind,
            EntryKind::Assistant(_) | EntryKind::FailedSend(_)
        ) {
            self.wire_made(id);
        }
        let Some(entry) = self.session.conversation().get(id) else {
            return;
        };
        match &entry.kind {
            EntryKind::Assistant(a) => {
                // The reply began: a retry notice has had its day.
                if self.flash.as_ref().is_some_and(|f| f.cause == Cause::Turn) {
                    self.flash = None;
                }
                if let Some(i) = self.waiting_cell() {
                    self.cells.list[i].kind = CellKind::Reply(Some(id));
                    self.cells.touch(i);
                } else {
                    let source = a.answerer.label();
                    let cell = self.cells.push(CellKind::Reply(Some(id)));
                    self.live = Some(LiveReply::new(cell, source, now));
                }
            }
            EntryKind::FailedSend(_) => {
                match self.waiting_cell() {
                    Some(i) => {
                        self.cells.list[i].kind = CellKind::Failed(id);
                        self.cells.touch(i);
                    }
                    None => {
                        self.cells.push(CellKind::Failed(id));
                    }
                }
                self.live = None;
                // The message stays in the conversation, marked: Enter in
                // an empty box sends it again. The box keeps only what is
                // being typed.
            }
            EntryKind::ToolResult(_) => self.touch_tool_cells_at_end(),
            _ => {
                for kind in kinds_of(entry) {
                    self.cells.push(kind);
                }
            }
        }
    }

    /// A result arrived: the call cells of the newest reply show it.
    fn touch_tool_cells_at_end(&mut self) {
        let n = self.cells.list.len();
        let first = self.cells.list[..n]
            .iter()
            .rposition(|c| !matches!(c.kind, CellKind::ToolCall { .. }))
            .map_or(0, |i| i + 1);
        for i in first..n {
            self.cells.touch(i);
        }
    }

    /// A reply ended: it is drawn from the conversation from now on, and its
    /// tool calls show as cells below it.
    fn on_reply_ended(&mut self, id: EntryId) {
        if let Some(i) = self.cells.find(id) {
            self.cells.touch(i);
        }
        if self
            .live
            .as_ref()
            .is_some_and(|l| self.cells.list.get(l.cell).and_then(|c| c.entry()) == Some(id))
        {
            self.live = None;
        }
        let Some(entry) = self.session.conversation().get(id) else {
            return;
        };
        for kind in kinds_of(entry).into_iter().skip(1) {
            self.cells.push(kind);
        }
    }

    /// The cleaned text of the reply in cell `i`, if it is a reply.
    pub fn reply_text(&self, i: usize) -> Option<Cow<'_, str>> {
        let cell = self.cells.list.get(i)?;
        let CellKind::Reply(id) = cell.kind else {
            return None;
        };
        if let Some(l) = self.live.as_ref().filter(|l| l.cell == i) {
            return Some(Cow::Borrowed(&l.text));
        }
        let a = self.conversation().assistant(id?)?;
        Some(Cow::Owned(sanitize(&a.reply.text)))
    }

    /// The cleaned text of every reply, newest first.
    pub(super) fn reply_texts(&self) -> impl Iterator<Item = Cow<'_, str>> + '_ {
        (0..self.cells.list.len())
            .rev()
            .filter_map(|i| self.reply_text(i))
    }
}
