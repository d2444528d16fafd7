//! The approval panel: above the input box while a tool call waits for
//! the user (typing waits until it is answered). It names the tool, says what runs (the command line, or the
//! built-in), shows the arguments whole (scrolled with Up and Down when they
//! are longer than the panel), and the keys.

use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph};

use crate::tui::app::Approval;
use crate::tui::render::wrap::{StyledLine, Wrap, wrap_line};
use supchat_chat::text::{sanitize_line, visible, visible_line};

pub fn draw(frame: &mut Frame, area: Rect, a: &Approval, now: std::time::Instant, th: Theme) {
    let armed = a.armed_at.is_none_or(|t| now >= t);
    let of = if a.waiting > 1 {
        format!(" ({} of {})", a.position, a.waiting)
    } else {
        String::new()
    };
    let title = format!(" run {}?{of} ", visible_line(&a.tool));
    let keys = if !armed {
        " your keys still go to the draft: pause to answer "
    } else if area.width >= 90 {
        " y run · n decline · a always for this tool · Esc cancel the turn · PgUp/PgDn scroll "
    } else if area.width >= 60 {
        " y run · n decline · a always for this tool · Esc cancel the turn "
    } else {
        " y run · n no · a always · Esc stop "
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .padding(Padding::horizontal(1))
        .border_style(if armed { th.warning() } else { th.dim() })
        .title(Span::styled(
            title,
            if armed { th.warning() } else { th.dim() },
        ))
        .title_bottom(Span::styled(keys, th.dim()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width).max(1);
    let mut lines: Vec<Line<'static>> = wrap_line(
        &StyledLine {
            spans: vec![
                Span::styled("runs ", th.dim()),
                Span::styled(sanitize_line(&a.runs), th.base()),
            ],
            wrap: Some(Wrap::Hard),
            ..Default::default()
        },
        w,
    );
    let args: Vec<Line<'static>> = visible(&a.arguments)
        .lines()
        .flat_map(|l| {
            wrap_line(
                &StyledLine {
                    spans: vec![Span::styled(l.to_owned(), th.base())],
                    wrap: Some(Wrap::Hard),
                    ..Default::default()
                },
                w,
            )
        })
        .collect();
    let room = usize::from(inner.height).saturating_sub(lines.len());
    let most = args.len().saturating_sub(room);
    let from = a.scroll.min(most);
    let hidden_below = args.len().saturating_sub(from + room);
    let mut shown: Vec<Line<'static>> = args.into_iter().skip(from).take(room).collect();
    // Said in the last row when part of the arguments is out of sight.
    if (hidden_below > 0 || from > 0)
        && let Some(last) = shown.last_mut()
    {
        *last = Line::from(Span::styled(
            format!("↑↓ scroll the arguments: {from} rows above, {hidden_below} below"),
            th.dim(),
        ));
    }
    lines.extend(shown);
    frame.render_widget(Paragraph::new(lines), inner);
}
