//! Folds [`StreamEvent`]s into the reply they describe: text, reasoning, tool
//! calls, usage, finish reason, vendor extensions and the Sup.ai run. One
//! policy for every consumer, so `supchat ask` and the TUI show the same thing.

use serde_json::{Map, Value};

use super::event::{StreamEvent, SupAiEvent, SupAiSource};
use super::toolmerge::repair_arguments;
use crate::chat::{FinishReason, Message, ToolCall, Usage};

/// What an event made newly visible in the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    Text(String),
    Reasoning(String),
    /// The answer restarted (Sup.ai sent a new `text-start` for `main`):
    /// the text shown so far is superseded by what follows.
    Restart,
}

/// Where the answer text comes from. With Sup.ai's frames on, the answer may
/// arrive as standard `content`, as `main`'s own `text` frames, or both
/// (unknown, protocol.md §2.6): the first source to speak wins, so the same
/// text is never shown twice.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum AnswerSource {
    #[default]
    Undecided,
    Standard,
    SupAiMain,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct PartialToolCall {
    pub id: Option<String>,
    pub name: String,
    pub arguments: String,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Reply {
    pub text: String,
    pub reasoning: String,
    pub tool_calls: Vec<PartialToolCall>,
    pub usage: Option<Usage>,
    pub finish: Option<FinishReason>,
    /// Vendor extension fields, `scope.name` → last value seen.
    pub extensions: Map<String, Value>,
    pub supai: SupAiRun,
    source: AnswerSource,
    reasoning_source: AnswerSource,
}

impl Reply {
    /// Applies one event; returns what it made visible in the answer, if anything.
    pub fn apply(&mut self, ev: &StreamEvent) -> Option<Shown> {
        match ev {
            StreamEvent::Text(t) => {
                if self.source == AnswerSource::SupAiMain {
                    return None;
                }
                self.source = AnswerSource::Standard;
                self.text.push_str(t);
                Some(Shown::Text(t.clone()))
            }
            StreamEvent::Reasoning(r) => {
                if self.reasoning_source == AnswerSource::SupAiMain {
                    return None;
                }
                self.reasoning_source = AnswerSource::Standard;
                self.reasoning.push_str(r);
                Some(Shown::Reasoning(r.clone()))
            }
            StreamEvent::ToolCall(d) => {
                if self.tool_calls.len() <= d.slot {
                    self.tool_calls.resize_with(d.slot + 1, Default::default);
                }
                let call = &mut self.tool_calls[d.slot];
                if let Some(id) = &d.id {
                    call.id = Some(id.clone());
                }
                if let Some(name) = &d.name {
                    call.name.clone_from(name);
                }
                call.arguments.push_str(&d.arguments);
                None
            }
            StreamEvent::Usage(u) => {
                self.usage = Some(*u);
                None
            }
            StreamEvent::Finish(f) => {
                self.finish = Some(f.clone());
                None
            }
            StreamEvent::Extension { scope, data } => {
                for (k, v) in data {
                    self.extensions.insert(format!("{scope}.{k}"), v.clone());
                }
                None
            }
            StreamEvent::SupAi(e) => self.on_supai(e),
            StreamEvent::Notice(_) => None,
        }
    }

    fn on_supai(&mut self, e: &SupAiEvent) -> Option<Shown> {
        self.supai.apply(e);
        match e {
            SupAiEvent::Text { source, text } if source.is_main() => {
                if self.source == AnswerSource::Standard {
                    return None;
                }
                self.source = AnswerSource::SupAiMain;
                self.text.push_str(text);
                Some(Shown::Text(text.clone()))
            }
            SupAiEvent::TextStart(source)
                if source.is_main() && self.source == AnswerSource::SupAiMain =>
            {
                if self.text.is_empty() {
                    return None;
                }
                self.text.clear();
                Some(Shown::Restart)
            }
            SupAiEvent::Thinking { source, text } if source.is_main() => {
                if self.reasoning_source == AnswerSource::Standard {
                    return None;
                }
                self.reasoning_source = AnswerSource::SupAiMain;
                self.reasoning.push_str(text);
                Some(Shown::Reasoning(text.clone()))
            }
            _ => None,
        }
    }

    /// Whether any part of the answer has arrived (after which a request is
    /// never sent again: it would be billed twice and show text twice).
    pub fn has_output(&self) -> bool {
        !self.text.is_empty() || !self.reasoning.is_empty() || !self.tool_calls.is_empty()
    }

    /// The finished tool calls: arguments repaired, missing ids made up.
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

    /// The reply as an assistant message for the conversation history.
    pub fn to_message(&self) -> Message {
        let mut m = Message::assistant(self.text.clone());
        if !self.reasoning.is_empty() {
            m.reasoning = Some(self.reasoning.clone());
        }
        m.tool_calls = self.finished_tool_calls();
        m
    }
}

/// One model's thread in a Sup.ai run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SupAiThread {
    pub key: String,
    pub model_id: Option<String>,
    pub state: ThreadState,
    pub thinking: String,
    /// The answer after the thread's last `text-start`.
    pub text: String,
    pub confidence: Option<f64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ThreadState {
    #[default]
    Started,
    Thinking,
    Answering,
    Done,
}

/// The state of a Sup.ai multi-model run, built from its frames.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SupAiRun {
    pub mode: Option<String>,
    pub launched: Vec<String>,
    /// Threads in order of first appearance (`main` included).
    pub threads: Vec<SupAiThread>,
    pub consensus_model: Option<String>,
    pub final_models: Vec<String>,
    /// Frame types this client does not know, kept whole.
    pub unknown: Vec<Value>,
}

impl SupAiRun {
    pub fn is_empty(&self) -> bool {
        self.mode.is_none() && self.threads.is_empty() && self.unknown.is_empty()
    }

    pub fn thread(&self, key: &str) -> Option<&SupAiThread> {
        self.threads.iter().find(|t| t.key == key)
    }

    fn thread_mut(&mut self, src: &SupAiSource) -> &mut SupAiThread {
        let pos = match self.threads.iter().position(|t| t.key == src.key) {
            Some(p) => p,
            None => {
                self.threads.push(SupAiThread {
                    key: src.key.clone(),
                    ..Default::default()
                });
                self.threads.len() - 1
            }
        };
        let t = &mut self.threads[pos];
        if src.model_id.is_some() {
            t.model_id.clone_from(&src.model_id);
        }
        t
    }

    pub fn apply(&mut self, e: &SupAiEvent) {
        match e {
            SupAiEvent::RunModeCall { mode_id, model_ids } => {
                self.mode.clone_from(mode_id);
                self.launched.clone_from(model_ids);
            }
            SupAiEvent::Start(s) => {
                self.thread_mut(s);
            }
            SupAiEvent::ThinkingStart(s) => self.thread_mut(s).state = ThreadState::Thinking,
            SupAiEvent::Thinking { source, text } => {
                let t = self.thread_mut(source);
                t.state = ThreadState::Thinking;
                t.thinking.push_str(text);
            }
            SupAiEvent::TextStart(s) => {
                let t = self.thread_mut(s);
                t.state = ThreadState::Answering;
                t.text.clear();
            }
            SupAiEvent::Text { source, text } => {
                let t = self.thread_mut(source);
                t.state = ThreadState::Answering;
                t.text.push_str(text);
            }
            SupAiEvent::Done(s) => self.thread_mut(s).state = ThreadState::Done,
            SupAiEvent::ConfidenceScore { source, value } => {
                self.thread_mut(source).confidence = Some(*value);
            }
            SupAiEvent::RunConsensus { model_id } => self.consensus_model.clone_from(model_id),
            SupAiEvent::RunModeResult { model_ids } => self.final_models.clone_from(model_ids),
            SupAiEvent::Unknown(v) => self.unknown.push(v.clone()),
        }
    }
}
