//! A compare on screen (`/compare A B …`): the next message goes to 2-4
//! targets at once. Each answers in a lane of its own (the chat session's
//! [`Lane`]); the lanes stream side by side, each stopped alone (Alt+N) or
//! all together (Esc). When all have ended, their answers join the
//! conversation as branches of that turn, the last one going on; Alt+N
//! then goes on with answer N instead (the others stay, one quiet line
//! each, and ← → on them goes back).

mod keys;
mod lanes;

use std::time::Instant;

use super::picker::{Picker, PickerKind};
use super::{App, Cause, Popup};
use supchat_chat::{EntryId, TurnStats};
use supchat_core::config::{ProviderKind, SUPAI_MODES};
use supchat_core::engine::Now;
use supchat_core::session::{Lane, Target};

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
