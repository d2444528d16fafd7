//! Every key of the chat in one list: the keys that keep their meaning,
//! and where each command's key goes among them.

use super::Action;

/// A key that keeps its meaning: how the help names it, briefly and at
/// length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedKey {
    pub keys: &'static str,
    pub does: &'static str,
    pub doc: &'static str,
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
        keys: "Enter",
        does: "send; while a reply streams, queue it; in an empty box, send a failed message again",
        doc: "send. While a reply streams, the message is queued (shown above the input box) and sent when the reply ends, each in turn. A message whose send failed stays in the conversation, marked, and the input box keeps only what you type: Enter in an empty box sends the failed message again (select it and press e to edit it first), and a queue held behind it goes on once it is answered. After a stopped reply the queue waits, and Enter in an empty box sends the next",
    }),
    KeyRow::Fixed(FixedKey {
        keys: "Ctrl+J, Alt+Enter",
        does: "new line (also Shift+Enter where the terminal tells it from Enter)",
        doc: "new line; also Shift+Enter where the terminal tells it from Enter (the kitty keyboard protocol: kitty, WezTerm, foot, Ghostty; not tmux). The input box's hint names the key that works",
    }),
    KeyRow::Fixed(FixedKey {
        keys: "Esc",
        does: "take back the newest queued message; else stop the reply; close a popup",
        doc: "take back the newest queued message (into an empty input box, else Up brings it back); else stop the streaming reply (what arrived stays, marked); close a popup",
    }),
    KeyRow::Fixed(FixedKey {
        keys: "Ctrl+C",
        does: "stop the streaming reply; else clear the draft; else quit (press twice)",
        doc: "stop the streaming reply; else clear the draft (Ctrl+U or Up brings it back); else quit, on a second press within 2 seconds",
    }),
    KeyRow::Bound(Action::Quit),
    KeyRow::Fixed(FixedKey {
        keys: "Ctrl+Z",
        does: "suspend to the shell (fg brings it back)",
        doc: "suspend to the shell, the terminal given back; `fg` brings the chat back, redrawn (a streaming reply waits meanwhile)",
    }),
    KeyRow::Bound(Action::Help),
    KeyRow::Bound(Action::Palette),
    KeyRow::Fixed(FixedKey {
        keys: "Tab",
        does: "complete a /command or an @file in the input box",
        doc: "complete the `/command` or `@file` being typed in the input box",
    }),
    KeyRow::Bound(Action::Find),
    KeyRow::Bound(Action::SelectUp),
    KeyRow::Bound(Action::SelectDown),
    KeyRow::Bound(Action::Provider),
    KeyRow::Bound(Action::Mode),
    KeyRow::Bound(Action::Model),
    KeyRow::Bound(Action::Sessions),
    KeyRow::Bound(Action::New),
    KeyRow::Bound(Action::Details),
    KeyRow::Bound(Action::Panel),
    KeyRow::Bound(Action::Prompt),
    KeyRow::Fixed(FixedKey {
        keys: "y / n / a",
        does: "a tool call waiting: run / decline / always allow",
        doc: "a tool call waiting for approval (the panel above the input box): run it, decline it, or run it and allow the tool for the rest of the session (see [Tools](#tools))",
    }),
    KeyRow::Bound(Action::Mcp),
    KeyRow::Bound(Action::Reasoning),
    KeyRow::Bound(Action::Long),
    KeyRow::Bound(Action::Editor),
    KeyRow::Bound(Action::Copy),
    KeyRow::Bound(Action::Code),
    KeyRow::Fixed(FixedKey {
        keys: "Up / Down",
        does: "earlier prompts (in an empty input box)",
        doc: "earlier prompts, in an empty input box",
    }),
    KeyRow::Fixed(FixedKey {
        keys: "Ctrl+A / Ctrl+E",
        does: "start / end of the line",
        doc: "start / end of the line in the input box",
    }),
    KeyRow::Fixed(FixedKey {
        keys: "Ctrl+W / Ctrl+K",
        does: "delete the word before / to the end of the line",
        doc: "delete the word before / to the end of the line in the input box",
    }),
    KeyRow::Fixed(FixedKey {
        keys: "Alt+B / Alt+F",
        does: "a word back / forward (also Ctrl+Left / Ctrl+Right)",
        doc: "a word back / forward in the input box (also Ctrl+Left / Ctrl+Right); Ctrl+D and Alt+D delete the character and the word after the cursor",
    }),
    KeyRow::Fixed(FixedKey {
        keys: "Ctrl+U / Ctrl+R",
        does: "undo / redo in the input box",
        doc: "undo / redo in the input box",
    }),
    KeyRow::Fixed(FixedKey {
        keys: "PgUp / PgDn",
        does: "scroll the conversation",
        doc: "scroll; the view stops following a streaming reply",
    }),
    KeyRow::Fixed(FixedKey {
        keys: "Home / End",
        does: "top of the conversation / back to the bottom (follow)",
        doc: "top of the conversation / back to the bottom, following again",
    }),
    KeyRow::Fixed(FixedKey {
        keys: "Mouse wheel",
        does: "scroll",
        doc: "scroll, as PgUp / PgDn do",
    }),
];
