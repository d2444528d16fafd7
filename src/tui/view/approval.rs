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
        format!(
            " {}",
            supchat_i18n::tr!("approval-of", n = a.position, of = a.waiting)
        )
    } else {
        String::new()
    };
    // In a compare: whose call it is.
    let of = match &a.from {
        Some(from) => format!("{of} · {from}"),
        None => of,
    };
    let title = format!(
        " {}{of} ",
        supchat_i18n::tr!(
            "approval-title",
            tool = visible_line(&supchat_core::mcp::display_name(&a.tool))
        )
    );
    let keys = if !armed {
        supchat_i18n::tr("approval-unarmed")
    } else if area.width >= 90 {
        supchat_i18n::tr("approval-keys-long")
    } else if area.width >= 60 {
        supchat_i18n::tr("approval-keys")
    } else {
        supchat_i18n::tr("approval-keys-short")
    };
    // The arguments, laid out to the panel's inner width.
    let inner_w = usize::from(area.width.saturating_sub(4)).max(1);
    let mut runs = Vec::new();
    // Why a tool that runs without asking asks this time.
    if let Some(why) = &a.why {
        runs.extend(wrap_line(
            &StyledLine::plain(vec![Span::styled(
                supchat_i18n::tr!("approval-why", why = sanitize_line(why)),
                th.warning(),
            )]),
            inner_w,
        ));
    }
    runs.extend(wrap_line(
        &StyledLine {
            spans: vec![
                Span::styled(supchat_i18n::tr("approval-runs"), th.dim()),
                Span::styled(sanitize_line(&a.runs), th.base()),
            ],
            wrap: Some(Wrap::Hard),
            ..Default::default()
        },
        inner_w,
    ));
    let args: Vec<Line<'static>> = visible(&a.arguments)
        .lines()
        .flat_map(|l| {
            wrap_line(
                &StyledLine {
                    spans: vec![Span::styled(l.to_owned(), th.base())],
                    wrap: Some(Wrap::Hard),
                    ..Default::default()
                },
                inner_w,
            )
        })
        .collect();
    let room = usize::from(area.height.saturating_sub(2)).saturating_sub(runs.len());
    let most = args.len().saturating_sub(room);
    let from = a.scroll.min(most);
    let hidden_below = args.len().saturating_sub(from + room);
    // Part of the arguments out of sight: said on the top border, so that
    // no row of them is given up for it.
    let more = match (from, hidden_below) {
        (0, 0) => String::new(),
        (0, b) => format!(" ↓ {} ", supchat_i18n::tr!("approval-more", n = b)),
        (f, 0) => format!(" ↑ {} ", supchat_i18n::tr!("approval-more", n = f)),
        (f, b) => format!(" ↑ {f} ↓ {b} "),
    };
    let title_w = area
        .width
        .saturating_sub(super::super::render::wrap::width(&more) as u16);
    let mut block = Block::default()
        .borders(Borders::ALL)
        .padding(Padding::horizontal(1))
        .border_style(if armed { th.warning() } else { th.dim() })
        .title(Span::styled(
            super::border_text(&title, title_w),
            if armed { th.warning() } else { th.dim() },
        ))
        .title_bottom(Span::styled(
            super::border_text(&keys, area.width),
            th.dim(),
        ));
    if !more.is_empty() {
        block = block.title(Line::from(Span::styled(more, th.dim())).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = runs;
    lines.extend(args.into_iter().skip(from).take(room));
    frame.render_widget(Paragraph::new(lines), inner);
}
