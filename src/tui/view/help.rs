//! The help overlay (F1): every key.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::tui::render::wrap::{StyledLine, Wrap, wrap_line};

use crate::tui::theme;
use supchat_core::config::keymap::Keymap;

/// Every key and what it does; README.md lists the same.
pub const KEYS: &[(&str, &str)] = &[
    (
        "Enter",
        "send; while a reply streams, queue it for when it ends",
    ),
    (
        "Ctrl+J, Alt+Enter",
        "new line (also Shift+Enter where the terminal tells it from Enter)",
    ),
    (
        "Esc",
        "remove the newest queued message; else stop the reply; close a popup",
    ),
    (
        "Ctrl+C",
        "stop the streaming reply; else clear the draft; else quit (press twice)",
    ),
    ("Ctrl+Q", "quit"),
    ("Ctrl+Z", "suspend to the shell (fg brings it back)"),
    ("F1", "this help"),
    (
        "Ctrl+P",
        "commands: every action by name (also /name in the input box)",
    ),
    ("Tab", "complete a /command or an @file in the input box"),
    (
        "Ctrl+F",
        "find in the conversation (Enter/Up older, Down newer)",
    ),
    (
        "Alt+Up / Alt+Down",
        "select a message: y copy, o code, e edit, r answer again, d delete",
    ),
    ("F2", "next provider"),
    ("F3", "next Sup.ai mode"),
    (
        "F4",
        "model picker (Sup.ai: the models allow-list; Space picks)",
    ),
    ("F5", "sessions: resume, search, rename, delete"),
    (
        "Ctrl+N",
        "a new conversation (the one on screen stays saved)",
    ),
    ("F6", "Sup.ai run details on/off for the next message"),
    ("F7", "fold or show the Sup.ai run panel"),
    ("F8", "system prompt: pick a preset ([prompts.NAME])"),
    (
        "y / n / a",
        "a tool call waiting: run / decline / always allow",
    ),
    ("Ctrl+T", "fold or show reasoning"),
    (
        "Ctrl+L",
        "show long messages and tool output whole, or fold them",
    ),
    ("Ctrl+G", "edit the draft in $EDITOR"),
    ("Ctrl+Y", "copy the last reply"),
    ("Ctrl+O", "copy a code block (pick one)"),
    ("Up / Down", "earlier prompts (in an empty input box)"),
    ("Ctrl+A / Ctrl+E", "start / end of the line"),
    (
        "Ctrl+W / Ctrl+K",
        "delete the word before / to the end of the line",
    ),
    ("Ctrl+U / Ctrl+R", "undo / redo in the input box"),
    ("PgUp / PgDn", "scroll the conversation"),
    (
        "Home / End",
        "top of the conversation / back to the bottom (follow)",
    ),
    ("Mouse wheel", "scroll"),
];

/// A row's keys as bound now: a rebound action shows its own key.
pub fn bound(keys: &str, map: &Keymap) -> String {
    keys.split(" / ")
        .map(|k| match Keymap::by_default_label(k) {
            Some(a) => map.label(a),
            None => k.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" / ")
}

/// Draws the overlay, scrolled down by `scroll` rows, with the keys in use.
pub fn draw(frame: &mut Frame, area: Rect, scroll: u16, map: &Keymap) {
    let rows: Vec<(String, &str)> = KEYS.iter().map(|(k, w)| (bound(k, map), *w)).collect();
    let key_w = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let desc_w = KEYS
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
            lines.push(Line::from(Span::styled(format!(" {k}"), theme::key())));
            (vec![Span::raw("   ")], vec![Span::raw("   ")])
        } else {
            let pad = " ".repeat(key_w + 3);
            (
                vec![Span::styled(format!(" {k:key_w$}  "), theme::key())],
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
        .border_style(theme::accent())
        .title(Span::styled(title, theme::strong_accent()));
    let max = (lines.len() as u16).saturating_sub(h.saturating_sub(2));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll.min(max), 0)),
        popup,
    );
}

#[cfg(test)]
mod tests {
    use super::KEYS;

    /// README.md lists every key the help overlay lists (one keymap, not
    /// two stories).
    #[test]
    fn the_readme_names_every_key_of_the_help() {
        let readme = include_str!("../../../README.md");
        for (key, _) in KEYS {
            for k in key.split([',', '/']).map(str::trim) {
                assert!(readme.contains(k), "README.md does not mention {k}");
            }
        }
    }
}
