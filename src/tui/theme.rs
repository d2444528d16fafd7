//! Maps meaning to style. Views ask the [`Theme`] they are handed for
//! `user()`, never for a colour.
//!
//! The palette is chosen at start-up from what the terminal can show and
//! what it is drawn on:
//! - colour depth: 24-bit only when the terminal says so (`COLORTERM` is
//!   `truecolor` or `24bit`), else the 256-colour palette; `NO_COLOR` drops
//!   colour only: bold, italic, dim and reverse stay, so reasoning, headings
//!   and the dim parts remain distinct;
//! - background: dark or light (the `theme` setting, or the terminal's
//!   answer to OSC 11): on a light background the tones that would fade
//!   into white (cyan, yellow, light grey) are swapped for darker ones, and
//!   code is highlighted with a light theme.
//!
//! The default theme (tests, snapshots) is 24-bit on dark.

use ratatui::style::{Color, Modifier, Style};
use supchat_core::config::ThemeChoice;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    TrueColor,
    Ansi256,
    /// `NO_COLOR`: attributes only.
    NoColor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Background {
    Dark,
    Light,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub depth: Depth,
    pub background: Background,
}

impl Default for Palette {
    fn default() -> Self {
        Self {
            depth: Depth::TrueColor,
            background: Background::Dark,
        }
    }
}

impl Palette {
    /// The palette for a terminal: its depth from the environment, its
    /// background from the config, else from `ask` (the terminal's answer,
    /// when it can be asked), else from `COLORFGBG`, else dark.
    pub fn for_terminal(choice: ThemeChoice, ask: impl FnOnce() -> Option<Background>) -> Self {
        let env = |k: &str| std::env::var(k).ok();
        let background = match choice {
            ThemeChoice::Dark => Background::Dark,
            ThemeChoice::Light => Background::Light,
            ThemeChoice::Auto => ask()
                .or_else(|| env("COLORFGBG").and_then(|v| colorfgbg_background(&v)))
                .unwrap_or(Background::Dark),
        };
        Palette {
            depth: Palette::depth_from_env(env("NO_COLOR").as_deref(), env("COLORTERM").as_deref()),
            background,
        }
    }

    /// The depth the environment asks for: `NO_COLOR` (set and not empty),
    /// else 24-bit when `COLORTERM` says so, else 256 colours.
    pub fn depth_from_env(no_color: Option<&str>, colorterm: Option<&str>) -> Depth {
        if no_color.is_some_and(|v| !v.is_empty()) {
            return Depth::NoColor;
        }
        match colorterm.map(str::to_ascii_lowercase).as_deref() {
            Some("truecolor" | "24bit") => Depth::TrueColor,
            _ => Depth::Ansi256,
        }
    }
}

/// The styles of everything drawn, from one palette: a value handed to
/// whatever draws (the screen, `ask`'s printer), so that every palette can
/// be drawn and tested side by side.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Theme {
    pub palette: Palette,
}

impl Theme {
    pub fn new(palette: Palette) -> Self {
        Self { palette }
    }

    fn light(self) -> bool {
        self.palette.background == Background::Light
    }

    /// A foreground colour, as the palette can show it. Without colour,
    /// tones that only meant "less important" become the dim attribute.
    fn fg(self, c: Color, faint: bool) -> Style {
        match self.palette.depth {
            Depth::NoColor if faint => Style::default().add_modifier(Modifier::DIM),
            Depth::NoColor => Style::default(),
            Depth::Ansi256 => Style::default().fg(to_256(c)),
            Depth::TrueColor => Style::default().fg(c),
        }
    }
}

/// An RGB colour as the nearest of the 256-colour palette's cube and greys;
/// other colours are left as they are.
pub fn to_256(c: Color) -> Color {
    let Color::Rgb(r, g, b) = c else { return c };
    let level = |v: u8| -> u8 {
        match v {
            0..=47 => 0,
            48..=114 => 1,
            _ => (v - 35) / 40,
        }
    };
    let cube = |l: u8| -> u8 { if l == 0 { 0 } else { 55 + 40 * l } };
    let (lr, lg, lb) = (level(r), level(g), level(b));
    let cube_rgb = (cube(lr), cube(lg), cube(lb));
    let avg = (u16::from(r) + u16::from(g) + u16::from(b)) / 3;
    let grey = if avg > 238 {
        23
    } else {
        (avg.saturating_sub(3) / 10) as u8
    };
    let grey_v = 8 + 10 * grey;
    let dist = |(x, y, z): (u8, u8, u8)| {
        let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2);
        d(x, r) + d(y, g) + d(z, b)
    };
    if dist((grey_v, grey_v, grey_v)) < dist(cube_rgb) {
        Color::Indexed(232 + grey.min(23))
    } else {
        Color::Indexed(16 + 36 * lr + 6 * lg + lb)
    }
}

impl Theme {
    /// Applies the palette to a colour from the code highlighter (24-bit).
    pub fn code_color(self, c: Color) -> Style {
        self.fg(c, false)
    }

    pub fn base(self) -> Style {
        Style::default()
    }
    pub fn dim(self) -> Style {
        self.fg(Color::DarkGray, true)
    }
    pub fn accent(self) -> Style {
        self.fg(
            if self.light() {
                Color::Blue
            } else {
                Color::Cyan
            },
            false,
        )
    }
    pub fn strong_accent(self) -> Style {
        self.accent().add_modifier(Modifier::BOLD)
    }
    pub fn user(self) -> Style {
        self.fg(Color::Green, false).add_modifier(Modifier::BOLD)
    }
    pub fn assistant(self) -> Style {
        self.fg(Color::Magenta, false).add_modifier(Modifier::BOLD)
    }
    pub fn reasoning(self) -> Style {
        self.fg(Color::DarkGray, true)
            .add_modifier(Modifier::ITALIC)
    }
    pub fn error(self) -> Style {
        self.fg(Color::Red, false)
    }
    pub fn error_title(self) -> Style {
        self.error().add_modifier(Modifier::BOLD)
    }
    pub fn warning(self) -> Style {
        // Yellow fades into a white background: a dark orange there.
        let c = if self.light() {
            Color::Indexed(130)
        } else {
            Color::Yellow
        };
        self.fg(c, false)
    }
    pub fn border(self) -> Style {
        self.fg(Color::DarkGray, true)
    }
    pub fn key(self) -> Style {
        self.accent().add_modifier(Modifier::BOLD)
    }
    pub fn heading(self) -> Style {
        self.accent().add_modifier(Modifier::BOLD)
    }
    pub fn inline_code(self) -> Style {
        let c = if self.light() {
            Color::Indexed(130)
        } else {
            Color::Yellow
        };
        // Without colour the backticks' meaning would be lost: bold instead.
        match self.palette.depth {
            Depth::NoColor => Style::default().add_modifier(Modifier::BOLD),
            _ => self.fg(c, false),
        }
    }
    pub fn code_gutter(self) -> Style {
        self.fg(Color::DarkGray, true)
    }
    pub fn link(self) -> Style {
        self.fg(Color::Blue, false)
            .add_modifier(Modifier::UNDERLINED)
    }
    pub fn quote(self) -> Style {
        // Light grey is for dark backgrounds; on white the dim grey reads.
        let c = if self.light() {
            Color::DarkGray
        } else {
            Color::Gray
        };
        self.fg(c, true).add_modifier(Modifier::ITALIC)
    }
    pub fn selected(self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }
    pub fn tool(self) -> Style {
        self.fg(Color::Blue, false)
    }
    /// A match of the find bar: reversed, so it shows with no colour too.
    pub fn found(self) -> Style {
        self.warning()
            .add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
}

/// `COLORFGBG` (`fg;bg`, set by rxvt, Konsole and others): the background
/// colour's number says light (7, 9-15) or dark.
pub fn colorfgbg_background(v: &str) -> Option<Background> {
    let bg: u8 = v.rsplit(';').next()?.trim().parse().ok()?;
    Some(if bg == 7 || (9..=15).contains(&bg) {
        Background::Light
    } else {
        Background::Dark
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colorfgbg_says_light_or_dark() {
        assert_eq!(colorfgbg_background("15;0"), Some(Background::Dark));
        assert_eq!(colorfgbg_background("0;15"), Some(Background::Light));
        assert_eq!(colorfgbg_background("0;default;7"), Some(Background::Light));
        assert_eq!(colorfgbg_background("junk"), None);
    }

    #[test]
    fn depth_follows_no_color_and_colorterm() {
        use Depth::*;
        assert_eq!(
            Palette::depth_from_env(Some("1"), Some("truecolor")),
            NoColor
        );
        assert_eq!(
            Palette::depth_from_env(Some(""), Some("truecolor")),
            TrueColor
        );
        assert_eq!(Palette::depth_from_env(None, Some("24bit")), TrueColor);
        assert_eq!(Palette::depth_from_env(None, None), Ansi256);
        assert_eq!(Palette::depth_from_env(None, Some("yes")), Ansi256);
    }

    #[test]
    fn rgb_maps_to_the_nearest_of_256() {
        assert_eq!(to_256(Color::Rgb(0, 0, 0)), Color::Indexed(16));
        assert_eq!(to_256(Color::Rgb(255, 255, 255)), Color::Indexed(231));
        assert_eq!(to_256(Color::Rgb(255, 0, 0)), Color::Indexed(196));
        assert_eq!(to_256(Color::Rgb(128, 128, 128)), Color::Indexed(244));
        assert_eq!(to_256(Color::Cyan), Color::Cyan, "named colours stay");
    }
}
