//! The full-screen chat. The only module that touches the terminal.

pub mod render;
pub mod theme;
