//! System prompts in the chat: the preset in use (`--prompt NAME`, or the
//! prompt picker, F8), what it switches (provider, model or mode,
//! temperature), and the system prompt the next message carries: added to
//! the conversation when it differs from the one there (so a session keeps
//! the prompts it was had with, and which preset each came from).

use std::time::Instant;

use super::picker::{Picker, PickerKind};
use super::{App, Cause, Popup};
use supchat_core::engine::Now;

impl App {
    /// The preset in use, if any.
    pub fn preset_name(&self) -> Option<&str> {
        self.preset.as_deref()
    }

    /// Starts with the preset `name` (checked by the command line).
    pub fn with_preset(mut self, name: Option<String>) -> Self {
        if let Some(n) = name {
            self.use_preset(Some(n), None);
        }
        self
    }

    /// Uses preset `name` (none: the provider's or the config's own prompt)
    /// from the next message: switches to its provider and lays its model
    /// or mode and temperature over it; what the last preset changed of
    /// the temperature is undone.
    pub(super) fn use_preset(&mut self, name: Option<String>, now: Option<Instant>) {
        if let Some((i, before)) = self.preset_undo.take()
            && let Some(p) = self.providers.get_mut(i)
        {
            // What the preset laid over it goes: its model or mode, its
            // temperature.
            p.temperature = before.temperature;
            p.model = before.model;
            p.mode = before.mode;
        }
        let preset = name
            .as_deref()
            .and_then(|n| self.presets.iter().find(|p| p.name == n))
            .cloned();
        self.preset = preset.as_ref().map(|p| p.name.clone());
        if let Some(p) = &preset {
            if let Some(i) = p
                .provider
                .as_ref()
                .and_then(|name| self.providers.iter().position(|x| x.name == *name))
            {
                self.provider = i;
            }
            let i = self.provider;
            self.preset_undo = Some((i, self.providers[i].clone()));
            p.apply_to(&mut self.providers[i]);
        }
        self.choice_rev += 1;
        if let Some(now) = now {
            let said = match &self.preset {
                Some(n) => format!(
                    "prompt \"{n}\" from the next message, to {}",
                    self.current().label()
                ),
                None => "the default system prompt from the next message".to_owned(),
            };
            self.notice(Cause::NextMessage, said, now);
        }
    }

    /// The system prompt the next message should carry.
    fn system_for_next(&self) -> Option<String> {
        let preset = self
            .preset
            .as_deref()
            .and_then(|n| self.presets.iter().find(|p| p.name == n));
        preset
            .map(|p| p.system_prompt.clone())
            .or_else(|| self.current().system_prompt.clone())
            .or_else(|| self.global_system.clone())
            .filter(|s| !s.trim().is_empty())
    }

    /// Before a message goes: a system prompt that differs from the one in
    /// the conversation is added (an empty one when there should be none).
    pub(super) fn sync_system(&mut self, now: Now) {
        let want = self.system_for_next();
        let have = self.engine.system().map(|(t, _)| t.to_owned());
        let changed = match (&want, &have) {
            (Some(w), Some(h)) => w != h,
            (Some(_), None) => true,
            (None, Some(h)) => !h.is_empty(),
            (None, None) => false,
        };
        if changed {
            let outs = self
                .engine
                .add_system(want.unwrap_or_default(), self.preset.clone(), now);
            self.present(outs, now.mono);
        }
    }

    /// A resumed conversation goes on with the preset of its newest system
    /// prompt, when that preset is still configured.
    pub(super) fn restore_preset(&mut self) {
        let name = self
            .engine
            .system()
            .and_then(|(_, p)| p)
            .filter(|p| self.presets.iter().any(|x| x.name == *p))
            .map(str::to_owned);
        self.preset_undo = None;
        // Its temperature too (the provider and model come from who
        // answered last).
        if let Some(t) = name
            .as_deref()
            .and_then(|n| self.presets.iter().find(|p| p.name == n))
            .and_then(|p| p.temperature)
        {
            let i = self.provider;
            self.preset_undo = Some((i, self.providers[i].clone()));
            self.providers[i].temperature = Some(t);
        }
        self.preset = name;
    }

    /// F8: the prompt picker (the first row is no preset).
    pub(super) fn open_prompt_picker(&mut self, now: Instant) {
        if self.presets.is_empty() {
            self.flash(
                "no prompt presets are configured ([prompts.NAME] with a system_prompt in the config)",
                now,
            );
            return;
        }
        let mut labels = vec!["none · the provider's or the config's system prompt".to_owned()];
        let mut values = vec![String::new()];
        for p in &self.presets {
            labels.push(p.summary());
            values.push(p.name.clone());
        }
        let mut picker = Picker::new(
            PickerKind::Prompt,
            "system prompt".to_owned(),
            labels,
            values,
        );
        picker.set_current(self.preset.as_deref().unwrap_or(""));
        self.popup = Some(Popup::Picker(Box::new(picker)));
    }
}
