//! Lenient serde types for what servers send: every field optional, nulls
//! taken as absent, unknown fields kept (protocol.md §8.1). Strict types break
//! on real servers (`finish_reason: ""`, integer tool ids, `choices: null`).

use std::borrow::Cow;

use serde::Deserialize;
use serde::de::IgnoredAny;
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

/// The chunk most frames are, typed: the standard fields and nothing else
/// (an unknown field, or a known one of another shape, fails it). Parsed
/// straight from the text, without building a `Value` tree first and taking
/// it apart; whatever fails it goes the lenient way, to the same result.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlainChunk<'a> {
    #[serde(default, rename = "id")]
    _id: IgnoredAny,
    #[serde(default, borrow)]
    object: Option<Cow<'a, str>>,
    #[serde(default, rename = "created")]
    _created: IgnoredAny,
    #[serde(default, borrow)]
    model: Option<Cow<'a, str>>,
    #[serde(default, rename = "system_fingerprint")]
    _system_fingerprint: IgnoredAny,
    #[serde(default, rename = "service_tier")]
    _service_tier: IgnoredAny,
    #[serde(default)]
    usage: Option<Value>,
    #[serde(borrow)]
    choices: Vec<PlainChoice<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlainChoice<'a> {
    #[serde(default)]
    index: Option<u64>,
    #[serde(default, borrow)]
    delta: Option<PlainDelta<'a>>,
    #[serde(default, borrow)]
    finish_reason: Option<Cow<'a, str>>,
    /// Kept (as `extra`) when not null: then the chunk goes the lenient way.
    #[serde(default)]
    logprobs: Option<IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlainDelta<'a> {
    #[serde(default, rename = "role")]
    _role: IgnoredAny,
    #[serde(default, borrow)]
    content: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    refusal: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    reasoning_content: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    reasoning: Option<Cow<'a, str>>,
    #[serde(default)]
    tool_calls: Option<Vec<ToolCallDelta>>,
}

impl Chunk {
    /// `text` as a chunk, when it is a plain one (see [`PlainChunk`]);
    /// None: it is to be parsed the lenient way.
    pub fn plain(text: &str) -> Option<Self> {
        let c: PlainChunk = serde_json::from_str(text).ok()?;
        if c.object
            .as_deref()
            .is_some_and(|o| o != "chat.completion.chunk")
            || c.choices.iter().any(|ch| ch.logprobs.is_some())
        {
            return None;
        }
        let owned = |s: Option<Cow<str>>| s.map(Cow::into_owned);
        Some(Self {
            choices: c
                .choices
                .into_iter()
                .map(|ch| Choice {
                    index: ch.index,
                    delta: ch.delta.map(|d| Delta {
                        content: d.content.map(|s| Value::String(s.into_owned())),
                        refusal: owned(d.refusal),
                        reasoning_content: owned(d.reasoning_content),
                        reasoning: d.reasoning.map(|s| Value::String(s.into_owned())),
                        tool_calls: d.tool_calls.unwrap_or_default(),
                        ..Delta::default()
                    }),
                    finish_reason: owned(ch.finish_reason),
                    extra: Map::new(),
                })
                .collect(),
            usage: c.usage,
            model: owned(c.model).filter(|s| !s.trim().is_empty()),
            extra: Map::new(),
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The chunk of `text` the lenient way.
    fn lenient(text: &str) -> Chunk {
        match serde_json::from_str(text) {
            Ok(Value::Object(m)) => Chunk::from_map(m),
            other => panic!("not an object: {other:?}"),
        }
    }

    #[test]
    fn a_plain_chunk_typed_is_what_it_is_taken_apart() {
        let typed = [
            r#"{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi \"there\"\n"},"finish_reason":null}]}"#,
            r#"{"choices":[{"delta":{"content":null,"reasoning_content":"think"},"index":0,"logprobs":null}],"usage":null,"model":"  "}"#,
            r#"{"choices":[{"delta":{"reasoning":"r","refusal":"no"},"finish_reason":""}]}"#,
            r#"{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4}}"#,
            r#"{"choices":[{"index":1,"delta":{"tool_calls":[{"index":0,"id":7,"type":"function","function":{"name":"f","arguments":"{\"a\""}}]}}]}"#,
        ];
        for text in typed {
            let fast = Chunk::plain(text).unwrap_or_else(|| panic!("typed: {text}"));
            assert_eq!(
                format!("{fast:?}"),
                format!("{:?}", lenient(text)),
                "{text}"
            );
        }
        // Anything else goes the lenient way (and keeps what it carries).
        let lenient_only = [
            r#"{"choices":[{"delta":{"content":[{"type":"text","text":"a"}]}}]}"#,
            r#"{"choices":[{"delta":{"content":"a"},"logprobs":{"content":[]}}]}"#,
            r#"{"choices":[{"delta":{"content":"a"}}],"provider":"x"}"#,
            r#"{"object":"supai.chunk","choices":[]}"#,
            r#"{"choices":[{"message":{"content":"a"}}]}"#,
            r#"{"choices":[{"index":-1,"delta":{"content":"a"}}]}"#,
            r#"{"choices":[{"delta":{"content":"a","extra_field":1}}]}"#,
            r#"{"choices":[{"delta":{"tool_calls":[{"index":"x"}]}}]}"#,
            r#"{"choices":null}"#,
            r#"{"error":{"message":"m"},"choices":[]}"#,
            r#"{"choices":[],"choices":[]}"#,
        ];
        for text in lenient_only {
            assert!(Chunk::plain(text).is_none(), "not typed: {text}");
        }
    }
}
