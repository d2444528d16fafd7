//! Folds [`StreamEvent`]s into the [`Reply`] they describe: text, reasoning,
//! tool calls, usage, finish reason, vendor extensions and the Sup.ai run.
//! The engine applies each event exactly once, here; everyone else reads the
//! result from the conversation.

use crate::api::event::{StreamEvent, SupAiEvent, SupAiSource};
use crate::api::toolmerge::repair_arguments;
use crate::chat::reply::{MAX_THREADS, MAX_UNKNOWN_KEPT};
use crate::chat::{AnswerSource, Reply, SupAiRun, SupAiThread, ThreadState, ToolCall};

/// What an event made newly visible in the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    Text(String),
    Reasoning(String),
    /// The answer restarted (Sup.ai sent a new `text-start` for `main`):
    /// the text shown so far is superseded by what follows.
    Restart,
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
            StreamEvent::Model(m) => {
                self.model = Some(m.clone());
                None
            }
            StreamEvent::Lost(_) => {
                self.lost_frames = self.lost_frames.saturating_add(1);
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

    /// Gives every call the server sent without an id one that is unique in
    /// the conversation (`call_<entry>_<n>`), so its result can name it.
    /// Gives every call an id unique in the reply (results are paired by
    /// id): one the server left out is made up, one it used twice is
    /// told apart.
    pub(crate) fn settle_tool_call_ids(&mut self, entry: u64) {
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

impl SupAiRun {
    /// The thread of `src`, if a frame started it or the run launched it.
    fn known_mut(&mut self, src: &SupAiSource) -> Option<&mut SupAiThread> {
        let known =
            self.threads.iter().any(|t| t.key == src.key) || self.launched.contains(&src.key);
        if known { self.thread_mut(src) } else { None }
    }

    /// The thread of `src`, started by this frame if it is new; `None` past
    /// `MAX_THREADS` (the frame is counted), which keeps every frame's
    /// search short.
    fn thread_mut(&mut self, src: &SupAiSource) -> Option<&mut SupAiThread> {
        let pos = match self.threads.iter().position(|t| t.key == src.key) {
            Some(p) => p,
            None if self.threads.len() >= MAX_THREADS => {
                self.dropped_frames = self.dropped_frames.saturating_add(1);
                return None;
            }
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
        Some(t)
    }

    pub fn apply(&mut self, e: &SupAiEvent) {
        match e {
            SupAiEvent::RunModeCall { mode_id, model_ids } => {
                self.mode.clone_from(mode_id);
                self.launched = model_ids.iter().take(MAX_THREADS).cloned().collect();
            }
            SupAiEvent::Start(s) => {
                self.thread_mut(s);
            }
            SupAiEvent::ThinkingStart(s) => {
                if let Some(t) = self.thread_mut(s) {
                    t.state = ThreadState::Thinking;
                }
            }
            SupAiEvent::Thinking { source, text } => {
                if let Some(t) = self.thread_mut(source) {
                    t.state = ThreadState::Thinking;
                    t.thinking.push_str(text);
                }
            }
            SupAiEvent::TextStart(s) => {
                if let Some(t) = self.thread_mut(s) {
                    t.state = ThreadState::Answering;
                    t.text.clear();
                }
            }
            SupAiEvent::Text { source, text } => {
                if let Some(t) = self.thread_mut(source) {
                    t.state = ThreadState::Answering;
                    t.text.push_str(text);
                }
            }
            // A score or an end for a model that was neither launched nor
            // started adds no row.
            SupAiEvent::Done(s) => {
                if let Some(t) = self.known_mut(s) {
                    t.state = ThreadState::Done;
                }
            }
            SupAiEvent::ConfidenceScore { source, value } => {
                if let Some(t) = self.known_mut(source) {
                    t.confidence = Some(*value);
                }
            }
            SupAiEvent::RunConsensus { model_id } => self.consensus_model.clone_from(model_id),
            SupAiEvent::RunModeResult { model_ids } => {
                self.final_models = model_ids.iter().take(MAX_THREADS).cloned().collect();
            }
            SupAiEvent::Unknown(v) => {
                self.unknown_count = self.unknown_count.saturating_add(1);
                if self.unknown.len() < MAX_UNKNOWN_KEPT {
                    self.unknown.push(v.clone());
                }
            }
        }
    }
}
