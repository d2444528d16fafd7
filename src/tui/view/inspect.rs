//! The request inspector over the whole screen: a reply's exchange as
//! lines (request, responses, the body as it arrived), wrapped to the
//! width, from the line scrolled to; what is searched for marked; the
//! search or the keys on the bottom border.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::tui::app::inspect::{Exchange, Inspect, Look};
use crate::tui::render::wrap::{StyledLine, Wrap, wrap_line};
use crate::tui::theme::Theme;
use supchat_chat::text::{sanitize_line, visible_line};

/// Draws the inspector over `area`; returns the first line shown (moved
/// back so that the last page is full), the first line not shown whole,
/// and where the last page begins.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    v: &Inspect,
    x: &Exchange,
    th: Theme,
) -> (usize, usize, usize) {
    // The whole width: nothing of the chat shows beside it.
    super::clear_popup(frame, area);
    let popup = area;
    let inner_w = usize::from(popup.width.saturating_sub(4)).max(1);
    let inner_h = usize::from(popup.height.saturating_sub(2));
    let lines = x.lines(v.body_open);
    let q = v.query.to_ascii_lowercase();
    let rows_of = |look: Look, text: &str| -> Vec<Line<'static>> {
        // What the server sent is shown exactly (a control character as
        // its escape), never obeyed; indentation kept, wrapped anywhere.
        let text = visible_line(text);
        let line = StyledLine {
            spans: marked(&text, &q, style_of(look, th)),
            wrap: Some(Wrap::Hard),
            ..StyledLine::default()
        };
        wrap_line(&line, inner_w)
    };
    // The last page full: the top is no later than where it starts.
    let mut last_top = lines.len();
    let mut filled = 0;
    while last_top > 0 {
        let n = rows_of(lines[last_top - 1].0, &lines[last_top - 1].1).len();
        if filled + n > inner_h {
            break;
        }
        filled += n;
        last_top -= 1;
    }
    let top = v.scroll.min(last_top);
    let mut rows: Vec<Line<'static>> = Vec::new();
    let mut next = lines.len();
    for (i, (look, text)) in lines.iter().enumerate().skip(top) {
        let r = rows_of(*look, text);
        if rows.len() + r.len() > inner_h {
            next = i;
            rows.extend(r);
            break;
        }
        rows.extend(r);
    }
    rows.truncate(inner_h);
    let w = usize::from(popup.width);
    let bottom = if !v.query.is_empty() {
        supchat_i18n::tr!("inspect-search", query = visible_line(&v.query))
    } else if w >= 90 {
        supchat_i18n::tr("inspect-keys")
    } else {
        supchat_i18n::tr("inspect-keys-short")
    };
    let place = format!(" {}/{} ", (top + 1).min(lines.len()), lines.len());
    let title = supchat_i18n::tr!("inspect-title", provider = sanitize_line(&x.provider));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.accent())
        .title(Span::styled(
            crate::tui::render::wrap::cut(&format!(" {title} "), inner_w),
            th.strong_accent(),
        ))
        .title(Line::from(Span::styled(place, th.dim())).right_aligned())
        .title_bottom(Span::styled(
            crate::tui::render::wrap::cut(&format!(" {bottom} "), inner_w),
            th.dim(),
        ));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let pad = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(1),
        ..inner
    };
    frame.render_widget(Paragraph::new(rows), pad);
    (top, next, last_top)
}

fn style_of(look: Look, th: Theme) -> Style {
    match look {
        Look::Head => th.strong_accent(),
        Look::Header | Look::Folded => th.dim(),
        Look::Text | Look::Body => th.base(),
        Look::Frame => th.base(),
        Look::Failed => th.warning(),
    }
}

/// `text` in `style`, with each match of `q` (lowercase ASCII) reversed.
fn marked(text: &str, q: &str, style: Style) -> Vec<Span<'static>> {
    if q.is_empty() {
        return vec![Span::styled(text.to_owned(), style)];
    }
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = lower[at..].find(q) {
        let (s, e) = (at + i, at + i + q.len());
        if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            break;
        }
        out.push(Span::styled(text[at..s].to_owned(), style));
        out.push(Span::styled(
            text[s..e].to_owned(),
            style.add_modifier(Modifier::REVERSED),
        ));
        at = e;
    }
    out.push(Span::styled(text[at..].to_owned(), style));
    out
}
