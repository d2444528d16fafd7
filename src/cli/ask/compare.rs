//! `ask --compare`: its targets, the header each answer comes under, and
//! an answer as a line of JSON.

use supchat_chat::{EndNote, EntryKind};
use supchat_core::engine::Ended;
use supchat_core::session::{ChatSession, Target};
use supchat_i18n::tr;

use crate::cli::AskArgs;

/// `--compare`'s targets (2 to 4), or none without it.
pub(super) fn targets(args: &AskArgs) -> Result<Vec<Target>, String> {
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
pub(super) fn print_json(
    session: &ChatSession,
    over: &supchat_core::engine::TurnOver,
) -> std::io::Result<()> {
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
pub(super) fn heading(session: &ChatSession) {
    use std::io::Write;
    let label = supchat_chat::text::sanitize_line(&session.current().label());
    let mut o = std::io::stdout().lock();
    let _ = writeln!(o, "── {label} ──").and_then(|()| o.flush());
}
