//! A top-level code fence being written: its lines highlighted one at a
//! time as they complete (syntect's state kept between them), the line being
//! written highlighted as it would be, and its code kept highlighted for the
//! whole render at the reply's end.

use ratatui::text::{Line, Span};

use super::super::highlight::{self, CodeHighlighter};
use super::super::markdown::CodeFrame;
use super::HIGHLIGHT_LIVE;
use crate::tui::theme::Theme;

/// A top-level code fence being written, drawn line by line.
#[derive(Debug)]
pub(super) struct OpenFence {
    pub(super) frame: CodeFrame,
    highlighter: CodeHighlighter,
    /// Bytes of code highlighted so far (see [`HIGHLIGHT_LIVE`]).
    pub(super) highlighted: usize,
    /// Wrapped rows: the head, then each complete line of code.
    pub(super) rows: Vec<Line<'static>>,
    /// Its language, its code so far and that code highlighted, line by
    /// line: kept when it closes, so that the whole render at the end finds
    /// it highlighted (see [`highlight::remember`]).
    lang: String,
    th: Theme,
    code: String,
    lines: Vec<Vec<Span<'static>>>,
    /// A line of it was drawn in pieces (see [`super::PARTIAL_MOST`]).
    pub(super) pieces: bool,
}

impl OpenFence {
    /// A fence in `lang` opening, its head wrapped in `rows`; `highlighted`
    /// bytes of the reply's code were highlighted before it.
    pub(super) fn new(lang: &str, th: Theme, highlighted: usize, rows: Vec<Line<'static>>) -> Self {
        Self {
            frame: CodeFrame::new(&[], lang, th),
            highlighter: CodeHighlighter::new(lang, th),
            highlighted,
            rows,
            lang: lang.to_owned(),
            th,
            code: String::new(),
            lines: Vec::new(),
            pieces: false,
        }
    }

    /// The spans of the fence's next line: highlighted, or past
    /// [`HIGHLIGHT_LIVE`] plain.
    pub(super) fn line(&mut self, line: &str) -> Vec<Span<'static>> {
        self.highlighted = self.highlighted.saturating_add(line.len());
        if self.highlighted > HIGHLIGHT_LIVE {
            self.lines = Vec::new();
            self.code = String::new();
            return plain_code(line);
        }
        let spans = self.highlighter.line(line);
        self.code.push_str(line);
        self.lines.push(spans.clone());
        spans
    }

    /// The spans the line being written would get.
    pub(super) fn peek(&self, line: &str) -> Vec<Span<'static>> {
        if self.highlighted.saturating_add(line.len()) > HIGHLIGHT_LIVE {
            return plain_code(line);
        }
        self.highlighter.peek(line)
    }
}

/// A fence closed, or left open when the reply ended (or the rendering
/// started over): its code is kept highlighted, when all of it was, for the
/// whole render of the reply to find.
impl Drop for OpenFence {
    fn drop(&mut self) {
        if self.highlighted <= HIGHLIGHT_LIVE && !self.pieces {
            highlight::remember(
                &self.code,
                &self.lang,
                self.th,
                &self.lines,
                &self.highlighter,
            );
        }
    }
}

/// A line of code, uncoloured.
pub(super) fn plain_code(line: &str) -> Vec<Span<'static>> {
    vec![Span::raw(line.trim_end_matches(['\n', '\r']).to_owned())]
}
