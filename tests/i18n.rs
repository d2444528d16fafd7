//! The catalogues against the code: every message of `en/*.ftl` is used
//! (by name in the sources, or made from the command table: `cmd-ACTION`,
//! `key-NAME-does`, `key-NAME-help`, `fixed-ID`), every message the
//! sources name by literal exists, and no words a user reads are written
//! in the code outside the catalogues. (That the two catalogues have the
//! same messages is `supchat-i18n`'s own test.)

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
    let ids: BTreeSet<String> = en.iter().flat_map(|f| supchat_i18n::ids(f)).collect();
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
        "named in the code, missing in en/*.ftl: {missing:?}"
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

/// Files whose words are not the interface's, and why. Everything else
/// that reads as words (two words of letters) must come from the
/// catalogues.
const NOT_THE_INTERFACE: &[(&str, &str)] = &[
    // What the model reads: tool descriptions and results, why a call was
    // not run. Models read English best; the screen shows them as the
    // model's data, as it shows replies.
    (
        "crates/core/src/tools/builtin.rs",
        "the built-in tools, for the model",
    ),
    (
        "crates/core/src/tools/batch.rs",
        "tool results, for the model",
    ),
    (
        "crates/core/src/tools/job.rs",
        "tool results, for the model",
    ),
    (
        "crates/core/src/engine/ending.rs",
        "tool results, for the model",
    ),
    (
        "crates/core/src/engine/history.rs",
        "tool results, for the model",
    ),
    // The demo's scripted replies: a model's words, not supchat's.
    ("src/demo.rs", "the demo server's replies"),
    // The English reference (README, man page), generated from tables.
    (
        "crates/core/src/config/commands/mod.rs",
        "the reference's long help",
    ),
    (
        "crates/core/src/config/commands/keys.rs",
        "the reference's long help",
    ),
    (
        "crates/core/src/config/commands/docs.rs",
        "the reference's long help",
    ),
    (
        "crates/core/src/config/places.rs",
        "the reference's files and variables",
    ),
    ("src/cli/generated.rs", "the man page's sections"),
];

/// A file of this name holds what the model reads, beside code that
/// shows the user its own words: `mcp/for_model.rs`.
const FOR_THE_MODEL: &str = "for_model.rs";

/// Other programs' words that supchat looks for in what they say (a
/// server's error, the MCP SDK's, the TOML reader's), never shown by it.
const MATCHED_NOT_SAID: &[&str] = &[
    "spend limit",
    "tls handshake",
    "Client error: ",
    "connection closed",
    "Broken pipe",
    "Transport closed",
    // The TOML reader's messages, said again in Chinese.
    "unknown field ",
    "one of ",
    "missing field ",
    "invalid type: ",
    "invalid value: ",
    "duplicate key",
    "unclosed table",
];

/// SQL, a program's own words, not a user's.
const SQL: [&str; 8] = [
    "SELECT ", "INSERT ", "DELETE ", "UPDATE ", "ALTER ", "PRAGMA ", "CREATE ", "WITH ",
];

#[test]
fn no_words_a_user_reads_are_written_outside_the_catalogues() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    supchat_testkit::rust_files(&root.join("src"), &mut files);
    for c in ["api", "chat", "core"] {
        supchat_testkit::rust_files(&root.join("crates").join(c).join("src"), &mut files);
    }
    let mut found = Vec::new();
    for f in files {
        let rel = f
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let name = f.file_name().unwrap().to_string_lossy();
        if name == "tests.rs"
            || name.ends_with("_tests.rs")
            || rel.contains("/tests/")
            || name == FOR_THE_MODEL
            || NOT_THE_INTERFACE.iter().any(|(p, _)| *p == rel)
        {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        // The file's own tests are not the interface.
        let end = text.find("#[cfg(test)]\nmod ").unwrap_or(text.len());
        for (line, lit) in string_literals(&text[..end]) {
            let code_line = text[..end].lines().nth(line - 1).unwrap_or("");
            if reads_as_words(&lit)
                && !MATCHED_NOT_SAID.contains(&lit.as_str())
                && !SQL.iter().any(|k| lit.trim_start().starts_with(k))
                && !["expect(", "unreachable!(", "panic!(", "assert!(", "#["]
                    .iter()
                    .any(|k| code_line.contains(k))
            {
                found.push(format!("{rel}:{line}: {lit:?}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "{} strings a user reads are written in the code, not taken from crates/i18n/locales:\n{}",
        found.len(),
        found.join("\n")
    );
}

/// Whether a literal holds words: two words of letters side by side once
/// its `{}` holes are taken out (`"no such file"`, not `"{a} {b}"`,
/// `"rustls-tls"` or `"application/json"`).
fn reads_as_words(lit: &str) -> bool {
    let mut plain = String::new();
    let mut depth = 0;
    for c in lit.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = plain.split_whitespace().collect();
    let word = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_ascii_alphabetic());
        w.len() >= 2 && w.chars().all(|c| c.is_ascii_alphabetic() || c == '\'')
    };
    words.windows(2).any(|p| word(p[0]) && word(p[1]))
}

/// The string literals of Rust source, with their line: "…", r"…",
/// r#"…"#; comments, char literals and lifetimes skipped.
fn string_literals(src: &str) -> Vec<(usize, String)> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < b.len() {
        match b[i] {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    line += usize::from(b[i] == b'\n');
                    i += 1;
                }
                i += 2;
            }
            b'\'' => {
                // A char literal ('"', '\'', 'x') or a lifetime ('a).
                if b.get(i + 1) == Some(&b'\\') {
                    i += 3;
                    while i < b.len() && b[i] != b'\'' {
                        i += 1;
                    }
                    i += 1;
                } else if b.get(i + 2) == Some(&b'\'') {
                    i += 3;
                } else {
                    i += 1;
                }
            }
            b'r' if matches!(b.get(i + 1), Some(b'"' | b'#'))
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                let start = j + 1;
                let len = b[start..]
                    .windows(close.len())
                    .position(|w| w == close.as_slice())
                    .unwrap_or(b.len() - start);
                let s = &src[start..start + len];
                out.push((line, s.to_owned()));
                line += s.matches('\n').count();
                i = start + len + close.len();
            }
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let s = &src[start..j.min(b.len())];
                out.push((line, s.to_owned()));
                line += s.matches('\n').count();
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    out
}
