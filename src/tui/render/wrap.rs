//! Wrapping styled text to a width in terminal cells. Widths come from
//! grapheme clusters, so CJK (two cells), emoji and ZWJ sequences never split
//! or misalign. Prose wraps at spaces and between wide characters; code and
//! tables are cut hard at the width.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// How a logical line may be broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrap {
    /// At spaces and between wide characters; over-long words are cut.
    Word,
    /// Anywhere, at exactly the width (code).
    Hard,
}

/// A logical line before wrapping.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StyledLine {
    /// Drawn before the first row (a bullet, a quote bar, a gutter).
    pub prefix: Vec<Span<'static>>,
    /// Drawn before every further row (usually blanks of the same width).
    pub cont_prefix: Vec<Span<'static>>,
    pub spans: Vec<Span<'static>>,
    pub wrap: Option<Wrap>,
    /// Applied to the whole row (e.g. a background), if any.
    pub line_style: Option<Style>,
}

impl StyledLine {
    pub fn plain(spans: Vec<Span<'static>>) -> Self {
        Self {
            spans,
            wrap: Some(Wrap::Word),
            ..Default::default()
        }
    }
}

/// `s` cut to at most `max` cells, an ellipsis marking the cut: the one
/// way text is cut to a width, measured as it is laid out (so a wide
/// character or an emoji cluster is never halved). The cut falls between
/// words where it can (at a space, or after a Chinese character), and a
/// separator left dangling (` · `, `,`, `:`) goes with the cut, and a list
/// (`a · b · c`) loses whole items (when that keeps two thirds of the
/// room); a word longer than half the room is cut inside.
pub fn cut(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_owned();
    }
    let room = max.saturating_sub(1);
    let mut used = 0;
    let mut end = 0;
    // The last place to cut between words: its byte and the width before.
    let mut between: Option<(usize, usize)> = None;
    let mut at_boundary = false;
    for (i, g) in s.grapheme_indices(true) {
        let w = grapheme_width(g);
        let space = g.chars().all(char::is_whitespace);
        if used + w > room {
            at_boundary = space || w == 2;
            break;
        }
        if space {
            between = Some((i, used));
        }
        used += w;
        end = i + g.len();
        if w == 2 {
            between = Some((end, used));
        }
    }
    let mut kept = &s[..end];
    // A list of items (`a · b · c`) loses whole items.
    let item_ends = s[end..].trim_start().starts_with('·') || kept.trim_end().ends_with('·');
    if item_ends {
        // Cut at a separator already: it goes below.
    } else if let Some(b) = kept.rfind(" · ")
        && width(&s[..b]) * 3 >= room * 2
    {
        kept = &s[..b];
    } else if !at_boundary
        && let Some((b, before)) = between
        && before * 2 >= room
    {
        kept = &s[..b];
    }
    let trimmed = kept.trim_end_matches(|c: char| c.is_whitespace() || "·,:;—–-/|".contains(c));
    let mut out = if trimmed.is_empty() { kept } else { trimmed }.to_owned();
    if max > 0 {
        out.push('…');
    }
    out
}

/// Display width of a string in cells (tabs count as four).
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(grapheme_width).sum()
}

fn grapheme_width(g: &str) -> usize {
    if g == "\t" {
        return 4;
    }
    // A cluster (emoji + ZWJ + modifiers) is as wide as its widest part, at most 2.
    UnicodeWidthStr::width(g).min(2)
}

fn spans_width(spans: &[Span<'_>]) -> usize {
    spans.iter().map(|s| width(&s.content)).sum()
}

/// One grapheme with its style, the unit of wrapping.
struct Cell<'a> {
    g: &'a str,
    w: usize,
    style: Style,
    pos: Pos,
}

/// Where in a logical line's spans a row starts: (span, byte offset).
pub type Pos = (usize, usize);

/// `text` in one style, wrapped between words to `width` (each `\n`
/// starts a line).
pub fn plain(text: &str, style: Style, width: usize) -> Vec<Line<'static>> {
    text.split('\n')
        .flat_map(|l| {
            wrap_line(
                &StyledLine::plain(vec![Span::styled(l.to_owned(), style)]),
                width,
            )
        })
        .collect()
}

/// Wraps a logical line into rows of at most `max` cells.
pub fn wrap_line(line: &StyledLine, max: usize) -> Vec<Line<'static>> {
    wrap_from(line, max, None).0
}

/// Wraps `line` from `begin` (the start of a row of an earlier wrap of a
/// line that began the same; `None`: from its start), and gives where each
/// row starts. Rows from `begin` on are exactly those a whole wrap gives
/// there: a line that only grew at its end is re-wrapped from its last row.
pub fn wrap_from(
    line: &StyledLine,
    max: usize,
    begin: Option<Pos>,
) -> (Vec<Line<'static>>, Vec<Pos>) {
    let max = max.max(1);
    let prefix_w = spans_width(&line.prefix);
    let cont_w = spans_width(&line.cont_prefix);
    let (first_span, first_byte) = begin.unwrap_or((0, 0));
    let cells: Vec<Cell<'_>> = line
        .spans
        .iter()
        .enumerate()
        .skip(first_span)
        .flat_map(|(si, s)| {
            let from = if si == first_span { first_byte } else { 0 };
            let text = s.content.get(from..).unwrap_or("");
            text.grapheme_indices(true).map(move |(b, g)| Cell {
                g,
                w: grapheme_width(g),
                style: s.style,
                pos: (si, from + b),
            })
        })
        .collect();
    let end_pos = (line.spans.len(), 0);
    let mut rows: Vec<Vec<Span<'static>>> = Vec::new();
    let mut starts: Vec<Pos> = Vec::new();
    let mut start = 0;
    let mut first = begin.is_none();
    loop {
        let avail = max
            .saturating_sub(if first { prefix_w } else { cont_w })
            .max(1);
        let end = match line.wrap {
            None => cells.len(),
            Some(Wrap::Hard) => hard_break(&cells, start, avail),
            Some(Wrap::Word) => word_break(&cells, start, avail),
        };
        let prefix = if first {
            &line.prefix
        } else {
            &line.cont_prefix
        };
        // Spaces at a soft break are not drawn at the start of the next row.
        let mut from = start;
        if !first && line.wrap == Some(Wrap::Word) {
            while from < end && cells[from].g == " " {
                from += 1;
            }
        }
        let mut to = end;
        if line.wrap == Some(Wrap::Word) && end < cells.len() {
            while to > from && cells[to - 1].g == " " {
                to -= 1;
            }
        }
        let mut row = Vec::with_capacity(prefix.len() + runs(&cells[from..to]));
        row.extend(prefix.iter().cloned());
        push_cells(&mut row, &cells[from..to]);
        rows.push(row);
        starts.push(cells.get(start).map_or(end_pos, |c| c.pos));
        first = false;
        start = end;
        if start >= cells.len() {
            break;
        }
        if line.wrap == Some(Wrap::Word) {
            while start < cells.len() && cells[start].g == " " {
                start += 1;
            }
            if start >= cells.len() {
                break;
            }
        }
    }
    let rows = rows
        .into_iter()
        .map(|spans| {
            let l = Line::from(spans);
            match line.line_style {
                Some(st) => l.style(st),
                None => l,
            }
        })
        .collect();
    (rows, starts)
}

fn hard_break(cells: &[Cell<'_>], start: usize, avail: usize) -> usize {
    let mut w = 0;
    let mut i = start;
    while i < cells.len() {
        if w + cells[i].w > avail && i > start {
            break;
        }
        w += cells[i].w;
        i += 1;
    }
    i
}

fn word_break(cells: &[Cell<'_>], start: usize, avail: usize) -> usize {
    let mut w = 0;
    let mut i = start;
    let mut last_break = None;
    while i < cells.len() {
        let c = &cells[i];
        if w + c.w > avail {
            if c.g == " " {
                return i;
            }
            return match last_break {
                Some(b) if b > start => b,
                _ if i > start => i,
                _ => i + 1,
            };
        }
        w += c.w;
        i += 1;
        // A break may follow a space, or fall on either side of a wide
        // character: not before closing punctuation nor after opening
        // punctuation (a row of Chinese never starts with `，` or ends
        // with `（`).
        let next = cells.get(i);
        if (c.g == " " || c.w == 2 || next.is_some_and(|n| n.w == 2))
            && !NO_ROW_END.contains(&c.g)
            && !next.is_some_and(|n| NO_ROW_START.contains(&n.g))
        {
            last_break = Some(i);
        }
    }
    i
}

/// What may not start a row: closing punctuation, Chinese and Latin.
const NO_ROW_START: &[&str] = &[
    "，", "。", "；", "：", "、", "）", "」", "』", "】", "》", "〉", "！", "？", "”", "’", "…",
    ",", ".", ";", ":", "!", "?", ")", "]", "}",
];

/// What may not end a row: opening punctuation.
const NO_ROW_END: &[&str] = &["（", "「", "『", "【", "《", "〈", "“", "‘", "(", "[", "{"];

/// Runs of one style in `cells`.
fn runs(cells: &[Cell<'_>]) -> usize {
    let changes = cells
        .windows(2)
        .filter(|w| w[0].style != w[1].style)
        .count();
    usize::from(!cells.is_empty()) + changes
}

/// Appends `cells` to `row`, a span per run of one style. Each string is
/// allocated at its size: a conversation keeps its rows, and a row built a
/// character at a time would hold twice its text.
fn push_cells(row: &mut Vec<Span<'static>>, cells: &[Cell<'_>]) {
    let bytes = |c: &Cell<'_>| if c.g == "\t" { 4 } else { c.g.len() };
    let mut i = 0;
    while i < cells.len() {
        let style = cells[i].style;
        let j = cells[i..]
            .iter()
            .position(|c| c.style != style)
            .map_or(cells.len(), |k| i + k);
        let mut cur = String::with_capacity(cells[i..j].iter().map(bytes).sum());
        for c in &cells[i..j] {
            cur.push_str(if c.g == "\t" { "    " } else { c.g });
        }
        row.push(Span::styled(cur, style));
        i = j;
    }
}

#[cfg(test)]
#[path = "wrap_tests.rs"]
mod tests;
