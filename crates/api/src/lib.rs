//! Talking to chat-completion APIs: request bodies, HTTP, SSE decoding, typed
//! stream events and error classification, and `fold`, the one way those
//! events become a conversation's `Reply` (for the engine, and for
//! replaying recordings). Knows nothing of the terminal, the config file or
//! sessions: a request is described by its own `Endpoint`.

mod chunks;
pub mod client;
pub mod decode;
mod endpoint;
pub mod error;
pub mod event;
pub mod fold;
pub mod models;
pub mod request;
pub mod retry;
pub mod sse;
mod think;
pub(crate) mod toolmerge;
pub mod transport;
pub mod wire;

pub use client::{ProviderClient, TurnEnd};
pub use endpoint::{Credential, Endpoint, Secret, SupAiEnvironment};
pub use error::ApiError;
pub use event::{Notice, StreamEvent, SupAiEvent, SupAiSource};
pub use fold::Shown;
pub use request::ChatOptions;
