//! Boundaries the design keeps (style.md, "Shape"): only `src/tui/` knows the
//! terminal. The workspace's crates have no terminal crate among their
//! dependencies (so the compiler refuses one in their code), every other
//! module of the binary is free of ratatui and crossterm too, and none of
//! them writes an escape sequence itself, so model text reaches a terminal
//! only through the one module that sanitises and styles it. And `tui`
//! never uses `cli` (the command line drives the screen, not the reverse).

use std::fs;

use std::path::{Path, PathBuf};
use supchat_testkit::rust_files;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The workspace's crates.
fn crates() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(root().join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("Cargo.toml").is_file())
        .collect();
    out.sort();
    out
}

/// The source outside `src/tui/` (the crates' too), each file without its
/// test code.
fn outside_tui() -> Vec<(PathBuf, String)> {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for c in crates() {
        rust_files(&c.join("src"), &mut files);
    }
    files
        .into_iter()
        .filter(|p| !p.starts_with(src.join("tui")))
        .filter(|p| !p.to_string_lossy().ends_with("_tests.rs") && !p.ends_with("tests.rs"))
        .map(|p| {
            let text = fs::read_to_string(&p).unwrap();
            let code = match text.find("#[cfg(test)]") {
                Some(i) => text[..i].to_owned(),
                None => text,
            };
            (p, code)
        })
        .collect()
}

#[test]
fn no_crate_of_the_workspace_depends_on_a_terminal_crate() {
    let crates = crates();
    assert!(crates.len() >= 4, "the crates were found");
    for c in crates {
        let manifest = fs::read_to_string(c.join("Cargo.toml")).unwrap();
        for line in manifest.lines() {
            let name = line.split(['=', '.']).next().unwrap_or("").trim();
            assert!(
                !["ratatui", "ratatui-textarea", "crossterm"].contains(&name),
                "{} depends on {name}: the terminal belongs to src/tui",
                c.display()
            );
        }
    }
}

#[test]
fn the_screen_never_uses_the_command_line() {
    let mut files = Vec::new();
    rust_files(&root().join("src/tui"), &mut files);
    for f in files {
        let text = fs::read_to_string(&f).unwrap();
        assert!(
            !text.contains("crate::cli"),
            "{} uses crate::cli",
            f.display()
        );
    }
}

#[test]
fn only_the_tui_module_uses_ratatui_or_crossterm() {
    let files = outside_tui();
    assert!(files.len() > 20, "the walk found the source");
    let offenders: Vec<String> = files
        .iter()
        .flat_map(|(p, code)| {
            code.lines().enumerate().filter_map(move |(n, line)| {
                let code = line.split("//").next().unwrap_or("");
                (code.contains("ratatui") || code.contains("crossterm"))
                    .then(|| format!("{}:{}: {}", p.display(), n + 1, line.trim()))
            })
        })
        .collect();
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
}

#[test]
fn only_the_tui_module_writes_escape_sequences() {
    // A string literal holding ESC or CSI is an escape sequence being
    // written; a char literal ('\x1b') is the sanitiser recognising one.
    let escapes = [
        "\"\\x1b", "\\x1b[", "\\x1b]", "\\u{1b}", "\\u{9b}", "\\x9b", "\\033", "\\e[",
    ];
    let offenders: Vec<String> = outside_tui()
        .iter()
        .flat_map(|(p, code)| {
            code.lines().enumerate().filter_map(move |(n, line)| {
                let literal = line.replace("'\\x1b'", "").replace("'\\u{9b}'", "");
                escapes
                    .iter()
                    .any(|e| literal.contains(e))
                    .then(|| format!("{}:{}: {}", p.display(), n + 1, line.trim()))
            })
        })
        .collect();
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
}
