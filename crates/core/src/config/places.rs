//! The files supchat reads and writes and the environment variables it
//! heeds: one list, from which the man page's FILES and ENVIRONMENT and the
//! README's tables are made. A test fails when the code reads a variable
//! this list does not name.

/// A file (or folder) and what it holds.
pub const FILES: &[(&str, &str)] = &[
    (
        "$XDG_CONFIG_HOME/supchat/config.toml",
        "The configuration, usually `~/.config/supchat/config.toml` (`supchat config path` prints the one in use; `--config FILE` and `SUPCHAT_CONFIG` name another). supchat writes to it only to save an API key typed in the chat, keeping its comments.",
    ),
    (
        "$XDG_DATA_HOME/supchat/",
        "The data folder, usually `~/.local/share/supchat/` (`data_dir` in the config moves it). Created 0700.",
    ),
    (
        "$XDG_DATA_HOME/supchat/sessions.db",
        "Every saved conversation (SQLite, with `-wal` and `-shm` beside it while in use), created 0600. `supchat sessions` reads and changes it.",
    ),
    (
        "$XDG_DATA_HOME/supchat/state.toml",
        "The choices made last in the chat (provider, models, modes, the run-details switch), so the next chat starts with them. In the data folder, 0600.",
    ),
    (
        "$XDG_DATA_HOME/supchat/quirks.toml",
        "What supchat learnt about servers (those that refuse `stream_options`); losing it costs one request. 0600.",
    ),
];

/// An environment variable and what it changes.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "SUPCHAT_CONFIG",
        "The config file to read instead of the default one (a file not made yet means the built-ins; the first key typed in the chat is saved there).",
    ),
    (
        "SUPAGE_API_KEY",
        "The key of the built-in `supage` provider (a provider's `api_key_env` names its own variable).",
    ),
    ("SUPAI_API_KEY", "The key of the built-in `supai` provider."),
    (
        "LC_ALL, LC_MESSAGES, LANG",
        "The interface's language, the first one set: `zh_CN`, `zh_SG`, `zh_Hans` or `zh` give Simplified Chinese, anything else English (`language` in the config and `--lang` win over them; `/lang` changes it in the chat).",
    ),
    (
        "XDG_CONFIG_HOME",
        "Where the config folder is (default `~/.config`).",
    ),
    (
        "XDG_DATA_HOME",
        "Where the data folder is (default `~/.local/share`).",
    ),
    (
        "HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY",
        "Proxies for requests (`socks5://` too); a provider on a loopback address never uses one.",
    ),
    (
        "EDITOR, VISUAL",
        "The editor the open-editor key writes the message in (the first set; else `vi`).",
    ),
    ("NO_COLOR", "Set and not empty: no colours."),
    (
        "COLORTERM",
        "`truecolor` or `24bit`: 24-bit colours; else 256.",
    ),
    (
        "COLORFGBG",
        "The terminal's background, when the terminal does not answer the question for it (`theme = \"auto\"`).",
    ),
    (
        "SUPCHAT_CLIPBOARD",
        "`osc52`: copy through the terminal (OSC 52) instead of a clipboard tool (wl-copy, xclip, xsel, pbcopy).",
    ),
    (
        "TMUX",
        "Set by tmux: copies through the terminal are wrapped so tmux passes them on.",
    ),
];

/// What supchat's exit code says.
pub const EXIT_CODES: &[(&str, &str)] = &[
    ("0", "success"),
    (
        "1",
        "the request failed (network, server, interrupted stream); one line on stderr says why and what to do",
    ),
    (
        "2",
        "bad usage or configuration (unknown provider, missing key, invalid config file)",
    ),
    (
        "101",
        "stopped by an internal error (a bug: the message above it says where)",
    ),
    (
        "130",
        "interrupted with Ctrl+C in `ask`, or SIGINT; a signal that ends supchat (the chat too) gives 128 + its number: 143 for SIGTERM, 129 for SIGHUP, 131 for SIGQUIT",
    ),
    (
        "141",
        "the reader of the output went away (`| head`); nothing more is read",
    ),
];

/// The README's table of `rows`, as Markdown.
pub fn markdown_table(head: &str, rows: &[(&str, &str)]) -> String {
    let mut out = format!("| {head} | what |\n|---|---|\n");
    for (name, doc) in rows {
        let names: Vec<String> = name.split(", ").map(|n| format!("`{n}`")).collect();
        // A `|` in a cell would end it.
        let doc = doc.replace('|', "\\|");
        out.push_str(&format!("| {} | {doc} |\n", names.join(", ")));
    }
    out
}
