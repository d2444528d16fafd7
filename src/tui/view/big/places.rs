//! Places in a long reply that hold still whatever the width: a block by
//! where it starts in the text, the rows around it, the block holding a
//! byte of the text (to keep a view in place, or to jump to a match).

use super::{Big, COUNT_MOST, Field, Part, Texts};

impl Big {
    /// The part holding row `row` counted from the bottom: its index, the
    /// row's place counted from the part's bottom, and the part's rows.
    pub fn locate_from_bottom(&self, row: usize) -> Option<(usize, usize, usize)> {
        let mut below = 0;
        for k in (0..self.parts.len()).rev() {
            let r = self.parts[k].rows();
            if row < below + r {
                return Some((k, row - below, r));
            }
            below += r;
        }
        None
    }

    /// The part holding row `row` counted from the top, as above.
    pub fn locate_from_top(&self, row: usize) -> Option<(usize, usize, usize)> {
        let mut above = 0;
        for (k, p) in self.parts.iter().enumerate() {
            let r = p.rows();
            if row < above + r {
                return Some((k, row - above, r));
            }
            above += r;
        }
        None
    }

    /// Part `k`'s place in the text, the same whatever the width and the
    /// folding (blocks only).
    pub fn key_of(&self, k: usize) -> Option<(Field, usize)> {
        match self.parts.get(k)? {
            Part::Block(b) => Some((b.field, b.range.start)),
            Part::Lines(_) => None,
        }
    }

    /// The block of `field` holding byte `byte`: its key and its range.
    pub fn holding(&self, field: Field, byte: usize) -> Option<((Field, usize), usize, usize)> {
        self.parts.iter().find_map(|p| match p {
            Part::Block(b) if b.field == field && b.range.contains(&byte) => {
                Some(((field, b.range.start), b.range.start, b.range.end))
            }
            _ => None,
        })
    }

    /// The first part after the reasoning's blocks (the answer's, when
    /// only the reasoning is long).
    pub fn after_reasoning(&self) -> Option<usize> {
        let last = self
            .parts
            .iter()
            .rposition(|p| matches!(p, Part::Block(b) if b.field == Field::Reasoning))?;
        (last + 1 < self.parts.len()).then_some(last + 1)
    }

    /// The part at `key` (see [`Big::key_of`]).
    pub fn find(&self, key: (Field, usize)) -> Option<usize> {
        self.parts
            .iter()
            .position(|p| matches!(p, Part::Block(b) if (b.field, b.range.start) == key))
    }

    /// Rows of the parts after part `k` (counted for real, unless too many
    /// are not yet), and of part `k`.
    pub fn rows_after(&mut self, k: usize, t: &Texts) -> (usize, usize) {
        let uncounted = self.parts[(k + 1).min(self.parts.len())..]
            .iter()
            .filter(|p| matches!(p, Part::Block(b) if b.exact.is_none()))
            .count();
        let mut below = 0;
        for j in (k + 1..self.parts.len()).rev() {
            if uncounted <= COUNT_MOST {
                self.count(j, t);
            }
            below += self.parts[j].rows();
        }
        self.count(k, t);
        (below, self.parts.get(k).map_or(0, Part::rows))
    }

    /// Rows of the parts before part `k` (estimates where not laid out),
    /// and of part `k` (counted for real).
    pub fn rows_before(&mut self, k: usize, t: &Texts) -> (usize, usize) {
        self.count(k, t);
        let above = self.parts[..k.min(self.parts.len())]
            .iter()
            .map(Part::rows)
            .sum();
        (above, self.parts.get(k).map_or(0, Part::rows))
    }
}
