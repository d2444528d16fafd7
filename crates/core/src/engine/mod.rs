//! The conversation core: owns a [`Conversation`] and runs its turns, for
//! the chat screen and `supchat ask` alike.
//!
//! [`Engine`] is a state machine without I/O and without a clock: a driver
//! calls [`Engine::send`], runs the [`TurnRequest`] it gets (the async
//! [`ClientPool::run`] does that), feeds every stream event back through
//! [`Engine::on_event`] and the end through [`Engine::on_end`], and presents
//! the [`Output`]s each call returns: every change to the conversation is
//! among them, once and in order (sessions are saved from them). What is sent is decided in [`history`];
//! how events become a reply, in `supchat_api::fold`. Knows nothing of the terminal.

mod branches;
mod ending;
pub mod history;
mod lanes;
mod runner;
mod turn;

use std::ops::Add;
use std::time::{Duration, Instant, SystemTime};

pub use runner::{ClientPool, NoClient, RunEnd};

use crate::config::ProviderConfig;
use supchat_api::{ChatOptions, Notice};
use supchat_chat::{
    Conversation, EntryId, EntryKind, Message, Reply, Timestamp, ToolCall, TurnStats,
};

pub use crate::config::tools::DEFAULT_MAX_TOOL_STEPS;

/// A moment, read by the driver: the monotonic clock for durations, the
/// wall clock for the times entries carry. The engine never reads a clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    pub mono: Instant,
    pub wall: SystemTime,
}

impl Now {
    pub fn read() -> Self {
        Self {
            mono: Instant::now(),
            wall: SystemTime::now(),
        }
    }
}

impl Add<Duration> for Now {
    type Output = Now;
    fn add(self, d: Duration) -> Now {
        Now {
            mono: self.mono + d,
            wall: self.wall + d,
        }
    }
}

/// One request of a turn, for the driver to send.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnRequest {
    pub turn: u64,
    pub provider: ProviderConfig,
    pub messages: Vec<Message>,
    pub options: ChatOptions,
}

/// A change to the conversation, as it happens.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub entry: EntryId,
    pub what: What,
}

#[derive(Debug, Clone, PartialEq)]
pub enum What {
    /// The entry was appended.
    Added,
    /// Text was appended to the reply.
    Text(String),
    /// Reasoning was appended to the reply.
    Reasoning(String),
    /// The reply's text was cleared: what follows supersedes it (Sup.ai).
    Restarted,
    /// The whole reply was dropped: its stream broke off and it is asked
    /// for again (text, reasoning and calls start over).
    StartedOver,
    /// A tool call of the reply grew.
    ToolCall,
    /// The Sup.ai run of the reply changed.
    SupAi,
    /// Usage, finish reason or vendor fields of the reply changed.
    Meta,
    /// The reply ended: its `end`, `stats` and tool call ids are final.
    Ended,
    /// The entry was deleted (with the rest of its turn).
    Removed,
}

/// What a driver presents.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    Changed(Change),
    /// News that is not part of the conversation (a retry, a dropped option).
    Notice(Notice),
    /// The reply called tools that the request offered: the turn goes on
    /// once their results are given to [`Engine::tool_results`].
    ToolCalls {
        turn: u64,
        reply: EntryId,
        calls: Vec<ToolCall>,
    },
    /// Nothing more will come for this turn.
    TurnOver(TurnOver),
}

#[derive(Debug, Clone, PartialEq)]
pub struct TurnOver {
    pub turn: u64,
    pub ended: Ended,
    /// The figures of the turn's last request.
    pub stats: TurnStats,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The model answered with this reply.
    Answered(EntryId),
    /// Stopped by the user; this reply keeps what arrived.
    Cancelled(EntryId),
    /// Broke off after part of this reply arrived.
    Interrupted(EntryId),
    /// Nothing arrived: this failed-send entry says why.
    Failed(EntryId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendError {
    Busy,
    Empty,
    NotWaiting,
    NotNewest,
    NoBranch,
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&supchat_i18n::tr(match self {
            SendError::Busy => "core-send-busy",
            SendError::Empty => "core-send-empty",
            SendError::NotWaiting => "core-send-not-waiting",
            SendError::NotNewest => "core-send-not-newest",
            SendError::NoBranch => "core-send-no-branch",
        }))
    }
}

impl std::error::Error for SendError {}

/// The turn under way. Not saved: its figures end up in the reply.
struct Turn {
    id: u64,
    provider: ProviderConfig,
    options: ChatOptions,
    /// The user message the turn answers.
    prompt: EntryId,
    /// The reply of the current request, once part of it arrived.
    reply: Option<EntryId>,
    /// What arrived before the reply itself (usage, vendor fields).
    early: Reply,
    started: Instant,
    first_output: Option<Instant>,
    /// Characters of text and reasoning so far, for the rate.
    chars: usize,
    /// Pieces of text and reasoning so far, for the rate without usage.
    deltas: usize,
    /// Requests made after tool results.
    steps: u32,
    awaiting_tools: bool,
    /// A new answer to a prompt already answered.
    retry: bool,
    /// Its replies answer a compare, as its target number `n`.
    compare: Option<u8>,
}

/// The turn under way, as a driver sees it.
#[derive(Debug, Clone, Copy)]
pub struct Live<'a> {
    pub turn: u64,
    pub provider: &'a ProviderConfig,
    /// The reply being written, once part of it arrived.
    pub reply: Option<EntryId>,
    pub started: Instant,
    pub first_output: Option<Instant>,
    pub chars: usize,
    pub deltas: usize,
    pub awaiting_tools: bool,
}

pub struct Engine {
    conversation: Conversation,
    turn: Option<Turn>,
    last_turn: u64,
    max_tool_steps: u32,
    /// Keep only the end of a reply's text and reasoning (`ask` without a
    /// session prints them as they come and needs no copy).
    keep_tail_only: bool,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new(Conversation::default())
    }
}

impl Engine {
    /// An engine continuing `conversation` (empty for a new one).
    pub fn new(conversation: Conversation) -> Self {
        Self {
            conversation,
            turn: None,
            last_turn: 0,
            max_tool_steps: DEFAULT_MAX_TOOL_STEPS,
            keep_tail_only: false,
        }
    }

    pub fn conversation(&self) -> &Conversation {
        &self.conversation
    }

    pub fn set_max_tool_steps(&mut self, steps: u32) {
        self.max_tool_steps = steps;
    }

    /// Replies keep only the last few kilobytes of their text and reasoning:
    /// for a driver that shows them as they arrive and keeps nothing (the
    /// conversation is then not fit to be sent again or saved).
    pub fn keep_tail_only(&mut self) {
        self.keep_tail_only = true;
    }

    /// The turn under way, if any.
    pub fn live(&self) -> Option<Live<'_>> {
        self.turn.as_ref().map(|t| Live {
            turn: t.id,
            provider: &t.provider,
            reply: t.reply,
            started: t.started,
            first_output: t.first_output,
            chars: t.chars,
            deltas: t.deltas,
            awaiting_tools: t.awaiting_tools,
        })
    }

    pub fn is_busy(&self) -> bool {
        self.turn.is_some()
    }

    /// Adds a system prompt (from the preset named, if any); the newest
    /// one is what requests carry.
    pub fn add_system(&mut self, text: String, preset: Option<String>, now: Now) -> Vec<Output> {
        let mut out = Vec::new();
        self.push(&mut out, now, EntryKind::System { text, preset });
        out
    }

    /// Deletes the turn of the user message `prompt`: the message and
    /// what answered it (replies, tool results, a failed send), up to the
    /// next message of the user's. Not while a turn is under way.
    pub fn delete_turn(&mut self, prompt: EntryId) -> Result<Vec<Output>, SendError> {
        if self.turn.is_some() {
            return Err(SendError::Busy);
        }
        let entries = self.conversation.entries();
        let Some(start) = entries
            .iter()
            .position(|e| e.id == prompt && matches!(e.kind, EntryKind::User { .. }))
        else {
            return Err(SendError::NotNewest);
        };
        let ids: Vec<EntryId> = std::iter::once(entries[start].id)
            .chain(
                entries[start + 1..]
                    .iter()
                    .take_while(|e| !matches!(e.kind, EntryKind::User { .. }))
                    .map(|e| e.id),
            )
            .collect();
        // An edit deleted: the message after it starts the branch instead,
        // so what the edit replaced stays replaced.
        let edit_of = match &entries[start].kind {
            EntryKind::User { edit_of, .. } => *edit_of,
            _ => None,
        };
        let next_prompt = entries[start + ids.len()..]
            .iter()
            .find(|e| matches!(e.kind, EntryKind::User { .. }))
            .map(|e| e.id);
        self.conversation.remove(&ids);
        let mut out = Vec::new();
        for id in ids {
            self.emit(&mut out, id, What::Removed);
        }
        if let (Some(of), Some(next)) = (edit_of, next_prompt)
            && let Some(EntryKind::User { edit_of, .. }) =
                self.conversation.get_mut(next).map(|e| &mut e.kind)
            && edit_of.is_none()
        {
            *edit_of = Some(of);
            self.emit(&mut out, next, What::Meta);
        }
        Ok(out)
    }

    /// Goes to the branch `step` away (-1 the one before, 1 the next) from
    /// entry `at`, a message or an answer that has others: that branch is
    /// what is sent from now on (`at` itself when it is not in the branch
    /// sent now: the one looked at is the one gone to). Returns the branch
    /// gone to, its place and how many there are. Not while a turn is
    /// under way.
    pub fn switch_branch(
        &mut self,
        at: EntryId,
        step: isize,
        now: Now,
    ) -> Result<(EntryId, usize, usize, Vec<Output>), SendError> {
        if self.turn.is_some() {
            return Err(SendError::Busy);
        }
        let (i, siblings) = history::branches(&self.conversation, at).ok_or(SendError::NoBranch)?;
        let n = siblings.len();
        let to_i = if history::on_path(&self.conversation, at) {
            (i as isize + step).rem_euclid(n as isize) as usize
        } else {
            i
        };
        let to = siblings[to_i];
        let mut out = Vec::new();
        self.push(&mut out, now, EntryKind::Switch { to });
        Ok((to, to_i, n, out))
    }

    /// The newest system prompt, and the preset it came from.
    pub fn system(&self) -> Option<(&str, Option<&str>)> {
        self.conversation
            .entries()
            .iter()
            .rev()
            .find_map(|e| match &e.kind {
                EntryKind::System { text, preset } => Some((text.as_str(), preset.as_deref())),
                _ => None,
            })
    }

    fn emit(&mut self, out: &mut Vec<Output>, entry: EntryId, what: What) {
        out.push(Output::Changed(Change { entry, what }));
    }

    fn push(&mut self, out: &mut Vec<Output>, now: Now, kind: EntryKind) -> EntryId {
        let id = self
            .conversation
            .push(Timestamp::from_system(now.wall), kind);
        self.emit(out, id, What::Added);
        id
    }
}

#[cfg(test)]
mod tests;
