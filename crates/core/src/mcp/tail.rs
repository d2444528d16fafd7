//! The last lines an MCP server wrote to stderr, kept for its status row:
//! a bounded number of lines, each cut, whatever the server writes.

use std::collections::VecDeque;

/// Lines of a server's stderr kept, and bytes of each.
pub(super) const TAIL_LINES: usize = 20;
pub(super) const TAIL_LINE_BYTES: usize = 400;

/// The last lines a server wrote to stderr.
#[derive(Debug, Default)]
pub(crate) struct Tail {
    lines: VecDeque<String>,
    /// The line being written (its first bytes).
    open: String,
}

impl Tail {
    /// Takes what was read; lines past [`TAIL_LINES`] and bytes past
    /// [`TAIL_LINE_BYTES`] of a line are dropped.
    pub(crate) fn push(&mut self, mut bytes: &[u8]) {
        // Of a chunk of many lines only the last few can stay: the rest is
        // skipped unread (a server flooding stderr costs little).
        let ends: Vec<usize> = bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i)
            .collect();
        if ends.len() > TAIL_LINES {
            self.open.clear();
            self.lines.clear();
            bytes = &bytes[ends[ends.len() - TAIL_LINES - 1] + 1..];
        }
        for piece in bytes.split_inclusive(|&b| b == b'\n') {
            let (text, ends) = match piece.strip_suffix(b"\n") {
                Some(t) => (t, true),
                None => (piece, false),
            };
            let room = TAIL_LINE_BYTES.saturating_sub(self.open.len());
            if room > 0 {
                let take = &text[..text.len().min(room)];
                self.open.push_str(&String::from_utf8_lossy(take));
            }
            if ends {
                let line = std::mem::take(&mut self.open);
                if self.lines.len() == TAIL_LINES {
                    self.lines.pop_front();
                }
                self.lines.push_back(line);
            }
        }
    }

    pub(super) fn lines(&self) -> Vec<String> {
        let mut v: Vec<String> = self.lines.iter().cloned().collect();
        if !self.open.is_empty() {
            v.push(self.open.clone());
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stderr_keeps_the_last_lines_each_cut() {
        let mut t = Tail::default();
        for i in 0..30 {
            t.push(format!("line {i}\n").as_bytes());
        }
        t.push(&vec![b'x'; 10_000]);
        t.push(b"yz\npartial");
        let lines = t.lines();
        assert_eq!(lines.len(), TAIL_LINES + 1);
        assert_eq!(lines[0], "line 11");
        assert_eq!(lines[TAIL_LINES - 1].len(), TAIL_LINE_BYTES);
        assert_eq!(lines[TAIL_LINES], "partial");
    }
}
