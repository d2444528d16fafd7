//! Saved conversations: one SQLite database (bundled SQLite, WAL) holding
//! every session's entries, written as they happen by the journal from the
//! chat session's changes ([`journal`]), listed, searched (FTS5), loaded
//! to resume, exported and imported ([`export`]). Knows neither the
//! terminal nor HTTP.

mod db;
pub mod export;
pub mod journal;
pub mod search;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use db::{Checked, Store, StoreError};
pub use journal::{Journal, JournalStatus, Recorder, Write};

use supchat_chat::{Conversation, EntryKind, Timestamp};

/// A session's id: 16 lowercase hex digits, the first 11 the creation time
/// in milliseconds, so ids sort by age; a unique prefix is enough to name one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SessionId(pub String);

impl SessionId {
    /// A new id for a session created at `now`.
    pub fn new(now: Timestamp) -> Self {
        use std::hash::{BuildHasher, Hasher};
        // Random per process and per call: RandomState is seeded at random.
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(now.0);
        h.write_u32(std::process::id());
        let random = h.finish() & 0xf_ffff;
        // The random part first: ids differ in their first characters, so
        // a short prefix names one (`--resume 3fa9`).
        Self(format!("{random:05x}{:011x}", now.0 & 0xfff_ffff_ffff))
    }

    /// Whether `id` is one supchat could have made: 1 to 64 lowercase hex
    /// digits, as the commands that take an id read them (an imported file
    /// may say anything, escapes included, and ids are printed and typed).
    pub fn is_valid(id: &str) -> bool {
        (1..=64).contains(&id.len()) && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    }

    /// How many of each id's first characters name it alone among `ids`
    /// (sorted, no two alike), four at least: what lists show.
    pub fn unique_prefixes(ids: &[SessionId]) -> Vec<usize> {
        let common = |a: &SessionId, b: &SessionId| {
            a.0.bytes()
                .zip(b.0.bytes())
                .take_while(|(x, y)| x == y)
                .count()
        };
        (0..ids.len())
            .map(|i| {
                let before = i.checked_sub(1).map_or(0, |j| common(&ids[j], &ids[i]));
                let after = ids.get(i + 1).map_or(0, |n| common(&ids[i], n));
                (before.max(after) + 1).max(4).min(ids[i].0.len())
            })
            .collect()
    }

    /// The id as lists show it: its first `len` characters.
    pub fn short(&self, len: usize) -> &str {
        self.0.get(..len).unwrap_or(&self.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a session list shows of one session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionMeta {
    pub id: SessionId,
    pub title: String,
    pub created: Timestamp,
    pub updated: Timestamp,
    /// The provider and model or mode of the newest reply (`Sup.ai · fast`).
    pub provider: String,
    pub model: String,
    /// Messages of the user's and replies.
    pub messages: u64,
    /// What its replies cost, a sum per currency (every branch counted).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spent: Vec<supchat_chat::cost::Cost>,
}

impl SessionMeta {
    /// The meta of `conv`, saved as `id` with `title`.
    pub fn of(id: SessionId, title: String, conv: &Conversation) -> Self {
        let created = conv.entries().first().map_or(Timestamp(0), |e| e.at);
        let updated = conv.entries().last().map_or(created, |e| e.at);
        let answerer = conv.last_answerer();
        let messages = conv
            .entries()
            .iter()
            .filter(|e| matches!(e.kind, EntryKind::User { .. } | EntryKind::Assistant(_)))
            .count() as u64;
        Self {
            id,
            title,
            created,
            updated,
            provider: answerer.map(|a| a.provider.clone()).unwrap_or_default(),
            model: answerer.map(|a| a.model.clone()).unwrap_or_default(),
            messages,
            spent: supchat_chat::cost::total(conv),
        }
    }

    /// `$0.12` (or `$0.12 + ¥0.40`); none when no reply had a price.
    pub fn spent_label(&self) -> Option<String> {
        supchat_chat::cost::labels(&self.spent)
    }

    /// Who answered last, as lists show it (`Supage · claude-sonnet-4-6`);
    /// none before a reply.
    pub fn answered_by(&self) -> Option<String> {
        let provider = supchat_chat::display_name(&self.provider);
        match (provider.is_empty(), self.model.is_empty()) {
            (true, _) => None,
            (false, true) => Some(provider.to_owned()),
            (false, false) => Some(format!("{provider} · {}", self.model)),
        }
    }

    /// `1 message`, `2 messages`.
    pub fn messages_label(&self) -> String {
        supchat_i18n::tr!("core-session-messages", n = self.messages)
    }
}

/// One search hit: a session and the line of an entry that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hit {
    pub session: SessionId,
    pub title: String,
    pub entry: u64,
    /// Which message of its session it is (1 the first; the user's and
    /// replies are counted, as `messages` counts them).
    pub message: u64,
    /// The matching text around the match, markers `[` `]` around it.
    pub snippet: String,
    pub updated: Timestamp,
}

/// The database file in the data folder.
pub fn db_path(data_dir: &Path) -> PathBuf {
    data_dir.join("sessions.db")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_id_is_shown_as_far_as_it_names_one_session() {
        let ids: Vec<SessionId> = ["1a2494aa00", "1a2494ab00", "3f00000000", "9c12000000"]
            .into_iter()
            .map(|s| SessionId(s.to_owned()))
            .collect();
        assert_eq!(SessionId::unique_prefixes(&ids), [8, 8, 4, 4]);
        assert_eq!(ids[0].short(8), "1a2494aa");
        // New ids differ in their first characters.
        let a = SessionId::new(Timestamp(1_800_000_000_000));
        let b = SessionId::new(Timestamp(1_800_000_000_001));
        assert_eq!(a.0.len(), 16);
        assert_ne!(a.0[..5], b.0[..5]);
    }
}
