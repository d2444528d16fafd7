//! The one renderer of text that is still growing: markdown (a reply), or
//! plain text (reasoning), for the chat screen and for `ask` on a terminal
//! alike; the work per token does not grow with the text. The text is cut into *units* at block
//! boundaries (a blank line outside a code fence, the end of a fence); a
//! finished unit is rendered and wrapped once and kept, and only the open
//! tail is rendered again on each update. A code fence being written is not
//! even that: its lines are highlighted one at a time as they complete
//! (syntect's state is kept between them), so a long fence costs per new
//! line. When the reply is finished it is rendered once whole (constructs
//! spanning units, like loose lists, then come out exactly right).
//!
//! Plain text is committed line by line. A reader that prints each row once
//! (`ask`) takes the rows as they settle ([`StreamMarkdown::settled`]) and
//! starts afresh at each unit's end ([`StreamMarkdown::at_boundary`]), so
//! that what it holds is the open unit only.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::markdown::render;
use super::para;
use super::wrap::{StyledLine, Wrap, wrap_from, wrap_line};
use crate::tui::theme::Theme;

mod fence;
mod pieces;
mod tail;
mod units;

use fence::{OpenFence, plain_code};
pub(crate) use pieces::{Reopen, closes, fence_of, table_head, wrap_piece};
use tail::TailLine;

/// The code of a reply being written (its fences together) is highlighted
/// up to this many bytes; the rest streams uncoloured. Highlighting costs
/// one to two microseconds a byte, so megabytes of code would cost
/// seconds; once the reply ends, what is on screen is drawn again, coloured.
/// (Tests use a small one: highlighting is slow unoptimised.)
pub(crate) const HIGHLIGHT_LIVE: usize = if cfg!(test) { 4096 } else { 256 * 1024 };

/// An open unit that is no plain paragraph (a list, a table, a quote, a
/// fence in a list) is cut at a line's end once it is this long, so that
/// what is rendered again on each update stays bounded. A fence goes on in
/// the next piece opened again; a table with its head again (drawn as a
/// table of its own).
pub(crate) const UNIT_MOST: usize = 16 * 1024;

/// The least an eager renderer keeps open behind the text of a paragraph.
const EAGER_KEEP_MIN: usize = 32;

/// The part of a long paragraph already drawn for good.
#[derive(Debug)]
struct Para {
    /// Where the part still rendered on each update starts.
    start: usize,
    /// Its finished rows.
    rows: Vec<Line<'static>>,
    /// Its last row, which the rest of the paragraph continues.
    carry: Option<Line<'static>>,
}

#[derive(Debug, Default)]
pub struct StreamMarkdown {
    th: Theme,
    /// Plain text in this style, not markdown.
    plain: Option<Style>,
    /// A unit was committed before (a blank line goes before the next),
    /// also when the rows were handed out and dropped since.
    started: bool,
    /// Settle rows of a paragraph soon after they are written (for a reader
    /// printing each row once), not only past `para::START`.
    eager: bool,
    width: usize,
    /// Which text this renders: a new one (a Sup.ai restart) starts over,
    /// whatever its length.
    generation: u64,
    /// Wrapped lines of the committed units, blank lines between units included.
    committed: Vec<Line<'static>>,
    /// Source bytes consumed into committed units (or into `fence`).
    done: usize,
    /// Start of the line being scanned.
    line_start: usize,
    /// How far the line being scanned was searched for its end.
    scanned: usize,
    /// The fence the scan is inside (its char and length, and where its
    /// opening line is), if any.
    fence: Option<(char, usize, (usize, usize))>,
    /// The open unit goes on from one cut for its length (see
    /// [`UNIT_MOST`]): what is rendered again before it.
    reopen: Option<Reopen>,
    /// The open unit goes on from the last one committed (a cut): no blank
    /// line between them.
    cont: bool,
    /// Bytes of fences (not at the top level) committed in cut pieces, to
    /// hold them to the highlighting budget too.
    fenced: usize,
    /// Bytes of code of the top-level fences closed so far, highlighted or
    /// counted against [`HIGHLIGHT_LIVE`].
    code_highlighted: usize,
    /// That fence, drawn line by line (top-level fences only).
    open_fence: Option<OpenFence>,
    /// The tail's lines, wrapped, as of the last update. A line that only
    /// grew is re-wrapped from its last row, not from its start.
    tail: Vec<TailLine>,
    /// The line being written in a fence, wrapped.
    partial: Vec<Line<'static>>,
    /// A long plain paragraph drawn in pieces (see `para`).
    para: Option<Para>,
    /// The tail's first row joined onto the paragraph's carried row.
    joined: Option<Line<'static>>,
    /// The open unit that is no plain paragraph (starts there): not
    /// looked at again.
    not_para: Option<usize>,
    /// Source length at the last update.
    seen: usize,
}

/// A line being written in a fence longer than this has its rows but the
/// last drawn for good as they come (wrapping decides a row from where it
/// starts), uncoloured: a line of megabytes (minified JSON, base64) costs
/// per row, not per frame.
const PARTIAL_MOST: usize = 16 * 1024;

impl StreamMarkdown {
    /// Markdown drawn in `th`'s styles.
    pub fn with_theme(self, th: Theme) -> Self {
        Self { th, ..self }
    }

    /// Plain text (no markdown) in `style`, wrapped at words.
    pub fn plain(style: Style) -> Self {
        Self {
            plain: Some(style),
            ..Self::default()
        }
    }

    /// For a reader that prints each row once (`ask`): a paragraph's rows
    /// settle a little behind the text, however short the paragraph.
    pub fn eager() -> Self {
        Self {
            eager: true,
            ..Self::default()
        }
    }

    /// How long a paragraph is before it is drawn in pieces, and the part
    /// kept open behind the text.
    fn para_limits(&self) -> (usize, usize) {
        if self.eager {
            // About two rows behind the text.
            let keep = (2 * self.width).max(EAGER_KEEP_MIN);
            (2 * keep, keep)
        } else {
            (para::START, para::KEEP)
        }
    }

    /// The same kind of renderer, with nothing rendered.
    pub fn afresh(&self) -> Self {
        Self {
            th: self.th,
            plain: self.plain,
            eager: self.eager,
            width: self.width,
            ..Self::default()
        }
    }

    /// A renderer going on after units already handed out (`ask`, at a
    /// boundary): its first unit gets the blank line before it.
    pub fn continuing(&self) -> Self {
        Self {
            th: self.th,
            plain: self.plain,
            eager: self.eager,
            started: self.started,
            width: self.width,
            generation: self.generation,
            ..Self::default()
        }
    }

    /// Brings the rendering up to date with `src`, text number `generation`
    /// (which only ever grows; a shorter one starts over too), at `width`.
    pub fn update(&mut self, src: &str, width: usize, generation: u64) {
        if width != self.width
            || generation != self.generation
            || src.len() < self.seen
            || !src.is_char_boundary(self.done)
            || !src.is_char_boundary(self.line_start)
        {
            *self = Self {
                th: self.th,
                plain: self.plain,
                eager: self.eager,
                width,
                generation,
                ..Self::default()
            };
        }
        if src.len() == self.seen && self.seen > 0 {
            return;
        }
        self.seen = src.len();
        if let Some(style) = self.plain {
            self.update_plain(src, style);
            return;
        }
        self.scan(src);
        self.partial.clear();
        match &mut self.open_fence {
            // The line being written, highlighted as it would be.
            Some(f) => {
                self.tail.clear();
                let partial = &src[self.line_start..];
                if partial.len() > PARTIAL_MOST {
                    let (mut rows, starts) =
                        wrap_from(&f.frame.line(plain_code(partial)), width, None);
                    let last = rows.len().saturating_sub(1);
                    if last > 0 {
                        let (_, at) = starts[last];
                        // Its code is no longer kept line by line.
                        f.pieces = true;
                        f.rows.extend(rows.drain(..last));
                        self.line_start += at;
                        self.scanned = self.scanned.max(self.line_start);
                    }
                    self.partial = rows;
                } else if !partial.is_empty() && fence_of(partial).is_none() {
                    self.partial = wrap_line(&f.frame.line(f.peek(partial)), width);
                }
            }
            None => {
                self.cut_long_unit(src);
                self.update_text(src);
            }
        }
    }

    /// Plain text: complete lines are wrapped once; only the line being
    /// written is wrapped again, from its last row. The rows of a long line
    /// but its last are settled as they are made (greedy wrapping decides
    /// a row from where it starts), so a line of megabytes costs per row.
    fn update_plain(&mut self, src: &str, style: Style) {
        let line = |text: &str| StyledLine {
            spans: vec![Span::styled(text.to_owned(), style)],
            wrap: Some(Wrap::Word),
            ..Default::default()
        };
        let from = self.scanned.max(self.done);
        if let Some(nl) = src[from..].rfind('\n') {
            let end = from + nl + 1;
            for l in src[self.done..end - 1].split('\n') {
                self.committed.extend(wrap_line(&line(l), self.width));
            }
            self.done = end;
            self.line_start = end;
            self.tail.clear();
        }
        self.scanned = src.len();
        let rest = &src[self.done..];
        let lines = if rest.is_empty() {
            Vec::new()
        } else {
            vec![line(rest)]
        };
        self.wrap_tail(lines);
        if let Some(t) = self.tail.first_mut()
            && t.rows.len() > 2
        {
            let last = t.rows.len() - 1;
            let (_, at) = t.starts[last];
            self.committed.extend(t.rows.drain(..last));
            self.done += at;
            self.line_start = self.done;
            self.tail.clear();
            let rest = &src[self.done..];
            self.wrap_tail(vec![line(rest)]);
        }
    }

    fn fence_rows(&self) -> &[Line<'static>] {
        self.open_fence.as_ref().map_or(&[], |f| f.rows.as_slice())
    }

    /// The blank line between the committed units and the tail, if due.
    fn gap(&self) -> bool {
        self.plain.is_none()
            && self.open_fence.is_none()
            && self.started
            && !self.cont
            && self.tail_len() > 0
    }

    /// How many of the first rows of [`StreamMarkdown::lines`] are drawn
    /// for good: what more text adds comes after them.
    pub fn settled(&self) -> usize {
        let para = self.para.as_ref().map_or(0, |p| p.rows.len());
        self.committed.len() + usize::from(self.gap()) + self.fence_rows().len() + para
    }

    /// At the end of a unit: nothing is open, so a reader that has taken
    /// every row may go on with [`StreamMarkdown::continuing`] and the text
    /// after `src` alone.
    pub fn at_boundary(&self) -> bool {
        self.open_fence.is_none()
            && self.para.is_none()
            && self.reopen.is_none()
            && !self.cont
            && self.tail.is_empty()
            && self.done == self.seen
    }

    /// All lines: committed units, the fence being written, then the tail.
    pub fn lines(&self) -> impl Iterator<Item = &Line<'static>> + '_ {
        let gap: Option<&Line<'static>> = self.gap().then_some(&BLANK);
        self.committed
            .iter()
            .chain(gap)
            .chain(self.fence_rows().iter())
            .chain(self.tail_rows())
    }

    pub fn len(&self) -> usize {
        self.committed.len() + usize::from(self.gap()) + self.fence_rows().len() + self.tail_len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

static BLANK: Line<'static> = Line {
    style: ratatui::style::Style::new(),
    alignment: None,
    spans: Vec::new(),
};

/// Renders and wraps a whole markdown text.
pub fn wrap_all(src: &str, width: usize, th: Theme) -> Vec<Line<'static>> {
    render(src, width, th)
        .iter()
        .flat_map(|l| wrap_line(l, width))
        .collect()
}

#[cfg(test)]
mod tests;
