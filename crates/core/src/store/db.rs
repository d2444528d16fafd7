//! The session database: schema and its migrations, and every read and
//! write, each write its own transaction. WAL and a busy timeout let two
//! supchats use it at once. A database that cannot be read is never
//! deleted or overwritten: opening it fails with where it is.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};

use super::{Hit, SessionId, SessionMeta, search};
use supchat_chat::{Conversation, Entry, EntryId, EntryKind, ReplyEnd, Timestamp};

/// The schema this build writes. Older databases are migrated forward on
/// open; a newer one is refused (a newer supchat made it).
pub const SCHEMA_VERSION: i64 = 3;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the session database {}: {detail}", path.display())]
    Open { path: PathBuf, detail: String },
    #[error(
        "the session database {} cannot be read ({detail}); it was left as it is. Move it away to start afresh, or run `supchat sessions check`",
        path.display()
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "the session database {} was made by a newer supchat (schema {found}, this one knows {SCHEMA_VERSION})",
        path.display()
    )]
    TooNew { path: PathBuf, found: i64 },
    #[error("no session {0}")]
    NotFound(String),
    #[error("{prefix} names more than one session: {}", ids.join(", "))]
    Ambiguous { prefix: String, ids: Vec<String> },
    #[error("session {id} is open in another supchat (pid {pid}); close it there first")]
    InUse { id: String, pid: u32 },
    #[error("the session database: {0}")]
    Sql(String),
}

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

const V1: &str = "
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions(
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    provider TEXT NOT NULL DEFAULT '',
    model TEXT NOT NULL DEFAULT '',
    messages INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS sessions_updated ON sessions(updated DESC);
CREATE TABLE IF NOT EXISTS entries(
    session TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    id INTEGER NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY(session, id)
) WITHOUT ROWID;
";

/// Version 2: full-text search, and which process has a session open.
const V2: &str = "
CREATE VIRTUAL TABLE IF NOT EXISTS entries_fts USING fts5(
    text, session UNINDEXED, entry UNINDEXED, tokenize = 'unicode61'
);
CREATE TABLE IF NOT EXISTS open_sessions(
    session TEXT PRIMARY KEY,
    pid INTEGER NOT NULL,
    since INTEGER NOT NULL
);
";

/// Version 3: entries in a table with rowids (a table without them keeps
/// long rows badly: more disk and slow rewrites of a growing reply); a
/// search index that keeps no copy of the text (contentless, its rows the
/// entries' rowids: a checkpoint or a delete finds them without a scan),
/// with Chinese and Japanese indexed a character at a time (see
/// `search`). The index is then built again from the entries.
const V3: &str = "
CREATE TABLE entries_v3(
    n INTEGER PRIMARY KEY,
    session TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    id INTEGER NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE(session, id)
);
INSERT INTO entries_v3(session, id, at, kind, body)
    SELECT session, id, at, kind, body FROM entries ORDER BY session, id;
DROP TABLE entries;
ALTER TABLE entries_v3 RENAME TO entries;
DROP TABLE entries_fts;
CREATE VIRTUAL TABLE entries_fts USING fts5(
    text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
";

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// The text of an entry that search looks in.
fn searchable(kind: &EntryKind) -> Option<&str> {
    match kind {
        EntryKind::User { text, .. } | EntryKind::System { text, .. } => Some(text),
        EntryKind::Assistant(a) => Some(&a.reply.text),
        EntryKind::ToolResult(r) => Some(&r.content),
        EntryKind::FailedSend(_) => None,
    }
}

fn kind_name(kind: &EntryKind) -> &'static str {
    match kind {
        EntryKind::System { .. } => "system",
        EntryKind::User { .. } => "user",
        EntryKind::Assistant(_) => "assistant",
        EntryKind::ToolResult(_) => "tool_result",
        EntryKind::FailedSend(_) => "failed_send",
    }
}

fn meta_of(row: &rusqlite::Row<'_>) -> rusqlite::Result<SessionMeta> {
    Ok(SessionMeta {
        id: SessionId(row.get(0)?),
        title: row.get(1)?,
        created: Timestamp(row.get::<_, i64>(2)?.max(0) as u64),
        updated: Timestamp(row.get::<_, i64>(3)?.max(0) as u64),
        provider: row.get(4)?,
        model: row.get(5)?,
        messages: row.get::<_, i64>(6)?.max(0) as u64,
    })
}

fn put_meta_in(conn: &Connection, m: &SessionMeta) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO sessions(id, title, created, updated, provider, model, messages)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(id) DO UPDATE SET title = excluded.title, updated = excluded.updated,
           provider = excluded.provider, model = excluded.model, messages = excluded.messages",
        params![
            m.id.as_str(),
            m.title,
            ms(m.created),
            ms(m.updated),
            m.provider,
            m.model,
            i64::try_from(m.messages).unwrap_or(i64::MAX)
        ],
    )?;
    Ok(())
}

/// Saves an entry and its text for search, inside the caller's
/// transaction: its row in the index is the entry's rowid.
fn put_entry_in(conn: &Connection, session: &SessionId, e: &Entry) -> Result<(), StoreError> {
    let body = serde_json::to_string(&e.kind).map_err(|e| StoreError::Sql(e.to_string()))?;
    let id = i64::try_from(e.id.0).unwrap_or(i64::MAX);
    let n: i64 = conn.query_row(
        "INSERT INTO entries(session, id, at, kind, body) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(session, id) DO UPDATE SET at = excluded.at, kind = excluded.kind,
           body = excluded.body
         RETURNING n",
        params![session.as_str(), id, ms(e.at), kind_name(&e.kind), body],
        |r| r.get(0),
    )?;
    conn.execute("DELETE FROM entries_fts WHERE rowid = ?1", params![n])?;
    index_entry(conn, n, &e.kind)
}

/// Puts an entry's text in the search index, as row `n`.
fn index_entry(conn: &Connection, n: i64, kind: &EntryKind) -> Result<(), StoreError> {
    if let Some(text) = searchable(kind).filter(|t| !t.is_empty()) {
        conn.execute(
            "INSERT INTO entries_fts(rowid, text) VALUES (?1, ?2)",
            params![n, search::index_text(text)],
        )?;
    }
    Ok(())
}

const META_COLUMNS: &str = "id, title, created, updated, provider, model, messages";

fn ms(t: Timestamp) -> i64 {
    i64::try_from(t.0).unwrap_or(i64::MAX)
}

impl Store {
    /// Opens (creating it and its folder if need be) the database at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let open_err = |detail: String| StoreError::Open {
            path: path.to_owned(),
            detail,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| open_err(e.to_string()))?;
        }
        let conn = Connection::open(path).map_err(|e| open_err(e.to_string()))?;
        let mut store = Self {
            conn,
            path: path.to_owned(),
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
        let store = Self {
            conn,
            path: path.to_owned(),
        };
        let found = store.version()?;
        if found != SCHEMA_VERSION {
            return Err(open_err(format!(
                "it is of schema {found} and needs upgrading to {SCHEMA_VERSION}, which needs write access"
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

    fn setup(&mut self) -> Result<(), StoreError> {
        self.conn
            .busy_timeout(Duration::from_secs(5))
            .map_err(|e| self.corrupt(e))?;
        // Pages of 8 KiB hold two or three replies each where 4 KiB pages
        // held one and wasted the rest (it only takes on a new database).
        self.conn
            .pragma_update(None, "page_size", 8192)
            .map_err(|e| self.corrupt(e))?;
        // WAL: readers never wait for the writer, and a write that was
        // committed survives `kill -9`.
        self.conn
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| self.corrupt(e))?;
        self.conn
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| self.corrupt(e))?;
        self.conn
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| self.corrupt(e))?;
        self.migrate()
    }

    fn version(&self) -> Result<i64, StoreError> {
        let has_meta: bool = self
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map_err(|e| self.corrupt(e))?
            > 0;
        if !has_meta {
            return Ok(0);
        }
        let v: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(v.and_then(|v| v.parse().ok()).unwrap_or(0))
    }

    /// Brings the schema forward, one version at a time, each in a
    /// transaction of its own.
    fn migrate(&mut self) -> Result<(), StoreError> {
        let found = self.version()?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found,
            });
        }
        for v in found + 1..=SCHEMA_VERSION {
            let tx = self.conn.transaction()?;
            match v {
                1 => tx.execute_batch(V1)?,
                2 => tx.execute_batch(V2)?,
                3 => {
                    tx.execute_batch(V3)?;
                    // Index what was saved.
                    let mut q = tx.prepare("SELECT n, body FROM entries")?;
                    let mut rows = q.query([])?;
                    while let Some(r) = rows.next()? {
                        let body: String = r.get(1)?;
                        if let Ok(kind) = serde_json::from_str::<EntryKind>(&body) {
                            index_entry(&tx, r.get(0)?, &kind)?;
                        }
                    }
                }
                _ => {}
            }
            tx.execute(
                "INSERT INTO meta(key, value) VALUES ('schema', ?1)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![v.to_string()],
            )?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Saves a session's meta (created or changed).
    pub fn put_meta(&self, m: &SessionMeta) -> Result<(), StoreError> {
        put_meta_in(&self.conn, m)
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
        put_meta_in(&tx, m)?;
        for e in conv.entries() {
            put_entry_in(&tx, &m.id, e)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Sessions, newest first.
    pub fn list(&self, limit: usize) -> Result<Vec<SessionMeta>, StoreError> {
        let mut q = self.conn.prepare(&format!(
            "SELECT {META_COLUMNS} FROM sessions ORDER BY updated DESC, id DESC LIMIT ?1"
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
            return Err(StoreError::NotFound(format!(
                "{prefix:?} (ids are hex digits)"
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

    pub fn meta(&self, id: &SessionId) -> Result<SessionMeta, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {META_COLUMNS} FROM sessions WHERE id = ?1"),
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
                StoreError::Sql(format!("entry {eid} of session {id} cannot be read: {e}"))
            })?;
            if let EntryKind::Assistant(a) = &mut kind
                && a.end == ReplyEnd::Streaming
            {
                a.end = ReplyEnd::Interrupted {
                    error: "supchat stopped while this reply was arriving".to_owned(),
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
            "SELECT e.session, s.title, e.id, e.body, s.updated
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

    /// Claims a session for this process. Another live supchat holding it
    /// is named instead (its pid).
    pub fn claim(&self, id: &SessionId, now: Timestamp) -> Result<Result<(), u32>, StoreError> {
        let me = std::process::id();
        if let Some(pid) = self.holder(id)? {
            return Ok(Err(pid));
        }
        self.conn.execute(
            "INSERT INTO open_sessions(session, pid, since) VALUES (?1, ?2, ?3)
             ON CONFLICT(session) DO UPDATE SET pid = excluded.pid, since = excluded.since",
            params![id.as_str(), i64::from(me), ms(now)],
        )?;
        Ok(Ok(()))
    }

    /// Another live supchat holding the session, if one does.
    fn holder(&self, id: &SessionId) -> Result<Option<u32>, StoreError> {
        let holder: Option<i64> = self
            .conn
            .query_row(
                "SELECT pid FROM open_sessions WHERE session = ?1",
                params![id.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        Ok(holder
            .and_then(|p| u32::try_from(p).ok())
            .filter(|&pid| pid != std::process::id() && process_alive(pid)))
    }

    /// Lets go of a session this process claimed.
    pub fn release(&self, id: &SessionId) -> Result<(), StoreError> {
        self.conn.execute(
            "DELETE FROM open_sessions WHERE session = ?1 AND pid = ?2",
            params![id.as_str(), i64::from(std::process::id())],
        )?;
        Ok(())
    }

    /// SQLite's own integrity check: `ok`, or what it found.
    pub fn check(&self) -> Result<Vec<String>, StoreError> {
        let mut q = self.conn.prepare("PRAGMA integrity_check")?;
        let mut rows: Vec<String> = q.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        // The search index's own check (SQLite's does not look inside it);
        // it is a command written as an insert, so a read-only database
        // cannot run it.
        if self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            rows.push("search index: not checked (the database is opened read-only)".to_owned());
        } else if let Err(e) = self.conn.execute(
            "INSERT INTO entries_fts(entries_fts) VALUES ('integrity-check')",
            [],
        ) {
            rows.push(format!("search index: {e}"));
        }
        Ok(rows)
    }
}

/// Whether a process with this pid exists (signal 0 checks, sends nothing).
fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: kill(2) with signal 0 only checks that the process exists.
        let r = unsafe { libc::kill(pid, 0) };
        let exists = r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
        // A process killed but not yet reaped (a zombie) holds nothing.
        let zombie = std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|s| s.rsplit_once(") ").map(|(_, rest)| rest.starts_with('Z')))
            .unwrap_or(false);
        exists && !zombie
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

#[cfg(test)]
#[path = "db_tests.rs"]
pub(super) mod tests;
