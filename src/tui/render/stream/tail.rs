//! The open tail of a reply: its lines wrapped, and wrapped again on each
//! update only from the last row of a line that grew at its end.

use ratatui::text::Line;

use super::StreamMarkdown;
use crate::tui::render::wrap::{Pos, StyledLine, wrap_from};

/// One logical line of the tail, wrapped, with where its rows start.
#[derive(Debug)]
pub(super) struct TailLine {
    pub(super) line: StyledLine,
    pub(super) rows: Vec<Line<'static>>,
    pub(super) starts: Vec<Pos>,
}

/// Whether `new` is `old` with text added at its end (same styles before).
fn extends(old: &StyledLine, new: &StyledLine) -> bool {
    if old.prefix != new.prefix
        || old.cont_prefix != new.cont_prefix
        || old.wrap != new.wrap
        || old.line_style != new.line_style
        || new.spans.len() < old.spans.len()
    {
        return false;
    }
    let Some((last, init)) = old.spans.split_last() else {
        return true;
    };
    let k = init.len();
    init == &new.spans[..k]
        && new.spans[k].style == last.style
        && new.spans[k].content.starts_with(last.content.as_ref())
}

impl StreamMarkdown {
    /// Wraps the tail's `lines`, reusing what the last update wrapped.
    pub(super) fn wrap_tail(&mut self, lines: Vec<StyledLine>) {
        let width = self.width;
        self.tail.truncate(lines.len());
        for (i, line) in lines.into_iter().enumerate() {
            match self.tail.get_mut(i) {
                Some(t) if t.line == line => {}
                Some(t) if t.rows.len() >= 2 && extends(&t.line, &line) => {
                    // Rows before the last one cannot change: their breaks
                    // were decided by text that is still there.
                    let keep = t.rows.len() - 1;
                    let (rows, starts) = wrap_from(&line, width, Some(t.starts[keep]));
                    t.rows.truncate(keep);
                    t.starts.truncate(keep);
                    t.rows.extend(rows);
                    t.starts.extend(starts);
                    t.line = line;
                }
                _ => {
                    let (rows, starts) = wrap_from(&line, width, None);
                    let t = TailLine { line, rows, starts };
                    match self.tail.get_mut(i) {
                        Some(old) => *old = t,
                        None => self.tail.push(t),
                    }
                }
            }
        }
    }

    /// The tail's rows: a paragraph's finished part, then (its carried
    /// row on its own, or joined to) the tail as last rendered.
    pub(super) fn tail_rows(&self) -> impl Iterator<Item = &Line<'static>> + '_ {
        let para = self.para.as_ref().map_or(&[][..], |p| p.rows.as_slice());
        let (carry, skip) = match &self.joined {
            Some(j) => (Some(j), 1),
            None => (None, 0),
        };
        // `partial` is the fence's line being written, or outside a fence
        // the paragraph's carried row standing on its own.
        let (before, after): (&[Line<'static>], &[Line<'static>]) = if self.open_fence.is_some() {
            (&[], &self.partial)
        } else {
            (&self.partial, &[])
        };
        para.iter()
            .chain(before.iter())
            .chain(carry)
            .chain(self.tail.iter().flat_map(|t| t.rows.iter()).skip(skip))
            .chain(after.iter())
    }

    pub(super) fn tail_len(&self) -> usize {
        let para = self.para.as_ref().map_or(0, |p| p.rows.len());
        para + self.tail.iter().map(|t| t.rows.len()).sum::<usize>() + self.partial.len()
    }
}
