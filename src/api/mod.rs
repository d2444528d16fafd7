//! Talking to chat-completion APIs: request bodies, HTTP, SSE decoding, typed
//! stream events, folding them into a reply, and error classification.
//! Knows nothing of the terminal.

pub mod client;
pub mod decode;
pub mod error;
pub mod event;
pub mod models;
pub mod reply;
pub mod request;
pub mod retry;
pub mod sse;
mod think;
mod toolmerge;
pub mod transport;
pub mod wire;

pub use client::{ProviderClient, Turn, TurnEnd};
pub use error::ApiError;
pub use event::{Notice, StreamEvent, SupAiEvent, SupAiSource};
pub use reply::{Reply, Shown};
pub use request::ChatOptions;
