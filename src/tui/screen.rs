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
use ratatui::layout::{Position, Rect};
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
    /// Puts the cursor at `at`, or hides it (None).
    fn place_cursor(&mut self, at: Option<Position>) -> Result<(), Self::Error> {
        match at {
            None => self.hide_cursor(),
            Some(at) => self
                .show_cursor()
                .and_then(|()| self.set_cursor_position(at)),
        }
    }
}

impl<W: Write> Frames for CrosstermBackend<W> {
    fn begin(&mut self) -> io::Result<()> {
        crossterm::queue!(self, BeginSynchronizedUpdate)
    }
    fn end(&mut self) -> io::Result<()> {
        crossterm::queue!(self, EndSynchronizedUpdate)
    }
    /// Queued with the frame: ratatui's own cursor calls each write to the
    /// terminal at once (three writes a frame instead of one).
    fn place_cursor(&mut self, at: Option<Position>) -> io::Result<()> {
        use crossterm::cursor::{Hide, MoveTo, Show};
        match at {
            None => crossterm::queue!(self, Hide),
            Some(at) => crossterm::queue!(self, MoveTo(at.x, at.y), Show),
        }
    }
}

impl Frames for TestBackend {}

/// A terminal, the frame being drawn and what the terminal shows.
pub struct Screen<B: Backend> {
    /// Its buffer is the frame being drawn: it keeps the last frame.
    term: Terminal<B>,
    /// What the terminal shows, a buffer per row (compared and kept row
    /// by row, without copying the rows that did not change).
    shown: Vec<Buffer>,
    /// A row being compared.
    scratch: Buffer,
    /// The size drawn at.
    area: Rect,
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
            shown: empty_rows(area),
            scratch: Buffer::empty(Rect::new(0, 0, width, 1)),
            area,
            kept: false,
            redrawn: None,
            scrolled: false,
        })
    }

    /// The size drawn at.
    pub fn size(&self) -> (u16, u16) {
        (self.area.width, self.area.height)
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
        if area != self.area {
            // Cleared: the next frame is drawn and sent whole.
            self.term.resize(area).map_err(io::Error::other)?;
            self.shown = empty_rows(area);
            self.scratch = Buffer::empty(Rect::new(0, 0, w, 1));
            self.area = area;
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
        let out = self.term.backend_mut();
        out.place_cursor(drawn.cursor).map_err(io::Error::other)?;
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
            let moved = usize::from(region.start)..usize::from(region.end);
            if moved.end <= self.shown.len() && usize::from(by) < moved.len() {
                self.term
                    .backend_mut()
                    .scroll_region_up(region, by)
                    .map_err(io::Error::other)?;
                let shown = &mut self.shown[moved.clone()];
                shown.rotate_left(usize::from(by));
                for (row, y) in shown.iter_mut().zip(moved.start..) {
                    row.area.y = y as u16;
                }
                for row in &mut shown[moved.len() - usize::from(by)..] {
                    row.reset();
                }
            }
        }
        let all: Vec<u16>;
        let rows = match rows {
            Some(rows) => rows,
            None => {
                all = (0..next.area.height).collect();
                &all
            }
        };
        let w = usize::from(next.area.width);
        for &y in rows {
            let Some(shown) = self.shown.get_mut(usize::from(y)) else {
                continue;
            };
            let from = usize::from(y) * w;
            let Some(cells) = next.content.get(from..from + w) else {
                continue;
            };
            // The row as drawn, compared with the row as shown (ratatui's
            // comparison, wide characters and all); then it is the shown.
            self.scratch.area = shown.area;
            self.scratch.content.clone_from_slice(cells);
            let updates = shown.diff(&self.scratch);
            self.term
                .backend_mut()
                .draw(updates.into_iter())
                .map_err(io::Error::other)?;
            std::mem::swap(shown, &mut self.scratch);
        }
        Ok(())
    }
}

/// The rows of an empty screen of `area`, each a buffer of its own.
fn empty_rows(area: Rect) -> Vec<Buffer> {
    (area.top()..area.bottom())
        .map(|y| Buffer::empty(Rect::new(area.x, y, area.width, 1)))
        .collect()
}
