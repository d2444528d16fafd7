//! Maps meaning to style. Views ask for `theme::user()`, never for a colour.

use ratatui::style::{Color, Modifier, Style};

pub fn base() -> Style {
    Style::default()
}
pub fn dim() -> Style {
    Style::default().fg(Color::DarkGray)
}
pub fn accent() -> Style {
    Style::default().fg(Color::Cyan)
}
pub fn strong_accent() -> Style {
    accent().add_modifier(Modifier::BOLD)
}
pub fn user() -> Style {
    Style::default()
        .fg(Color::Green)
        .add_modifier(Modifier::BOLD)
}
pub fn assistant() -> Style {
    Style::default()
        .fg(Color::Magenta)
        .add_modifier(Modifier::BOLD)
}
pub fn reasoning() -> Style {
    Style::default()
        .fg(Color::DarkGray)
        .add_modifier(Modifier::ITALIC)
}
pub fn error() -> Style {
    Style::default().fg(Color::Red)
}
pub fn error_title() -> Style {
    error().add_modifier(Modifier::BOLD)
}
pub fn warning() -> Style {
    Style::default().fg(Color::Yellow)
}
pub fn border() -> Style {
    Style::default().fg(Color::DarkGray)
}
pub fn key() -> Style {
    Style::default()
        .fg(Color::Cyan)
        .add_modifier(Modifier::BOLD)
}
pub fn heading() -> Style {
    Style::default()
        .fg(Color::Cyan)
        .add_modifier(Modifier::BOLD)
}
pub fn inline_code() -> Style {
    Style::default().fg(Color::Yellow)
}
pub fn code_gutter() -> Style {
    Style::default().fg(Color::DarkGray)
}
pub fn link() -> Style {
    Style::default()
        .fg(Color::Blue)
        .add_modifier(Modifier::UNDERLINED)
}
pub fn quote() -> Style {
    Style::default()
        .fg(Color::Gray)
        .add_modifier(Modifier::ITALIC)
}
pub fn selected() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}
pub fn tool() -> Style {
    Style::default().fg(Color::Blue)
}
