//! The session list popup (F5): a query line, the sessions (title, last
//! change, provider and model, messages) or the text hits with their
//! matching words, and the keys; renaming and deleting ask in place.

use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph};

use crate::tui::app::session_list::{ListMode, ListRow, SessionList};
use crate::tui::render::wrap::width;
use supchat_chat::text::{sanitize_line, short_line};
use supchat_core::store::export::utc;

use crate::tui::render::wrap::cut as fit;

/// Draws the list; `new_key` is the key that starts a new conversation.
/// Returns where the cursor goes (in the query).
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    l: &SessionList,
    new_key: &str,
    th: Theme,
) -> Option<Position> {
    let w = area.width.saturating_sub(4).clamp(20, 100).min(area.width);
    let h = area.height.saturating_sub(2).clamp(3.min(area.height), 30);
    let popup = super::centered(area, w, h);
    super::clear_popup(frame, popup);
    let hint = match &l.mode {
        ListMode::Browse => {
            format!(" {} ", supchat_i18n::tr!("sessions-keys", new = new_key))
        }
        ListMode::Rename(_) => format!(" {} ", supchat_i18n::tr("sessions-keys-rename")),
        ListMode::ConfirmDelete { .. } => format!(" {} ", supchat_i18n::tr("sessions-keys-delete")),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .padding(Padding::horizontal(1))
        .border_style(th.accent())
        .title(Span::styled(
            format!(" {} ", supchat_i18n::tr("sessions-title")),
            th.strong_accent(),
        ))
        .title_bottom(Span::styled(
            super::border_text(&hint, popup.width),
            th.dim(),
        ));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let iw = inner.width as usize;
    let rows = l.rows();
    let query = sanitize_line(&l.query);
    let mut lines = head_lines(l, rows.len(), &query, iw, th);
    // A hit under the one before it, in the same session, is one line (its
    // title is above); every other row two.
    let grouped = |i: usize| match (i.checked_sub(1).and_then(|p| rows.get(p)), rows.get(i)) {
        (Some(ListRow::Hit(a)), Some(ListRow::Hit(b))) => a.session == b.session,
        _ => false,
    };
    let height = |i: usize| if grouped(i) { 1 } else { 2 };
    let room = (inner.height as usize).saturating_sub(lines.len());
    // From the cursor up as far as the room goes.
    let cursor = l.cursor.min(rows.len().saturating_sub(1));
    let mut start = cursor;
    let mut used = height(cursor);
    while start > 0 && used + height(start - 1) <= room {
        start -= 1;
        used += height(start);
    }
    let mut used = 0;
    for (i, row) in rows.iter().enumerate().skip(start) {
        used += height(i);
        if used > room && i > cursor {
            break;
        }
        let [title, detail] = row_lines(row, i == l.cursor, l.listed_at, iw, th);
        if grouped(i) {
            let mut detail = detail;
            let mark = if i == l.cursor { "› " } else { "  " };
            detail.spans[0] = Span::styled(mark, th.accent());
            if i == l.cursor
                && let Some(text) = detail.spans.get_mut(1)
            {
                text.style = th.selected();
            }
            lines.push(detail);
        } else {
            lines.extend([title, detail]);
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
    let col = (2 + width(&query) as u16).min(inner.width.saturating_sub(1));
    Some(Position::new(inner.x + col, inner.y))
}

/// The list's top: the query and the count, the question being asked,
/// the last error, or why there is nothing to list.
fn head_lines(
    l: &SessionList,
    count: usize,
    query: &str,
    iw: usize,
    th: Theme,
) -> Vec<Line<'static>> {
    let mut lines = vec![super::query_line(query, &count.to_string(), iw, th)];
    match &l.mode {
        ListMode::Rename(t) => lines.push(Line::from(vec![
            Span::styled(supchat_i18n::tr("sessions-new-title"), th.accent()),
            Span::raw(sanitize_line(t)),
        ])),
        ListMode::ConfirmDelete { title, on_screen } => {
            let what = if *on_screen {
                supchat_i18n::tr!("sessions-delete-on-screen", title = sanitize_line(title))
            } else {
                supchat_i18n::tr!("sessions-delete", title = sanitize_line(title))
            };
            lines.push(Line::from(Span::styled(fit(&what, iw), th.warning())));
        }
        ListMode::Browse => {}
    }
    if let Some(e) = &l.error {
        lines.push(Line::from(Span::styled(
            fit(&sanitize_line(e), iw),
            th.error(),
        )));
    }
    if count == 0 {
        let what = supchat_i18n::tr(if l.loading {
            "sessions-loading"
        } else if l.query.is_empty() {
            "sessions-none"
        } else {
            "picker-nothing"
        });
        lines.push(Line::from(Span::styled(what, th.dim())));
    }
    lines
}

/// When a session changed: how long ago (`5 min ago`, `昨天`) as seen at
/// `listed_at`, or its date from a month on.
fn changed(at: supchat_chat::Timestamp, listed_at: Option<std::time::SystemTime>) -> String {
    let now = listed_at.map(supchat_chat::Timestamp::from_system);
    let ago = now.and_then(|n| supchat_i18n::ago(n.0.saturating_sub(at.0) / 1000));
    ago.unwrap_or_else(|| utc(at).chars().take(10).collect())
}

/// A row of the list on two lines: its title, and when it changed with
/// where it came from (or the words that matched).
fn row_lines(
    row: &ListRow,
    here: bool,
    listed_at: Option<std::time::SystemTime>,
    iw: usize,
    th: Theme,
) -> [Line<'static>; 2] {
    let mark = Span::styled(if here { "› " } else { "  " }, th.accent());
    let title_style = if here { th.selected() } else { th.base() };
    let (title, detail) = match row {
        ListRow::Session(m) => (
            m.title.clone(),
            [
                Some(changed(m.updated, listed_at)),
                m.answered_by(),
                Some(m.messages_label()),
                m.spent_label(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · "),
        ),
        ListRow::Hit(h) => (
            h.title.clone(),
            supchat_i18n::tr!("sessions-hit", n = h.message, snippet = h.snippet.as_str()),
        ),
    };
    let title = Line::from(vec![
        mark,
        // At most the row's worth of a title cleaned (one may be huge).
        Span::styled(
            fit(&short_line(&title, iw), iw.saturating_sub(2)),
            title_style,
        ),
    ]);
    let detail = Line::from(vec![
        Span::raw("  "),
        Span::styled(
            fit(&short_line(&detail, iw), iw.saturating_sub(2)),
            th.dim(),
        ),
    ]);
    [title, detail]
}
