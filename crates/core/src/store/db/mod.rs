//! The session database: schema and its migrations, and every read and
//! write, each write its own transaction. WAL and a busy timeout let two
//! supchats use it at once. A database that cannot be read is never
//! deleted or overwritten: opening it fails with where it is.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};

mod claims;
pub use claims::Checked;
mod rows;
mod schema;

use rows::{index_entry, meta_of, ms, put_entry_in, put_meta_in, searchable};

use super::{Hit, SessionId, SessionMeta, search};
use supchat_chat::{Conversation, Entry, EntryId, EntryKind, ReplyEnd, Timestamp};

/// The schema this build writes. Older databases are migrated forward on
/// open; a newer one is refused (a newer supchat made it).
pub const SCHEMA_VERSION: i64 = 3;

#[derive(Debug)]
pub enum StoreError {
    Open { path: PathBuf, detail: String },
    Corrupt { path: PathBuf, detail: String },
    TooNew { path: PathBuf, found: i64 },
    NotFound(String),
    Ambiguous { prefix: String, ids: Vec<String> },
    InUse { id: String, pid: u32 },
    Sql(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use supchat_i18n::tr;
        let said = match self {
            StoreError::Open { path, detail } => tr!(
                "core-store-open",
                path = path.display().to_string(),
                detail = detail.as_str()
            ),
            StoreError::Corrupt { path, detail } => tr!(
                "core-store-corrupt",
                path = path.display().to_string(),
                detail = detail.as_str()
            ),
            StoreError::TooNew { path, found } => tr!(
                "core-store-too-new",
                path = path.display().to_string(),
                found = found.to_string(),
                known = SCHEMA_VERSION.to_string()
            ),
            StoreError::NotFound(what) => tr!("core-store-not-found", id = what.as_str()),
            StoreError::Ambiguous { prefix, ids } => tr!(
                "core-store-ambiguous",
                prefix = prefix.as_str(),
                ids = ids.join(", ")
            ),
            StoreError::InUse { id, pid } => {
                tr!("core-store-in-use", id = id.as_str(), pid = pid.to_string())
            }
            StoreError::Sql(why) => tr!("core-store-sql", why = why.as_str()),
        };
        f.write_str(&said)
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sql(e.to_string())
    }
}

fn is_corruption(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The sessions table has the `spent` column (a database an older
    /// supchat made and this one may not write has not).
    has_spent: bool,
}

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

    /// Opens (creating it and its folder if need be) the database at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let open_err = |detail: String| StoreError::Open {
            path: path.to_owned(),
            detail,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::private::create_dir(dir).map_err(|e| open_err(e.to_string()))?;
        }
        // Made 0600 before SQLite opens it: its WAL and shared-memory
        // files take the database's mode.
        if !path.exists() {
            crate::private::options()
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .map_err(|e| open_err(e.to_string()))?;
        }
        let conn = Connection::open(path).map_err(|e| open_err(e.to_string()))?;
        let mut store = Self {
            conn,
            path: path.to_owned(),
            has_spent: false,
        };
        store.setup().map_err(|e| match e {
            StoreError::Sql(detail)
                if detail.contains("not a database") || detail.contains("malformed") =>
            {
                StoreError::Corrupt {
                    path: path.to_owned(),
                    detail,
                }
            }
            // Where it happened, for the message (a read-only folder).
            StoreError::Sql(detail) => open_err(detail),
            other => other,
        })?;
        Ok(store)
    }

    /// Opens the database for reading only, for a file or folder this
    /// process may not write (another user's, a read-only mount): nothing
    /// is created, migrated or written. A database of an older schema needs
    /// writing to be brought forward, and is refused.
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        use rusqlite::OpenFlags;
        let open_err = |detail: String| StoreError::Open {
            path: path.to_owned(),
            detail,
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let attempt = |uri: &str| -> Result<Connection, rusqlite::Error> {
            let c = Connection::open_with_flags(uri, flags)?;
            c.busy_timeout(Duration::from_secs(5))?;
            c.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })?;
            Ok(c)
        };
        let shown = path.to_string_lossy();
        // A WAL database needs its -shm file; when that cannot be made
        // here, the file is read as it is on disk (`immutable`).
        let escaped: String = shown
            .chars()
            .map(|c| match c {
                '%' => "%25".to_owned(),
                '?' => "%3f".to_owned(),
                '#' => "%23".to_owned(),
                c => c.to_string(),
            })
            .collect();
        let conn = attempt(&format!("file:{escaped}?mode=ro"))
            .or_else(|_| attempt(&format!("file:{escaped}?mode=ro&immutable=1")))
            .map_err(|e| {
                if is_corruption(&e) {
                    StoreError::Corrupt {
                        path: path.to_owned(),
                        detail: e.to_string(),
                    }
                } else {
                    open_err(e.to_string())
                }
            })?;
        let mut store = Self {
            conn,
            path: path.to_owned(),
            has_spent: false,
        };
        store.has_spent = store.has_column("sessions", "spent");
        let found = store.version()?;
        if found != SCHEMA_VERSION {
            return Err(open_err(supchat_i18n::tr!(
                "core-store-needs-upgrade",
                found = found.to_string(),
                known = SCHEMA_VERSION.to_string()
            )));
        }
        Ok(store)
    }

    /// Opens the database to read from: for writing when that is allowed,
    /// else read-only (a damaged one is refused either way).
    pub fn open_for_reading(path: &Path) -> Result<Self, StoreError> {
        match Self::open(path) {
            Ok(s) => Ok(s),
            Err(e @ (StoreError::Corrupt { .. } | StoreError::TooNew { .. })) => Err(e),
            Err(e) => Self::open_read_only(path).map_err(|_| e),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn corrupt(&self, e: rusqlite::Error) -> StoreError {
        if is_corruption(&e) {
            StoreError::Corrupt {
                path: self.path.clone(),
                detail: e.to_string(),
            }
        } else {
            e.into()
        }
    }

    /// Saves a session's meta (created or changed).
    pub fn put_meta(&self, m: &SessionMeta) -> Result<(), StoreError> {
        put_meta_in(&self.conn, m, self.has_spent)
    }

    /// Saves an entry of a session (whole: a reply saved again as it grows
    /// replaces what was saved of it), and its text for search.
    pub fn put_entry(&mut self, session: &SessionId, e: &Entry) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        put_entry_in(&tx, session, e)?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes one entry of a session (and its search-index row).
    pub fn delete_entry(&mut self, session: &SessionId, id: u64) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let n = i64::try_from(id).unwrap_or(i64::MAX);
        tx.execute(
            "DELETE FROM entries_fts WHERE rowid IN (SELECT n FROM entries WHERE session = ?1 AND id = ?2)",
            params![session.as_str(), n],
        )?;
        tx.execute(
            "DELETE FROM entries WHERE session = ?1 AND id = ?2",
            params![session.as_str(), n],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A session and everything in it, as one transaction (an import).
    pub fn put_session(&mut self, m: &SessionMeta, conv: &Conversation) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        put_meta_in(&tx, m, self.has_spent)?;
        for e in conv.entries() {
            put_entry_in(&tx, &m.id, e)?;
        }
        tx.commit()?;
        Ok(())
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

    pub fn rename(&self, id: &SessionId, title: &str) -> Result<(), StoreError> {
        let n = self.conn.execute(
            "UPDATE sessions SET title = ?2 WHERE id = ?1",
            params![id.as_str(), title],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(id.to_string()));
        }
        Ok(())
    }

    /// Deletes a session, unless another live supchat has it open (its
    /// next write would bring it back).
    pub fn delete(&mut self, id: &SessionId) -> Result<(), StoreError> {
        if let Some(pid) = self.holder(id)? {
            return Err(StoreError::InUse {
                id: id.to_string(),
                pid,
            });
        }
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM entries_fts WHERE rowid IN (SELECT n FROM entries WHERE session = ?1)",
            params![id.as_str()],
        )?;
        tx.execute(
            "DELETE FROM entries WHERE session = ?1",
            params![id.as_str()],
        )?;
        tx.execute(
            "DELETE FROM open_sessions WHERE session = ?1",
            params![id.as_str()],
        )?;
        let n = tx.execute("DELETE FROM sessions WHERE id = ?1", params![id.as_str()])?;
        tx.commit()?;
        if n == 0 {
            return Err(StoreError::NotFound(id.to_string()));
        }
        Ok(())
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

#[cfg(test)]
pub(super) mod tests;
