//! supchat: a terminal chat client for Supage, Sup.ai and any
//! OpenAI-compatible API.
//!
//! - `chat`: the conversation as plain data (entries, replies, messages).
//! - `engine`: the conversation core: runs turns, decides what is sent,
//!   folds stream events into replies; drivers only present its outputs.
//! - `api`: HTTP, SSE decoding, typed stream events, error classification.
//! - `config`: the config file, providers, keys.
//! - `session`: saved conversations (SQLite), written as they happen.
//! - `proc`: child programs with a timeout, capped output, own process group.
//! - `tui`: the chat screen and every styled write to a terminal; `cli`:
//!   the command line, a thin driver like the screen.
//!
//! Only `tui` touches the terminal (a test keeps it so).

pub mod api;
pub mod attach;
pub mod chat;
pub mod cli;
pub mod config;
pub mod engine;
pub mod proc;
pub mod session;
pub mod text;
pub mod tools;
pub mod tui;

// The built-in demo server and the scripted loopback server it runs on:
// `--demo` and the test suites need them, but they are tools of this crate,
// not part of its library API.
#[doc(hidden)]
pub mod demo;
#[doc(hidden)]
pub mod loopback;
