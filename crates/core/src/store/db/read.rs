//! Reading the database: the session list, one session's meta and
//! entries, ids and their unique prefixes, and full-text search.

use rusqlite::{OptionalExtension, params};

use super::rows::{meta_of, searchable};
use super::{Store, StoreError};
use crate::store::{Hit, SessionId, SessionMeta, search};
use supchat_chat::{Conversation, Entry, EntryId, EntryKind, ReplyEnd, Timestamp};

const META_COLUMNS: &str = "id,title,created,updated,provider,model,messages,spent";
/// The same for a database without the `spent` column.
const META_COLUMNS_OLD: &str = "id,title,created,updated,provider,model,messages,''";

impl Store {
    /// The columns of a session's meta, `spent` as `''` where it is not.
    fn meta_columns(&self) -> &'static str {
        if self.has_spent {
            META_COLUMNS
        } else {
            META_COLUMNS_OLD
        }
    }

    /// Sessions, newest first.
    pub fn list(&self, limit: usize) -> Result<Vec<SessionMeta>, StoreError> {
        let mut q = self.conn.prepare(&format!(
            "SELECT {} FROM sessions ORDER BY updated DESC, id DESC LIMIT ?1",
            self.meta_columns()
        ))?;
        let rows = q
            .query_map(params![i64::try_from(limit).unwrap_or(i64::MAX)], meta_of)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The session an id or a unique prefix of one names.
    pub fn resolve(&self, prefix: &str) -> Result<SessionId, StoreError> {
        let prefix = prefix.trim().to_ascii_lowercase();
        if prefix.is_empty() || !prefix.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(StoreError::NotFound(supchat_i18n::tr!(
                "core-store-not-hex",
                prefix = format!("{prefix:?}")
            )));
        }
        let mut q = self
            .conn
            .prepare("SELECT id FROM sessions WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT 6")?;
        let upper = format!("{prefix}g");
        let ids: Vec<String> = q
            .query_map(params![prefix, upper], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        match ids.as_slice() {
            [] => Err(StoreError::NotFound(prefix)),
            [one] => Ok(SessionId(one.clone())),
            many => Err(StoreError::Ambiguous {
                prefix,
                ids: many.to_vec(),
            }),
        }
    }

    /// Every session's id, sorted.
    pub fn ids(&self) -> Result<Vec<SessionId>, StoreError> {
        let mut q = self.conn.prepare("SELECT id FROM sessions ORDER BY id")?;
        let ids = q
            .query_map([], |r| r.get::<_, String>(0))?
            .map(|r| r.map(SessionId))
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    /// The shortest prefix (four characters at least) that names each
    /// session alone, by id.
    pub fn short_ids(&self) -> Result<std::collections::HashMap<SessionId, String>, StoreError> {
        let ids = self.ids()?;
        let lens = SessionId::unique_prefixes(&ids);
        Ok(ids
            .iter()
            .zip(lens)
            .map(|(id, n)| (id.clone(), id.short(n).to_owned()))
            .collect())
    }

    pub fn meta(&self, id: &SessionId) -> Result<SessionMeta, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {} FROM sessions WHERE id = ?1", self.meta_columns()),
                params![id.as_str()],
                meta_of,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))
    }

    /// The newest session, if there is one.
    pub fn latest(&self) -> Result<Option<SessionMeta>, StoreError> {
        Ok(self.list(1)?.into_iter().next())
    }

    /// A session's conversation, ready to go on: a reply that was still
    /// streaming when supchat stopped is marked interrupted.
    pub fn load(&self, id: &SessionId) -> Result<(SessionMeta, Conversation), StoreError> {
        let meta = self.meta(id)?;
        let mut q = self
            .conn
            .prepare("SELECT id, at, body FROM entries WHERE session = ?1 ORDER BY id")?;
        let rows: Vec<(i64, i64, String)> = q
            .query_map(params![id.as_str()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<Result<_, _>>()?;
        let mut entries = Vec::with_capacity(rows.len());
        for (eid, at, body) in rows {
            let mut kind: EntryKind = serde_json::from_str(&body).map_err(|e| {
                StoreError::Sql(supchat_i18n::tr!(
                    "core-store-entry-unreadable",
                    entry = eid.to_string(),
                    id = id.to_string(),
                    why = e.to_string()
                ))
            })?;
            if let EntryKind::Assistant(a) = &mut kind
                && a.end == ReplyEnd::Streaming
            {
                a.end = ReplyEnd::Interrupted {
                    error: supchat_i18n::tr!("core-store-stopped-mid-reply"),
                };
            }
            entries.push(Entry {
                id: EntryId(eid.max(0) as u64),
                at: Timestamp(at.max(0) as u64),
                kind,
            });
        }
        let conv = Conversation::from_entries(entries).map_err(StoreError::Sql)?;
        Ok((meta, conv))
    }

    /// Full-text search across all sessions, best first, a hit per entry:
    /// every word of the query in it, the last one as a prefix.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, StoreError> {
        let Some(expr) = search::fts_query(query) else {
            return Ok(Vec::new());
        };
        // The best rows first (only their rowids and ranks are sorted),
        // then their entries.
        let mut q = self.conn.prepare(
            "SELECT e.session, s.title, e.id, e.body, s.updated,
                    (SELECT COUNT(*) FROM entries x WHERE x.session = e.session
                       AND x.id <= e.id AND x.kind IN ('user', 'assistant'))
             FROM (SELECT rowid AS r, rank FROM entries_fts WHERE entries_fts MATCH ?1
                   ORDER BY rank LIMIT ?2) AS t
             JOIN entries e ON e.n = t.r JOIN sessions s ON s.id = e.session
             ORDER BY t.rank",
        )?;
        let rows = q.query_map(
            params![expr, i64::try_from(limit).unwrap_or(i64::MAX)],
            |r| {
                Ok((
                    Hit {
                        session: SessionId(r.get(0)?),
                        title: r.get(1)?,
                        entry: r.get::<_, i64>(2)?.max(0) as u64,
                        message: r.get::<_, i64>(5)?.max(0) as u64,
                        snippet: String::new(),
                        updated: Timestamp(r.get::<_, i64>(4)?.max(0) as u64),
                    },
                    r.get::<_, String>(3)?,
                ))
            },
        )?;
        let mut hits = Vec::new();
        for row in rows {
            let (mut hit, body) = row?;
            if let Ok(kind) = serde_json::from_str::<EntryKind>(&body) {
                hit.snippet = search::snippet(searchable(&kind).unwrap_or(""), query);
            }
            hits.push(hit);
        }
        Ok(hits)
    }
}
