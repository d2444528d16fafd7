//! Folds [`StreamEvent`]s into the [`Reply`] they describe: text, reasoning,
//! tool calls, usage, finish reason, vendor extensions and the Sup.ai run.
//! The engine applies each event exactly once, through [`apply`]; everyone
//! else reads the result from the conversation. (Free functions: the reply
//! is the conversation's type, which knows no stream events.)

use crate::event::{StreamEvent, SupAiEvent, SupAiSource};
use supchat_chat::reply::{MAX_THREADS, MAX_UNKNOWN_KEPT};
use supchat_chat::{AnswerSource, Reply, SupAiRun, SupAiThread, ThreadState};

/// What an event made newly visible in the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    Text(String),
    Reasoning(String),
    /// The answer restarted (Sup.ai sent a new `text-start` for `main`):
    /// the text shown so far is superseded by what follows.
    Restart,
    /// The whole reply starts over: its stream broke off and it is asked
    /// for again (text, reasoning and calls dropped).
    StartOver,
}

/// Applies one event to `reply`; returns what it made visible in the
/// answer, if anything.
pub fn apply(reply: &mut Reply, ev: &StreamEvent) -> Option<Shown> {
    match ev {
        StreamEvent::Text(t) => {
            if reply.source == AnswerSource::SupAiMain {
                return None;
            }
            reply.source = AnswerSource::Standard;
            reply.text.push_str(t);
            Some(Shown::Text(t.clone()))
        }
        StreamEvent::Reasoning(r) => {
            if reply.reasoning_source == AnswerSource::SupAiMain {
                return None;
            }
            reply.reasoning_source = AnswerSource::Standard;
            reply.reasoning.push_str(r);
            Some(Shown::Reasoning(r.clone()))
        }
        StreamEvent::ToolCall(d) => {
            if reply.tool_calls.len() <= d.slot {
                reply.tool_calls.resize_with(d.slot + 1, Default::default);
            }
            let call = &mut reply.tool_calls[d.slot];
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
            reply.usage = Some(*u);
            None
        }
        StreamEvent::Model(m) => {
            reply.model = Some(m.clone());
            None
        }
        StreamEvent::Lost(_) => {
            reply.lost_frames = reply.lost_frames.saturating_add(1);
            None
        }
        // Asked for again: the new reply replaces what arrived, in place.
        StreamEvent::StartOver => {
            *reply = Reply {
                model: reply.model.take(),
                ..Reply::default()
            };
            Some(Shown::StartOver)
        }
        StreamEvent::Finish(f) => {
            reply.finish = Some(f.clone());
            None
        }
        StreamEvent::Extension { scope, data } => {
            for (k, v) in data {
                reply.extensions.insert(format!("{scope}.{k}"), v.clone());
            }
            None
        }
        StreamEvent::SupAi(e) => on_supai(reply, e),
        StreamEvent::Notice(_) | StreamEvent::Wire(_) => None,
    }
}

fn on_supai(reply: &mut Reply, e: &SupAiEvent) -> Option<Shown> {
    apply_supai(&mut reply.supai, e);
    match e {
        SupAiEvent::Text { source, text } if source.is_main() => {
            if reply.source == AnswerSource::Standard {
                return None;
            }
            reply.source = AnswerSource::SupAiMain;
            reply.text.push_str(text);
            Some(Shown::Text(text.clone()))
        }
        SupAiEvent::TextStart(source)
            if source.is_main() && reply.source == AnswerSource::SupAiMain =>
        {
            if reply.text.is_empty() {
                return None;
            }
            reply.text.clear();
            Some(Shown::Restart)
        }
        SupAiEvent::Thinking { source, text } if source.is_main() => {
            if reply.reasoning_source == AnswerSource::Standard {
                return None;
            }
            reply.reasoning_source = AnswerSource::SupAiMain;
            reply.reasoning.push_str(text);
            Some(Shown::Reasoning(text.clone()))
        }
        _ => None,
    }
}

/// The thread of `src`, if a frame started it or the run launched it.
fn known_mut<'a>(run: &'a mut SupAiRun, src: &SupAiSource) -> Option<&'a mut SupAiThread> {
    let known = run.threads.iter().any(|t| t.key == src.key) || run.launched.contains(&src.key);
    if known { thread_mut(run, src) } else { None }
}

/// The thread of `src`, started by this frame if it is new; `None` past
/// `MAX_THREADS` (the frame is counted), which keeps every frame's
/// search short.
fn thread_mut<'a>(run: &'a mut SupAiRun, src: &SupAiSource) -> Option<&'a mut SupAiThread> {
    let pos = match run.threads.iter().position(|t| t.key == src.key) {
        Some(p) => p,
        None if run.threads.len() >= MAX_THREADS => {
            run.dropped_frames = run.dropped_frames.saturating_add(1);
            return None;
        }
        None => {
            run.threads.push(SupAiThread {
                key: src.key.clone(),
                ..Default::default()
            });
            run.threads.len() - 1
        }
    };
    let t = &mut run.threads[pos];
    if src.model_id.is_some() {
        t.model_id.clone_from(&src.model_id);
    }
    Some(t)
}

/// Applies one Sup.ai frame to the run it describes.
pub fn apply_supai(run: &mut SupAiRun, e: &SupAiEvent) {
    match e {
        SupAiEvent::RunModeCall { mode_id, model_ids } => {
            run.mode.clone_from(mode_id);
            run.launched = model_ids.iter().take(MAX_THREADS).cloned().collect();
        }
        SupAiEvent::Start(s) => {
            thread_mut(run, s);
        }
        SupAiEvent::ThinkingStart(s) => {
            if let Some(t) = thread_mut(run, s) {
                t.state = ThreadState::Thinking;
            }
        }
        SupAiEvent::Thinking { source, text } => {
            if let Some(t) = thread_mut(run, source) {
                t.state = ThreadState::Thinking;
                t.thinking.push_str(text);
            }
        }
        SupAiEvent::TextStart(s) => {
            if let Some(t) = thread_mut(run, s) {
                t.state = ThreadState::Answering;
                t.text.clear();
            }
        }
        SupAiEvent::Text { source, text } => {
            if let Some(t) = thread_mut(run, source) {
                t.state = ThreadState::Answering;
                t.text.push_str(text);
            }
        }
        // A score or an end for a model that was neither launched nor
        // started adds no row.
        SupAiEvent::Done(s) => {
            if let Some(t) = known_mut(run, s) {
                t.state = ThreadState::Done;
            }
        }
        SupAiEvent::ConfidenceScore { source, value } => {
            if let Some(t) = known_mut(run, source) {
                t.confidence = Some(*value);
            }
        }
        SupAiEvent::RunConsensus { model_id } => run.consensus_model.clone_from(model_id),
        SupAiEvent::RunModeResult { model_ids } => {
            run.final_models = model_ids.iter().take(MAX_THREADS).cloned().collect();
        }
        SupAiEvent::Unknown(v) => {
            run.unknown_count = run.unknown_count.saturating_add(1);
            if run.unknown.len() < MAX_UNKNOWN_KEPT {
                run.unknown.push(v.clone());
            }
        }
    }
}
