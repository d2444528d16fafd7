//! The chat's rebindable keys: `[keys]` in the config maps an action to a
//! key (`palette = "alt+p"`, `sessions = "ctrl+s"`). Keys that edit the
//! draft or stop things (Enter, Esc, Ctrl+C, Ctrl+J, Ctrl+Z, Tab, arrows,
//! the input box's word keys) keep their meaning; a plain letter cannot
//! be bound (it would stop typing it).

use std::collections::BTreeMap;
use std::ops::Range;

use supchat_i18n::tr;
use toml::Spanned;

use super::Located;
pub use super::commands::Action;
use super::commands::COMMANDS;

/// A key as the config writes it: modifiers and a key name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyName {
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
    /// `f5`, `up`, `pageup`, or one lowercase character.
    pub key: String,
}

impl KeyName {
    /// Parses `ctrl+p`, `alt+shift+f5`, `f2`; refuses a plain letter and
    /// the keys that keep their meaning.
    pub fn parse(s: &str) -> Result<Self, String> {
        let spec = format!("{s:?}");
        let lower = s.trim().to_lowercase();
        let mut parts: Vec<&str> = lower.split('+').map(str::trim).collect();
        let key = parts
            .pop()
            .filter(|k| !k.is_empty())
            .ok_or_else(|| tr!("conf-keys-names-none", spec = &spec))?;
        let mut k = KeyName {
            ctrl: false,
            alt: false,
            shift: false,
            key: key.to_owned(),
        };
        for m in parts {
            match m {
                "ctrl" | "control" => k.ctrl = true,
                "alt" | "meta" => k.alt = true,
                "shift" => k.shift = true,
                other => {
                    return Err(tr!(
                        "conf-keys-bad-modifier",
                        spec = &spec,
                        modifier = format!("{other:?}")
                    ));
                }
            }
        }
        let named = matches!(
            key,
            "up" | "down"
                | "left"
                | "right"
                | "home"
                | "end"
                | "pageup"
                | "pagedown"
                | "delete"
                | "insert"
                | "enter"
                | "tab"
                | "esc"
                | "backspace"
        ) || key
            .strip_prefix('f')
            .and_then(|n| n.parse::<u8>().ok())
            .is_some_and(|n| (1..=12).contains(&n));
        let one_char = key.chars().count() == 1;
        if !named && !one_char {
            return Err(tr!(
                "conf-keys-not-a-key",
                spec = &spec,
                key = format!("{key:?}")
            ));
        }
        if one_char && !k.ctrl && !k.alt {
            return Err(tr!("conf-keys-plain", spec = &spec));
        }
        // What terminals send alike or not at all: Ctrl with anything but
        // a letter (Ctrl+[ is Esc, Ctrl+1 is 1), Shift with a character
        // (Alt+Shift+P arrives as Alt+P), Alt+[ (the start of an escape
        // sequence).
        let letter = one_char && key.chars().all(|c| c.is_ascii_lowercase());
        if one_char && ((k.ctrl && !letter) || k.shift || (k.alt && key == "[")) {
            return Err(tr!("conf-keys-indistinct", spec = &spec));
        }
        let fixed = k.keeps_its_meaning();
        if fixed {
            return Err(tr!("conf-keys-fixed", spec = &spec));
        }
        Ok(k)
    }

    /// Whether the key stops things, edits the draft or scrolls: the input
    /// box's line and word moves and deletes (with or without Shift, which
    /// selects), Enter, Tab, Esc, Backspace, the arrows and pages.
    fn keeps_its_meaning(&self) -> bool {
        let key = self.key.as_str();
        // The draft's own keys: the line and word moves and deletes the
        // input box answers to, with or without Shift (which selects).
        let draft_ctrl = matches!(
            key,
            "c" | "j" | "z" | "m" | "i" | "h" | "a" | "e" | "w" | "k" | "u" | "r" | "v" | "x" | "d"
        );
        let draft_alt = matches!(key, "b" | "f" | "d" | "h");
        let arrow = matches!(key, "up" | "down" | "left" | "right" | "home" | "end");
        // Enter, Tab, Esc and Backspace send, complete, stop and delete,
        // with any modifier.
        matches!(key, "enter" | "tab" | "esc" | "backspace")
            || (self.ctrl && !self.alt && (draft_ctrl || matches!(key, "left" | "right")))
            || (self.alt && !self.ctrl && (draft_alt || matches!(key, "left" | "right")))
            || (!self.ctrl
                && !self.alt
                && (arrow || matches!(key, "pageup" | "pagedown" | "delete" | "insert")))
    }

    /// How the screen names it: `Ctrl+P`, `Alt+Up`, `F5`.
    pub fn label(&self) -> String {
        let mut out = String::new();
        if self.ctrl {
            out.push_str("Ctrl+");
        }
        if self.alt {
            out.push_str("Alt+");
        }
        if self.shift {
            out.push_str("Shift+");
        }
        let key = match self.key.as_str() {
            k if k.chars().count() == 1 => k.to_uppercase(),
            "pageup" => "PageUp".to_owned(),
            "pagedown" => "PageDown".to_owned(),
            k if k.starts_with('f') => k.to_uppercase(),
            k => {
                let mut c = k.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        };
        out.push_str(&key);
        out
    }
}

/// The keys in use for every action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    pub bindings: BTreeMap<Action, KeyName>,
}

impl Default for Keymap {
    fn default() -> Self {
        let bindings = COMMANDS
            .iter()
            .filter_map(|c| {
                let k = c.key?;
                KeyName::parse(k.default).ok().map(|k| (c.action, k))
            })
            .collect();
        Self { bindings }
    }
}

impl Keymap {
    /// The action bound to `key`, if any.
    pub fn action(&self, key: &KeyName) -> Option<Action> {
        self.bindings
            .iter()
            .find(|(_, k)| *k == key)
            .map(|(a, _)| *a)
    }

    /// The key of `action`, as the screen names it.
    pub fn label(&self, action: Action) -> String {
        self.bindings
            .get(&action)
            .map(KeyName::label)
            .unwrap_or_default()
    }
}

/// Reads `[keys]`: each entry an action's name and its key.
pub(super) fn keymap_from(file: BTreeMap<String, Spanned<String>>) -> Result<Keymap, Located> {
    let mut map = Keymap::default();
    // Where each key the file gives stands, to point at a clash.
    let mut spans: BTreeMap<Action, Range<usize>> = BTreeMap::new();
    for (name, key) in file {
        let span = key.span();
        let Some(action) = COMMANDS
            .iter()
            .find(|c| c.key.is_some_and(|k| k.name == name))
            .map(|c| c.action)
        else {
            let known: Vec<&str> = COMMANDS
                .iter()
                .filter_map(|c| c.key.map(|k| k.name))
                .collect();
            return Err((
                span,
                super::at(
                    "keys",
                    tr!(
                        "conf-keys-no-action",
                        name = format!("{name:?}"),
                        known = known.join(", ")
                    ),
                ),
            ));
        };
        let k = KeyName::parse(key.get_ref())
            .map_err(|e| (span.clone(), super::at(&format!("keys.{name}"), e)))?;
        map.bindings.insert(action, k);
        spans.insert(action, span);
    }
    // One key, one action.
    let mut seen: BTreeMap<&KeyName, Action> = BTreeMap::new();
    for (a, k) in &map.bindings {
        if let Some(other) = seen.insert(k, *a) {
            let name = |x: Action| super::commands::command(x).key.map_or("", |k| k.name);
            // The binding the file gives (the later one, when both are).
            let span = [spans.get(a), spans.get(&other)]
                .into_iter()
                .flatten()
                .max_by_key(|r| r.start)
                .cloned()
                .unwrap_or(0..0);
            return Err((
                span,
                super::at(
                    "keys",
                    tr!(
                        "conf-keys-clash",
                        key = k.label(),
                        a = name(other),
                        b = name(*a)
                    ),
                ),
            ));
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_and_label() {
        assert_eq!(KeyName::parse("Ctrl+P").unwrap().label(), "Ctrl+P");
        assert_eq!(KeyName::parse("alt+up").unwrap().label(), "Alt+Up");
        assert_eq!(KeyName::parse("f5").unwrap().label(), "F5");
        assert_eq!(
            KeyName::parse("ctrl+pagedown").unwrap().label(),
            "Ctrl+PageDown"
        );
        assert!(
            KeyName::parse("p")
                .unwrap_err()
                .contains("stop it being typed")
        );
        assert!(
            KeyName::parse("ctrl+c")
                .unwrap_err()
                .contains("keeps its own meaning")
        );
        // The input box's word and character keys keep their meaning too.
        for draft in [
            "ctrl+d",
            "alt+b",
            "alt+f",
            "alt+d",
            "ctrl+left",
            "alt+right",
            "shift+left",
            "shift+home",
        ] {
            assert!(
                KeyName::parse(draft)
                    .unwrap_err()
                    .contains("keeps its own meaning"),
                "{draft}"
            );
        }
        // Alt+Up and Ctrl+Alt keys are free.
        assert!(KeyName::parse("alt+up").is_ok());
        assert!(KeyName::parse("ctrl+alt+d").is_ok());
        assert!(KeyName::parse("delete").is_err());
        for own in ["alt+enter", "tab", "ctrl+esc", "alt+backspace"] {
            assert!(
                KeyName::parse(own)
                    .unwrap_err()
                    .contains("keeps its own meaning"),
                "{own}"
            );
        }
        // Keys terminals cannot tell apart.
        for alike in ["ctrl+[", "ctrl+1", "ctrl+/", "alt+[", "alt+shift+p"] {
            assert!(
                KeyName::parse(alike)
                    .unwrap_err()
                    .contains("terminals do not send"),
                "{alike}"
            );
        }
        assert!(KeyName::parse("alt+1").is_ok());
        assert!(KeyName::parse("ctrl+shift+f5").is_ok());
        assert!(KeyName::parse("hyper+x").is_err());
        assert!(KeyName::parse("ctrl+banana").is_err());
    }

    #[test]
    fn a_keys_table_rebinds_and_refuses_clashes() {
        let file = BTreeMap::from([(
            "palette".to_owned(),
            Spanned::new(0..1, "ctrl+k".to_owned()),
        )]);
        // Ctrl+K edits the draft: refused.
        assert!(keymap_from(file).is_err());
        let file = BTreeMap::from([("palette".to_owned(), Spanned::new(0..1, "alt+p".to_owned()))]);
        let m = keymap_from(file).unwrap();
        assert_eq!(m.label(Action::Palette), "Alt+P");
        assert_eq!(
            m.action(&KeyName::parse("alt+p").unwrap()),
            Some(Action::Palette)
        );
        assert_eq!(m.action(&KeyName::parse("ctrl+p").unwrap()), None);
        let clash = BTreeMap::from([("find".to_owned(), Spanned::new(7..11, "f5".to_owned()))]);
        let (span, message) = keymap_from(clash).unwrap_err();
        assert!(message.contains("bound to both"));
        assert_eq!(span, 7..11, "the clash points at the binding");
        let unknown = BTreeMap::from([("fly".to_owned(), Spanned::new(0..1, "f9".to_owned()))]);
        assert!(
            keymap_from(unknown)
                .unwrap_err()
                .1
                .contains("no action \"fly\"")
        );
    }
}
