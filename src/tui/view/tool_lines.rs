//! The lines of tool calls: those of a reply being written, as their
//! arguments arrive, and each finished call with what became of it.

use ratatui::text::{Line, Span};

use crate::tui::app::App;
use crate::tui::render::wrap::{StyledLine, Wrap, plain, wrap_line};
use crate::tui::theme::Theme;
use supchat_chat::AssistantEntry;
use supchat_chat::text::{sanitize, visible, visible_line};
use supchat_core::config::commands::Action;

/// Rows of a call's arguments shown while they stream (the end of them).
const LIVE_ARGS_ROWS: usize = 8;

/// The calls of a reply being written, as they arrive: each by its name,
/// with the end of its arguments so far.
pub(super) fn tool_lines(a: &AssistantEntry, inner: usize, th: Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for call in a.reply.tool_calls.iter().filter(|c| !c.name.is_empty()) {
        out.extend(plain(
            &format!(
                "⚙ {}",
                visible_line(&supchat_core::mcp::display_name(&call.name))
            ),
            th.tool(),
            inner,
        ));
        // Only the tail is wrapped: arguments may run to many kilobytes.
        let tail_from = call
            .arguments
            .len()
            .saturating_sub(LIVE_ARGS_ROWS * inner * 4);
        let mut from = tail_from;
        while !call.arguments.is_char_boundary(from) {
            from += 1;
        }
        let rows = plain(&visible(&call.arguments[from..]), th.dim(), inner);
        let skip = rows.len().saturating_sub(LIVE_ARGS_ROWS);
        if skip > 0 || from > 0 {
            // Bytes, not characters: counting would scan it all every frame.
            let kib = call.arguments.len().div_ceil(1024);
            out.push(Line::from(Span::styled(
                supchat_i18n::tr!("tool-so-far", kib = kib),
                th.dim(),
            )));
        }
        out.extend(rows.into_iter().skip(skip));
    }
    out
}

/// Lines of a tool's output shown while folded.
const TOOL_OUTPUT_SHOWS: usize = 6;

/// The `index`th call of a reply: its name, its arguments as indented JSON
/// when they parse, what became of it, and its output (folded to its first
/// lines unless Ctrl+L shows long things whole).
pub(super) fn tool_call_lines(
    app: &App,
    reply: supchat_chat::EntryId,
    index: usize,
    inner: usize,
) -> Vec<Line<'static>> {
    let th = app.theme();
    let conv = app.conversation();
    let Some(call) = conv
        .assistant(reply)
        .and_then(|a| a.reply.finished_tool_calls().into_iter().nth(index))
    else {
        return Vec::new();
    };
    // Exactly what the model asked for: anything invisible is escaped.
    let mut body = plain(
        &format!(
            "⚙ {}",
            visible_line(&supchat_core::mcp::display_name(&call.name))
        ),
        th.tool(),
        inner,
    );
    let pretty = supchat_chat::text::pretty_json(&call.arguments);
    body.extend(plain(&visible(&pretty), th.base(), inner));
    let pending = app
        .tool_batch()
        .filter(|b| b.reply == reply)
        .and_then(|b| b.state_of(&call.id));
    let result = conv.tool_result(reply, &call.id).or(match pending {
        Some(supchat_core::tools::State::Finished(r)) => Some(r),
        _ => None,
    });
    let Some(r) = result else {
        body.extend(plain(&no_result_yet(app, pending), th.dim(), inner));
        return body;
    };
    body.extend(tool_result_lines(app, r, inner));
    body
}

/// Why a tool call shows no result: it waits for an answer, it runs, the
/// turn ended first, or no tools are configured.
fn no_result_yet(app: &App, pending: Option<&supchat_core::tools::State>) -> String {
    use supchat_core::tools::State;
    match pending {
        Some(State::Asking) => supchat_i18n::tr("tool-waiting"),
        Some(State::Approved(_) | State::Running(_)) => supchat_i18n::tr("tool-running"),
        _ if app.tools_offered() => supchat_i18n::tr("tool-no-result"),
        _ => supchat_i18n::tr("tool-none-configured"),
    }
}

/// A tool's result: its size and how it was approved, then its output,
/// folded to its first lines unless long messages are shown whole.
fn tool_result_lines(app: &App, r: &supchat_chat::ToolResult, inner: usize) -> Vec<Line<'static>> {
    let th = app.theme();
    let mut body = Vec::new();
    let clean = sanitize(&r.content);
    let lines = clean.lines().count();
    let chars = clean.chars().count();
    let how = r
        .approval
        .map(|a| format!(" · {}", approval_words(a)))
        .unwrap_or_default();
    let (mark, style) = if r.is_error {
        ("✗", th.warning())
    } else {
        ("✓", th.dim())
    };
    let size = if r.content == supchat_core::tools::NO_OUTPUT {
        supchat_i18n::tr("tool-no-output")
    } else {
        supchat_i18n::tr!("tool-size", lines = lines, chars = chars)
    };
    body.extend(plain(&format!("{mark} {size}{how}"), style, inner));
    if r.content == supchat_core::tools::NO_OUTPUT {
        return body;
    }
    let open = app.long_messages_open() || lines <= TOOL_OUTPUT_SHOWS + 1;
    let shown: Vec<&str> = if open {
        clean.lines().collect()
    } else {
        clean.lines().take(TOOL_OUTPUT_SHOWS).collect()
    };
    for l in shown {
        body.extend(wrap_line(
            &StyledLine {
                prefix: vec![Span::styled("│ ", th.border())],
                cont_prefix: vec![Span::styled("│ ", th.border())],
                spans: vec![Span::styled(l.to_owned(), th.dim())],
                // Between words, as prose is (a long word or path is
                // broken where it must be).
                wrap: Some(Wrap::Word),
                ..Default::default()
            },
            inner,
        ));
    }
    if !open {
        body.push(Line::from(Span::styled(
            supchat_i18n::tr!(
                "tool-more-lines",
                n = lines - TOOL_OUTPUT_SHOWS,
                key = app.key(Action::Long)
            ),
            th.dim(),
        )));
    }
    body
}

/// How a call was approved, in the language in use.
fn approval_words(a: supchat_chat::Approval) -> String {
    use supchat_chat::Approval;
    supchat_i18n::tr(match a {
        Approval::Auto => "approval-auto",
        Approval::User => "approval-user",
        Approval::Session => "approval-session",
        Approval::Flag => "approval-flag",
        Approval::Declined => "approval-declined",
    })
}
