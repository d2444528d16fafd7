//! Everything that touches the terminal: the full-screen chat, and the
//! styled output of `supchat ask` (`print`). No other module may.

pub mod app;
pub mod cells;
mod clipboard;
mod editor;
pub mod fuzzy;
mod input;
pub mod input_box;
pub mod print;
pub mod render;
pub mod runtime;
pub mod screen;
mod terminal;
pub mod theme;
pub mod view;

pub use runtime::{Choose, Start, run_with};
