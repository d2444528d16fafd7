//! Which cells a frame shows: from the newest up (following, or scrolled
//! up a number of rows), or from the oldest down (after Home or a jump to
//! a cell); only the cells in view are measured.

use std::time::Instant;

use super::{Fit, ViewCache};
use crate::tui::app::{App, ViewReport};

impl ViewCache {
    /// Rows of cell `i` on screen, the gap line before it included.
    pub(super) fn rows_of(&mut self, app: &App, i: usize, width: usize, now: Instant) -> usize {
        self.prepare(app, i, width, now) + usize::from(i > 0)
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
        // Only a cell that changed grew: a long reply's count moving from
        // its estimate as blocks are laid out is not text added below.
        let grew = match self.newest {
            Some((prev_id, prev_rev, prev_rows))
                if prev_id == id && prev_rev != rev && !app.scroll().following() =>
            {
                rows.saturating_sub(prev_rows)
            }
            _ => 0,
        };
        self.newest = Some((id, rev, rows));
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
    ) -> (Vec<(usize, usize)>, usize, ViewReport) {
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
            if total + h > from_bottom && self.fit(app, i, width, Fit::Bottom(lo, need - total)) {
                h = self.rows_of(app, i, width, now);
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

    /// The oldest cells from `top` rows down, for the window.
    pub(super) fn window_from_top(
        &mut self,
        app: &App,
        width: usize,
        rows: usize,
        top: usize,
        now: Instant,
    ) -> (Vec<(usize, usize)>, usize, ViewReport) {
        let mut shown = Vec::new();
        let mut above = 0;
        let mut filled = 0;
        let n = app.cells().list.len();
        let mut i = 0;
        while i < n && filled < rows {
            let mut h = self.rows_of(app, i, width, now);
            if !shown.is_empty() || above + h > top {
                // In view: a long reply lays out the rows shown (from
                // where the window starts in it), then is counted again.
                let gap = usize::from(i > 0);
                let from = if shown.is_empty() { top - above } else { 0 };
                let a = from.saturating_sub(gap);
                let b = a + rows - filled.min(rows) + 1;
                if self.fit(app, i, width, Fit::Range(a, b)) {
                    h = self.rows_of(app, i, width, now);
                }
            }
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
        (shown, top.saturating_sub(above), report)
    }
}
