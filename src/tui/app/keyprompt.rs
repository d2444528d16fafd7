//! A provider without a key, or whose key was rejected: the screen says
//! which, how to give one and where to get one, and takes a pasted or typed
//! key, which the runtime saves to the config file. Once it is saved, the
//! message that could not be sent goes again.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;

use super::{App, Effect, Popup};
use supchat_chat::EntryId;
use supchat_core::config::Secret;
use supchat_core::engine::Now;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPrompt {
    pub provider: usize,
    /// Why a key is asked for: none was found (names the variable it
    /// looked for), or the server rejected the one used.
    pub message: String,
    /// The server rejected the key (as opposed to: there was none).
    pub rejected: bool,
    /// What was typed or pasted so far (shown masked; never printed).
    pub typed: Secret,
    pub error: Option<String>,
    pub saving: bool,
    /// The message that could not be sent, to send again once the key is saved.
    pub resend: Option<EntryId>,
}

impl App {
    /// The runtime found no key for `provider`.
    pub(super) fn on_key_missing(&mut self, provider: &str, message: String) {
        self.ask_for_key(provider, message, false, None);
    }

    /// Opens the key dialog for `provider`, unless another popup is up.
    pub(super) fn ask_for_key(
        &mut self,
        provider: &str,
        message: String,
        rejected: bool,
        resend: Option<EntryId>,
    ) {
        let Some(i) = self.providers().iter().position(|p| p.name == provider) else {
            return;
        };
        if self.layers.popup().is_some() {
            return;
        }
        self.layers.open_popup(Popup::Key(KeyPrompt {
            provider: i,
            message,
            rejected,
            typed: Secret::default(),
            error: None,
            saving: false,
            resend,
        }));
    }

    pub(super) fn on_keyprompt_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        let Some(Popup::Key(p)) = self.layers.popup_mut() else {
            return Vec::new();
        };
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match k.code {
            KeyCode::Esc => self.layers.close_popup(),
            KeyCode::Char('c') if ctrl => self.layers.close_popup(),
            KeyCode::Char('u') if ctrl => {
                p.typed.clear();
                p.error = None;
            }
            KeyCode::Backspace => {
                p.typed.pop();
                p.error = None;
            }
            KeyCode::Char(c) if !ctrl && !k.modifiers.contains(KeyModifiers::ALT) => {
                p.typed.push_str(c.encode_utf8(&mut [0; 4]));
                p.error = None;
            }
            // Keys are printable ASCII without spaces: what else was typed
            // (a command, Chinese from an input method left on) is not
            // saved as one.
            KeyCode::Enter if p.typed.expose().trim().is_empty() => {}
            KeyCode::Enter if !looks_like_a_key(p.typed.expose().trim()) => {
                p.error = Some(supchat_i18n::tr("key-not-a-key"));
            }
            KeyCode::Enter if !p.saving => {
                p.saving = true;
                p.error = None;
                let provider = self.session.choices().providers()[p.provider].name.clone();
                return vec![Effect::SaveKey {
                    provider,
                    key: Secret::new(p.typed.expose().trim()),
                    path: self.config_path.clone(),
                }];
            }
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn on_keyprompt_paste(&mut self, text: &str) {
        if let Some(Popup::Key(p)) = self.layers.popup_mut() {
            p.typed.push_str(text.trim());
        }
    }

    /// The runtime saved the key (or could not). Once saved, the message
    /// that could not be sent goes again.
    pub(super) fn on_key_saved(
        &mut self,
        provider: &str,
        result: Result<(PathBuf, Secret), String>,
        now: Now,
    ) -> Vec<Effect> {
        match result {
            Ok((path, secret)) => {
                self.session
                    .choices_mut()
                    .set_key(provider, secret, path.clone());
                let resend = match self.layers.popup() {
                    Some(Popup::Key(k)) => {
                        let resend = k.resend;
                        self.layers.close_popup();
                        resend
                    }
                    _ => None,
                };
                self.flash(
                    supchat_i18n::tr!("flash-key-saved", path = path.display().to_string()),
                    now.mono,
                );
                resend
                    .and_then(|prompt| self.resend(prompt, provider, now))
                    .into_iter()
                    .collect()
            }
            Err(why) => {
                if let Some(Popup::Key(p)) = self.layers.popup_mut() {
                    p.saving = false;
                    p.error = Some(why);
                }
                Vec::new()
            }
        }
    }
}

/// Whether `s` may be an API key: printable ASCII, no spaces, not a
/// `/command`.
fn looks_like_a_key(s: &str) -> bool {
    !s.is_empty() && !s.starts_with('/') && s.chars().all(|c| c.is_ascii_graphic())
}
