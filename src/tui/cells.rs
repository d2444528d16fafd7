//! The conversation as the screen shows it: a list of cells (your messages,
//! replies, errors, notices, tool calls). Each cell has a revision that grows
//! when it changes, so views re-wrap only what changed. Model text is cleaned
//! of terminal control sequences as it arrives.

use std::time::{Duration, Instant};

use crate::api::reply::Reply;
use crate::api::{Shown, StreamEvent};
use crate::chat::{FinishReason, Message, TurnStats};
use crate::text::Sanitizer;

#[derive(Debug, Clone, PartialEq)]
pub enum ReplyState {
    /// Sent; nothing has arrived yet.
    Waiting,
    Streaming,
    Done,
    /// Stopped by the user; the partial reply stays.
    Cancelled,
    /// Broke off or failed after text arrived; the partial reply stays.
    Interrupted(String),
}

#[derive(Debug, Clone)]
pub struct AssistantCell {
    /// `Supage · claude-sonnet-4-6`: what answered.
    pub source: String,
    pub reply: Reply,
    /// The answer and reasoning as shown: cleaned of control sequences.
    pub text: String,
    pub reasoning: String,
    pub state: ReplyState,
    pub stats: Option<TurnStats>,
    pub started: Instant,
    pub first_token: Option<Instant>,
    /// When reasoning stopped (the answer began), for "thought for 3.2s".
    pub reasoning_took: Option<Duration>,
    /// Characters of answer and reasoning so far, kept as they arrive so
    /// that live figures never count the whole reply again.
    pub chars: usize,
    /// Words of reasoning so far (for the folded line), counted as it arrives.
    pub reasoning_words: usize,
    in_word: bool,
    clean_text: Sanitizer,
    clean_reasoning: Sanitizer,
}

impl AssistantCell {
    pub fn new(source: String, now: Instant) -> Self {
        Self {
            source,
            reply: Reply::default(),
            text: String::new(),
            reasoning: String::new(),
            state: ReplyState::Waiting,
            stats: None,
            started: now,
            first_token: None,
            reasoning_took: None,
            chars: 0,
            reasoning_words: 0,
            in_word: false,
            clean_text: Sanitizer::new(),
            clean_reasoning: Sanitizer::new(),
        }
    }

    /// Applies a stream event; true when anything visible changed.
    pub fn apply(&mut self, ev: &StreamEvent, now: Instant) -> bool {
        let shown = self.reply.apply(ev);
        let visible = match shown.clone() {
            Some(Shown::Text(t)) => {
                if self.reasoning_took.is_none() && !self.reasoning.is_empty() {
                    self.reasoning_took = Some(now.duration_since(self.started));
                }
                self.chars += t.chars().count();
                self.clean_text.push(&t, &mut self.text);
                true
            }
            Some(Shown::Reasoning(r)) => {
                self.chars += r.chars().count();
                let from = self.reasoning.len();
                self.clean_reasoning.push(&r, &mut self.reasoning);
                for c in self.reasoning[from..].chars() {
                    let word = !c.is_whitespace();
                    if word && !self.in_word {
                        self.reasoning_words += 1;
                    }
                    self.in_word = word;
                }
                true
            }
            Some(Shown::Restart) => {
                self.text.clear();
                self.clean_text = Sanitizer::new();
                true
            }
            None => matches!(ev, StreamEvent::ToolCall(_) | StreamEvent::SupAi(_)),
        };
        if visible {
            // Time to first token counts the answer, reasoning or a tool call,
            // as the client's own figure does; Sup.ai's run frames do not.
            let output = shown.is_some() || matches!(ev, StreamEvent::ToolCall(_));
            if output && self.first_token.is_none() {
                self.first_token = Some(now);
            }
            self.state = ReplyState::Streaming;
        }
        visible
    }

    pub fn is_live(&self) -> bool {
        matches!(self.state, ReplyState::Waiting | ReplyState::Streaming)
    }

    /// A note under the reply: why it stopped, if not normally.
    pub fn ending_note(&self) -> Option<String> {
        match &self.state {
            ReplyState::Cancelled => Some("⊘ cancelled".to_owned()),
            ReplyState::Interrupted(why) => Some(format!("⚠ {why}")),
            ReplyState::Done => match self.reply.finish {
                Some(FinishReason::Length) => {
                    Some("⚠ cut at the output token limit (max_tokens)".to_owned())
                }
                Some(FinishReason::ContentFilter) => {
                    Some("⚠ the provider withheld part of this reply (content filter)".to_owned())
                }
                _ => None,
            },
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub enum CellKind {
    User(String),
    Assistant(Box<AssistantCell>),
    /// Something failed: what happened, and what to do.
    Error {
        title: String,
        detail: String,
    },
    /// A line of information from supchat itself.
    Notice(String),
    /// A tool the model asked to call. Running tools comes in a later
    /// version; until then the call is shown and not run.
    ToolCall {
        name: String,
        arguments: String,
        status: String,
    },
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub id: u64,
    /// Grows on every visible change.
    pub rev: u64,
    pub kind: CellKind,
}

/// The cells and their ids.
#[derive(Debug, Default)]
pub struct Cells {
    pub list: Vec<Cell>,
    next_id: u64,
}

impl Cells {
    pub fn push(&mut self, kind: CellKind) -> usize {
        self.next_id += 1;
        self.list.push(Cell {
            id: self.next_id,
            rev: 0,
            kind,
        });
        self.list.len() - 1
    }

    /// The conversation to send: your messages and the replies' text
    /// (partial replies included), errors and notices left out.
    pub fn history(&self) -> Vec<Message> {
        self.list
            .iter()
            .filter_map(|c| match &c.kind {
                CellKind::User(t) => Some(Message::user(t.clone())),
                // Tool calls are left out until tools run: a call without
                // its result is refused by OpenAI-compatible servers.
                CellKind::Assistant(a) if !a.reply.text.is_empty() => {
                    Some(Message::assistant(a.reply.text.clone()))
                }
                _ => None,
            })
            .collect()
    }

    /// The shown text of every reply, oldest first.
    pub fn reply_texts(&self) -> impl DoubleEndedIterator<Item = &str> {
        self.list.iter().filter_map(|c| match &c.kind {
            CellKind::Assistant(a) => Some(a.text.as_str()),
            _ => None,
        })
    }

    /// The text of the last reply, if any.
    pub fn last_reply(&self) -> Option<&str> {
        self.list.iter().rev().find_map(|c| match &c.kind {
            CellKind::Assistant(a) if !a.text.is_empty() => Some(a.text.as_str()),
            _ => None,
        })
    }
}
