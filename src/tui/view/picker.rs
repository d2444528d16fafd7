//! The picker popup: a query line, the matching rows around the cursor,
//! and for multi-select the count and the keys.

use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph};
use supchat_i18n::tr;

use crate::tui::app::picker::{Allow, Picker, Row};
use crate::tui::render::wrap::{StyledLine, width, wrap_line};
use supchat_chat::text::sanitize_line;

/// Returns where the cursor goes (in the query).
pub fn draw(frame: &mut Frame, area: Rect, p: &Picker, th: Theme) -> Option<Position> {
    // The palette's rows are long (a command, its key and what it does):
    // it takes more of a wide screen than a list of names does.
    let most = match p.kind {
        crate::tui::app::picker::PickerKind::Command => 110,
        _ => 76,
    };
    let w = area.width.saturating_sub(4).clamp(20, most).min(area.width);
    let head = 1 + 3 * usize::from(p.note.is_some()) + usize::from(p.multi());
    let wanted = (head + p.rows_len().max(1) + 2).clamp(6, 24) as u16;
    let h = wanted
        .min(area.height.saturating_sub(2))
        .max(3.min(area.height));
    let popup = super::centered(area, w, h);
    super::clear_popup(frame, popup);
    let hint = if p.multi() {
        tr("picker-keys-multi")
    } else {
        tr("picker-keys")
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .padding(Padding::horizontal(1))
        .border_style(th.accent())
        .title(Span::styled(format!(" {} ", p.title), th.strong_accent()))
        .title_bottom(Span::styled(
            super::border_text(&hint, popup.width),
            th.dim(),
        ));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);

    let count = format!("{}/{}", p.filtered.len(), p.labels.len());
    let query = sanitize_line(&p.query);
    let q_w = width(&query);
    let mut lines = vec![super::query_line(&query, &count, inner.width as usize, th)];
    if let Some(note) = &p.note {
        let note = StyledLine::plain(vec![Span::styled(sanitize_line(note), th.warning())]);
        let mut rows = wrap_line(&note, inner.width as usize);
        // At most three rows; the third ends in an ellipsis when more is
        // left out.
        if rows.len() > 3 {
            rows.truncate(3);
            if let Some(last) = rows.last_mut() {
                let text: String = last.spans.iter().map(|s| s.content.as_ref()).collect();
                let cut = crate::tui::render::wrap::cut(&format!("{text} …"), inner.width as usize);
                *last = Line::from(Span::styled(cut, th.warning()));
            }
        }
        lines.extend(rows);
    }
    if p.kind == crate::tui::app::picker::PickerKind::CompareTargets {
        let n = p.chosen.len();
        lines.push(Line::from(Span::styled(
            supchat_i18n::tr!("picker-compare-ticked", n = n),
            if (2..=4).contains(&n) {
                th.accent()
            } else {
                th.dim()
            },
        )));
    } else if p.multi() {
        let what = match p.allow() {
            Allow::All => tr("picker-sends-all"),
            Allow::Only(m) => supchat_i18n::tr!("picker-sends-only", model = sanitize_line(&m)),
            Allow::Chosen(n) => supchat_i18n::tr!("picker-sends-ticked", n = n),
        };
        lines.push(Line::from(Span::styled(what, th.accent())));
    }
    // The selected row whole, on up to three lines, where one would cut
    // it (a command's words in a narrow palette).
    let iw = inner.width as usize;
    let selected = p.row(p.cursor).map(|r| selected_lines(p, &r, iw, th));
    let extra = selected.as_ref().map_or(0, |l| l.len().saturating_sub(1));
    let visible = (inner.height as usize).saturating_sub(lines.len() + extra);
    let start = (p.cursor + 1).saturating_sub(visible);
    let mut selected = selected;
    for i in start..(start + visible).min(p.rows_len()) {
        let Some(row) = p.row(i) else { break };
        match selected.take_if(|_| i == p.cursor) {
            Some(rows) => lines.extend(rows),
            None => lines.push(row_line(p, &row, i == p.cursor, iw, th)),
        }
    }
    if p.rows_len() == 0 {
        lines.push(Line::from(Span::styled(tr("picker-nothing"), th.dim())));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    let col = (2 + q_w as u16).min(inner.width.saturating_sub(1));
    Some(Position::new(inner.x + col, inner.y))
}

/// The selected row: one line when it fits, else its words wrapped on up
/// to three lines (the last cut between words with an ellipsis).
fn selected_lines(p: &Picker, row: &Row, w: usize, th: Theme) -> Vec<Line<'static>> {
    let one = row_line(p, row, true, w, th);
    let (text, value) = row_text(p, row);
    let in_use = matches!(row, Row::Item(_)) && value.is_some() && p.current == value;
    let mut whole = format!("{}{}", tick(p, row, value.as_ref()), sanitize_line(&text));
    if in_use {
        whole = format!("{whole}  {}", tr("picker-in-use"));
    }
    if width(&whole) + 2 <= w || w < 12 {
        return vec![one];
    }
    let styled = StyledLine::plain(vec![Span::styled(whole, th.selected())]);
    let mut rows = wrap_line(&styled, w.saturating_sub(2));
    if rows.len() > 3 {
        rows.truncate(3);
        if let Some(last) = rows.last_mut() {
            let text: String = last.spans.iter().map(|s| s.content.as_ref()).collect();
            let cut = crate::tui::render::wrap::cut(&format!("{text} …"), w.saturating_sub(2));
            *last = Line::from(Span::styled(cut, th.selected()));
        }
    }
    rows.into_iter()
        .enumerate()
        .map(|(n, l)| {
            let mark = Span::styled(if n == 0 { "› " } else { "  " }, th.accent());
            Line::from(std::iter::once(mark).chain(l.spans).collect::<Vec<_>>())
        })
        .collect()
}

/// A row's words, and the value it stands for.
fn row_text(p: &Picker, row: &Row) -> (String, Option<String>) {
    match &row {
        Row::Free(f) => (
            supchat_i18n::tr!("picker-free", name = f.as_str()),
            Some(f.clone()),
        ),
        Row::All => (tr("picker-all"), None),
        Row::Item(x) => (p.labels[*x].clone(), Some(p.values[*x].clone())),
    }
}

/// The tick box of a row when several can be picked.
fn tick(p: &Picker, row: &Row, value: Option<&String>) -> &'static str {
    match (&row, p.multi()) {
        (Row::Item(_), true) if value.is_some_and(|v| p.chosen.contains(v)) => "[x] ",
        (Row::Item(_), true) => "[ ] ",
        _ => "",
    }
}

/// A row of the picker: the cursor's mark, a tick box when several can be
/// picked, its label, and whether it is in use.
fn row_line(p: &Picker, row: &Row, here: bool, w: usize, th: Theme) -> Line<'static> {
    let (text, value) = row_text(p, row);
    let mark = tick(p, row, value.as_ref());
    let current = matches!(row, Row::Item(_)) && value.is_some() && p.current == value;
    let style = if here { th.selected() } else { th.base() };
    let style = match row {
        Row::Free(_) | Row::All if !here => th.dim(),
        _ => style,
    };
    let in_use = if current {
        format!("  {}", tr("picker-in-use"))
    } else {
        String::new()
    };
    // Cut between words to the row, the mark and "(in use)" kept.
    let room = w.saturating_sub(2 + width(&in_use));
    let text = crate::tui::render::wrap::cut(&format!("{mark}{}", sanitize_line(&text)), room);
    let mut spans = vec![
        Span::styled(if here { "› " } else { "  " }, th.accent()),
        Span::styled(text, style),
    ];
    if current {
        spans.push(Span::styled(in_use, th.dim()));
    }
    Line::from(spans)
}
