//! One turn of `ask`: run to its end or until stopped, and the exit code
//! and figures it comes to.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Notify;

use super::compare::print_json;
use super::drive;
use crate::cli::{AskArgs, EXIT_FAILED, EXIT_INTERRUPTED, fail};
use crate::tui::print::AskPrinter;
use crate::tui::theme::Theme;
use supchat_chat::{Conversation, EndNote, EntryKind};
use supchat_core::engine::{ClientPool, Ended, Now};
use supchat_core::session::{ChatSession, Records};
use supchat_i18n::tr;

/// What every turn of `ask` runs with.
pub(super) struct Turn<'a> {
    pub(super) args: &'a AskArgs,
    pub(super) records: Option<&'a Records>,
    pub(super) pool: &'a Arc<ClientPool>,
    pub(super) mcp: Option<&'a supchat_core::mcp::Hub>,
    pub(super) asks: bool,
    pub(super) parallel: u32,
    pub(super) offered: bool,
    pub(super) theme: Theme,
    /// `--wire FILE`.
    pub(super) wire: Option<&'a super::wire::WireFile>,
}

impl Turn<'_> {
    /// Runs a turn to its end (or until stopped) and says how it went:
    /// the exit code, and whether `ask` was stopped (nothing more runs).
    pub(super) async fn run(
        &self,
        session: &mut ChatSession,
        outs: Vec<supchat_core::session::Out>,
    ) -> (ExitCode, bool) {
        let args = self.args;
        let gone = Arc::new(Notify::new());
        let mut out = AskPrinter::new(args.raw, !args.no_reasoning, Arc::clone(&gone), self.theme);
        if args.json {
            out = out.quiet();
        }
        // Set when the run is stopped: a tool still running is killed.
        let cancel = Arc::new(AtomicBool::new(false));
        let mut driver = drive::Driver::new(
            &mut out,
            self.records,
            self.pool,
            &cancel,
            self.asks,
            self.parallel,
        );
        driver.wire = self.wire;
        let stopped = tokio::select! {
            () = driver.run(session, outs) => None,
            _ = tokio::signal::ctrl_c() => Some(Stop::Interrupted),
            code = terminated() => Some(Stop::Signal(code)),
            // The reader went away: stop the request, read no more.
            () = gone.notified() => Some(Stop::Gone),
        };
        if stopped.is_some() {
            cancel.store(true, Ordering::Relaxed);
            // An MCP call under way is told it is cancelled before supchat ends.
            if let Some(hub) = self.mcp {
                hub.cancel_calls().await;
            }
            // A key command still running (waiting for a passphrase, say) is
            // killed, not waited for.
            supchat_core::config::stop_key_commands();
            let outs = session.cancel(Now::read());
            driver.save_all(session, outs);
        }
        drop(driver);
        // Every way out leaves the terminal's styles as they were.
        out.end_line();
        let ended = stopped.is_some();
        let code = match stopped {
            _ if out.diverged() => fail(EXIT_FAILED, tr!("cli-ask-diverged")),
            Some(Stop::Interrupted) => fail(EXIT_INTERRUPTED, tr!("cli-ask-cancelled")),
            Some(Stop::Signal(code)) => ExitCode::from(code),
            Some(Stop::Gone) => write_error(&out),
            None if out.write_error().is_some() => write_error(&out),
            None => {
                // Compared, the figures say whose they are.
                let whose = (!args.compare.is_empty())
                    .then(|| supchat_chat::text::sanitize_line(&session.current().label()));
                conclude(
                    args,
                    session.conversation(),
                    &mut out,
                    (self.offered, whose),
                )
            }
        };
        if args.json
            && let Some(over) = out.turn_over()
            && let Err(e) = print_json(session, over)
        {
            // The answers cannot be written: said, and nothing more runs.
            return (crate::cli::out::write_failed(&e), true);
        }
        (code, ended || out.write_error().is_some())
    }
}

/// How `ask` was stopped before its turn ended.
pub(super) enum Stop {
    Interrupted,
    /// SIGTERM or SIGHUP: the exit code 128 + the signal.
    Signal(u8),
    Gone,
}

pub(super) fn write_error(out: &AskPrinter) -> ExitCode {
    match out.write_error() {
        Some(e) => crate::cli::out::write_failed(e),
        None => ExitCode::from(EXIT_FAILED),
    }
}

/// Resolves on SIGTERM or SIGHUP with the exit code to give.
pub(super) async fn terminated() -> u8 {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let (Ok(mut term), Ok(mut hup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        ) {
            return tokio::select! {
                _ = term.recv() => 143,
                _ = hup.recv() => 129,
            };
        }
    }
    std::future::pending().await
}

/// The figures, notes and exit code once the turn is over.
pub(super) fn conclude(
    args: &AskArgs,
    conv: &Conversation,
    out: &mut AskPrinter,
    (offered, whose): (bool, Option<String>),
) -> ExitCode {
    let Some(over) = out.turn_over().cloned() else {
        return fail(EXIT_FAILED, tr!("cli-ask-no-answer"));
    };
    // Figures of a request that got no answer would say nothing true.
    if args.stats && !matches!(over.ended, Ended::Failed(_)) {
        match whose {
            Some(w) => out.note(&format!("{w}: {}", over.stats.summary())),
            None => out.note(&over.stats.summary()),
        }
    }
    let id = match over.ended {
        Ended::Failed(id) => {
            return match conv.get(id).map(|e| &e.kind) {
                Some(EntryKind::FailedSend(f)) => fail(EXIT_FAILED, &f.error),
                _ => fail(EXIT_FAILED, tr!("cli-ask-request-failed")),
            };
        }
        Ended::Answered(id) | Ended::Cancelled(id) | Ended::Interrupted(id) => id,
    };
    let Some(reply) = conv.assistant(id) else {
        return ExitCode::SUCCESS;
    };
    match reply.end_note() {
        Some(EndNote::Interrupted(why)) => return fail(EXIT_FAILED, why),
        Some(note @ EndNote::Incomplete(_)) => return fail(EXIT_FAILED, note),
        Some(note) => out.note(&note.to_string()),
        None => {}
    }
    if offered {
        // The step limit (or a cut-off reply) left calls unrun: said already.
        if out.tools_not_run() {
            return ExitCode::from(EXIT_FAILED);
        }
        return ExitCode::SUCCESS;
    }
    for call in reply.reply.finished_tool_calls() {
        out.note(&tr!(
            "cli-ask-no-tools-offered",
            name = &call.name,
            args = &call.arguments
        ));
    }
    ExitCode::SUCCESS
}
