//! The full-screen chat. The only module that touches the terminal.

pub mod app;
pub mod cells;
mod clipboard;
mod editor;
mod input;
pub mod render;
pub mod runtime;
mod terminal;
pub mod theme;
pub mod view;

pub use runtime::run;
