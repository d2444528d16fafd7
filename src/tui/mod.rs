//! The full-screen chat. The only module that touches the terminal.

pub mod app;
pub mod cells;
mod clipboard;
mod editor;
pub mod fuzzy;
mod input;
pub mod render;
pub mod runtime;
mod terminal;
pub mod theme;
pub mod view;

pub use runtime::run_with;
