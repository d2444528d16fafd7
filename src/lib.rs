//! supchat: a terminal chat client for Supage, Sup.ai and any
//! OpenAI-compatible API. The library holds everything but the command line:
//! configuration, the API client, the conversation domain and text hygiene.

pub mod api;
pub mod chat;
pub mod cli;
pub mod config;
pub mod demo;
pub mod loopback;
pub mod text;
pub mod tui;
