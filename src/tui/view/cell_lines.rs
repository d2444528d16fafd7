//! A finished cell of the conversation as lines: a message of the user's
//! (long ones folded), a reply (markdown, reasoning, its figures), a tool
//! call and its result, a failed send. Wrapped for a width; the pane keeps
//! them per (revision, width).

use ratatui::text::{Line, Span};

use super::big::{BIG, Big, Body, Field, Part, markdown_blocks, plain_blocks};
use super::tool_lines::tool_call_lines;
use crate::tui::app::App;
use crate::tui::cells::{Cell, CellKind, count_words};
use crate::tui::render::stream::wrap_all;
use crate::tui::render::wrap::plain;
use crate::tui::theme::Theme;
use supchat_chat::text::{sanitize, sanitize_line, visible_line};
use supchat_chat::{AssistantEntry, EntryKind};
use supchat_core::config::commands::Action;
use supchat_i18n::tr;

pub(super) fn label_of(cell: &Cell, th: Theme) -> Span<'static> {
    match &cell.kind {
        CellKind::User(_) => Span::styled(tr("label-you"), th.user()),
        CellKind::Reply(_) => Span::styled(tr("label-ai"), th.assistant()),
        CellKind::Failed(_) => Span::styled(tr("label-error"), th.error_title()),
        CellKind::ToolCall { .. } => Span::styled(tr("label-tool"), th.tool()),
        CellKind::Switch(_) => Span::styled("⑂", th.dim()),
    }
}

pub(super) fn folded_reasoning(
    words: usize,
    took: std::time::Duration,
    key: &str,
    th: Theme,
) -> Line<'static> {
    Line::from(Span::styled(
        supchat_i18n::tr!(
            "reasoning-folded",
            words = words,
            secs = format!("{:.1}", took.as_secs_f64()),
            key = key
        ),
        th.dim(),
    ))
}

/// Messages longer than this many lines (a paste, mostly) are shown folded.
const LONG_MESSAGE: usize = 12;
/// The lines a folded message shows.
const FOLDED_SHOWS: usize = 4;

/// A message of yours: whole, or a long one folded to its start and a line
/// saying how much is hidden (Ctrl+L shows every long message whole).
pub(super) fn user_lines(app: &App, text: &str, inner: usize) -> Vec<Line<'static>> {
    let th = app.theme();
    let clean = sanitize(text);
    let count = clean.lines().count();
    if count <= LONG_MESSAGE || app.long_messages_open() {
        return plain(&clean, th.base(), inner);
    }
    let head: Vec<&str> = clean.lines().take(FOLDED_SHOWS).collect();
    let mut out = plain(&head.join("\n"), th.base(), inner);
    let chars = clean.chars().count();
    out.push(Line::from(Span::styled(
        supchat_i18n::tr!(
            "message-folded",
            n = count - FOLDED_SHOWS,
            all = count,
            chars = chars,
            key = app.key(Action::Long)
        ),
        th.dim(),
    )));
    out
}

/// The files attached to a message, one chip each: `📎 notes.txt · 1.2 KiB`.
pub(super) fn attachment_chips(
    files: &[supchat_chat::Attachment],
    inner: usize,
    th: Theme,
) -> Vec<Line<'static>> {
    if files.is_empty() {
        return Vec::new();
    }
    let chips: Vec<String> = files
        .iter()
        .map(|f| {
            let icon = if f.is_image() { "📷" } else { "📎" };
            format!(
                "{icon} {} · {}",
                visible_line(&f.name),
                supchat_i18n::size(f.bytes)
            )
        })
        .collect();
    plain(&chips.join("   "), th.accent(), inner)
}

/// Who answered, how fast and for how much: `— Supage · claude-sonnet-4-6
/// · ttft 0.4s · 2.1s · 85 tok/s · 15↑ 120↓ · $0.0018`. The model is the one
/// the server reported, when it said which.
pub(super) fn signature(a: &AssistantEntry) -> String {
    let label = match &a.reply.model {
        Some(m) if *m != a.answerer.model => {
            format!(
                "{} · {m}",
                supchat_core::config::display_name(&a.answerer.provider)
            )
        }
        _ => a.answerer.label(),
    };
    let mut parts = vec![format!("— {}", sanitize_line(&label))];
    if let Some(s) = &a.stats {
        parts.extend(figures(s, true));
    }
    parts.join(" · ")
}

/// A reply's figures: time to first token, the time it took (`whole`),
/// tokens/s, tokens in and out, cost; those known.
pub(super) fn figures(s: &supchat_chat::TurnStats, whole: bool) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(t) = s.ttft {
        parts.push(supchat_i18n::tr!(
            "signature-ttft",
            secs = format!("{:.1}", t.as_secs_f64())
        ));
    }
    if whole && !s.duration.is_zero() {
        parts.push(format!("{:.1}s", s.duration.as_secs_f64()));
    }
    if let Some(r) = s.tokens_per_sec {
        parts.push(format!(
            "{}{r:.0} tok/s",
            if s.estimated { "~" } else { "" }
        ));
    }
    if let Some(u) = s.usage
        && let (Some(i), Some(o)) = (u.prompt_tokens, u.completion_tokens)
    {
        // Kept on one row (a no-break space).
        parts.push(format!("{i}↑\u{a0}{o}↓"));
    }
    if let Some(c) = s.cost.as_ref().filter(|c| c.is_sound()) {
        parts.push(c.label());
    }
    parts
}

/// A finished reply: reasoning (or its folded line), the answer, the Sup.ai
/// run summary, why it stopped if not normally, and who answered. A long
/// answer or reasoning (megabytes) is laid out by blocks, near the view only.
pub(super) fn reply_body(app: &App, a: &AssistantEntry, inner: usize) -> Body {
    let th = app.theme();
    let mut parts = Vec::new();
    let mut body = Vec::new();
    let flush = |parts: &mut Vec<Part>, body: &mut Vec<Line<'static>>| {
        if !body.is_empty() {
            parts.push(Part::Lines(std::mem::take(body)));
        }
    };
    let (reasoning, text) = (&a.reply.reasoning, &a.reply.text);
    if !reasoning.is_empty() {
        if app.reasoning_folded() {
            let took = a.reasoning_took.unwrap_or_default();
            body.push(folded_reasoning(
                count_words(reasoning),
                took,
                &app.key(Action::Reasoning),
                th,
            ));
        } else {
            body.push(Line::from(Span::styled(tr("reasoning-open"), th.dim())));
            if reasoning.len() > BIG {
                flush(&mut parts, &mut body);
                parts.extend(plain_blocks(reasoning, Field::Reasoning, inner));
            } else {
                body.extend(plain(&sanitize(reasoning), th.reasoning(), inner));
            }
        }
        if !text.is_empty() {
            body.push(Line::default());
        }
    }
    if text.len() > BIG {
        flush(&mut parts, &mut body);
        parts.extend(markdown_blocks(text, Field::Text, inner));
    } else {
        body.extend(wrap_all(&sanitize(text), inner, th));
    }
    if !a.reply.supai.is_empty() {
        body.extend(plain(
            &super::supai::summary(&a.reply.supai),
            th.dim(),
            inner,
        ));
    }
    if let Some(note) = a.end_note() {
        let (mark, style) = if note.is_warning() {
            ("⚠", th.warning())
        } else {
            ("⊘", th.dim())
        };
        body.extend(plain(
            &sanitize(&format!("{mark} {}", end_note_words(&note))),
            style,
            inner,
        ));
    }
    body.extend(plain(&signature(a), th.dim(), inner));
    if parts.is_empty() {
        return Body::Lines(body);
    }
    flush(&mut parts, &mut body);
    Body::Big(Big::new(parts))
}

pub(super) fn render_cell(app: &App, cell: &Cell, inner: usize) -> Body {
    // An earlier answer, or a message of another branch: one quiet line
    // (selected, ← and → make it the branch sent again).
    if let Some(id) = cell.entry()
        && matches!(cell.kind, CellKind::User(_) | CellKind::Reply(Some(_)))
        && app.superseded(id)
    {
        return Body::Lines(vec![other_branch_line(app, id, inner)]);
    }
    if let CellKind::ToolCall { reply, .. } = cell.kind
        && app.superseded(reply)
    {
        return Body::Lines(vec![Line::from(Span::styled(
            supchat_i18n::tr("branch-tool-call"),
            app.theme().dim(),
        ))]);
    }
    if let (CellKind::Reply(_), Some(a)) = (
        &cell.kind,
        cell.entry().and_then(|id| app.conversation().assistant(id)),
    ) {
        return reply_body(app, a, inner);
    }
    Body::Lines(render_cell_body(app, cell, inner))
}

/// `⑂ another branch: “the first words…”`, cut to the width.
fn other_branch_line(app: &App, id: supchat_chat::EntryId, inner: usize) -> Line<'static> {
    let first = app.conversation().first_line(id);
    let said = if let Some((n, label)) = compared(app, id) {
        supchat_i18n::tr!(
            "branch-other-compare",
            n = u64::from(n),
            target = label,
            first = sanitize_line(first)
        )
    } else if first.is_empty() {
        supchat_i18n::tr("branch-other")
    } else {
        supchat_i18n::tr!("branch-other-first", first = sanitize_line(first))
    };
    Line::from(Span::styled(
        crate::tui::render::wrap::cut(&said, inner),
        app.theme().dim(),
    ))
}

/// The answer `id` of a compare: its number, and who answered.
fn compared(app: &App, id: supchat_chat::EntryId) -> Option<(u8, String)> {
    let a = app.conversation().assistant(id)?;
    Some((a.compare?, sanitize_line(&a.answerer.label())))
}

pub(super) fn render_cell_body(app: &App, cell: &Cell, inner: usize) -> Vec<Line<'static>> {
    let th = app.theme();
    let conv = app.conversation();
    let entry = cell.entry().and_then(|id| conv.get(id));
    match (&cell.kind, entry.map(|e| &e.kind)) {
        (
            CellKind::User(_),
            Some(EntryKind::User {
                text,
                attachments,
                edit_of,
            }),
        ) => {
            let mut body = Vec::new();
            if edit_of.is_some() {
                body.extend(plain(&supchat_i18n::tr("branch-edited"), th.dim(), inner));
            }
            body.extend(user_lines(app, text, inner));
            body.extend(attachment_chips(attachments, inner, th));
            body
        }
        (CellKind::Failed(id), Some(EntryKind::FailedSend(f))) => {
            let mut body = plain(
                &tr(if f.sent {
                    "failed-request"
                } else {
                    "failed-not-sent"
                }),
                th.error_title(),
                inner,
            );
            body.extend(plain(&sanitize(&f.error), th.error(), inner));
            // The newest message failed: how to send it again.
            if app.failed_prompt().is_some()
                && app.conversation().entries().last().map(|e| e.id) == Some(*id)
            {
                let hint = supchat_i18n::tr!("failed-resend", key = app.key(Action::SelectUp));
                body.extend(plain(&hint, th.dim(), inner));
            }
            body
        }
        (CellKind::ToolCall { reply, index }, _) => tool_call_lines(app, *reply, *index, inner),
        // Where the conversation went back to another branch: what follows
        // goes on from that one.
        (CellKind::Switch(_), Some(EntryKind::Switch { to })) => {
            let first = app.conversation().first_line(*to);
            let said = match compared(app, *to) {
                // An answer of a compare chosen: which, and whose.
                Some((n, label)) => {
                    supchat_i18n::tr!("branch-goes-on-compare", n = u64::from(n), target = label)
                }
                None => supchat_i18n::tr!("branch-back-to", first = sanitize_line(first)),
            };
            vec![Line::from(Span::styled(
                crate::tui::render::wrap::cut(&said, inner),
                th.dim(),
            ))]
        }
        _ => Vec::new(),
    }
}

/// Why a reply ended early, in the language in use (an interruption's
/// reason is the server's or the network's, as it came).
pub(super) fn end_note_words(note: &supchat_chat::EndNote) -> String {
    use supchat_chat::EndNote;
    match note {
        EndNote::Cancelled => tr("end-cancelled"),
        EndNote::Interrupted(why) => why.clone(),
        EndNote::Length => tr("end-length"),
        EndNote::ContentFilter => tr("end-content-filter"),
        EndNote::Incomplete(n) => supchat_i18n::tr!("end-incomplete", n = *n),
    }
}
