//! The help overlay (F1): every key, from the command table.

use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::tui::render::wrap::{StyledLine, Wrap, wrap_line};

use supchat_core::config::commands::{KEYS, KeyRow, command};
use supchat_core::config::keymap::Keymap;

/// The help's rows, from the one command table: the keys that keep their
/// meaning, and each command's key as bound now.
pub fn rows(map: &Keymap) -> Vec<(String, &'static str)> {
    KEYS.iter()
        .filter_map(|row| match row {
            KeyRow::Fixed(k) => Some((k.keys.to_owned(), k.does)),
            KeyRow::Bound(a) => {
                let c = command(*a);
                let key = map.label(*a);
                let does = c.key?.help_text(c);
                (!key.is_empty()).then_some((key, does))
            }
        })
        .collect()
}

/// Draws the overlay, scrolled down by `scroll` rows, with the keys in use.
pub fn draw(frame: &mut Frame, area: Rect, scroll: u16, map: &Keymap, th: Theme) {
    let rows = rows(map);
    let key_w = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let desc_w = rows
        .iter()
        .map(|(_, d)| d.chars().count())
        .max()
        .unwrap_or(0);
    let w = ((key_w + desc_w + 5) as u16).min(area.width.saturating_sub(2));
    let inner_w = w.saturating_sub(2) as usize;
    // Narrow screens: each key on its own line, what it does below it.
    let stacked = inner_w < key_w + 24;
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (k, what) in &rows {
        let (prefix, cont) = if stacked {
            lines.push(Line::from(Span::styled(format!(" {k}"), th.key())));
            (vec![Span::raw("   ")], vec![Span::raw("   ")])
        } else {
            let pad = " ".repeat(key_w + 3);
            (
                vec![Span::styled(format!(" {k:key_w$}  "), th.key())],
                vec![Span::raw(pad)],
            )
        };
        let line = StyledLine {
            prefix,
            cont_prefix: cont,
            spans: vec![Span::raw((*what).to_owned())],
            wrap: Some(Wrap::Word),
            line_style: None,
        };
        lines.extend(wrap_line(&line, inner_w));
    }
    let h = (lines.len() as u16 + 2).min(area.height);
    let popup = Rect {
        x: area.x + (area.width.saturating_sub(w)) / 2,
        y: area.y + (area.height.saturating_sub(h)) / 2,
        width: w,
        height: h,
    };
    super::clear_popup(frame, popup);
    let more = lines.len() as u16 > h.saturating_sub(2);
    let title = if more {
        " keys — ↑↓ scroll, Esc closes "
    } else {
        " keys — Esc closes "
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.accent())
        .title(Span::styled(title, th.strong_accent()));
    let max = (lines.len() as u16).saturating_sub(h.saturating_sub(2));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll.min(max), 0)),
        popup,
    );
}
