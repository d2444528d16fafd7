//! The conversation pane. Scrolling is anchored at the bottom, so a frame
//! wraps only the cells it shows (from the newest up), whatever the length of
//! the conversation. Finished cells keep their wrapped lines per (revision,
//! width); the live reply re-renders only its growing tail. Lines are drawn
//! by reference: a frame copies nothing but what it draws.

mod live;
mod long;
mod rows;
mod window;

use std::collections::HashMap;
use std::time::Instant;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::big::{Body, Field};
use super::cell_lines::{folded_reasoning, label_of, render_cell};
use super::tool_lines::tool_lines;
use crate::tui::app::{App, Scroll, ViewReport};
use crate::tui::cells::{Cell, LiveReply};
use crate::tui::render::wrap::{cut, width as text_width};
use live::Live;
pub use rows::PaneDrawn;
use rows::{Rows, line_key, mark_matches, text_key};
use supchat_chat::text::sanitize_line;
use supchat_core::config::commands::Action;

/// Width of the label column ("you", "ai").
pub const GUTTER: usize = 6;
const SPINNER: &[&str] = &["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

struct Cached {
    rev: u64,
    width: usize,
    label: Span<'static>,
    body: Body,
}

/// A window's place in a cell (see [`ViewCache::keep_place`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct Anchor {
    id: u64,
    /// Rows from the cell's bottom (anchored at the bottom) or top.
    rows: usize,
    of: usize,
    from_top: bool,
    /// In a long reply: the block (by its place in the text, the same at
    /// every width), the rows from its bottom (or top), and its rows.
    part: Option<((Field, usize), usize, usize)>,
    /// The cell's revision: drawn again (reasoning folded, long messages
    /// shown), the place is kept as on a resize.
    rev: u64,
    /// The reply being written: the rows of its answer and of what is
    /// under it (the answer is what a resize re-wraps most).
    live: Option<(usize, usize)>,
}

/// Which rows of a cell a window shows.
#[derive(Debug, Clone, Copy)]
pub(super) enum Fit {
    Bottom(usize, usize),
    Range(usize, usize),
}

/// What a row of the pane shows: a line, and for a cell's first the label
/// (by its place in the frame's labels) and whether the cell is selected.
type PaneRow<'a> = (&'a Line<'static>, Option<(usize, bool)>);

/// Wrapped lines kept between frames.
#[derive(Default)]
pub struct ViewCache {
    /// Frames drawn (long replies let go of the blocks used longest ago).
    tick: u64,
    /// The width of the last frame.
    width: usize,
    /// Where the last frame's window was, as a place in a cell: the cell,
    /// the rows from its bottom (a window anchored at the bottom) or from
    /// its top, and its rows then.
    anchor: Option<Anchor>,
    cells: HashMap<u64, Cached>,
    live: Live,
    /// The newest cell and its rows at the last frame, to keep a scrolled-up
    /// view still while that cell grows.
    /// (Its id, revision, the width and whether reasoning was folded.)
    newest: Option<((u64, u64, usize, bool), usize)>,
    /// The input box as last drawn off screen, and the draft revision it
    /// shows: redrawn only when the draft (or the screen size) changed.
    pub(super) input: Option<(u64, ratatui::buffer::Buffer)>,
    /// The pane's rows as the last frame drew them, a key each (see
    /// [`rows`]): drawing over that frame, only rows that changed are drawn.
    rows: Vec<u64>,
    /// The last frame's screen and layout, when it was plain (the base
    /// screen alone: no popup, panel or welcome), for the next to draw over.
    pub(super) plain: Option<(
        Rect,
        crate::tui::app::ScreenLayout,
        crate::tui::theme::Theme,
    )>,
    /// What the bars (queued, hints, header, footer) and the input box
    /// showed at the last frame, a key each.
    pub(super) bars: [u64; 4],
    pub(super) input_key: u64,
}

/// The live reply, if cell `i` shows it.
fn live_at(app: &App, i: usize) -> Option<&LiveReply> {
    app.live().filter(|l| l.cell == i)
}

impl ViewCache {
    /// Makes sure the lines of cell `i` are ready; returns their count.
    fn prepare(&mut self, app: &App, i: usize, width: usize, now: Instant) -> usize {
        let inner = width.saturating_sub(GUTTER).max(8);
        let cell = &app.cells().list[i];
        if let Some(l) = live_at(app, i) {
            self.prepare_live(app, cell, l, inner, now);
            return self.live.len().max(1);
        }
        let hit = self
            .cells
            .get(&cell.id)
            .is_some_and(|c| c.rev == cell.rev && c.width == width);
        if !hit {
            let body = render_cell(app, cell, inner);
            self.cells.insert(
                cell.id,
                Cached {
                    rev: cell.rev,
                    width,
                    label: label_of(cell, app.theme()),
                    body,
                },
            );
        }
        self.cells.get(&cell.id).map_or(1, |c| c.body.rows().max(1))
    }

    fn prepare_live(&mut self, app: &App, cell: &Cell, a: &LiveReply, inner: usize, now: Instant) {
        let th = app.theme();
        if self.live.id != cell.id {
            self.live = Live::new(cell.id, th);
        }
        let entry = cell.entry().and_then(|id| app.conversation().assistant(id));
        let live = &mut self.live;
        live.head.clear();
        live.show_reasoning = false;
        live.foot_gap = false;
        if !a.reasoning.is_empty() {
            if app.reasoning_folded() {
                let took = entry
                    .and_then(|e| e.reasoning_took)
                    .unwrap_or_else(|| now.saturating_duration_since(a.started));
                live.head.push(folded_reasoning(
                    a.reasoning_words,
                    took,
                    &app.key(Action::Reasoning),
                    th,
                ));
            } else {
                live.head.push(Line::from(Span::styled(
                    supchat_i18n::tr("reasoning-open"),
                    th.dim(),
                )));
                live.reasoning.update(&a.reasoning, inner, a.generation);
                live.show_reasoning = true;
            }
        }
        live.text.update(&a.text, inner, a.generation);
        // A blank line between the reasoning and the answer.
        if !a.reasoning.is_empty() && !live.text.is_empty() {
            live.foot_gap = true;
        }
        live.foot.clear();
        match entry {
            Some(e) => live.foot.extend(tool_lines(e, inner, th)),
            None => {
                let elapsed = now.saturating_duration_since(a.started);
                let frame = (elapsed.as_millis() / 100) as usize % SPINNER.len();
                // Who is awaited, cut to the width so that the time stays.
                let head = supchat_i18n::tr!("waiting-for", spinner = SPINNER[frame]);
                let tail = format!(" {:.1}s", elapsed.as_secs_f64());
                // The source and its ellipsis.
                let room = inner.saturating_sub(text_width(&head) + text_width(&tail));
                let source = sanitize_line(&a.source);
                let text = if text_width(&source) < room {
                    format!("{head}{source}…{tail}")
                } else if room >= 8 {
                    format!("{head}{}{tail}", cut(&source, room))
                } else {
                    format!("{} waiting…{tail}", SPINNER[frame])
                };
                live.foot.push(Line::from(Span::styled(text, th.dim())));
            }
        }
    }

    /// Draws the visible window of the conversation and reports what it
    /// measured of the conversation's extent, and which rows it drew.
    /// `over`: the buffer holds the last frame, whose rows that did not
    /// change are left as they are.
    pub fn draw(
        &mut self,
        app: &App,
        full: Rect,
        buf: &mut Buffer,
        now: Instant,
        over: bool,
    ) -> (ViewReport, PaneDrawn) {
        let th = app.theme();
        self.tick += 1;
        // A reply that ended is drawn from its cell: what was built while it
        // streamed goes (it is as big as the reply).
        if app.live().is_none() && self.live.id != 0 {
            self.live = Live::default();
        }
        let mut scroll = app.scroll();
        let width = full.width as usize;
        let grew = self.newest_growth(app, width, now);
        // Resized while scrolled up: the same text stays in view.
        // (Scrolled up, the window is the pane less the marker's row.)
        let window = (width, full.height.saturating_sub(1) as usize);
        let (kept_bottom, kept_top) = self.keep_place(app, &mut scroll, window, now);
        let jumped = scroll.to_cell.map(|cell| {
            let cell = cell.min(app.cells().list.len());
            let mut top: usize = (0..cell).map(|j| self.rows_of(app, j, width, now)).sum();
            if let Some(byte) = scroll.to_byte {
                let into = self.rows_into(app, cell, width, byte, now);
                let third = (full.height as usize) / 3;
                top += into.saturating_sub(third);
            }
            scroll.from_top = Some(top);
            top
        });
        // Scrolled up, the last row is the "more below" marker's own, so it
        // never covers a line of the conversation.
        let marked_area = Rect {
            height: full.height.saturating_sub(1),
            ..full
        };
        let mut from_top = scroll
            .from_top
            .filter(|_| full.height > 2)
            .map(|top| self.window_from_top(app, width, marked_area.height as usize, top, now));
        // Anchored at the top with the end in view but rows left blank
        // below (a jump to one of the last cells, a turn deleted): the end
        // goes to the bottom instead, in this very frame.
        let bottomed = from_top
            .as_ref()
            .is_some_and(|(_, _, r)| r.reached_end && r.blank_below > 0);
        if bottomed {
            from_top = None;
            scroll = Scroll::default();
        }
        let marked = !scroll.following() && full.height > 2;
        let area = if marked { marked_area } else { full };
        let rows = area.height as usize;
        let (shown, skip, mut report) = match from_top {
            Some(w) => w,
            None => {
                let mut from_bottom = scroll.from_bottom + grew;
                let mut w = self.window_from_bottom(app, width, rows, from_bottom, now);
                // Scrolled past the top (the conversation got shorter, or
                // the screen wider): the top, in this very frame.
                if let Some(most) = w.2.max_from_bottom.filter(|m| *m < from_bottom) {
                    from_bottom = most;
                    w = self.window_from_bottom(app, width, rows, from_bottom, now);
                    w.2.from_bottom = Some(most);
                }
                w
            }
        };
        if scroll.from_top.is_none() && scroll.from_bottom > 0 {
            report.grew = grew;
        }
        report.from_bottom = report.from_bottom.or(kept_bottom);
        // The app follows the end from now on.
        report.reached_end |= bottomed;
        // Where the window went: moved with the text it showed, asked for,
        // or kept on a resize.
        report.top = report.top.or(jumped).or(kept_top);
        let mut keys = std::mem::take(&mut self.rows);
        let mut rows = Rows::new(&mut keys, full, over);
        self.paint(app, area, buf, &shown, skip, &mut rows);
        if marked {
            let y = full.bottom() - 1;
            let note = (!report.reached_end).then(|| match scroll.from_top {
                Some(_) => format!(" {} ", supchat_i18n::tr("scroll-more-below")),
                // As far as the view could go (the app clamps its scroll
                // to this after the frame).
                None => {
                    let rows = report
                        .max_from_bottom
                        .map_or(scroll.from_bottom, |m| scroll.from_bottom.min(m));
                    format!(" {} ", supchat_i18n::tr!("scroll-more-rows", n = rows))
                }
            });
            let note = note.filter(|n| (text_width(n) as u16) < full.width);
            if rows.stale(buf, y, note.as_deref().map_or(rows::BLANK, text_key))
                && let Some(note) = note
            {
                let w = text_width(&note) as u16;
                let line = Line::from(Span::styled(note, th.selected()));
                buf.set_line(full.right() - w, y, &line, w);
            }
        }
        let drawn = rows.done();
        self.rows = keys;
        (report, drawn)
    }

    fn paint(
        &self,
        app: &App,
        area: Rect,
        buf: &mut Buffer,
        shown: &[(usize, usize)],
        mut skip: usize,
        drawn: &mut Rows,
    ) {
        let th = app.theme();
        let bottom = usize::from(area.height);
        let content_x = area.x + GUTTER as u16;
        let content_w = area.width.saturating_sub(GUTTER as u16);
        let marks = app.highlight();
        // First what each row shows (a line, and the label of its cell's
        // first), then only the rows that changed are drawn.
        let mut labels = Vec::new();
        let mut rows: Vec<(u64, Option<PaneRow>)> = Vec::with_capacity(bottom);
        for &(i, n) in shown {
            if rows.len() >= bottom {
                break;
            }
            // Cells wholly above the window are passed over without a look.
            if skip >= n {
                skip -= n;
                continue;
            }
            let cell = &app.cells().list[i];
            let live = live_at(app, i).is_some();
            let gap = usize::from(i > 0);
            let start = std::mem::take(&mut skip);
            if gap == 1 && start == 0 {
                rows.push((rows::BLANK, None)); // the blank line between cells
            }
            // Skipping reaches into a long cell at once (O(1) over slices,
            // by blocks in a long reply), never line by line.
            let first = start.saturating_sub(gap);
            let (label, lines): (Span<'static>, Box<dyn Iterator<Item = &Line<'static>>>) = if live
            {
                (label_of(cell, th), Box::new(self.live.lines().skip(first)))
            } else {
                match self.cells.get(&cell.id) {
                    Some(c) => (c.label.clone(), c.body.lines_from(first)),
                    None => continue,
                }
            };
            let selected = app.selected() == Some(i);
            for (k, l) in lines.enumerate() {
                if rows.len() >= bottom {
                    break;
                }
                let head = (first + k == 0).then_some((&label, selected));
                let key = line_key(l, head, marks);
                rows.push((key, Some((l, head.map(|_| (labels.len(), selected))))));
            }
            labels.push(label);
        }
        rows.truncate(bottom);
        rows.resize(bottom, (rows::BLANK, None));
        let keys: Vec<u64> = rows.iter().map(|(k, _)| *k).collect();
        drawn.scroll(buf, &keys);
        for (j, (key, row)) in rows.into_iter().enumerate() {
            let y = area.y + j as u16;
            if !drawn.stale(buf, y, key) {
                continue;
            }
            let Some((l, head)) = row else { continue };
            if let Some((label, selected)) = head {
                let label = &labels[label];
                if selected {
                    let l = Span::styled(label.content.clone(), th.found());
                    buf.set_span(area.x, y, &l, GUTTER as u16 - 1);
                } else {
                    buf.set_span(area.x, y, label, GUTTER as u16 - 1);
                }
            }
            buf.set_line(content_x, y, l, content_w);
            if let Some(q) = marks {
                mark_matches(buf, content_x, y, content_w, l, q, th);
            }
        }
    }

    /// Forgets cells that no longer exist.
    pub fn retain(&mut self, ids: impl Iterator<Item = u64>) {
        let keep: std::collections::HashSet<u64> = ids.collect();
        self.cells.retain(|id, _| keep.contains(id));
    }
}
