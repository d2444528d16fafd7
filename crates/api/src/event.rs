//! Typed events of a streamed reply: what the decoder produces and every
//! consumer (`supchat ask`, the TUI, session files) reads.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use supchat_chat::{FinishReason, Usage};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum StreamEvent {
    /// A fragment of the answer text.
    Text(String),
    /// A fragment of the model's reasoning (`reasoning_content`, `reasoning`, …).
    Reasoning(String),
    /// A fragment of a tool call. `slot` is the call's position in this reply,
    /// resolved from the wire `index`/`id` (which some servers get wrong).
    ToolCall(ToolCallDelta),
    /// Usage so far; the last one wins (servers send cumulative figures).
    Usage(Usage),
    /// The model the server says is answering (`model` of the chunks): for
    /// Sup.ai the mode it resolved to, elsewhere the model behind an alias.
    Model(String),
    Finish(FinishReason),
    /// Whatever a frame carried beyond the standard fields, kept as JSON.
    /// `scope` is `chunk`, `choice` or `delta`.
    Extension {
        scope: String,
        data: Map<String, Value>,
    },
    /// A Sup.ai multi-model run frame (`object: "supai.chunk"`).
    SupAi(SupAiEvent),
    /// A frame that looked like a chunk (JSON) but could not be read: part
    /// of the reply may be missing. An excerpt of it.
    Lost(String),
    /// Something the user may want to know that does not stop the reply:
    /// a line that is not JSON, a retry, a missing `[DONE]`.
    Notice(Notice),
    /// The stream broke off mid-reply and the reply is asked for again
    /// (`ChatOptions::retry_broken`): what arrived of it is dropped.
    StartOver,
    /// What went over the wire, when asked for (`ChatOptions::wire`): for
    /// the request inspector and `ask --wire`. Never part of the reply.
    Wire(Box<Wire>),
}

/// One thing seen on the wire, `ms` after the request was first sent
/// (retries are later attempts of the same request). The key is never in
/// it: the authorization header is masked (`Bearer su-…a1b2`) and the key
/// is scrubbed from whatever the server said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Wire {
    Request {
        attempt: u32,
        ms: u64,
        method: String,
        url: String,
        headers: Vec<(String, String)>,
        body: String,
    },
    Response {
        attempt: u32,
        ms: u64,
        status: u16,
        headers: Vec<(String, String)>,
    },
    /// A read of the response body, as it came off the connection.
    Data { attempt: u32, ms: u64, text: String },
    /// The attempt failed without a response (connection, timeout), or
    /// its body broke off.
    Failed {
        attempt: u32,
        ms: u64,
        error: String,
    },
}

impl Wire {
    /// Every one of `secrets` (other providers' keys: a conversation may
    /// quote one) replaced wherever it appears, whole.
    pub fn scrub(&mut self, secrets: &[String]) {
        let clean = |s: &mut String| {
            for k in secrets {
                if s.contains(k.as_str()) {
                    *s = crate::error::redact(s, k);
                }
            }
        };
        match self {
            Wire::Request {
                url, headers, body, ..
            } => {
                clean(url);
                clean(body);
                headers.iter_mut().for_each(|(_, v)| clean(v));
            }
            Wire::Response { headers, .. } => headers.iter_mut().for_each(|(_, v)| clean(v)),
            Wire::Data { text, .. } => clean(text),
            Wire::Failed { error, .. } => clean(error),
        }
    }

    pub fn attempt(&self) -> u32 {
        match self {
            Wire::Request { attempt, .. }
            | Wire::Response { attempt, .. }
            | Wire::Data { attempt, .. }
            | Wire::Failed { attempt, .. } => *attempt,
        }
    }

    pub fn ms(&self) -> u64 {
        match self {
            Wire::Request { ms, .. }
            | Wire::Response { ms, .. }
            | Wire::Data { ms, .. }
            | Wire::Failed { ms, .. } => *ms,
        }
    }
}

/// A key as the inspector shows it: its prefix (`su-`) and its last four
/// characters, `su-…a1b2`; a short key shows as `…` alone.
pub fn masked_key(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() < 12 {
        return "…".to_owned();
    }
    let prefix: String = match key.find(['-', '_']) {
        Some(i) if i <= 4 => key[..=i].to_owned(),
        _ => String::new(),
    };
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{prefix}…{tail}")
}

impl StreamEvent {
    /// Part of the reply itself: text, reasoning, a tool call or a Sup.ai
    /// run frame. Once one has arrived a request is not sent again (it
    /// would be billed twice and show text twice), and a failure keeps what
    /// arrived as an interrupted reply; unless the driver asked for broken
    /// streams to be tried again (`retry_broken`: the reply starts over).
    pub fn is_output(&self) -> bool {
        match self {
            StreamEvent::Text(t) | StreamEvent::Reasoning(t) => !t.is_empty(),
            StreamEvent::ToolCall(_) | StreamEvent::SupAi(_) => true,
            StreamEvent::Usage(_)
            | StreamEvent::Model(_)
            | StreamEvent::Lost(_)
            | StreamEvent::Finish(_)
            | StreamEvent::Extension { .. }
            | StreamEvent::Notice(_)
            | StreamEvent::StartOver
            | StreamEvent::Wire(_) => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolCallDelta {
    pub slot: usize,
    pub id: Option<String>,
    /// The whole name so far, when this fragment changed it.
    pub name: Option<String>,
    pub arguments: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Notice {
    /// A frame that was not JSON; an excerpt of it.
    NotJson(String),
    /// The request will be sent again after `delay`.
    Retrying {
        attempt: u32,
        max: u32,
        delay: Duration,
        reason: String,
    },
    /// The server rejected `stream_options`; the request is sent without it.
    DroppedStreamOptions,
    /// The stream ended after a finish reason but without `[DONE]`.
    NoDoneMarker,
    /// The API key went to this host over plain http.
    KeyInClear(String),
    /// The reply's tool calls were not run, for this reason.
    ToolsNotRun(String),
    /// What the request offers of tools: MCP servers still starting, more
    /// tools than providers take.
    Tools(String),
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use supchat_i18n::tr;
        let text = match self {
            Notice::NotJson(excerpt) => tr!("api-notice-not-json", excerpt = excerpt),
            Notice::Retrying {
                attempt,
                max,
                delay,
                reason,
            } => tr!(
                "api-notice-retrying",
                reason = reason,
                secs = format!("{:.1}", delay.as_secs_f64()),
                attempt = attempt.to_string(),
                max = max.to_string()
            ),
            Notice::DroppedStreamOptions => tr("api-notice-no-stream-options"),
            Notice::NoDoneMarker => tr("api-notice-no-done"),
            Notice::KeyInClear(host) => tr!("api-notice-key-in-clear", host = host),
            Notice::ToolsNotRun(why) => tr!("api-notice-tools-not-run", why = why),
            Notice::Tools(what) => return f.write_str(what),
        };
        f.write_str(&text)
    }
}

/// Which thread of a Sup.ai run a frame belongs to; `main` is the orchestrator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupAiSource {
    pub key: String,
    pub model_id: Option<String>,
}

impl SupAiSource {
    pub fn is_main(&self) -> bool {
        self.key == "main"
    }
}

/// Sup.ai's own stream frames (protocol.md §2.6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SupAiEvent {
    /// The mode was resolved and these models launched.
    RunModeCall {
        mode_id: Option<String>,
        model_ids: Vec<String>,
    },
    Start(SupAiSource),
    ThinkingStart(SupAiSource),
    Thinking {
        source: SupAiSource,
        text: String,
    },
    /// An answer segment begins; a later one for the same key supersedes it.
    TextStart(SupAiSource),
    Text {
        source: SupAiSource,
        text: String,
    },
    Done(SupAiSource),
    ConfidenceScore {
        source: SupAiSource,
        value: f64,
    },
    /// The consensus (the main thread's answer) is written by this model.
    RunConsensus {
        model_id: Option<String>,
    },
    /// The models that contributed to the final answer.
    RunModeResult {
        model_ids: Vec<String>,
    },
    /// A frame type this client does not know, kept whole.
    Unknown(Value),
}

impl SupAiEvent {
    /// Reads the `chunk` object of a `supai.chunk` frame. Never fails: a chunk
    /// that does not fit its type's shape is kept as [`SupAiEvent::Unknown`].
    pub fn from_chunk(chunk: Value) -> Self {
        Self::parse(&chunk).unwrap_or(SupAiEvent::Unknown(chunk))
    }

    fn parse(c: &Value) -> Option<Self> {
        let ty = c.get("type")?.as_str()?;
        let source = || {
            let s = c.get("_source")?;
            Some(SupAiSource {
                key: s.get("key")?.as_str()?.to_owned(),
                model_id: s.get("modelId").and_then(Value::as_str).map(str::to_owned),
            })
        };
        let text = || c.get("text").and_then(Value::as_str).map(str::to_owned);
        let ids = |k: &str| -> Option<Vec<String>> {
            c.get(k)?
                .as_array()?
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect()
        };
        let model_id = || c.get("modelId").and_then(Value::as_str).map(str::to_owned);
        Some(match ty {
            "run-mode-call" => SupAiEvent::RunModeCall {
                mode_id: c.get("modeId").and_then(Value::as_str).map(str::to_owned),
                model_ids: ids("startModelIds")?,
            },
            "start" => SupAiEvent::Start(source()?),
            "thinking-start" => SupAiEvent::ThinkingStart(source()?),
            "thinking" => SupAiEvent::Thinking {
                source: source()?,
                text: text()?,
            },
            "text-start" => SupAiEvent::TextStart(source()?),
            "text" => SupAiEvent::Text {
                source: source()?,
                text: text()?,
            },
            "done" => SupAiEvent::Done(source()?),
            "confidence-score" => SupAiEvent::ConfidenceScore {
                source: source()?,
                // A score is a share: anything else is clamped to 0-1.
                value: c
                    .get("value")?
                    .as_f64()
                    .filter(|v| v.is_finite())?
                    .clamp(0.0, 1.0),
            },
            "run-consensus" => SupAiEvent::RunConsensus {
                model_id: model_id(),
            },
            "run-mode-result" => SupAiEvent::RunModeResult {
                model_ids: ids("finalModelIds")?,
            },
            _ => return None,
        })
    }
}
