//! Incremental, lenient Server-Sent Events decoder (bytes in, events out).
//!
//! Follows the WHATWG event-stream algorithm with the deviations an LLM client
//! needs (protocol.md §3): CR, LF and CRLF line ends (a CR at the end of one
//! read and the LF at the start of the next are one line end), a leading BOM is
//! dropped, invalid UTF-8 becomes U+FFFD instead of stalling, `data:` with or
//! without a space, and an event left without its blank line at EOF is still
//! delivered by [`SseDecoder::finish`]. Lines are split on raw bytes (CR and LF
//! never occur inside a multi-byte UTF-8 sequence), so a character split across
//! reads is decoded whole. It owns no I/O and knows nothing of JSON.

/// Largest line or event accepted; a bigger one is a protocol error, which
/// bounds the memory a hostile or broken server can make us hold.
pub const MAX_EVENT_BYTES: usize = 16 * 1024 * 1024;

/// One decoded item of the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SseItem {
    /// A dispatched event: its `event:` name (if any) and its joined `data:` lines.
    Event { event: Option<String>, data: String },
    /// A `:` comment line (keep-alive); carries the text after the colon.
    Comment(String),
}

/// The stream broke the size limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseOverflow;

impl std::error::Error for SseOverflow {}

impl std::fmt::Display for SseOverflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&supchat_i18n::tr!(
            "api-event-too-large",
            limit = MAX_EVENT_BYTES.to_string()
        ))
    }
}

#[derive(Debug, Default)]
pub struct SseDecoder {
    /// Bytes of the current, not yet terminated line.
    line: Vec<u8>,
    /// The previous read ended in CR: a leading LF in the next read belongs to it.
    pending_cr: bool,
    /// Still before the first line (a BOM may start it).
    at_start: bool,
    data: String,
    has_data: bool,
    event: Option<String>,
}

impl SseDecoder {
    pub fn new() -> Self {
        Self {
            at_start: true,
            ..Self::default()
        }
    }

    /// Feeds one network read; complete events and comments are pushed to `out`.
    pub fn feed(&mut self, mut bytes: &[u8], out: &mut Vec<SseItem>) -> Result<(), SseOverflow> {
        if self.pending_cr {
            self.pending_cr = false;
            if let Some(rest) = bytes.strip_prefix(b"\n") {
                bytes = rest;
            }
        }
        while let Some(pos) = bytes.iter().position(|&b| b == b'\n' || b == b'\r') {
            self.line.extend_from_slice(&bytes[..pos]);
            self.check_size()?;
            let line = std::mem::take(&mut self.line);
            self.on_line(&line, out);
            self.line = line;
            self.line.clear();
            if bytes[pos] == b'\r' {
                match bytes.get(pos + 1) {
                    Some(b'\n') => bytes = &bytes[pos + 2..],
                    Some(_) => bytes = &bytes[pos + 1..],
                    None => {
                        self.pending_cr = true;
                        bytes = &[];
                    }
                }
            } else {
                bytes = &bytes[pos + 1..];
            }
        }
        self.line.extend_from_slice(bytes);
        self.check_size()
    }

    /// The stream ended: a last unterminated line is taken as a line, and a
    /// pending event is dispatched even without its blank line.
    pub fn finish(&mut self, out: &mut Vec<SseItem>) {
        if !self.line.is_empty() {
            let line = std::mem::take(&mut self.line);
            self.on_line(&line, out);
        }
        self.dispatch(out);
        self.pending_cr = false;
    }

    fn check_size(&self) -> Result<(), SseOverflow> {
        if self.line.len() > MAX_EVENT_BYTES || self.data.len() > MAX_EVENT_BYTES {
            Err(SseOverflow)
        } else {
            Ok(())
        }
    }

    fn on_line(&mut self, raw: &[u8], out: &mut Vec<SseItem>) {
        let mut raw = raw;
        if self.at_start {
            self.at_start = false;
            raw = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw);
        }
        if raw.is_empty() {
            self.dispatch(out);
            return;
        }
        let line = String::from_utf8_lossy(raw);
        if let Some(comment) = line.strip_prefix(':') {
            out.push(SseItem::Comment(comment.trim_start().to_owned()));
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line.as_ref(), ""),
        };
        match field {
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "event" => self.event = Some(value.to_owned()),
            // `id` and `retry` only matter for reconnection, which an LLM POST
            // must never do; unknown fields are ignored by the spec.
            _ => {}
        }
    }

    fn dispatch(&mut self, out: &mut Vec<SseItem>) {
        let event = self.event.take();
        if !self.has_data {
            return;
        }
        self.has_data = false;
        // The next event's text gets room for one like this (one
        // allocation, not one per doubling).
        let room = (self.data.len() + 64).min(4096);
        out.push(SseItem::Event {
            event,
            data: std::mem::replace(&mut self.data, String::with_capacity(room)),
        });
    }
}

#[cfg(test)]
#[path = "sse_tests.rs"]
mod tests;
