//! A reply too long to lay out whole (megabytes). Its text stays where it
//! is, in the conversation: the view cuts it once into *blocks* (runs of
//! whole paragraphs and fences of about 32 KiB; a longer paragraph or fence
//! is cut at a line's end, a longer line at a space) and gives each an
//! estimate of its rows. Only the blocks the window reaches are laid out,
//! once per width; their real count then replaces the estimate. Blocks laid
//! out earlier are let go again when more than a budget is kept (their
//! count stays), so opening or finishing a reply of 100 MB costs one scan
//! of it, and a frame what the screen shows.
//!
//! A block rendered apart gives what the whole render gives, except for
//! what spans blocks (a loose list or a table cut at a block's edge), which
//! only replies this long meet. A fence cut in pieces is drawn as one: each
//! piece is rendered with the fence opened and closed again, and the rows
//! those extra lines make are left out.

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::Line;

use crate::tui::render::stream::{Reopen, wrap_piece};
use crate::tui::render::wrap::plain;
use crate::tui::theme::Theme;
use supchat_chat::text::sanitize;

/// A reply (or its reasoning) longer than this is laid out by blocks.
pub const BIG: usize = 256 * 1024;
/// Whole units are gathered into a block up to about this size.
const BLOCK: usize = 32 * 1024;
/// A single unit (a paragraph, a fence) longer than this is cut at the
/// end of a line (a line longer than a block is cut too): no block is
/// longer than this and a block.
const PIECE: usize = 64 * 1024;
/// Blocks below a window anchored at the bottom are counted for real when
/// no more than this many are not yet (about 4 MB of text, a fifth of a
/// second); more are left estimated (nothing moves either way, where a
/// count made a little at a time would move the window each frame).
const COUNT_MOST: usize = 128;
/// The source bytes whose laid-out rows are kept; beyond it, the blocks
/// used least recently are let go.
const KEEP: usize = 4 << 20;

/// Which text of the reply a block is from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Text,
    Reasoning,
}

/// The texts blocks are laid out from, and how.
pub struct Texts<'a> {
    pub text: &'a str,
    pub reasoning: &'a str,
    pub inner: usize,
    pub th: Theme,
}

impl Texts<'_> {
    fn of(&self, f: Field) -> &str {
        match f {
            Field::Text => self.text,
            Field::Reasoning => self.reasoning,
        }
    }
}

#[derive(Debug)]
enum Render {
    /// Markdown; a piece cut from a longer unit is rendered after what
    /// opens it again, and a fence still open at its end closed (its char,
    /// length and indent).
    Markdown {
        reopen: Option<Reopen>,
        reclose: Option<(char, usize, usize)>,
    },
    /// Plain text in the reasoning's style.
    Plain,
}

#[derive(Debug)]
pub struct Block {
    field: Field,
    range: Range<usize>,
    render: Render,
    /// A blank row before it (between two units).
    gap: bool,
    estimate: usize,
    exact: Option<usize>,
    lines: Option<Vec<Line<'static>>>,
    /// The frame that last needed it.
    used: u64,
}

impl Block {
    fn rows(&self) -> usize {
        self.exact.unwrap_or(self.estimate)
    }

    fn lay_out(&self, t: &Texts) -> Vec<Line<'static>> {
        let src = t.of(self.field);
        // (A text changed under a cached layout draws nothing, not a panic.)
        let Some(piece) = src.get(self.range.clone()) else {
            return Vec::new();
        };
        let mut rows = Vec::new();
        if self.gap {
            rows.push(Line::default());
        }
        match &self.render {
            Render::Plain => rows.extend(plain(&sanitize(piece), t.th.reasoning(), t.inner)),
            Render::Markdown { reopen, reclose } => rows.extend(wrap_piece(
                &sanitize(piece),
                reopen.as_ref(),
                *reclose,
                t.inner,
                t.th,
            )),
        }
        rows
    }
}

/// A part of a long reply: rows laid out already (its head and foot), or a
/// block of its text.
#[derive(Debug)]
pub enum Part {
    Lines(Vec<Line<'static>>),
    Block(Block),
}

impl Part {
    fn rows(&self) -> usize {
        match self {
            Part::Lines(l) => l.len(),
            Part::Block(b) => b.rows(),
        }
    }
}

/// A cell's rows: laid out whole, or (a long reply) by blocks.
#[derive(Debug)]
pub enum Body {
    Lines(Vec<Line<'static>>),
    Big(Big),
}

impl Body {
    pub fn rows(&self) -> usize {
        match self {
            Body::Lines(l) => l.len(),
            Body::Big(b) => b.rows(),
        }
    }

    /// The rows from row `skip` on.
    pub fn lines_from(&self, skip: usize) -> Box<dyn Iterator<Item = &Line<'static>> + '_> {
        match self {
            Body::Lines(l) => Box::new(l.iter().skip(skip)),
            Body::Big(b) => Box::new(b.lines_from(skip)),
        }
    }
}

/// A long reply, laid out by blocks.
#[derive(Debug, Default)]
pub struct Big {
    parts: Vec<Part>,
    /// Rows of all parts (real counts where known, else estimates).
    total: usize,
    /// Source bytes of the blocks laid out and kept.
    kept: usize,
}

static BLANK: Line<'static> = Line {
    style: Style::new(),
    alignment: None,
    spans: Vec::new(),
};

impl Big {
    pub fn new(parts: Vec<Part>) -> Self {
        let total = parts.iter().map(Part::rows).sum();
        Self {
            parts,
            total,
            kept: 0,
        }
    }

    pub fn rows(&self) -> usize {
        self.total
    }

    /// Lays out part `k` if it is a block not laid out, and marks it used.
    fn need(&mut self, k: usize, t: &Texts, tick: u64) {
        let Some(Part::Block(b)) = self.parts.get_mut(k) else {
            return;
        };
        b.used = tick;
        if b.lines.is_some() {
            return;
        }
        let lines = b.lay_out(t);
        let before = b.rows();
        b.exact = Some(lines.len());
        b.lines = Some(lines);
        self.kept += b.range.len();
        self.total = self.total - before + b.rows();
    }

    /// Counts the rows of part `k` if it is a block only estimated (laid
    /// out, counted, and let go): below a window anchored at the bottom,
    /// estimates would move it as they are put right.
    fn count(&mut self, k: usize, t: &Texts) {
        let Some(Part::Block(b)) = self.parts.get_mut(k) else {
            return;
        };
        if b.exact.is_some() {
            return;
        }
        let before = b.rows();
        b.exact = Some(b.lay_out(t).len());
        self.total = self.total - before + b.rows();
    }

    /// Lets go of the rows of blocks not used in this frame, least recently
    /// used first, while more than the budget is kept.
    fn trim(&mut self, tick: u64) {
        while self.kept > KEEP {
            let oldest = self
                .parts
                .iter_mut()
                .filter_map(|p| match p {
                    Part::Block(b) if b.lines.is_some() && b.used < tick => Some(b),
                    _ => None,
                })
                .min_by_key(|b| b.used);
            let Some(b) = oldest else { return };
            b.lines = None;
            self.kept -= b.range.len();
        }
    }

    /// Makes sure the rows `lo..hi` counted from the bottom are laid out (a
    /// window anchored at the bottom: counting from there, nothing moves as
    /// blocks are laid out), and those below them counted.
    pub fn fit_bottom(&mut self, lo: usize, hi: usize, t: &Texts, tick: u64) {
        self.trim(tick);
        let counting = self.uncounted_below(lo) <= COUNT_MOST;
        let mut below = 0;
        for k in (0..self.parts.len()).rev() {
            if below >= hi {
                break;
            }
            if below + self.parts[k].rows() > lo {
                self.need(k, t, tick);
            } else if counting {
                self.count(k, t);
            }
            below += self.parts[k].rows();
        }
    }

    /// Blocks only estimated wholly within the last `rows` rows.
    fn uncounted_below(&self, rows: usize) -> usize {
        let mut below = 0;
        let mut n = 0;
        for p in self.parts.iter().rev() {
            below += p.rows();
            if below > rows {
                break;
            }
            n += usize::from(matches!(p, Part::Block(b) if b.exact.is_none()));
        }
        n
    }

    /// Makes sure rows `a..b` (as counted once the blocks before them are
    /// laid out or not) are laid out.
    /// Returns how far the rows from `a` on moved: the change of the count
    /// of a block laid out now that starts above `a` (a window moving up
    /// into it keeps to the text it showed by moving as much).
    pub fn fit_range(&mut self, a: usize, b: usize, t: &Texts, tick: u64) -> isize {
        self.trim(tick);
        let mut at = 0;
        let mut moved = 0isize;
        for k in 0..self.parts.len() {
            if at >= b {
                break;
            }
            let before = self.parts[k].rows();
            if at + before > a {
                self.need(k, t, tick);
                if at < a {
                    moved += self.parts[k].rows() as isize - before as isize;
                }
            }
            at += self.parts[k].rows();
        }
        moved
    }

    /// The rows from row `skip` on (a block not laid out shows blank rows,
    /// which the fitting above keeps out of the window).
    pub fn lines_from(&self, mut skip: usize) -> impl Iterator<Item = &Line<'static>> + '_ {
        let mut first = 0;
        for p in &self.parts {
            let r = p.rows();
            if skip < r {
                break;
            }
            skip -= r;
            first += 1;
        }
        self.parts[first..]
            .iter()
            .flat_map(|p| -> Box<dyn Iterator<Item = &Line<'static>> + '_> {
                match p {
                    Part::Lines(l) => Box::new(l.iter()),
                    Part::Block(b) => match &b.lines {
                        Some(l) => Box::new(l.iter()),
                        None => Box::new(std::iter::repeat_n(&BLANK, b.rows())),
                    },
                }
            })
            .skip(skip)
    }
}

mod cut;
mod places;
pub use cut::{markdown_blocks, plain_blocks};

#[cfg(test)]
mod tests;
