//! System prompt presets in the chat: the preset in use (`--prompt NAME`,
//! or the prompt picker, F8) and what is said when it changes. What a
//! preset switches, and the system prompt each message carries, are the
//! chat session's.

use std::time::Instant;

use super::picker::{Picker, PickerKind};
use super::{App, Cause, Popup};

impl App {
    /// The preset in use, if any.
    pub fn preset_name(&self) -> Option<&str> {
        self.session.choices().preset()
    }

    /// Starts with the preset `name` (checked by the command line).
    pub fn with_preset(mut self, name: Option<String>) -> Self {
        if let Some(n) = name {
            let _ = self.session.choices_mut().use_preset(Some(&n));
        }
        self
    }

    /// A footer message from before the screen was up.
    pub fn with_notice(&mut self, notice: String) {
        self.flash(notice, std::time::Instant::now());
    }

    /// Makes the command line's choices (`-p`, `-m`, `--mode`, `--models`),
    /// checked before the screen opened.
    pub fn with_choices(&mut self, f: &super::super::Choose<'_>) {
        let _ = f(self.session.choices_mut());
    }

    /// Uses preset `name` (none: the provider's or the config's own prompt)
    /// from the next message, and says so.
    pub(super) fn use_preset(&mut self, name: Option<&str>, now: Instant) {
        if let Err(why) = self.session.choices_mut().use_preset(name) {
            self.refuse(supchat_chat::text::sanitize_line(&why), now);
            return;
        }
        let said = match self.preset_name() {
            Some(n) => supchat_i18n::tr!(
                "flash-preset-next",
                name = n,
                target = self.current().label()
            ),
            None => supchat_i18n::tr("flash-preset-none"),
        };
        self.notice(Cause::NextMessage, said, now);
    }

    /// F8: the prompt picker (the first row is no preset).
    pub(super) fn open_prompt_picker(&mut self, now: Instant) {
        let presets = self.session.choices().presets();
        if presets.is_empty() {
            self.flash(supchat_i18n::tr("flash-no-presets"), now);
            return;
        }
        let mut labels = vec![supchat_i18n::tr("picker-preset-none")];
        let mut values = vec![String::new()];
        for p in presets {
            labels.push(p.summary());
            values.push(p.name.clone());
        }
        let mut picker = Picker::new(
            PickerKind::Prompt,
            supchat_i18n::tr("picker-title-prompt"),
            labels,
            values,
        );
        picker.set_current(self.preset_name().unwrap_or(""));
        self.layers.open_popup(Popup::Picker(Box::new(picker)));
    }
}
