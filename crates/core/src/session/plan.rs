//! What a chat asks to open at start-up ([`Plan`]), and what it found
//! ([`Startup`], [`Opened`]).

use supchat_chat::Conversation;

use crate::store::{Recorder, SessionMeta};

/// Which session a chat opens with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Open {
    New,
    /// The newest saved session (`--continue`).
    Latest,
    /// The session list (`--resume` without an id).
    Pick,
    /// This id or unique prefix (`--resume ID`).
    Id(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub open: Open,
    /// Write the conversation as it happens (`--no-save`: false).
    pub save: bool,
    /// The prompt preset to start with (`--prompt NAME`).
    pub preset: Option<String>,
}

impl Plan {
    pub fn new_session() -> Self {
        Self {
            open: Open::New,
            save: true,
            preset: None,
        }
    }
}

/// What to do with a session another supchat holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenHeld {
    /// Go on in a copy (the chat screen).
    Copy,
    /// Refuse, naming the holder (`ask --continue`).
    Refuse,
}

/// A saved session to go on with: its meta and conversation, and the
/// recorder that saves what follows (none without saving).
pub struct Opened {
    pub meta: SessionMeta,
    pub conversation: Conversation,
    pub recorder: Option<Recorder>,
    /// Said to the user (a copy made, no saving).
    pub notice: Option<String>,
}

impl std::fmt::Debug for Opened {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opened")
            .field("meta", &self.meta)
            .field("entries", &self.conversation.len())
            .field("saved", &self.recorder.is_some())
            .finish()
    }
}

/// What start-up found.
#[derive(Debug, Default)]
pub struct Startup {
    /// A session to show (resumed), or none for a new one.
    pub opened: Option<Opened>,
    /// The recorder of a new session, when one was begun.
    pub new: Option<Recorder>,
    /// Why nothing will be saved, or what could not be resumed.
    pub problem: Option<String>,
    /// Why the conversation is not saved yet (until the journal says
    /// writing works).
    pub save_problem: Option<String>,
    /// Open the session list first.
    pub pick: bool,
}
