//! Cutting the growing text into units: finished units (a blank line
//! outside a fence, the end of a fence) are committed once; a top-level
//! fence is drawn line by line as it is written; a long plain paragraph is
//! drawn in pieces up to a safe point.

use ratatui::text::Line;

use super::super::markdown::render;
use super::super::para;
use super::super::wrap::wrap_line;
use super::{
    HIGHLIGHT_LIVE, OpenFence, Para, Reopen, StreamMarkdown, UNIT_MOST, closes, fence_of,
    table_head, wrap_piece,
};

impl StreamMarkdown {
    /// The tail outside a fence: rendered from the unit's start, or for a
    /// long plain paragraph from its last safe point on.
    pub(super) fn update_text(&mut self, src: &str) {
        let width = self.width;
        if self.reopen.is_some() {
            // A piece of a long unit: rendered after what opens it again.
            let lines = render_after(&src[self.done..], self.reopen.as_ref(), width, self.th);
            self.wrap_tail(lines);
            return;
        }
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

    /// An open unit that is no plain paragraph and has grown past
    /// [`UNIT_MOST`] is committed up to the end of its last complete line;
    /// the rest goes on as a piece of it (see [`Reopen`]).
    pub(super) fn cut_long_unit(&mut self, src: &str) {
        // A line of megabytes (a list item, a table row) is cut inside,
        // after a space: there is no line's end to wait for.
        let long_line = src.len() - self.line_start > para::FORCE;
        if self.para.is_some() || (self.line_start < self.done + UNIT_MOST && !long_line) {
            return;
        }
        if self.reopen.is_none() && self.not_para != Some(self.done) {
            if para::plain_paragraph(&src[self.done..self.line_start]) {
                return; // drawn in pieces by `advance_para`
            }
            self.not_para = Some(self.done);
        }
        let unit = &src[self.done..self.line_start];
        let next = match self.fence {
            Some((c, _, (a, b))) => {
                // Past the highlighting budget, the fence goes on plain.
                self.fenced += self.line_start - self.done;
                let open = &src[a..b];
                Some(Reopen::Fence(if self.fenced > HIGHLIGHT_LIVE {
                    let indent = open.len() - open.trim_start_matches(' ').len();
                    let marks = open[indent..].chars().take_while(|x| *x == c).count();
                    open[..indent + marks * c.len_utf8()].to_owned()
                } else {
                    open.to_owned()
                }))
            }
            None => match &self.reopen {
                Some(Reopen::Table(head)) => Some(Reopen::Table(head.clone())),
                _ => table_head(unit).map(|h| Reopen::Table(h.to_owned())),
            },
        };
        let reclose = self.fence.map(|(c, n, (a, b))| {
            let line = &src[a..b];
            (c, n, line.len() - line.trim_start_matches(' ').len())
        });
        let at = if long_line {
            let upto = src.len() - self.line_start - para::KEEP;
            self.line_start + para::any_point(&src[self.line_start..], upto)
        } else {
            self.line_start
        };
        if at <= self.done {
            return;
        }
        self.line_start = at;
        self.scanned = self.scanned.max(at);
        self.commit_piece(src, at, reclose);
        self.reopen = next;
        self.cont = true;
    }

    /// Finds and commits the units completed since the last scan.
    pub(super) fn scan(&mut self, src: &str) {
        // The line being written was searched up to `scanned` already.
        while let Some(nl) = src[self.scanned.max(self.line_start)..].find('\n') {
            let end = self.scanned.max(self.line_start) + nl + 1;
            let line = &src[self.line_start..end - 1];
            match self.fence {
                Some((c, n, _)) => {
                    if closes(line, (c, n)) {
                        self.fence = None;
                        self.fenced = 0;
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
                        self.fence = Some((f.0, f.1, (self.line_start, end)));
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
        let mut rows = Vec::new();
        if self.started {
            rows.push(Line::default());
        }
        let mut fence = OpenFence::new(lang, self.th, self.code_highlighted, rows);
        fence.rows.extend(wrap_line(&fence.frame.head, self.width));
        // (The budget is the reply's: its fences together.)
        self.open_fence = Some(fence);
        self.done = end;
    }

    pub(super) fn close_fence(&mut self, src: &str, end: usize) {
        match self.open_fence.take() {
            Some(mut f) => {
                self.code_highlighted = f.highlighted;
                self.committed.append(&mut f.rows);
                self.committed.extend(wrap_line(&f.frame.foot, self.width));
                self.started = true;
                self.done = end;
            }
            None => self.commit(src, end),
        }
    }

    pub(super) fn commit(&mut self, src: &str, upto: usize) {
        self.commit_piece(src, upto, None);
        self.reopen = None;
        self.cont = false;
    }

    /// Commits the open unit up to `upto`, a fence still open there closed
    /// by `reclose`. A paragraph drawn in pieces keeps them: only its open
    /// part is rendered, after its carried row.
    fn commit_piece(&mut self, src: &str, upto: usize, reclose: Option<(char, usize, usize)>) {
        let para = self.para.take();
        self.joined = None;
        self.partial.clear();
        let unit = &src[self.done..upto];
        if !unit.trim().is_empty() {
            if self.started && !self.cont {
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
                _ => self.committed.extend(wrap_piece(
                    unit,
                    self.reopen.as_ref(),
                    reclose,
                    self.width,
                    self.th,
                )),
            }
            self.started = true;
        }
        self.done = upto;
        self.tail.clear();
    }
}

/// `text` rendered (not wrapped) after what opens it again, the head a
/// fence draws for it left out.
fn render_after(
    text: &str,
    reopen: Option<&Reopen>,
    width: usize,
    th: crate::tui::theme::Theme,
) -> Vec<super::super::wrap::StyledLine> {
    match reopen {
        None => render(text, width, th),
        Some(Reopen::Fence(head) | Reopen::Table(head)) => {
            let mut s = String::with_capacity(head.len() + text.len() + 1);
            s.push_str(head.trim_end_matches(['\n', '\r']));
            s.push('\n');
            s.push_str(text);
            let mut lines = render(&s, width, th);
            if matches!(reopen, Some(Reopen::Fence(_))) && !lines.is_empty() {
                lines.remove(0);
            }
            lines
        }
    }
}
