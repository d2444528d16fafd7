//! What went over the wire for this run's last requests, kept for the
//! inspector: each request's exchange (its attempts' requests, responses
//! and body lines), capped; the lines the inspector shows of one; and a
//! curl command that sends it again.

use std::collections::VecDeque;

use supchat_api::event::Wire;
use supchat_chat::EntryId;

/// Requests kept.
pub const KEEP: usize = 20;
/// What one request's wire may take; the rest is counted.
pub const MAX_BYTES: usize = 4 * 1024 * 1024;
/// Of it, what the request's body may take (the rest is the response's).
pub(super) const MAX_BODY_KEPT: usize = MAX_BYTES / 4;

/// One request: its attempts' wire, and the reply (or failed send) it made.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Exchange {
    pub turn: u64,
    pub reply: Option<EntryId>,
    /// The provider's config name (for the key's variable).
    pub provider: String,
    pub key_var: String,
    pub events: Vec<Wire>,
    pub bytes: usize,
    /// Body lines not kept (over [`MAX_BYTES`]), and their bytes (with
    /// what was cut of the request's body).
    pub dropped: (usize, usize),
    /// The request's body was too big to keep whole (no curl of it).
    #[serde(default)]
    pub body_cut: bool,
    /// The first request's body, indented for the inspector.
    #[serde(skip)]
    pub pretty: Option<String>,
}

/// The exchanges of this run, oldest first.
#[derive(Debug, Default)]
pub struct WireLog {
    pub exchanges: VecDeque<Exchange>,
    /// Exchanges let go of (over [`KEEP`]).
    pub forgotten: usize,
}

fn size(w: &Wire) -> usize {
    match w {
        Wire::Request { body, headers, .. } => {
            body.len()
                + headers
                    .iter()
                    .map(|(a, b)| a.len() + b.len())
                    .sum::<usize>()
        }
        Wire::Response { headers, .. } => headers.iter().map(|(a, b)| a.len() + b.len()).sum(),
        Wire::Data { text, .. } => text.len(),
        Wire::Failed { error, .. } => error.len(),
    }
}

impl WireLog {
    /// A wire event of `turn`'s request to `provider`.
    pub fn on_wire(&mut self, turn: u64, provider: (&str, &str), w: &Wire) {
        let first = matches!(w, Wire::Request { attempt: 1, .. });
        if first || !self.exchanges.iter().any(|e| e.turn == turn) {
            if self.exchanges.len() >= KEEP {
                self.exchanges.pop_front();
                self.forgotten += 1;
            }
            self.exchanges.push_back(Exchange {
                turn,
                provider: provider.0.to_owned(),
                key_var: provider.1.to_owned(),
                ..Exchange::default()
            });
        }
        let Some(x) = self.exchanges.iter_mut().rev().find(|e| e.turn == turn) else {
            return;
        };
        let mut w = w.clone();
        if let Wire::Request { attempt, body, .. } = &mut w {
            // A retry sends the same body: kept once. A body bigger than
            // a quarter of what a request may keep (images as base64) is
            // cut: the response keeps the rest.
            let most = MAX_BODY_KEPT;
            if *attempt > 1 {
                body.clear();
            } else if body.len() > most {
                let mut cut = most;
                while !body.is_char_boundary(cut) {
                    cut -= 1;
                }
                x.dropped.1 += body.len() - cut;
                body.truncate(cut);
                x.body_cut = true;
            }
        }
        let n = size(&w);
        if let Wire::Data { text, .. } = &w {
            if x.bytes.saturating_add(n) > MAX_BYTES - MAX_BODY_KEPT {
                x.dropped.0 += text.split('\n').filter(|l| !l.trim().is_empty()).count();
                x.dropped.1 += n;
                return;
            }
            x.bytes = x.bytes.saturating_add(n);
        }
        if let Wire::Request {
            attempt: 1, body, ..
        } = &w
        {
            x.pretty = Some(pretty(body));
        }
        x.events.push(w);
    }

    /// The user stopped `turn`'s request: said at its end (the wire
    /// itself just ends).
    pub fn stopped(&mut self, turn: u64) {
        let Some(x) = self.exchanges.iter_mut().rev().find(|e| e.turn == turn) else {
            return;
        };
        let (attempt, ms) = x.events.last().map_or((1, 0), |w| (w.attempt(), w.ms()));
        x.events.push(Wire::Failed {
            attempt,
            ms,
            error: supchat_i18n::tr("inspect-stopped"),
        });
    }

    /// `entry` (a reply, or a failed send) came of `turn`'s newest request.
    pub fn made(&mut self, turn: u64, entry: EntryId) {
        if let Some(x) = self
            .exchanges
            .iter_mut()
            .rev()
            .find(|e| e.turn == turn && e.reply.is_none())
        {
            x.reply = Some(entry);
        }
    }

    /// Entries renumbered (a compare's answers joined the conversation):
    /// `(turn, from, to)`, each exchange moved once (a lane's new ids may
    /// be another of its old ones).
    pub fn renumber(&mut self, map: &[(u64, EntryId, EntryId)]) {
        for x in &mut self.exchanges {
            if let Some(&(_, _, to)) = map
                .iter()
                .find(|(turn, from, _)| x.turn == *turn && x.reply == Some(*from))
            {
                x.reply = Some(to);
            }
        }
    }

    pub fn of(&self, entry: EntryId) -> Option<&Exchange> {
        self.exchanges.iter().rev().find(|e| e.reply == Some(entry))
    }
}

impl Exchange {
    /// Every line the inspector shows (before wrapping), each with what it
    /// is (for its look).
    pub fn lines(&self, body_open: bool) -> Vec<(Look, String)> {
        let mut out = Vec::new();
        let attempts = self.events.iter().map(Wire::attempt).max().unwrap_or(1);
        let mut frames = 0usize;
        for w in &self.events {
            match w {
                Wire::Request {
                    attempt,
                    ms,
                    method,
                    url,
                    headers,
                    body,
                } => {
                    if *attempt > 1 || attempts > 1 {
                        out.push((
                            Look::Head,
                            supchat_i18n::tr!(
                                "inspect-attempt",
                                n = u64::from(*attempt),
                                of = u64::from(attempts),
                                ms = *ms
                            ),
                        ));
                    }
                    out.push((Look::Head, supchat_i18n::tr("inspect-request")));
                    out.push((Look::Text, format!("{method} {url}")));
                    for (k, v) in headers {
                        out.push((Look::Header, format!("{k}: {v}")));
                    }
                    if *attempt == 1 {
                        // Made once, not at every frame (a body may be 1 MiB).
                        match &self.pretty {
                            Some(p) => body_lines(&mut out, p, body_open),
                            None => body_lines(&mut out, &pretty(body), body_open),
                        }
                    }
                }
                Wire::Response {
                    ms,
                    status,
                    headers,
                    ..
                } => {
                    out.push((
                        Look::Head,
                        supchat_i18n::tr!(
                            "inspect-response",
                            status = u64::from(*status),
                            ms = *ms
                        ),
                    ));
                    for (k, v) in headers {
                        out.push((Look::Header, format!("{k}: {v}")));
                    }
                    out.push((Look::Head, supchat_i18n::tr("inspect-body")));
                }
                Wire::Data { ms, text, .. } => {
                    let mut first = true;
                    for line in text.split('\n').filter(|l| !l.trim().is_empty()) {
                        frames += 1;
                        let at = if first {
                            format!("+{ms:>6} ms  ")
                        } else {
                            " ".repeat(12)
                        };
                        first = false;
                        out.push((Look::Frame, format!("{at}{line}")));
                    }
                }
                Wire::Failed { ms, error, .. } => {
                    out.push((
                        Look::Failed,
                        supchat_i18n::tr!("inspect-failed", ms = *ms, why = error.as_str()),
                    ));
                }
            }
        }
        if self.body_cut {
            out.push((Look::Failed, supchat_i18n::tr("inspect-body-cut")));
        }
        if self.dropped.0 > 0 {
            out.push((
                Look::Failed,
                supchat_i18n::tr!(
                    "inspect-dropped",
                    n = self.dropped.0,
                    size = supchat_i18n::size(self.dropped.1 as u64)
                ),
            ));
        }
        let _ = frames;
        out
    }

    /// A curl command sending the request again, reading the key from its
    /// variable (never the key itself).
    pub fn curl(&self) -> Option<String> {
        if self.body_cut {
            return None;
        }
        let Some(Wire::Request {
            url, headers, body, ..
        }) = self
            .events
            .iter()
            .find(|w| matches!(w, Wire::Request { .. }))
        else {
            return None;
        };
        let q = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
        // The key is read from the variable: where it is set is the user's.
        let mut cmd = format!(
            "# {}\ncurl -N {}",
            supchat_i18n::tr!("inspect-curl-key", var = self.key_var.as_str()),
            q(url)
        );
        for (k, v) in headers {
            if k.eq_ignore_ascii_case("authorization") {
                let scheme = v.split_once(' ').map_or("Bearer", |(s, _)| s);
                cmd.push_str(&format!(
                    " \\\n  -H \"Authorization: {scheme} ${}\"",
                    self.key_var
                ));
            } else if !k.eq_ignore_ascii_case("content-length") {
                cmd.push_str(&format!(" \\\n  -H {}", q(&format!("{k}: {v}"))));
            }
        }
        cmd.push_str(&format!(" \\\n  --data-binary {}", q(body)));
        Some(cmd)
    }
}

/// How a line of the inspector looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Head,
    Header,
    Text,
    Body,
    Frame,
    Failed,
    /// "… N more lines: Tab shows them".
    Folded,
}

/// Rows of the body shown while it is folded.
const FOLDED_ROWS: usize = 12;

/// A JSON body indented; as it is when it is not JSON (or was cut).
pub fn pretty(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| body.to_owned())
}

fn body_lines(out: &mut Vec<(Look, String)>, pretty: &str, open: bool) {
    let n = pretty.lines().count();
    for l in pretty.lines().take(if open { n } else { FOLDED_ROWS }) {
        out.push((Look::Body, l.to_owned()));
    }
    if !open && n > FOLDED_ROWS {
        out.push((
            Look::Folded,
            supchat_i18n::tr!("inspect-folded", n = n - FOLDED_ROWS),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use supchat_chat::EntryId;

    fn req(attempt: u32, ms: u64) -> Wire {
        Wire::Request {
            attempt,
            ms,
            method: "POST".into(),
            url: "http://127.0.0.1:9/v1/chat/completions".into(),
            headers: vec![
                ("content-type".into(), "application/json".into()),
                ("authorization".into(), "Bearer su-…a1b2".into()),
            ],
            body: r#"{"model":"m","messages":[{"role":"user","content":"it's"}]}"#.into(),
        }
    }

    #[test]
    fn renumbering_moves_each_exchange_once() {
        let mut log = WireLog::default();
        for (turn, reply) in [(7, 5), (7, 6), (8, 5)] {
            log.on_wire(turn, ("p", "P_KEY"), &req(1, 0));
            log.made(turn, EntryId(reply));
        }
        // Lane 7's entries 5 and 6 become 6 and 7; lane 8's 5 becomes 9.
        log.renumber(&[
            (7, EntryId(5), EntryId(6)),
            (7, EntryId(6), EntryId(7)),
            (8, EntryId(5), EntryId(9)),
        ]);
        let got: Vec<(u64, Option<u64>)> = log
            .exchanges
            .iter()
            .map(|x| (x.turn, x.reply.map(|r| r.0)))
            .collect();
        assert_eq!(got, [(7, Some(6)), (7, Some(7)), (8, Some(9))]);
    }

    #[test]
    fn copy_as_curl_reads_the_key_from_its_variable() {
        let mut log = WireLog::default();
        log.on_wire(1, ("supage", "SUPAGE_API_KEY"), &req(1, 0));
        log.made(1, EntryId(2));
        let curl = log.of(EntryId(2)).unwrap().curl().unwrap();
        assert!(
            curl.contains("-H \"Authorization: Bearer $SUPAGE_API_KEY\""),
            "{curl}"
        );
        assert!(!curl.contains("a1b2"), "{curl}");
        assert!(curl.contains(r"it'\''s"), "quoted for the shell: {curl}");
        assert!(curl.contains("\ncurl -N 'http://127.0.0.1:9/v1/chat/completions'"));
        assert!(
            curl.starts_with("# the key is read from $SUPAGE_API_KEY"),
            "{curl}"
        );
    }

    #[test]
    fn a_huge_request_body_is_cut_and_a_retry_keeps_no_second_copy() {
        let mut log = WireLog::default();
        let mut big = req(1, 0);
        if let Wire::Request { body, .. } = &mut big {
            *body = format!("{{\"image\":\"{}\"}}", "A".repeat(10 * 1024 * 1024));
        }
        log.on_wire(1, ("p", "P_KEY"), &big);
        let mut again = big.clone();
        if let Wire::Request { attempt, .. } = &mut again {
            *attempt = 2;
        }
        log.on_wire(1, ("p", "P_KEY"), &again);
        log.made(1, EntryId(2));
        let x = log.of(EntryId(2)).unwrap();
        assert!(x.bytes <= MAX_BYTES, "{}", x.bytes);
        assert!(x.body_cut);
        assert_eq!(x.curl(), None, "no curl of a body not kept whole");
        let said = x.lines(false);
        assert!(said.iter().any(|(l, _)| *l == Look::Failed), "{said:?}");
    }

    #[test]
    fn twenty_requests_are_kept_and_a_big_body_is_counted_not_kept() {
        let mut log = WireLog::default();
        for turn in 1..=25 {
            log.on_wire(turn, ("p", "P_KEY"), &req(1, 0));
        }
        assert_eq!(log.exchanges.len(), KEEP);
        assert_eq!(log.forgotten, 5);
        let line = "x".repeat(1024 * 1024);
        for i in 0..6 {
            log.on_wire(
                25,
                ("p", "P_KEY"),
                &Wire::Data {
                    attempt: 1,
                    ms: i,
                    text: line.clone(),
                },
            );
        }
        let x = log.exchanges.back().unwrap();
        assert!(x.bytes <= MAX_BYTES);
        assert_eq!(x.dropped, (3, 3 * 1024 * 1024));
        let lines = x.lines(false);
        assert!(lines.last().unwrap().1.contains("3"), "{:?}", lines.last());
    }
}
