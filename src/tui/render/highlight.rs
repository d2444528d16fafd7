//! Syntax highlighting of code blocks (syntect, pure-Rust regexes). The
//! syntax and theme sets load once, on the first code block, not at launch.

use std::sync::OnceLock;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;
use syntect::highlighting::{
    FontStyle, HighlightIterator, HighlightState, Highlighter, Theme, ThemeSet,
};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};

struct Sets {
    syntaxes: SyntaxSet,
    theme: Theme,
}

fn sets() -> &'static Sets {
    static SETS: OnceLock<Sets> = OnceLock::new();
    SETS.get_or_init(|| {
        let syntaxes = SyntaxSet::load_defaults_newlines();
        let mut themes = ThemeSet::load_defaults();
        let theme = themes
            .themes
            .remove("base16-eighties.dark")
            .or_else(|| themes.themes.into_values().next())
            .unwrap_or_default();
        Sets { syntaxes, theme }
    })
}

fn syntax_for<'a>(set: &'a SyntaxSet, lang: &str) -> Option<&'a SyntaxReference> {
    let lang = lang
        .trim()
        .split([' ', ',', '{'])
        .next()
        .unwrap_or_default();
    if lang.is_empty() {
        return None;
    }
    let alias = match lang.to_ascii_lowercase().as_str() {
        "rs" => "rust".to_owned(),
        "py" | "python3" => "python".to_owned(),
        "js" | "jsx" | "ts" | "tsx" | "typescript" => "javascript".to_owned(),
        "sh" | "shell" | "zsh" | "console" => "bash".to_owned(),
        "yml" => "yaml".to_owned(),
        "c++" => "cpp".to_owned(),
        other => other.to_owned(),
    };
    set.find_syntax_by_token(&alias)
        .or_else(|| set.find_syntax_by_name(&alias))
        .or_else(|| set.find_syntax_by_extension(&alias))
}

/// Loads the syntax and theme sets now (call on a spare thread at startup,
/// so the first code block does not wait for them).
pub fn warm_up() {
    let _ = sets();
}

/// A highlighter that goes through a code block a line at a time, keeping
/// syntect's state between lines, so that a fence being streamed costs per
/// new line, not per line so far. Plain when the language is unknown.
/// Only foreground colour and bold/italic are used, so the code reads on
/// any terminal background.
#[derive(Debug, Clone)]
pub struct CodeHighlighter {
    state: Option<(ParseState, HighlightState)>,
}

impl CodeHighlighter {
    pub fn new(lang: &str) -> Self {
        if lang.trim().is_empty() {
            return Self { state: None };
        }
        let s = sets();
        let state = syntax_for(&s.syntaxes, lang).map(|syntax| {
            let h = Highlighter::new(&s.theme);
            (
                ParseState::new(syntax),
                HighlightState::new(&h, ScopeStack::new()),
            )
        });
        Self { state }
    }

    /// The spans of the next line (`line` may end with its newline).
    pub fn line(&mut self, line: &str) -> Vec<Span<'static>> {
        let plain = || vec![Span::raw(line.trim_end_matches(['\n', '\r']).to_owned())];
        let Some((parse, hl)) = self.state.as_mut() else {
            return plain();
        };
        let s = sets();
        let Ok(ops) = parse.parse_line(line, &s.syntaxes) else {
            self.state = None;
            return plain();
        };
        let h = Highlighter::new(&s.theme);
        HighlightIterator::new(hl, &ops, line, &h)
            .map(|(st, text)| {
                let fg = st.foreground;
                let mut style = Style::default().fg(Color::Rgb(fg.r, fg.g, fg.b));
                if st.font_style.contains(FontStyle::BOLD) {
                    style = style.add_modifier(Modifier::BOLD);
                }
                if st.font_style.contains(FontStyle::ITALIC) {
                    style = style.add_modifier(Modifier::ITALIC);
                }
                Span::styled(text.trim_end_matches(['\n', '\r']).to_owned(), style)
            })
            .filter(|s| !s.content.is_empty())
            .collect()
    }

    /// The spans `line` would get next, without moving on (a line still
    /// being written).
    pub fn peek(&self, line: &str) -> Vec<Span<'static>> {
        self.clone().line(line)
    }
}

/// Highlighted lines of `code` in language `lang`; plain when the language is
/// unknown.
pub fn highlight(code: &str, lang: &str) -> Vec<Vec<Span<'static>>> {
    let mut h = CodeHighlighter::new(lang);
    syntect::util::LinesWithEndings::from(code)
        .map(|line| h.line(line))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_colours_unknown_stays_plain() {
        let lines = highlight("fn main() {\n    let x = 1;\n}\n", "rust");
        assert_eq!(lines.len(), 3);
        assert!(lines[0].len() > 1, "keywords are split into styled spans");
        assert!(lines[0].iter().any(|s| s.style.fg.is_some()));
        let plain = highlight("whatever\n", "no-such-lang");
        assert_eq!(plain, vec![vec![Span::raw("whatever")]]);
    }
}
