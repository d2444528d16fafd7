//! Drawing the whole screen from the app's state: header, conversation,
//! input box, footer, popups. Views read state; the only thing they keep is
//! the cache of wrapped lines.

mod approval;
mod cell_lines;
mod conversation;
pub mod help;
mod keyprompt;
mod picker;
mod sessions;
pub mod supai;

use crate::tui::theme::Theme;
use std::time::Instant;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

pub use conversation::ViewCache;

use super::app::layers::Layer;
use super::app::{App, Popup, ViewReport};
use super::input_box;
use super::render::wrap::width;
use supchat_core::config::ProviderKind;
use supchat_core::config::commands::Action;

/// Draws a frame; reports what it measured of the conversation.
pub fn draw(frame: &mut Frame, app: &App, cache: &mut ViewCache, now: Instant) -> ViewReport {
    let th = app.theme();
    let area = frame.area();
    let mut input_cache = cache.input.take();
    let drawn_input = render_input(app, area, &mut input_cache);
    let l = app.layout(area);
    draw_queued(frame, app, l.queued);
    draw_hints(frame, app, l.hints);
    draw_header(frame, app, l.header);
    let report = cache.draw(app, l.conversation, frame.buffer_mut(), now);
    if let (Some(area), Some((run, started))) = (l.panel, app.latest_run()) {
        supai::draw(frame, area, run, now, started, &app.key(Action::Panel), th);
    }
    // The find bar covers the input box whole: it is not drawn under it.
    if app.find().is_none() {
        draw_input(frame, app, l.input, drawn_input);
    }
    cache.input = input_cache;
    draw_footer(frame, app, l.footer, now);
    // The layers over the base, bottom first, as they take keys top first.
    for layer in app.layers().bottom_up() {
        match layer {
            Layer::Approval(_) => {
                if let Some(a) = app.approval() {
                    approval::draw(frame, l.approval, &a, now, th);
                }
            }
            Layer::Find(f) => draw_find(frame, f, l.input, th),
            Layer::Popup(p) => draw_popup(frame, app, area, p),
            // Drawn as part of the conversation (a reversed label), and
            // said in the footer.
            Layer::Selection(_) | Layer::ConfirmDelete(_) => {}
        }
    }
    report
}

/// A popup over everything.
fn draw_popup(frame: &mut Frame, app: &App, area: Rect, p: &Popup) {
    let th = app.theme();
    match p {
        Popup::Help { scroll } => help::draw(frame, area, *scroll, app.keymap(), th),
        Popup::Picker(p) => picker::draw(frame, area, p, th),
        Popup::Sessions(l) => sessions::draw(frame, area, l, &app.key(Action::New), th),
        Popup::Key(k) => keyprompt::draw(
            frame,
            area,
            k,
            &app.providers()[k.provider],
            app.config_path(),
            &app.key(Action::Provider),
            th,
        ),
    }
}

/// Clears `area` for a popup. A wide character (CJK) just left of it has
/// its second half under the popup's edge: it is blanked, or the terminal
/// would draw it over the border.
pub(super) fn clear_popup(frame: &mut Frame, area: Rect) {
    frame.render_widget(ratatui::widgets::Clear, area);
    if area.x == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        if let Some(cell) = buf.cell_mut((area.x - 1, y))
            && width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

/// Pads `left` and `right` into one line of `w` cells with `fill` between.
fn spread(
    left: Vec<Span<'static>>,
    right: Vec<Span<'static>>,
    w: usize,
    fill: &str,
    th: Theme,
) -> Line<'static> {
    let lw: usize = left.iter().map(|s| width(&s.content)).sum();
    let mut right = right;
    let mut rw: usize = right.iter().map(|s| width(&s.content)).sum();
    // Short of room, the right part is cut (from its end) before it goes.
    if lw + rw >= w && lw + 12 < w {
        let room = w - lw - 2;
        right = vec![Span::styled(
            format!(
                "{} ",
                cut_to(
                    &right.iter().map(|s| s.content.as_ref()).collect::<String>(),
                    room
                )
            ),
            right.first().map_or(th.dim(), |s| s.style),
        )];
        rw = right.iter().map(|s| width(&s.content)).sum();
    }
    let mut spans = left;
    if lw + rw < w {
        spans.push(Span::styled(fill.repeat(w - lw - rw), th.border()));
        spans.extend(right);
    }
    Line::from(spans)
}

/// `s` without trailing space, cut to `max` cells.
fn cut_to(s: &str, max: usize) -> String {
    super::render::wrap::cut(s.trim_end(), max)
}

fn draw_header(frame: &mut Frame, app: &App, area: Rect) {
    let th = app.theme();
    let p = app.current();
    let mut left = vec![
        Span::styled(" supchat ", th.strong_accent()),
        Span::styled("─ ", th.border()),
        Span::styled(
            supchat_chat::text::sanitize_line(&p.label()),
            th.base().add_modifier(ratatui::style::Modifier::BOLD),
        ),
    ];
    if p.kind == ProviderKind::SupAi {
        if !p.models.is_empty() {
            left.push(Span::styled(
                format!(" · {}", supai::models(p.models.len())),
                th.dim(),
            ));
        }
        if p.include_supai_chunks {
            left.push(Span::styled(" · run details", th.accent()));
        }
    }
    if let Some(name) = app.preset_name() {
        left.push(Span::styled(
            format!(" · prompt {}", supchat_chat::text::sanitize_line(name)),
            th.accent(),
        ));
    }
    left.push(Span::raw(" "));
    let right = vec![Span::styled(
        format!(" {} ", supchat_chat::text::sanitize_line(&app.title())),
        th.dim(),
    )];
    frame.render_widget(spread(left, right, area.width as usize, "─", th), area);
}

/// The textarea drawn into a box of the full cap's height, off screen: its
/// wrapped lines are then those of this width, so the box's height can be
/// measured, and it scrolls only once the draft outgrows the cap.
fn render_input<'c>(app: &App, screen: Rect, cached: &'c mut Option<(u64, Buffer)>) -> &'c Buffer {
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

fn draw_input(frame: &mut Frame, app: &App, area: Rect, drawn: &Buffer) {
    let th = app.theme();
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(th.border());
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
    if app.popup().is_none() {
        // The real cursor sits at the caret, so input methods (CJK IME) put
        // their candidate window in the right place.
        let sc = app.input().screen_cursor();
        let (top, left) = app.input().scroll_offset();
        let row = sc.row.saturating_sub(top as usize) as u16;
        let col = sc.col.saturating_sub(left as usize) as u16;
        if row < inner.height && col <= inner.width {
            frame.set_cursor_position(Position::new(
                inner.x + col.min(inner.width.saturating_sub(1)),
                inner.y + row,
            ));
        }
    }
}

/// The find bar: the query, which hit is shown, and the keys.
fn draw_find(frame: &mut Frame, f: &crate::tui::app::find::Find, area: Rect, th: Theme) {
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(th.accent());
    let inner = block.inner(area);
    block.render(area, frame.buffer_mut());
    let count = match (f.at, f.hits.len()) {
        (_, 0) if f.query.trim().is_empty() => String::new(),
        (_, 0) => "no match".to_owned(),
        (Some(i), n) => format!("{}/{n}", i + 1),
        (None, n) => format!("{n}"),
    };
    let query = supchat_chat::text::sanitize_line(&f.query);
    let left = vec![
        Span::styled("find ", th.accent()),
        Span::raw(query.clone()),
        Span::styled(format!("  {count}"), th.dim()),
    ];
    let right = vec![Span::styled(
        "Enter/↑ older · ↓ newer · Esc closes ",
        th.dim(),
    )];
    frame.render_widget(
        spread(left, right, usize::from(inner.width), " ", th),
        inner,
    );
    let x = inner.x + 5 + width(&query) as u16;
    if x < inner.x + inner.width {
        frame.set_cursor_position(Position::new(x, inner.y));
    }
}

/// The commands a `/word` in the draft may be, a line each; Tab takes the
/// first.
fn draw_hints(frame: &mut Frame, app: &App, area: Rect) {
    let th = app.theme();
    if area.height == 0 {
        return;
    }
    let w = usize::from(area.width).saturating_sub(2);
    let lines: Vec<Line<'static>> = app
        .command_hints()
        .iter()
        .take(usize::from(area.height))
        .enumerate()
        .map(|(i, c)| {
            let tab = if i == 0 { "  (Tab)" } else { "" };
            let text = cut_to(&format!("{}{tab}", app.command_line(c)), w);
            let style = if i == 0 { th.accent() } else { th.dim() };
            Line::from(Span::styled(format!(" {text}"), style))
        })
        .collect();
    frame.render_widget(ratatui::widgets::Paragraph::new(lines), area);
}

/// Messages waiting for the reply to end: a line each (the newest last),
/// or the count of those that do not fit.
fn draw_queued(frame: &mut Frame, app: &App, area: Rect) {
    let th = app.theme();
    let q = app.queued();
    if q.is_empty() || area.height == 0 {
        return;
    }
    let rows = usize::from(area.height);
    let w = usize::from(area.width).saturating_sub(2);
    let mut lines = Vec::new();
    let hidden = q.len().saturating_sub(rows);
    if hidden > 0 {
        lines.push(Line::from(Span::styled(
            format!(" ⋯ {} more queued", hidden + 1),
            th.dim(),
        )));
    }
    let skip = q.len() - rows + usize::from(hidden > 0);
    for text in q.iter().skip(skip.min(q.len())) {
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let shown = cut_to(
            &format!("queued · {}", supchat_chat::text::sanitize_line(first)),
            w,
        );
        lines.push(Line::from(Span::styled(format!(" {shown}"), th.dim())));
    }
    frame.render_widget(ratatui::widgets::Paragraph::new(lines), area);
}

fn key_hint(key: &str, what: &str, th: Theme) -> Vec<Span<'static>> {
    vec![
        Span::styled(key.to_owned(), th.key()),
        Span::styled(format!(" {what}  "), th.dim()),
    ]
}

fn draw_footer(frame: &mut Frame, app: &App, area: Rect, now: Instant) {
    let th = app.theme();
    let figures = figures(app, now);
    let right = vec![Span::styled(figures.clone(), th.dim()), Span::raw(" ")];
    let room = (area.width as usize).saturating_sub(width(&figures) + 2);
    let mut left: Vec<Span<'static>> = vec![Span::raw(" ")];
    // A message longer than the footer ends in an ellipsis, not mid-word.
    let most = (area.width as usize).saturating_sub(2);
    if let Some(msg) = app.flash_message() {
        left.push(Span::styled(
            cut_to(&supchat_chat::text::sanitize_line(msg), most),
            th.warning(),
        ));
    } else if let Some(why) = app.save_problem() {
        left.push(Span::styled(
            cut_to(
                &format!("not saved: {}", supchat_chat::text::sanitize_line(why)),
                most,
            ),
            th.error(),
        ));
    } else {
        let hints: Vec<(String, &str)> = if app.is_busy() {
            vec![("Esc".to_owned(), "stop"), (app.key(Action::Help), "help")]
        } else {
            [
                (Action::Palette, "commands"),
                (Action::Help, "help"),
                (Action::Provider, "provider"),
                (Action::Model, "model"),
                (Action::Sessions, "sessions"),
                (Action::Mode, "mode"),
            ]
            .into_iter()
            .map(|(a, w)| (app.key(a), w))
            .collect()
        };
        // The figures matter more than the hints: hints go first when short of room.
        let mut used = 1;
        for (k, w) in hints.iter().filter(|(k, _)| !k.is_empty()) {
            let hint = key_hint(k, w, th);
            let hw: usize = hint.iter().map(|s| width(&s.content)).sum();
            if used + hw > room {
                break;
            }
            used += hw;
            left.extend(hint);
        }
    }
    frame.render_widget(spread(left, right, area.width as usize, " ", th), area);
}

/// Live figures of the streaming reply, else those of the last turn.
fn figures(app: &App, now: Instant) -> String {
    if let Some(l) = app.engine().live() {
        let elapsed = now.saturating_duration_since(l.started).as_secs_f64();
        if l.awaiting_tools {
            let what = if app.approval().is_some() {
                "waiting for your answer"
            } else {
                "running tools"
            };
            return what.to_owned();
        }
        return match l.first_output {
            None => format!("{elapsed:.1}s"),
            Some(t) => {
                let ttft = t.saturating_duration_since(l.started).as_secs_f64();
                let gen_secs = now.saturating_duration_since(t).as_secs_f64();
                let tokens = supchat_chat::estimate_tokens(l.chars, l.deltas);
                let rate = if gen_secs > 0.2 {
                    format!(" · ~{:.0} tok/s", tokens / gen_secs)
                } else {
                    String::new()
                };
                format!("ttft {ttft:.1}s{rate} · {elapsed:.1}s")
            }
        };
    }
    let mut parts = Vec::new();
    let meter = context_meter(app);
    let Some(s) = app.last_stats() else {
        return meter.unwrap_or_default();
    };
    if let Some(t) = s.ttft {
        parts.push(format!("ttft {:.1}s", t.as_secs_f64()));
    }
    if let Some(r) = s.tokens_per_sec {
        parts.push(format!(
            "{}{r:.0} tok/s",
            if s.estimated { "~" } else { "" }
        ));
    }
    if let Some(u) = s.usage {
        let n = |v: Option<u64>| v.map_or("?".to_owned(), |v| v.to_string());
        parts.push(format!(
            "{}↑ {}↓",
            n(u.prompt_tokens),
            n(u.completion_tokens)
        ));
    }
    parts.extend(meter);
    parts.join(" · ")
}

/// `ctx 12k/200k` (a `~` when estimated; the share when it nears the
/// limit), or the size alone when the model's context is not known.
fn context_meter(app: &App) -> Option<String> {
    let conv = app.conversation();
    if conv.is_empty() {
        return None;
    }
    let (used, estimated) = supchat_chat::context::tokens(conv);
    let tilde = if estimated { "~" } else { "" };
    let k = |n: u64| {
        if n >= 10_000 {
            format!("{}k", n / 1000)
        } else if n >= 1000 {
            format!("{:.1}k", n as f64 / 1000.0)
        } else {
            n.to_string()
        }
    };
    Some(match app.current().context_window() {
        Some(limit) => {
            let share = used.saturating_mul(100) / limit.max(1);
            if share >= 80 {
                format!("ctx {tilde}{}/{} {share}%!", k(used), k(limit))
            } else {
                format!("ctx {tilde}{}/{}", k(used), k(limit))
            }
        }
        None => format!("ctx {tilde}{}", k(used)),
    })
}
