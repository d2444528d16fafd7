//! A session as a file: Markdown that reads well on its own (title, who
//! said what and when, the provider and model of each reply, reasoning if
//! asked for, tool calls and results, usage), or JSON carrying everything,
//! which `sessions import` reads back into an equal session.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use super::SessionMeta;
use supchat_chat::{AssistantEntry, Attachment, Conversation, EntryKind, Timestamp};

/// The JSON file's format version.
const FORMAT: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct File {
    supchat_session: u32,
    meta: SessionMeta,
    conversation: Conversation,
}

pub fn to_json(meta: &SessionMeta, conv: &Conversation) -> String {
    let file = File {
        supchat_session: FORMAT,
        meta: meta.clone(),
        conversation: conv.clone(),
    };
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// Reads an exported session back.
pub fn from_json(text: &str) -> Result<(SessionMeta, Conversation), String> {
    let file: File =
        serde_json::from_str(text).map_err(|e| format!("not a supchat session file: {e}"))?;
    if file.supchat_session > FORMAT {
        return Err(format!(
            "the file is of a newer format ({}); this supchat reads {FORMAT}",
            file.supchat_session
        ));
    }
    Ok((file.meta, file.conversation))
}

/// `2026-12-01 19:45 UTC`.
pub fn utc(t: Timestamp) -> String {
    let secs = t.0 / 1000;
    let days = (secs / 86_400) as i64;
    let (h, m) = ((secs % 86_400) / 3600, (secs % 3600) / 60);
    let (y, mo, d) = supchat_chat::clock::civil_from_days(days);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{m:02} UTC")
}

/// A fence long enough for `text` (which may hold fences of its own).
fn fence(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    "`".repeat((longest + 1).max(3))
}

pub fn to_markdown(meta: &SessionMeta, conv: &Conversation, reasoning: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", meta.title);
    let _ = writeln!(
        out,
        "_supchat session {} · started {} · {}_\n",
        meta.id,
        utc(meta.created),
        meta.messages_label()
    );
    // With retries or edits, what the next request would no longer carry.
    let replaced = crate::engine::history::still_sent(conv);
    for e in conv.entries() {
        let dropped = replaced.as_ref().is_some_and(|s| !s.contains(&e.id));
        match &e.kind {
            EntryKind::System { text, .. } => {
                let _ = writeln!(out, "**System prompt**\n\n{text}\n");
            }
            EntryKind::User {
                text,
                attachments,
                edit_of,
            } => {
                let _ = writeln!(out, "## You · {}\n", utc(e.at));
                if edit_of.is_some() {
                    let _ = writeln!(
                        out,
                        "_(an edit of an earlier message: the conversation goes on from here)_\n"
                    );
                }
                if dropped {
                    let _ = writeln!(
                        out,
                        "_(not in the branch sent now: an edit or going back to another branch left it)_\n"
                    );
                }
                let _ = writeln!(out, "{text}\n");
                attachments_markdown(&mut out, attachments);
            }
            EntryKind::Assistant(a) => assistant_markdown(&mut out, e.at, a, dropped, reasoning),
            EntryKind::ToolResult(r) => {
                let f = fence(&r.content);
                let label = if r.is_error {
                    "Tool error"
                } else {
                    "Tool result"
                };
                let how = r
                    .approval
                    .map(|a| format!(" · {}", a.describe()))
                    .unwrap_or_default();
                let body = r.content.trim_end_matches('\n');
                let _ = writeln!(out, "**{label}** `{}`{how}\n\n{f}\n{body}\n{f}\n", r.name);
            }
            EntryKind::FailedSend(f) => {
                let _ = writeln!(out, "_{}: {}_\n", f.title(), f.error);
            }
            EntryKind::Switch { to } => {
                let first = conv.first_line(*to);
                let short: String = first.chars().take(60).collect();
                let more = if short.len() < first.len() { "…" } else { "" };
                let _ = writeln!(
                    out,
                    "_(went back to the branch of “{short}{more}”: the conversation goes on from there)_\n"
                );
            }
        }
    }
    out
}

/// A message's attachments: an image named, a text file fenced whole.
fn attachments_markdown(out: &mut String, attachments: &[Attachment]) {
    for a in attachments {
        if a.is_image() {
            let _ = writeln!(
                out,
                "_Attached image `{}` ({}, {} bytes)_\n",
                a.name, a.mime, a.bytes
            );
        } else {
            let f = fence(&a.data);
            let _ = writeln!(
                out,
                "_Attached `{}`_\n\n{f}\n{}\n{f}\n",
                a.name,
                a.data.trim_end_matches('\n')
            );
        }
    }
}

/// A reply written at `at`: who answered, whether it is still sent, its
/// reasoning (when asked for) as a quote, its text, tool calls and figures.
fn assistant_markdown(
    out: &mut String,
    at: Timestamp,
    a: &AssistantEntry,
    dropped: bool,
    reasoning: bool,
) {
    let _ = writeln!(out, "## {} · {}\n", a.answerer.label(), utc(at));
    if a.retry {
        let _ = writeln!(out, "_(a retry: another answer to the same message)_\n");
    }
    if dropped {
        let _ = writeln!(
            out,
            "_(not in the branch sent now: a retry, an edit or going back to another branch left it)_\n"
        );
    }
    if reasoning && !a.reply.reasoning.is_empty() {
        for line in a.reply.reasoning.lines() {
            let _ = writeln!(out, "> {line}");
        }
        out.push('\n');
    }
    if !a.reply.text.is_empty() {
        let _ = writeln!(out, "{}\n", a.reply.text);
    }
    for call in a.reply.finished_tool_calls() {
        let args = supchat_chat::text::pretty_json(&call.arguments);
        let f = fence(&args);
        let _ = writeln!(
            out,
            "**Tool call** `{}`\n\n{f}json\n{args}\n{f}\n",
            call.name
        );
    }
    if let Some(note) = a.end_note() {
        let _ = writeln!(out, "_({note})_\n");
    }
    if let Some(s) = &a.stats {
        let _ = writeln!(out, "_{}_\n", s.summary());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        assert_eq!(utc(Timestamp(0)), "1970-01-01 00:00 UTC");
        assert_eq!(utc(Timestamp(1_796_154_300_000)), "2026-12-01 19:45 UTC");
        assert_eq!(utc(Timestamp(951_782_400_000)), "2000-02-29 00:00 UTC");
    }

    /// The store tests' conversation (every kind of entry), its reply
    /// with figures and a fence inside a tool result.
    fn sample() -> (SessionMeta, Conversation) {
        use supchat_chat::{Entry, TurnStats, Usage};
        let conv = crate::store::db::tests::sample();
        let mut entries: Vec<Entry> = conv.entries().to_vec();
        for e in &mut entries {
            match &mut e.kind {
                EntryKind::Assistant(a) => {
                    a.stats = Some(TurnStats {
                        ttft: Some(std::time::Duration::from_millis(420)),
                        duration: std::time::Duration::from_millis(2_300),
                        usage: Some(Usage {
                            prompt_tokens: Some(15),
                            completion_tokens: Some(120),
                            total_tokens: Some(135),
                            ..Usage::default()
                        }),
                        tokens_per_sec: Some(64.0),
                        estimated: false,
                    });
                }
                EntryKind::ToolResult(r) => r.content = "```rust\nfn f() {}\n```".into(),
                _ => {}
            }
        }
        let conv = Conversation::from_entries(entries).unwrap();
        let meta = SessionMeta::of(
            crate::store::SessionId("1a23000000000001".into()),
            "How do lifetimes work?".into(),
            &conv,
        );
        (meta, conv)
    }

    #[test]
    fn markdown_export_reads_well() {
        let (meta, conv) = sample();
        insta::assert_snapshot!("markdown", to_markdown(&meta, &conv, false));
        insta::assert_snapshot!("markdown_with_reasoning", to_markdown(&meta, &conv, true));
    }

    #[test]
    fn fences_outgrow_the_text() {
        assert_eq!(fence("plain"), "```");
        assert_eq!(fence("has ``` inside"), "````");
    }
}
