//! What `ask` sets up before its turn: the session (new or saved), the
//! prompt, and the MCP servers.

use std::io::{IsTerminal, Read};

use supchat_core::config::Config;
use supchat_core::session::{ChatSession, Opened, Records, WhenHeld};
use supchat_core::store::JournalStatus;
use supchat_i18n::tr;

use crate::cli::AskArgs;

/// The MCP servers of `cfg`, started and waited for (each at most its
/// startup timeout), when the provider in use is offered tools; a server
/// that failed is said on stderr, and the question goes without it.
pub(super) async fn start_mcp(
    cfg: &Config,
    session: &ChatSession,
) -> Option<supchat_core::mcp::Hub> {
    if cfg.mcp_servers.is_empty() || !session.current().tools {
        return None;
    }
    let root = std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("."));
    let hub = supchat_core::mcp::Hub::new(cfg, &root, tokio::runtime::Handle::current());
    hub.start_enabled();
    hub.settled().await;
    for row in hub.rows() {
        if let supchat_core::mcp::Status::Failed(why) = &row.status {
            crate::cli::out::warn(tr!(
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
pub(super) fn set_up(
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

/// The prompt from the arguments, stdin, or both (`cat f | supchat ask "sum up"`),
/// and the part the arguments gave (only its `@file`s attach: what comes
/// on stdin is data, a diff or a log, never a list of files to send).
pub(super) fn read_prompt(words: &[String]) -> Result<(String, String), String> {
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
pub(super) fn saved_session(
    args: &AskArgs,
    cfg: &Config,
) -> Result<Option<(Records, Opened)>, String> {
    if !args.continue_ && args.session.is_none() {
        return Ok(None);
    }
    let status = Box::new(|s| {
        if let JournalStatus::Failing(why) = s {
            crate::cli::out::warn(tr!("cli-ask-not-saved", why = why.to_string()));
        }
    });
    let opening = Records::open(cfg, true, status)?;
    if let Some(done) = &opening.tightened {
        crate::cli::out::warn(done);
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
        crate::cli::out::warn(notice);
    }
    Ok(Some((records, opened)))
}
