//! Splits `<think>…</think>` out of answer text, for proxies that wrap a
//! model's reasoning in the content (protocol.md §5.4 item 4). Armed only when
//! the reply's first non-blank text starts with `<think>`; tags may be split
//! across deltas (`"<thi"` + `"nk>"`).

const OPEN: &str = "<think>";
const CLOSE: &str = "</think>";
/// Blank text held while waiting to see whether `<think>` comes.
const MAX_LEADING_BLANK: usize = 4096;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Not yet known whether the reply opens with `<think>`.
    #[default]
    Undecided,
    Inside,
    /// Plain text from here on.
    Off,
}

/// Where a piece of split text goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Reasoning(String),
}

#[derive(Debug, Default)]
pub struct ThinkSplitter {
    state: State,
    /// Text held back until it can be classified (a possible tag prefix).
    held: String,
    /// `held` has more than whitespace.
    held_text: bool,
}

impl ThinkSplitter {
    pub fn push(&mut self, text: &str, out: &mut Vec<Piece>) {
        match self.state {
            State::Off => push_piece(out, Piece::Text(text.to_owned())),
            State::Undecided => {
                // Blank text changes nothing: no need to look again (many
                // whitespace-only deltas would make that quadratic). Past a
                // few kilobytes of it, the reply is not opening with a tag.
                let blank_so_far = !self.held_text;
                self.held.push_str(text);
                if blank_so_far && text.trim().is_empty() {
                    if self.held.len() > MAX_LEADING_BLANK {
                        self.state = State::Off;
                        push_piece(out, Piece::Text(std::mem::take(&mut self.held)));
                    }
                    return;
                }
                self.held_text = true;
                let trimmed = self.held.trim_start();
                if let Some(rest) = trimmed.strip_prefix(OPEN) {
                    let rest = rest.to_owned();
                    self.held.clear();
                    self.state = State::Inside;
                    self.push_inside(&rest, out);
                } else if trimmed.is_empty() || OPEN.starts_with(trimmed) {
                    // Could still become `<think>`: wait for more.
                } else {
                    self.state = State::Off;
                    push_piece(out, Piece::Text(std::mem::take(&mut self.held)));
                }
            }
            State::Inside => self.push_inside(text, out),
        }
    }

    fn push_inside(&mut self, text: &str, out: &mut Vec<Piece>) {
        self.held.push_str(text);
        if let Some(end) = self.held.find(CLOSE) {
            let reasoning = self.held[..end].to_owned();
            let after = self.held[end + CLOSE.len()..].trim_start().to_owned();
            self.held.clear();
            self.held_text = false;
            self.state = State::Off;
            push_piece(out, Piece::Reasoning(reasoning));
            push_piece(out, Piece::Text(after));
            return;
        }
        // Keep back only a tail that could be the start of `</think>`.
        let keep = (1..CLOSE.len())
            .rev()
            .find(|&n| self.held.ends_with(&CLOSE[..n]))
            .unwrap_or(0);
        let cut = self.held.len() - keep;
        let reasoning: String = self.held.drain(..cut).collect();
        push_piece(out, Piece::Reasoning(reasoning));
    }

    /// The reply ended: whatever is held goes out as what it most likely is.
    pub fn finish(&mut self, out: &mut Vec<Piece>) {
        let held = std::mem::take(&mut self.held);
        match self.state {
            State::Inside => push_piece(out, Piece::Reasoning(held)),
            _ => push_piece(out, Piece::Text(held)),
        }
        self.state = State::Off;
    }
}

fn push_piece(out: &mut Vec<Piece>, piece: Piece) {
    let empty = match &piece {
        Piece::Text(s) | Piece::Reasoning(s) => s.is_empty(),
    };
    if !empty {
        out.push(piece);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(parts: &[&str]) -> (String, String) {
        let mut s = ThinkSplitter::default();
        let mut out = Vec::new();
        for p in parts {
            s.push(p, &mut out);
        }
        s.finish(&mut out);
        let (mut text, mut reasoning) = (String::new(), String::new());
        for p in out {
            match p {
                Piece::Text(t) => text.push_str(&t),
                Piece::Reasoning(r) => reasoning.push_str(&r),
            }
        }
        (text, reasoning)
    }

    #[test]
    fn plain_text_passes_through() {
        assert_eq!(
            split(&["Hello", " <think> is a tag"]).0,
            "Hello <think> is a tag"
        );
    }

    #[test]
    fn think_block_split_across_deltas() {
        let (text, reasoning) = split(&["<thi", "nk>I should ", "greet</th", "ink>\n\nHi!"]);
        assert_eq!(reasoning, "I should greet");
        assert_eq!(text, "Hi!");
    }

    #[test]
    fn leading_whitespace_before_think() {
        let (text, reasoning) = split(&["\n <think>x</think>y"]);
        assert_eq!((text.as_str(), reasoning.as_str()), ("y", "x"));
    }

    #[test]
    fn unclosed_think_is_reasoning_and_short_text_is_kept() {
        assert_eq!(split(&["<think>abc </"]), (String::new(), "abc </".into()));
        assert_eq!(split(&["<th"]), ("<th".into(), String::new()));
    }
}

#[cfg(test)]
mod blank_tests {
    use super::*;

    #[test]
    fn many_blank_deltas_are_held_briefly_then_let_through() {
        let mut s = ThinkSplitter::default();
        let mut out = Vec::new();
        for _ in 0..100_000 {
            s.push("  ", &mut out);
        }
        s.push("<think>late</think>", &mut out);
        s.finish(&mut out);
        let text: usize = out
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.len(),
                Piece::Reasoning(_) => 0,
            })
            .sum();
        assert_eq!(
            text,
            200_000 + "<think>late</think>".len(),
            "all of it is text"
        );
        // A few blank deltas before the tag still find it.
        let mut s = ThinkSplitter::default();
        let mut out = Vec::new();
        for p in ["\n", " ", "<think>", "r", "</think>", "t"] {
            s.push(p, &mut out);
        }
        assert!(out.contains(&Piece::Reasoning("r".into())), "{out:?}");
    }
}
