//! Maps meaning to style. Views ask for `theme::user()`, never for a colour.
//!
//! The palette is chosen once at start-up ([`set`]) from what the terminal
//! can show and what it is drawn on:
//! - colour depth: 24-bit only when the terminal says so (`COLORTERM` is
//!   `truecolor` or `24bit`), else the 256-colour palette; `NO_COLOR` drops
//!   colour only: bold, italic, dim and reverse stay, so reasoning, headings
//!   and the dim parts remain distinct;
//! - background: dark or light (the `theme` setting, or the terminal's
//!   answer to OSC 11): on a light background the tones that would fade
//!   into white (cyan, yellow, light grey) are swapped for darker ones, and
//!   code is highlighted with a light theme.
//!
//! Until `set` is called (tests, snapshots) the palette is 24-bit on dark.

use std::sync::atomic::{AtomicU8, Ordering};

use ratatui::style::{Color, Modifier, Style};

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

/// The palette in use, packed: depth in the low bits, background above.
static PALETTE: AtomicU8 = AtomicU8::new(0);

fn pack(p: Palette) -> u8 {
    let d = match p.depth {
        Depth::TrueColor => 0,
        Depth::Ansi256 => 1,
        Depth::NoColor => 2,
    };
    let b = match p.background {
        Background::Dark => 0,
        Background::Light => 4,
    };
    d | b
}

/// Chooses the palette for the rest of the run.
pub fn set(p: Palette) {
    PALETTE.store(pack(p), Ordering::Relaxed);
}

pub fn palette() -> Palette {
    unpack(PALETTE.load(Ordering::Relaxed))
}

fn unpack(v: u8) -> Palette {
    Palette {
        depth: match v & 3 {
            1 => Depth::Ansi256,
            2 => Depth::NoColor,
            _ => Depth::TrueColor,
        },
        background: if v & 4 != 0 {
            Background::Light
        } else {
            Background::Dark
        },
    }
}

fn light() -> bool {
    palette().background == Background::Light
}

/// A foreground colour, as the palette can show it. Without colour, tones
/// that only meant "less important" become the dim attribute.
fn fg(c: Color, faint: bool) -> Style {
    match palette().depth {
        Depth::NoColor if faint => Style::default().add_modifier(Modifier::DIM),
        Depth::NoColor => Style::default(),
        Depth::Ansi256 => Style::default().fg(to_256(c)),
        Depth::TrueColor => Style::default().fg(c),
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

/// Applies the palette to a colour from the code highlighter (24-bit).
pub fn code_color(c: Color) -> Style {
    fg(c, false)
}

pub fn base() -> Style {
    Style::default()
}
pub fn dim() -> Style {
    fg(Color::DarkGray, true)
}
pub fn accent() -> Style {
    fg(if light() { Color::Blue } else { Color::Cyan }, false)
}
pub fn strong_accent() -> Style {
    accent().add_modifier(Modifier::BOLD)
}
pub fn user() -> Style {
    fg(Color::Green, false).add_modifier(Modifier::BOLD)
}
pub fn assistant() -> Style {
    fg(Color::Magenta, false).add_modifier(Modifier::BOLD)
}
pub fn reasoning() -> Style {
    fg(Color::DarkGray, true).add_modifier(Modifier::ITALIC)
}
pub fn error() -> Style {
    fg(Color::Red, false)
}
pub fn error_title() -> Style {
    error().add_modifier(Modifier::BOLD)
}
pub fn warning() -> Style {
    // Yellow fades into a white background: a dark orange there.
    let c = if light() {
        Color::Indexed(130)
    } else {
        Color::Yellow
    };
    fg(c, false)
}
pub fn border() -> Style {
    fg(Color::DarkGray, true)
}
pub fn key() -> Style {
    accent().add_modifier(Modifier::BOLD)
}
pub fn heading() -> Style {
    accent().add_modifier(Modifier::BOLD)
}
pub fn inline_code() -> Style {
    let c = if light() {
        Color::Indexed(130)
    } else {
        Color::Yellow
    };
    // Without colour the backticks' meaning would be lost: bold instead.
    match palette().depth {
        Depth::NoColor => Style::default().add_modifier(Modifier::BOLD),
        _ => fg(c, false),
    }
}
pub fn code_gutter() -> Style {
    fg(Color::DarkGray, true)
}
pub fn link() -> Style {
    fg(Color::Blue, false).add_modifier(Modifier::UNDERLINED)
}
pub fn quote() -> Style {
    // Light grey is for dark backgrounds; on white the dim grey reads.
    let c = if light() {
        Color::DarkGray
    } else {
        Color::Gray
    };
    fg(c, true).add_modifier(Modifier::ITALIC)
}
pub fn selected() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}
pub fn tool() -> Style {
    fg(Color::Blue, false)
}
/// A match of the find bar: reversed, so it shows with no colour too.
pub fn found() -> Style {
    warning().add_modifier(Modifier::REVERSED | Modifier::BOLD)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn palettes_pack_and_unpack() {
        for depth in [Depth::TrueColor, Depth::Ansi256, Depth::NoColor] {
            for background in [Background::Dark, Background::Light] {
                let p = Palette { depth, background };
                assert_eq!(unpack(pack(p)), p);
            }
        }
        assert_eq!(unpack(0), Palette::default());
    }
}
