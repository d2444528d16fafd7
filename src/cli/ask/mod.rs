//! `supchat ask`: one question, the reply streamed to stdout as it arrives,
//! reasoning and notices on stderr. A thin driver of the chat session, as
//! the screen is: the session decides what is sent, saved and run,
//! `drive` carries it out, `tui::print` presents it; this file reads the
//! arguments and picks the exit code.

mod drive;
mod for_model;

use std::io::{IsTerminal, Read};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Notify;

use super::{AskArgs, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE, fail};
use crate::tui::print::AskPrinter;
use crate::tui::theme::{Palette, Theme};
use supchat_chat::{Conversation, EndNote, EntryKind};
use supchat_core::config::{Config, quirks};
use supchat_core::engine::{ClientPool, Ended, Now};
use supchat_core::session::{Approvals, ChatSession, Opened, Records, WhenHeld};
use supchat_core::store::JournalStatus;
use supchat_i18n::tr;

pub async fn run(args: AskArgs, cfg: &Config) -> ExitCode {
    let root = std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("."));
    let (mut session, records) = match set_up(&args, cfg, &root) {
        Ok(x) => x,
        Err(m) => return fail(EXIT_USAGE, m),
    };
    // `--compare`: every target named right, the first one chosen.
    let mut targets = match targets(&args) {
        Ok(t) => t,
        Err(m) => return fail(EXIT_USAGE, m),
    };
    for t in &mut targets {
        match session.choices().find(&t.provider) {
            // A target without a model keeps its provider's own, even
            // after another target named one (`a:m2,a`).
            Ok(i) if t.model.is_none() => {
                let own = session.choices().providers()[i].model_label();
                t.model = (!own.is_empty()).then(|| own.to_owned());
            }
            Ok(_) => {}
            Err(m) => return fail(EXIT_USAGE, m),
        }
    }
    let pool = ClientPool::new(quirks::default_path());
    // Each target set up before any is asked: a missing key is a usage
    // error said at once, wherever the target is in the list.
    for t in targets.iter().skip(1) {
        if let Err(m) = t.choose(session.choices_mut()) {
            return fail(EXIT_USAGE, m);
        }
        if let Err(e) = pool.client_async(session.current()).await {
            return fail(
                if e.key_missing {
                    EXIT_USAGE
                } else {
                    EXIT_FAILED
                },
                e.message,
            );
        }
    }
    if let Some(Err(m)) = targets.first().map(|t| t.choose(session.choices_mut())) {
        return fail(EXIT_USAGE, m);
    }
    let (prompt, typed) = match read_prompt(&args.prompt) {
        Ok(p) => p,
        Err(m) => return fail(EXIT_USAGE, m),
    };
    // Set up first, so that a missing key is a usage error said at once.
    if let Err(e) = pool.client_async(session.current()).await {
        let code = if e.key_missing {
            EXIT_USAGE
        } else {
            EXIT_FAILED
        };
        return fail(code, e.message);
    }
    // MCP servers, when the provider is offered tools: each is waited for
    // at most its startup timeout; one that fails is said and left out.
    let mcp = start_mcp(cfg, &session).await;
    if let Some(hub) = &mcp {
        session.set_mcp(hub.clone());
    }
    let offered = session.toolbox().offered_to(session.current());
    // The reply goes to stdout as it comes: no copy of it is kept (unless
    // it is saved, or tools may need it sent again).
    if records.is_none() && !offered {
        session.keep_tail_only();
    }
    // A stream that breaks off is asked for again; the printer goes on
    // only if the new reply begins with what it printed.
    session.retry_broken_streams();
    let asks = drive::can_ask();
    session.set_approvals(if args.yes {
        Approvals::ApproveAll
    } else if asks {
        Approvals::Ask
    } else {
        Approvals::DeclineAll
    });
    // `@file` words of the prompt's arguments attach those files.
    let text = typed;
    let files =
        match tokio::task::spawn_blocking(move || supchat_core::attach::load(&text, &root, true))
            .await
        {
            Ok(Ok(f)) => f,
            Ok(Err(why)) => return fail(EXIT_USAGE, why),
            Err(e) => return fail(EXIT_FAILED, e),
        };
    // `--compare a,b`: the first target answers the prompt, each other one
    // answers it again (a branch of the same turn), one after another.
    let compare = !targets.is_empty();
    let mut targets = targets.into_iter();
    // The first target was chosen above.
    targets.next();
    if compare && !args.json {
        heading(&session);
    }
    let outs = match session.send(prompt, files, Now::read()) {
        Ok(outs) => outs,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let theme = Theme::new(Palette::for_terminal(cfg.theme, || None));
    let ctx = Turn {
        args: &args,
        records: records.as_ref(),
        pool: &pool,
        mcp: mcp.as_ref(),
        asks,
        parallel: cfg.tools.parallel,
        offered,
        theme,
    };
    let (mut code, mut stopped) = ctx.run(&mut session, outs).await;
    for t in targets {
        if stopped {
            break;
        }
        if let Err(m) = t.choose(session.choices_mut()) {
            return fail(EXIT_USAGE, m);
        }
        if !args.json {
            heading(&session);
        }
        let outs = match session.retry(None, Now::read()) {
            Ok(outs) => outs,
            Err(e) => return fail(EXIT_FAILED, e.to_string()),
        };
        let (c, s) = ctx.run(&mut session, outs).await;
        // The first failure decides the exit code (the others still run),
        // unless `ask` was stopped: then how it was stopped (130, 141…).
        if code == ExitCode::SUCCESS || s {
            code = c;
        }
        stopped = s;
    }
    if let Some(hub) = &mcp {
        hub.stop_all();
    }
    // The session is let go of, and what is pending written.
    if let Some(r) = &records {
        r.end();
    }
    code
}

/// What every turn of `ask` runs with.
struct Turn<'a> {
    args: &'a AskArgs,
    records: Option<&'a Records>,
    pool: &'a Arc<ClientPool>,
    mcp: Option<&'a supchat_core::mcp::Hub>,
    asks: bool,
    parallel: u32,
    offered: bool,
    theme: Theme,
}

impl Turn<'_> {
    /// Runs a turn to its end (or until stopped) and says how it went:
    /// the exit code, and whether `ask` was stopped (nothing more runs).
    async fn run(
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
            return (super::out::write_failed(&e), true);
        }
        (code, ended || out.write_error().is_some())
    }
}

/// A target of `--compare`: a provider, with a model (or a Sup.ai mode)
/// after a `:`.
struct Target {
    provider: String,
    model: Option<String>,
}

impl Target {
    /// `supage`, `supage:claude-opus-4-1`, `supai:fast`.
    fn parse(s: &str) -> Target {
        match s.trim().split_once(':') {
            Some((p, m)) if !m.trim().is_empty() => Target {
                provider: p.trim().to_owned(),
                model: Some(m.trim().to_owned()),
            },
            Some((p, _)) => Target {
                provider: p.trim().to_owned(),
                model: None,
            },
            None => Target {
                provider: s.trim().to_owned(),
                model: None,
            },
        }
    }

    /// The next message goes to this target.
    fn choose(&self, c: &mut supchat_core::session::Choices) -> Result<(), String> {
        c.select(&self.provider)?;
        match &self.model {
            Some(m) if c.current().kind == supchat_core::config::ProviderKind::SupAi => {
                c.set_mode(m)
            }
            Some(m) => {
                let i = c.current_index();
                c.set_model(i, m.clone());
                Ok(())
            }
            None => Ok(()),
        }
    }
}

/// `--compare`'s targets (2 to 4), or none without it.
fn targets(args: &AskArgs) -> Result<Vec<Target>, String> {
    let list: Vec<Target> = args
        .compare
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| Target::parse(s))
        .collect();
    if args.compare.is_empty() {
        return Ok(list);
    }
    if !(2..=4).contains(&list.len()) {
        return Err(tr!("cli-compare-count", n = list.len()));
    }
    let c = &args.choosing;
    if c.provider.is_some() || c.model.is_some() || c.mode.is_some() || c.models.is_some() {
        return Err(tr!("cli-compare-not-with-choosing"));
    }
    // `:model` alone names no provider.
    if list.iter().any(|t| t.provider.is_empty()) {
        return Err(tr!("cli-compare-no-provider"));
    }
    Ok(list)
}

/// A compared answer as one line of JSON: who answered, the text, its
/// figures (time to first token, duration, tokens/s, usage, cost) and how
/// it ended (`error` when it failed).
fn print_json(session: &ChatSession, over: &supchat_core::engine::TurnOver) -> std::io::Result<()> {
    use std::io::Write;
    let conv = session.conversation();
    let p = session.current();
    // Every key on every line: `error` and `note` are null when there is
    // none; a reply that broke off or was cancelled has an `error`.
    let mut o = serde_json::json!({
        "provider": p.name,
        "model": p.model_label(),
        "text": null,
        "error": null,
        "note": null,
    });
    match over.ended {
        Ended::Failed(id) => {
            let error = match conv.get(id).map(|e| &e.kind) {
                Some(EntryKind::FailedSend(f)) => f.error.clone(),
                _ => tr!("cli-ask-request-failed"),
            };
            o["error"] = error.into();
        }
        Ended::Answered(id) | Ended::Cancelled(id) | Ended::Interrupted(id) => {
            if let Some(a) = conv.assistant(id) {
                o["model"] = a
                    .reply
                    .model
                    .clone()
                    .unwrap_or_else(|| a.answerer.model.clone())
                    .into();
                o["text"] = a.reply.text.clone().into();
                match a.end_note() {
                    Some(note @ (EndNote::Interrupted(_) | EndNote::Cancelled)) => {
                        o["error"] = note.to_string().into();
                    }
                    Some(note) => o["note"] = note.to_string().into(),
                    None => {}
                }
            }
        }
    }
    let s = &over.stats;
    o["ttft_ms"] = s.ttft.map(|t| t.as_millis() as u64).into();
    o["duration_ms"] = (s.duration.as_millis() as u64).into();
    o["tokens_per_sec"] = s.tokens_per_sec.into();
    o["usage"] = serde_json::to_value(s.usage).unwrap_or_default();
    o["cost"] = serde_json::to_value(s.cost.as_ref().filter(|c| c.is_sound())).unwrap_or_default();
    let mut out = std::io::stdout().lock();
    writeln!(out, "{o}").and_then(|()| out.flush())
}

/// The header a compared answer comes under, on stdout: `── Supage ·
/// claude-opus-4-1 ──`.
fn heading(session: &ChatSession) {
    use std::io::Write;
    let label = supchat_chat::text::sanitize_line(&session.current().label());
    let mut o = std::io::stdout().lock();
    let _ = writeln!(o, "── {label} ──").and_then(|()| o.flush());
}

/// The MCP servers of `cfg`, started and waited for (each at most its
/// startup timeout), when the provider in use is offered tools; a server
/// that failed is said on stderr, and the question goes without it.
async fn start_mcp(cfg: &Config, session: &ChatSession) -> Option<supchat_core::mcp::Hub> {
    if cfg.mcp_servers.is_empty() || !session.current().tools {
        return None;
    }
    let root = std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("."));
    let hub = supchat_core::mcp::Hub::new(cfg, &root, tokio::runtime::Handle::current());
    hub.start_enabled();
    hub.settled().await;
    for row in hub.rows() {
        if let supchat_core::mcp::Status::Failed(why) = &row.status {
            super::out::warn(tr!(
                "cli-ask-mcp-failed",
                name = supchat_chat::text::sanitize_line(&row.name),
                why = supchat_chat::text::sanitize_line(why)
            ));
        }
    }
    Some(hub)
}

/// The session the turn goes into: a saved one to add it to
/// (`--continue`, `--session ID`) or a new one, with the provider, model,
/// mode and system prompt asked for.
fn set_up(
    args: &AskArgs,
    cfg: &Config,
    root: &std::path::Path,
) -> Result<(ChatSession, Option<Records>), String> {
    let mut session = ChatSession::new(cfg, root);
    let records = match saved_session(args, cfg)? {
        Some((records, opened)) => {
            // Unless told otherwise, go on with whoever answered last.
            session.resume(opened, !args.choosing.any());
            Some(records)
        }
        None => None,
    };
    args.choosing.apply(session.choices_mut())?;
    if args.system.is_some() {
        session.choices_mut().set_system(args.system.clone());
    }
    session.set_stream(args.no_stream.then_some(false));
    Ok((session, records))
}

/// How `ask` was stopped before its turn ended.
enum Stop {
    Interrupted,
    /// SIGTERM or SIGHUP: the exit code 128 + the signal.
    Signal(u8),
    Gone,
}

fn write_error(out: &AskPrinter) -> ExitCode {
    match out.write_error() {
        Some(e) => super::out::write_failed(e),
        None => ExitCode::from(EXIT_FAILED),
    }
}

/// Resolves on SIGTERM or SIGHUP with the exit code to give.
async fn terminated() -> u8 {
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
fn conclude(
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

/// The prompt from the arguments, stdin, or both (`cat f | supchat ask "sum up"`),
/// and the part the arguments gave (only its `@file`s attach: what comes
/// on stdin is data, a diff or a log, never a list of files to send).
fn read_prompt(words: &[String]) -> Result<(String, String), String> {
    let from_args = words.join(" ");
    let stdin = std::io::stdin();
    let wants_stdin = from_args == "-" || !stdin.is_terminal();
    let mut piped = String::new();
    if wants_stdin {
        stdin
            .lock()
            .read_to_string(&mut piped)
            .map_err(|e| tr!("cli-ask-stdin-failed", error = e.to_string()))?;
    }
    let prompt = match from_args.as_str() {
        "-" | "" => piped,
        _ if piped.trim().is_empty() => from_args.clone(),
        _ => format!("{from_args}\n\n{piped}"),
    };
    if prompt.trim().is_empty() {
        return Err(tr!("cli-ask-nothing"));
    }
    let typed = if from_args == "-" {
        String::new()
    } else {
        from_args
    };
    Ok((prompt, typed))
}

/// The session `--continue` or `--session` names, opened for writing (and
/// refused when another supchat has it open).
fn saved_session(args: &AskArgs, cfg: &Config) -> Result<Option<(Records, Opened)>, String> {
    if !args.continue_ && args.session.is_none() {
        return Ok(None);
    }
    let status = Box::new(|s| {
        if let JournalStatus::Failing(why) = s {
            super::out::warn(tr!("cli-ask-not-saved", why = why.to_string()));
        }
    });
    let opening = Records::open(cfg, true, status)?;
    if let Some(done) = &opening.tightened {
        super::out::warn(done);
    }
    if let Some(why) = opening.read_problem {
        return Err(why);
    }
    let records = opening.records;
    let id = match &args.session {
        Some(prefix) => records.resolve(prefix)?,
        None => records
            .latest()?
            .ok_or_else(|| tr!("cli-ask-nothing-to-continue"))?,
    };
    let opened = records.open_id(&id, WhenHeld::Refuse)?;
    // Resumed without saving (a database that cannot be written): said.
    if let Some(notice) = &opened.notice {
        super::out::warn(notice);
    }
    Ok(Some((records, opened)))
}
