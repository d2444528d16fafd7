//! Turns response bytes into [`StreamEvent`]s: SSE framing, then one JSON
//! frame at a time (protocol.md §8.1 step 4): `[DONE]` ends the reply; an
//! `error` (field or `event: error`) fails it; `supai.chunk` frames become
//! Sup.ai events; anything with `choices` is a chunk; other JSON is skipped
//! and a line that is not JSON is reported, never fatal unless it repeats.

use serde_json::{Map, Value};

use super::chunks::ChunkDecoder;
use super::error::{ApiError, error_code, excerpt, json_error_message, redact};
use super::event::{Notice, StreamEvent, SupAiEvent};
use super::sse::{SseDecoder, SseItem};
use super::wire::Chunk;
use supchat_chat::{FinishReason, Usage};

/// Frames in a row that fail to decode before the stream is given up on.
const MAX_BAD_FRAMES: u32 = 20;

/// Objects and arrays one frame may hold. Each costs some tens of bytes
/// once parsed: a frame of 16 MiB of `{}` would take twenty times its size.
/// A real chunk holds a few dozen.
const MAX_FRAME_CONTAINERS: usize = 100_000;

/// The objects and arrays of JSON text `s` (those inside strings not
/// counted), stopping past `most`.
fn containers(s: &str, most: usize) -> usize {
    let (mut n, mut in_string, mut escaped) = (0, false, false);
    for b in s.bytes() {
        match (in_string, escaped, b) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (true, false, b'"') => in_string = false,
            (true, false, _) => {}
            (false, _, b'"') => in_string = true,
            (false, _, b'{' | b'[') => {
                n += 1;
                if n > most {
                    return n;
                }
            }
            _ => {}
        }
    }
    n
}

/// Whether to keep reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// `[DONE]` was received: the reply is complete.
    Done,
}

#[derive(Debug)]
pub struct StreamDecoder {
    sse: SseDecoder,
    items: Vec<SseItem>,
    chunks: ChunkDecoder,
    bad_frames: u32,
    done: bool,
    /// A `data:` event arrived (the body is a stream at all).
    saw_data: bool,
    /// The key, taken out of any server text that goes into a notice or
    /// an error, before that text is cut short.
    secret: Option<String>,
}

impl Default for StreamDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl StreamDecoder {
    pub fn new() -> Self {
        Self {
            sse: SseDecoder::new(),
            items: Vec::new(),
            chunks: ChunkDecoder::default(),
            bad_frames: 0,
            done: false,
            saw_data: false,
            secret: None,
        }
    }

    /// Takes `secret` out of server text in notices and errors.
    pub fn redacting(mut self, secret: Option<&str>) -> Self {
        self.secret = secret.map(str::to_owned);
        self
    }

    /// `raw` without the key, whole, before anything cuts it.
    fn scrub(&self, raw: &str) -> String {
        match &self.secret {
            Some(s) => redact(raw, s),
            None => raw.to_owned(),
        }
    }

    /// The error a frame reports, its text scrubbed of the key.
    fn error_from(&self, raw: &str) -> ApiError {
        let raw = self.scrub(raw);
        let v: Value = serde_json::from_str(&raw).unwrap_or(Value::Null);
        stream_error(&v, &raw)
    }

    /// Decodes one network read. Events go to `out` even when an error is
    /// returned, so nothing received before it is lost.
    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<StreamEvent>) -> Result<Flow, ApiError> {
        if self.done {
            return Ok(Flow::Done); // data after [DONE] is ignored
        }
        let mut items = std::mem::take(&mut self.items);
        let fed = self.sse.feed(bytes, &mut items);
        let flow = self.on_items(&mut items, out);
        self.items = items;
        fed.map_err(|e| ApiError::Protocol(e.to_string()))?;
        flow
    }

    /// The byte stream ended: flushes what is pending.
    pub fn finish(&mut self, out: &mut Vec<StreamEvent>) -> Result<Flow, ApiError> {
        if self.done {
            return Ok(Flow::Done);
        }
        let mut items = std::mem::take(&mut self.items);
        self.sse.finish(&mut items);
        let flow = self.on_items(&mut items, out);
        self.chunks.finish(out);
        flow
    }

    /// Whether any event with data arrived.
    pub fn saw_data(&self) -> bool {
        self.saw_data
    }

    /// The finish reason seen so far, if any.
    pub fn finish_reason(&self) -> Option<&FinishReason> {
        self.chunks.finish_reason()
    }

    fn on_items(
        &mut self,
        items: &mut Vec<SseItem>,
        out: &mut Vec<StreamEvent>,
    ) -> Result<Flow, ApiError> {
        for item in items.drain(..) {
            let SseItem::Event { event, data } = item else {
                continue; // comments only keep the connection alive
            };
            if self.on_event(event.as_deref(), &data, out)? == Flow::Done {
                self.done = true;
                self.chunks.finish(out);
                return Ok(Flow::Done);
            }
        }
        Ok(Flow::Continue)
    }

    fn on_event(
        &mut self,
        event: Option<&str>,
        data: &str,
        out: &mut Vec<StreamEvent>,
    ) -> Result<Flow, ApiError> {
        let trimmed = data.trim();
        self.saw_data |= !trimmed.is_empty();
        if trimmed == "[DONE]" {
            return Ok(Flow::Done);
        }
        if trimmed.is_empty() {
            return Ok(Flow::Continue);
        }
        // Too many objects to parse within a bounded memory: a frame lost.
        if trimmed.len() > 64 * 1024
            && containers(trimmed, MAX_FRAME_CONTAINERS) > MAX_FRAME_CONTAINERS
        {
            out.push(StreamEvent::Lost(supchat_i18n::tr!(
                "api-frame-too-deep",
                bytes = trimmed.len().to_string(),
                most = MAX_FRAME_CONTAINERS.to_string()
            )));
            return Ok(Flow::Continue);
        }
        // Most frames: a plain chunk, parsed straight into its type.
        if event != Some("error")
            && let Some(chunk) = Chunk::plain(trimmed)
        {
            self.bad_frames = 0;
            self.chunks.on_chunk(chunk, out);
            return Ok(Flow::Continue);
        }
        let value: Value = match serde_json::from_str(trimmed) {
            Ok(v) => v,
            Err(_) if event == Some("error") => return Err(self.error_from(trimmed)),
            Err(_) => {
                self.bad_frames += 1;
                if self.bad_frames >= MAX_BAD_FRAMES {
                    return Err(ApiError::Protocol(supchat_i18n::tr!(
                        "api-lines-not-json",
                        n = MAX_BAD_FRAMES.to_string(),
                        excerpt = excerpt(&self.scrub(trimmed))
                    )));
                }
                let line = excerpt(&self.scrub(trimmed));
                // Broken JSON is a chunk whose text is lost; anything else
                // is noise between the frames.
                out.push(if trimmed.starts_with('{') {
                    StreamEvent::Lost(line)
                } else {
                    StreamEvent::Notice(Notice::NotJson(line))
                });
                return Ok(Flow::Continue);
            }
        };
        self.bad_frames = 0;
        if event == Some("error") {
            return Err(self.error_from(trimmed));
        }
        let Value::Object(map) = value else {
            return Ok(Flow::Continue); // `null` keep-alives and other non-objects
        };
        if map.get("error").is_some_and(|e| !e.is_null()) {
            // The usage an error frame carries (OpenRouter) is kept: the
            // tokens were spent.
            if let Some(u) = map.get("usage").and_then(Usage::from_json) {
                out.push(StreamEvent::Usage(u));
            }
            return Err(self.error_from(trimmed));
        }
        let object = map
            .get("object")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if object == "supai.chunk" {
            on_supai(map, out);
        } else if map.contains_key("choices")
            || map.contains_key("usage")
            || object == "chat.completion.chunk"
        {
            self.chunks.on_chunk(Chunk::from_map(map), out);
        }
        Ok(Flow::Continue)
    }
}

fn stream_error(v: &Value, raw: &str) -> ApiError {
    ApiError::Stream {
        code: error_code(v),
        message: json_error_message(v).unwrap_or_else(|| excerpt(raw)),
    }
}

fn on_supai(mut map: Map<String, Value>, out: &mut Vec<StreamEvent>) {
    let chunk = map.remove("chunk").unwrap_or(Value::Null);
    map.remove("object");
    map.retain(|_, v| !v.is_null());
    if !map.is_empty() {
        out.push(StreamEvent::Extension {
            scope: "supai".to_owned(),
            data: map,
        });
    }
    out.push(StreamEvent::SupAi(SupAiEvent::from_chunk(chunk)));
}

/// Decodes a whole non-streaming response body into the same events.
pub fn decode_completion(body: &str, out: &mut Vec<StreamEvent>) -> Result<(), ApiError> {
    let value: Value = serde_json::from_str(body.trim()).map_err(|_| {
        ApiError::Protocol(supchat_i18n::tr!(
            "api-response-not-json",
            excerpt = excerpt(body)
        ))
    })?;
    let Value::Object(map) = value else {
        return Err(ApiError::Protocol(supchat_i18n::tr!(
            "api-response-not-object",
            excerpt = excerpt(body)
        )));
    };
    if map.get("error").is_some_and(|e| !e.is_null()) {
        return Err(stream_error(&Value::Object(map), body));
    }
    // `{"detail":"Not authenticated"}` with a 200: not a completion.
    if !map.contains_key("choices") {
        let v = Value::Object(map);
        let what = json_error_message(&v).unwrap_or_else(|| excerpt(body));
        return Err(ApiError::Protocol(supchat_i18n::tr!(
            "api-no-choices",
            what = what
        )));
    }
    let mut chunks = ChunkDecoder::default();
    chunks.on_chunk(Chunk::from_map(map), out);
    chunks.finish(out);
    Ok(())
}
