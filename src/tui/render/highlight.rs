//! Syntax highlighting of code blocks (syntect, with Oniguruma's regexes:
//! three times as fast as the pure-Rust engine on real code, and ten times
//! on a language's first line, when its regexes are compiled; measured on
//! 14 KB of Rust, Python and JavaScript). The syntax and theme sets load
//! once, on the first code block, not at launch.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::OnceLock;

use ratatui::style::{Color, Modifier};
use ratatui::text::Span;
use syntect::highlighting::{
    FontStyle, HighlightIterator, HighlightState, Highlighter, Theme, ThemeSet,
};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};

use crate::tui::theme::{self as ui, Background};

struct Sets {
    syntaxes: SyntaxSet,
    dark: Theme,
    light: Theme,
}

fn sets() -> &'static Sets {
    static SETS: OnceLock<Sets> = OnceLock::new();
    SETS.get_or_init(|| {
        let syntaxes = SyntaxSet::load_defaults_newlines();
        let mut themes = ThemeSet::load_defaults();
        let mut take = |name: &str| themes.themes.remove(name).unwrap_or_default();
        let dark = take(DARK_THEME);
        let light = take(LIGHT_THEME);
        Sets {
            syntaxes,
            dark,
            light,
        }
    })
}

/// The code themes, one for each background.
pub const DARK_THEME: &str = "base16-eighties.dark";
pub const LIGHT_THEME: &str = "InspiredGitHub";

/// The backgrounds code must read on: a light-ish dark one and an off-white
/// (terminals' own backgrounds vary; these are the harder ends).
pub const DARK_BG: (u8, u8, u8) = (40, 44, 52);
pub const LIGHT_BG: (u8, u8, u8) = (250, 250, 250);
/// The least contrast a code colour keeps against its background (WCAG AA
/// for text).
pub const MIN_CONTRAST: f64 = 4.5;

fn theme_for(bg: Background) -> &'static Theme {
    let s = sets();
    match bg {
        Background::Dark => &s.dark,
        Background::Light => &s.light,
    }
}

/// The highlighter of the code theme for `bg`, made once (it sorts the
/// theme's selectors).
fn highlighter_for(bg: Background) -> &'static Highlighter<'static> {
    static DARK: OnceLock<Highlighter<'static>> = OnceLock::new();
    static LIGHT: OnceLock<Highlighter<'static>> = OnceLock::new();
    let cell = match bg {
        Background::Dark => &DARK,
        Background::Light => &LIGHT,
    };
    cell.get_or_init(|| Highlighter::new(theme_for(bg)))
}

/// WCAG relative luminance of an sRGB colour.
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let ch = |v: u8| {
        let c = f64::from(v) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)
}

/// WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// `c`, moved toward white (dark background) or black (light) until it
/// reads against `bg`: a theme's faint comment colour stays faint, but
/// legible.
pub fn readable(c: (u8, u8, u8), bg: Background) -> (u8, u8, u8) {
    let (back, target) = match bg {
        Background::Dark => (DARK_BG, 255.0),
        Background::Light => (LIGHT_BG, 0.0),
    };
    let mut c = c;
    for step in 1..=20 {
        if contrast(c, back) >= MIN_CONTRAST {
            break;
        }
        let t = f64::from(step) / 20.0;
        let mix = |v: u8| (f64::from(v) + (target - f64::from(v)) * t).round() as u8;
        c = (mix(c.0), mix(c.1), mix(c.2));
    }
    c
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
    th: ui::Theme,
}

impl CodeHighlighter {
    pub fn new(lang: &str, th: ui::Theme) -> Self {
        if lang.trim().is_empty() {
            return Self { state: None, th };
        }
        let s = sets();
        let state = syntax_for(&s.syntaxes, lang).map(|syntax| {
            let h = highlighter_for(th.palette.background);
            (
                ParseState::new(syntax),
                HighlightState::new(h, ScopeStack::new()),
            )
        });
        Self { state, th }
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
        let th = self.th;
        let bg = th.palette.background;
        let h = highlighter_for(bg);
        HighlightIterator::new(hl, &ops, line, h)
            .map(|(st, text)| {
                let fg = st.foreground;
                let (r, g, b) = readable((fg.r, fg.g, fg.b), bg);
                let mut style = th.code_color(Color::Rgb(r, g, b));
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
pub fn highlight(code: &str, lang: &str, th: ui::Theme) -> Vec<Vec<Span<'static>>> {
    let (mut lines, mut h, from) = match recall(code, lang, th) {
        Some((lines, _, from)) if from == code.len() => return lines,
        Some(found) => found,
        None => (Vec::new(), CodeHighlighter::new(lang, th), 0),
    };
    // Kept up to its last whole line (a line being written is carried on
    // from its start).
    let whole = code.rfind('\n').map_or(0, |i| i + 1).max(from);
    lines
        .extend(syntect::util::LinesWithEndings::from(&code[from..whole]).map(|line| h.line(line)));
    remember(&code[..whole], lang, th, &lines, &h);
    if whole < code.len() {
        lines.push(h.line(&code[whole..]));
    }
    lines
}

/// Code highlighted lately, kept to be drawn again without being parsed
/// again: a reply's fences when it ends (highlighted line by line as they
/// streamed, a fence still open carried on from where it was), every block
/// on screen after a resize. Highlighting costs one to two microseconds a
/// byte; finding it here, a comparison of the text. Kept per thread (the
/// highlighter's state is bound to one), at most [`MEMO_BYTES`] of code.
struct Memo {
    entries: VecDeque<Remembered>,
    bytes: usize,
}

struct Remembered {
    lang: String,
    th: ui::Theme,
    /// Whole lines of code, and their spans.
    code: String,
    lines: Vec<Vec<Span<'static>>>,
    /// The highlighter after them, to carry on.
    after: CodeHighlighter,
}

/// The most code kept (its text; the spans take about as much again), and
/// the most blocks (each look-up goes through them all).
const MEMO_BYTES: usize = 1 << 20;
const MEMO_ENTRIES: usize = 256;

thread_local! {
    static MEMO: RefCell<Memo> = const {
        RefCell::new(Memo {
            entries: VecDeque::new(),
            bytes: 0,
        })
    };
}

/// The longest code kept that `code` starts with: its lines, the
/// highlighter after them and where the rest of `code` starts.
fn recall(
    code: &str,
    lang: &str,
    th: ui::Theme,
) -> Option<(Vec<Vec<Span<'static>>>, CodeHighlighter, usize)> {
    MEMO.with_borrow(|m| {
        m.entries
            .iter()
            .filter(|e| e.th == th && e.lang == lang && code.starts_with(e.code.as_str()))
            .max_by_key(|e| e.code.len())
            .map(|e| (e.lines.clone(), e.after.clone(), e.code.len()))
    })
}

/// Keeps `lines` as the highlighting of `code` (whole lines, each with its
/// newline) in `lang`,
/// and `after` as the highlighter after them: what [`highlight`] would
/// give, the same highlighter fed the same lines.
pub fn remember(
    code: &str,
    lang: &str,
    th: ui::Theme,
    lines: &[Vec<Span<'static>>],
    after: &CodeHighlighter,
) {
    if !code.ends_with('\n') || code.len() > MEMO_BYTES / 4 {
        return;
    }
    MEMO.with_borrow_mut(|m| {
        if m.entries
            .iter()
            .any(|e| e.code.len() == code.len() && e.th == th && e.lang == lang && e.code == code)
        {
            return;
        }
        m.bytes += code.len();
        m.entries.push_back(Remembered {
            lang: lang.to_owned(),
            th,
            code: code.to_owned(),
            lines: lines.to_vec(),
            after: after.clone(),
        });
        while (m.bytes > MEMO_BYTES || m.entries.len() > MEMO_ENTRIES)
            && let Some(old) = m.entries.pop_front()
        {
            m.bytes -= old.code.len();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every colour of a code theme, foregrounds of its rules included.
    fn colours(t: &Theme) -> Vec<(u8, u8, u8)> {
        let mut out: Vec<(u8, u8, u8)> = t
            .scopes
            .iter()
            .filter_map(|item| item.style.foreground)
            .map(|c| (c.r, c.g, c.b))
            .collect();
        out.extend(t.settings.foreground.map(|c| (c.r, c.g, c.b)));
        out
    }

    #[test]
    fn code_colours_keep_their_contrast_on_dark_and_light_backgrounds() {
        for (bg, back) in [(Background::Dark, DARK_BG), (Background::Light, LIGHT_BG)] {
            let all = colours(theme_for(bg));
            assert!(all.len() > 10, "{bg:?}: the theme has its colours");
            // The theme suits the background: most of it reads as it is.
            let fine = all.iter().filter(|c| contrast(**c, back) >= 3.0).count();
            assert!(
                fine * 10 >= all.len() * 7,
                "{bg:?}: {fine} of {}",
                all.len()
            );
            for c in all {
                let r = readable(c, bg);
                let ratio = contrast(r, back);
                assert!(
                    ratio >= MIN_CONTRAST,
                    "{bg:?}: {c:?} → {r:?} only {ratio:.2}"
                );
            }
        }
        // And a dark theme's colours would not do on white.
        let dark_on_light = colours(theme_for(Background::Dark))
            .into_iter()
            .filter(|c| contrast(*c, LIGHT_BG) < 3.0)
            .count();
        assert!(dark_on_light > 5, "the test tells the themes apart");
    }

    #[test]
    fn contrast_is_wcag() {
        assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 0.01);
        assert!((contrast((119, 119, 119), (255, 255, 255)) - 4.48).abs() < 0.05);
    }

    #[test]
    fn known_language_gets_colours_unknown_stays_plain() {
        let lines = highlight(
            "fn main() {\n    let x = 1;\n}\n",
            "rust",
            ui::Theme::default(),
        );
        assert_eq!(lines.len(), 3);
        assert!(lines[0].len() > 1, "keywords are split into styled spans");
        assert!(lines[0].iter().any(|s| s.style.fg.is_some()));
        let plain = highlight("whatever\n", "no-such-lang", ui::Theme::default());
        assert_eq!(plain, vec![vec![Span::raw("whatever")]]);
    }

    /// Highlighted afresh, line by line, bypassing what is kept.
    fn afresh(code: &str, lang: &str, th: ui::Theme) -> Vec<Vec<Span<'static>>> {
        let mut h = CodeHighlighter::new(lang, th);
        syntect::util::LinesWithEndings::from(code)
            .map(|line| h.line(line))
            .collect()
    }

    #[test]
    fn code_kept_highlighted_is_drawn_as_it_would_be_afresh() {
        let th = ui::Theme::default();
        let code = "/* a comment\n   over lines */\nfn main() {\n    let s = \"a string\";\n}\n";
        let want = afresh(code, "rust", th);
        // Kept whole, then asked again.
        assert_eq!(highlight(code, "rust", th), want);
        assert_eq!(highlight(code, "rust", th), want);
        // Kept up to the middle of the comment (a fence still open when a
        // reply ended): carried on from the highlighter's state there. (On
        // a thread of its own: nothing else kept.)
        let carried = std::thread::spawn(move || {
            let cut = code.find('\n').unwrap_or_default() + 1;
            let mut h = CodeHighlighter::new("rust", th);
            let head: Vec<_> = syntect::util::LinesWithEndings::from(&code[..cut])
                .map(|l| h.line(l))
                .collect();
            remember(&code[..cut], "rust", th, &head, &h);
            highlight(code, "rust", th)
        })
        .join();
        assert_eq!(carried.ok(), Some(want.clone()));
        // Another language or theme is not taken for it.
        assert_eq!(highlight(code, "python", th), afresh(code, "python", th));
        let light = ui::Theme::new(ui::Palette {
            background: Background::Light,
            ..ui::Palette::default()
        });
        assert_eq!(highlight(code, "rust", light), afresh(code, "rust", light));
        assert_ne!(want, afresh(code, "rust", light), "the themes differ");
    }
}
