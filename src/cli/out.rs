//! Writing what a subcommand prints. stdout may be a pipe whose reader went
//! away (`| head`) or a full disk (`> /dev/full`), and stderr may be closed
//! too: nothing here panics (as `println!` would). A write that fails ends
//! the command: a broken pipe quietly (exit 141, as a shell reports it), any
//! other failure with a message and exit 1.

use std::fmt::Display;
use std::io::{self, Write};
use std::process::ExitCode;

use super::EXIT_FAILED;

/// The exit code for a reader that went away (128 + SIGPIPE).
pub const EXIT_BROKEN_PIPE: u8 = 141;

/// `supchat: message` on stderr, cleaned of control characters (messages
/// may carry server text); a closed stderr is ignored.
pub fn warn(message: impl Display) {
    // Each line cleaned on its own: a config error's second line shows the
    // offending line of the file.
    let text = message.to_string();
    let mut lines = text.lines().map(|l| {
        let indent = l.len() - l.trim_start_matches(' ').len();
        format!(
            "{}{}",
            " ".repeat(indent.min(8)),
            supchat_chat::text::sanitize_line(l)
        )
    });
    let first = lines.next().unwrap_or_default();
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "supchat: {}", first.trim_start());
    for l in lines.take(20) {
        let _ = writeln!(err, "{l}");
    }
}

/// The exit code for how writing the output ended.
pub fn finish(written: io::Result<ExitCode>) -> ExitCode {
    match written {
        Ok(code) => code,
        Err(e) => write_failed(&e),
    }
}

/// The exit code after a failed write, said on stderr unless the reader
/// simply went away.
pub fn write_failed(e: &io::Error) -> ExitCode {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return ExitCode::from(EXIT_BROKEN_PIPE);
    }
    warn(supchat_i18n::tr!(
        "cli-cannot-write-output",
        error = e.to_string()
    ));
    ExitCode::from(EXIT_FAILED)
}
