//! Text the model reads, which `ask` recognises: not the user's words.

/// How the result of a call that did not run begins (made by
/// `supchat_core::engine`, for the model).
pub const NOT_RUN: &str = "error: not run: ";
