//! Selecting a message (Alt+Up and Alt+Down move between your messages and
//! the replies; its label shows reversed) to act on it: y copies it, o
//! picks one of its code blocks, e edits one of yours (the conversation
//! goes on from there; what followed stays as another branch), r answers
//! the last message again, ← and → go to another branch of it (`‹ 2/3 ›`
//! in the footer). Esc (or any other key) lets go.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent};

use super::layers::{Kind, Layer};
use super::{App, Cause, Effect};
use crate::tui::cells::CellKind;
use supchat_chat::{EntryId, EntryKind};
use supchat_core::config::commands::Action;
use supchat_core::engine::{Now, history};

impl App {
    /// The cell of the selected message, if one is selected.
    pub fn selected(&self) -> Option<usize> {
        self.layers.selection()
    }

    /// The message being edited (its new text is in the input box).
    pub fn editing(&self) -> Option<EntryId> {
        self.editing
    }

    fn is_message(&self, i: usize) -> bool {
        matches!(
            self.cells.list.get(i).map(|c| c.kind),
            Some(CellKind::User(_) | CellKind::Reply(Some(_)))
        )
    }

    /// Alt+Up / Alt+Down: the previous or next message (from the newest).
    pub(super) fn move_selection(&mut self, up: bool, now: Instant) {
        let n = self.cells.list.len();
        let from = self.selected().unwrap_or(n);
        let next = if up {
            (0..from).rev().find(|&i| self.is_message(i))
        } else {
            (from + 1..n).find(|&i| self.is_message(i))
        };
        match next {
            Some(i) => self.select(i, "", now),
            None if !up => self.clear_selection(),
            None => {}
        }
    }

    /// Selects the message of cell `i`, and says what can be done with it:
    /// a message with other branches shows which it is (`‹ 2/3 ›`).
    fn select(&mut self, i: usize, lead: &str, now: Instant) {
        if let Some(old) = self.selected() {
            self.cells.touch(old);
        }
        self.layers.open(Layer::Selection(i));
        self.cells.touch(i);
        self.scroll_to_cell(i);
        let (up, down) = (self.key(Action::SelectUp), self.key(Action::SelectDown));
        // `Alt+↑↓` when the two differ only in the arrow.
        let keys = match (up.strip_suffix("Up"), down.strip_suffix("Down")) {
            (Some(a), Some(b)) if a == b => format!("{a}↑↓"),
            _ => format!("{up}/{down}"),
        };
        let branch = self
            .cells
            .list
            .get(i)
            .and_then(|c| c.entry())
            .and_then(|e| history::branches(self.conversation(), e))
            .map(|(at, all)| format!("‹ {}/{} › {lead}← → · ", at + 1, all.len()))
            .unwrap_or_default();
        self.notice_for(
            Cause::Selection,
            supchat_i18n::tr!("selected-hint", branch = branch, keys = keys),
            now,
            std::time::Duration::from_secs(60),
        );
    }

    /// ← / →: the branch before or after the selected message's becomes
    /// the one sent from now on, and is selected.
    fn switch_branch(&mut self, entry: EntryId, step: isize, now: Now) {
        if self.is_busy() {
            self.flash(supchat_i18n::tr("flash-still-streaming"), now.mono);
            return;
        }
        match self.session.switch_branch(entry, step, now) {
            Ok((to, said, outs)) => {
                self.present(outs, now);
                match self.cells.find(to) {
                    Some(i) => self.select(i, &format!("{said} · "), now.mono),
                    None => self.flash(said, now.mono),
                }
            }
            Err(e) => {
                self.clear_selection();
                self.flash(e.to_string(), now.mono);
            }
        }
    }

    fn clear_selection(&mut self) {
        if let Some(i) = self.selected() {
            self.layers.close(Kind::Selection);
            self.cells.touch(i);
        }
        self.end_notice(Cause::Selection);
    }

    /// A key while a message is selected: its action, or None to let go
    /// and handle the key as usual.
    pub(super) fn on_selected_key(&mut self, k: KeyEvent, now: Now) -> Option<Vec<Effect>> {
        let i = self.selected()?;
        // The keys that select, as bound now.
        let action = self.action_of(&k);
        let entry = self.cells.list.get(i).and_then(|c| c.entry())?;
        let t = now.mono;
        let effects = match k.code {
            _ if action == Some(Action::SelectUp) => {
                self.move_selection(true, t);
                Vec::new()
            }
            _ if action == Some(Action::SelectDown) => {
                self.move_selection(false, t);
                Vec::new()
            }
            KeyCode::Char('y') => {
                self.clear_selection();
                match self.message_text(entry) {
                    Some(text) => {
                        self.flash(supchat_i18n::tr("flash-copying-message"), t);
                        vec![Effect::Copy(text)]
                    }
                    None => Vec::new(),
                }
            }
            KeyCode::Char('o') => {
                self.clear_selection();
                self.open_code_picker_of(entry, t);
                Vec::new()
            }
            KeyCode::Char('e') => {
                self.clear_selection();
                self.start_edit(entry, t);
                Vec::new()
            }
            KeyCode::Char('r') => {
                self.clear_selection();
                self.retry_at(entry, now)
            }
            KeyCode::Char('d') => {
                self.clear_selection();
                self.ask_delete(entry, t);
                Vec::new()
            }
            // What went over the wire for it.
            _ if action == Some(Action::Inspect) || k.code == KeyCode::Char('i') => {
                self.clear_selection();
                self.inspect_entry(Some(entry), t);
                Vec::new()
            }
            KeyCode::Left | KeyCode::Right => {
                let step = if k.code == KeyCode::Left { -1 } else { 1 };
                self.switch_branch(entry, step, now);
                Vec::new()
            }
            KeyCode::Esc => {
                self.clear_selection();
                Vec::new()
            }
            _ => {
                self.clear_selection();
                return None;
            }
        };
        Some(effects)
    }

    /// d: asks before deleting the turn of this message (your message and
    /// what answered it).
    fn ask_delete(&mut self, entry: EntryId, now: Instant) {
        let Some(prompt) = history::prompt_of(self.conversation(), entry) else {
            return;
        };
        self.layers.open(Layer::ConfirmDelete(prompt));
        self.notice_for(
            Cause::Info,
            supchat_i18n::tr("flash-delete-turn"),
            now,
            std::time::Duration::from_secs(60),
        );
    }

    /// The key after d: y deletes the turn, anything else keeps it.
    pub(super) fn on_confirm_delete_key(&mut self, k: KeyEvent, clock: Now) -> Option<Vec<Effect>> {
        let now = clock.mono;
        let prompt = self.layers.confirm_delete()?;
        self.layers.close(Kind::ConfirmDelete);
        self.flash = None;
        if k.code != KeyCode::Char('y') {
            self.flash(supchat_i18n::tr("flash-kept"), now);
            return Some(Vec::new());
        }
        // A compare's answers still coming belong to the turn as it is.
        if self.is_busy() {
            self.flash(supchat_i18n::tr("flash-still-streaming"), now);
            return Some(Vec::new());
        }
        match self.session.delete_turn(prompt, clock) {
            Ok(outs) => {
                self.present(outs, clock);
                self.flash(supchat_i18n::tr("flash-turn-deleted"), now);
            }
            Err(e) => self.flash(
                supchat_i18n::tr!("flash-not-deleted", why = e.to_string()),
                now,
            ),
        }
        Some(Vec::new())
    }

    /// r: answers the selected message again (or the message a selected
    /// reply answered). The last one is a plain retry; an earlier one goes
    /// on from there as a branch, as an edit with the same text would.
    fn retry_at(&mut self, entry: EntryId, now: Now) -> Vec<Effect> {
        let conv = self.conversation();
        let newest = history::newest_prompt(conv);
        let Some(prompt) = history::prompt_of(conv, entry).and_then(|p| conv.get(p)) else {
            return Vec::new();
        };
        if Some(prompt.id) == newest {
            return self.retry(None, now);
        }
        let EntryKind::User { text, .. } = &prompt.kind else {
            return Vec::new();
        };
        let (id, text) = (prompt.id, text.clone());
        self.editing = Some(id);
        self.send_edit(text, now).into_iter().collect()
    }

    /// The text of a message of yours or a reply, cleaned.
    fn message_text(&self, entry: EntryId) -> Option<String> {
        match &self.conversation().get(entry)?.kind {
            EntryKind::User { text, .. } => Some(supchat_chat::text::sanitize(text)),
            EntryKind::Assistant(a) => Some(supchat_chat::text::sanitize(&a.reply.text)),
            _ => None,
        }
    }

    fn open_code_picker_of(&mut self, entry: EntryId, now: Instant) {
        if let Some(text) = self.message_text(entry) {
            self.open_code_picker_in(&[text], &supchat_i18n::tr("flash-no-code-here"), now);
        }
    }

    /// e on a message of yours: its text in the input box, to send as an
    /// edit of it.
    fn start_edit(&mut self, entry: EntryId, now: Instant) {
        let Some(EntryKind::User { text, .. }) = self.conversation().get(entry).map(|e| &e.kind)
        else {
            self.flash(supchat_i18n::tr("flash-edit-yours-only"), now);
            return;
        };
        let text = text.clone();
        self.input = self.new_input();
        self.input.insert_str(text);
        self.editing = Some(entry);
        self.notice_for(
            Cause::Info,
            supchat_i18n::tr("flash-editing"),
            now,
            std::time::Duration::from_secs(60),
        );
    }

    /// Enter while editing: the edit is sent.
    pub(super) fn send_edit(&mut self, text: String, now: Now) -> Option<Effect> {
        let of = self.editing.take()?;
        if self.is_busy() {
            self.flash(supchat_i18n::tr("flash-still-streaming"), now.mono);
            self.editing = Some(of);
            return None;
        }
        self.flash = None;
        match self.session.send_edit(of, text, now) {
            Ok(outs) => {
                self.present(outs, now);
                self.follow();
            }
            Err(e) => self.flash(e.to_string(), now.mono),
        }
        None
    }

    /// Esc while editing: the edit is dropped, the draft cleared.
    pub(super) fn cancel_edit(&mut self) -> bool {
        if self.editing.take().is_none() {
            return false;
        }
        self.input = self.new_input();
        self.flash = None;
        true
    }
}
