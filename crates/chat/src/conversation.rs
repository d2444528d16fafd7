//! A conversation: an ordered list of entries, each with a stable id and the
//! wall-clock time it was made. Entries are only ever appended, and only the
//! engine appends or changes them (`supchat-core`), so everything built on
//! a conversation (the screen, a session journal) can follow it by id.

use std::fmt;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::{FinishReason, Reply, TurnStats};
use crate::{ProviderKind, display_name};

/// An entry's id: unique in its conversation, growing in entry order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntryId(pub u64);

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Wall-clock time, in milliseconds since the Unix epoch (UTC).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub u64);

impl Timestamp {
    pub fn from_system(t: SystemTime) -> Self {
        let ms = t
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        Self(u64::try_from(ms).unwrap_or(u64::MAX))
    }

    pub fn to_system(self) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_millis(self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: EntryId,
    pub at: Timestamp,
    pub kind: EntryKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EntryKind {
    /// A system prompt; `preset` names the `[prompts.NAME]` it came from.
    System {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        preset: Option<String>,
    },
    /// A message of the user's, with the files attached to it.
    User {
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        attachments: Vec<Attachment>,
        /// An edit of this earlier message: the conversation goes on from
        /// there, and what followed it is kept as an earlier branch.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        edit_of: Option<EntryId>,
    },
    Assistant(Box<AssistantEntry>),
    ToolResult(ToolResult),
    FailedSend(FailedSend),
    /// The user went back to another branch: from here on, the
    /// conversation goes on from `to` (a message, or an answer) as that
    /// branch was when it was left.
    Switch {
        to: EntryId,
    },
}

/// A file attached to a message: a text file (sent as a fenced block with
/// its name) or an image (sent as an `image_url` data URL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// The file's name as given (`notes.txt`, `src/main.rs`).
    pub name: String,
    /// `text/plain`, or the image's type (`image/png`).
    pub mime: String,
    /// The text, or the image in base64.
    pub data: String,
    /// The file's size in bytes.
    pub bytes: u64,
}

impl Attachment {
    pub fn is_image(&self) -> bool {
        self.mime.starts_with("image/")
    }
}

/// Who answered: the provider (its name in the config), its kind, and the
/// model, or for Sup.ai the mode and the `models` allow-list in effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answerer {
    pub provider: String,
    pub kind: ProviderKind,
    /// The model, or the Sup.ai mode.
    pub model: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<String>,
}

impl Answerer {
    /// `Supage · claude-sonnet-4-6`, `Sup.ai · deep-thinking`. Raw: the
    /// model id may have come from a server, so clean it where it is shown.
    pub fn label(&self) -> String {
        format!("{} · {}", display_name(&self.provider), self.model)
    }
}

/// How a reply ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ReplyEnd {
    /// Still arriving (or the program stopped while it was).
    Streaming,
    Complete,
    /// Stopped by the user; what arrived is kept.
    Cancelled,
    /// Broke off after part of it arrived; what arrived is kept.
    Interrupted {
        error: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssistantEntry {
    pub answerer: Answerer,
    pub reply: Reply,
    pub end: ReplyEnd,
    /// The turn's figures, once it ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stats: Option<TurnStats>,
    /// How long the model reasoned before the answer began.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasoning_took: Option<Duration>,
    /// A new answer to the same prompt (a retry): what answered it before
    /// is no longer sent.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retry: bool,
    /// One of the answers of a compare (`/compare`, `ask --compare`): its
    /// target's place among them, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare: Option<u8>,
}

/// Why a reply stopped, when not simply complete: one wording for every
/// place that says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndNote {
    Cancelled,
    Interrupted(String),
    /// Cut by the output token limit.
    Length,
    /// Part of it was withheld by the provider.
    ContentFilter,
    /// This many frames of it could not be read: text may be missing.
    Incomplete(u32),
}

impl EndNote {
    /// A warning (as opposed to the user's own doing).
    pub fn is_warning(&self) -> bool {
        *self != Self::Cancelled
    }
}

impl fmt::Display for EndNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            EndNote::Cancelled => supchat_i18n::tr("end-cancelled"),
            EndNote::Interrupted(why) => return f.write_str(why),
            EndNote::Length => supchat_i18n::tr("end-length"),
            EndNote::ContentFilter => supchat_i18n::tr("end-content-filter"),
            EndNote::Incomplete(n) => supchat_i18n::tr!("end-incomplete", n = *n),
        };
        f.write_str(&text)
    }
}

impl AssistantEntry {
    pub fn is_streaming(&self) -> bool {
        self.end == ReplyEnd::Streaming
    }

    /// Why the reply stopped, if not normally.
    pub fn end_note(&self) -> Option<EndNote> {
        match &self.end {
            ReplyEnd::Streaming => None,
            ReplyEnd::Cancelled => Some(EndNote::Cancelled),
            ReplyEnd::Interrupted { error } => Some(EndNote::Interrupted(error.clone())),
            ReplyEnd::Complete if self.reply.lost_frames > 0 => {
                Some(EndNote::Incomplete(self.reply.lost_frames))
            }
            ReplyEnd::Complete => match self.reply.finish {
                Some(FinishReason::Length) => Some(EndNote::Length),
                Some(FinishReason::ContentFilter) => Some(EndNote::ContentFilter),
                _ => None,
            },
        }
    }
}

/// What a tool returned for one call (or why it did not run).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolResult {
    pub call_id: String,
    pub name: String,
    pub content: String,
    #[serde(default)]
    pub is_error: bool,
    /// Who let it run, or that the user declined; `None` when it could not
    /// run at all (an unknown tool, arguments that are not JSON, a cancel).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<Approval>,
}

/// How a call came to run, or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Approval {
    /// The tool runs without asking (`approve = "auto"`, the built-ins).
    Auto,
    /// The user said yes to this call.
    User,
    /// The user allowed the tool for the rest of the session.
    Session,
    /// `supchat ask --yes`.
    Flag,
    /// The user said no; the model was told so.
    Declined,
}

impl Approval {
    /// How it reads after a result: `approved by you`.
    pub fn describe(self) -> String {
        supchat_i18n::tr(match self {
            Approval::Auto => "approval-auto",
            Approval::User => "approval-user",
            Approval::Session => "approval-session",
            Approval::Flag => "approval-flag",
            Approval::Declined => "approval-declined",
        })
    }
}

/// A request that got no reply at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedSend {
    /// The user message it carried, which therefore was never answered
    /// (`None` when a turn failed while continuing after tool results).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<EntryId>,
    pub error: String,
    /// Whether it reached the network (false: no key, no client).
    pub sent: bool,
}

impl FailedSend {
    /// `The request failed`, or `The message was not sent`.
    pub fn title(&self) -> String {
        supchat_i18n::tr(if self.sent {
            "failed-request"
        } else {
            "failed-not-sent"
        })
    }
}

/// The entries of one conversation, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(try_from = "Stored")]
pub struct Conversation {
    entries: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    entries: Vec<Entry>,
}

impl TryFrom<Stored> for Conversation {
    type Error = String;
    fn try_from(s: Stored) -> Result<Self, String> {
        Self::from_entries(s.entries)
    }
}

impl Serialize for Conversation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Ref<'a> {
            entries: &'a [Entry],
        }
        Ref {
            entries: &self.entries,
        }
        .serialize(s)
    }
}

impl Conversation {
    /// Who answered last: what a resumed conversation goes on with.
    pub fn last_answerer(&self) -> Option<&Answerer> {
        // A retry with another provider was a one-off: the conversation goes
        // on with the provider of the last reply that was not one.
        let replies = || {
            self.entries().iter().rev().filter_map(|e| match &e.kind {
                EntryKind::Assistant(a) => Some(a),
                _ => None,
            })
        };
        replies()
            .find(|a| !a.retry)
            .or_else(|| replies().next())
            .map(|a| &a.answerer)
    }

    /// A conversation from stored entries; their ids must grow strictly.
    pub fn from_entries(entries: Vec<Entry>) -> Result<Self, String> {
        if let Some(w) = entries.windows(2).find(|w| w[0].id >= w[1].id) {
            return Err(supchat_i18n::tr!(
                "api-entries-out-of-order",
                first = w[0].id.to_string(),
                then = w[1].id.to_string()
            ));
        }
        Ok(Self { entries })
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    fn position(&self, id: EntryId) -> Option<usize> {
        self.entries.binary_search_by_key(&id, |e| e.id).ok()
    }

    pub fn get(&self, id: EntryId) -> Option<&Entry> {
        self.position(id).map(|i| &self.entries[i])
    }

    /// The first line with words of the message or reply `id`, trimmed
    /// (empty for anything else): what names a branch.
    pub fn first_line(&self, id: EntryId) -> &str {
        let text = match self.get(id).map(|e| &e.kind) {
            Some(EntryKind::User { text, .. }) => text.as_str(),
            Some(EntryKind::Assistant(a)) => a.reply.text.as_str(),
            _ => "",
        };
        text.lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("")
    }

    /// The reply with this id, if it is one.
    pub fn assistant(&self, id: EntryId) -> Option<&AssistantEntry> {
        match &self.get(id)?.kind {
            EntryKind::Assistant(a) => Some(a),
            _ => None,
        }
    }

    pub fn assistant_mut(&mut self, id: EntryId) -> Option<&mut AssistantEntry> {
        let i = self.position(id)?;
        match &mut self.entries[i].kind {
            EntryKind::Assistant(a) => Some(a),
            _ => None,
        }
    }

    /// The message of the user's at or before `id` (the one a reply
    /// answered; `EntryId(u64::MAX)` gives the newest).
    pub fn prompt_at(&self, id: EntryId) -> Option<&Entry> {
        self.entries
            .iter()
            .rev()
            .filter(|e| e.id <= id)
            .find(|e| matches!(e.kind, EntryKind::User { .. }))
    }

    pub fn get_mut(&mut self, id: EntryId) -> Option<&mut Entry> {
        let i = self.position(id)?;
        Some(&mut self.entries[i])
    }

    /// Takes these entries out (deleting a turn); the others keep their ids,
    /// which still grow. Returns what was taken.
    pub fn remove(&mut self, ids: &[EntryId]) -> Vec<Entry> {
        let (gone, kept): (Vec<Entry>, Vec<Entry>) = std::mem::take(&mut self.entries)
            .into_iter()
            .partition(|e| ids.contains(&e.id));
        self.entries = kept;
        gone
    }

    /// Appends an entry; its id follows the last one.
    pub fn push(&mut self, at: Timestamp, kind: EntryKind) -> EntryId {
        let id = EntryId(self.entries.last().map_or(1, |e| e.id.0.saturating_add(1)));
        self.entries.push(Entry { id, at, kind });
        id
    }

    /// The result given for a call of the reply `reply`: results follow
    /// their reply directly (ids the server left out are made up per reply,
    /// so the same id may appear in two replies).
    pub fn tool_result(&self, reply: EntryId, call_id: &str) -> Option<&ToolResult> {
        let start = self.position(reply)? + 1;
        self.entries[start..]
            .iter()
            .map_while(|e| match &e.kind {
                EntryKind::ToolResult(r) => Some(r),
                _ => None,
            })
            .find(|r| r.call_id == call_id)
    }
}

#[cfg(test)]
#[path = "conversation_tests.rs"]
mod tests;
