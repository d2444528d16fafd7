//! A session as a file: Markdown that reads well on its own (title, who
//! said what and when, the provider and model of each reply, reasoning if
//! asked for, tool calls and results, usage), or JSON carrying everything,
//! which `sessions import` reads back into an equal session.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use super::SessionMeta;
use supchat_chat::{AssistantEntry, Attachment, Conversation, EntryKind, Timestamp};
use supchat_i18n::tr;

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
    let file: File = serde_json::from_str(text)
        .map_err(|e| tr!("core-export-not-a-session", why = e.to_string()))?;
    if file.supchat_session > FORMAT {
        return Err(tr!(
            "core-export-too-new",
            found = file.supchat_session.to_string(),
            known = FORMAT.to_string()
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
    let mut head = tr!(
        "core-export-header",
        id = meta.id.to_string(),
        started = utc(meta.created),
        messages = meta.messages_label()
    );
    // What the replies cost, every branch counted.
    if let Some(spent) = supchat_chat::cost::labels(&supchat_chat::cost::total(conv)) {
        head = tr!("core-export-cost", head = head, cost = spent);
    }
    let _ = writeln!(out, "_{head}_\n");
    // With retries or edits, what the next request would no longer carry.
    let replaced = crate::engine::history::still_sent(conv);
    for e in conv.entries() {
        let dropped = replaced.as_ref().is_some_and(|s| !s.contains(&e.id));
        match &e.kind {
            EntryKind::System { text, .. } => {
                let _ = writeln!(out, "**{}**\n\n{text}\n", tr!("core-export-system-prompt"));
            }
            EntryKind::User {
                text,
                attachments,
                edit_of,
            } => {
                let _ = writeln!(out, "## {} · {}\n", tr!("core-export-you"), utc(e.at));
                if edit_of.is_some() {
                    let _ = writeln!(out, "_({})_\n", tr!("core-export-an-edit"));
                }
                if dropped {
                    let _ = writeln!(out, "_({})_\n", tr!("core-export-message-dropped"));
                }
                let _ = writeln!(out, "{text}\n");
                attachments_markdown(&mut out, attachments);
            }
            EntryKind::Assistant(a) => assistant_markdown(&mut out, e.at, a, dropped, reasoning),
            EntryKind::ToolResult(r) => {
                let f = fence(&r.content);
                let label = if r.is_error {
                    tr!("core-export-tool-error")
                } else {
                    tr!("core-export-tool-result")
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
            EntryKind::Switch { to }
                if conv.assistant(*to).is_some_and(|a| a.compare.is_some()) =>
            {
                let a = conv.assistant(*to);
                let (n, who) = a.map_or((0, String::new()), |a| {
                    (u64::from(a.compare.unwrap_or(0)), a.answerer.label())
                });
                let _ = writeln!(
                    out,
                    "_({})_\n",
                    tr!("core-export-compare-goes-on", n = n, target = who)
                );
            }
            EntryKind::Switch { to } => {
                let first = conv.first_line(*to);
                let short: String = first.chars().take(60).collect();
                let more = if short.len() < first.len() { "…" } else { "" };
                let _ = writeln!(
                    out,
                    "_({})_\n",
                    tr!("core-export-went-back", start = format!("{short}{more}"))
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
                "_{}_\n",
                tr!(
                    "core-export-image",
                    name = a.name.as_str(),
                    mime = a.mime.as_str(),
                    bytes = a.bytes.to_string()
                )
            );
        } else {
            let f = fence(&a.data);
            let _ = writeln!(
                out,
                "_{}_\n\n{f}\n{}\n{f}\n",
                tr!("core-export-file", name = a.name.as_str()),
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
    if let Some(n) = a.compare {
        let _ = writeln!(
            out,
            "_({})_\n",
            tr!("core-export-compared", n = u64::from(n))
        );
    } else if a.retry {
        let _ = writeln!(out, "_({})_\n", tr!("core-export-a-retry"));
    }
    if dropped && a.compare.is_some() {
        let _ = writeln!(out, "_({})_\n", tr!("core-export-compare-not-chosen"));
    } else if dropped {
        let _ = writeln!(out, "_({})_\n", tr!("core-export-reply-dropped"));
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
            "**{}** `{}`\n\n{f}json\n{args}\n{f}\n",
            tr!("core-export-tool-call"),
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
                        cost: Some(supchat_chat::cost::Cost {
                            amount: 0.001_845,
                            currency: "USD".into(),
                        }),
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

    /// In Chinese: the export's own words (who spoke, the header, tool
    /// results) are Chinese; what was said stays as it was.
    #[test]
    fn markdown_export_reads_in_chinese() {
        supchat_i18n::set_for_this_thread(supchat_i18n::Lang::ZhCn);
        let (meta, conv) = sample();
        let md = to_markdown(&meta, &conv, false);
        assert!(
            md.contains("_supchat 会话 1a23000000000001 · 开始于 "),
            "{md}"
        );
        assert!(md.contains("## 你 · "), "{md}");
        assert!(md.contains("**工具结果** `"), "{md}");
        assert!(md.contains("# How do lifetimes work?"), "{md}");
        assert!(!md.contains("## You"), "{md}");
    }

    /// A compare's answers: a section each, under its target, said to be
    /// the compare's; the one not going on said to be no longer sent.
    #[test]
    fn a_compare_exports_a_section_per_target() {
        use crate::config::{ProviderConfig, ProviderKind};
        use crate::engine::{Engine, Now, RunEnd};
        use supchat_api::{ChatOptions, StreamEvent};
        let now = Now::read();
        let mut main = Engine::default();
        let (q, _) = main.add_prompt("Which?".into(), Vec::new(), now).unwrap();
        let mut lanes = Vec::new();
        for (n, (name, said)) in (1u64..).zip([("supage", "This one."), ("supai", "That one.")]) {
            let p = ProviderConfig::defaults(name, ProviderKind::OpenAi, "http://127.0.0.1:9/v1");
            let mut lane = main.fork(n);
            let req = lane.resend(q, &p, ChatOptions::default(), now).unwrap();
            lane.on_event(req.turn, &StreamEvent::Text(said.into()), now);
            lane.on_end(req.turn, RunEnd::Complete, now);
            lanes.push(lane);
        }
        for (n, lane) in (1u8..).zip(&lanes) {
            main.adopt(lane, q, n, n > 1).unwrap();
        }
        let conv = main.conversation().clone();
        let meta = SessionMeta::of(crate::store::SessionId("c0".into()), "Which?".into(), &conv);
        let md = to_markdown(&meta, &conv, false);
        let heading_of = |said: &str| md[..md.find(said).unwrap()].rfind("## ").unwrap();
        let (first, second) = (heading_of("This one."), heading_of("That one."));
        assert!(first < second, "{md}");
        assert!(
            md[first..second].contains("_(compare: answer 1, from its target"),
            "{md}"
        );
        assert!(
            md[first..second].contains("_(not the answer the conversation went on with)_"),
            "{md}"
        );
        assert!(md[second..].contains("_(compare: answer 2"), "{md}");
        // Going on with the first instead: said so.
        let first_answer = main
            .conversation()
            .entries()
            .iter()
            .find(|e| matches!(&e.kind, EntryKind::Assistant(a) if a.compare == Some(1)))
            .map(|e| e.id)
            .unwrap();
        main.switch_branch(first_answer, 0, now).unwrap();
        let conv = main.conversation().clone();
        let md = to_markdown(&meta, &conv, false);
        assert!(
            md.contains("_(the conversation goes on with answer 1 of the compare: Supage · )_"),
            "{md}"
        );
        assert!(!md.contains("a retry"), "{md}");
    }

    #[test]
    fn fences_outgrow_the_text() {
        assert_eq!(fence("plain"), "```");
        assert_eq!(fence("has ``` inside"), "````");
    }
}
