//! The MCP servers' panel (`/mcp`, F9): one row per server with its state
//! (starting…, ready with its tools, failed with why, off) and its command
//! or URL; the selected failed server shows the last lines of its stderr.
//! Everything a server said is cleaned of control characters first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::tui::render::wrap::{StyledLine, Wrap, wrap_line};
use crate::tui::theme::Theme;
use supchat_chat::text::sanitize_line;
use supchat_core::mcp::{Row, Status};
use supchat_i18n::tr;

/// Rows of the selected server's tool names shown.
const TOOL_ROWS: usize = 3;

/// Lines of a failed server's stderr shown.
const STDERR_LINES: usize = 6;

/// A line of `spans` wrapped to `w`, further rows under its text.
fn wrapped(prefix: &str, spans: Vec<Span<'static>>, w: usize) -> Vec<Line<'static>> {
    let pad = " ".repeat(unicode_width::UnicodeWidthStr::width(prefix));
    wrap_line(
        &StyledLine {
            prefix: vec![Span::raw(prefix.to_owned())],
            cont_prefix: vec![Span::raw(pad)],
            spans,
            wrap: Some(Wrap::Word),
            line_style: None,
        },
        w,
    )
}

/// The panel's lines, `inner_w` cells wide.
pub fn lines(rows: &[Row], selected: usize, inner_w: usize, th: Theme) -> Vec<Line<'static>> {
    if rows.is_empty() {
        let none = tr("mcp-none");
        return [
            none.as_str(),
            "",
            "[mcp_servers.fs]",
            "command = [\"npx\", \"-y\", \"@modelcontextprotocol/server-filesystem\", \".\"]",
        ]
        .iter()
        .flat_map(|l| wrapped(" ", vec![Span::styled((*l).to_owned(), th.base())], inner_w))
        .collect();
    }
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let sel = i == selected;
        let (glyph, glyph_style, state) = match &r.status {
            Status::Ready { tools, offered } if tools == offered => (
                "●",
                th.accent(),
                supchat_i18n::tr!("mcp-state-ready", n = *offered),
            ),
            Status::Ready { tools, offered } => (
                "●",
                th.accent(),
                supchat_i18n::tr!("mcp-state-ready-some", offered = *offered, n = *tools),
            ),
            Status::Starting => ("◌", th.dim(), tr("mcp-state-starting")),
            Status::Failed(why) => (
                "✗",
                th.error(),
                supchat_i18n::tr!("mcp-state-failed", why = sanitize_line(why)),
            ),
            Status::Off => ("○", th.dim(), tr("mcp-state-off")),
        };
        let name_style = if sel {
            th.selected()
        } else {
            th.strong_accent()
        };
        let state_style = if matches!(r.status, Status::Failed(_)) {
            th.error()
        } else {
            th.base()
        };
        // The state's further rows go under the name.
        out.extend(wrap_line(
            &StyledLine {
                prefix: vec![
                    Span::raw(if sel { "›" } else { " " }),
                    Span::styled(format!("{glyph} "), glyph_style),
                ],
                cont_prefix: vec![Span::raw("   ")],
                spans: vec![
                    Span::styled(sanitize_line(&r.name), name_style),
                    Span::raw("  "),
                    Span::styled(state, state_style),
                ],
                wrap: Some(Wrap::Word),
                line_style: None,
            },
            inner_w,
        ));
        out.extend(wrapped(
            "   ",
            vec![Span::styled(sanitize_line(&r.what), th.dim())],
            inner_w,
        ));
        if sel {
            // Its tools, by its own names: at most three rows of them.
            if !r.tools.is_empty() {
                let names: Vec<String> = r.tools.iter().map(|t| sanitize_line(t)).collect();
                let mut rows = wrapped(
                    "   ",
                    vec![Span::styled(
                        supchat_i18n::tr!("mcp-tools", names = names.join(", ")),
                        th.dim(),
                    )],
                    inner_w,
                );
                if rows.len() > TOOL_ROWS {
                    rows.truncate(TOOL_ROWS);
                    if let Some(last) = rows.last_mut() {
                        last.spans.push(Span::styled(" …", th.dim()));
                    }
                }
                out.extend(rows);
            }
            for note in &r.notes {
                out.extend(wrapped(
                    "   ",
                    vec![Span::styled(sanitize_line(note), th.warning())],
                    inner_w,
                ));
            }
        }
        let tail: Vec<&String> = r.stderr.iter().filter(|l| !l.trim().is_empty()).collect();
        if sel && matches!(r.status, Status::Failed(_)) && !tail.is_empty() {
            out.extend(wrapped(
                "   ",
                vec![Span::styled(tr("mcp-stderr"), th.dim())],
                inner_w,
            ));
            for l in tail.iter().skip(tail.len().saturating_sub(STDERR_LINES)) {
                out.extend(wrapped(
                    "   │ ",
                    vec![Span::styled(sanitize_line(l), th.base())],
                    inner_w,
                ));
            }
        }
    }
    out
}

/// Draws the panel over `area`.
pub fn draw(frame: &mut Frame, area: Rect, rows: &[Row], selected: usize, key: &str, th: Theme) {
    let w = area.width.saturating_sub(2).min(96);
    let inner_w = usize::from(w.saturating_sub(3)).max(1);
    let selected = selected.min(rows.len().saturating_sub(1));
    let mut body = lines(rows, selected, inner_w, th);
    let room = if area.height > 20 {
        area.height - 2
    } else {
        area.height
    };
    let h = (body.len() as u16 + 2).min(room);
    // The selected server's rows in sight: what comes before it scrolls
    // away first.
    let inner_h = usize::from(h.saturating_sub(2));
    if body.len() > inner_h {
        let before = if selected == 0 {
            0
        } else {
            lines(&rows[..selected], usize::MAX, inner_w, th).len()
        };
        let drop = before.min(body.len() - inner_h);
        body.drain(..drop);
    }
    let popup = super::centered(area, w, h);
    super::clear_popup(frame, popup);
    let close = if key.is_empty() {
        "Esc".to_owned()
    } else {
        format!("Esc/{key}")
    };
    let keys = if rows.is_empty() {
        format!(
            " {} ",
            supchat_i18n::tr!("mcp-panel-closes", close = close.as_str())
        )
    } else if w >= 60 {
        format!(
            " {} ",
            supchat_i18n::tr!("mcp-panel-keys", close = close.as_str())
        )
    } else {
        format!(" {} ", tr("mcp-panel-keys-short"))
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.accent())
        .title(Span::styled(
            format!(" {} ", tr("mcp-panel-title")),
            th.strong_accent(),
        ))
        .title_bottom(Span::styled(keys, th.dim()));
    frame.render_widget(Paragraph::new(body).block(block), popup);
}
