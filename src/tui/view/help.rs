//! The help overlay (F1): every key and every command, from the command
//! table.

use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::tui::render::wrap::{StyledLine, Wrap, wrap_line};

use supchat_core::config::commands::{Action, COMMANDS, KEYS, KeyRow, command};
use supchat_core::config::keymap::Keymap;
use unicode_width::UnicodeWidthStr;

/// The help's rows, from the one command table: the keys that keep their
/// meaning, and each command's key as bound now.
pub fn rows(map: &Keymap) -> Vec<(String, String)> {
    KEYS.iter()
        .filter_map(|row| match row {
            KeyRow::Fixed(k) => Some((k.label(), k.does())),
            KeyRow::Bound(a) => {
                let c = command(*a);
                let key = map.label(*a);
                let does = c.key?.help_text(c);
                (!key.is_empty()).then_some((key, does))
            }
        })
        .collect()
}

/// The commands' rows: `/name args` and what it does, as the palette
/// lists them.
pub fn command_rows() -> Vec<(String, String)> {
    COMMANDS
        .iter()
        .filter_map(|c| {
            let slash = c.slash?;
            let name = format!("/{slash} {}", c.args);
            Some((name.trim_end().to_owned(), c.does()))
        })
        .collect()
}

/// The widest first and second column of `rows`, in cells.
fn widths(rows: &[(String, String)]) -> (usize, usize) {
    rows.iter().fold((0, 0), |(k, d), (key, does)| {
        (k.max(key.width()), d.max(does.width()))
    })
}

/// `rows` as lines `inner_w` wide: the first column `key_w` wide, or, on a
/// narrow screen, each key on its own line with what it does below it.
fn section(
    rows: &[(String, String)],
    key_w: usize,
    inner_w: usize,
    th: Theme,
) -> Vec<Line<'static>> {
    let stacked = inner_w < key_w + 24;
    let mut lines = Vec::new();
    for (k, what) in rows {
        let (prefix, cont) = if stacked {
            lines.push(Line::from(Span::styled(format!(" {k}"), th.key())));
            (vec![Span::raw("   ")], vec![Span::raw("   ")])
        } else {
            let pad = " ".repeat(key_w + 3);
            let gap = " ".repeat(key_w.saturating_sub(k.width()) + 2);
            (
                vec![Span::styled(format!(" {k}{gap}"), th.key())],
                vec![Span::raw(pad)],
            )
        };
        let line = StyledLine {
            prefix,
            cont_prefix: cont,
            spans: vec![Span::raw(what.clone())],
            wrap: Some(Wrap::Word),
            line_style: None,
        };
        lines.extend(wrap_line(&line, inner_w));
    }
    lines
}

/// Draws the overlay, scrolled down by `scroll` rows, with the keys in use
/// and, below them, the commands: the most it scrolls.
pub fn draw(frame: &mut Frame, area: Rect, scroll: u16, map: &Keymap, th: Theme) -> u16 {
    let keys = rows(map);
    let commands = command_rows();
    let (key_w, key_desc) = widths(&keys);
    let (cmd_w, cmd_desc) = widths(&commands);
    let widest = (key_w + key_desc).max(cmd_w + cmd_desc);
    let w = ((widest + 6) as u16).min(area.width.saturating_sub(2));
    // A cell of margin on the right, as on the left.
    let inner_w = w.saturating_sub(3) as usize;
    let mut lines = section(&keys, key_w, inner_w, th);
    lines.push(Line::default());
    let commands_line = match map.label(Action::Palette) {
        k if k.is_empty() => supchat_i18n::tr("help-commands-no-key"),
        k => supchat_i18n::tr!("help-commands", key = k),
    };
    lines.push(Line::from(Span::styled(
        format!(" {commands_line}"),
        th.strong_accent(),
    )));
    lines.extend(section(&commands, cmd_w, inner_w, th));
    // On a tall screen the header and the footer stay in sight.
    let room = if area.height > 20 {
        area.height - 2
    } else {
        area.height
    };
    let h = (lines.len() as u16 + 2).min(room);
    let popup = super::centered(area, w, h);
    super::clear_popup(frame, popup);
    let more = lines.len() as u16 > h.saturating_sub(2);
    let title = if more {
        format!(" {} ", supchat_i18n::tr("help-title-scroll"))
    } else {
        format!(" {} ", supchat_i18n::tr("help-title"))
    };
    let max = (lines.len() as u16).saturating_sub(h.saturating_sub(2));
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.accent())
        .title(Span::styled(title, th.strong_accent()));
    if scroll < max {
        block = block.title_bottom(Span::styled(
            format!(" {} ", supchat_i18n::tr("help-more-below")),
            th.dim(),
        ));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll.min(max), 0)),
        popup,
    );
    max
}
