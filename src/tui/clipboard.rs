//! Copying text: OSC 52 (works over SSH and inside tmux), and the system
//! clipboard tool when one is installed (wl-copy, xclip, xsel, pbcopy).

use std::process::Command;
use std::time::Duration;

pub use supchat_chat::text::base64;

/// The OSC 52 sequence that asks the terminal to set its clipboard.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

/// The same, wrapped for tmux's passthrough, which reaches the outer
/// terminal even when tmux's own `set-clipboard` is off.
pub fn osc52_tmux(text: &str) -> String {
    // Inside the passthrough every ESC is doubled.
    format!(
        "\x1bPtmux;{}\x1b\\",
        osc52(text).replace('\x1b', "\x1b\x1b")
    )
}

/// Copies with the system clipboard tool, if one is installed. Blocking
/// (a tool may hang, say xclip without a display: it is killed after two
/// seconds): run it off the event loop. `SUPCHAT_CLIPBOARD=osc52` skips the
/// tools.
pub fn system_copy(text: &str) -> Option<&'static str> {
    if std::env::var("SUPCHAT_CLIPBOARD").is_ok_and(|v| v == "osc52") {
        return None;
    }
    let tools: &[(&str, &[&str])] = &[
        ("wl-copy", &[]),
        ("xclip", &["-selection", "clipboard"]),
        ("xsel", &["--clipboard", "--input"]),
        ("pbcopy", &[]),
    ];
    let limits = supchat_core::proc::Limits {
        timeout: Duration::from_secs(2),
        cap: 4096,
        no_terminal: false,
    };
    tools.iter().find_map(|(tool, args)| {
        let mut cmd = Command::new(tool);
        cmd.args(*args);
        supchat_core::proc::run(cmd, Some(text.as_bytes().to_vec()), limits, None)
            .is_ok_and(|f| f.status.is_some_and(|s| s.success()))
            .then_some(*tool)
    })
}

/// What a copy reached, said to the user: a tool is certain; OSC 52 is
/// only asked of the terminal, which may ignore it (tmux does unless told).
pub fn copied_how(tool: Option<&str>) -> String {
    match tool {
        Some(t) => supchat_i18n::tr!("clipboard-system", tool = t),
        None if std::env::var_os("TMUX").is_some() => supchat_i18n::tr("clipboard-tmux"),
        None => supchat_i18n::tr("clipboard-terminal"),
    }
}

/// The OSC 52 sequences for `text`: the plain one, and inside tmux the
/// passthrough one too. Written by the event loop with its frames.
pub fn osc52_for_terminal(text: &str) -> String {
    let mut seq = osc52(text);
    if std::env::var_os("TMUX").is_some() {
        seq.push_str(&osc52_tmux(text));
    }
    seq
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(i.as_bytes()), o);
        }
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x07");
        assert_eq!(osc52_tmux("hi"), "\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\");
    }
}
