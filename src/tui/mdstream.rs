//! Markdown for `supchat ask` on a terminal, styled as it streams: text is
//! written as soon as it arrives (a paragraph is one long line, so holding
//! lines back would hold back the answer), with the markers turned into
//! styles by a small state machine: `#` headings bold, `**bold**`, `` `code` ``
//! and fenced code in colour, `>` quotes dim, list bullets as `•`. Only a
//! marker split across two deltas waits for the next one. Lossless where it
//! cannot tell: an unclosed `**` just stays bold to the end of the line.

use std::fmt::Write as _;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const CODE: &str = "\x1b[36m";
const HEADING: &str = "\x1b[1;35m";

#[derive(Debug, Default)]
pub struct MdStream {
    /// At the start of a line (after its indentation).
    line_start: bool,
    started: bool,
    /// Inside a fenced block, and the fence that closes it.
    fence: Option<String>,
    bold: bool,
    code: bool,
    heading: bool,
    quote: bool,
    /// The start of the current line while it may still be a marker
    /// (`#`, `` ` ``, `>`, `-`, `*`), or a trailing `*` or `` ` `` inline.
    held: String,
}

impl MdStream {
    pub fn new() -> Self {
        Self {
            line_start: true,
            ..Self::default()
        }
    }

    /// The styled text for `delta` (already cleaned of escapes).
    pub fn push(&mut self, delta: &str) -> String {
        self.started = true;
        let mut input = std::mem::take(&mut self.held);
        input.push_str(delta);
        let mut out = String::new();
        let mut rest = input.as_str();
        while !rest.is_empty() {
            if self.line_start {
                match self.line_marker(rest, &mut out) {
                    Some(n) => rest = &rest[n..],
                    None => {
                        // Not yet known: wait for more.
                        self.held = rest.to_owned();
                        return out;
                    }
                }
                continue;
            }
            let Some(c) = rest.chars().next() else { break };
            if c == '\n' {
                self.end_line(&mut out);
                rest = &rest[1..];
                continue;
            }
            if self.fence.is_some() {
                let end = rest.find('\n').unwrap_or(rest.len());
                out.push_str(&rest[..end]);
                rest = &rest[end..];
                continue;
            }
            if c == '*' || c == '`' {
                if rest.len() == 1 {
                    self.held = rest.to_owned();
                    return out;
                }
                if rest.starts_with("**") {
                    self.bold = !self.bold;
                    out.push_str(if self.bold { BOLD } else { RESET });
                    self.restyle(&mut out);
                    rest = &rest[2..];
                    continue;
                }
                if c == '`' {
                    self.code = !self.code;
                    out.push_str(if self.code { CODE } else { RESET });
                    if !self.code {
                        self.restyle(&mut out);
                    }
                    rest = &rest[1..];
                    continue;
                }
            }
            let n = c.len_utf8();
            out.push_str(&rest[..n]);
            rest = &rest[n..];
        }
        out
    }

    /// What is held back, written as it is (the reply ended).
    pub fn finish(&mut self) -> String {
        let mut out = std::mem::take(&mut self.held);
        if self.started
            && (self.bold || self.code || self.heading || self.quote || self.fence.is_some())
        {
            out.push_str(RESET);
        }
        out
    }

    fn end_line(&mut self, out: &mut String) {
        if self.bold || self.code || self.heading || self.quote {
            out.push_str(RESET);
        }
        self.bold = false;
        self.code = false;
        self.heading = false;
        self.quote = false;
        out.push('\n');
        self.line_start = true;
    }

    /// Styles in force again after a reset.
    fn restyle(&self, out: &mut String) {
        if self.heading {
            out.push_str(HEADING);
        }
        if self.quote {
            out.push_str(DIM);
        }
        if self.bold {
            out.push_str(BOLD);
        }
        if self.fence.is_some() {
            out.push_str(CODE);
        }
    }

    /// At a line's start: handles its marker and says how many bytes of
    /// `s` it took; None when `s` is too short to tell.
    fn line_marker(&mut self, s: &str, out: &mut String) -> Option<usize> {
        let indent = s.len() - s.trim_start_matches([' ', '\t']).len();
        let body = &s[indent..];
        let line_end = body.find('\n');
        let known = |needed: usize| line_end.is_some() || body.len() >= needed;
        if let Some(fence) = &self.fence {
            // The closing fence, or a line of code.
            if !known(fence.len()) && fence.starts_with(body) {
                return None;
            }
            if body.starts_with(fence.as_str()) {
                let end = line_end.map_or(s.len(), |e| indent + e);
                out.push_str(RESET);
                out.push_str(DIM);
                out.push_str(&s[..end]);
                out.push_str(RESET);
                self.fence = None;
                self.line_start = false;
                return Some(end);
            }
            out.push_str(CODE);
            self.line_start = false;
            return Some(0);
        }
        let may_be_marker = "```".starts_with(body)
            || "~~~".starts_with(body)
            || (body.starts_with('#') && body.len() < 7 && body.chars().all(|c| c == '#'))
            || matches!(body, "-" | "*" | "+" | ">");
        if line_end.is_none() && may_be_marker {
            return None;
        }
        self.line_start = false;
        if body.starts_with("```") || body.starts_with("~~~") {
            let marker: String = body.chars().take_while(|&c| c == '`' || c == '~').collect();
            let end = line_end.map_or(s.len(), |e| indent + e);
            if line_end.is_none() {
                // The language tag may still be arriving: wait for the line.
                self.line_start = true;
                return None;
            }
            out.push_str(DIM);
            out.push_str(&s[..end]);
            out.push_str(RESET);
            out.push_str(CODE);
            self.fence = Some(marker);
            return Some(end);
        }
        if let Some(h) = heading_level(body) {
            let _ = write!(out, "{}{HEADING}", &s[..indent]);
            self.heading = true;
            return Some(indent + h);
        }
        if let Some(rest) = body.strip_prefix("> ") {
            let _ = rest;
            let _ = write!(out, "{}{DIM}│ ", &s[..indent]);
            self.quote = true;
            return Some(indent + 2);
        }
        for bullet in ["- ", "* ", "+ "] {
            if body.starts_with(bullet) {
                let _ = write!(out, "{}• ", &s[..indent]);
                return Some(indent + 2);
            }
        }
        if body.is_empty() && line_end.is_none() {
            self.line_start = true;
            return None;
        }
        out.push_str(&s[..indent]);
        Some(indent)
    }
}

/// `# ` to `###### `: the bytes of the marker and its space.
fn heading_level(s: &str) -> Option<usize> {
    let hashes = s.chars().take_while(|&c| c == '#').count();
    ((1..=6).contains(&hashes) && s[hashes..].starts_with(' ')).then_some(hashes + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(s: &str) -> String {
        let mut out = String::new();
        let mut esc = false;
        for c in s.chars() {
            if c == '\x1b' {
                esc = true;
            } else if esc {
                if c == 'm' {
                    esc = false;
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    fn all(pieces: &[&str]) -> String {
        let mut m = MdStream::new();
        let mut out: String = pieces.iter().map(|p| m.push(p)).collect();
        out.push_str(&m.finish());
        out
    }

    #[test]
    fn markers_become_styles_whatever_the_split() {
        let text = "# Title\nSome **bold** and `code` here.\n- item one\n> quoted\n```rust\nfn main() {}\n```\nend\n";
        let whole = all(&[text]);
        assert_eq!(
            strip(&whole),
            "Title\nSome bold and code here.\n• item one\n│ quoted\n```rust\nfn main() {}\n```\nend\n"
        );
        assert!(whole.contains(HEADING) && whole.contains(BOLD) && whole.contains(CODE));
        // Split into single characters, the same text and the same styles.
        let chars: Vec<String> = text.chars().map(String::from).collect();
        let refs: Vec<&str> = chars.iter().map(String::as_str).collect();
        assert_eq!(strip(&all(&refs)), strip(&whole));
        assert_eq!(all(&refs), whole);
    }

    #[test]
    fn plain_text_passes_through_and_nothing_is_lost() {
        assert_eq!(
            all(&["just ", "words, ", "生命周期"]),
            "just words, 生命周期"
        );
        // An unclosed marker keeps what it holds.
        assert_eq!(
            strip(&all(&["2 * 3 = 6 and a lone `"])),
            "2 * 3 = 6 and a lone `"
        );
        assert_eq!(strip(&all(&["#hashtag"])), "#hashtag");
    }
}
