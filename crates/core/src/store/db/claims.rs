//! Which supchat holds which session: a claim, released when it is let go
//! of or when the process that made it is gone; and the database's own
//! checks.

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError, ms};
use crate::store::SessionId;
use supchat_chat::Timestamp;

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

/// When process `pid` started (clock ticks since boot, `/proc/PID/stat`'s
/// 22nd field): with the pid, it names one process, so a pid used again by
/// another program is not taken for the supchat that made a claim.
pub(super) fn process_start(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // After the command's `)`: the state is field 3, the start field 22.
    let (_, rest) = stat.rsplit_once(") ")?;
    rest.split_whitespace().nth(19)?.parse().ok()
}

impl Store {
    /// Claims a session for this process. Another live supchat holding it
    /// is named instead (its pid).
    pub fn claim(&self, id: &SessionId, now: Timestamp) -> Result<Result<(), u32>, StoreError> {
        let me = std::process::id();
        if let Some(pid) = self.holder(id)? {
            return Ok(Err(pid));
        }
        let started = process_start(me).map_or(0, |s| i64::try_from(s).unwrap_or(0));
        self.conn.execute(
            "INSERT INTO open_sessions(session, pid, since, started) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(session) DO UPDATE SET pid = excluded.pid, since = excluded.since,
               started = excluded.started",
            params![id.as_str(), i64::from(me), ms(now), started],
        )?;
        Ok(Ok(()))
    }

    /// Another live supchat holding the session, if one does: its pid is
    /// alive and, where the claim says when it started, started then.
    pub(super) fn holder(&self, id: &SessionId) -> Result<Option<u32>, StoreError> {
        let query = |sql: &str| {
            self.conn
                .query_row(sql, params![id.as_str()], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
                })
                .optional()
        };
        // A database opened read-only may not have the column yet.
        let holder = match query("SELECT pid, started FROM open_sessions WHERE session = ?1") {
            Ok(h) => h,
            Err(_) => query("SELECT pid, 0 FROM open_sessions WHERE session = ?1")?,
        };
        let Some((pid, started)) = holder else {
            return Ok(None);
        };
        let Ok(pid) = u32::try_from(pid) else {
            return Ok(None);
        };
        let same_process = started == 0
            || process_start(pid).is_none_or(|s| i64::try_from(s).ok() == Some(started));
        Ok((pid != std::process::id() && process_alive(pid) && same_process).then_some(pid))
    }

    /// Lets go of a session this process claimed.
    pub fn release(&self, id: &SessionId) -> Result<(), StoreError> {
        self.conn.execute(
            "DELETE FROM open_sessions WHERE session = ?1 AND pid = ?2",
            params![id.as_str(), i64::from(std::process::id())],
        )?;
        Ok(())
    }

    /// SQLite's own integrity check: `ok`, or what it found; and what
    /// could not be checked.
    pub fn check(&self) -> Result<Checked, StoreError> {
        let mut q = self.conn.prepare("PRAGMA integrity_check")?;
        let mut rows: Vec<String> = q.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        let mut notes = Vec::new();
        // The search index's own check (SQLite's does not look inside it);
        // it is a command written as an insert, so a read-only database
        // cannot run it.
        if self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            notes.push(supchat_i18n::tr!("core-store-index-not-checked"));
        } else if let Err(e) = self.conn.execute(
            "INSERT INTO entries_fts(entries_fts) VALUES ('integrity-check')",
            [],
        ) {
            rows.push(supchat_i18n::tr!(
                "core-store-index-problem",
                why = e.to_string()
            ));
        }
        Ok(Checked { rows, notes })
    }
}

/// What [`Store::check`] found: SQLite's rows (`["ok"]` when whole), and
/// notes on what it could not check (none of them a fault).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub rows: Vec<String>,
    pub notes: Vec<String>,
}
