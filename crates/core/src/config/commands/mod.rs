//! Every action of the chat, once: its name (typed as `/name`, written in
//! `[keys]`), what it takes, what it does (briefly, for the palette, hints
//! and help; at length, for the README and the man page) and its default
//! key; and the keys that keep their meaning. The keymap, the palette, the
//! slash commands, the help, the footer, the man page and the README's key
//! tables all read this table; nothing else describes an action.

/// What the user can ask of the chat by name or by key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    New,
    Retry,
    Compare,
    Inspect,
    Provider,
    Model,
    Mode,
    Prompt,
    Sessions,
    Find,
    Attach,
    Export,
    Copy,
    Code,
    Reasoning,
    Details,
    Long,
    Editor,
    Panel,
    Mcp,
    Lang,
    Help,
    Quit,
    Palette,
    SelectUp,
    SelectDown,
}

/// A key that can be rebound: its name in `[keys]`, its default, and what
/// it does at length when that is not quite the command (F2 cycles where
/// `/provider` names one). Its brief words are the catalogues'
/// (`key-NAME-does` when it does otherwise than its command, `key-NAME-help`
/// when the help words it otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub name: &'static str,
    pub default: &'static str,
    pub doc: Option<&'static str>,
}

impl Key {
    /// The key's own brief words, when it does otherwise than its command
    /// (F2: next provider), in the language in use.
    pub fn does(&self) -> Option<String> {
        let id = format!("key-{}-does", self.name.replace('_', "-"));
        supchat_i18n::has(&id).then(|| supchat_i18n::tr(&id))
    }

    /// The help's words for this key of `c`, in the language in use.
    pub fn help_text(&self, c: &Command) -> String {
        let id = format!("key-{}-help", self.name.replace('_', "-"));
        self.does().unwrap_or_else(|| {
            if supchat_i18n::has(&id) {
                supchat_i18n::tr(&id)
            } else {
                c.does()
            }
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Command {
    pub action: Action,
    /// Typed as `/slash` and listed in the palette; none: a key only.
    pub slash: Option<&'static str>,
    /// What it takes after its name.
    pub args: &'static str,
    /// The whole story, for the README and the man page. (One line of what
    /// it does, for the palette, the hints and the help, is the
    /// catalogues': `cmd-ACTION`.)
    pub doc: &'static str,
    pub key: Option<Key>,
}

const fn key(name: &'static str, default: &'static str) -> Option<Key> {
    Some(Key {
        name,
        default,
        doc: None,
    })
}

impl Command {
    /// One line of what it does (the palette, the hints, the help), in the
    /// language in use.
    pub fn does(&self) -> String {
        supchat_i18n::tr(&format!("cmd-{}", self.action.id()))
    }

    /// The same in English (the README and the man page).
    pub fn does_en(&self) -> String {
        supchat_i18n::tr_in(
            supchat_i18n::Lang::En,
            &format!("cmd-{}", self.action.id()),
            &[],
        )
    }
}

impl Action {
    /// Its name in the catalogues (`cmd-select-up`).
    pub fn id(self) -> &'static str {
        match self {
            Action::New => "new",
            Action::Retry => "retry",
            Action::Compare => "compare",
            Action::Inspect => "inspect",
            Action::Provider => "provider",
            Action::Model => "model",
            Action::Mode => "mode",
            Action::Prompt => "prompt",
            Action::Sessions => "sessions",
            Action::Find => "find",
            Action::Attach => "attach",
            Action::Export => "export",
            Action::Copy => "copy",
            Action::Code => "code",
            Action::Reasoning => "reasoning",
            Action::Details => "details",
            Action::Long => "long",
            Action::Editor => "editor",
            Action::Panel => "panel",
            Action::Mcp => "mcp",
            Action::Lang => "lang",
            Action::Help => "help",
            Action::Quit => "quit",
            Action::Palette => "palette",
            Action::SelectUp => "select-up",
            Action::SelectDown => "select-down",
        }
    }
}

/// The chat's commands, in the order the palette and the help list them.
pub const COMMANDS: &[Command] = &[
    Command {
        action: Action::New,
        slash: Some("new"),
        args: "",
        doc: "a new conversation; the one on screen stays saved (not while a reply streams: Esc stops it first; messages still queued are dropped, with a word)",
        key: key("new", "ctrl+n"),
    },
    Command {
        action: Action::Retry,
        slash: Some("retry"),
        args: "[PROVIDER]",
        doc: "answer the last message again, with this provider or another (`/retry supai` compares Sup.ai with Supage on one question; the next message still goes to the provider in use); both answers stay in the session, and only the newest is sent from then on (the earlier one shows as one quiet line, `⑂ another branch: …`; select either and ← → to go back to it)",
        key: None,
    },
    Command {
        action: Action::Compare,
        slash: Some("compare"),
        args: "[TARGET TARGET… | off]",
        doc: "the next message goes to 2-4 targets at once (a target is a provider, optionally with `:model` or a Sup.ai `:mode`: `/compare supage supai:deep-thinking`; without targets, or by its key, a list to tick them in with Space), with the same history; their answers stream side by side (stacked on a screen under 100 columns), each headed by its target with time to first token, tokens/s, tokens and cost as they come; Esc stops them all, Alt+N stops answer N; once all have ended, Alt+N goes on with answer N (the last one goes on unless another is chosen; the others stay as branches of that turn, `⑂ another branch: …`); tool calls are asked about as usual; `/compare off` takes the targets back",
        key: Some(Key {
            name: "compare",
            default: "alt+c",
            doc: Some(
                "a list of targets to tick with Space (2-4): the next message goes to them at once",
            ),
        }),
    },
    Command {
        action: Action::Inspect,
        slash: Some("inspect"),
        args: "",
        doc: "what went over the wire for the selected reply (else the newest): the request (method, URL, headers with the key masked as `Bearer su-…a1b2`, the JSON body pretty-printed, folded to its start: Tab shows it whole), each attempt's response status and headers, and the body as it arrived, line by line, each with its time since the request (when supchat read it: while a reply streams the chat reads once a frame, 40 ms, so lines read together share a time; `ask --wire` reads as bytes come); retries show as attempts; typing searches (Enter: the next match), arrows and pages scroll; Ctrl+Y copies a curl command that reads the key from its environment variable (never the key); kept in memory for this run's last 20 requests, up to 4 MiB each (the rest is counted); with `wire_log = true` in the config also in the session database, so a resumed session's replies have it too",
        key: key("inspect", "alt+i"),
    },
    Command {
        action: Action::Provider,
        slash: Some("provider"),
        args: "[NAME]",
        doc: "the provider for the next message (a unique start of its name is enough); without a name, a picker of the providers",
        key: Some(Key {
            name: "next_provider",
            default: "f2",
            doc: Some("next provider (`/provider NAME` names one, `/provider` picks from a list)"),
        }),
    },
    Command {
        action: Action::Model,
        slash: Some("model"),
        args: "[NAME]",
        doc: "model picker, fuzzy-filtered as you type (the best match is highlighted; Enter takes it). The model in use is marked and preselected. For an openai-kind provider: its `/models`, plus a last row to use the typed name as is. For Sup.ai: the `models` allow-list; Space ticks several, Ctrl+D unticks all, the first row means all models; Enter on an unticked model with none ticked sends that model alone, and the picker says what Enter will send. `/model NAME` sets an openai-kind provider's model at once, and on Sup.ai makes the allow-list that one model",
        key: key("model", "f4"),
    },
    Command {
        action: Action::Mode,
        slash: Some("mode"),
        args: "[MODE]",
        doc: "the Sup.ai mode, switching to Sup.ai; without one, a picker",
        key: Some(Key {
            name: "next_mode",
            default: "f3",
            doc: Some(
                "on Sup.ai, its next mode: auto → fast → thinking → deep-thinking → expert; on another provider, switch to Sup.ai keeping its mode",
            ),
        }),
    },
    Command {
        action: Action::Prompt,
        slash: Some("prompt"),
        args: "[NAME|none]",
        doc: "prompt picker: a preset from `[prompts.NAME]` (its system prompt, and its provider, model or mode and temperature), or none; shown in the header, from the next message",
        key: key("prompt", "f8"),
    },
    Command {
        action: Action::Sessions,
        slash: Some("resume"),
        args: "[TEXT]",
        doc: "sessions: every saved conversation, newest first (title, last change, provider and model, messages); typing filters by title and searches all their text (the matching words shown); Enter opens one (a text match opens at its message; End goes to the newest), Ctrl+R renames (Ctrl+U clears the title, Ctrl+W takes its last word), Ctrl+D deletes (asks first), the new-conversation key starts a new one; `/resume TEXT` opens it searching for TEXT",
        key: key("sessions", "f5"),
    },
    Command {
        action: Action::Find,
        slash: Some("find"),
        args: "[TEXT]",
        doc: "find text in the conversation: a find bar in the input box's place; every match highlighted; Enter or Up goes to an older message holding it, Down to a newer one, Esc closes",
        key: key("find", "ctrl+f"),
    },
    Command {
        action: Action::Attach,
        slash: Some("attach"),
        args: "",
        doc: "pick a file of the current folder to attach (puts `@name` in the box)",
        key: None,
    },
    Command {
        action: Action::Export,
        slash: Some("export"),
        args: "[json] [reasoning] [FILE]",
        doc: "write the conversation as Markdown (with `reasoning`, the model's reasoning too) or JSON (as `supchat sessions export --format json`; also for a FILE ending in `.json`); default `supchat-ID.md` or `.json` in the current folder; an existing file is not overwritten",
        key: None,
    },
    Command {
        action: Action::Copy,
        slash: Some("copy"),
        args: "",
        doc: "copy the last reply (OSC 52, which works over SSH; inside tmux it needs `set -g set-clipboard on` or `allow-passthrough on`; and the system clipboard tool if there is one: wl-copy, xclip, xsel or pbcopy; `SUPCHAT_CLIPBOARD=osc52` uses OSC 52 only)",
        key: key("copy", "ctrl+y"),
    },
    Command {
        action: Action::Code,
        slash: Some("code"),
        args: "",
        doc: "copy a code block: pick one from a list",
        key: key("code", "ctrl+o"),
    },
    Command {
        action: Action::Reasoning,
        slash: Some("reasoning"),
        args: "",
        doc: "fold or show reasoning",
        key: key("reasoning", "ctrl+t"),
    },
    Command {
        action: Action::Details,
        slash: Some("details"),
        args: "",
        doc: "Sup.ai run details (`include_supai_chunks`) on or off for the next message (on Sup.ai only; elsewhere it says so)",
        key: key("details", "f6"),
    },
    Command {
        action: Action::Long,
        slash: Some("long"),
        args: "",
        doc: "show your long messages (pastes over 12 lines) and tool output (more than 7 lines: 6 are shown) whole, or fold them to their first lines; the screen is drawn again whole too (as Ctrl+L does in a shell: what another program wrote over it goes)",
        key: key("long", "ctrl+l"),
    },
    Command {
        action: Action::Editor,
        slash: Some("editor"),
        args: "",
        doc: "edit the draft in `$EDITOR` (then `$VISUAL`, then `vi`)",
        key: key("editor", "ctrl+g"),
    },
    Command {
        action: Action::Panel,
        slash: Some("panel"),
        args: "",
        doc: "show or fold the Sup.ai run panel (it is open while a run is live and folds to the reply's summary line when the run ends)",
        key: key("panel", "f7"),
    },
    Command {
        action: Action::Mcp,
        slash: Some("mcp"),
        args: "[restart|on|off NAME]",
        doc: "the MCP servers of `[mcp_servers.NAME]`, one row each: starting…, ready with its tools, failed (why, and the last lines it wrote to stderr), or off. ↑ ↓ select, r restarts the selected server, Space turns it off or on for this session (its tools leave or come back from the next message), Esc closes. `/mcp restart NAME`, `/mcp off NAME` and `/mcp on NAME` do the same by name",
        key: key("mcp", "f9"),
    },
    Command {
        action: Action::Lang,
        slash: Some("lang"),
        args: "[en|zh-CN]",
        doc: "the interface's language for this run: `en` (English) or `zh-CN` (简体中文); without one, the other. The screen is drawn again in it at once. The language otherwise follows `language` in the config, `--lang`, then `LC_ALL`, `LC_MESSAGES`, `LANG`",
        key: None,
    },
    Command {
        action: Action::Help,
        slash: Some("help"),
        args: "",
        doc: "help: every key, and the commands by name",
        key: key("help", "f1"),
    },
    Command {
        action: Action::Quit,
        slash: Some("quit"),
        args: "",
        doc: "quit; with a draft not sent, the key asks for a second press within 2 seconds (the draft would be lost)",
        key: key("quit", "ctrl+q"),
    },
    Command {
        action: Action::Palette,
        slash: None,
        args: "",
        doc: "the command palette: every action by name with its key, filtered as you type",
        key: key("palette", "ctrl+p"),
    },
    Command {
        action: Action::SelectUp,
        slash: None,
        args: "",
        doc: "select a message (yours or a reply; its label shows reversed), then: y copies it, o copies one of its code blocks, e edits one of yours (its text goes in the input box; Enter sends it as an edit: the conversation goes on from there, and what followed stays as another branch, one quiet line each; Esc cancels), ← and → go to the branch before or after it when it has others (an earlier answer, the version before an edit: the footer shows `‹ 2/3 ›`; a quiet line of another branch selected goes to that one), which is what is sent from then on, saved with the session, r answers it again (the last message: a retry; an earlier one: a branch from there, as an edit with the same text would), d deletes its turn (your message and what answered it; asks first, y deletes; it is deleted from the session too); i shows what went over the wire for it (a message of yours: for its answer; as Alt+I); Esc or any other key lets go",
        key: key("select_up", "alt+up"),
    },
    Command {
        action: Action::SelectDown,
        slash: None,
        args: "",
        doc: "select the next message down (past the last one: no selection)",
        key: key("select_down", "alt+down"),
    },
];

mod docs;
mod keys;

pub use docs::{command_rows, key_rows, markdown_commands, markdown_key_names, markdown_keys};
pub use keys::{FixedKey, KEYS, KeyRow};

/// The command of `action`.
pub fn command(action: Action) -> &'static Command {
    // Every action has its row: a test keeps it so.
    COMMANDS
        .iter()
        .find(|c| c.action == action)
        .unwrap_or(&COMMANDS[0])
}

/// The command typed as `/name`.
pub fn by_slash(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.slash == Some(name))
}

/// The commands whose names start with `typed` (a leading `/` ignored),
/// the one named exactly first.
pub fn completions(typed: &str) -> Vec<&'static Command> {
    let word = typed.trim_start_matches('/');
    let mut found: Vec<&'static Command> = COMMANDS
        .iter()
        .filter(|c| c.slash.is_some_and(|s| s.starts_with(word)))
        .collect();
    // The command typed whole goes first: Tab on `/mode` keeps `/mode`,
    // not `/model`.
    found.sort_by_key(|c| c.slash != Some(word));
    found
}

#[cfg(test)]
mod tests;
