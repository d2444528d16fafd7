//! The pane's rows drawn over the last frame: each row is known by a key
//! of what it shows (its text and styles, its label, the find's marks), and
//! a row whose key did not change is left as the last frame drew it. While
//! a reply streams, a frame so draws the row being written and not the 30
//! above it (grapheme by grapheme, the largest cost of a frame).

use std::hash::{BuildHasher, Hash, Hasher};
use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::render::wrap::width as text_width;
use crate::tui::theme::Theme;

/// The key of a row that shows nothing.
pub(super) const BLANK: u64 = 0;
/// The key of a row not drawn yet: it matches no row.
const UNKNOWN: u64 = 1;

/// The rows of a pane being drawn, against their keys in the last frame.
pub(super) struct Rows<'k> {
    keys: &'k mut Vec<u64>,
    area: Rect,
    /// The buffer holds the last frame: a row that did not change is left.
    over: bool,
    /// The rows drawn (cleared first), top to bottom.
    redrawn: Vec<u16>,
    /// Rows moved up, and by how many (see [`Rows::scroll`]).
    scrolled: Option<(Range<u16>, u16)>,
}

/// What a pane's frame drew over the last.
#[derive(Debug, Default)]
pub struct PaneDrawn {
    /// The rows drawn again, top to bottom.
    pub rows: Vec<u16>,
    /// The screen's rows that moved up, and by how many rows: the
    /// terminal is to scroll them alike (before the rows drawn again are
    /// sent).
    pub scrolled: Option<(Range<u16>, u16)>,
}

impl<'k> Rows<'k> {
    /// The rows of `area`; `over`: the buffer holds the last frame, which
    /// `keys` describes.
    pub fn new(keys: &'k mut Vec<u64>, area: Rect, over: bool) -> Self {
        let rows = usize::from(area.height);
        // Another height is another layout: nothing is known of its rows.
        let over = over && keys.len() == rows;
        if !over {
            keys.clear();
            keys.resize(rows, UNKNOWN);
        }
        Self {
            keys,
            area,
            over,
            redrawn: Vec::new(),
            scrolled: None,
        }
    }

    /// What was drawn.
    pub fn done(self) -> PaneDrawn {
        PaneDrawn {
            rows: self.redrawn,
            scrolled: self.scrolled,
        }
    }

    /// The pane's rows from its top are to show what `new` names: when
    /// the last frame's rows were these moved up by some count (a reply
    /// growing at the bottom), the buffer's rows are moved up as much, so
    /// only the rows that came in below are drawn (and sent: the terminal
    /// scrolls the rest). Only a pane as wide as the screen moves so.
    pub fn scroll(&mut self, buf: &mut Buffer, new: &[u64]) {
        let n = new.len().min(self.keys.len());
        if !self.over || self.area.x != buf.area.x || self.area.width != buf.area.width || n < 3 {
            return;
        }
        let old = &self.keys[..n];
        if new[..n] == *old {
            return;
        }
        // The move that leaves the most rows as they are (a growing reply
        // moves a row or two a frame, and its last row changes too).
        let kept = |k: usize| (0..n - k).filter(|&i| new[i] == old[i + k]).count();
        let (k, most) = (1..n - 1)
            .map(|k| (k, kept(k)))
            .fold(
                (0, kept(0)),
                |best, (k, m)| if m > best.1 { (k, m) } else { best },
            );
        if k == 0 || most < 2 {
            return;
        }
        let w = usize::from(buf.area.width);
        let top = usize::from(self.area.y - buf.area.y) * w;
        let region = top..top + n * w;
        if region.end > buf.content.len() {
            return;
        }
        buf.content[region.clone()].rotate_left(k * w);
        buf.content[region.end - k * w..region.end].fill_with(Default::default);
        self.keys.copy_within(k..n, 0);
        self.keys[n - k..n].fill(BLANK);
        self.scrolled = Some((self.area.y..self.area.y + n as u16, k as u16));
    }

    /// Whether row `y` must be drawn to show what `key` names: if so, it
    /// is cleared (drawing over the last frame) and counted as redrawn.
    pub fn stale(&mut self, buf: &mut Buffer, y: u16, key: u64) -> bool {
        let Some(slot) = y
            .checked_sub(self.area.y)
            .and_then(|i| self.keys.get_mut(usize::from(i)))
        else {
            return false;
        };
        if self.over && *slot == key {
            return false;
        }
        *slot = key;
        if self.over {
            for x in self.area.left()..self.area.right() {
                if let Some(cell) = buf.cell_mut((x, y)) {
                    cell.reset();
                }
            }
        }
        self.redrawn.push(y);
        true
    }
}

/// The key of a row showing `line`, with `label` in the gutter (and
/// whether it is marked as selected) and the find's query marked.
pub(super) fn line_key(
    line: &Line<'_>,
    label: Option<(&Span<'_>, bool)>,
    marks: Option<&str>,
) -> u64 {
    let mut h = foldhash::fast::FixedState::default().build_hasher();
    line.style.hash(&mut h);
    line.alignment.hash(&mut h);
    for s in &line.spans {
        s.content.hash(&mut h);
        s.style.hash(&mut h);
    }
    if let Some((l, selected)) = label {
        l.content.hash(&mut h);
        l.style.hash(&mut h);
        selected.hash(&mut h);
    }
    marks.hash(&mut h);
    // Never the key of a blank or unknown row.
    h.finish().max(UNKNOWN + 1)
}

/// The key of a row showing `text` alone.
pub(super) fn text_key(text: &str) -> u64 {
    foldhash::fast::FixedState::default()
        .hash_one(text)
        .max(UNKNOWN + 1)
}

/// Highlights every match of `query` (any case) in the drawn row `line`.
pub(super) fn mark_matches(
    buf: &mut Buffer,
    x0: u16,
    y: u16,
    w: u16,
    line: &Line<'_>,
    query: &str,
    th: Theme,
) {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let lower = text.to_lowercase();
    let q = query.to_lowercase();
    // Lowercasing can change lengths (rare letters); then nothing is marked
    // rather than the wrong cells.
    if q.is_empty() || lower.len() != text.len() {
        return;
    }
    let style = th.found();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(&q) {
        let start = from + pos;
        let end = start + q.len();
        let col = text_width(&text[..start]) as u16;
        let len = text_width(&text[start..end]) as u16;
        for dx in col..(col + len).min(w) {
            if let Some(cell) = buf.cell_mut((x0 + dx, y)) {
                cell.set_style(style);
            }
        }
        from = end;
    }
}
