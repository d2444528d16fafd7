//! The empty chat: where messages go, the keys that matter first and, in
//! the demo, what to try. Drawn in the conversation's place until there is
//! something to show.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::render::wrap::width;
use supchat_core::config::ProviderKind;
use supchat_core::config::commands::Action;
use supchat_i18n::tr;

/// One row: a key (or what to type) and what it does.
type Row = (String, String);

/// What the empty chat shows: a heading (maybe none) and its rows, most
/// useful first; rows that do not fit the height are left off from the
/// end, never cut.
fn rows(app: &App) -> Vec<(Option<String>, Vec<Row>)> {
    let k = |a| app.key(a);
    let mut blocks = Vec::new();
    if app.is_demo() {
        // What to type is the demo server's: the same in every language.
        blocks.push((
            Some(tr("welcome-demo")),
            vec![
                ("hello".to_owned(), tr("welcome-demo-hello")),
                ("code".to_owned(), tr("welcome-demo-code")),
                ("slow".to_owned(), tr("welcome-demo-slow")),
                ("你好".to_owned(), tr("welcome-demo-chinese")),
                ("error".to_owned(), tr("welcome-demo-error")),
                (k(Action::Provider), tr("welcome-demo-supai")),
            ],
        ));
    }
    let (switch, what) = match app.current().kind {
        ProviderKind::SupAi => (k(Action::Mode), tr("welcome-mode")),
        ProviderKind::OpenAi => (k(Action::Model), tr("welcome-model")),
    };
    let mut general = vec![
        ("Enter".to_owned(), tr("welcome-enter")),
        (k(Action::Palette), tr("welcome-palette")),
        (k(Action::Help), tr("welcome-help")),
    ];
    if !app.is_demo() {
        general.push((k(Action::Provider), tr("welcome-provider")));
    }
    general.push((switch, what));
    // The demo saves nothing: no sessions to offer.
    if !app.is_demo() {
        general.push((k(Action::Sessions), tr("welcome-sessions")));
    }
    general.extend([
        ("@file".to_owned(), tr("welcome-attach")),
        ("/".to_owned(), tr("welcome-slash")),
    ]);
    // A key not bound is not offered.
    general.retain(|(key, _)| !key.is_empty());
    blocks.push((None, general));
    blocks
}

/// Draws the welcome in `area` (the conversation's), centred.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let th = app.theme();
    let blocks = rows(app);
    let key_w = blocks
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|(k, _)| width(k)))
        .max()
        .unwrap_or(0);
    let avail = usize::from(area.width).saturating_sub(2);
    let row_w = |(_, what): &Row| key_w + 2 + width(what);
    let mut lines: Vec<Line> = Vec::new();
    let mut block_w = 0;
    'blocks: for (i, (heading, rows)) in blocks.iter().enumerate() {
        let room = usize::from(area.height).saturating_sub(lines.len());
        // A block starts only when its heading and first row fit.
        let head_rows = usize::from(i > 0) + usize::from(heading.is_some());
        if room < head_rows + 1 {
            break;
        }
        if i > 0 {
            lines.push(Line::default());
        }
        if let Some(h) = heading.as_deref().filter(|h| width(h) <= avail) {
            block_w = block_w.max(width(h));
            lines.push(Line::styled(h.to_owned(), th.dim()));
        }
        for row in rows {
            if lines.len() >= usize::from(area.height) {
                break 'blocks;
            }
            if row_w(row) > avail {
                continue;
            }
            block_w = block_w.max(row_w(row));
            let (key, what) = row;
            let pad = " ".repeat(key_w - width(key) + 2);
            lines.push(Line::from(vec![
                Span::styled(key.clone(), th.key()),
                Span::raw(pad),
                Span::styled(what.clone(), th.dim()),
            ]));
        }
    }
    let h = lines.len() as u16;
    let w = (block_w as u16).min(area.width);
    let at = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + area.height.saturating_sub(h) / 2,
        width: w,
        height: h.min(area.height),
    };
    frame.render_widget(Paragraph::new(lines), at);
}
