//! A long paragraph being written, drawn in pieces: its start is rendered
//! and wrapped once, and only the text after a *safe point* is rendered
//! again as it grows, its first row continuing the last row of what came
//! before. So a paragraph of 20,000 words costs per frame what one of 200
//! does. A safe point is a space before a letter, with every inline mark
//! before it closed (`*`, `_`, backticks, brackets), in a paragraph with no
//! block syntax (lists, quotes, headings, tables, fences): there, rendering
//! the two parts apart gives what rendering them together gives. The whole
//! reply is rendered once more when it ends, which settles anything else.

use ratatui::text::{Line, Span};

use super::wrap::{StyledLine, width, wrap_line};

/// A paragraph is drawn in pieces once it is this long.
pub const START: usize = 1024;
/// The part after the last safe point is kept about this long.
pub const KEEP: usize = 256;
/// At most this much of a paragraph is drawn for good in one piece.
pub const STEP: usize = 64 * 1024;
/// An open part longer than this is cut even with no safe point.
pub const FORCE: usize = 256 * 1024;

/// Whether a line opens (or turns text into) a block other than a
/// paragraph: a heading, quote, list item, table row, fence, HTML, a setext
/// underline, or indented code.
fn block_line(line: &str) -> bool {
    if line.starts_with("    ") || line.starts_with('\t') {
        return true;
    }
    let t = line.trim_start();
    let first = t.chars().next();
    if matches!(first, Some('#' | '>' | '|' | '<' | '`' | '~')) {
        return true;
    }
    if ["- ", "* ", "+ "].iter().any(|m| t.starts_with(m)) {
        return true;
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") ")) {
        return true;
    }
    let underline = t.trim_end();
    !underline.is_empty()
        && (underline.chars().all(|c| c == '=') || underline.chars().all(|c| c == '-'))
}

/// Whether `text` is plain paragraph text: no line of it is block syntax.
pub fn plain_paragraph(text: &str) -> bool {
    !text.is_empty() && !text.lines().any(block_line)
}

/// Inline marks all closed in `s`.
fn balanced(s: &str) -> bool {
    let count = |c: char| s.chars().filter(|x| *x == c).count();
    if count('`') % 2 != 0 || count('*') % 2 != 0 || count('~') % 2 != 0 {
        return false;
    }
    if count('[') != count(']') || count('(') != count(')') || count('<') != count('>') {
        return false;
    }
    // `_` marks emphasis only at a word's edge (snake_case is text).
    let chars: Vec<char> = s.chars().collect();
    let edge_underscores = chars
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            **c == '_' && {
                let before = i.checked_sub(1).and_then(|j| chars.get(j));
                let after = chars.get(i + 1);
                !before.is_some_and(|b| b.is_alphanumeric())
                    || !after.is_some_and(|a| a.is_alphanumeric())
            }
        })
        .count();
    edge_underscores % 2 == 0 && !s.ends_with('\\') && !s.contains('&')
}

/// The last safe point in `s` at or before `upto` (see the module's
/// opening), if there is one.
pub fn safe_point(s: &str, upto: usize) -> Option<usize> {
    let mut upto = upto.min(s.len());
    while !s.is_char_boundary(upto) {
        upto -= 1;
    }
    let head = &s[..upto];
    let mut end = head.len();
    // Try a few spaces back from the end: balance is checked whole each
    // time, so keep the tries few.
    for _ in 0..8 {
        let space = head[..end].rfind(' ')?;
        let at = space + 1;
        if s[at..].chars().next().is_some_and(char::is_alphabetic) && balanced(&s[..at]) {
            return Some(at);
        }
        end = space;
    }
    None
}

/// A point to cut `s` at or before `upto` when there is no safe one: after
/// the last space before it, else at a character's edge.
pub fn any_point(s: &str, upto: usize) -> usize {
    let mut upto = upto.min(s.len());
    while !s.is_char_boundary(upto) {
        upto -= 1;
    }
    match s[..upto].rfind(' ') {
        Some(sp) if sp > 0 => sp + 1,
        _ => upto,
    }
}

/// The width of a row in cells.
pub fn row_width(row: &Line<'_>) -> usize {
    row.spans.iter().map(|s| width(&s.content)).sum()
}

/// Cells of the first word of `line` (up to its first space).
fn first_word_width(line: &StyledLine) -> usize {
    let mut w = 0;
    for s in &line.spans {
        match s.content.find(' ') {
            Some(i) => return w + width(&s.content[..i]),
            None => w += width(&s.content),
        }
    }
    w
}

/// How `next` continues after the row `carry` (`carry_w` cells): when its
/// first word fits after a space, `next` is given a prefix of that many
/// blank cells and its first row is to be joined onto `carry`
/// ([`join`]); else it starts a row of its own.
pub fn continue_after(carry_w: usize, next: &mut StyledLine, max: usize) -> bool {
    let fits = carry_w + 1 + first_word_width(next) <= max;
    if fits {
        next.prefix = vec![Span::raw(" ".repeat(carry_w + 1))];
        next.cont_prefix = Vec::new();
    }
    fits
}

/// `carry` and a first row that was wrapped behind a blank prefix of
/// `carry`'s width and a space: one row, its runs of one style merged (as
/// a whole wrap makes them).
pub fn join(carry: &Line<'static>, first: &Line<'static>) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = carry.spans.clone();
    spans.push(Span::raw(" "));
    spans.extend(first.spans.iter().skip(1).cloned());
    let mut merged: Vec<Span<'static>> = Vec::with_capacity(spans.len());
    for s in spans {
        match merged.last_mut() {
            Some(last) if last.style == s.style => last.content.to_mut().push_str(&s.content),
            _ => merged.push(s),
        }
    }
    Line::from(merged)
}

/// The paragraph's part `seg` (one logical line), wrapped after `carry`:
/// the rows it completes, and its last, unfinished row.
pub fn wrap_after(
    carry: Option<&Line<'static>>,
    mut seg: StyledLine,
    max: usize,
) -> (Vec<Line<'static>>, Line<'static>) {
    let mut done = Vec::new();
    let joined = match carry {
        Some(c) if continue_after(row_width(c), &mut seg, max) => Some(c),
        Some(c) => {
            done.push(c.clone());
            None
        }
        None => None,
    };
    let mut rows = wrap_line(&seg, max);
    if let (Some(c), Some(first)) = (joined, rows.first_mut()) {
        *first = join(c, first);
    }
    let last = rows.pop().unwrap_or_default();
    done.extend(rows);
    (done, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_and_block_syntax() {
        assert!(plain_paragraph(
            "Some text, with *style* and `code`.\nA soft break."
        ));
        for block in [
            "# H",
            "- item",
            "1. one",
            "> quote",
            "| t |",
            "```",
            "    code",
            "text\n---",
            "a\n===",
        ] {
            assert!(!plain_paragraph(block), "{block}");
        }
    }

    #[test]
    fn safe_points_sit_before_a_word_with_marks_closed() {
        let s = "one *two* three `four` five";
        let p = safe_point(s, s.len()).unwrap();
        assert_eq!(&s[p..], "five");
        let open = "one *two three four";
        assert_eq!(
            safe_point(open, open.len()),
            None,
            "the emphasis is still open"
        );
        assert_eq!(
            safe_point("snake_case words here", 21).map(|p| p > 0),
            Some(true)
        );
    }
}
