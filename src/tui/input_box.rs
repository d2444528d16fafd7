//! The input box's height: the draft's rows as the textarea wraps them,
//! growing with the draft up to a third of the screen, then scrolling.
//!
//! The textarea is always drawn into an area of the full cap's height (see
//! `view::draw_input`), so its own scrolling starts only once the draft
//! outgrows the cap, and its wrapped lines are computed for the width the
//! box has.

use ratatui_textarea::{CursorMove, TextArea};

/// The most rows the box takes: a third of the screen (at least one).
pub fn cap(screen_height: u16) -> u16 {
    (screen_height / 3).max(1)
}

/// Rows the draft takes, wrapped at the width the textarea was last drawn at.
pub fn screen_rows(t: &TextArea<'_>) -> usize {
    // ratatui-textarea keeps its wrapped lines private. `screen_to_data`
    // clamps a row past the end to the last one, and distinct rows start at
    // distinct positions of the text: the first row that maps where the
    // last one does is the last one.
    let last = t.screen_to_data(usize::MAX, 0);
    let is_last = |row: usize| t.screen_to_data(row, 0) == last;
    if is_last(0) {
        return 1;
    }
    let (mut lo, mut hi) = (0usize, 1usize);
    while !is_last(hi) {
        lo = hi;
        hi = hi.saturating_mul(2);
    }
    // is_last(lo) is false and is_last(hi) true.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if is_last(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi + 1
}

/// After an edit: when the whole draft fits the box again, show it from its
/// first row (the textarea would otherwise keep the scroll it needed while
/// the draft was taller, hiding the start of the draft).
pub fn fit(t: &mut TextArea<'_>, cap: u16) {
    let top = t.scroll_offset().0;
    if top == 0 || screen_rows(t) > usize::from(cap) {
        return;
    }
    let cursor = t.cursor();
    t.scroll((-i16::try_from(top).unwrap_or(i16::MAX), 0));
    // Scrolling moves the caret into the view; put it back where it was.
    if let (Ok(row), Ok(col)) = (u16::try_from(cursor.0), u16::try_from(cursor.1)) {
        t.move_cursor(CursorMove::Jump(row, col));
    }
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::Widget;
    use ratatui_textarea::WrapMode;

    use super::*;

    fn drawn(text: &str, width: u16, height: u16) -> TextArea<'static> {
        let mut t = TextArea::default();
        t.set_wrap_mode(WrapMode::WordOrGlyph);
        t.insert_str(text);
        let area = Rect::new(0, 0, width, height);
        (&t).render(area, &mut Buffer::empty(area));
        t
    }

    #[test]
    fn rows_count_wrapped_lines_cjk_and_empty_lines() {
        assert_eq!(screen_rows(&drawn("", 20, 5)), 1);
        assert_eq!(screen_rows(&drawn("short", 20, 5)), 1);
        assert_eq!(screen_rows(&drawn("a\n\nb", 20, 5)), 3);
        // 30 double-width characters in 20 columns: 3 rows of 10, 10, 10.
        assert_eq!(screen_rows(&drawn(&"中".repeat(30), 20, 5)), 3);
        let words = "word ".repeat(40); // 200 columns
        let rows = screen_rows(&drawn(&words, 20, 5));
        assert!((10..=11).contains(&rows), "{rows}");
        assert_eq!(screen_rows(&drawn(&"x\n".repeat(999), 20, 5)), 1000);
    }

    #[test]
    fn a_draft_that_fits_again_is_shown_from_its_start() {
        let area = Rect::new(0, 0, 10, 3);
        let mut t = drawn(&"line\n".repeat(6), 10, 3);
        assert!(t.scroll_offset().0 > 0, "scrolled to the caret");
        for _ in 0..16 {
            t.delete_char();
        }
        (&t).render(area, &mut Buffer::empty(area));
        assert!(t.scroll_offset().0 > 0, "the textarea kept its scroll");
        let caret = t.cursor();
        fit(&mut t, 3);
        (&t).render(area, &mut Buffer::empty(area));
        assert_eq!(t.scroll_offset().0, 0);
        assert_eq!(t.cursor(), caret, "the caret stays");
    }
}
