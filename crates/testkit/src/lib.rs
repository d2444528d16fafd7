//! What supchat's tests and benchmarks share, and nothing the binary ships:
//! the tmux harness that drives the real binary, scratch folders, and the
//! scripted loopback server (re-exported from `supchat-loopback`, which
//! `--demo` also runs). Only dev-dependencies name this crate.

pub mod mcp;
pub mod tmux;

pub use supchat_loopback as loopback;
pub use tmux::{Tmux, tmux_available};

/// A new empty folder of this process's own under the temporary folder.
pub fn temp_dir(tag: &str) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "supchat-{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    // Empty: a folder of an earlier run whose process had the same pid
    // would bring its sessions and remembered choices along.
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Every `.rs` file below `dir`, added to `out`.
pub fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// supchat's binary as a test runs it: in English, whatever the locale of
/// the machine running the tests (tests read its words), by `LC_ALL`; a
/// test of another language removes or sets it after.
pub fn supchat(bin: &str) -> std::process::Command {
    let mut c = std::process::Command::new(bin);
    c.env("LC_ALL", "C.UTF-8");
    c
}
