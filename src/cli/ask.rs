//! `supchat ask`: one question, the reply streamed to stdout as it arrives,
//! reasoning and notices on stderr. A thin driver: the engine runs the turn,
//! `tui::print` presents it; this file reads the arguments and picks the
//! exit code.

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use super::{AskArgs, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE, fail};
use crate::api::ChatOptions;
use crate::chat::{Conversation, EndNote, EntryKind};
use crate::config::{Config, ProviderConfig, ProviderKind, quirks};
use crate::engine::{ClientPool, Ended, Engine, Now, Output, run_turn};
use crate::tui::print::AskPrinter;

pub async fn run(args: AskArgs, cfg: &Config) -> ExitCode {
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
    let mut engine = Engine::default();
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
    let mut out = AskPrinter::new(args.raw, !args.no_reasoning);
    let finished = {
        let mut present = |c: &Conversation, o: &Output| out.present(c, o);
        tokio::select! {
            () = run_turn(&mut engine, &pool, &request, &mut present) => true,
            _ = tokio::signal::ctrl_c() => false,
        }
    };
    out.end_line();
    if !finished {
        engine.cancel(Now::read());
        return fail(EXIT_INTERRUPTED, "cancelled");
    }
    conclude(&args, engine.conversation(), &mut out)
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
