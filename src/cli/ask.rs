//! `supchat ask`: one question, the reply streamed to stdout as it arrives,
//! reasoning and notices on stderr. A thin driver: the engine runs the turn,
//! `tui::print` presents it; this file reads the arguments and picks the
//! exit code.

use std::io::{IsTerminal, Read};
use std::process::ExitCode;
use std::sync::Arc;

use tokio::sync::Notify;

use super::{AskArgs, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE, fail};
use crate::api::ChatOptions;
use crate::chat::{Conversation, EndNote, EntryKind, Timestamp};
use crate::config::{Config, ProviderConfig, ProviderKind, quirks};
use crate::engine::{ClientPool, Ended, Engine, Now, Output, run_turn};
use crate::session::{Journal, JournalStatus, SessionId, SessionMeta, last_answerer};
use crate::tui::print::AskPrinter;

pub async fn run(args: AskArgs, cfg: &Config) -> ExitCode {
    // A saved session to add this turn to (`--continue`, `--session ID`).
    let saved = match saved_session(&args, cfg) {
        Ok(s) => s,
        Err(m) => return fail(EXIT_USAGE, m),
    };
    let mut cfg = cfg.clone();
    if let Some((_, meta_conv)) = &saved {
        // Unless told otherwise, go on with whoever answered last.
        if args.provider.is_none() && args.model.is_none() && args.mode.is_none() {
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
            // The reply goes to stdout as it comes: no copy of it is kept.
            e.keep_tail_only();
            (e, None)
        }
    };
    if let Some(s) = args.system.as_deref().filter(|s| !s.trim().is_empty()) {
        engine.add_system(s.to_owned(), Now::read());
    }
    let options = ChatOptions {
        stream: args.no_stream.then_some(false),
        ..Default::default()
    };
    let request = match engine.send(prompt, &provider, options, Now::read()) {
        Ok((request, _)) => request,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let gone = Arc::new(Notify::new());
    let mut out = AskPrinter::new(args.raw, !args.no_reasoning, Arc::clone(&gone));
    let stopped = {
        let mut present = |c: &Conversation, o: &Output| out.present(c, o);
        tokio::select! {
            () = run_turn(&mut engine, &pool, &request, &mut present) => None,
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
    conclude(&args, engine.conversation(), &mut out)
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
fn conclude(args: &AskArgs, conv: &Conversation, out: &mut AskPrinter) -> ExitCode {
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
    for call in reply.reply.finished_tool_calls() {
        out.note(&format!(
            "the model asked to call {}({})",
            call.name, call.arguments
        ));
    }
    ExitCode::SUCCESS
}

/// The provider with this command's overrides applied.
fn provider_for(args: &AskArgs, cfg: &Config) -> Result<ProviderConfig, String> {
    let mut p = cfg.select(args.provider.as_deref())?.clone();
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
    let Some(a) = last_answerer(conv) else { return };
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
