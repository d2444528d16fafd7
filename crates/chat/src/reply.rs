//! What a model wrote in one reply: text, reasoning, tool calls, usage, the
//! finish reason, vendor extensions and the Sup.ai run. Data only: the
//! API client's `fold` turns stream events into it.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{FinishReason, ToolCall, Usage};

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

    /// Gives every call an id unique in the reply (results are paired by
    /// id): one the server left out is made up (`call_<entry>_<n>`), one it
    /// used twice is told apart. Done once, when the reply ends.
    pub fn settle_tool_call_ids(&mut self, entry: u64) {
        let mut seen = std::collections::HashSet::new();
        for (i, c) in self.tool_calls.iter_mut().enumerate() {
            if c.id.as_deref().is_none_or(str::is_empty) {
                c.id = Some(format!("call_{entry}_{i}"));
            }
            if let Some(id) = &c.id
                && !seen.insert(id.clone())
            {
                let unique = format!("{id}_{i}");
                seen.insert(unique.clone());
                c.id = Some(unique);
            }
        }
    }

    /// The finished tool calls: arguments repaired, empty slots left out.
    pub fn finished_tool_calls(&self) -> Vec<ToolCall> {
        self.tool_calls
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.name.is_empty() || !c.arguments.is_empty())
            .map(|(i, c)| ToolCall {
                id: c.id.clone().unwrap_or_else(|| format!("call_{i}")),
                name: c.name.clone(),
                arguments: repair_arguments(&c.arguments),
            })
            .collect()
    }
}

fn is_json(s: &str) -> bool {
    serde_json::from_str::<serde::de::IgnoredAny>(s).is_ok()
}

/// Final arguments of a call: empty becomes `{}`, and arguments that are one
/// valid JSON text repeated k times (duplicated by a proxy) become that text.
pub fn repair_arguments(args: &str) -> String {
    let trimmed = args.trim();
    if trimmed.is_empty() {
        return "{}".to_owned();
    }
    if is_json(trimmed) {
        return args.to_owned();
    }
    for k in 2..=4 {
        if trimmed.len().is_multiple_of(k) {
            let len = trimmed.len() / k;
            if let Some(unit) = trimmed.get(..len)
                && is_json(unit)
                && trimmed.as_bytes().chunks(len).all(|c| c == unit.as_bytes())
            {
                return unit.to_owned();
            }
        }
    }
    args.to_owned()
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
