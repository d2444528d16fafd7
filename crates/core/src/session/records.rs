//! The saved side of chat sessions, for every front end: the database
//! opened (a damaged one is reported and left alone), a session found by
//! id or prefix, claimed so that two supchats never write the same one (a
//! copy is made, or the open refused, when another holds it), a new one
//! begun, and the journal that writes what a [`Recorder`] asks.
//!
//! Blocking (SQLite, with a busy timeout): a driver with an event loop
//! calls these off it. Cloning a `Records` is cheap; the clones share the
//! database and the journal.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use supchat_chat::Timestamp;

use crate::config::Config;

pub use super::plan::{Open, Opened, Plan, Startup, WhenHeld};
use crate::store::{
    Hit, Journal, JournalStatus, Recorder, SessionId, SessionMeta, Store, StoreError, Write,
    db_path,
};

/// A database opened by [`Records::open`], and what did not work.
pub struct Opening {
    pub records: Records,
    /// Said once: the data folder or database was open to other users,
    /// and is now the user's alone.
    pub tightened: Option<String>,
    /// Why sessions cannot be read (listed, opened).
    pub read_problem: Option<String>,
    /// Why what is said is not saved yet.
    pub save_problem: Option<String>,
}

struct Inner {
    reader: Option<Mutex<Store>>,
    journal: Option<Journal>,
    /// The session this process holds.
    current: Mutex<Option<SessionId>>,
}

/// The sessions database of one run: a store for reads, the journal for
/// writes, and the session this process holds.
#[derive(Clone)]
pub struct Records {
    inner: Arc<Inner>,
}

fn now() -> Timestamp {
    Timestamp::from_system(std::time::SystemTime::now())
}

/// The data folder and the database (and SQLite's files beside it) made
/// the user's alone when they were open to others (made by an older
/// supchat, or under umask 022): what was done, to say once.
fn make_private(db: &std::path::Path) -> Option<String> {
    let mut changed = Vec::new();
    if let Some(dir) = db.parent()
        && crate::private::tighten(dir, 0o700)
    {
        changed.push(supchat_i18n::tr!(
            "core-session-mode-now",
            path = dir.display().to_string(),
            mode = "0700"
        ));
    }
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let p = std::path::PathBuf::from(p);
        if crate::private::tighten(&p, 0o600) {
            changed.push(supchat_i18n::tr!(
                "core-session-mode-now",
                path = p.display().to_string(),
                mode = "0600"
            ));
        }
    }
    (!changed.is_empty())
        .then(|| supchat_i18n::tr!("core-session-made-private", paths = changed.join(", ")))
}

/// The database file `cfg` names, or why there is none.
pub fn db_of(cfg: &Config) -> Result<PathBuf, String> {
    cfg.data_dir()
        .map(|d| db_path(&d))
        .ok_or_else(|| supchat_i18n::tr!("core-session-no-data-folder"))
}

impl Records {
    /// Nothing opened: nothing read, nothing saved.
    pub fn none() -> Self {
        Self::from_parts(None, None)
    }

    /// Reads `store`, saves nothing.
    pub fn reading(store: Store) -> Self {
        Self::from_parts(Some(store), None)
    }

    fn from_parts(reader: Option<Store>, journal: Option<Journal>) -> Self {
        Self {
            inner: Arc::new(Inner {
                reader: reader.map(Mutex::new),
                journal,
                current: Mutex::new(None),
            }),
        }
    }

    /// Opens the database of `cfg` to read, and to write when `save` (a
    /// folder that cannot be written yet gets a journal that writes once it
    /// can). `status` hears of writes that fail and of writing working
    /// again. An error only when there is nothing to read or write at all.
    pub fn open(
        cfg: &Config,
        save: bool,
        status: Box<dyn Fn(JournalStatus) + Send>,
    ) -> Result<Opening, String> {
        let path = db_of(cfg)?;
        let tightened = make_private(&path);
        let mut read_problem = None;
        // Reads work from a database this process may not write.
        let reader = match Store::open_for_reading(&path) {
            Ok(r) => Some(r),
            Err(e @ (StoreError::Corrupt { .. } | StoreError::TooNew { .. })) => {
                return Err(supchat_i18n::tr!(
                    "core-session-not-saved",
                    why = e.to_string()
                ));
            }
            Err(e) if !save => return Err(e.to_string()),
            Err(e) => {
                read_problem = Some(e.to_string());
                None
            }
        };
        let mut save_problem = None;
        let journal = save.then(|| match Store::open(&path) {
            Ok(w) => Journal::start(w, status),
            Err(e) => {
                save_problem = Some(supchat_i18n::tr!(
                    "core-session-kept-until-written",
                    why = e.to_string()
                ));
                Journal::start_later(path.clone(), status)
            }
        });
        Ok(Opening {
            records: Self::from_parts(reader, journal),
            tightened,
            read_problem,
            save_problem,
        })
    }

    /// Opens the database and the session `plan` asks for (the chat's
    /// start). Problems are said in the [`Startup`], never fatal.
    pub fn start(
        cfg: &Config,
        plan: &Plan,
        status: Box<dyn Fn(JournalStatus) + Send>,
    ) -> (Self, Startup) {
        let mut startup = Startup::default();
        if !plan.save && plan.open == Open::New {
            return (Self::none(), startup);
        }
        let me = match Self::open(cfg, plan.save, status) {
            Ok(o) => {
                startup.problem = o.read_problem.or(o.tightened);
                startup.save_problem = o.save_problem;
                o.records
            }
            Err(e) => {
                startup.problem = Some(e);
                return (Self::none(), startup);
            }
        };
        let found = match &plan.open {
            Open::New => Ok(None),
            Open::Pick => {
                startup.pick = true;
                Ok(None)
            }
            Open::Latest => match me.latest() {
                Ok(None) => Err(supchat_i18n::tr!("core-session-none-saved-yet")),
                other => other,
            },
            Open::Id(prefix) => me
                .resolve(prefix)
                .map(Some)
                .map_err(|e| supchat_i18n::tr!("core-session-new-instead", why = e)),
        };
        match found.and_then(|id| id.map(|id| me.open_id(&id, WhenHeld::Copy)).transpose()) {
            Ok(opened) => startup.opened = opened,
            Err(e) => startup.problem = startup.problem.or(Some(e)),
        }
        if startup.opened.is_none() {
            startup.new = me.begin_new();
        }
        (me, startup)
    }

    fn read<T>(&self, f: impl FnOnce(&Store) -> Result<T, StoreError>) -> Result<T, StoreError> {
        match &self.inner.reader {
            Some(r) => f(&r.lock().unwrap_or_else(PoisonError::into_inner)),
            None => Err(StoreError::Sql(supchat_i18n::tr!(
                "core-session-unavailable"
            ))),
        }
    }

    /// Whether sessions can be read (listed, opened).
    pub fn readable(&self) -> bool {
        self.inner.reader.is_some()
    }

    /// Whether what is said is saved.
    pub fn saving(&self) -> bool {
        self.inner.journal.is_some()
    }

    /// The session a prefix of its id names.
    pub fn resolve(&self, prefix: &str) -> Result<SessionId, String> {
        self.read(|s| s.resolve(prefix)).map_err(|e| e.to_string())
    }

    /// The newest session, if any.
    pub fn latest(&self) -> Result<Option<SessionId>, String> {
        self.read(Store::latest)
            .map(|m| m.map(|m| m.id))
            .map_err(|e| e.to_string())
    }

    fn current(&self) -> std::sync::MutexGuard<'_, Option<SessionId>> {
        self.inner
            .current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Lets go of the session held, if any.
    fn leave(&self) {
        let held = self.current().take();
        if let (Some(j), Some(id)) = (&self.inner.journal, held) {
            j.release(&id);
        }
    }

    /// A new, empty session, held from the start (a second supchat
    /// resuming it makes a copy): its recorder, none without saving.
    pub fn begin_new(&self) -> Option<Recorder> {
        self.leave();
        self.inner.journal.as_ref()?;
        let id = SessionId::new(now());
        let _ = self.read(|s| s.claim(&id, now()));
        *self.current() = Some(id.clone());
        Some(Recorder::new(id, None))
    }

    /// What went over the wire for the reply `entry` of session `id`, when
    /// it was kept (`wire_log = true`). Blocking (the database).
    pub fn wire(&self, id: &SessionId, entry: u64) -> Option<String> {
        self.read(|s| s.wire(id, entry)).ok().flatten()
    }

    /// Opens a saved session to go on with it.
    pub fn open_id(&self, id: &SessionId, when_held: WhenHeld) -> Result<Opened, String> {
        let (mut meta, conversation) = self.read(|s| s.load(id)).map_err(|e| e.to_string())?;
        if self.inner.journal.is_none() {
            return Ok(Opened {
                meta,
                conversation,
                recorder: None,
                notice: Some(supchat_i18n::tr!("core-session-resumed-no-save")),
            });
        }
        // A database that cannot be written (a read-only folder or mount):
        // the session is resumed to read and go on from, nothing saved.
        let held = match self.read(|s| s.claim(id, now())) {
            Ok(held) => held,
            Err(e) => {
                return Ok(Opened {
                    meta,
                    conversation,
                    recorder: None,
                    notice: Some(supchat_i18n::tr!(
                        "core-session-resumed-unsaved",
                        why = e.to_string()
                    )),
                });
            }
        };
        let (id, copy, notice) = match (held, when_held) {
            (Ok(()), _) => (id.clone(), false, None),
            (Err(pid), WhenHeld::Refuse) => {
                return Err(supchat_i18n::tr!(
                    "core-session-held-refused",
                    id = id.to_string(),
                    pid = pid.to_string()
                ));
            }
            (Err(pid), WhenHeld::Copy) => {
                meta.title =
                    supchat_i18n::tr!("core-session-copy-title", title = meta.title.as_str());
                let notice = supchat_i18n::tr!("core-session-held-copy", pid = pid.to_string());
                (SessionId::new(now()), true, Some(notice))
            }
        };
        self.leave();
        if let Ok(Ok(())) = self.read(|s| s.claim(&id, now())) {
            *self.current() = Some(id.clone());
        }
        meta.id = id.clone();
        // A copy is written whole at its first change, not before: only
        // looking leaves nothing behind.
        let recorder = if copy {
            Recorder::new(id, Some(meta.title.clone()))
        } else {
            Recorder::resumed(id, meta.title.clone())
        };
        Ok(Opened {
            meta,
            conversation,
            recorder: Some(recorder),
            notice,
        })
    }

    /// Hands writes to the journal (never blocks; nothing without saving).
    pub fn write(&self, writes: Vec<Write>) {
        if let Some(j) = &self.inner.journal {
            for w in writes {
                j.write(w);
            }
        }
    }

    /// Renames a session (through the journal when saving, so that it is
    /// ordered with the writes; else directly).
    pub fn rename(&self, id: &SessionId, title: &str) {
        match &self.inner.journal {
            Some(j) => j.rename(id, title),
            None => {
                let _ = self.read(|s| s.rename(id, title));
            }
        }
    }

    /// Deletes a session.
    pub fn delete(&self, id: &SessionId) -> Result<(), String> {
        match &self.inner.reader {
            Some(r) => r
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .delete(id)
                .map_err(|e| e.to_string()),
            None => Err(supchat_i18n::tr!("core-session-unavailable")),
        }
    }

    /// Lets go of the session and waits until what is pending is written.
    pub fn end(&self) {
        self.leave();
        if let Some(j) = &self.inner.journal {
            j.flush();
        }
    }

    /// Sessions for a list, all of them newest first, and the full-text
    /// hits for `query`. None when, once the store was free, `wanted` said
    /// the answer was no longer wanted (a newer query came).
    pub fn list(&self, query: &str, wanted: impl Fn() -> bool) -> Option<Listed> {
        let Some(r) = &self.inner.reader else {
            return Some(Err(supchat_i18n::tr!("core-session-unavailable")));
        };
        // What this chat handed the journal (a rename) is read back as
        // written, so that a title read here is the saved one.
        if let Some(j) = &self.inner.journal
            && wanted()
        {
            j.flush();
        }
        let s = r.lock().unwrap_or_else(PoisonError::into_inner);
        if !wanted() {
            return None;
        }
        let result = (|| {
            let list = s.list(LIST_MAX).map_err(|e| e.to_string())?;
            let hits = if query.trim().is_empty() {
                Vec::new()
            } else {
                s.search(query, 50).map_err(|e| e.to_string())?
            };
            Ok((list, hits))
        })();
        Some(result)
    }
}

/// What a session list is given: the sessions, and the text hits.
pub type Listed = Result<(Vec<SessionMeta>, Vec<Hit>), String>;

/// The most sessions a list holds (their titles are filtered as typed).
pub const LIST_MAX: usize = 10_000;

#[cfg(test)]
#[path = "records_tests.rs"]
mod tests;
