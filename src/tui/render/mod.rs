//! Turning text into styled, wrapped terminal lines: markdown, syntax
//! highlighting, width-aware wrapping.

pub mod highlight;
pub mod markdown;
mod para;
pub mod stream;
pub mod wrap;
