//! Scrolling the conversation: by page (the conversation's height in the
//! layout, less two rows), by the wheel, to the top, back to following the
//! end, to a cell; and what a frame measured, which the scroll is clamped
//! to.

use crossterm::event::{MouseEvent, MouseEventKind};

use super::{App, ViewReport};

/// Rows the mouse wheel scrolls.
const WHEEL_ROWS: usize = 3;

impl App {
    pub(super) fn on_mouse(&mut self, m: MouseEvent) {
        match m.kind {
            MouseEventKind::ScrollUp => self.scroll_by(WHEEL_ROWS as isize),
            MouseEventKind::ScrollDown => self.scroll_by(-(WHEEL_ROWS as isize)),
            _ => {}
        }
    }

    /// PgUp and PgDn: the conversation's height less two rows, so that
    /// each page shows a little of the last.
    pub(super) fn page(&self) -> usize {
        self.conversation_rows().saturating_sub(2).max(1)
    }

    /// Scrolls up by `rows` (down when negative).
    pub(super) fn scroll_by(&mut self, rows: isize) {
        if self.scroll.to_cell.is_some() {
            return; // the jump is drawn first
        }
        if let Some(top) = self.scroll.from_top {
            self.scroll.from_top = Some((top as isize - rows).max(0) as usize);
            return;
        }
        let mut target = (self.scroll.from_bottom as isize + rows).max(0) as usize;
        if let Some(max) = self.scroll.max {
            target = target.min(max);
        }
        self.scroll.from_bottom = target;
    }

    pub(super) fn scroll_top(&mut self) {
        self.scroll.from_top = Some(0);
        self.scroll.to_cell = None;
    }

    /// Back to the bottom, following new text.
    pub(super) fn follow(&mut self) {
        self.scroll.from_top = None;
        self.scroll.from_bottom = 0;
        self.scroll.to_cell = None;
    }

    /// Shows cell `i` at the top of the view (the next frame measures
    /// where that is).
    pub(super) fn scroll_to_cell(&mut self, i: usize) {
        self.scroll.to_cell = Some(i);
        self.scroll.to_byte = None;
    }

    /// What the view measured: clamp the scroll to it; a top-anchored view
    /// that reached the end follows again.
    pub(super) fn set_view_report(&mut self, r: ViewReport) {
        if let Some(top) = r.top {
            self.scroll.to_cell = None;
            self.scroll.to_byte = None;
            self.scroll.from_top = Some(top);
        }
        if let Some(b) = r.from_bottom
            && self.scroll.from_top.is_none()
        {
            self.scroll.from_bottom = b;
        }
        if self.scroll.from_top.is_none() && self.scroll.from_bottom > 0 {
            self.scroll.from_bottom += r.grew;
        }
        self.scroll.max = r.max_from_bottom;
        if let Some(m) = r.max_from_bottom {
            self.scroll.from_bottom = self.scroll.from_bottom.min(m);
        }
        if r.reached_end && self.scroll.from_top.is_some() {
            self.follow();
        }
        // The help scrolled past its end comes back to it, so that the
        // next Up moves it.
        if let (Some(max), Some(super::Popup::Help { scroll })) =
            (r.help_max, self.layers.popup_mut())
        {
            *scroll = (*scroll).min(max);
        }
        if let (Some((top, next, last_top)), Some(super::Popup::Inspect(v))) =
            (r.inspect, self.layers.popup_mut())
        {
            v.scroll = top;
            v.next = next;
            v.last_top = last_top;
        }
    }
}

/// Where `query` (its first word, in any case) first is in `text`: a byte
/// of `text` near it (lowercasing may move it a little), if it is there.
pub(super) fn place_of(text: &str, query: &str) -> Option<usize> {
    let q = query.trim().to_lowercase();
    let word = q
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())?;
    find_any_case(text, q.trim()).or_else(|| find_any_case(text, word))
}

/// Where `lower` (lowercase) first is in `text`, in any case: looked for
/// in windows of a megabyte lowercased one at a time, so that a reply of
/// megabytes is never copied whole.
pub(super) fn find_any_case(text: &str, lower: &str) -> Option<usize> {
    const WINDOW: usize = 1 << 20;
    if lower.is_empty() {
        return None;
    }
    // Windows overlap by the query's length (and more: lowercasing may
    // change lengths), so that a match across an edge is whole in one.
    let overlap = 4 * lower.len() + 8;
    let mut from = 0;
    while from < text.len() {
        let mut end = (from + WINDOW).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        if let Some(at) = text[from..end].to_lowercase().find(lower) {
            return Some((from + at).min(text.len()));
        }
        if end >= text.len() {
            break;
        }
        let mut next = end.saturating_sub(overlap).max(from + 1);
        while !text.is_char_boundary(next) {
            next += 1;
        }
        from = next;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{find_any_case, place_of};

    #[test]
    fn the_place_of_a_query_in_a_text() {
        let text = format!("{}The Borrow checker{}", "x ".repeat(1000), " y".repeat(10));
        assert_eq!(place_of(&text, "borrow checker"), Some(2004));
        assert_eq!(place_of(&text, "  CHECKER, please"), Some(2011));
        assert_eq!(place_of(&text, "absent"), None);
        assert_eq!(place_of(&text, " ,, "), None);
        // Across the edge of a window of a megabyte.
        let long = format!("{}Needle here", "z".repeat((1 << 20) - 3));
        assert_eq!(find_any_case(&long, "needle"), Some((1 << 20) - 3));
    }
}
