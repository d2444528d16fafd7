//! Cutting a long reply's text into blocks, once, in one scan: runs of
//! whole units (paragraphs, fences) up to about a block's size, a longer
//! unit cut at a line's end (a fence to be opened again in the next piece,
//! a table's head to be drawn again), a longer line after a space; and a
//! guess of each block's rows.

use std::ops::Range;

use super::{BLOCK, Block, Field, PIECE, Part, Render};
use crate::tui::render::stream::{Reopen, closes, fence_of, table_head};
use supchat_chat::text::sanitize;

/// Rows `line` takes at `inner` cells, guessed from its bytes and its
/// characters (wide characters count two cells, most others one).
fn guess(line: &str, inner: usize) -> usize {
    let chars = line.bytes().filter(|b| b & 0xC0 != 0x80).count();
    let cells = (line.len() + chars) / 2;
    cells.div_ceil(inner.max(1)).max(1)
}

/// The lines of `src` with their newline, a line longer than a block cut
/// after a space (or at a character's edge): (start, end) byte offsets.
fn pieces(src: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= src.len() {
            return None;
        }
        let rest = &src[at..];
        // Looked for no further than a block (a text with no newline must
        // not be searched to its end for each piece).
        let near = &rest.as_bytes()[..rest.len().min(BLOCK + 1)];
        let mut end = near
            .iter()
            .position(|b| *b == b'\n')
            .map_or(near.len(), |i| i + 1);
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        if end > BLOCK {
            let mut cut = BLOCK;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            end = match rest[..cut].rfind(' ') {
                Some(sp) if sp > BLOCK / 2 => {
                    // After the run of spaces that follows (a few), so the
                    // next piece starts with a word, not indented code.
                    let spaces = rest.as_bytes()[sp + 1..]
                        .iter()
                        .take(BLOCK)
                        .take_while(|b| **b == b' ')
                        .count();
                    sp + 1 + spaces
                }
                _ => cut,
            };
        }
        let start = at;
        at += end;
        Some((start, at))
    })
}

/// The blocks of a markdown text.
pub fn markdown_blocks(src: &str, field: Field, inner: usize) -> Vec<Part> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut unit_start = 0;
    let mut estimate = 0;
    let mut gap = false;
    let mut reopen: Option<Reopen> = None;
    // The fence the text is in: its char and length, and its opening line.
    let mut fence: Option<(char, usize, Range<usize>)> = None;
    let push = |out: &mut Vec<Part>,
                range: Range<usize>,
                estimate: usize,
                gap: bool,
                reopen: Option<Reopen>,
                reclose: Option<(char, usize, usize)>| {
        out.push(Part::Block(Block {
            field,
            range,
            render: Render::Markdown { reopen, reclose },
            gap,
            estimate: estimate + usize::from(gap),
            exact: None,
            lines: None,
            used: 0,
        }));
    };
    for (ls, le) in pieces(src) {
        let raw = src[ls..le].trim_end_matches(['\n', '\r']);
        estimate += guess(raw, inner);
        // Judged as the renderer sees it: cleaned of controls.
        let cleaned;
        let line = if raw.bytes().any(|b| b < 0x20 && b != b'\t' || b == 0x7f) {
            cleaned = sanitize(raw);
            cleaned.as_str()
        } else {
            raw
        };
        let mut unit_end = false;
        match &fence {
            Some((c, n, _)) => {
                if closes(line, (*c, *n)) {
                    fence = None;
                    unit_end = true;
                }
            }
            None => match fence_of(line) {
                Some((c, n)) => fence = Some((c, n, ls..le)),
                None => unit_end = line.trim().is_empty(),
            },
        }
        if unit_end && le - start >= BLOCK {
            push(&mut out, start..le, estimate, gap, reopen.take(), None);
            (start, estimate, gap) = (le, 0, true);
        } else if le - start >= PIECE {
            // A piece of a long unit: a fence is opened again in the next
            // piece (and closed at the end of this one), a table's head
            // drawn again.
            // (Drawn again: cleaned like the text.)
            let next = match &fence {
                Some((_, _, open)) => Some(Reopen::Fence(sanitize(&src[open.clone()]))),
                None => match &reopen {
                    Some(Reopen::Table(h)) => Some(Reopen::Table(h.clone())),
                    _ => table_head(&src[unit_start..le]).map(|h| Reopen::Table(sanitize(h))),
                },
            };
            let reclose = fence.as_ref().map(|(c, n, open)| {
                let l = &src[open.clone()];
                (*c, *n, l.len() - l.trim_start_matches(' ').len())
            });
            push(&mut out, start..le, estimate, gap, reopen.take(), reclose);
            reopen = next;
            (start, estimate, gap) = (le, 0, false);
        }
        if unit_end {
            unit_start = le;
        }
    }
    if start < src.len() {
        push(&mut out, start..src.len(), estimate, gap, reopen, None);
    }
    out
}

/// The blocks of a plain text (reasoning), cut at a line's end (the
/// newline itself in neither block), or a long line after a space.
pub fn plain_blocks(src: &str, field: Field, inner: usize) -> Vec<Part> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut estimate = 0;
    let push = |out: &mut Vec<Part>, range: Range<usize>, estimate: usize| {
        out.push(Part::Block(Block {
            field,
            range,
            render: Render::Plain,
            gap: false,
            estimate,
            exact: None,
            lines: None,
            used: 0,
        }));
    };
    for (ls, le) in pieces(src) {
        estimate += guess(src[ls..le].trim_end_matches('\n'), inner);
        if le - start >= BLOCK {
            let end = if src[..le].ends_with('\n') {
                le - 1
            } else {
                le
            };
            push(&mut out, start..end, estimate);
            (start, estimate) = (le, 0);
        }
    }
    if start < src.len() || out.is_empty() {
        push(&mut out, start..src.len(), estimate);
    }
    out
}
