//! A compare on screen (`/compare A B …`): the next message goes to 2-4
//! targets at once. Each answers in a lane of its own (the chat session's
//! [`Lane`]); the lanes stream side by side, each stopped alone (Alt+N) or
//! all together (Esc). When all have ended, their answers join the
//! conversation as branches of that turn, the last one going on; Alt+N
//! then goes on with answer N instead (the others stay, one quiet line
//! each, and ← → on them goes back).

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::picker::{Picker, PickerKind};
use super::{App, Cause, Effect, Popup};
use supchat_chat::{EntryId, EntryKind, TurnStats};
use supchat_core::config::{ProviderKind, SUPAI_MODES};
use supchat_core::engine::{Now, RunEnd};
use supchat_core::session::{Lane, Out, Target};

/// The compare under way or just ended, while its view is open.
pub struct Compare {
    /// The message the lanes answer.
    pub question: EntryId,
    pub lanes: Vec<Lane>,
    /// Each lane's figures, once it ended.
    pub ended: Vec<Option<TurnStats>>,
    /// Each lane's turn (its requests' wire is kept under it).
    pub turns: Vec<u64>,
    /// The lanes' answers joined the conversation.
    pub adopted: bool,
    /// The user stopped one or all: a message typed meanwhile waits.
    pub stopped: bool,
    /// The lane whose answer goes on (joined last), once they joined.
    pub goes_on: usize,
    /// Rows scrolled up from the end of each lane's answer.
    pub scroll: usize,
}

impl Compare {
    pub fn running(&self) -> bool {
        !self.adopted
    }

    /// The lane a turn belongs to.
    fn lane_of(&self, turn: u64) -> Option<usize> {
        self.lanes
            .iter()
            .position(|l| l.session.engine().owns_turn(turn))
    }

    /// The lane the conversation goes on with unless another is chosen:
    /// the last whose answer is whole (it joined last).
    pub fn going_on(&self) -> usize {
        self.goes_on
    }
}

impl App {
    /// `/compare A B …`: the next message goes to these targets at once;
    /// `/compare off` goes back to one. Without targets, says how.
    pub(super) fn arm_compare(&mut self, arg: Option<String>, now: Instant) {
        let words: Vec<&str> = arg.as_deref().unwrap_or("").split_whitespace().collect();
        if words.is_empty() {
            self.open_compare_picker();
            return;
        }
        if words == ["off"] {
            self.compare_next = None;
            self.notice(
                Cause::NextMessage,
                supchat_i18n::tr("flash-compare-off"),
                now,
            );
            return;
        }
        match Target::parse_all(words.iter().copied(), self.session.choices()) {
            Ok(targets) => {
                let labels: Vec<String> = targets.iter().map(|t| self.target_label(t)).collect();
                self.notice_for(
                    Cause::NextMessage,
                    supchat_i18n::tr!("flash-compare-armed", targets = labels.join(" · ")),
                    now,
                    std::time::Duration::from_secs(30),
                );
                self.compare_next = Some(targets);
            }
            Err(why) => self.refuse(why, now),
        }
    }

    /// The targets to tick (Space), 2 to 4: each provider with the model
    /// it uses, the models listed for it this session, each Sup.ai mode.
    pub(super) fn open_compare_picker(&mut self) {
        let mut values = Vec::new();
        for p in self.session.choices().providers() {
            values.push(p.name.clone());
            let more: Vec<String> = if p.kind == ProviderKind::SupAi {
                SUPAI_MODES.iter().map(|m| (*m).to_owned()).collect()
            } else {
                self.models.get(&p.name).cloned().unwrap_or_default()
            };
            for m in more.iter().filter(|m| **m != p.model_label()) {
                values.push(format!("{}:{m}", p.name));
            }
        }
        let labels = values
            .iter()
            .map(|v| {
                let t = Target::parse(v);
                let label = self.target_label(&t);
                let keyless = self
                    .session
                    .choices()
                    .provider(&t.provider)
                    .and_then(|p| p.key.plainly_missing(&p.name))
                    .is_some();
                if keyless {
                    supchat_i18n::tr!("picker-compare-no-key", target = label)
                } else {
                    label
                }
            })
            .collect();
        let picker = Picker::new(
            PickerKind::CompareTargets,
            supchat_i18n::tr("picker-title-compare"),
            labels,
            values,
        );
        self.layers.open_popup(Popup::Picker(Box::new(picker)));
    }

    fn target_label(&self, t: &Target) -> String {
        let mut c = self.session.choices().clone();
        match t.choose(&mut c) {
            Ok(()) => supchat_chat::text::sanitize_line(&c.current().label()),
            Err(_) => t.provider.clone(),
        }
    }

    /// The message goes to the armed targets: the question joins the
    /// conversation, and each lane's request starts.
    pub(super) fn begin_compare(
        &mut self,
        text: String,
        files: Vec<supchat_chat::Attachment>,
        targets: Vec<Target>,
        now: Now,
    ) {
        match self.session.compare(text, files, &targets, now) {
            Ok(begun) => {
                self.compare_next = None;
                self.end_notice(Cause::NextMessage);
                self.present(begun.outs, now);
                let n = begun.lanes.len();
                let turns = begun
                    .lanes
                    .iter()
                    .map(|l| l.session.engine().live().map_or(0, |t| t.turn))
                    .collect();
                self.compare = Some(Compare {
                    question: begun.question,
                    lanes: begun.lanes,
                    ended: vec![None; n],
                    turns,
                    adopted: false,
                    stopped: false,
                    goes_on: n.saturating_sub(1),
                    scroll: 0,
                });
                for (i, outs) in begun.lane_outs.into_iter().enumerate() {
                    self.present_lane(i, outs, now);
                }
            }
            Err(why) => self.flash(why, now.mono),
        }
    }

    /// What a lane's session decided: its requests and tools start and
    /// stop; its changes are drawn from the lane itself.
    pub(super) fn present_lane(&mut self, lane: usize, outs: Vec<Out>, now: Now) {
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
    pub(super) fn lane_stream(
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
    pub(super) fn lane_done(&mut self, turn: u64, end: RunEnd, now: Now) -> Result<(), RunEnd> {
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

    pub(super) fn lane_tool_done(
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
    pub(super) fn asking_lane(&self) -> Option<usize> {
        let c = self.compare.as_ref()?;
        c.lanes.iter().position(|l| l.session.asking().is_some())
    }

    /// The session whose tool call waits for a yes: a lane's, else the
    /// conversation's own.
    pub(super) fn asker(&self) -> &supchat_core::session::ChatSession {
        match (self.asking_lane(), &self.compare) {
            (Some(i), Some(c)) => &c.lanes[i].session,
            _ => &self.session,
        }
    }

    /// Stops lane `i` (None: all), keeping what arrived.
    pub(super) fn stop_lanes(&mut self, only: Option<usize>, now: Now) -> bool {
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

    /// Keys while a compare is on screen: Esc stops every lane, Alt+N
    /// stops lane N while it streams and then goes on with its answer;
    /// PageUp and PageDown scroll the lanes. None: not the compare's key.
    pub(super) fn on_compare_key(&mut self, k: KeyEvent, now: Now) -> Option<Vec<Effect>> {
        let c = self.compare.as_ref()?;
        let n = c.lanes.len();
        match k.code {
            // A message waiting goes first (as with one reply).
            KeyCode::Esc if c.running() && self.queue.is_empty() => {
                self.stop_lanes(None, now);
                Some(Vec::new())
            }
            KeyCode::Esc if !c.running() && self.input.is_empty() => {
                self.close_compare(now.mono);
                Some(Vec::new())
            }
            KeyCode::Char(d) if k.modifiers.contains(KeyModifiers::ALT) && d.is_ascii_digit() => {
                let i = usize::from(d as u8 - b'0')
                    .checked_sub(1)
                    .filter(|&i| i < n);
                match i {
                    Some(i) if c.lanes[i].session.is_busy() => {
                        self.stop_lanes(Some(i), now);
                    }
                    Some(i) if c.adopted => self.go_on_with(i, now),
                    Some(_) => self.flash(supchat_i18n::tr("flash-compare-wait"), now.mono),
                    None => self.flash(supchat_i18n::tr!("flash-compare-no-lane", n = n), now.mono),
                }
                Some(Vec::new())
            }
            KeyCode::PageUp => {
                let rows = usize::from(self.size.1 / 2).max(1);
                if let Some(c) = &mut self.compare {
                    c.scroll = c.scroll.saturating_add(rows);
                }
                Some(Vec::new())
            }
            KeyCode::PageDown => {
                let rows = usize::from(self.size.1 / 2).max(1);
                if let Some(c) = &mut self.compare {
                    c.scroll = c.scroll.saturating_sub(rows);
                }
                Some(Vec::new())
            }
            _ => None,
        }
    }

    /// The conversation goes on with lane `i`'s answer: that branch is
    /// sent from now on; the compare view closes.
    fn go_on_with(&mut self, i: usize, now: Now) {
        let Some(c) = &self.compare else { return };
        let label = supchat_chat::text::sanitize_line(&c.lanes[i].label);
        let Some(reply) = self.lane_answer(c.question, i) else {
            self.flash(supchat_i18n::tr("flash-compare-no-answer"), now.mono);
            return;
        };
        // Not the branch sent now (whichever went on, or was gone back to
        // meanwhile): it becomes the one.
        if self.superseded(reply) {
            match self.session.switch_branch(reply, 0, now) {
                Ok((_, _, outs)) => self.present(outs, now),
                Err(e) => {
                    self.flash(e.to_string(), now.mono);
                    return;
                }
            }
        }
        // The footer's figures are the chosen answer's.
        if let Some(c) = &self.compare {
            self.last_stats = c.ended.get(i).cloned().flatten();
        }
        self.compare = None;
        self.follow();
        self.flash(
            supchat_i18n::tr!("flash-compare-chosen", n = i + 1, target = label),
            now.mono,
        );
    }

    /// The first answer of lane `i` in the conversation.
    pub(super) fn lane_answer(&self, question: EntryId, i: usize) -> Option<EntryId> {
        let want = u8::try_from(i + 1).ok()?;
        self.conversation()
            .entries()
            .iter()
            .filter(|e| e.id > question)
            .find(|e| matches!(&e.kind, EntryKind::Assistant(a) if a.compare == Some(want)))
            .map(|e| e.id)
    }

    /// The compare view closes; the conversation goes on as it is.
    pub(super) fn close_compare(&mut self, _now: Instant) {
        if self.compare.as_ref().is_some_and(Compare::running) {
            return;
        }
        self.compare = None;
        self.follow();
    }

    pub fn compare(&self) -> Option<&Compare> {
        self.compare.as_ref()
    }

    /// The lane whose answer the conversation goes on with now, once the
    /// answers joined (a branch gone back to meanwhile counts).
    pub fn compare_going_on(&self) -> Option<usize> {
        let c = self.compare.as_ref().filter(|c| c.adopted)?;
        (0..c.lanes.len()).rev().find(|&i| {
            self.lane_answer(c.question, i)
                .is_some_and(|r| !self.superseded(r))
        })
    }

    pub fn compare_armed(&self) -> Option<&[Target]> {
        self.compare_next.as_deref()
    }
}
