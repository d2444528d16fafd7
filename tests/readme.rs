//! README.md's tables of keys and commands, and the list of `[keys]`
//! names, are made from the one command
//! table (`config::commands`), its files and environment from
//! `config::places` (as the man page is): this test fails when they differ,
//! and with `SUPCHAT_BLESS=1` writes them anew. And every environment
//! variable the code reads is in that list.

use std::path::Path;

use supchat_core::config::commands::{markdown_commands, markdown_key_names, markdown_keys};
use supchat_core::config::places::{ENVIRONMENT, EXIT_CODES, FILES, markdown_table};

/// `text` with the part between the `name` markers replaced by `body`.
fn with_section(text: &str, name: &str, body: &str) -> String {
    let begin = format!("<!-- {name}:begin");
    let end = format!("<!-- {name}:end -->");
    let start = text.find(&begin).expect("the begin marker");
    let start = start + text[start..].find("-->\n").expect("its end") + 4;
    let stop = text.find(&end).expect("the end marker");
    format!("{}{body}{}", &text[..start], &text[stop..])
}

#[test]
fn the_readme_tables_of_keys_and_commands_come_from_the_command_table() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let mut made = readme.clone();
    for (name, body) in [
        ("commands", markdown_commands()),
        ("keys", markdown_keys()),
        ("key-names", markdown_key_names()),
        ("files", markdown_table("file", FILES)),
        ("environment", markdown_table("variable", ENVIRONMENT)),
        ("exit-codes", markdown_table("code", EXIT_CODES)),
    ] {
        made = with_section(&made, name, &body);
    }
    if made == readme {
        return;
    }
    if std::env::var_os("SUPCHAT_BLESS").is_some() {
        std::fs::write(&path, made).unwrap();
        return;
    }
    panic!(
        "README.md's tables differ from the command table; run SUPCHAT_BLESS=1 cargo test --test readme\n\ncommands:\n{}\nkeys:\n{}",
        markdown_commands(),
        markdown_keys()
    );
}

/// A variable read by the code (`var("NAME")`, `var_os("NAME")`) that the
/// documented list lacks fails here (test-only ones aside).
#[test]
fn every_environment_variable_read_is_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    supchat_testkit::rust_files(&root.join("src"), &mut files);
    for c in ["api", "chat", "core"] {
        supchat_testkit::rust_files(&root.join("crates").join(c).join("src"), &mut files);
    }
    let listed: Vec<&str> = ENVIRONMENT
        .iter()
        .flat_map(|(names, _)| names.split(", "))
        .collect();
    let mut missing = Vec::new();
    for f in files
        .iter()
        .filter(|f| !f.to_string_lossy().contains("tests"))
    {
        let text = std::fs::read_to_string(f).unwrap();
        for pat in ["var(\"", "var_os(\""] {
            for (i, _) in text.match_indices(pat) {
                let rest = &text[i + pat.len()..];
                let name = &rest[..rest.find('"').unwrap_or(0)];
                if !name.starts_with("SUPCHAT_TEST_") && !listed.contains(&name) {
                    missing.push(format!("{name} ({})", f.display()));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not in config::places::ENVIRONMENT: {missing:?}"
    );
}
