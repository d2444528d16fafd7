//! The command table as documentation: the README's tables (a test keeps
//! them equal) and the man page's sections.

use super::{COMMANDS, KEYS, KeyRow, command};

/// A key as the README and the man page name it (`ctrl+p` → `Ctrl+P`).
fn key_label(default: &str) -> String {
    crate::config::keymap::KeyName::parse(default)
        .map(|k| k.label())
        .unwrap_or_else(|_| default.to_owned())
}

/// The commands by name, as the README and the man page list them: how
/// each is typed, its default key, and what it does.
pub fn command_rows() -> Vec<(String, String, String)> {
    COMMANDS
        .iter()
        .filter_map(|c| {
            let name = c.slash?;
            let usage = format!("/{name} {}", c.args).trim_end().to_owned();
            let key = c.key.map(|k| key_label(k.default)).unwrap_or_default();
            // The whole story once: in the keys' table when the key does
            // the same.
            let doc = match c.key {
                Some(k) if k.doc.is_none() => c.does_en(),
                _ => c.doc.to_owned(),
            };
            Some((usage, key, doc))
        })
        .collect()
}

/// Every key, as the README and the man page list them (the commands'
/// default keys): the key and what it does.
pub fn key_rows() -> Vec<(String, String)> {
    KEYS.iter()
        .filter_map(|row| match row {
            KeyRow::Fixed(k) => Some((k.keys.to_owned(), k.doc.to_owned())),
            KeyRow::Bound(a) => {
                let c = command(*a);
                let k = c.key?;
                let also = match (c.slash, k.doc) {
                    (Some(name), None) => format!(" (also `/{name}`)"),
                    _ => String::new(),
                };
                Some((
                    key_label(k.default),
                    format!("{}{also}", k.doc.unwrap_or(c.doc)),
                ))
            }
        })
        .collect()
}

/// The README's table of the commands by name (Markdown).
pub fn markdown_commands() -> String {
    let mut out = String::from("| command | key | does |\n|---|---|---|\n");
    for (usage, key, doc) in command_rows() {
        let usage = usage.replace('|', "\\|");
        out.push_str(&format!("| `{usage}` | {key} | {doc} |\n"));
    }
    out
}

/// The README's table of every key (Markdown).
pub fn markdown_keys() -> String {
    let mut out = String::from("| key | does |\n|---|---|\n");
    for (key, doc) in key_rows() {
        out.push_str(&format!("| {key} | {doc} |\n"));
    }
    out
}

/// The README's list of the `[keys]` names and their default keys, as
/// Markdown text: `` `quit` Ctrl+Q, `help` F1, … ``.
pub fn markdown_key_names() -> String {
    let names: Vec<String> = COMMANDS
        .iter()
        .filter_map(|c| c.key)
        .map(|k| format!("`{}` {}", k.name, key_label(k.default)))
        .collect();
    format!("Actions and their default keys: {}.\n", names.join(", "))
}
