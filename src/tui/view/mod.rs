//! Drawing the whole screen from the app's state: header, conversation,
//! input box, footer, popups. Views read state; the only thing they keep is
//! the cache of wrapped lines.

mod approval;
mod bars;
mod big;
mod cell_lines;
mod compare;
mod conversation;
pub mod help;
mod input;
mod inspect;
mod keyprompt;
mod mcp;
mod picker;
mod sessions;
pub mod supai;
mod tool_lines;
mod welcome;

use crate::tui::theme::Theme;
use std::time::Instant;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

pub use conversation::ViewCache;

use super::app::layers::Layer;
use super::app::{App, Popup, ViewReport};
use super::render::wrap::width;
use bars::{draw_bar, hint_lines, key_of, queued_lines};
use input::{draw_find, draw_input, input_cursor, render_input};
use supchat_core::config::commands::Action;

/// Draws a frame; reports what it measured of the conversation.
pub fn draw(frame: &mut Frame, app: &App, cache: &mut ViewCache, now: Instant) -> ViewReport {
    let drawn = draw_kept(frame, app, cache, now, false);
    if let Some(at) = drawn.cursor {
        frame.set_cursor_position(at);
    }
    drawn.report
}

/// What a frame drew.
pub struct Drawn {
    /// What it measured of the conversation.
    pub report: ViewReport,
    /// The rows it drew again, top to bottom; None: all of them.
    pub rows: Option<Vec<u16>>,
    /// Rows it moved up, and by how many: the terminal is to scroll them
    /// alike before the rows drawn again are sent.
    pub scrolled: Option<(std::ops::Range<u16>, u16)>,
    /// Where the cursor goes (None: hidden).
    pub cursor: Option<Position>,
}

/// Draws a frame. `kept`: the frame's buffer holds the last frame this
/// cache drew; when both are the base screen alone (no popup, panel or
/// welcome) with the same layout, the frame is drawn over it: the bars and
/// the input box again, and of the conversation only the rows that changed.
/// Otherwise the buffer is cleared and everything drawn.
pub fn draw_kept(
    frame: &mut Frame,
    app: &App,
    cache: &mut ViewCache,
    now: Instant,
    kept: bool,
) -> Drawn {
    let th = app.theme();
    let area = frame.area();
    let mut input_cache = cache.input.take();
    let drawn_input = render_input(app, area, &mut input_cache);
    let l = app.layout(area);
    let welcome =
        app.conversation().is_empty() && app.cells().list.is_empty() && app.live().is_none();
    let panel = l.panel.zip(app.latest_run());
    let plain = !welcome
        && panel.is_none()
        && app.compare().is_none()
        && app.layers().bottom_up().next().is_none();
    let sig = plain.then_some((area, l, th));
    let over = kept && sig.is_some() && cache.plain == sig;
    cache.plain = sig;
    if !over {
        frame.buffer_mut().reset();
    }
    // The bars: each drawn again only when what it shows changed.
    let w = usize::from(area.width);
    let bars = [
        (l.queued, queued_lines(app, l.queued)),
        (l.hints, hint_lines(app, l.hints)),
        (l.header, vec![bars::header(app, w)]),
        (l.footer, vec![bars::footer(app, w, now)]),
    ];
    let mut bar_rows = Vec::new();
    for ((r, lines), key) in bars.iter().zip(&mut cache.bars) {
        if draw_bar(frame.buffer_mut(), *r, lines, key, over) {
            bar_rows.extend(r.top()..r.bottom());
        }
    }
    let (mut report, pane) = cache.draw(app, l.conversation, frame.buffer_mut(), now, over);
    if welcome {
        welcome::draw(frame, app, l.conversation);
    }
    if let Some(c) = app.compare() {
        compare::draw(frame, app, c, l.conversation, now);
    }
    if let Some((area, (run, started))) = panel {
        supai::draw(frame, area, run, now, started, &app.key(Action::Panel), th);
    }
    let mut cursor = None;
    // The find bar covers the input box whole: it is not drawn under it.
    if app.find().is_none() {
        let key = key_of(&(app.input_rev(), l.input, drawn_input.area));
        if !over || cache.input_key != key {
            cache.input_key = key;
            draw_input(frame, app, l.input, drawn_input);
            bar_rows.extend(l.input.top()..l.input.bottom());
        }
        cursor = input_cursor(app, l.input);
    }
    cache.input = input_cache;
    // The layers over the base, bottom first, as they take keys top first.
    for layer in app.layers().bottom_up() {
        match layer {
            Layer::Approval(_) => {
                if let Some(a) = app.approval() {
                    approval::draw(frame, l.approval, &a, now, th);
                }
            }
            Layer::Find(f) => cursor = draw_find(frame, f, l.input, th),
            Layer::Popup(p) => {
                let (max, at) = draw_popup(frame, app, area, p, &mut report);
                report.help_max = max;
                cursor = at;
            }
            // Drawn as part of the conversation (a reversed label), and
            // said in the footer.
            Layer::Selection(_) | Layer::ConfirmDelete(_) => {}
        }
    }
    let scrolled = pane.scrolled.filter(|_| over);
    let rows = over.then(|| {
        let mut rows = pane.rows;
        rows.extend(bar_rows);
        rows.sort_unstable();
        rows
    });
    Drawn {
        report,
        rows,
        scrolled,
        cursor,
    }
}

/// A popup over everything: for the help, how far it scrolls; where the
/// cursor goes.
fn draw_popup(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    p: &Popup,
    report: &mut ViewReport,
) -> (Option<u16>, Option<Position>) {
    let th = app.theme();
    match p {
        Popup::Help { scroll } => (
            Some(help::draw(frame, area, *scroll, app.keymap(), th)),
            None,
        ),
        Popup::Picker(p) => (None, picker::draw(frame, area, p, th)),
        Popup::Mcp { selected } => {
            mcp::draw(
                frame,
                area,
                &app.mcp_rows(),
                *selected,
                &app.key(Action::Mcp),
                th,
            );
            (None, None)
        }
        Popup::Inspect(v) => {
            if let Some(x) = app.wire_of(v.entry) {
                // The footer stays in sight (what Ctrl+Y did is said there).
                let over = Rect {
                    height: area.height.saturating_sub(1),
                    ..area
                };
                report.inspect = Some(inspect::draw(frame, over, v, x, th));
            }
            (None, None)
        }
        Popup::Sessions(l) => (
            None,
            sessions::draw(frame, area, l, &app.key(Action::New), th),
        ),
        Popup::Key(k) => {
            keyprompt::draw(
                frame,
                area,
                k,
                &app.providers()[k.provider],
                app.config_path(),
                &app.key(Action::Provider),
                th,
            );
            (None, None)
        }
    }
}

/// A popup `w` by `h` in the middle of `area` (cut to it); an odd cell
/// left over goes right and below.
pub(super) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let (w, h) = (w.min(area.width), h.min(area.height));
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A filtering popup's first row, `inner_w` cells wide: `› query`, and the
/// count at the right with a cell to spare.
pub(super) fn query_line(query: &str, count: &str, inner_w: usize, th: Theme) -> Line<'static> {
    let pad = inner_w.saturating_sub(2 + width(query) + width(count) + 1);
    Line::from(vec![
        Span::styled("› ", th.accent()),
        Span::raw(query.to_owned()),
        Span::raw(" ".repeat(pad)),
        Span::styled(count.to_owned(), th.dim()),
    ])
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
pub(super) fn spread(
    left: Vec<Span<'static>>,
    right: Vec<Span<'static>>,
    w: usize,
    fill: &str,
    th: Theme,
) -> Line<'static> {
    let mut left = left;
    let mut lw: usize = left.iter().map(|s| width(&s.content)).sum();
    // Wider than the line, the left part is cut between words too.
    if lw > w {
        left = cut_spans(left, w);
        lw = left.iter().map(|s| width(&s.content)).sum();
    }
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

/// `spans` cut to `w` cells: whole spans while they fit, then the one
/// that does not, cut as text is (between words, an ellipsis).
pub(super) fn cut_spans(spans: Vec<Span<'static>>, w: usize) -> Vec<Span<'static>> {
    let mut out = Vec::new();
    let mut used = 0;
    for s in spans {
        let sw = width(&s.content);
        if used + sw <= w {
            used += sw;
            out.push(s);
            continue;
        }
        let cut = cut_to(&s.content, w - used);
        // Not a separator and an ellipsis alone.
        if cut.trim_start_matches([' ', '·', '─']).chars().count() > 1 {
            out.push(Span::styled(cut, s.style));
        }
        break;
    }
    out
}

/// A border's words (` keys `), cut to fit a border `w` cells wide: whole
/// items where it can, never a word cut at the corner.
pub(super) fn border_text(text: &str, w: u16) -> String {
    format!(
        " {} ",
        cut_to(text.trim(), usize::from(w).saturating_sub(4))
    )
}

/// `s` without trailing space, cut to `max` cells.
pub(super) fn cut_to(s: &str, max: usize) -> String {
    super::render::wrap::cut(s.trim_end(), max)
}
