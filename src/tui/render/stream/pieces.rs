//! Markdown cut in pieces (a long unit that is streaming, or a long reply
//! laid out by blocks): what a piece needs to read as it did whole, and
//! the fence and table lines that tell it.

use ratatui::text::Line;

use super::wrap_all;
use crate::tui::theme::Theme;

/// What a piece cut from a long unit needs to read as it did whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reopen {
    /// Inside a fence: its opening line (the head it draws is left out).
    Fence(String),
    /// Inside a table: its head and delimiter lines (drawn again).
    Table(String),
}

/// Renders and wraps `piece` of a longer markdown text: after `reopen`, and
/// for a fence still open at its end, closed by `reclose` (a fence's
/// char, length and indent), the rows those added lines draw left out.
pub(crate) fn wrap_piece(
    piece: &str,
    reopen: Option<&Reopen>,
    reclose: Option<(char, usize, usize)>,
    width: usize,
    th: Theme,
) -> Vec<Line<'static>> {
    if reopen.is_none() && reclose.is_none() {
        return wrap_all(piece, width, th);
    }
    let mut s = String::with_capacity(piece.len() + 64);
    if let Some(Reopen::Fence(head) | Reopen::Table(head)) = reopen {
        s.push_str(head.trim_end_matches(['\n', '\r']));
        s.push('\n');
    }
    s.push_str(piece);
    if let Some((c, n, indent)) = reclose {
        if !s.ends_with('\n') {
            s.push('\n');
        }
        s.extend(std::iter::repeat_n(' ', indent));
        s.extend(std::iter::repeat_n(c, n));
        s.push('\n');
    }
    let mut out = wrap_all(&s, width, th);
    if matches!(reopen, Some(Reopen::Fence(_))) && !out.is_empty() {
        out.remove(0);
    }
    if reclose.is_some() {
        out.pop();
    }
    out
}

/// Whether `line` closes the fence `(c, n)` that is open.
pub(crate) fn closes(line: &str, (c, n): (char, usize)) -> bool {
    fence_of(line)
        .is_some_and(|(fc, fnum)| fc == c && fnum >= n && line.trim().chars().all(|x| x == c))
}

/// The head of a table that `unit` starts with (its first two lines, the
/// second a delimiter row), if it does.
pub(crate) fn table_head(unit: &str) -> Option<&str> {
    // A head is a few lines: look no further (a unit can be megabytes on
    // one line).
    let mut near = unit.len().min(8192);
    while !unit.is_char_boundary(near) {
        near -= 1;
    }
    let mut lines = unit[..near].split_inclusive('\n');
    let head = lines.next()?;
    let delim = lines.next()?;
    // A table in a quote is one too (its head is repeated with the marks).
    let unquoted = |l: &str| {
        let mut t = l.trim_start();
        while let Some(rest) = t.strip_prefix('>') {
            t = rest.trim_start();
        }
        t.to_owned()
    };
    let d = unquoted(delim);
    let d = d.trim();
    let is_delim = d.contains('-') && d.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'));
    (unquoted(head).starts_with('|') && is_delim).then(|| &unit[..head.len() + delim.len()])
}

/// A fence line: up to 3 spaces, then 3+ backticks or tildes.
pub(crate) fn fence_of(line: &str) -> Option<(char, usize)> {
    let t = line
        .strip_prefix("   ")
        .or_else(|| line.strip_prefix("  "))
        .or_else(|| line.strip_prefix(' '))
        .unwrap_or(line);
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}
