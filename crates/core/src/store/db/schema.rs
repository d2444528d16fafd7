//! The database's schema: the tables of each version, and migrating an
//! older database forward on open.

use std::time::Duration;

use rusqlite::{OptionalExtension, params};

use super::{SCHEMA_VERSION, Store, StoreError, index_entry};
use supchat_chat::EntryKind;

pub(super) const V1: &str = "
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
pub(super) const V2: &str = "
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

impl Store {
    pub(super) fn setup(&mut self) -> Result<(), StoreError> {
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
        self.migrate()?;
        self.add_claim_start();
        self.add_spent();
        self.add_wire();
        Ok(())
    }

    /// Whether `table` has `column`.
    pub(super) fn has_column(&self, table: &str, column: &str) -> bool {
        self.conn
            .query_row(
                "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2",
                params![table, column],
                |r| r.get::<_, i64>(0),
            )
            .is_ok_and(|n| n > 0)
    }

    /// What went over the wire for a reply (`wire_log = true`): a table
    /// added in place, which an older supchat leaves alone; it goes with
    /// its session.
    fn add_wire(&mut self) {
        let _ = self.conn.execute(
            "CREATE TABLE IF NOT EXISTS wire(
                session TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                entry INTEGER NOT NULL,
                data TEXT NOT NULL,
                PRIMARY KEY(session, entry)
            )",
            [],
        );
    }

    /// Sessions say what their replies cost (JSON, a sum per currency). A
    /// column added in place, as `started` is: an older supchat still
    /// reads and writes the table (leaving the figure as it was).
    fn add_spent(&mut self) {
        if !self.has_column("sessions", "spent") {
            let _ = self.conn.execute(
                "ALTER TABLE sessions ADD COLUMN spent TEXT NOT NULL DEFAULT ''",
                [],
            );
        }
        self.has_spent = self.has_column("sessions", "spent");
    }

    /// Claims say when their process started (so a pid used again is not
    /// taken for the claimant). A column added in place, not a schema
    /// version: an older supchat still reads and writes the table (its
    /// claims say 0, and only their pid is checked). A database opened
    /// read-only is left as it is.
    fn add_claim_start(&self) {
        let has: bool = self
            .conn
            .query_row(
                "SELECT count(*) FROM pragma_table_info('open_sessions') WHERE name = 'started'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .is_ok_and(|n| n > 0);
        if !has {
            let _ = self.conn.execute(
                "ALTER TABLE open_sessions ADD COLUMN started INTEGER NOT NULL DEFAULT 0",
                [],
            );
        }
    }

    pub(super) fn version(&self) -> Result<i64, StoreError> {
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
    pub(super) fn migrate(&mut self) -> Result<(), StoreError> {
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
}
