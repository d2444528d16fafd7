//! Lenient serde types for what servers send: every field optional, nulls
//! taken as absent, unknown fields kept (protocol.md §8.1). Strict types break
//! on real servers (`finish_reason: ""`, integer tool ids, `choices: null`).

use serde::Deserialize;
use serde_json::{Map, Value};

/// A `chat.completion.chunk` or a whole `chat.completion` (non-streaming),
/// taken apart by hand from a parsed object: faster than `serde(flatten)`,
/// and whatever is not a standard field stays in `extra`.
#[derive(Debug, Default)]
pub struct Chunk {
    pub choices: Vec<Choice>,
    pub usage: Option<Value>,
    /// The model the server says is answering.
    pub model: Option<String>,
    /// Non-null fields beyond the standard envelope (vendor extensions).
    pub extra: Map<String, Value>,
}

/// Envelope fields every OpenAI-style chunk carries; not vendor extensions.
const STANDARD_CHUNK_FIELDS: &[&str] = &[
    "id",
    "object",
    "created",
    "model",
    "system_fingerprint",
    "service_tier",
];

fn take_str(m: &mut Map<String, Value>, key: &str) -> Option<String> {
    match m.remove(key)? {
        Value::String(s) => Some(s),
        _ => None,
    }
}

fn take_value(m: &mut Map<String, Value>, key: &str) -> Option<Value> {
    m.remove(key).filter(|v| !v.is_null())
}

fn take_array(m: &mut Map<String, Value>, key: &str) -> Option<Vec<Value>> {
    match m.remove(key)? {
        Value::Array(a) => Some(a),
        _ => None,
    }
}

fn objects(values: Vec<Value>) -> impl Iterator<Item = Map<String, Value>> {
    values.into_iter().filter_map(|v| match v {
        Value::Object(o) => Some(o),
        _ => None,
    })
}

fn rest(mut m: Map<String, Value>) -> Map<String, Value> {
    m.retain(|_, v| !v.is_null());
    m
}

impl Chunk {
    pub fn from_map(mut m: Map<String, Value>) -> Self {
        let choices = take_array(&mut m, "choices")
            .map(|a| objects(a).map(Choice::from_map).collect())
            .unwrap_or_default();
        let usage = take_value(&mut m, "usage");
        let model = take_str(&mut m, "model").filter(|s| !s.trim().is_empty());
        for k in STANDARD_CHUNK_FIELDS {
            m.remove(*k);
        }
        Self {
            choices,
            usage,
            model,
            extra: rest(m),
        }
    }
}

#[derive(Debug, Default)]
pub struct Choice {
    pub index: Option<u64>,
    /// `delta` in a stream, `message` in a whole completion.
    pub delta: Option<Delta>,
    pub finish_reason: Option<String>,
    pub extra: Map<String, Value>,
}

impl Choice {
    fn from_map(mut m: Map<String, Value>) -> Self {
        let delta = match m.remove("delta").or_else(|| m.remove("message")) {
            Some(Value::Object(d)) => Some(Delta::from_map(d)),
            _ => None,
        };
        Self {
            index: m.remove("index").and_then(|v| v.as_u64()),
            delta,
            finish_reason: take_str(&mut m, "finish_reason"),
            extra: rest(m),
        }
    }
}

#[derive(Debug, Default)]
pub struct Delta {
    /// A string, or an array of `{type, text}` parts (Mistral).
    pub content: Option<Value>,
    pub refusal: Option<String>,
    pub reasoning_content: Option<String>,
    /// A string (vLLM, Ollama, OpenRouter) or `{text}`/`{content}` (codex-rs).
    pub reasoning: Option<Value>,
    pub reasoning_details: Option<Vec<Value>>,
    pub thinking_blocks: Option<Vec<Value>>,
    pub thinking: Option<Value>,
    pub tool_calls: Vec<ToolCallDelta>,
    pub extra: Map<String, Value>,
}

impl Delta {
    fn from_map(mut m: Map<String, Value>) -> Self {
        m.remove("role");
        let tool_calls = take_array(&mut m, "tool_calls")
            .map(|a| {
                a.into_iter()
                    .filter_map(|v| serde_json::from_value(v).ok())
                    .collect()
            })
            .unwrap_or_default();
        Self {
            content: take_value(&mut m, "content"),
            refusal: take_str(&mut m, "refusal"),
            reasoning_content: take_str(&mut m, "reasoning_content"),
            reasoning: take_value(&mut m, "reasoning"),
            reasoning_details: take_array(&mut m, "reasoning_details"),
            thinking_blocks: take_array(&mut m, "thinking_blocks"),
            thinking: take_value(&mut m, "thinking"),
            tool_calls,
            extra: rest(m),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ToolCallDelta {
    pub index: Option<u64>,
    /// A string normally; integers seen from some servers.
    pub id: Option<Value>,
    pub function: Option<FunctionDelta>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FunctionDelta {
    pub name: Option<String>,
    /// Normally a string fragment; an object is kept as its JSON text.
    pub arguments: Option<Value>,
}

/// Text of a `content` value: a string, or the concatenated `text` of parts.
pub fn content_text(content: &Value) -> String {
    match content {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts
            .iter()
            .filter_map(|p| match p {
                Value::String(s) => Some(s.as_str()),
                Value::Object(o) => o.get("text").and_then(Value::as_str),
                _ => None,
            })
            .collect(),
        _ => String::new(),
    }
}

/// Reasoning carried in `content` parts (Mistral's Magistral:
/// `[{"type": "thinking", "thinking": [{"type": "text", "text": "…"}]}]`).
pub fn content_thinking(content: &Value) -> String {
    let Value::Array(parts) = content else {
        return String::new();
    };
    parts
        .iter()
        .filter(|p| p.get("type").and_then(Value::as_str) == Some("thinking"))
        .filter_map(|p| p.get("thinking"))
        .flat_map(|t| match t {
            Value::Array(items) => items.iter().filter_map(loose_text).collect::<Vec<_>>(),
            other => loose_text(other).into_iter().collect(),
        })
        .collect()
}

/// A string, or the `text`/`content` field of an object.
pub fn loose_text(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        Value::Object(o) => o
            .get("text")
            .or_else(|| o.get("content"))
            .and_then(Value::as_str),
        _ => None,
    }
}

/// An id as a string; integers are stringified, empty strings are absent.
pub fn id_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
