//! Markdown of a reply that is still growing, rendered so that the work per
//! token does not grow with the reply. The text is cut into *units* at block
//! boundaries (a blank line outside a code fence, the end of a fence); a
//! finished unit is rendered and wrapped once and kept, and only the open
//! tail is rendered again on each update. When the reply is finished it is
//! rendered once whole (constructs spanning units, like loose lists, then
//! come out exactly right).

use ratatui::text::Line;

use super::markdown::render;
use super::wrap::wrap_line;

#[derive(Debug, Default)]
pub struct StreamMarkdown {
    width: usize,
    /// Wrapped lines of the committed units, blank lines between units included.
    committed: Vec<Line<'static>>,
    /// Source bytes consumed into committed units.
    done: usize,
    /// Start of the line being scanned, and the scan position.
    line_start: usize,
    /// The fence the scan is inside (its char and length), if any.
    fence: Option<(char, usize)>,
    /// Wrapped lines of the tail, as of the last update.
    tail: Vec<Line<'static>>,
    /// Source length at the last update.
    seen: usize,
}

/// A fence line: up to 3 spaces, then 3+ backticks or tildes.
fn fence_of(line: &str) -> Option<(char, usize)> {
    let t = line
        .strip_prefix("   ")
        .or_else(|| line.strip_prefix("  "))
        .or_else(|| line.strip_prefix(' '))
        .unwrap_or(line);
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

impl StreamMarkdown {
    /// Brings the rendering up to date with `src` (which only ever grows;
    /// anything else starts over) at `width`.
    pub fn update(&mut self, src: &str, width: usize) {
        if width != self.width || src.len() < self.seen || !src.is_char_boundary(self.done) {
            *self = Self {
                width,
                ..Self::default()
            };
        }
        if src.len() == self.seen && !self.tail.is_empty() {
            return;
        }
        self.seen = src.len();
        self.scan(src);
        self.tail = wrap_all(&src[self.done..], width);
    }

    /// Finds and commits the units completed since the last scan.
    fn scan(&mut self, src: &str) {
        while let Some(nl) = src[self.line_start..].find('\n') {
            let end = self.line_start + nl + 1;
            let line = &src[self.line_start..end - 1];
            match self.fence {
                Some((c, n)) => {
                    if fence_of(line).is_some_and(|(fc, fnum)| {
                        fc == c && fnum >= n && line.trim().chars().all(|x| x == c)
                    }) {
                        self.fence = None;
                        self.commit(src, end);
                    }
                }
                None => {
                    if let Some(f) = fence_of(line) {
                        // A fence may interrupt a paragraph: commit what precedes it.
                        self.commit(src, self.line_start);
                        self.fence = Some(f);
                    } else if line.trim().is_empty() {
                        self.commit(src, end);
                    }
                }
            }
            self.line_start = end;
        }
    }

    fn commit(&mut self, src: &str, upto: usize) {
        let unit = &src[self.done..upto];
        if !unit.trim().is_empty() {
            if !self.committed.is_empty() {
                self.committed.push(Line::default());
            }
            self.committed.extend(wrap_all(unit, self.width));
        }
        self.done = upto;
    }

    /// All lines: committed units, then the tail.
    pub fn lines(&self) -> impl Iterator<Item = &Line<'static>> + '_ {
        let gap: Option<&Line<'static>> =
            (!self.committed.is_empty() && !self.tail.is_empty()).then_some(&BLANK);
        self.committed.iter().chain(gap).chain(self.tail.iter())
    }

    pub fn len(&self) -> usize {
        let gap = usize::from(!self.committed.is_empty() && !self.tail.is_empty());
        self.committed.len() + gap + self.tail.len()
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
pub fn wrap_all(src: &str, width: usize) -> Vec<Line<'static>> {
    render(src, width)
        .iter()
        .flat_map(|l| wrap_line(l, width))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: Vec<&Line<'static>>) -> Vec<String> {
        lines
            .into_iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    const DOC: &str = "# Title\n\nFirst paragraph with *style*.\n\n```rust\nfn main() {\n    println!(\"hi\");\n}\n```\nAfter the fence.\n\n- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\nEnd 你好。";

    #[test]
    fn streamed_equals_whole_for_any_growth_pattern() {
        let whole = text(wrap_all(DOC, 30).iter().collect());
        for step in [1usize, 2, 3, 7, 16] {
            let mut s = StreamMarkdown::default();
            let mut end = 0;
            while end < DOC.len() {
                end = (end + step).min(DOC.len());
                while !DOC.is_char_boundary(end) {
                    end += 1;
                }
                s.update(&DOC[..end], 30);
            }
            assert_eq!(text(s.lines().collect()), whole, "step {step}");
            assert_eq!(s.len(), whole.len());
        }
    }

    #[test]
    fn committed_units_are_not_rerendered() {
        let mut s = StreamMarkdown::default();
        s.update("Para one.\n\nPara two is gro", 40);
        assert_eq!(s.done, "Para one.\n\n".len());
        assert_eq!(s.committed.len(), 1);
        s.update("Para one.\n\nPara two is growing", 40);
        assert_eq!(s.done, "Para one.\n\n".len(), "the tail alone changed");
    }

    #[test]
    fn restart_and_width_change_start_over() {
        let mut s = StreamMarkdown::default();
        s.update("aaa\n\nbbb", 40);
        s.update("new", 40);
        assert_eq!(text(s.lines().collect()), vec!["new"]);
        s.update("new text here", 5);
        assert_eq!(text(s.lines().collect()), vec!["new", "text", "here"]);
    }
}
