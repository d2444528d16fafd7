//! `supchat ask`: one question, the reply streamed to stdout as it arrives,
//! reasoning and notices on stderr. A thin driver: the engine runs the turn,
//! `tui::print` presents it; this file reads the arguments and picks the
//! exit code.

use std::collections::HashSet;
use std::io::{IsTerminal, Read};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Notify;

use super::{AskArgs, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE, fail};
use crate::tui::print::AskPrinter;
use supchat_api::ChatOptions;
use supchat_chat::text::visible_line;
use supchat_chat::{Approval, Conversation, EndNote, EntryKind, Timestamp, ToolResult};
use supchat_core::config::{Config, ProviderConfig, ProviderKind, quirks};
use supchat_core::engine::{ClientPool, Ended, Engine, Now, Output, TurnRequest, run_turn};
use supchat_core::store::{Journal, JournalStatus, SessionId, SessionMeta};
use supchat_core::tools::{Answer, Batch, Toolbox};

pub async fn run(args: AskArgs, cfg: &Config) -> ExitCode {
    // A saved session to add this turn to (`--continue`, `--session ID`).
    let saved = match saved_session(&args, cfg) {
        Ok(s) => s,
        Err(m) => return fail(EXIT_USAGE, m),
    };
    let mut cfg = cfg.clone();
    if let Some((_, meta_conv)) = &saved {
        // Unless told otherwise, go on with whoever answered last.
        if args.provider.is_none()
            && args.model.is_none()
            && args.mode.is_none()
            && args.models.is_none()
            && args.prompt_preset.is_none()
        {
            carry_on_with(&mut cfg, &meta_conv.1);
        }
    }
    let cfg = &cfg;
    let provider = match provider_for(&args, cfg) {
        Ok(p) => p,
        Err(m) => return fail(EXIT_USAGE, m),
    };
    let prompt = match read_prompt(&args.prompt) {
        Ok(p) => p,
        Err(m) => return fail(EXIT_USAGE, m),
    };
    let root = std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("."));
    let toolbox = Toolbox::new(cfg, &root);
    let offered = toolbox.offered_to(&provider);
    let pool = ClientPool::new(quirks::default_path());
    // Set up first, so that a missing key is a usage error said at once.
    if let Err(e) = pool.client_async(&provider).await {
        let code = if e.key_missing {
            EXIT_USAGE
        } else {
            EXIT_FAILED
        };
        return fail(code, e.message);
    }
    let (mut engine, journal) = match saved {
        Some((journal, (meta, conv))) => {
            let mut e = Engine::new(conv);
            e.set_hook(journal.resume_hook(meta.id.clone(), meta.title.clone()));
            (e, Some((journal, meta.id)))
        }
        None => {
            let mut e = Engine::default();
            // The reply goes to stdout as it comes: no copy of it is kept
            // (unless tools may need it sent again).
            if !offered {
                e.keep_tail_only();
            }
            (e, None)
        }
    };
    engine.set_max_tool_steps(toolbox.max_steps());
    // The system prompt: --system, else the preset's, the provider's or
    // the config's; added when it differs from the one the session has.
    let preset = args.prompt_preset.as_deref().and_then(|n| cfg.preset(n));
    let system = match args.system.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(s) => Some((s.to_owned(), None)),
        None => cfg
            .system_prompt_for(&provider, preset)
            .map(|s| (s, preset.map(|p| p.name.clone()))),
    };
    if let Some((text, preset)) = system
        && engine.system().map(|(t, _)| t) != Some(text.as_str())
    {
        engine.add_system(text, preset, Now::read());
    }
    let options = ChatOptions {
        stream: args.no_stream.then_some(false),
        ..Default::default()
    };
    let options = toolbox.options(&provider, options);
    // `@file` words of the prompt attach those files.
    let files = {
        let text = prompt.clone();
        let cwd = root.clone();
        match tokio::task::spawn_blocking(move || supchat_core::attach::load(&text, &cwd)).await {
            Ok(Ok(f)) => f,
            Ok(Err(why)) => return fail(EXIT_USAGE, why),
            Err(e) => return fail(EXIT_FAILED, e),
        }
    };
    let request = match engine.send_with(prompt, files, &provider, options, Now::read()) {
        Ok((request, _)) => request,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let gone = Arc::new(Notify::new());
    let mut out = AskPrinter::new(args.raw, !args.no_reasoning, Arc::clone(&gone));
    // Set when the run is stopped: a tool still running is killed.
    let cancel = Arc::new(AtomicBool::new(false));
    let stopped = {
        let work = turn_with_tools(
            &mut engine,
            &pool,
            request,
            &toolbox,
            args.yes,
            &mut out,
            &cancel,
        );
        tokio::select! {
            () = work => None,
            _ = tokio::signal::ctrl_c() => Some(Stop::Interrupted),
            code = terminated() => Some(Stop::Signal(code)),
            // The reader went away: stop the request, read no more.
            () = gone.notified() => Some(Stop::Gone),
        }
    };
    // Every way out leaves the terminal's styles as they were.
    out.end_line();
    let _saved = journal.map(|(j, id)| SavedOnDrop(j, id));
    if let Some(stop) = stopped {
        cancel.store(true, Ordering::Relaxed);
        engine.cancel(Now::read());
        return match stop {
            Stop::Interrupted => fail(EXIT_INTERRUPTED, "cancelled"),
            Stop::Signal(code) => ExitCode::from(code),
            Stop::Gone => write_error(&out),
        };
    }
    if out.write_error().is_some() {
        return write_error(&out);
    }
    conclude(&args, engine.conversation(), &mut out, offered)
}

/// Runs the turn, and its tool calls as the model makes them, until the
/// model answers without calling tools (or the step limit stops it).
async fn turn_with_tools(
    engine: &mut Engine,
    pool: &Arc<ClientPool>,
    mut request: TurnRequest,
    toolbox: &Toolbox,
    yes: bool,
    out: &mut AskPrinter,
    cancel: &Arc<AtomicBool>,
) {
    let mut allowed = HashSet::new();
    loop {
        let mut calls = None;
        {
            let mut present = |c: &Conversation, o: &Output| {
                if let Output::ToolCalls {
                    turn,
                    reply,
                    calls: cs,
                } = o
                {
                    calls = Some((*turn, *reply, cs.clone()));
                }
                out.present(c, o);
            };
            run_turn(engine, pool, &request, &mut present).await;
        }
        let Some((turn, reply, calls)) = calls else {
            return;
        };
        out.end_line();
        let batch = Batch::new(turn, reply, calls, toolbox, &allowed);
        let results = run_tools(batch, toolbox, yes, out, cancel, &mut allowed).await;
        match engine.tool_results(turn, results, Now::read()) {
            Ok((next, outs)) => {
                for o in &outs {
                    out.present(engine.conversation(), o);
                }
                request = next;
            }
            Err(_) => return,
        }
    }
}

/// Asks about the calls that need it (or declines them with nobody to
/// ask), runs the approved ones side by side, and says how each went.
async fn run_tools(
    mut batch: Batch,
    toolbox: &Toolbox,
    yes: bool,
    out: &mut AskPrinter,
    cancel: &Arc<AtomicBool>,
    allowed: &mut HashSet<String>,
) -> Vec<ToolResult> {
    for it in &batch.items {
        out.note(&format!(
            "⚙ {} {}",
            it.call.name,
            short(&it.call.arguments, 300)
        ));
    }
    if yes {
        batch.approve_all(Approval::Flag);
    }
    let (stdin_tty, stderr_tty) = (
        std::io::stdin().is_terminal(),
        std::io::stderr().is_terminal(),
    );
    let can_ask = stdin_tty && stderr_tty;
    while can_ask && let Some(i) = batch.asking() {
        let call = &batch.items[i].call;
        let what = toolbox
            .get(&call.name)
            .map(|t| t.what_runs())
            .unwrap_or_default();
        out.ask(&format!(
            "run {} {} (runs: {what})? [y]es, [N]o, [a]lways for this tool: ",
            visible_line(&call.name),
            short(&visible_line(&call.arguments), 300)
        ));
        let line = tokio::task::spawn_blocking(|| {
            let mut s = String::new();
            std::io::stdin().read_line(&mut s).map(|_| s)
        })
        .await;
        out.answered();
        let line = line.ok().and_then(Result::ok);
        let answer = match line.as_deref().map(str::trim) {
            Some("y" | "Y" | "yes") => Answer::Yes,
            Some("a" | "A" | "always") => Answer::Always,
            Some("n" | "N" | "no" | "") => Answer::No,
            Some(other) => {
                out.note(&format!(
                    "declined: {:?} is not y or a",
                    visible_line(other)
                ));
                Answer::No
            }
            // End of input (Ctrl+D).
            None => Answer::No,
        };
        batch.answer(i, answer, allowed);
    }
    let why = if stdin_tty {
        "stderr is not a terminal to ask on"
    } else {
        "stdin is not a terminal"
    };
    for name in batch.decline_all() {
        let name = visible_line(&name);
        out.note(&format!(
            "declined {name}: it asks before it runs (approve = \"ask\") and {why}; --yes runs every call"
        ));
    }
    let jobs = batch.take_jobs(toolbox);
    let mut running = Vec::new();
    for job in jobs {
        let index = job.index;
        let flag = Arc::clone(cancel);
        running.push((index, tokio::task::spawn_blocking(move || job.run(&flag))));
    }
    for (index, h) in running {
        if let Ok(r) = h.await {
            batch.finish(index, r);
        }
    }
    // Each call's outcome, in the order of the calls (those refused before
    // running too).
    for it in &batch.items {
        let supchat_core::tools::State::Finished(r) = &it.state else {
            continue;
        };
        let first = r.content.lines().next().unwrap_or("");
        let line = match r.approval {
            // Said above, with why.
            Some(Approval::Declined) if !can_ask => continue,
            Some(Approval::Declined) => format!("{} declined", visible_line(&r.name)),
            _ if r.is_error => {
                format!("{} failed: {}", visible_line(&r.name), short(first, 200))
            }
            _ => {
                let n = r.content.chars().count();
                let s = if n == 1 { "" } else { "s" };
                format!("{} returned {n} character{s}", visible_line(&r.name))
            }
        };
        out.note(&line);
    }
    batch.results()
}

/// `s` on one line, cut to about `max` characters.
fn short(s: &str, max: usize) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= max {
        return one;
    }
    let cut: String = one.chars().take(max).collect();
    format!("{cut}…")
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
fn conclude(args: &AskArgs, conv: &Conversation, out: &mut AskPrinter, offered: bool) -> ExitCode {
    let Some(over) = out.turn_over().cloned() else {
        return fail(EXIT_FAILED, "the turn ended without an answer");
    };
    if args.stats {
        out.note(&over.stats.summary());
    }
    let id = match over.ended {
        Ended::Failed(id) => {
            return match conv.get(id).map(|e| &e.kind) {
                Some(EntryKind::FailedSend(f)) => fail(EXIT_FAILED, &f.error),
                _ => fail(EXIT_FAILED, "the request failed"),
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
        out.note(&format!(
            "the model asked to call {}({}); no tools are offered to this provider",
            call.name, call.arguments
        ));
    }
    ExitCode::SUCCESS
}

/// The provider with this command's overrides applied (a preset's first,
/// then the flags').
fn provider_for(args: &AskArgs, cfg: &Config) -> Result<ProviderConfig, String> {
    let preset = match &args.prompt_preset {
        Some(name) => Some(cfg.select_preset(name)?),
        None => None,
    };
    let name = args
        .provider
        .as_deref()
        .or(preset.and_then(|p| p.provider.as_deref()));
    let mut p = cfg.select(name)?.clone();
    if let Some(preset) = preset {
        preset.apply_to(&mut p);
    }
    match p.kind {
        ProviderKind::OpenAi => {
            if args.mode.is_some() {
                return Err(format!(
                    "--mode is for Sup.ai providers; \"{}\" takes --model",
                    p.name
                ));
            }
            if let Some(m) = args.model.as_deref().filter(|m| !m.trim().is_empty()) {
                p.model = m.to_owned();
            }
            if args.models.is_some() {
                return Err(format!(
                    "--models is the Sup.ai allow-list; \"{}\" takes --model",
                    p.name
                ));
            }
        }
        ProviderKind::SupAi => {
            if args.model.is_some() {
                return Err(format!(
                    "\"{}\" is a Sup.ai provider: choose a --mode (auto, fast, thinking, deep-thinking, expert); its model allow-list is `models` in the config",
                    p.name
                ));
            }
            if let Some(m) = args.mode.as_deref().filter(|m| !m.trim().is_empty()) {
                p.mode = m.to_owned();
            }
            if let Some(ms) = &args.models {
                let ms: Vec<String> = ms
                    .iter()
                    .map(|m| m.trim().to_owned())
                    .filter(|m| !m.is_empty())
                    .collect();
                p.models = if ms.iter().any(|m| m == "all") {
                    Vec::new()
                } else {
                    ms
                };
            }
        }
    }
    Ok(p)
}

/// The prompt from the arguments, stdin, or both (`cat f | supchat ask "sum up"`).
fn read_prompt(words: &[String]) -> Result<String, String> {
    let from_args = words.join(" ");
    let stdin = std::io::stdin();
    let wants_stdin = from_args == "-" || !stdin.is_terminal();
    let mut piped = String::new();
    if wants_stdin {
        stdin
            .lock()
            .read_to_string(&mut piped)
            .map_err(|e| format!("cannot read the prompt from stdin: {e}"))?;
    }
    let prompt = match from_args.as_str() {
        "-" | "" => piped,
        _ if piped.trim().is_empty() => from_args,
        _ => format!("{from_args}\n\n{piped}"),
    };
    if prompt.trim().is_empty() {
        return Err("nothing to ask: give a prompt, or pipe one in".to_owned());
    }
    Ok(prompt)
}

/// Releases the session and writes what is pending, whichever way `ask`
/// ends.
struct SavedOnDrop(Journal, SessionId);

impl Drop for SavedOnDrop {
    fn drop(&mut self) {
        self.0.release(&self.1);
        self.0.flush();
    }
}

type Saved = (Journal, (SessionMeta, Conversation));

/// The session `--continue` or `--session` names, opened for writing.
fn saved_session(args: &AskArgs, cfg: &Config) -> Result<Option<Saved>, String> {
    if !args.continue_ && args.session.is_none() {
        return Ok(None);
    }
    let store = super::sessions::open_store(cfg)?;
    let id = match &args.session {
        Some(prefix) => store.resolve(prefix).map_err(|e| e.to_string())?,
        None => match store.latest().map_err(|e| e.to_string())? {
            Some(m) => m.id,
            None => return Err("there is no saved session to continue".to_owned()),
        },
    };
    let (meta, conv) = store.load(&id).map_err(|e| e.to_string())?;
    let now = Timestamp::from_system(std::time::SystemTime::now());
    if let Err(pid) = store.claim(&id, now).map_err(|e| e.to_string())? {
        return Err(format!(
            "session {id} is open in another supchat (pid {pid}); add to it there, or wait until it is closed"
        ));
    }
    let writer = super::sessions::open_store(cfg)?;
    let journal = Journal::start(
        writer,
        Box::new(|s| {
            if let JournalStatus::Failing(why) = s {
                super::out::warn(format!("the session is not saved: {why}"));
            }
        }),
    );
    Ok(Some((journal, (meta, conv))))
}

/// The config with its provider, model or mode set to what answered last.
fn carry_on_with(cfg: &mut Config, conv: &Conversation) {
    let Some(a) = conv.last_answerer() else {
        return;
    };
    let Some(p) = cfg.providers.iter_mut().find(|p| p.name == a.provider) else {
        return;
    };
    match p.kind {
        ProviderKind::OpenAi => p.model.clone_from(&a.model),
        ProviderKind::SupAi => {
            p.mode.clone_from(&a.model);
            p.models.clone_from(&a.models);
        }
    }
    cfg.default_provider.clone_from(&a.provider);
}
