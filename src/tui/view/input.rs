//! The input box (drawn off screen at the full cap's height, then copied
//! in), where the cursor goes, and the find bar drawn in its place.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Widget};

use super::spread;
use crate::tui::app::App;
use crate::tui::input_box;
use crate::tui::render::wrap::width;
use crate::tui::theme::Theme;

/// The textarea drawn into a box of the full cap's height, off screen: its
/// wrapped lines are then those of this width, so the box's height can be
/// measured, and it scrolls only once the draft outgrows the cap.
pub(super) fn render_input<'c>(
    app: &App,
    screen: Rect,
    cached: &'c mut Option<(u64, Buffer)>,
) -> &'c Buffer {
    let area = Rect::new(0, 0, screen.width, input_box::cap(screen.height));
    let fresh = cached
        .as_ref()
        .is_some_and(|(rev, buf)| *rev == app.input_rev() && buf.area == area);
    if !fresh {
        *cached = None;
    }
    let (_, buf) = cached.get_or_insert_with(|| {
        let mut buf = Buffer::empty(area);
        app.input().render(area, &mut buf);
        (app.input_rev(), buf)
    });
    buf
}

/// The input box: its border and the draft as drawn off screen.
pub(super) fn draw_input(frame: &mut Frame, app: &App, area: Rect, drawn: &Buffer) {
    let block = input_block(app.theme());
    let inner = block.inner(area);
    block.render(area, frame.buffer_mut());
    let buf = frame.buffer_mut();
    for y in 0..inner.height.min(drawn.area.height) {
        for x in 0..inner.width.min(drawn.area.width) {
            if let (Some(from), Some(to)) =
                (drawn.cell((x, y)), buf.cell_mut((inner.x + x, inner.y + y)))
            {
                *to = from.clone();
            }
        }
    }
}

fn input_block(th: Theme) -> Block<'static> {
    Block::default()
        .borders(Borders::TOP)
        .border_style(th.border())
}

/// Where the cursor goes: at the caret.
pub(super) fn input_cursor(app: &App, area: Rect) -> Option<Position> {
    let inner = input_block(app.theme()).inner(area);
    if app.popup().is_none() {
        // The real cursor sits at the caret, so input methods (CJK IME) put
        // their candidate window in the right place.
        let sc = app.input().screen_cursor();
        let (top, left) = app.input().scroll_offset();
        let row = sc.row.saturating_sub(top as usize) as u16;
        let col = sc.col.saturating_sub(left as usize) as u16;
        if row < inner.height && col <= inner.width {
            return Some(Position::new(
                inner.x + col.min(inner.width.saturating_sub(1)),
                inner.y + row,
            ));
        }
    }
    None
}

/// The find bar: the query, which hit is shown, and the keys.
/// Returns where the cursor goes: after the query.
pub(super) fn draw_find(
    frame: &mut Frame,
    f: &crate::tui::app::find::Find,
    area: Rect,
    th: Theme,
) -> Option<Position> {
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(th.accent());
    let inner = block.inner(area);
    block.render(area, frame.buffer_mut());
    let count = match (f.at, f.hits.len()) {
        (_, 0) if f.query.trim().is_empty() => String::new(),
        (_, 0) => supchat_i18n::tr("find-no-match"),
        (Some(i), n) => format!("{}/{n}", i + 1),
        (None, n) => format!("{n}"),
    };
    let query = supchat_chat::text::sanitize_line(&f.query);
    let left = vec![
        Span::styled(supchat_i18n::tr("find-label"), th.accent()),
        Span::raw(query.clone()),
        Span::styled(format!("  {count}"), th.dim()),
    ];
    let right = vec![Span::styled(supchat_i18n::tr("find-keys"), th.dim())];
    frame.render_widget(
        spread(left, right, usize::from(inner.width), " ", th),
        inner,
    );
    let x = inner.x + 5 + width(&query) as u16;
    (x < inner.x + inner.width).then(|| Position::new(x, inner.y))
}
