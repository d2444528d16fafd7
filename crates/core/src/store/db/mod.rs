//! The session database: schema and its migrations, and every read and
//! write, each write its own transaction. WAL and a busy timeout let two
//! supchats use it at once. A database that cannot be read is never
//! deleted or overwritten: opening it fails with where it is.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, params};

mod claims;
pub use claims::Checked;
mod error;
pub use error::StoreError;
use error::is_corruption;
mod read;
mod rows;
mod schema;

use rows::{index_entry, ms, put_entry_in, put_meta_in};

use super::{SessionId, SessionMeta};
use supchat_chat::{Conversation, Entry};

/// The schema this build writes. Older databases are migrated forward on
/// open; a newer one is refused (a newer supchat made it).
pub const SCHEMA_VERSION: i64 = 3;

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The sessions table has the `spent` column (a database an older
    /// supchat made and this one may not write has not).
    has_spent: bool,
}

impl Store {
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
        // Its wire goes with it (the table may be missing: read-only).
        let _ = tx.execute(
            "DELETE FROM wire WHERE session = ?1 AND entry = ?2",
            params![session.as_str(), n],
        );
        tx.commit()?;
        Ok(())
    }

    /// Keeps what went over the wire for the reply `entry` (JSON).
    pub fn put_wire(
        &mut self,
        session: &SessionId,
        entry: u64,
        data: &str,
    ) -> Result<(), StoreError> {
        let n = i64::try_from(entry).unwrap_or(i64::MAX);
        self.conn.execute(
            "INSERT OR REPLACE INTO wire(session, entry, data) VALUES (?1, ?2, ?3)",
            params![session.as_str(), n, data],
        )?;
        Ok(())
    }

    /// What went over the wire for the reply `entry`, if it was kept.
    pub fn wire(&self, session: &SessionId, entry: u64) -> Result<Option<String>, StoreError> {
        // No table: a database that could only be read, from before.
        if !self.has_column("wire", "data") {
            return Ok(None);
        }
        let n = i64::try_from(entry).unwrap_or(i64::MAX);
        let found = self.conn.query_row(
            "SELECT data FROM wire WHERE session = ?1 AND entry = ?2",
            params![session.as_str(), n],
            |r| r.get::<_, String>(0),
        );
        match found {
            Ok(d) => Ok(Some(d)),
            Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
            Err(e) => Err(e.into()),
        }
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
}

#[cfg(test)]
pub(super) mod tests;
