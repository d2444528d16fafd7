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

pub fn draw(frame: &mut Frame, area: Rect, v: &Inspect, x: &Exchange, th: Theme) {
    let popup = Rect {
        x: area.x + u16::from(area.width > 60),
        y: area.y,
        width: area.width.saturating_sub(2 * u16::from(area.width > 60)),
        height: area.height,
    };
    super::clear_popup(frame, popup);
    let inner_w = usize::from(popup.width.saturating_sub(4)).max(1);
    let inner_h = usize::from(popup.height.saturating_sub(2));
    let lines = x.lines(v.body_open);
    let q = v.query.to_ascii_lowercase();
    let mut rows: Vec<Line<'static>> = Vec::new();
    for (look, text) in lines.iter().skip(v.scroll) {
        if rows.len() >= inner_h {
            break;
        }
        // What the server sent is shown exactly (a control character as
        // its escape), never obeyed; indentation kept, wrapped anywhere.
        let text = visible_line(text);
        let style = style_of(*look, th);
        let line = StyledLine {
            spans: marked(&text, &q, style),
            wrap: Some(Wrap::Hard),
            ..StyledLine::default()
        };
        rows.extend(wrap_line(&line, inner_w));
    }
    rows.truncate(inner_h);
    let bottom = if v.query.is_empty() {
        supchat_i18n::tr("inspect-keys")
    } else {
        supchat_i18n::tr!("inspect-search", query = visible_line(&v.query))
    };
    let place = format!(" {}/{} ", (v.scroll + 1).min(lines.len()), lines.len());
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
