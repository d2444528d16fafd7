//! The chat screen's side of sessions, run by the runtime: the database
//! opened at start-up (a damaged one is reported and left alone, and the
//! app goes on without saving), the session resumed or begun, the journal
//! that writes it through the engine's hook, and the reads the session
//! list asks for. Blocking work here runs on tokio's blocking pool.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use supchat_chat::{Conversation, Timestamp};
use supchat_core::config::Config;
use supchat_core::engine::Hook;
use supchat_core::store::{
    Hit, Journal, JournalStatus, SessionId, SessionMeta, Store, StoreError, db_path,
};

/// Which session the chat opens with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Open {
    New,
    /// The newest saved session (`--continue`).
    Latest,
    /// The session list (`--resume` without an id).
    Pick,
    /// This id or unique prefix (`--resume ID`).
    Id(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionPlan {
    pub open: Open,
    /// Write the conversation as it happens (`--no-save`: false).
    pub save: bool,
    /// The prompt preset to start with (`--prompt NAME`).
    pub preset: Option<String>,
}

impl SessionPlan {
    pub fn new_session() -> Self {
        Self {
            open: Open::New,
            save: true,
            preset: None,
        }
    }
}

/// A session the app may show: its meta and conversation, with the hook
/// that saves it (none without saving).
pub struct Opened {
    pub meta: SessionMeta,
    pub conversation: Conversation,
    pub hook: Option<Hook>,
    /// Said in the footer (a copy made, a session read-only).
    pub notice: Option<String>,
}

impl std::fmt::Debug for Opened {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opened")
            .field("meta", &self.meta)
            .field("entries", &self.conversation.len())
            .field("saved", &self.hook.is_some())
            .finish()
    }
}

/// What start-up found.
#[derive(Debug, Default)]
pub struct Startup {
    /// A session to show (resumed), or none for a new one.
    pub opened: Option<Opened>,
    /// The hook of a new session, when one was begun.
    pub new_hook: Option<HookBox>,
    /// Why nothing will be saved, or what could not be resumed.
    pub problem: Option<String>,
    /// Why the conversation is not saved yet (kept in the footer until the
    /// journal says writing works).
    pub save_problem: Option<String>,
    /// Open the session list first.
    pub pick: bool,
}

/// A hook, printable.
pub struct HookBox(pub Hook);

impl std::fmt::Debug for HookBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HookBox")
    }
}

/// The runtime's sessions: a store for reads, the journal for writes, and
/// the session this process holds.
pub struct Sessions {
    reader: Option<Arc<Mutex<Store>>>,
    journal: Option<Journal>,
    current: Option<SessionId>,
}

fn now() -> Timestamp {
    Timestamp::from_system(std::time::SystemTime::now())
}

impl Sessions {
    /// Opens the database and the session `plan` asks for. Blocking.
    /// `status` hears of writes that fail and of writing working again.
    pub fn start(
        cfg: &Config,
        plan: &SessionPlan,
        status: Box<dyn Fn(JournalStatus) + Send>,
    ) -> (Self, Startup) {
        let mut me = Self {
            reader: None,
            journal: None,
            current: None,
        };
        let mut startup = Startup::default();
        let wants_store = plan.save || plan.open != Open::New;
        if !wants_store {
            return (me, startup);
        }
        let Some(dir) = cfg.data_dir() else {
            startup.problem = Some("no data folder is known on this system: nothing is saved (set data_dir in the config)".into());
            return (me, startup);
        };
        let path = db_path(&dir);
        // Reads work from a database this process may not write (read-only
        // where it cannot be written).
        match Store::open_for_reading(&path) {
            Ok(r) => me.reader = Some(Arc::new(Mutex::new(r))),
            Err(e @ (StoreError::Corrupt { .. } | StoreError::TooNew { .. })) => {
                startup.problem = Some(format!("{e}; this session is not saved"));
                return (me, startup);
            }
            Err(e) => startup.problem = Some(e.to_string()),
        }
        if plan.save {
            me.journal = Some(match Store::open(&path) {
                Ok(w) => Journal::start(w, status),
                // A folder that cannot be written (yet): what is said is
                // kept, and written once it can be.
                Err(e) => {
                    startup.save_problem = Some(format!("{e}; kept until it can be written"));
                    Journal::start_later(path, status)
                }
            });
        }
        match &plan.open {
            Open::New => {}
            Open::Pick => startup.pick = true,
            Open::Latest => match me.read(|s| s.latest()) {
                Ok(Some(m)) => {
                    startup.opened = me
                        .open_id(&m.id)
                        .map_err(|e| startup.problem = Some(e))
                        .ok()
                }
                Ok(None) => {
                    startup.problem =
                        Some("there is no saved session yet: this is a new one".into())
                }
                Err(e) => startup.problem = Some(e.to_string()),
            },
            Open::Id(prefix) => match me.read(|s| s.resolve(prefix)) {
                Ok(id) => {
                    startup.opened = me.open_id(&id).map_err(|e| startup.problem = Some(e)).ok()
                }
                Err(e) => startup.problem = Some(format!("{e}: this is a new session")),
            },
        }
        if startup.opened.is_none() {
            startup.new_hook = me.begin_new().map(HookBox);
        }
        (me, startup)
    }

    fn read<T>(&self, f: impl FnOnce(&Store) -> Result<T, StoreError>) -> Result<T, StoreError> {
        match &self.reader {
            Some(r) => f(&r.lock().unwrap_or_else(PoisonError::into_inner)),
            None => Err(StoreError::Sql("sessions are not available".into())),
        }
    }

    /// A store for reads from the blocking pool.
    pub fn reader(&self) -> Option<Arc<Mutex<Store>>> {
        self.reader.clone()
    }

    pub fn saving(&self) -> bool {
        self.journal.is_some()
    }

    /// Lets go of the session held, if any.
    fn leave(&mut self) {
        if let (Some(j), Some(id)) = (&self.journal, self.current.take()) {
            j.release(&id);
        }
    }

    /// A new, empty session: its hook (none without saving).
    pub fn begin_new(&mut self) -> Option<Hook> {
        self.leave();
        let journal = self.journal.as_ref()?;
        let id = SessionId::new(now());
        // Held from the start: a second supchat resuming it makes a copy.
        let _ = self.read(|s| s.claim(&id, now()));
        self.current = Some(id.clone());
        Some(journal.hook(id, None))
    }

    /// Opens a saved session. One that another supchat has open goes on as
    /// a copy, so neither overwrites the other.
    pub fn open_id(&mut self, id: &SessionId) -> Result<Opened, String> {
        let (meta, conversation) = self.read(|s| s.load(id)).map_err(|e| e.to_string())?;
        self.leave();
        let Some(journal) = &self.journal else {
            return Ok(Opened {
                meta,
                conversation,
                hook: None,
                notice: Some("resumed without saving (--no-save)".into()),
            });
        };
        let held = self
            .read(|s| s.claim(id, now()))
            .map_err(|e| e.to_string())?;
        let mut meta = meta;
        let (id, copy, notice) = match held {
            Ok(()) => (id.clone(), false, None),
            Err(pid) => {
                meta.title = format!("{} (copy)", meta.title);
                (
                    SessionId::new(now()),
                    true,
                    Some(format!(
                        "that session is open in another supchat (pid {pid}): anything you add goes into a copy"
                    )),
                )
            }
        };
        if let Ok(Ok(())) = self.read(|s| s.claim(&id, now())) {
            self.current = Some(id.clone());
        }
        meta.id = id.clone();
        // A copy is written whole at its first change, not before: only
        // looking leaves nothing behind.
        let hook = if copy {
            journal.hook(id, Some(meta.title.clone()))
        } else {
            journal.resume_hook(id, meta.title.clone())
        };
        Ok(Opened {
            meta,
            conversation,
            hook: Some(hook),
            notice,
        })
    }

    pub fn rename(&self, id: &SessionId, title: &str) {
        match &self.journal {
            Some(j) => j.rename(id, title),
            None => {
                let _ = self.read(|s| s.rename(id, title));
            }
        }
    }

    /// The session this process is writing, if any.
    pub fn current(&self) -> Option<&SessionId> {
        self.current.as_ref()
    }

    /// Lets go of the session and writes what is pending. Blocking.
    pub fn end(mut self) {
        self.leave();
        if let Some(j) = self.journal.take() {
            j.flush();
        }
    }
}

/// What the session list is given: the sessions, and the text hits.
pub type Listed = Result<(Vec<SessionMeta>, Vec<Hit>), String>;

/// The most sessions the list holds (their titles are filtered as typed).
pub const LIST_MAX: usize = 10_000;

/// Sessions for the list: all of them newest first, and the full-text hits
/// for `query`. None when, once the store was free, `wanted` said the
/// answer was no longer wanted.
pub fn list(store: &Mutex<Store>, query: &str, wanted: impl Fn() -> bool) -> Option<Listed> {
    let s = store.lock().unwrap_or_else(PoisonError::into_inner);
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

/// The database path, for messages.
pub fn db_of(cfg: &Config) -> Option<PathBuf> {
    cfg.data_dir().map(|d| db_path(&d))
}
