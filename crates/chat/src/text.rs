//! Removes terminal control characters and escape sequences from untrusted
//! text (model replies, server error bodies) so that it cannot move the
//! cursor, set the window title, write the clipboard (OSC 52) or clear the
//! screen. Keeps `\n` and `\t`. Streaming-safe: a sequence split across
//! deltas is still removed whole.

/// Longest string sequence (OSC, DCS, …) swallowed before giving up on it.
const MAX_STRING_SEQ: usize = 4096;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum State {
    #[default]
    Ground,
    /// After ESC.
    Esc,
    /// After ESC and intermediate bytes (`ESC ( B` and friends).
    EscIntermediate,
    /// Inside a CSI sequence (`ESC [` or 0x9B).
    Csi,
    /// Inside OSC, DCS, SOS, PM or APC, until BEL or ST.
    Str,
    /// ESC seen inside a string sequence (maybe the start of ST).
    StrEsc,
}

#[derive(Debug, Default, Clone)]
pub struct Sanitizer {
    state: State,
    string_len: usize,
}

impl Sanitizer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends the printable part of `input` to `out`.
    pub fn push(&mut self, input: &str, out: &mut String) {
        for c in input.chars() {
            self.step(c, out);
        }
    }

    /// Convenience for one piece of text.
    pub fn clean(&mut self, input: &str) -> String {
        let mut out = String::with_capacity(input.len());
        self.push(input, &mut out);
        out
    }

    fn step(&mut self, c: char, out: &mut String) {
        let u = c as u32;
        match self.state {
            State::Ground => match c {
                '\n' | '\t' => out.push(c),
                '\x1b' => self.state = State::Esc,
                '\u{9b}' => self.state = State::Csi,
                '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => self.enter_string(),
                _ if u < 0x20 || (0x7f..=0x9f).contains(&u) => {}
                _ => out.push(c),
            },
            State::Esc => match c {
                '[' => self.state = State::Csi,
                ']' | 'P' | 'X' | '^' | '_' => self.enter_string(),
                '\x1b' => {}
                ' '..='/' => self.state = State::EscIntermediate,
                '0'..='~' => self.state = State::Ground,
                _ => {
                    self.state = State::Ground;
                    self.step(c, out);
                }
            },
            State::EscIntermediate => match c {
                ' '..='/' => {}
                '0'..='~' => self.state = State::Ground,
                _ => {
                    self.state = State::Ground;
                    self.step(c, out);
                }
            },
            State::Csi => match c {
                '@'..='~' => self.state = State::Ground,
                ' '..='?' => {}
                _ => {
                    // A broken sequence: drop what it had, keep the text.
                    self.state = State::Ground;
                    self.step(c, out);
                }
            },
            State::Str => match c {
                '\x07' | '\u{9c}' => self.state = State::Ground,
                '\x1b' => self.state = State::StrEsc,
                _ => {
                    self.string_len += 1;
                    if self.string_len > MAX_STRING_SEQ {
                        self.state = State::Ground;
                    }
                }
            },
            State::StrEsc => {
                if c == '\\' {
                    self.state = State::Ground;
                } else {
                    self.state = State::Esc;
                    self.step(c, out);
                }
            }
        }
    }

    fn enter_string(&mut self) {
        self.state = State::Str;
        self.string_len = 0;
    }
}

/// Cleans a whole piece of text at once.
/// `input` with every character that would not show, or would change how
/// the rest shows, written as a visible escape (a backslash, `u` and the
/// code point in braces): control characters (but newline and tab) and
/// Unicode's invisible format and direction marks. For what must be read
/// exactly, such as a tool's name and arguments before the user lets it
/// run: removing them instead would let a name with a colour sequence
/// inside pass for `weather`.
pub fn visible(input: &str) -> String {
    let hidden = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}')
    };
    if !input.chars().any(hidden) {
        return input.to_owned();
    }
    let mut out = String::with_capacity(input.len() + 8);
    for c in input.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// RFC 4648 base64 (the `base64` crate; it is in the build for reqwest).
pub fn base64(data: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(data)
}

/// [`visible`] on one line: newlines and tabs escaped too (a name).
pub fn visible_line(input: &str) -> String {
    visible(input).replace('\n', "\\n").replace('\t', "\\t")
}

pub fn sanitize(input: &str) -> String {
    Sanitizer::new().clean(input)
}

/// Cleans text for a one-line message: controls removed, all whitespace runs
/// (newlines included) collapsed to one space, trimmed; and the controls
/// that reorder text (bidirectional embeddings, overrides, isolates) left
/// out, so that a title or a name cannot show as something it is not.
pub fn sanitize_line(input: &str) -> String {
    sanitize(input)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(
            |c| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'),
            "",
        )
}

/// [`sanitize_line`] of at most `max` characters of `input` (an ellipsis
/// marks a cut): for a line printed whatever its source's size (a title
/// of megabytes, an id from an imported file).
pub fn short_line(input: &str, max: usize) -> String {
    match input.char_indices().nth(max) {
        None => sanitize_line(input),
        Some((end, _)) => format!("{}…", sanitize_line(&input[..end])),
    }
}

/// JSON text indented, two spaces a level; text that is not JSON as it is
/// (a model's tool-call arguments may be either).
pub fn pretty_json(s: &str) -> String {
    serde_json::from_str::<serde_json::Value>(s)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| s.to_owned())
}

#[cfg(test)]
mod tests {

    #[test]
    fn visible_escapes_what_would_not_show() {
        assert_eq!(visible("weather"), "weather");
        assert_eq!(visible("we\u{1b}[31mather"), "we\\u{1b}[31mather");
        assert_eq!(visible("RED\u{202e}live"), "RED\\u{202e}live");
        assert_eq!(visible("a\nb\tc"), "a\nb\tc");
        assert_eq!(visible_line("a\nb"), "a\\nb");
        assert_eq!(visible("zero\u{200b}width"), "zero\\u{200b}width");
        assert_eq!(visible("生命周期"), "生命周期");
    }

    use super::*;

    #[test]
    fn json_is_indented_and_other_text_kept() {
        assert_eq!(pretty_json(r#"{"a":1}"#), "{\n  \"a\": 1\n}");
        assert_eq!(pretty_json("{\"a\":"), "{\"a\":");
    }

    #[test]
    fn strips_csi_osc_and_c0_but_keeps_text() {
        let hostile =
            "a\x1b[2Jb\x1b]0;pwned\x07c\x1b]52;c;ZXZpbA==\x1b\\d\re\x08f\x1b(Bg\u{9b}31mh";
        assert_eq!(sanitize(hostile), "abcdefgh");
    }

    #[test]
    fn one_line_text_loses_the_controls_that_reorder_it() {
        assert_eq!(
            sanitize_line("evil\u{202e}txt.exe title"),
            "eviltxt.exe title"
        );
        assert_eq!(sanitize_line("a\u{2066}b\u{2069}c"), "abc");
    }

    #[test]
    fn keeps_newlines_tabs_and_wide_text() {
        assert_eq!(sanitize("你好\n\tworld 👩‍👩‍👧"), "你好\n\tworld 👩‍👩‍👧");
    }

    #[test]
    fn sequences_split_across_pushes_are_removed() {
        let mut s = Sanitizer::new();
        let mut out = String::new();
        for part in ["x\x1b", "]0;ti", "tle\x1b", "\\y\x1b[", "1;3", "1mz"] {
            s.push(part, &mut out);
        }
        assert_eq!(out, "xyz");
    }

    #[test]
    fn broken_csi_keeps_following_text() {
        assert_eq!(sanitize("a\x1b[12\nb"), "a\nb");
    }

    #[test]
    fn unterminated_osc_gives_up_after_limit() {
        let long = format!("\x1b]{}", "x".repeat(MAX_STRING_SEQ + 5));
        assert_eq!(sanitize(&long), "xxxx");
    }

    #[test]
    fn line_form_collapses_whitespace() {
        assert_eq!(sanitize_line("  a\n\n b\x1b[0m\tc "), "a b c");
    }
}
