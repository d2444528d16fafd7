//! A compare's lanes at work: what each lane's session decides is carried
//! out, its events and tool results are routed to it by turn, a call that
//! waits for a yes is asked about, and once every lane has ended their
//! answers join the conversation.

use super::super::{App, Cause, Effect};
use supchat_chat::{EntryId, EntryKind};
use supchat_core::engine::{Now, RunEnd};
use supchat_core::session::Out;

impl App {
    /// What a lane's session decided: its requests and tools start and
    /// stop; its changes are drawn from the lane itself.
    pub(in crate::tui::app) fn present_lane(&mut self, lane: usize, outs: Vec<Out>, now: Now) {
        for o in outs {
            match o {
                Out::Send(request) => self.effects_out.push(Effect::StartTurn(request)),
                Out::StopRequest(turn) => self.effects_out.push(Effect::CancelTurn(turn)),
                Out::RunTools { turn, jobs } => {
                    self.effects_out.push(Effect::RunTools { turn, jobs })
                }
                Out::StopTools(turn) => self.effects_out.push(Effect::CancelTools(turn)),
                Out::Notice(n) => {
                    let label = self.compare.as_ref().map_or(String::new(), |c| {
                        supchat_chat::text::sanitize_line(&c.lanes[lane].label)
                    });
                    self.notice(
                        Cause::Turn,
                        format!("{}: {label} · {n}", lane + 1),
                        now.mono,
                    );
                }
                Out::TurnOver(over) => {
                    if let Some(c) = &mut self.compare {
                        c.ended[lane] = Some(over.stats);
                    }
                }
                Out::Changed(c) if c.what == supchat_core::engine::What::Added => {
                    if let Some(cmp) = &self.compare {
                        let conv = cmp.lanes[lane].session.conversation();
                        let made = conv.get(c.entry).is_some_and(|e| {
                            matches!(e.kind, EntryKind::Assistant(_) | EntryKind::FailedSend(_))
                        });
                        if made {
                            let turn = cmp.turns[lane];
                            self.wire.made(turn, c.entry);
                        }
                    }
                }
                Out::Changed(_) | Out::ToolsBegan { .. } | Out::Declined(_) | Out::Save(_) => {}
            }
        }
        self.adopt_when_all_ended(now);
    }

    /// Every lane ended: their answers join the conversation (and the saved
    /// session), and the conversation is drawn again with them.
    fn adopt_when_all_ended(&mut self, now: Now) {
        let Some(c) = &mut self.compare else { return };
        if c.adopted || c.lanes.iter().any(|l| l.session.is_busy()) {
            return;
        }
        // Each lane's entries, in the order they join: their wire follows
        // them to their ids in the conversation.
        let joining_of: Vec<Vec<(u64, EntryId)>> = c
            .lanes
            .iter()
            .zip(&c.turns)
            .map(|(l, turn)| {
                l.session
                    .conversation()
                    .entries()
                    .iter()
                    // As adopting does: a lane's own system prompt stays.
                    .filter(|e| e.id > c.question && !matches!(e.kind, EntryKind::System { .. }))
                    .map(|e| (*turn, e.id))
                    .collect()
            })
            .collect();
        let goes_on = (0..c.lanes.len())
            .rev()
            .find(|&i| c.lanes[i].answered(c.question))
            .unwrap_or(c.lanes.len().saturating_sub(1));
        c.goes_on = goes_on;
        // The order they join in: the one going on last.
        let joining: Vec<(u64, EntryId)> = (0..c.lanes.len())
            .filter(|&i| i != goes_on)
            .chain(std::iter::once(goes_on))
            .flat_map(|i| joining_of[i].clone())
            .collect();
        match self.session.adopt(c.question, &c.lanes, goes_on, now) {
            Ok(outs) => {
                c.adopted = true;
                let added = outs.iter().filter_map(|o| match o {
                    Out::Changed(ch) if ch.what == supchat_core::engine::What::Added => {
                        Some(ch.entry)
                    }
                    _ => None,
                });
                let map: Vec<(u64, EntryId, EntryId)> = joining
                    .iter()
                    .zip(added)
                    .map(|(&(turn, from), to)| (turn, from, to))
                    .collect();
                self.wire.renumber(&map);
                let turns = self
                    .compare
                    .as_ref()
                    .map(|c| c.turns.clone())
                    .unwrap_or_default();
                for t in turns {
                    self.save_wire(t);
                }
                // Saved; the screen is the conversation again, drawn whole
                // (the answers are not replies streaming in).
                for o in outs {
                    if let Out::Save(w) = o {
                        self.effects_out.push(Effect::Save(w));
                    }
                }
                self.cells = crate::tui::cells::Cells::project(self.session.conversation());
                self.live = None;
                self.recount();
                // What was said of the answers under way has had its day;
                // the footer's figures are those of the one going on.
                self.end_notice(Cause::Turn);
                if let Some(c) = &self.compare {
                    self.last_stats = c.ended.get(c.goes_on).cloned().flatten();
                }
                let stopped = self.compare.as_ref().is_some_and(|c| c.stopped);
                if stopped && !self.queue.is_empty() {
                    let n = self.queue.len();
                    self.flash(supchat_i18n::tr!("flash-queue-held", n = n), now.mono);
                } else if let Some(e) = self.send_queued(now) {
                    self.effects_out.push(e);
                }
            }
            Err(e) => self.flash(e.to_string(), now.mono),
        }
    }

    /// A stream event, when it is a lane's: true when it was.
    pub(in crate::tui::app) fn lane_stream(
        &mut self,
        turn: u64,
        ev: &supchat_api::StreamEvent,
        now: Now,
    ) -> bool {
        let Some(c) = &mut self.compare else {
            return false;
        };
        let Some(i) = c.lane_of(turn) else {
            return false;
        };
        let outs = c.lanes[i].session.on_event(turn, ev, now);
        self.present_lane(i, outs, now);
        true
    }

    /// The end of a request, when it is a lane's (else given back).
    pub(in crate::tui::app) fn lane_done(
        &mut self,
        turn: u64,
        end: RunEnd,
        now: Now,
    ) -> Result<(), RunEnd> {
        let Some(c) = &mut self.compare else {
            return Err(end);
        };
        let Some(i) = c.lane_of(turn) else {
            return Err(end);
        };
        let outs = c.lanes[i].session.on_end(turn, end, now);
        self.present_lane(i, outs, now);
        Ok(())
    }

    pub(in crate::tui::app) fn lane_tool_done(
        &mut self,
        turn: u64,
        index: usize,
        result: supchat_chat::ToolResult,
        now: Now,
    ) -> Result<(), supchat_chat::ToolResult> {
        let Some(c) = &mut self.compare else {
            return Err(result);
        };
        let Some(i) = c.lane_of(turn) else {
            return Err(result);
        };
        let outs = c.lanes[i].session.tool_done(turn, index, result, now);
        self.present_lane(i, outs, now);
        Ok(())
    }

    /// The lane whose tool call waits for a yes, if one does.
    pub(in crate::tui::app) fn asking_lane(&self) -> Option<usize> {
        let c = self.compare.as_ref()?;
        c.lanes.iter().position(|l| l.session.asking().is_some())
    }

    /// The session whose tool call waits for a yes: a lane's, else the
    /// conversation's own.
    pub(in crate::tui::app) fn asker(&self) -> &supchat_core::session::ChatSession {
        match (self.asking_lane(), &self.compare) {
            (Some(i), Some(c)) => &c.lanes[i].session,
            _ => &self.session,
        }
    }

    /// Stops lane `i` (None: all), keeping what arrived.
    pub(in crate::tui::app) fn stop_lanes(&mut self, only: Option<usize>, now: Now) -> bool {
        let Some(c) = &mut self.compare else {
            return false;
        };
        c.stopped = true;
        let mut stopped = Vec::new();
        for (i, l) in c.lanes.iter_mut().enumerate() {
            if only.is_some_and(|o| o != i) || !l.session.is_busy() {
                continue;
            }
            if let Some(t) = c.turns.get(i) {
                self.wire.stopped(*t);
            }
            stopped.push((i, l.session.cancel(now)));
        }
        let any = !stopped.is_empty();
        for (i, outs) in stopped {
            self.present_lane(i, outs, now);
        }
        any
    }
}
