//! The pane's side of a long reply laid out by blocks (see `view::big`):
//! making sure the rows a window shows are laid out, and finding places in
//! it (a block by its place in the text) to keep the view still or to jump.

use std::time::Instant;

use super::{Cached, Fit, GUTTER, ViewCache};
use crate::tui::app::App;
use crate::tui::view::big::{Big, Body, Field, Texts};

impl ViewCache {
    /// Cell `i`'s long reply, laid out by blocks, and the texts its blocks
    /// are laid out from at `width`; None for other cells.
    fn long<'a>(
        &'a mut self,
        app: &'a App,
        i: usize,
        width: usize,
    ) -> Option<(&'a mut Big, Texts<'a>)> {
        let cell = app.cells().list.get(i)?;
        let Some(Cached {
            body: Body::Big(big),
            ..
        }) = self.cells.get_mut(&cell.id)
        else {
            return None;
        };
        let a = cell
            .entry()
            .and_then(|id| app.conversation().assistant(id))?;
        let t = Texts {
            text: &a.reply.text,
            reasoning: &a.reply.reasoning,
            inner: width.saturating_sub(GUTTER).max(8),
            th: app.theme(),
        };
        Some((big, t))
    }

    /// The rows of cell `i` above byte `byte` of its reply's text: by its
    /// block in a long reply, else in proportion (the gap line included).
    pub(super) fn rows_into(
        &mut self,
        app: &App,
        i: usize,
        width: usize,
        byte: usize,
        now: Instant,
    ) -> usize {
        if i >= app.cells().list.len() {
            return 0;
        }
        let h = self.rows_of(app, i, width, now);
        let gap = usize::from(i > 0);
        let Some(a) = app.cells().list[i]
            .entry()
            .and_then(|id| app.conversation().assistant(id))
        else {
            return 0;
        };
        let len = a.reply.text.len().max(1);
        let Some((big, t)) = self.long(app, i, width) else {
            return (h * byte.min(len) / len).min(h);
        };
        // The block holding it; or, when only the reasoning is long, the
        // part after it that holds the whole answer.
        let into = match big.holding(Field::Text, byte) {
            Some((key, start, end)) => big.find(key).map(|k| {
                let (above, part) = big.rows_before(k, &t);
                above + byte.saturating_sub(start) * part / (end - start).max(1)
            }),
            None => big.after_reasoning().map(|k| {
                let (above, part) = big.rows_before(k, &t);
                above + part * byte.min(len) / len
            }),
        };
        let h = self.rows_of(app, i, width, now);
        into.map_or(0, |r| (gap + r).min(h))
    }

    /// A long reply's place of row `row` of cell `i` (from its bottom, or
    /// from its top), for an [`Anchor`].
    pub(super) fn part_at(
        &self,
        app: &App,
        i: usize,
        row: usize,
        from_top: bool,
    ) -> Option<((Field, usize), usize, usize)> {
        let Some(Cached {
            body: Body::Big(big),
            ..
        }) = self.cells.get(&app.cells().list.get(i)?.id)
        else {
            return None;
        };
        let (k, rows, of) = if from_top {
            big.locate_from_top(row)?
        } else {
            big.locate_from_bottom(row)?
        };
        Some((big.key_of(k)?, rows, of))
    }

    /// A long reply's rows around part `k` at the current width: those after
    /// it (from the bottom) or before it (from the top), and its own.
    pub(super) fn part_rows(
        &mut self,
        app: &App,
        i: usize,
        width: usize,
        key: (Field, usize),
        from_top: bool,
    ) -> Option<(usize, usize)> {
        let (big, t) = self.long(app, i, width)?;
        let k = big.find(key)?;
        Some(if from_top {
            big.rows_before(k, &t)
        } else {
            big.rows_after(k, &t)
        })
    }

    /// For a long reply laid out by blocks: makes sure the rows of cell `i`
    /// the window shows are laid out, `Bottom(lo, hi)` counted from its
    /// bottom, or `Range(a, b)` from its top (the gap line before the cell
    /// not counted): how far the rows from the window's top moved (see
    /// [`super::super::big::Big::fit_range`]). None for other cells.
    pub(super) fn fit(&mut self, app: &App, i: usize, width: usize, rows: Fit) -> Option<isize> {
        let tick = self.tick;
        let (big, t) = self.long(app, i, width)?;
        Some(match rows {
            Fit::Bottom(lo, hi) => {
                big.fit_bottom(lo, hi, &t, tick);
                0
            }
            Fit::Range(a, b) => big.fit_range(a, b, &t, tick),
        })
    }
}
