//! `supchat ask`: one question, the reply streamed to stdout as it arrives,
//! reasoning and notices on stderr. A thin driver of the chat session, as
//! the screen is: the session decides what is sent, saved and run,
//! `drive` carries it out, `tui::print` presents it; this file reads the
//! arguments and picks the exit code.

mod compare;
mod drive;
mod for_model;
mod setup;
mod turn;
mod wire;

use compare::{heading, targets};
use setup::{read_prompt, set_up, start_mcp};
use turn::Turn;

use std::process::ExitCode;

use super::{AskArgs, EXIT_FAILED, EXIT_USAGE, fail};
use crate::tui::theme::{Palette, Theme};
use supchat_core::config::{Config, quirks};
use supchat_core::engine::{ClientPool, Now};
use supchat_core::session::Approvals;

pub async fn run(args: AskArgs, cfg: &Config) -> ExitCode {
    let root = std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("."));
    let (mut session, records) = match set_up(&args, cfg, &root) {
        Ok(x) => x,
        Err(m) => return fail(EXIT_USAGE, m),
    };
    // `--wire FILE`: opened before anything is sent.
    let wire = match args.wire.as_deref().map(wire::WireFile::open) {
        Some(Ok(w)) => {
            session.record_wire();
            Some(w)
        }
        Some(Err(m)) => return fail(EXIT_USAGE, m),
        None => None,
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
    if args.wire.is_some() {
        pool.know_keys(cfg.plain_keys());
    }
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
    if compare {
        session.mark_compare(1);
    }
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
        wire: wire.as_ref(),
    };
    let (mut code, mut stopped) = ctx.run(&mut session, outs).await;
    for (n, t) in (2u8..).zip(targets) {
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
        session.mark_compare(n);
        let (c, s) = ctx.run(&mut session, outs).await;
        // The first failure decides the exit code (the others still run),
        // unless `ask` was stopped: then how it was stopped (130, 141…).
        if code == ExitCode::SUCCESS || s {
            code = c;
        }
        stopped = s;
    }
    if let Some(w) = &wire {
        w.finish();
        // What was asked for was not all written.
        if w.failed() && code == ExitCode::SUCCESS {
            code = ExitCode::from(EXIT_FAILED);
        }
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
