//! supchat: a terminal chat client for Supage, Sup.ai and any
//! OpenAI-compatible API. This package is the front ends; what they drive
//! lives in the workspace's crates (`crates/`), none of which knows a
//! terminal:
//!
//! - `supchat-chat`: the conversation as plain data; untrusted text.
//! - `supchat-api`: HTTP, SSE decoding, stream events, errors.
//! - `supchat-core`: config, the engine, tools, saved sessions.
//!
//! Here: `tui`, the chat screen and every styled write to a terminal;
//! `cli`, the command line, a driver like the screen (it may use `tui` to
//! print; `tui` never uses `cli`); `demo`, the offline server of `--demo`.

pub mod cli;
pub mod tui;

// The built-in demo server: `--demo` and the test suites use it, but it is
// not part of the library's API.
#[doc(hidden)]
pub mod demo;
