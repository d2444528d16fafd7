//! What a model wrote in one reply: text, reasoning, tool calls, usage, the
//! finish reason, vendor extensions and the Sup.ai run. Data only: the
//! engine folds stream events into it (`crate::engine::fold`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{FinishReason, Usage};

/// Where the answer text comes from. With Sup.ai's frames on, the answer may
/// arrive as standard `content`, as `main`'s own `text` frames, or both
/// (unknown, protocol.md §2.6): the first source to speak wins, so the same
/// text is never shown twice.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerSource {
    #[default]
    Undecided,
    Standard,
    SupAiMain,
}

impl AnswerSource {
    fn is_undecided(&self) -> bool {
        *self == Self::Undecided
    }
}

/// A tool call as it arrives: the id and name once known, the arguments
/// as the JSON text written so far.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartialToolCall {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
    pub arguments: String,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    /// The answer, raw as the server sent it (cleaned only where it is shown).
    pub text: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reasoning: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tool_calls: Vec<PartialToolCall>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finish: Option<FinishReason>,
    /// Frames that looked like chunks but could not be read: text may be
    /// missing from the reply.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub lost_frames: u32,
    /// The model the server said answered (may differ from the one asked for).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Vendor extension fields, `scope.name` → last value seen.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub extensions: Map<String, Value>,
    #[serde(default, skip_serializing_if = "SupAiRun::is_default")]
    pub supai: SupAiRun,
    #[serde(default, skip_serializing_if = "AnswerSource::is_undecided")]
    pub source: AnswerSource,
    #[serde(default, skip_serializing_if = "AnswerSource::is_undecided")]
    pub reasoning_source: AnswerSource,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Reply {
    /// Whether any part of the answer has arrived.
    pub fn has_output(&self) -> bool {
        !self.text.is_empty() || !self.reasoning.is_empty() || !self.tool_calls.is_empty()
    }
}

/// One model's thread in a Sup.ai run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SupAiThread {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_id: Option<String>,
    pub state: ThreadState,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub thinking: String,
    /// The answer after the thread's last `text-start`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThreadState {
    #[default]
    Started,
    Thinking,
    Answering,
    Done,
}

/// The state of a Sup.ai multi-model run, built from its frames.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SupAiRun {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub launched: Vec<String>,
    /// Threads in order of first appearance (`main` included).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub threads: Vec<SupAiThread>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consensus_model: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub final_models: Vec<String>,
    /// Frames of types this client does not know: the first few kept whole
    /// (`MAX_UNKNOWN_KEPT`), all of them counted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<Value>,
    #[serde(default, skip_serializing_if = "is_zero_u64")]
    pub unknown_count: u64,
    /// Frames for models beyond `MAX_THREADS` (a run has a few dozen at
    /// most; a hostile server could send any number): counted, not kept.
    #[serde(default, skip_serializing_if = "is_zero_u64")]
    pub dropped_frames: u64,
}

/// Threads a run keeps (Sup.ai offers some 330 models in all).
pub const MAX_THREADS: usize = 400;
/// Unknown frames kept whole.
pub const MAX_UNKNOWN_KEPT: usize = 16;

fn is_zero_u64(n: &u64) -> bool {
    *n == 0
}

impl SupAiRun {
    /// No run to show (no mode, no thread, nothing unknown).
    pub fn is_empty(&self) -> bool {
        self.mode.is_none() && self.threads.is_empty() && self.unknown_count == 0
    }

    fn is_default(&self) -> bool {
        *self == Self::default()
    }

    pub fn thread(&self, key: &str) -> Option<&SupAiThread> {
        self.threads.iter().find(|t| t.key == key)
    }
}
