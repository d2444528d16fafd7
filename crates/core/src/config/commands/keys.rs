//! Every key of the chat in one list: the keys that keep their meaning,
//! and where each command's key goes among them.

use super::Action;

/// A key that keeps its meaning: how the help names it, and what it does
/// at length (briefly: the catalogues' `fixed-ID`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedKey {
    pub id: &'static str,
    pub keys: &'static str,
    pub doc: &'static str,
}

impl FixedKey {
    /// How the help names the keys, in the language in use (only the mouse
    /// wheel has words).
    pub fn label(&self) -> String {
        if self.id == "wheel" {
            supchat_i18n::tr("fixed-wheel-keys")
        } else {
            self.keys.to_owned()
        }
    }

    /// What it does, briefly, in the language in use.
    pub fn does(&self) -> String {
        supchat_i18n::tr(&format!("fixed-{}", self.id))
    }
}

/// A row of the keys' list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRow {
    /// A key that keeps its meaning (it sends, stops, edits the draft,
    /// scrolls).
    Fixed(FixedKey),
    /// A command's key, as bound now.
    Bound(Action),
}

/// Every key, in the order the help, the README and the man page list
/// them: each command that has a key once, and the keys that cannot be
/// rebound.
pub const KEYS: &[KeyRow] = &[
    KeyRow::Fixed(FixedKey {
        id: "enter",
        keys: "Enter",
        doc: "send. While a reply streams, the message is queued (shown above the input box) and sent when the reply ends, each in turn. A message whose send failed stays in the conversation, marked, and the input box keeps only what you type: Enter in an empty box sends the failed message again (select it and press e to edit it first), and a queue held behind it goes on once it is answered. After a stopped reply the queue waits, and Enter in an empty box sends the next",
    }),
    KeyRow::Fixed(FixedKey {
        id: "newline",
        keys: "Ctrl+J, Alt+Enter",
        doc: "new line; also Shift+Enter where the terminal tells it from Enter (the kitty keyboard protocol: kitty, WezTerm, foot, Ghostty; not tmux). The input box's hint names the key that works",
    }),
    KeyRow::Fixed(FixedKey {
        id: "esc",
        keys: "Esc",
        doc: "take back the newest queued message (into an empty input box, else Up brings it back); else stop the streaming reply (what arrived stays, marked); close a popup",
    }),
    KeyRow::Fixed(FixedKey {
        id: "ctrl-c",
        keys: "Ctrl+C",
        doc: "stop the streaming reply; else clear the draft (Ctrl+U or Up brings it back); else quit, on a second press within 2 seconds",
    }),
    KeyRow::Bound(Action::Quit),
    KeyRow::Fixed(FixedKey {
        id: "ctrl-z",
        keys: "Ctrl+Z",
        doc: "suspend to the shell, the terminal given back; `fg` brings the chat back, redrawn (a streaming reply waits meanwhile)",
    }),
    KeyRow::Bound(Action::Help),
    KeyRow::Bound(Action::Palette),
    KeyRow::Fixed(FixedKey {
        id: "tab",
        keys: "Tab",
        doc: "complete the `/command` or `@file` being typed in the input box",
    }),
    KeyRow::Bound(Action::Find),
    KeyRow::Bound(Action::SelectUp),
    KeyRow::Bound(Action::SelectDown),
    KeyRow::Bound(Action::Provider),
    KeyRow::Bound(Action::Mode),
    KeyRow::Bound(Action::Model),
    KeyRow::Bound(Action::Compare),
    KeyRow::Bound(Action::Inspect),
    KeyRow::Bound(Action::Sessions),
    KeyRow::Bound(Action::New),
    KeyRow::Bound(Action::Details),
    KeyRow::Bound(Action::Panel),
    KeyRow::Bound(Action::Prompt),
    KeyRow::Fixed(FixedKey {
        id: "approval",
        keys: "y / n / a",
        doc: "a tool call waiting for approval (the panel above the input box): run it, decline it, or run it and allow the tool for the rest of the session (see [Tools](#tools))",
    }),
    KeyRow::Bound(Action::Mcp),
    KeyRow::Bound(Action::Reasoning),
    KeyRow::Bound(Action::Long),
    KeyRow::Bound(Action::Editor),
    KeyRow::Bound(Action::Copy),
    KeyRow::Bound(Action::Code),
    KeyRow::Fixed(FixedKey {
        id: "up-down",
        keys: "Up / Down",
        doc: "earlier prompts, in an empty input box",
    }),
    KeyRow::Fixed(FixedKey {
        id: "line-ends",
        keys: "Ctrl+A / Ctrl+E",
        doc: "start / end of the line in the input box",
    }),
    KeyRow::Fixed(FixedKey {
        id: "delete-words",
        keys: "Ctrl+W / Ctrl+K",
        doc: "delete the word before / to the end of the line in the input box",
    }),
    KeyRow::Fixed(FixedKey {
        id: "word-moves",
        keys: "Alt+B / Alt+F",
        doc: "a word back / forward in the input box (also Ctrl+Left / Ctrl+Right); Ctrl+D and Alt+D delete the character and the word after the cursor",
    }),
    KeyRow::Fixed(FixedKey {
        id: "undo",
        keys: "Ctrl+U / Ctrl+R",
        doc: "undo / redo in the input box",
    }),
    KeyRow::Fixed(FixedKey {
        id: "pages",
        keys: "PgUp / PgDn",
        doc: "scroll; the view stops following a streaming reply",
    }),
    KeyRow::Fixed(FixedKey {
        id: "home-end",
        keys: "Home / End",
        doc: "top of the conversation / back to the bottom, following again",
    }),
    KeyRow::Fixed(FixedKey {
        id: "wheel",
        keys: "Mouse wheel",
        doc: "scroll, as PgUp / PgDn do",
    }),
];
