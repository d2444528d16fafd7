//! README.md's tables of keys and commands, and the list of `[keys]`
//! names, are made from the one command
//! table (`config::commands`): this test fails when they differ, and with
//! `SUPCHAT_BLESS=1` writes them anew.

use std::path::Path;

use supchat_core::config::commands::{markdown_commands, markdown_key_names, markdown_keys};

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
    let made = with_section(
        &with_section(
            &with_section(&readme, "commands", &markdown_commands()),
            "keys",
            &markdown_keys(),
        ),
        "key-names",
        &markdown_key_names(),
    );
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
