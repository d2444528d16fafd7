//! The draft in the input box: what it says, earlier prompts brought back
//! with Up and Down (the draft put aside meanwhile), a draft taken out to
//! be sent, and the draft edited in `$EDITOR`.

use std::time::Instant;

use ratatui_textarea::CursorMove;

use super::App;
use super::keys::MAX_DRAFT_LINES;

impl App {
    pub fn draft(&self) -> String {
        self.input.lines().join("\n")
    }

    pub(super) fn set_draft(&mut self, text: &str) {
        self.input = self.new_input();
        self.input.insert_str(text);
    }

    pub(super) fn browsing_prompts(&self) -> bool {
        !self.prompts.is_empty()
            && (self.prompt_pos.is_some() || self.input.is_empty())
            && self.input.cursor().0 == 0
    }

    pub(super) fn prompt_back(&mut self) {
        let pos = match self.prompt_pos {
            None => {
                self.stashed_draft = Some(self.draft());
                self.prompts.len() - 1
            }
            Some(p) => p.saturating_sub(1),
        };
        self.prompt_pos = Some(pos);
        let text = self.prompts[pos].clone();
        self.set_draft(&text);
        self.input.move_cursor(CursorMove::Top);
    }

    pub(super) fn prompt_forward(&mut self) {
        let Some(p) = self.prompt_pos else { return };
        if p + 1 < self.prompts.len() {
            self.prompt_pos = Some(p + 1);
            let text = self.prompts[p + 1].clone();
            self.set_draft(&text);
        } else {
            self.prompt_pos = None;
            let stash = self.stashed_draft.take().unwrap_or_default();
            self.set_draft(&stash);
        }
    }

    /// The draft leaves the box: kept among earlier prompts (Up brings it
    /// back), and the box empty again.
    pub(super) fn take_draft(&mut self, text: &str) {
        if self.prompts.last().map(String::as_str) != Some(text) {
            self.prompts.push(text.to_owned());
        }
        self.prompt_pos = None;
        self.stashed_draft = None;
        self.input = self.new_input();
    }

    pub(super) fn on_editor_done_inner(
        &mut self,
        result: Result<(String, Option<String>), String>,
        now: Instant,
    ) {
        match result {
            Ok((text, warning)) => {
                let text = text.strip_suffix('\n').unwrap_or(&text).to_owned();
                if text.matches('\n').count() >= MAX_DRAFT_LINES {
                    self.flash(
                        supchat_i18n::tr!("flash-edited-too-long", n = MAX_DRAFT_LINES),
                        now,
                    );
                    return;
                }
                self.set_draft(&text);
                if let Some(w) = warning {
                    self.flash(w, now);
                }
            }
            Err(why) => self.flash(supchat_i18n::tr!("flash-editor-failed", why = why), now),
        }
    }

    pub(super) fn on_editor_done(
        &mut self,
        result: Result<(String, Option<String>), String>,
        now: Instant,
    ) {
        self.on_editor_done_inner(result, now);
    }
}
