//! Cutting the growing text into units: finished units (a blank line
//! outside a fence, the end of a fence) are committed once; a top-level
//! fence is drawn line by line as it is written; a long plain paragraph is
//! drawn in pieces up to a safe point.

use ratatui::text::Line;

use super::super::highlight::CodeHighlighter;
use super::super::markdown::{CodeFrame, render};
use super::super::para;
use super::super::wrap::wrap_line;
use super::{OpenFence, Para, StreamMarkdown, fence_of, wrap_all};

impl StreamMarkdown {
    /// The tail outside a fence: rendered from the unit's start, or for a
    /// long plain paragraph from its last safe point on.
    pub(super) fn update_text(&mut self, src: &str) {
        let width = self.width;
        let unit = &src[self.done..];
        let (start, _) = self.para_limits();
        if self.para.is_none() && self.not_para != Some(self.done) && unit.len() > start {
            if para::plain_paragraph(unit) {
                self.para = Some(Para {
                    start: self.done,
                    rows: Vec::new(),
                    carry: None,
                });
            } else {
                self.not_para = Some(self.done);
            }
        }
        self.advance_para(src);
        let start = self.para.as_ref().map_or(self.done, |p| p.start);
        let mut lines = render(&src[start..], width, self.th);
        let carry = self.para.as_ref().and_then(|p| p.carry.clone());
        let joins = match (&carry, lines.first_mut()) {
            (Some(c), Some(first)) => para::continue_after(para::row_width(c), first, width),
            _ => false,
        };
        self.wrap_tail(lines);
        self.joined = match (&carry, self.tail.first().and_then(|t| t.rows.first())) {
            (Some(c), Some(first)) if joins => Some(para::join(c, first)),
            _ => None,
        };
        // A carried row that the tail does not continue is a row of its own.
        if let (Some(c), false) = (carry, joins) {
            self.partial = vec![c];
        }
    }

    /// Draws for good the part of a long paragraph up to a safe point that
    /// leaves the last `para::KEEP` bytes open (fewer when eager), a piece
    /// of at most `para::STEP` bytes at a time (text that came all at once
    /// is not laid out in one go). An open part longer than `para::FORCE`
    /// with no safe point (a mark never closed) is cut after a space anyway:
    /// the rows may then differ from a whole render until the reply ends,
    /// but the cost of an update stays bounded.
    pub(super) fn advance_para(&mut self, src: &str) {
        let (width, th) = (self.width, self.th);
        let (_, keep) = self.para_limits();
        let Some(p) = self.para.as_mut() else { return };
        let mut moved = false;
        loop {
            let open = &src[p.start..];
            if open.len() < 2 * keep {
                break;
            }
            let upto = (open.len() - keep).min(para::STEP);
            let cut = match para::safe_point(open, upto) {
                Some(cut) => cut,
                None if open.len() > para::FORCE => para::any_point(open, upto),
                None => break,
            };
            let seg = &open[..cut];
            if cut == 0 || !para::plain_paragraph(seg) {
                break;
            }
            // One row-set per line (soft breaks start rows): the first goes
            // on from the carried row, the last is carried on.
            let lines = render(seg, width, th);
            let n = lines.len();
            if n == 0 {
                break;
            }
            for (k, line) in lines.into_iter().enumerate() {
                let carry = if k == 0 { p.carry.take() } else { None };
                let (done, last) = para::wrap_after(carry.as_ref(), line, width);
                p.rows.extend(done);
                if k + 1 < n {
                    p.rows.push(last);
                } else {
                    p.carry = Some(last);
                }
            }
            p.start += cut;
            moved = true;
        }
        if moved {
            // The tail now starts elsewhere: wrap it afresh.
            self.tail.clear();
        }
    }

    /// Finds and commits the units completed since the last scan.
    pub(super) fn scan(&mut self, src: &str) {
        // The line being written was searched up to `scanned` already.
        while let Some(nl) = src[self.scanned.max(self.line_start)..].find('\n') {
            let end = self.scanned.max(self.line_start) + nl + 1;
            let line = &src[self.line_start..end - 1];
            match self.fence {
                Some((c, n)) => {
                    if fence_of(line).is_some_and(|(fc, fnum)| {
                        fc == c && fnum >= n && line.trim().chars().all(|x| x == c)
                    }) {
                        self.fence = None;
                        self.close_fence(src, end);
                    } else if let Some(f) = &mut self.open_fence {
                        let spans = f.line(&src[self.line_start..end]);
                        f.rows.extend(wrap_line(&f.frame.line(spans), self.width));
                    }
                }
                None => {
                    if let Some(f) = fence_of(line) {
                        // A fence may interrupt a paragraph: commit what precedes it.
                        self.commit(src, self.line_start);
                        self.fence = Some(f);
                        self.open_fence(line, end);
                    } else if line.trim().is_empty() {
                        self.commit(src, end);
                    }
                }
            }
            self.line_start = end;
        }
        self.scanned = src.len();
    }

    /// A fence opens on `line`: at the top level it is drawn line by line
    /// from now on; indented (in a list or quote) it stays in the tail.
    pub(super) fn open_fence(&mut self, line: &str, end: usize) {
        if line.starts_with(' ') {
            return;
        }
        // The info string, as the whole render reads it.
        let lang = line.trim_start_matches(['`', '~']).trim();
        let frame = CodeFrame::new(&[], lang, self.th);
        let mut rows = Vec::new();
        if self.started {
            rows.push(Line::default());
        }
        rows.extend(wrap_line(&frame.head, self.width));
        self.open_fence = Some(OpenFence {
            frame,
            highlighter: CodeHighlighter::new(lang, self.th),
            highlighted: 0,
            rows,
        });
        self.done = end;
    }

    pub(super) fn close_fence(&mut self, src: &str, end: usize) {
        match self.open_fence.take() {
            Some(f) => {
                self.committed.extend(f.rows);
                self.committed.extend(wrap_line(&f.frame.foot, self.width));
                self.started = true;
                self.done = end;
            }
            None => self.commit(src, end),
        }
    }

    pub(super) fn commit(&mut self, src: &str, upto: usize) {
        // The unit is rendered whole now, but a paragraph drawn in pieces
        // keeps them: only its open part is rendered, after its carried row.
        let para = self.para.take();
        self.joined = None;
        self.partial.clear();
        let unit = &src[self.done..upto];
        if !unit.trim().is_empty() {
            if self.started {
                self.committed.push(Line::default());
            }
            match para {
                Some(p) if p.start > self.done && p.start <= upto => {
                    self.committed.extend(p.rows);
                    let lines = render(&src[p.start..upto], self.width, self.th);
                    let mut carry = p.carry;
                    for line in lines {
                        let (done, last) =
                            para::wrap_after(carry.take().as_ref(), line, self.width);
                        self.committed.extend(done);
                        self.committed.push(last);
                    }
                    self.committed.extend(carry);
                }
                _ => self.committed.extend(wrap_all(unit, self.width, self.th)),
            }
            self.started = true;
        }
        self.done = upto;
    }
}
