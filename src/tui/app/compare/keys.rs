//! A compare's keys: Esc stops every lane (then closes the view), Alt+N
//! stops lane N while it streams and then goes on with its answer, PageUp
//! and PageDown scroll the lanes.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::super::{App, Effect};
use super::Compare;
use supchat_chat::{EntryId, EntryKind};
use supchat_core::engine::Now;

impl App {
    /// Keys while a compare is on screen: Esc stops every lane, Alt+N
    /// stops lane N while it streams and then goes on with its answer;
    /// PageUp and PageDown scroll the lanes. None: not the compare's key.
    pub(in crate::tui::app) fn on_compare_key(
        &mut self,
        k: KeyEvent,
        now: Now,
    ) -> Option<Vec<Effect>> {
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
    pub(in crate::tui::app) fn lane_answer(&self, question: EntryId, i: usize) -> Option<EntryId> {
        let want = u8::try_from(i + 1).ok()?;
        self.conversation()
            .entries()
            .iter()
            .filter(|e| e.id > question)
            .find(|e| matches!(&e.kind, EntryKind::Assistant(a) if a.compare == Some(want)))
            .map(|e| e.id)
    }

    /// The compare view closes; the conversation goes on as it is.
    pub(in crate::tui::app) fn close_compare(&mut self, _now: Instant) {
        if self.compare.as_ref().is_some_and(Compare::running) {
            return;
        }
        self.compare = None;
        self.follow();
    }
}
