//! The screen: what the terminal shows, and the next frame drawn over it.
//!
//! ratatui's `Terminal::draw` clears its buffer, has the whole screen drawn
//! again and compares all of it with the last frame, every frame. While a
//! reply streams only a row or two change between frames, so here the
//! frame's buffer is kept: the view draws again only what changed (see
//! [`view::draw_kept`]), only those rows are compared with what the
//! terminal shows, and the frame goes out in one write. The size is the
//! app's (from the terminal's resize events), not asked of the terminal
//! each frame.

use std::io::{self, Write};
use std::ops::Range;
use std::time::Instant;

use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::backend::{Backend, CrosstermBackend, TestBackend};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use super::app::{App, ViewReport};
use super::view::{self, ViewCache};

/// A backend that can have the terminal show a frame whole, at once.
pub trait Frames: Backend {
    fn begin(&mut self) -> io::Result<()> {
        Ok(())
    }
    fn end(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<W: Write> Frames for CrosstermBackend<W> {
    fn begin(&mut self) -> io::Result<()> {
        crossterm::queue!(self, BeginSynchronizedUpdate)
    }
    fn end(&mut self) -> io::Result<()> {
        crossterm::queue!(self, EndSynchronizedUpdate)
    }
}

impl Frames for TestBackend {}

/// A terminal, the frame being drawn and what the terminal shows.
pub struct Screen<B: Backend> {
    /// Its buffer is the frame being drawn: it keeps the last frame.
    term: Terminal<B>,
    /// What the terminal shows.
    shown: Buffer,
    /// The frame's buffer holds the last frame drawn (else the next is
    /// drawn whole).
    kept: bool,
    /// The rows the last frame drew again (None: all of them), and
    /// whether it had the terminal scroll rows.
    redrawn: Option<usize>,
    scrolled: bool,
}

impl<B: Frames> Screen<B>
where
    B::Error: Send + Sync + 'static,
{
    /// A screen of `width` x `height` on `backend`, which shows nothing yet.
    pub fn new(backend: B, width: u16, height: u16) -> io::Result<Self> {
        let area = Rect::new(0, 0, width, height);
        let term = Terminal::with_options(
            backend,
            TerminalOptions {
                viewport: Viewport::Fixed(area),
            },
        )
        .map_err(io::Error::other)?;
        Ok(Self {
            term,
            shown: Buffer::empty(area),
            kept: false,
            redrawn: None,
            scrolled: false,
        })
    }

    /// The size drawn at.
    pub fn size(&self) -> (u16, u16) {
        let a = self.shown.area;
        (a.width, a.height)
    }

    pub fn backend(&self) -> &B {
        self.term.backend()
    }

    /// How many rows the last frame drew again (None: all of them).
    pub fn redrawn(&self) -> Option<usize> {
        self.redrawn
    }

    /// Whether the last frame had the terminal scroll rows.
    pub fn scrolled(&self) -> bool {
        self.scrolled
    }

    pub fn backend_mut(&mut self) -> &mut B {
        self.term.backend_mut()
    }

    /// Draws a frame of `app` at its size, in one synchronized update.
    pub fn draw(
        &mut self,
        app: &App,
        cache: &mut ViewCache,
        now: Instant,
    ) -> io::Result<ViewReport> {
        let (w, h) = app.size();
        let area = Rect::new(0, 0, w, h);
        if area != self.shown.area {
            // Cleared: the next frame is drawn and sent whole.
            self.term.resize(area).map_err(io::Error::other)?;
            self.shown = Buffer::empty(area);
            self.kept = false;
        }
        let drawn = {
            let mut frame = self.term.get_frame();
            view::draw_kept(&mut frame, app, cache, now, self.kept)
        };
        self.kept = true;
        self.redrawn = drawn.rows.as_ref().map(Vec::len);
        self.scrolled = drawn.scrolled.is_some();
        let next = std::mem::take(self.term.current_buffer_mut());
        let sent = self.send(&next, drawn.rows.as_deref(), drawn.scrolled);
        *self.term.current_buffer_mut() = next;
        sent?;
        match drawn.cursor {
            None => self.term.hide_cursor(),
            Some(at) => self
                .term
                .show_cursor()
                .and_then(|()| self.term.set_cursor_position(at)),
        }
        .map_err(io::Error::other)?;
        let out = self.term.backend_mut();
        out.end()?;
        out.flush().map_err(io::Error::other)?;
        Ok(drawn.report)
    }

    /// Sends what differs between `next` and what is shown, in `rows`
    /// (None: all of them), after scrolling the rows `scrolled` names; and
    /// takes it as shown.
    fn send(
        &mut self,
        next: &Buffer,
        rows: Option<&[u16]>,
        scrolled: Option<(Range<u16>, u16)>,
    ) -> io::Result<()> {
        self.term.backend_mut().begin()?;
        if let (Some((region, by)), Some(_)) = (scrolled, rows) {
            let w = usize::from(self.shown.area.width);
            let cells = usize::from(region.start) * w..usize::from(region.end) * w;
            let by_cells = usize::from(by) * w;
            if cells.end <= self.shown.content.len() && by_cells < cells.len() {
                self.term
                    .backend_mut()
                    .scroll_region_up(region, by)
                    .map_err(io::Error::other)?;
                self.shown.content[cells.clone()].rotate_left(by_cells);
                self.shown.content[cells.end - by_cells..cells.end].fill_with(Default::default);
            }
        }
        let whole = rows.is_none_or(|r| r.len() >= usize::from(next.area.height));
        let Some(rows) = rows.filter(|_| !whole) else {
            let updates = self.shown.diff(next);
            self.term
                .backend_mut()
                .draw(updates.into_iter())
                .map_err(io::Error::other)?;
            self.shown.clone_from(next);
            return Ok(());
        };
        let area = next.area;
        let width = usize::from(area.width);
        // Runs of consecutive rows, each compared as a buffer of its own.
        let mut i = 0;
        while i < rows.len() {
            let top = rows[i];
            let mut bottom = top + 1;
            i += 1;
            while i < rows.len() && rows[i] <= bottom {
                bottom = bottom.max(rows[i] + 1);
                i += 1;
            }
            let (top, bottom) = (top.max(area.top()), bottom.min(area.bottom()));
            if top >= bottom {
                continue;
            }
            let band = Rect::new(area.x, top, area.width, bottom - top);
            let range = usize::from(top - area.y) * width..usize::from(bottom - area.y) * width;
            let was = Buffer {
                area: band,
                content: self.shown.content[range.clone()].to_vec(),
            };
            let now = Buffer {
                area: band,
                content: next.content[range.clone()].to_vec(),
            };
            let updates = was.diff(&now);
            self.term
                .backend_mut()
                .draw(updates.into_iter())
                .map_err(io::Error::other)?;
            self.shown.content[range.clone()].clone_from_slice(&next.content[range]);
        }
        Ok(())
    }
}
