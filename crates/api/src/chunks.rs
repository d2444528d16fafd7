//! One reply's chunks (`choices` frames) turned into events: text split
//! from `<think>` reasoning, reasoning taken from whichever field a server
//! uses, tool-call pieces merged, the finish reason, usage and the model
//! said once each, and fields supchat does not know passed on whole.

use serde_json::{Map, Value};

use super::event::StreamEvent;
use super::think::{Piece, ThinkSplitter};
use super::toolmerge::ToolMerger;
use super::wire::{self, Chunk, Delta};
use supchat_chat::{FinishReason, Usage};

/// Per-reply state for decoding chunks: tool-call slots, the `<think>`
/// splitter and the reasoning seen (to drop LiteLLM's repeated full text).
#[derive(Debug, Default)]
pub(crate) struct ChunkDecoder {
    tools: ToolMerger,
    think: ThinkSplitter,
    pieces: Vec<Piece>,
    reasoning: String,
    finish: Option<FinishReason>,
    /// The model the server last said is answering.
    model: Option<String>,
}

impl ChunkDecoder {
    /// The finish reason the reply gave, if it gave one yet.
    pub(crate) fn finish_reason(&self) -> Option<&FinishReason> {
        self.finish.as_ref()
    }

    pub(crate) fn on_chunk(&mut self, mut chunk: Chunk, out: &mut Vec<StreamEvent>) {
        let usage = chunk.usage.take().or_else(|| {
            chunk
                .extra
                .get("x_groq")
                .and_then(|x| x.get("usage"))
                .cloned()
        });
        if let Some(m) = chunk.model.take()
            && self.model.as_ref() != Some(&m)
        {
            self.model = Some(m.clone());
            out.push(StreamEvent::Model(m));
        }
        for choice in chunk.choices {
            // A chat UI shows the first choice only.
            if choice.index.unwrap_or(0) != 0 {
                continue;
            }
            if !choice.extra.is_empty() {
                out.push(ext("choice", choice.extra));
            }
            // The delta comes before the finish reason: some servers put the
            // last tokens on the finish chunk (protocol.md Q22).
            if let Some(delta) = choice.delta {
                self.on_delta(delta, out);
            }
            if let Some(f) = choice
                .finish_reason
                .as_deref()
                .and_then(FinishReason::parse)
                && self.finish.as_ref() != Some(&f)
            {
                self.finish = Some(f.clone());
                out.push(StreamEvent::Finish(f));
            }
        }
        if let Some(u) = usage.as_ref().and_then(Usage::from_json) {
            out.push(StreamEvent::Usage(u));
        }
        if !chunk.extra.is_empty() {
            out.push(ext("chunk", chunk.extra));
        }
    }

    fn on_delta(&mut self, mut d: Delta, out: &mut Vec<StreamEvent>) {
        let in_content = d
            .content
            .as_ref()
            .map(wire::content_thinking)
            .filter(|r| !r.is_empty());
        if let Some(r) = self
            .reasoning_of(&d)
            .filter(|r| !r.is_empty())
            .or(in_content)
        {
            self.reasoning.push_str(&r);
            out.push(StreamEvent::Reasoning(r));
        }
        let mut text = d
            .content
            .as_ref()
            .map(wire::content_text)
            .unwrap_or_default();
        if text.is_empty()
            && let Some(refusal) = d.refusal.take()
        {
            text = refusal;
        }
        if !text.is_empty() {
            self.think.push(&text, &mut self.pieces);
            self.flush_pieces(out);
        }
        for tc in std::mem::take(&mut d.tool_calls) {
            if let Some(ev) = self.tools.merge(tc) {
                out.push(StreamEvent::ToolCall(ev));
            }
        }
        // Reasoning details and thinking blocks are also kept whole, for
        // providers that want them sent back.
        let mut extra = std::mem::take(&mut d.extra);
        if let Some(rd) = d.reasoning_details.take() {
            extra.insert("reasoning_details".into(), Value::Array(rd));
        }
        if let Some(tb) = d.thinking_blocks.take() {
            extra.insert("thinking_blocks".into(), Value::Array(tb));
        }
        if !extra.is_empty() {
            out.push(ext("delta", extra));
        }
    }

    /// The first reasoning source present in a delta (protocol.md §5.5):
    /// gateways repeat the same reasoning in several fields.
    fn reasoning_of(&self, d: &Delta) -> Option<String> {
        if let Some(r) = d.reasoning_content.as_ref().filter(|r| !r.is_empty()) {
            return Some(r.clone());
        }
        if let Some(r) = d.reasoning.as_ref().and_then(wire::loose_text) {
            return Some(r.to_owned());
        }
        let joined = |items: &Vec<Value>, keys: &[&str]| -> String {
            items
                .iter()
                .filter_map(|i| keys.iter().find_map(|k| i.get(*k).and_then(Value::as_str)))
                .collect()
        };
        if let Some(rd) = &d.reasoning_details {
            let t = joined(rd, &["text", "summary"]);
            if !t.is_empty() {
                return Some(t);
            }
        }
        if let Some(tb) = &d.thinking_blocks {
            let t = joined(tb, &["thinking"]);
            // LiteLLM repeats the whole thinking text in the final signed block.
            return match t.strip_prefix(self.reasoning.as_str()) {
                Some(rest) if !self.reasoning.is_empty() => Some(rest.to_owned()),
                _ => Some(t),
            };
        }
        d.thinking
            .as_ref()
            .and_then(wire::loose_text)
            .map(str::to_owned)
    }

    fn flush_pieces(&mut self, out: &mut Vec<StreamEvent>) {
        for p in self.pieces.drain(..) {
            match p {
                Piece::Text(t) => out.push(StreamEvent::Text(t)),
                Piece::Reasoning(r) => {
                    self.reasoning.push_str(&r);
                    out.push(StreamEvent::Reasoning(r));
                }
            }
        }
    }

    pub(crate) fn finish(&mut self, out: &mut Vec<StreamEvent>) {
        self.think.finish(&mut self.pieces);
        self.flush_pieces(out);
    }
}

fn ext(scope: &str, data: Map<String, Value>) -> StreamEvent {
    StreamEvent::Extension {
        scope: scope.to_owned(),
        data,
    }
}
