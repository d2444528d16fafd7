//! The catalogues against the code: every message of `en.ftl` is used
//! (by name in the sources, or made from the command table: `cmd-ACTION`,
//! `key-NAME-does`, `key-NAME-help`, `fixed-ID`), and every message the
//! sources name by literal exists. (That the two catalogues have the same
//! messages is `supchat-i18n`'s own test.)

use std::collections::BTreeSet;
use std::path::Path;

use supchat_core::config::commands::{COMMANDS, KEYS, KeyRow};

/// The sources, and the message names they give as literals to `tr`,
/// `tr!` and `tr_args` (spaces and new lines between allowed).
fn sources() -> (String, BTreeSet<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    supchat_testkit::rust_files(&root.join("src"), &mut files);
    for c in ["api", "chat", "core", "i18n"] {
        supchat_testkit::rust_files(&root.join("crates").join(c).join("src"), &mut files);
    }
    let mut all = String::new();
    let mut names = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for call in ["tr(", "tr!(", "tr_args("] {
            for (i, _) in text.match_indices(call) {
                // `tr(`, not `write_str(` or `include_str!(`.
                let before = text[..i].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                // Not in a comment.
                let line_start = text[..i].rfind('\n').map_or(0, |n| n + 1);
                if text[line_start..i].trim_start().starts_with("//") {
                    continue;
                }
                let rest = text[i + call.len()..].trim_start();
                if let Some(rest) = rest.strip_prefix('"')
                    && let Some(end) = rest.find('"')
                {
                    names.insert(rest[..end].to_owned());
                }
            }
        }
        all.push_str(&text);
    }
    (all, names)
}

/// Message names made from the command table.
fn made_from_the_table() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for c in COMMANDS {
        names.insert(format!("cmd-{}", c.action.id()));
        if let Some(k) = c.key {
            let n = k.name.replace('_', "-");
            names.insert(format!("key-{n}-does"));
            names.insert(format!("key-{n}-help"));
        }
    }
    for r in KEYS {
        if let KeyRow::Fixed(k) = r {
            names.insert(format!("fixed-{}", k.id));
        }
    }
    names
}

#[test]
fn every_message_is_used_and_every_name_used_exists() {
    let (_, en) = supchat_i18n::CATALOGUES[0];
    let ids: BTreeSet<String> = supchat_i18n::ids(en).into_iter().collect();
    let (text, named) = sources();
    let made = made_from_the_table();
    // Used: named in a call, given as a literal (a table of hints), or
    // made from the command table.
    let unused: Vec<&String> = ids
        .iter()
        .filter(|id| !made.contains(*id) && !text.contains(&format!("\"{id}\"")))
        .collect();
    assert!(unused.is_empty(), "messages nobody uses: {unused:?}");
    let missing: Vec<&String> = named.iter().filter(|n| !ids.contains(*n)).collect();
    assert!(
        missing.is_empty(),
        "named in the code, missing in en.ftl: {missing:?}"
    );
    // Each command has its words.
    for c in COMMANDS {
        let id = format!("cmd-{}", c.action.id());
        assert!(ids.contains(&id), "{id} is missing");
    }
    for r in KEYS {
        if let KeyRow::Fixed(k) = r {
            assert!(ids.contains(&format!("fixed-{}", k.id)), "fixed-{}", k.id);
        }
    }
}
