//! A compare on screen: the answers of its targets side by side in columns
//! (stacked, one under the other, on a screen under 100 columns), each
//! headed by its number and target and, as they come, its figures (time
//! to first token, tokens/s, tokens, cost). Each shows the end of what
//! arrived (PageUp scrolls them all back). Drawn over the conversation
//! while the compare is open.

use std::time::Instant;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::big::BIG;
use super::cell_lines::{end_note_words, figures};
use super::tool_lines::tool_lines;
use crate::tui::app::App;
use crate::tui::app::compare::Compare;
use crate::tui::cells::count_words;
use crate::tui::render::stream::wrap_all;
use crate::tui::render::wrap::{cut, plain};
use supchat_chat::text::{sanitize, sanitize_line};
use supchat_chat::{EntryKind, TurnStats};
use supchat_core::session::Lane;
use supchat_i18n::tr;

/// Under this many columns the answers are stacked.
pub const SIDE_BY_SIDE: u16 = 100;

pub fn draw(frame: &mut Frame, app: &App, c: &Compare, area: Rect, now: Instant) {
    super::clear_popup(frame, area);
    if area.height < 3 || area.width < 10 {
        return;
    }
    let th = app.theme();
    let n = c.lanes.len().max(1) as u16;
    // The keys, on the pane's last row.
    let keys = if c.running() {
        tr("compare-keys-running")
    } else {
        tr("compare-keys-done")
    };
    let keys_row = Rect {
        y: area.bottom() - 1,
        height: 1,
        ..area
    };
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            cut(&keys, usize::from(area.width)),
            th.dim(),
        ))),
        keys_row,
    );
    let area = Rect {
        height: area.height - 1,
        ..area
    };
    let side = area.width >= SIDE_BY_SIDE;
    for (i, lane) in c.lanes.iter().enumerate() {
        let i16 = i as u16;
        let r = if side {
            let w = area.width / n;
            let x = area.x + w * i16;
            // The last column takes what the division left.
            let w = if i16 + 1 == n { area.right() - x } else { w };
            Rect {
                x,
                width: w,
                ..area
            }
        } else {
            let h = area.height / n;
            let y = area.y + h * i16;
            let h = if i16 + 1 == n { area.bottom() - y } else { h };
            Rect {
                y,
                height: h,
                ..area
            }
        };
        draw_lane(frame, app, c, i, lane, r, side, now);
    }
}

#[allow(clippy::too_many_arguments)]
fn draw_lane(
    frame: &mut Frame,
    app: &App,
    c: &Compare,
    i: usize,
    lane: &Lane,
    r: Rect,
    side: bool,
    now: Instant,
) {
    let th = app.theme();
    let busy = lane.session.is_busy();
    let stats = match lane.session.engine().live_figures(now) {
        Some(s) => Some(s),
        None => c.ended[i].clone(),
    }
    .map(|s| whole_lane(lane, c.question, s));
    let mut title = format!(" {} {} ", i + 1, sanitize_line(&lane.label));
    if app.compare_going_on() == Some(i) {
        title.push_str(&format!("{} ", tr("compare-goes-on")));
    }
    let mut figs = stats.as_ref().map_or(String::new(), |s| line_of(s, busy));
    // Tokens so far, estimated while the server has not counted them.
    if let Some(l) = lane.session.engine().live()
        && l.deltas > 0
        && stats.as_ref().is_none_or(|s| s.usage.is_none())
    {
        let n = supchat_chat::estimate_tokens(l.chars, l.deltas);
        figs.push_str(&format!(" · ~{n:.0}↓"));
    }
    let (title_style, border) = if app.compare_going_on() == Some(i) {
        (th.accent(), th.accent())
    } else {
        (th.base(), th.dim())
    };
    let block = if side {
        Block::default()
            .borders(Borders::TOP | Borders::RIGHT)
            .border_style(border)
            .title(Span::styled(cut(&title, usize::from(r.width)), title_style))
    } else {
        Block::default()
            .borders(Borders::TOP)
            .border_style(border)
            .title(Span::styled(cut(&title, usize::from(r.width)), title_style))
    };
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let w = usize::from(inner.width).saturating_sub(1).max(1);
    let mut lines = Vec::new();
    if !figs.is_empty() {
        // Whole, on two rows if need be (a narrow column).
        let mut rows = plain(&figs, th.dim(), w);
        rows.truncate(2);
        lines.extend(rows);
    }
    let body = body(app, c, lane, w, busy);
    let room = usize::from(inner.height).saturating_sub(lines.len());
    // The end of it, or further back as the view is scrolled.
    let end = body
        .len()
        .saturating_sub(c.scroll.min(body.len().saturating_sub(room)));
    let start = end.saturating_sub(room);
    lines.extend(body[start..end].iter().cloned());
    let x = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(1),
        ..inner
    };
    frame.render_widget(Paragraph::new(lines), x);
}

/// A lane's figures over all its requests (a tool call makes more than
/// one): tokens and cost added up, the first request's time to first
/// token, the last one's rate.
fn whole_lane(lane: &Lane, question: supchat_chat::EntryId, mut s: TurnStats) -> TurnStats {
    let conv = lane.session.conversation();
    let done: Vec<&TurnStats> = conv
        .entries()
        .iter()
        .filter(|e| e.id > question)
        .filter_map(|e| match &e.kind {
            EntryKind::Assistant(a) => a.stats.as_ref(),
            _ => None,
        })
        .collect();
    // Requests before the one under way, or before the last.
    let earlier: Vec<&TurnStats> = if lane.session.is_busy() {
        done
    } else {
        done[..done.len().saturating_sub(1)].to_vec()
    };
    if earlier.is_empty() {
        return s;
    }
    s.ttft = earlier[0].ttft.or(s.ttft);
    let add = |a: Option<u64>, b: Option<u64>| match (a, b) {
        (Some(x), Some(y)) => Some(x.saturating_add(y)),
        (x, y) => x.or(y),
    };
    for e in &earlier {
        if let Some(u) = e.usage {
            let mut total = s.usage.unwrap_or_default();
            total.prompt_tokens = add(total.prompt_tokens, u.prompt_tokens);
            total.completion_tokens = add(total.completion_tokens, u.completion_tokens);
            s.usage = Some(total);
        }
        match (&mut s.cost, &e.cost) {
            (Some(c), Some(d)) if c.currency == d.currency => {
                c.amount = (c.amount + d.amount).min(f64::MAX);
            }
            (None, Some(d)) => s.cost = Some(d.clone()),
            _ => {}
        }
    }
    s
}

/// Live: time to first token, tokens/s, tokens, cost so far.
fn line_of(s: &TurnStats, busy: bool) -> String {
    let parts = figures(s, !busy);
    parts.join(" · ")
}

/// What a lane's target said after the question: its answers (the end of
/// a huge one), its tool calls and their results, or why it failed.
fn body(app: &App, c: &Compare, lane: &Lane, w: usize, busy: bool) -> Vec<Line<'static>> {
    let th = app.theme();
    let conv = lane.session.conversation();
    let mut lines = Vec::new();
    for e in conv.entries().iter().filter(|e| e.id > c.question) {
        match &e.kind {
            // The answer (the end of a huge one), its calls, and why it
            // stopped if not normally; its figures are in the head.
            EntryKind::Assistant(a) => {
                // Reasoning: its end while nothing else came (a reasoning
                // model thinks first, at length), then one folded line.
                let reasoning = &a.reply.reasoning;
                if !reasoning.is_empty() {
                    if a.reply.text.is_empty() && a.is_streaming() {
                        let mut from = reasoning.len().saturating_sub(4096);
                        while !reasoning.is_char_boundary(from) {
                            from += 1;
                        }
                        lines.extend(plain(&sanitize(&reasoning[from..]), th.reasoning(), w));
                    } else {
                        lines.push(Line::from(Span::styled(
                            tr!("compare-reasoned", words = count_words(reasoning)),
                            th.dim(),
                        )));
                    }
                }
                let text = &a.reply.text;
                let mut from = text.len().saturating_sub(BIG);
                while !text.is_char_boundary(from) {
                    from += 1;
                }
                lines.extend(wrap_all(&sanitize(&text[from..]), w, th));
                lines.extend(tool_lines(a, w, th));
                if let Some(note) = a.end_note() {
                    let (mark, style) = if note.is_warning() {
                        ("⚠", th.warning())
                    } else {
                        ("⊘", th.dim())
                    };
                    let said = format!("{mark} {}", end_note_words(&note));
                    lines.extend(plain(&sanitize(&said), style, w));
                }
            }
            EntryKind::ToolResult(r) => {
                let first = r.content.lines().next().unwrap_or("");
                let mark = if r.is_error { "✗" } else { "↳" };
                lines.extend(plain(
                    &sanitize_line(&format!("{mark} {}: {first}", r.name)),
                    th.dim(),
                    w,
                ));
            }
            EntryKind::FailedSend(f) => {
                let said = tr!(
                    "compare-failed",
                    why = format!("{}: {}", f.title(), f.error)
                );
                lines.extend(plain(&sanitize(&said), th.warning(), w));
            }
            _ => {}
        }
    }
    if lines.is_empty() && busy {
        lines.push(Line::from(Span::styled(tr("compare-waiting"), th.dim())));
    }
    lines
}
