//! The wire as the request inspector shows it: the request (its headers
//! with the key masked), the response's status and headers, and the body
//! as it arrives, in whole lines, each with its time since the request was
//! first sent. The key is scrubbed from every line whole (a key split
//! across two reads would otherwise leak in halves), so a line is handed
//! out once its end arrived; a line longer than [`MAX_LINE`] goes out in
//! pieces cut between tokens, never inside a key.

use std::time::Instant;

use reqwest::header::{AUTHORIZATION, HeaderMap};

use crate::error::{ApiError, redact};
use crate::event::{StreamEvent, Wire, masked_key};

/// A line held back longer than this goes out in pieces.
const MAX_LINE: usize = 64 * 1024;
/// What a piece of a long line leaves for the next: longer than any key.
const HOLD: usize = 512;

pub(crate) struct Tap {
    started: Instant,
    attempt: u32,
    key: Option<String>,
    /// The body's last line, until its end arrives.
    pending: Vec<u8>,
}

impl Tap {
    pub(crate) fn new(started: Instant, attempt: u32, key: Option<String>) -> Self {
        Self {
            started,
            attempt,
            key: key.filter(|k| !k.is_empty()),
            pending: Vec::new(),
        }
    }

    fn ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn scrub(&self, text: &str) -> String {
        match &self.key {
            Some(k) => redact(text, k),
            None => text.to_owned(),
        }
    }

    fn event(w: Wire) -> StreamEvent {
        StreamEvent::Wire(Box::new(w))
    }

    /// Headers as `(name, value)`, the authorization's key masked.
    fn headers(&self, h: &HeaderMap) -> Vec<(String, String)> {
        h.iter()
            .map(|(name, value)| {
                let v = String::from_utf8_lossy(value.as_bytes());
                let v = if *name == AUTHORIZATION {
                    match v.split_once(' ') {
                        Some((scheme, key)) => format!("{scheme} {}", masked_key(key)),
                        None => masked_key(&v),
                    }
                } else {
                    self.scrub(&v)
                };
                (name.as_str().to_owned(), v)
            })
            .collect()
    }

    pub(crate) fn request(&self, url: &str, headers: &HeaderMap, body: &str) -> StreamEvent {
        Self::event(Wire::Request {
            attempt: self.attempt,
            ms: self.ms(),
            method: "POST".into(),
            url: self.scrub(url),
            headers: self.headers(headers),
            body: self.scrub(body),
        })
    }

    pub(crate) fn response(&self, status: u16, headers: &HeaderMap) -> StreamEvent {
        Self::event(Wire::Response {
            attempt: self.attempt,
            ms: self.ms(),
            status,
            headers: self.headers(headers),
        })
    }

    pub(crate) fn failed(&self, e: &ApiError) -> StreamEvent {
        Self::event(Wire::Failed {
            attempt: self.attempt,
            ms: self.ms(),
            error: self.scrub(&e.to_string()),
        })
    }

    /// Bytes read off the body: the whole lines among what arrived so far.
    pub(crate) fn feed(&mut self, bytes: &[u8]) -> Option<StreamEvent> {
        self.pending.extend_from_slice(bytes);
        let cut = match self.pending.iter().rposition(|b| *b == b'\n') {
            Some(i) => i + 1,
            None if self.pending.len() > MAX_LINE => {
                // Cut where no key can be: after a byte that is no part of
                // a token (a key is one), and before the last bytes (a key
                // may be arriving). Every key known is then scrubbed whole,
                // this provider's here and the others' by the pool.
                let end = self.pending.len().saturating_sub(HOLD);
                let token = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
                self.pending[..end]
                    .iter()
                    .rposition(|b| !token(*b))
                    .map_or(end, |i| i + 1)
            }
            None => return None,
        };
        let rest = self.pending.split_off(cut);
        let whole = std::mem::replace(&mut self.pending, rest);
        self.data(&whole)
    }

    /// What is left of the body (its end came without a new line).
    pub(crate) fn flush(&mut self) -> Option<StreamEvent> {
        let rest = std::mem::take(&mut self.pending);
        self.data(&rest)
    }

    fn data(&self, bytes: &[u8]) -> Option<StreamEvent> {
        if bytes.is_empty() {
            return None;
        }
        Some(Self::event(Wire::Data {
            attempt: self.attempt,
            ms: self.ms(),
            text: self.scrub(&String::from_utf8_lossy(bytes)),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(e: Option<StreamEvent>) -> String {
        match e {
            Some(StreamEvent::Wire(w)) => match *w {
                Wire::Data { text, .. } => text,
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_key_cut_across_two_reads_is_scrubbed_whole() {
        let key = "su-secret-key-123456";
        let mut t = Tap::new(Instant::now(), 1, Some(key.into()));
        assert!(t.feed(b"data: {\"echo\": \"su-secret-").is_none());
        let line = text(t.feed(b"key-123456\"}\n\ndata: [DO"));
        assert!(!line.contains("secret"), "{line}");
        assert!(line.starts_with("data: {\"echo\": \""), "{line}");
        assert_eq!(text(t.flush()), "data: [DO");
        assert!(t.flush().is_none());
    }

    #[test]
    fn the_key_is_masked_in_the_authorization_header() {
        let t = Tap::new(Instant::now(), 1, Some("su-abcdefghijkla1b2".into()));
        let mut h = HeaderMap::new();
        h.insert(AUTHORIZATION, "Bearer su-abcdefghijkla1b2".parse().unwrap());
        assert_eq!(
            t.headers(&h),
            [("authorization".to_owned(), "Bearer su-…a1b2".to_owned())]
        );
        assert_eq!(masked_key("short"), "…");
    }

    #[test]
    fn a_long_line_is_cut_between_tokens_never_inside_a_key() {
        let other = "sk-other-provider-key-0123456789";
        let mut t = Tap::new(Instant::now(), 1, None);
        // A line over the limit whose cut would fall inside the key.
        let pad = "x ".repeat((MAX_LINE - 10) / 2);
        let line = format!("{pad}{other}{}", " y".repeat(400));
        let piece = text(t.feed(line.as_bytes()));
        let rest = text(t.flush());
        assert_eq!(format!("{piece}{rest}"), line);
        assert!(
            piece.contains(other) || rest.contains(other),
            "the key whole in one piece, to be scrubbed there"
        );
    }
}
