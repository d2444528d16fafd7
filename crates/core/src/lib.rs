//! supchat without a terminal: everything a front end (the chat screen,
//! `supchat ask`) drives, and nothing of how it looks.
//!
//! Its modules, lowest first; each may use only those before it (a test,
//! `layers_only_look_down`, keeps it so):
//! - `private`: files 0600 and folders 0700, as supchat makes them.
//! - `proc`: child programs with a timeout, capped output, own process group.
//! - `config`: the config file, providers, keys, presets, key bindings.
//! - `mcp`: MCP servers: started in the background, their tools, calls.
//! - `engine`: runs a conversation's turns; what is sent.
//! - `tools`: what the model may call, approval, running a call.
//! - `store`: saved conversations (SQLite), written as they happen.
//! - `attach`: files named in a message, read for sending.
//! - `session`: one conversation's life for every front end: the engine,
//!   the choices, the tool loop, the saved session (`ChatSession`).
//!
//! Knows no terminal crate: the compiler keeps it so (none is a dependency).

pub mod private;

pub mod said;

pub mod proc;

pub mod config;

pub mod cost;

pub mod mcp;

pub mod engine;

pub mod tools;

pub mod store;

pub mod attach;

pub mod session;

#[cfg(test)]
mod layers_tests;
