//! The conversation domain as plain data: the [`Conversation`] and its
//! entries, the [`Reply`] a model writes, and the wire-shaped [`Message`]s,
//! tool calls, usage and figures of one turn. Everything here serialises
//! (sessions store it) and nothing here does I/O, reads a clock or knows
//! the terminal. How stream events fold into a reply, and which entries are
//! sent, is the engine's business (`supchat-core`).

pub mod clock;
pub mod context;
mod conversation;
pub mod cost;
mod provider;
pub mod reply;
pub mod text;

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use conversation::{
    Answerer, Approval, AssistantEntry, Attachment, Conversation, EndNote, Entry, EntryId,
    EntryKind, FailedSend, ReplyEnd, Timestamp, ToolResult,
};
pub use provider::{ProviderKind, SUPAI_MODES, display_name};
pub use reply::{AnswerSource, PartialToolCall, Reply, SupAiRun, SupAiThread, ThreadState};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    System,
    User,
    Assistant,
    Tool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolCall {
    pub id: String,
    pub name: String,
    /// The JSON text of the arguments, as the model wrote it.
    pub arguments: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub role: Role,
    pub content: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasoning: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tool_calls: Vec<ToolCall>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_call_id: Option<String>,
    /// Images sent with a user message: (media type, base64 data).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<(String, String)>,
}

impl Message {
    fn new(role: Role, content: impl Into<String>) -> Self {
        Self {
            role,
            content: content.into(),
            reasoning: None,
            tool_calls: Vec::new(),
            tool_call_id: None,
            images: Vec::new(),
        }
    }

    /// A user message with its attachments: text files as fenced blocks
    /// named after them, images as parts of their own.
    pub fn user_with(text: &str, attachments: &[Attachment]) -> Self {
        let mut content = text.to_owned();
        let mut images = Vec::new();
        for a in attachments {
            if a.is_image() {
                images.push((a.mime.clone(), a.data.clone()));
                continue;
            }
            let fence = "`".repeat(longest_backtick_run(&a.data).max(2) + 1);
            let lang = a.name.rsplit_once('.').map_or("", |(_, ext)| ext);
            content.push_str(&format!("\n\n`{}`:\n{fence}{lang}\n{}", a.name, a.data));
            if !a.data.ends_with('\n') {
                content.push('\n');
            }
            content.push_str(&fence);
        }
        let mut m = Self::new(Role::User, content);
        m.images = images;
        m
    }
    pub fn system(content: impl Into<String>) -> Self {
        Self::new(Role::System, content)
    }
    pub fn user(content: impl Into<String>) -> Self {
        Self::new(Role::User, content)
    }
    pub fn assistant(content: impl Into<String>) -> Self {
        Self::new(Role::Assistant, content)
    }
}

fn longest_backtick_run(s: &str) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in s.chars() {
        if c == '`' {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// A conversation's title from its first prompt: the first line with text,
/// spaces collapsed, cut to about 48 characters.
pub fn title_from(prompt: &str) -> String {
    const MAX: usize = 48;
    let line = prompt
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if line.chars().count() <= MAX {
        return line;
    }
    let cut: String = line.chars().take(MAX - 1).collect();
    let at_word_end = line.chars().nth(MAX - 1) == Some(' ');
    // At a word end when there is one not too far back.
    let cut = match cut.rfind(' ') {
        Some(i) if !at_word_end && i > MAX / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

/// Why the model stopped, normalised across servers (protocol.md §4.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FinishReason {
    Stop,
    /// Cut by the output token limit.
    Length,
    ToolCalls,
    ContentFilter,
    /// The server reported a failure in-band (`finish_reason: "error"`).
    Error,
    Other(String),
}

impl FinishReason {
    /// Maps a wire value; `""` means "not finished" and gives `None`.
    pub fn parse(raw: &str) -> Option<Self> {
        Some(match raw {
            "" => return None,
            "stop" | "end_turn" | "stop_sequence" | "eos" => Self::Stop,
            "length" | "max_tokens" => Self::Length,
            "tool_calls" | "tool_use" | "function_call" => Self::ToolCalls,
            "content_filter" => Self::ContentFilter,
            "error" => Self::Error,
            other => Self::Other(other.to_owned()),
        })
    }
}

/// Token usage reported by the server. Counts a server did not send are `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub prompt_tokens: Option<u64>,
    pub completion_tokens: Option<u64>,
    pub total_tokens: Option<u64>,
    pub reasoning_tokens: Option<u64>,
    pub cached_tokens: Option<u64>,
}

/// A token count as a server sent it: a whole number from 0 (a float
/// such as `12.0` too). Negative, fractional or absurd floats (beyond
/// 2^53, where a float stops counting) are no count: never one made up.
fn count(v: Option<&Value>) -> Option<u64> {
    const MOST: f64 = 9_007_199_254_740_992.0;
    let n = match v? {
        Value::Number(n) => match n.as_u64() {
            Some(n) => return Some(n),
            None => n.as_f64()?,
        },
        Value::String(s) => match s.trim().parse::<u64>() {
            Ok(n) => return Some(n),
            Err(_) => s.trim().parse::<f64>().ok()?,
        },
        _ => return None,
    };
    (n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= MOST).then_some(n as u64)
}

impl Usage {
    /// Reads an OpenAI (or Anthropic-named) usage object; `None` when it holds
    /// no token counts at all (`{}` is sent by some servers, protocol.md Q30).
    pub fn from_json(v: &Value) -> Option<Self> {
        let o = v.as_object()?;
        let prompt = count(o.get("prompt_tokens")).or(count(o.get("input_tokens")));
        let completion = count(o.get("completion_tokens")).or(count(o.get("output_tokens")));
        let total = count(o.get("total_tokens"));
        if prompt.is_none() && completion.is_none() && total.is_none() {
            return None;
        }
        let detail = |outer: &str, inner: &str| count(o.get(outer).and_then(|d| d.get(inner)));
        Some(Self {
            prompt_tokens: prompt,
            completion_tokens: completion,
            total_tokens: total.or(prompt.zip(completion).map(|(p, c)| p.saturating_add(c))),
            reasoning_tokens: detail("completion_tokens_details", "reasoning_tokens"),
            cached_tokens: detail("prompt_tokens_details", "cached_tokens"),
        })
    }
}

/// The figures of one turn, measured by the client.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TurnStats {
    /// From sending the request to the first text, reasoning or tool delta.
    pub ttft: Option<Duration>,
    /// From sending the request to the end of the reply.
    pub duration: Duration,
    pub usage: Option<Usage>,
    /// Output tokens per second of generation (after the first token).
    pub tokens_per_sec: Option<f64>,
    /// True when `tokens_per_sec` is estimated from text length because the
    /// server sent no usage.
    pub estimated: bool,
    /// What the reply cost, when its provider or model has a price and the
    /// server counted its tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<cost::Cost>,
}

/// Tokens in `chars` characters that came in `deltas` pieces, when the
/// server says nothing: most servers send about a token a delta, so the
/// count of deltas is the estimate while pieces are token-sized (up to 8
/// characters on average); bigger pieces count ~4 characters a token.
pub fn estimate_tokens(chars: usize, deltas: usize) -> f64 {
    if deltas > 0 && chars <= deltas * 8 {
        deltas as f64
    } else {
        (chars as f64 / 4.0).ceil()
    }
}

impl TurnStats {
    /// Computes the rate from usage, or from an estimate (see
    /// [`estimate_tokens`]) when the server sent none.
    pub fn finish(&mut self, output_chars: usize, deltas: usize) {
        let Some(ttft) = self.ttft else { return };
        // Generation time is from the first token to the end; when the reply
        // came in one burst (a non-streaming answer) the whole turn is used.
        let generation = self.duration.saturating_sub(ttft);
        let secs = if generation >= Duration::from_millis(50) {
            generation
        } else {
            self.duration
        }
        .as_secs_f64();
        let (tokens, estimated) = match self.usage.and_then(|u| u.completion_tokens) {
            Some(t) => (t as f64, false),
            None => (estimate_tokens(output_chars, deltas), true),
        };
        if secs > 0.0 && tokens > 0.0 {
            self.tokens_per_sec = Some(tokens / secs);
            self.estimated = estimated;
        }
    }

    /// One line such as `ttft 0.41s · 85.2 tok/s · 1.90s · 15 in + 3 out = 18 tokens`.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if let Some(t) = self.ttft {
            parts.push(supchat_i18n::tr!(
                "api-ttft",
                secs = format!("{:.2}", t.as_secs_f64())
            ));
        }
        if let Some(r) = self.tokens_per_sec {
            let tilde = if self.estimated { "~" } else { "" };
            parts.push(format!("{tilde}{r:.1} tok/s"));
        }
        parts.push(format!("{:.2}s", self.duration.as_secs_f64()));
        match self.usage {
            Some(u) => {
                let n = |v: Option<u64>| v.map_or("?".to_owned(), |v| v.to_string());
                parts.push(supchat_i18n::tr!(
                    "api-usage",
                    prompt = n(u.prompt_tokens),
                    completion = n(u.completion_tokens),
                    total = n(u.total_tokens)
                ));
            }
            None => parts.push(supchat_i18n::tr("api-no-usage")),
        }
        if let Some(c) = self.cost.as_ref().filter(|c| c.is_sound()) {
            parts.push(c.label());
        }
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_counts_a_server_could_not_mean_are_no_counts() {
        let u = |v: serde_json::Value| Usage::from_json(&v);
        let got = u(serde_json::json!({"prompt_tokens": -1000, "completion_tokens": 500}));
        assert_eq!(got.and_then(|u| u.prompt_tokens), None);
        let got = u(serde_json::json!({"prompt_tokens": 0.5, "completion_tokens": 12.0}));
        assert_eq!(
            got.map(|u| (u.prompt_tokens, u.completion_tokens)),
            Some((None, Some(12)))
        );
        let got = u(serde_json::json!({"prompt_tokens": 1e30, "completion_tokens": "7"}));
        assert_eq!(
            got.map(|u| (u.prompt_tokens, u.completion_tokens)),
            Some((None, Some(7)))
        );
    }

    #[test]
    fn titles_are_one_short_line() {
        assert_eq!(
            title_from("\n  How do   lifetimes work?\nmore"),
            "How do lifetimes work?"
        );
        let long = "Please review this function and tell me whether the lifetimes are right";
        let t = title_from(long);
        assert!(t.ends_with('…') && t.chars().count() <= 48, "{t}");
        assert_eq!(t, "Please review this function and tell me whether…");
        let cjk = "生".repeat(60);
        assert_eq!(title_from(&cjk).chars().count(), 48);
        assert_eq!(title_from("  \n "), "");
    }

    #[test]
    fn rate_from_usage_over_generation_time() {
        let mut s = TurnStats {
            ttft: Some(Duration::from_millis(500)),
            duration: Duration::from_millis(2500),
            usage: Some(Usage {
                completion_tokens: Some(100),
                ..Default::default()
            }),
            ..Default::default()
        };
        s.finish(0, 0);
        assert_eq!(s.tokens_per_sec, Some(50.0));
        assert!(!s.estimated);
        let line = s.summary();
        assert!(
            line.starts_with("ttft 0.50s · 50.0 tok/s · 2.50s · ? in + 100 out"),
            "{line}"
        );
    }

    #[test]
    fn rate_is_estimated_without_usage_and_uses_the_turn_for_bursts() {
        let mut s = TurnStats {
            ttft: Some(Duration::from_millis(1000)),
            duration: Duration::from_millis(1000),
            ..Default::default()
        };
        s.finish(400, 1);
        assert_eq!(s.tokens_per_sec, Some(100.0));
        // Token-sized pieces: one token each.
        s.finish(550, 100);
        assert_eq!(s.tokens_per_sec, Some(100.0));
        assert!(s.estimated);
        assert!(s.summary().contains("~100.0 tok/s") && s.summary().ends_with("no usage reported"));
    }

    #[test]
    fn usage_in_anthropic_names_and_empty_usage() {
        let u = Usage::from_json(&serde_json::json!({"input_tokens": 3, "output_tokens": "4"}))
            .unwrap();
        assert_eq!(
            (u.prompt_tokens, u.completion_tokens, u.total_tokens),
            (Some(3), Some(4), Some(7))
        );
        assert_eq!(Usage::from_json(&serde_json::json!({})), None);
    }
}
