//! Frames drawn over the last one (the chat's screen draws again only the
//! rows that changed) show exactly what frames drawn whole show, through
//! streaming, scrolling, popups, find, selection, typing and resizes.

use super::*;
use ratatui::backend::Backend;
use ratatui::layout::Position;
use supchat::tui::screen::{Frames, Screen};

/// The chat's screen and a whole-frame terminal side by side, fed the same
/// app: after every frame, both show the same cells and cursor.
struct Twins {
    s: Scene,
    screen: Screen<Tty>,
    screen_cache: ViewCache,
    whole: Terminal<Tty>,
    whole_cache: ViewCache,
    ms: u64,
    frames: usize,
    /// Frames drawn over the last, and the rows they drew in all.
    over: (usize, usize),
    /// Frames that had the terminal scroll rows.
    scrolls: usize,
}

/// A terminal as the test backend models it, but for wide characters: a
/// wide one covers the cell to its right, and one written over either
/// half of it is gone whole (the test backend keeps what was written
/// under the right half and shows it again once the wide one goes).
struct Tty(TestBackend);

impl Tty {
    fn width_at(&self, x: u16, y: u16) -> usize {
        let b = self.0.buffer();
        b.cell((x, y))
            .map_or(1, |c| unicode_width::UnicodeWidthStr::width(c.symbol()))
    }
}

impl Backend for Tty {
    type Error = std::convert::Infallible;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a ratatui::buffer::Cell)>,
    {
        // Cell by cell: each sees the screen as the ones before left it.
        let blank = ratatui::buffer::Cell::EMPTY;
        for (x, y, c) in content {
            let mut cells = Vec::new();
            if x > 0 && self.width_at(x - 1, y) > 1 {
                cells.push((x - 1, y, &blank));
            }
            let wide = unicode_width::UnicodeWidthStr::width(c.symbol()) > 1;
            let under = self.width_at(x, y) > 1;
            cells.push((x, y, c));
            if wide || under {
                cells.push((x + 1, y, &blank));
            }
            self.0.draw(cells.into_iter())?;
        }
        Ok(())
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.0.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.0.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.0.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, at: P) -> Result<(), Self::Error> {
        self.0.set_cursor_position(at)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.0.clear()
    }
    fn clear_region(&mut self, t: ratatui::backend::ClearType) -> Result<(), Self::Error> {
        self.0.clear_region(t)
    }
    fn size(&self) -> Result<ratatui::layout::Size, Self::Error> {
        self.0.size()
    }
    fn window_size(&mut self) -> Result<ratatui::backend::WindowSize, Self::Error> {
        self.0.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.0.flush()
    }
    fn scroll_region_up(&mut self, rows: std::ops::Range<u16>, by: u16) -> Result<(), Self::Error> {
        self.0.scroll_region_up(rows, by)
    }
    fn scroll_region_down(
        &mut self,
        rows: std::ops::Range<u16>,
        by: u16,
    ) -> Result<(), Self::Error> {
        self.0.scroll_region_down(rows, by)
    }
}

impl Frames for Tty {}

impl Twins {
    fn new(w: u16, h: u16) -> Self {
        Self {
            s: Scene::new(w, h),
            screen: Screen::new(Tty(TestBackend::new(w, h)), w, h).unwrap(),
            screen_cache: ViewCache::default(),
            whole: Terminal::new(Tty(TestBackend::new(w, h))).unwrap(),
            whole_cache: ViewCache::default(),
            ms: 0,
            frames: 0,
            over: (0, 0),
            scrolls: 0,
        }
    }

    fn frame(&mut self, what: &str) {
        self.ms += 33;
        let now = self.s.at(self.ms);
        let (w, h) = self.s.app.size();
        if self.whole.backend().0.buffer().area.as_size() != ratatui::layout::Size::new(w, h) {
            self.whole = Terminal::new(Tty(TestBackend::new(w, h))).unwrap();
            self.screen.backend_mut().0.resize(w, h);
        }
        let report = self
            .screen
            .draw(&self.s.app, &mut self.screen_cache, now.mono)
            .unwrap();
        let mut whole_report = Default::default();
        let (app, cache) = (&self.s.app, &mut self.whole_cache);
        self.whole
            .draw(|f| whole_report = draw(f, app, cache, now.mono))
            .unwrap();
        self.frames += 1;
        self.scrolls += usize::from(self.screen.scrolled());
        if let Some(rows) = self.screen.redrawn() {
            self.over.0 += 1;
            self.over.1 += rows;
        }
        let (a, b) = (&self.screen.backend().0, &self.whole.backend().0);
        assert_eq!(
            a.buffer(),
            b.buffer(),
            "frame {} ({what}) drawn over the last differs from it drawn whole:\nover:\n{a}\nwhole:\n{b}",
            self.frames
        );
        let cursor = |t: &TestBackend| -> Option<Position> {
            let mut t = t.clone();
            t.get_cursor_position().ok()
        };
        assert_eq!(
            cursor(a),
            cursor(b),
            "frame {} ({what}): the cursor",
            self.frames
        );
        assert_eq!(
            format!("{report:?}"),
            format!("{whole_report:?}"),
            "frame {} ({what}): the report",
            self.frames
        );
        self.s.app.update(Event::Drawn(report), now);
    }

    fn key(&mut self, ev: Event) {
        let t = self.s.at(self.ms);
        self.s.app.update(ev, t);
    }

    /// Streams `text` a few characters at a time, a frame after each.
    fn stream(&mut self, text: &str, what: &str) {
        let chars: Vec<char> = text.chars().collect();
        for piece in chars.chunks(7) {
            let piece: String = piece.iter().collect();
            self.s.text(&piece, self.ms);
            self.frame(what);
        }
    }
}

const REPLY: &str = "# A heading\n\nSome **bold** words and `code` in a paragraph that runs on long enough to wrap over several rows of the pane, with 中文的字也在这里，宽的字符 and more.\n\n```rust\nfn main() {\n    println!(\"hello\");\n}\n```\n\n- one item\n- two items with words\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nThe end of it, a last line.";

#[test]
fn frames_drawn_over_the_last_show_what_frames_drawn_whole_show() {
    for &(w, h) in SIZES {
        let mut t = Twins::new(w, h);
        t.frame("empty");
        t.s.send("first question");
        t.frame("sent");
        t.stream(&format!("{REPLY}\n\n{REPLY}"), "streaming");
        // Nearly every frame of the stream was drawn over the last, and
        // drew again a few rows: the ones written and the footer (the
        // header and the input box, which did not change, are left alone).
        let (over, rows) = t.over;
        assert!(over + 3 >= t.frames, "{over} of {} frames", t.frames);
        assert!(rows <= over * 4, "{rows} rows in {over} frames");
        t.s.done(t.ms);
        t.frame("done");
        t.s.send("second, 问题");
        t.frame("sent again");
        t.stream(&REPLY[..200], "streaming again");
        // Scrolled up while it streams: the marker row, then back.
        t.key(key(KeyCode::PageUp));
        t.frame("paged up");
        t.stream(&REPLY[200..], "streaming scrolled up");
        t.key(key(KeyCode::Up));
        t.frame("up a row");
        t.key(key(KeyCode::End));
        t.frame("end");
        // Typing while it streams: the input box grows to two rows.
        for c in "a draft long enough to wrap onto a second row of the box, typed".chars() {
            t.key(key(KeyCode::Char(c)));
        }
        t.frame("typed");
        t.s.text(" more", t.ms);
        t.frame("typed and streamed");
        // Sent while it streams: queued (a bar above the box, a message
        // in the footer), then a command's hints as one is typed.
        t.key(key(KeyCode::Enter));
        t.frame("queued");
        t.s.text(" and more", t.ms);
        t.frame("queued and streamed");
        for c in "/he".chars() {
            t.key(key(KeyCode::Char(c)));
            t.frame("hints");
        }
        for _ in 0..3 {
            t.key(key(KeyCode::Backspace));
        }
        t.frame("hints gone");
        t.s.text(" still more", t.ms);
        t.frame("streamed after hints");
        // A popup over it all, and closed.
        t.key(key(KeyCode::F(1)));
        t.frame("help");
        t.key(key(KeyCode::Esc));
        t.frame("help closed");
        t.s.done(t.ms);
        t.frame("done again");
        // Find, marking matches, and closed.
        t.key(Event::Key(KeyEvent::new(
            KeyCode::Char('f'),
            KeyModifiers::CONTROL,
        )));
        for c in "the".chars() {
            t.key(key(KeyCode::Char(c)));
        }
        t.frame("find");
        t.key(key(KeyCode::Esc));
        t.frame("find closed");
        // A selected message, and let go.
        t.key(Event::Key(KeyEvent::new(KeyCode::Up, KeyModifiers::ALT)));
        t.frame("selected");
        t.key(Event::Key(KeyEvent::new(KeyCode::Up, KeyModifiers::ALT)));
        t.frame("selected above");
        t.key(key(KeyCode::Esc));
        t.frame("let go");
        // Resized narrower and back.
        t.key(Event::Resize(
            w.saturating_sub(13).max(20),
            h.saturating_sub(3),
        ));
        t.frame("resized");
        t.key(Event::Resize(w, h));
        t.frame("resized back");
        assert!(t.frames > 60, "{} frames", t.frames);
        // The replies outgrow the pane: rows moved up as they came.
        assert!(t.scrolls > 10, "{} frames scrolled", t.scrolls);
    }
}
