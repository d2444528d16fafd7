//! A key press as `[keys]` names it, and the action bound to it now.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use supchat_core::config::commands::Action;
use supchat_core::config::keymap::KeyName;

use super::App;

impl App {
    /// The action `k` is bound to now, if any.
    pub(super) fn action_of(&self, k: &KeyEvent) -> Option<Action> {
        key_name(k).and_then(|n| self.keymap.action(&n))
    }
}

/// The key as `[keys]` names it, when it could be bound.
pub(super) fn key_name(k: &KeyEvent) -> Option<KeyName> {
    let key = match k.code {
        KeyCode::Char(c) => c.to_lowercase().to_string(),
        KeyCode::F(n) => format!("f{n}"),
        KeyCode::Up => "up".into(),
        KeyCode::Down => "down".into(),
        KeyCode::Left => "left".into(),
        KeyCode::Right => "right".into(),
        KeyCode::Home => "home".into(),
        KeyCode::End => "end".into(),
        KeyCode::PageUp => "pageup".into(),
        KeyCode::PageDown => "pagedown".into(),
        KeyCode::Delete => "delete".into(),
        KeyCode::Insert => "insert".into(),
        _ => return None,
    };
    let m = k.modifiers;
    Some(KeyName {
        ctrl: m.contains(KeyModifiers::CONTROL),
        alt: m.contains(KeyModifiers::ALT),
        // A capital letter's shift is in the letter.
        shift: m.contains(KeyModifiers::SHIFT) && !matches!(k.code, KeyCode::Char(_)),
        key,
    })
}
