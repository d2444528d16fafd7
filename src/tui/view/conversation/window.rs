//! Which cells a frame shows: from the newest up (following, or scrolled
//! up a number of rows), or from the oldest down (after Home or a jump to
//! a cell); only the cells in view are measured.

use std::time::Instant;

use super::{Anchor, Fit, ViewCache};

/// A window: the cells shown with their rows (top to bottom), the rows to
/// skip at the top, and what was measured.
type Window = (Vec<(usize, usize)>, usize, ViewReport);
use crate::tui::app::Scroll;
use crate::tui::app::{App, ViewReport};

impl ViewCache {
    /// Rows of cell `i` on screen, the gap line before it included.
    pub(super) fn rows_of(&mut self, app: &App, i: usize, width: usize, now: Instant) -> usize {
        self.prepare(app, i, width, now) + usize::from(i > 0)
    }

    /// After a resize, the window scrolled up goes to the place in the cell
    /// it showed before (the same share of the cell's rows), whatever the
    /// rows of the cells now: the scroll to give the app (from the bottom,
    /// or from the top).
    pub(super) fn keep_place(
        &mut self,
        app: &App,
        scroll: &mut Scroll,
        (width, rows): (usize, usize),
        now: Instant,
    ) -> (Option<usize>, Option<usize>) {
        let resized = std::mem::replace(&mut self.width, width) != width;
        let Some(a) = self.anchor.filter(|_| scroll.to_cell.is_none()) else {
            return (None, None);
        };
        let Some(i) = app.cells().list.iter().position(|c| c.id == a.id) else {
            return (None, None);
        };
        // Drawn again at another width, or otherwise (not the reply being
        // written, which grows at its end instead).
        let redrawn = app.cells().list[i].rev != a.rev && super::live_at(app, i).is_none();
        if !resized && !redrawn {
            return (None, None);
        }
        let h = self.rows_of(app, i, width, now);
        let gap = usize::from(i > 0);
        let mut within = (a.rows * h).checked_div(a.of).unwrap_or(0).min(h);
        // In a long reply, the same part of its text: the rows around it
        // counted, the share taken within the part only.
        if let Some((key, rows, of)) = a.part
            && let Some((around, part)) = self.part_rows(app, i, width, key, a.from_top)
        {
            let share = (rows * part).checked_div(of).unwrap_or(0).min(part);
            // (Counted now: the cell's rows as they are after that.)
            let h = self.rows_of(app, i, width, now);
            within = (around + share + if a.from_top { gap } else { 0 }).min(h);
        }
        // In the reply being written, by its answer's rows: the reasoning
        // above wraps otherwise.
        if let (Some((text, foot)), false) = (a.live, a.from_top)
            && super::live_at(app, i).is_some()
            && a.rows >= foot
            && a.rows < foot + text
        {
            let (text_now, foot_now) = self.live.answer_and_foot();
            // Rounded to the nearest row: rounded down, a width changed and
            // changed back moved the view a row.
            let text = text.max(1);
            within = (foot_now + ((a.rows - foot) * text_now + text / 2) / text).min(h);
        }
        match scroll.from_top {
            // The anchored row goes back to the window's middle.
            Some(_) if a.from_top => {
                let above: usize = (0..i).map(|j| self.rows_of(app, j, width, now)).sum();
                let top = (above + within).saturating_sub(rows / 2);
                scroll.from_top = Some(top);
                (None, Some(top))
            }
            None if !a.from_top && scroll.from_bottom > 0 => {
                let n = app.cells().list.len();
                let below: usize = (i + 1..n).map(|j| self.rows_of(app, j, width, now)).sum();
                scroll.from_bottom = (below + within).saturating_sub(rows / 2).max(1);
                (Some(scroll.from_bottom), None)
            }
            _ => (None, None),
        }
    }

    /// The place of row `rows` of cell `i` (of `of` rows, the gap line
    /// included), counted from its bottom or from its top.
    fn anchor_at(&self, app: &App, i: usize, rows: usize, of: usize, from_top: bool) -> Anchor {
        let cell = &app.cells().list[i];
        // The gap line before a cell is not a row of its long reply.
        let gap = usize::from(i > 0 && from_top);
        Anchor {
            id: cell.id,
            rows,
            of,
            from_top,
            part: self.part_at(app, i, rows.saturating_sub(gap), from_top),
            rev: cell.rev,
            live: super::live_at(app, i)
                .filter(|_| !from_top)
                .map(|_| self.live.answer_and_foot()),
        }
    }

    /// Rows the newest cell gained since the last frame while the view was
    /// scrolled up (0 when following, or when the newest cell is another).
    pub(super) fn newest_growth(&mut self, app: &App, width: usize, now: Instant) -> usize {
        let Some(last) = app.cells().list.len().checked_sub(1) else {
            self.newest = None;
            return 0;
        };
        let (id, rev) = (app.cells().list[last].id, app.cells().list[last].rev);
        let rows = self.rows_of(app, last, width, now);
        // Only the reply being written grows at its end: a finished cell
        // drawn again (a long reply's count moving from its estimate), the
        // reasoning folded or shown, another width, changed elsewhere.
        let look = (id, rev, width, app.reasoning_folded());
        let grew = match self.newest {
            Some(((prev_id, prev_rev, prev_width, prev_folded), prev_rows))
                if prev_id == id
                    && prev_rev != rev
                    && prev_width == width
                    && prev_folded == look.3
                    && super::live_at(app, last).is_some()
                    && !app.scroll().following() =>
            {
                rows.saturating_sub(prev_rows)
            }
            _ => 0,
        };
        self.newest = Some((look, rows));
        grew
    }

    /// The newest cells, up to the window: (cell, rows) top to bottom, and
    /// the rows to skip at the top. `from_bottom` rows are left below.
    pub(super) fn window_from_bottom(
        &mut self,
        app: &App,
        width: usize,
        rows: usize,
        from_bottom: usize,
        now: Instant,
    ) -> Window {
        let need = from_bottom + rows;
        let mut shown = Vec::new();
        let mut total = 0;
        let mut reached_top = true;
        for i in (0..app.cells().list.len()).rev() {
            if total >= need {
                reached_top = false;
                break;
            }
            let mut h = self.rows_of(app, i, width, now);
            // In view, a long reply lays out the rows shown (counted from
            // its bottom: nothing moves) and is counted again.
            let lo = from_bottom.saturating_sub(total);
            if total + h > from_bottom
                && self
                    .fit(app, i, width, Fit::Bottom(lo, need - total))
                    .is_some()
            {
                h = self.rows_of(app, i, width, now);
            }
            // The place kept on a resize: the window's middle row.
            let middle = from_bottom + rows / 2;
            if total <= middle && middle < total + h {
                self.anchor = Some(self.anchor_at(app, i, middle - total, h, false));
            }
            total += h;
            shown.push((i, h));
        }
        shown.reverse();
        let report = ViewReport {
            max_from_bottom: reached_top.then(|| total.saturating_sub(rows)),
            ..ViewReport::default()
        };
        (shown, total.saturating_sub(need), report)
    }

    /// The oldest cells from `top` rows down, for the window. When laying
    /// out a long reply's block above the window moved the text, the
    /// window moves with it (and says where it went).
    pub(super) fn window_from_top(
        &mut self,
        app: &App,
        width: usize,
        rows: usize,
        top: usize,
        now: Instant,
    ) -> Window {
        let mut at = top;
        for _ in 0..4 {
            let (w, moved) = self.window_from_top_once(app, width, rows, at, now);
            if moved == 0 {
                let mut w = w;
                w.2.top = (at != top).then_some(at);
                return w;
            }
            at = at.saturating_add_signed(moved);
        }
        let (mut w, _) = self.window_from_top_once(app, width, rows, at, now);
        w.2.top = (at != top).then_some(at);
        w
    }

    fn window_from_top_once(
        &mut self,
        app: &App,
        width: usize,
        rows: usize,
        top: usize,
        now: Instant,
    ) -> (Window, isize) {
        let mut moved = 0;
        let mut shown = Vec::new();
        let mut above = 0;
        let mut filled = 0;
        let n = app.cells().list.len();
        let mut i = 0;
        // The first row of cell `i`, and the window's middle row (the place
        // kept on a resize).
        let mut at = 0;
        let middle = top + rows / 2;
        while i < n && filled < rows {
            let mut h = self.rows_of(app, i, width, now);
            if !shown.is_empty() || above + h > top {
                // In view: a long reply lays out the rows shown (from
                // where the window starts in it), then is counted again.
                let gap = usize::from(i > 0);
                let from = if shown.is_empty() { top - above } else { 0 };
                let a = from.saturating_sub(gap);
                let b = a + rows - filled.min(rows) + 1;
                if let Some(m) = self.fit(app, i, width, Fit::Range(a, b)) {
                    h = self.rows_of(app, i, width, now);
                    moved += m;
                }
            }
            if at <= middle && middle < at + h {
                self.anchor = Some(self.anchor_at(app, i, middle - at, h, true));
            }
            at += h;
            if above + h <= top && shown.is_empty() {
                above += h;
            } else {
                if shown.is_empty() {
                    filled = above + h - top;
                } else {
                    filled += h;
                }
                shown.push((i, h));
            }
            i += 1;
        }
        let reached_end = i == n && filled <= rows;
        let report = ViewReport {
            reached_end,
            blank_below: if reached_end { rows - filled } else { 0 },
            ..ViewReport::default()
        };
        ((shown, top.saturating_sub(above), report), moved)
    }
}
