//! Keys, paste and mouse. The layers take keys top first (a popup, the
//! find bar, a tool call's approval, a confirmation, a selection), each
//! keeping a key or handing it down; under them an action's key as bound,
//! then the draft's own keys. Only editing keys reach the textarea.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui_textarea::Input;

use super::layers::Kind;
use super::{App, Cause, Effect, Popup};
use supchat_core::config::commands::Action;
use supchat_core::engine::Now;

/// The most lines a draft may have: the textarea counts its rows in 16
/// bits, and beyond that would show the wrong lines.
pub(super) const MAX_DRAFT_LINES: usize = 60_000;

/// Messages that may wait for a reply to end.
const MAX_QUEUED: usize = 20;

/// How long a first Ctrl+C waits for the second that quits.
const QUIT_WINDOW: Duration = Duration::from_secs(2);

impl App {
    pub(super) fn on_key(&mut self, k: KeyEvent, clock: Now) -> Vec<Effect> {
        if k.kind == KeyEventKind::Release {
            return Vec::new();
        }
        let now = clock.mono;
        self.expire_flash(now);
        let ctrl_c = k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL);
        let armed = self.quit_armed.is_some_and(|until| now < until);
        if !ctrl_c && self.quit_armed.take().is_some() {
            self.end_notice(Cause::QuitArmed);
        }
        // The quit key quits whatever is open; with a draft not sent, on a
        // second press (the draft would be lost).
        if self.action_of(&k) == Some(Action::Quit) {
            // A key being typed in its dialog counts as a draft too.
            let typing_key =
                matches!(self.layers.popup(), Some(Popup::Key(p)) if !p.typed.expose().is_empty());
            if (self.input.is_empty() && !typing_key) || armed {
                return self.quit(clock);
            }
            self.quit_armed = Some(now + QUIT_WINDOW);
            self.notice_for(
                Cause::QuitArmed,
                supchat_i18n::tr!("flash-quit-draft", key = self.key(Action::Quit)),
                now,
                QUIT_WINDOW,
            );
            return Vec::new();
        }
        // The layers, top first, then the base.
        for kind in self.layers.top_down() {
            if let Some(effects) = self.on_layer_key(kind, k, clock) {
                return effects;
            }
        }
        self.on_base_key(k, clock)
    }

    /// A key for the layer of `kind`: what it did, or None to hand the key
    /// down to the layer below.
    fn on_layer_key(&mut self, kind: Kind, k: KeyEvent, clock: Now) -> Option<Vec<Effect>> {
        let ctrl_key =
            |c: char| k.code == KeyCode::Char(c) && k.modifiers.contains(KeyModifiers::CONTROL);
        match kind {
            // A popup takes every key.
            Kind::Popup => Some(self.on_popup_key(k, clock)),
            // The find bar types; suspending goes on.
            Kind::Find => (!ctrl_key('z')).then(|| self.on_find_key(k)),
            Kind::Approval => self.on_approval_key(k, clock),
            Kind::ConfirmDelete => self.on_confirm_delete_key(k, clock),
            Kind::Selection => self.on_selected_key(k, clock),
        }
    }

    /// A key under every layer: an action's key, or the draft's.
    fn on_base_key(&mut self, k: KeyEvent, clock: Now) -> Vec<Effect> {
        let now = clock.mono;
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let shift = k.modifiers.contains(KeyModifiers::SHIFT);
        let alt = k.modifiers.contains(KeyModifiers::ALT);
        if let Some(effects) = self.on_compare_key(k, clock) {
            return effects;
        }
        if let Some(action) = self.action_of(&k) {
            return self.dispatch(action, super::dispatch::Via::Key, clock);
        }
        match k.code {
            KeyCode::Esc if self.cancel_edit() => {}
            KeyCode::Char('z') if ctrl => return vec![Effect::Suspend],
            KeyCode::Char('c') if ctrl => return self.on_ctrl_c(clock),
            // A queued message goes first (the newest), then the reply.
            KeyCode::Esc if !self.queue.is_empty() => {
                // Given back: into an empty box, else to Up's prompts
                // (where it is already). Said until the reply ends.
                let back = self.queue.pop().filter(|_| self.input.is_empty());
                let said = match back {
                    Some(text) => {
                        self.set_draft(&text);
                        "flash-queued-back"
                    }
                    None => "flash-queued-removed",
                };
                let said = supchat_i18n::tr(said);
                let said = match self.queue.len() {
                    0 => supchat_i18n::tr!("flash-queue-esc-stops", said = said),
                    n => supchat_i18n::tr!("flash-queue-still", said = said, n = n),
                };
                self.notice(super::flash::Cause::Turn, said, now);
            }
            KeyCode::Esc => {
                self.cancel_turn(clock);
            }
            KeyCode::Enter if shift || alt => self.input.insert_newline(),
            KeyCode::Char('j') if ctrl => self.input.insert_newline(),
            KeyCode::Enter => return self.submit(clock),
            KeyCode::Tab if self.complete_command(now) => {}
            KeyCode::Tab if self.at_word_for_tab() => {
                return self.complete_at_word().into_iter().collect();
            }
            // A command's line: Tab completes or says so, never indents.
            KeyCode::Tab if self.draft().starts_with('/') && self.input.lines().len() == 1 => {
                self.flash(supchat_i18n::tr("flash-nothing-to-complete"), now);
            }
            KeyCode::PageUp => self.scroll_by(self.page() as isize),
            KeyCode::PageDown => self.scroll_by(-(self.page() as isize)),
            KeyCode::Home => self.scroll_top(),
            KeyCode::End => self.follow(),
            KeyCode::Up if self.browsing_prompts() => self.prompt_back(),
            KeyCode::Down if self.prompt_pos.is_some() => self.prompt_forward(),
            _ => {
                self.prompt_pos = None;
                // What a Tab listed is stale once the draft changes.
                self.end_notice(Cause::Completions);
                self.input.input(Input::from(k));
            }
        }
        Vec::new()
    }

    /// A key for the popup open.
    fn on_popup_key(&mut self, k: KeyEvent, clock: Now) -> Vec<Effect> {
        let action = self.action_of(&k);
        match self.layers.popup() {
            Some(Popup::Picker(_)) => self.on_picker_key(k, clock),
            Some(Popup::Sessions(_)) => self.on_sessions_key(k, clock),
            // The next provider's key still switches to one with a key.
            Some(Popup::Key(_)) if action == Some(Action::Provider) => {
                self.layers.close_popup();
                self.next_provider(clock.mono);
                Vec::new()
            }
            Some(Popup::Key(_)) => self.on_keyprompt_key(k),
            Some(Popup::Help { .. }) => self.on_help_key(k, action),
            Some(Popup::Mcp { .. }) => self.on_mcp_key(k, action),
            Some(Popup::Inspect(_)) if action == Some(Action::Inspect) => {
                self.layers.close_popup();
                Vec::new()
            }
            Some(Popup::Inspect(_)) => self.on_inspect_key(k, clock),
            None => Vec::new(),
        }
    }

    /// Keys in the help: it scrolls (arrows, pages, Home, End), and
    /// closes with Esc, Enter, q or its own key.
    fn on_help_key(&mut self, k: KeyEvent, action: Option<Action>) -> Vec<Effect> {
        let ctrl_c = k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL);
        let close = ctrl_c
            || action == Some(Action::Help)
            || matches!(k.code, KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q'));
        if let Some(Popup::Help { scroll }) = self.layers.popup_mut() {
            match k.code {
                _ if close => self.layers.close_popup(),
                KeyCode::Down => *scroll = scroll.saturating_add(1),
                KeyCode::Up => *scroll = scroll.saturating_sub(1),
                KeyCode::PageDown => *scroll = scroll.saturating_add(10),
                KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
                KeyCode::Home => *scroll = 0,
                // The next frame brings it back to the end.
                KeyCode::End => *scroll = u16::MAX,
                _ => {}
            }
        }
        Vec::new()
    }

    /// Ctrl+C: stops the streaming reply; else clears the draft (undo or Up
    /// brings it back); else asks for a second press to quit, so that a
    /// press meant for a reply that just ended does not close the app.
    fn on_ctrl_c(&mut self, clock: Now) -> Vec<Effect> {
        let now = clock.mono;
        if self.cancel_turn(clock) {
            return Vec::new();
        }
        if !self.input.is_empty() {
            let draft = self.draft();
            if self.prompts.last() != Some(&draft) {
                self.prompts.push(draft);
            }
            self.prompt_pos = None;
            self.input.select_all();
            self.input.cut();
            self.flash(supchat_i18n::tr("flash-draft-cleared"), now);
            return Vec::new();
        }
        if self.quit_armed.is_some_and(|until| now < until) {
            return self.quit(clock);
        }
        self.quit_armed = Some(now + QUIT_WINDOW);
        // Shown exactly as long as a second press quits.
        self.notice_for(
            Cause::QuitArmed,
            supchat_i18n::tr!("flash-quit-armed", key = self.key(Action::Quit)),
            now,
            QUIT_WINDOW,
        );
        Vec::new()
    }

    fn at_word_for_tab(&self) -> bool {
        self.complete_at_word_peek()
    }

    /// Ctrl+L: long messages and tool output whole, or folded.
    pub(super) fn toggle_long(&mut self, now: Instant) {
        self.long_messages_open = !self.long_messages_open;
        self.cells.touch_all();
        self.flash(
            supchat_i18n::tr(if self.long_messages_open {
                "flash-long-open"
            } else {
                "flash-long-folded"
            }),
            now,
        );
    }

    /// The keys in use.
    pub fn keymap(&self) -> &supchat_core::config::keymap::Keymap {
        &self.keymap
    }

    /// Ctrl+T: folds or shows reasoning.
    pub(super) fn toggle_reasoning(&mut self, now: Instant) {
        self.reasoning_folded = !self.reasoning_folded;
        self.cells.touch_all();
        self.flash(
            supchat_i18n::tr(if self.reasoning_folded {
                "flash-reasoning-folded"
            } else {
                "flash-reasoning-shown"
            }),
            now,
        );
    }

    /// Ctrl+Y: copies the last reply.
    pub(super) fn copy_last_reply(&mut self, now: Instant) -> Vec<Effect> {
        let last = self.reply_texts().find(|t| !t.is_empty());
        match last.map(|t| t.into_owned()) {
            Some(t) => {
                self.flash(supchat_i18n::tr("flash-copying-reply"), now);
                vec![Effect::Copy(t)]
            }
            None => {
                self.flash(supchat_i18n::tr("flash-no-reply"), now);
                Vec::new()
            }
        }
    }

    pub(super) fn quit(&mut self, now: Now) -> Vec<Effect> {
        self.quit = true;
        self.cancel_turn(now);
        vec![Effect::Quit]
    }

    /// Whether `text` added to the draft stays within what the input box
    /// shows right (its rows are counted in 16 bits); else says so.
    fn fits_the_box(&mut self, text: &str, now: Instant) -> bool {
        let lines = self.input.lines().len() + text.matches('\n').count();
        if lines <= MAX_DRAFT_LINES {
            return true;
        }
        self.flash(
            supchat_i18n::tr!(
                "flash-paste-too-long",
                lines = lines,
                most = MAX_DRAFT_LINES
            ),
            now,
        );
        false
    }

    pub(super) fn on_paste(&mut self, text: &str, now: Instant) {
        if let Some(Popup::Picker(p)) = self.layers.popup_mut() {
            p.type_str(&supchat_chat::text::sanitize_line(text));
            return;
        }
        if matches!(self.layers.popup(), Some(Popup::Key(_))) {
            self.on_keyprompt_paste(text);
            return;
        }
        // Pasted into the inspector's search.
        if let Some(Popup::Inspect(v)) = self.layers.popup_mut() {
            v.query.push_str(&supchat_chat::text::sanitize_line(text));
            v.hit = None;
            return;
        }
        if self.layers.popup().is_some() {
            return;
        }
        // Terminals send pasted newlines as CR; the draft keeps them as lines.
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        if !self.fits_the_box(&text, now) {
            return;
        }
        self.prompt_pos = None;
        // A draft that had a paste: every `@path` in it is asked about
        // before it is sent (a paste may spell one a character at a time).
        self.draft_had_paste = true;
        // Files dropped on the terminal arrive as their paths: attached.
        let dropped = supchat_core::attach::dropped(&text);
        if !dropped.is_empty() {
            for path in &dropped {
                let mention = supchat_core::attach::mention(path);
                self.input.insert_str(format!("{mention} "));
            }
            self.flash(
                supchat_i18n::tr!("flash-dropped-paths", n = dropped.len()),
                now,
            );
            return;
        }
        self.input.insert_str(text);
    }

    /// Enter: sends the draft to the current provider.
    fn submit(&mut self, now: Now) -> Vec<Effect> {
        // Spaces left at the end (a completion adds one) are not sent.
        let mut text = self.draft().trim_end().to_owned();
        if text.trim().is_empty() {
            // A message whose send failed goes again; else a queue held
            // after a stopped reply sends its next.
            if let Some(prompt) = self.failed_prompt() {
                let provider = self.current().name.clone();
                return self.resend(prompt, &provider, now).into_iter().collect();
            }
            return self.send_queued(now).into_iter().collect();
        }
        if self.editing.is_some() {
            self.input = self.new_input();
            return self.send_edit(text, now).into_iter().collect();
        }
        // `/command`; `//text` sends `/text`.
        if let Some(rest) = text.strip_prefix("//") {
            text = format!("/{rest}");
        } else if text.starts_with('/') && !text.trim_end().contains('\n') {
            return self.run_slash(&text, now);
        }
        if self.is_busy() {
            // Sent when the reply ends.
            if self.queue.len() >= MAX_QUEUED {
                self.flash(
                    supchat_i18n::tr!("flash-queue-full", n = MAX_QUEUED),
                    now.mono,
                );
                return Vec::new();
            }
            self.take_draft(&text);
            self.queue.push(text);
            self.flash(supchat_i18n::tr("flash-queued"), now.mono);
            return Vec::new();
        }

        self.take_draft(&text);
        self.follow();
        self.start_turn(text, now).into_iter().collect()
    }
}
