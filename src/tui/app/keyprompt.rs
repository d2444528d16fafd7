//! A provider without a key: the screen says which, how to give one, and
//! takes a pasted or typed key, which the runtime saves to the config file.

use std::path::PathBuf;
use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Effect, Popup};
use crate::config::Secret;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPrompt {
    pub provider: usize,
    /// Why no key was found (names the variable it looked for).
    pub message: String,
    /// What was typed or pasted so far (shown masked).
    pub typed: String,
    pub error: Option<String>,
    pub saving: bool,
}

impl App {
    /// The runtime found no key for `provider`.
    pub(super) fn on_key_missing(&mut self, provider: &str, message: String) {
        let Some(i) = self.providers.iter().position(|p| p.name == provider) else {
            return;
        };
        if self.popup.is_some() {
            return;
        }
        self.popup = Some(Popup::Key(KeyPrompt {
            provider: i,
            message,
            typed: String::new(),
            error: None,
            saving: false,
        }));
    }

    pub(super) fn on_keyprompt_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        let Some(Popup::Key(p)) = &mut self.popup else {
            return Vec::new();
        };
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match k.code {
            KeyCode::Esc => self.popup = None,
            KeyCode::Char('c') if ctrl => self.popup = None,
            KeyCode::Char('u') if ctrl => p.typed.clear(),
            KeyCode::Backspace => {
                p.typed.pop();
            }
            KeyCode::Char(c) if !ctrl => p.typed.push(c),
            KeyCode::Enter if !p.typed.trim().is_empty() && !p.saving => {
                p.saving = true;
                p.error = None;
                let provider = self.providers[p.provider].name.clone();
                return vec![Effect::SaveKey {
                    provider,
                    key: Secret::new(p.typed.trim()),
                    path: self.config_path.clone(),
                }];
            }
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn on_keyprompt_paste(&mut self, text: &str) {
        if let Some(Popup::Key(p)) = &mut self.popup {
            p.typed.push_str(text.trim());
        }
    }

    /// The runtime saved the key (or could not).
    pub(super) fn on_key_saved(
        &mut self,
        provider: &str,
        result: Result<(PathBuf, Secret), String>,
        now: Instant,
    ) {
        match result {
            Ok((path, secret)) => {
                if let Some(p) = self.providers.iter_mut().find(|p| p.name == provider) {
                    p.key.inline = Some(secret);
                    p.key.file = Some(path.clone());
                }
                if matches!(self.popup, Some(Popup::Key(_))) {
                    self.popup = None;
                }
                self.flash(
                    format!("key saved to {} (readable only by you)", path.display()),
                    now,
                );
            }
            Err(why) => {
                if let Some(Popup::Key(p)) = &mut self.popup {
                    p.saving = false;
                    p.error = Some(why);
                }
            }
        }
    }
}
