//! Writing a conversation as it happens, on a thread of its own (the screen
//! never waits on the disk). A [`Recorder`] turns each change of the
//! conversation into [`Write`]s (no I/O, no clock: the time is given): a new
//! or finished entry is saved at once, a growing reply at most once a
//! second; whoever drives the conversation hands them to the [`Journal`]. A write that fails (disk full, read-only folder, locked
//! database) is said once and kept: what is pending is written when writing
//! works again. Pending writes are keyed by entry, so a failing disk keeps
//! at most one copy of each entry in memory.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::{SessionId, SessionMeta, Store, StoreError};
use crate::engine::{Change, What};
use supchat_chat::{Conversation, Entry, EntryId, EntryKind, title_from};

/// How often a reply that is still arriving is saved.
pub const CHECKPOINT: Duration = Duration::from_secs(1);
/// The longest wait between two saves of a reply still arriving.
const CHECKPOINT_MOST: Duration = Duration::from_secs(60);

/// How long a reply of `bytes` still arriving waits between saves: a
/// second, or a second per megabyte (at most a minute). A save copies the
/// whole reply (to the writer, as JSON, into SQLite and its search index),
/// so one of megabytes saved every second would cost more, in time and in
/// memory, than receiving it.
fn checkpoint_for(bytes: usize) -> Duration {
    let mb = u64::try_from(bytes / 1_000_000).unwrap_or(u64::MAX);
    CHECKPOINT.max(Duration::from_secs(mb).min(CHECKPOINT_MOST))
}
/// How often writes that failed are tried again.
const RETRY: Duration = Duration::from_secs(2);

/// How writing goes, told to whoever started the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JournalStatus {
    /// A write failed; the conversation is kept and written later.
    Failing(String),
    /// Writing works again; everything pending was written.
    Recovered,
}

/// One write for the journal to make.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    Meta(SessionMeta),
    Entry(SessionId, Entry),
    /// An entry deleted (with its turn).
    Remove(SessionId, u64),
    Rename(SessionId, String),
    /// The session is let go of (another supchat may write it).
    Release(SessionId),
    /// What went over the wire for a reply (JSON).
    Wire(SessionId, u64, String),
}

enum Msg {
    Write(Write),
    /// Everything so far is written (or failed) when the sender is told.
    Flush(mpsc::Sender<()>),
    /// Write what is pending and end.
    Stop,
}

/// The writer thread's handle. Dropping it writes what is pending and stops.
pub struct Journal {
    tx: mpsc::Sender<Msg>,
    thread: Option<thread::JoinHandle<()>>,
}

#[path = "journal_pending.rs"]
mod pending;
use pending::Pending;

/// The writer's loop. Without a store (it could not be opened, say in a
/// read-only folder), it opens one when there is something to write, and
/// keeps what is pending until it can.
fn run(
    mut store: Option<Store>,
    path: PathBuf,
    rx: mpsc::Receiver<Msg>,
    status: Box<dyn Fn(JournalStatus) + Send>,
) {
    let mut pending = Pending::default();
    let mut failing = store.is_none();
    let mut open = true;
    while open || (!pending.is_empty() && !failing) {
        let msg = if !open {
            None
        } else if failing {
            match rx.recv_timeout(RETRY) {
                Ok(m) => Some(m),
                Err(mpsc::RecvTimeoutError::Timeout) => None,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    open = false;
                    None
                }
            }
        } else {
            match rx.recv() {
                Ok(m) => Some(m),
                Err(_) => {
                    open = false;
                    None
                }
            }
        };
        let mut flushes = Vec::new();
        let stop = |m: &Msg| matches!(m, Msg::Stop);
        if let Some(m) = msg {
            open &= !stop(&m);
            pending.add(m, &mut flushes);
        }
        // Everything queued meanwhile goes in the same round.
        while let Ok(m) = rx.try_recv() {
            open &= !stop(&m);
            pending.add(m, &mut flushes);
        }
        // Without a store, one is opened once there is something to write.
        let mut open_error = None;
        if store.is_none() && !pending.is_empty() {
            match Store::open(&path) {
                Ok(st) => store = Some(st),
                Err(e) => open_error = Some(e),
            }
        }
        let outcome = match (store.as_mut(), open_error) {
            (Some(st), _) => Some(pending.write(st)),
            (None, Some(e)) => Some(Some(e)),
            // Nothing to write yet.
            (None, None) => None,
        };
        match outcome {
            None => {}
            Some(Some(e)) => {
                if !failing {
                    status(JournalStatus::Failing(e.to_string()));
                }
                failing = true;
                if !open {
                    // Stopping with a disk that does not take it: one more
                    // try is all there is.
                    break;
                }
            }
            Some(None) if failing => {
                failing = false;
                status(JournalStatus::Recovered);
            }
            Some(None) => {}
        }
        for f in flushes {
            let _ = f.send(());
        }
    }
}

/// Turns the changes of one conversation into the writes that save it as
/// session `id`. Nothing is saved until the conversation has a message of
/// the user's; then it is written whole once, and from then on only what
/// changes. Reads no clock: the caller says when each change happened.
#[derive(Debug, Clone)]
pub struct Recorder {
    id: SessionId,
    /// The title to save; from the first prompt when none was given.
    title: Option<String>,
    /// The session is in the database already (resumed, or written once).
    started: bool,
    last_save: HashMap<EntryId, Instant>,
}

impl Recorder {
    /// A session not saved yet (new, or a copy of another): it is written
    /// whole at its first message of the user's.
    pub fn new(id: SessionId, title: Option<String>) -> Self {
        Self {
            id,
            title,
            started: false,
            last_save: HashMap::new(),
        }
    }

    /// A session already in the database (resumed): only what changes
    /// from now on is written, never the whole conversation again.
    pub fn resumed(id: SessionId, title: String) -> Self {
        Self {
            started: true,
            ..Self::new(id, Some(title))
        }
    }

    pub fn id(&self) -> &SessionId {
        &self.id
    }

    /// A new title, kept for the writes that follow (and written now).
    pub fn rename(&mut self, title: String) -> Write {
        self.title = Some(title.clone());
        Write::Rename(self.id.clone(), title)
    }

    fn title(&self, conv: &Conversation) -> String {
        self.title.clone().unwrap_or_else(|| {
            conv.entries()
                .iter()
                .find_map(|e| match &e.kind {
                    EntryKind::User { text, .. } => Some(title_from(text)),
                    _ => None,
                })
                .unwrap_or_else(|| supchat_i18n::tr!("core-session-untitled"))
        })
    }

    fn meta(&self, conv: &Conversation) -> Write {
        Write::Meta(SessionMeta::of(self.id.clone(), self.title(conv), conv))
    }

    /// The writes `change` calls for, `now` being when it happened.
    pub fn on_change(&mut self, conv: &Conversation, change: &Change, now: Instant) -> Vec<Write> {
        if !self.started {
            let has_prompt = conv
                .entries()
                .iter()
                .any(|e| matches!(e.kind, EntryKind::User { .. }));
            if !has_prompt {
                return Vec::new();
            }
            self.started = true;
            let mut out = vec![self.meta(conv)];
            out.extend(
                conv.entries()
                    .iter()
                    .map(|e| Write::Entry(self.id.clone(), e.clone())),
            );
            return out;
        }
        if change.what == What::Removed {
            self.last_save.remove(&change.entry);
            return vec![
                Write::Remove(self.id.clone(), change.entry.0),
                self.meta(conv),
            ];
        }
        let due = match change.what {
            What::Added | What::Ended | What::Restarted | What::StartedOver => true,
            // A message of the user's changed (a branch moved to it).
            What::Meta
                if matches!(
                    conv.get(change.entry).map(|e| &e.kind),
                    Some(EntryKind::User { .. })
                ) =>
            {
                true
            }
            _ => {
                let bytes = match conv.get(change.entry).map(|e| &e.kind) {
                    Some(EntryKind::Assistant(a)) => a.reply.text.len() + a.reply.reasoning.len(),
                    _ => 0,
                };
                self.last_save
                    .get(&change.entry)
                    .is_none_or(|t| now.saturating_duration_since(*t) >= checkpoint_for(bytes))
            }
        };
        let Some(entry) = conv.get(change.entry).filter(|_| due) else {
            return Vec::new();
        };
        self.last_save.insert(change.entry, now);
        let mut out = Vec::new();
        if matches!(change.what, What::Added | What::Ended) {
            out.push(self.meta(conv));
        }
        out.push(Write::Entry(self.id.clone(), entry.clone()));
        out
    }
}

impl Journal {
    /// Starts writing into `store`; `status` is told when writing fails
    /// and when it works again.
    pub fn start(store: Store, status: Box<dyn Fn(JournalStatus) + Send>) -> Self {
        let path = store.path().to_owned();
        Self::spawn(Some(store), path, status)
    }

    /// A journal for a database that cannot be opened for writing now (a
    /// read-only folder): it keeps what is to be written, and writes it
    /// once the database at `path` opens (`status` hears `Recovered`).
    pub fn start_later(path: PathBuf, status: Box<dyn Fn(JournalStatus) + Send>) -> Self {
        Self::spawn(None, path, status)
    }

    fn spawn(
        store: Option<Store>,
        path: PathBuf,
        status: Box<dyn Fn(JournalStatus) + Send>,
    ) -> Self {
        let (tx, rx) = mpsc::channel();
        let thread = thread::Builder::new()
            .name("supchat-journal".into())
            .spawn(move || run(store, path, rx, status))
            .ok();
        Self { tx, thread }
    }

    /// Opens the database at `path` and starts writing into it.
    pub fn open(
        path: PathBuf,
        status: Box<dyn Fn(JournalStatus) + Send>,
    ) -> Result<Self, StoreError> {
        Ok(Self::start(Store::open(&path)?, status))
    }

    /// Hands a write to the writer thread (it never blocks).
    pub fn write(&self, w: Write) {
        let _ = self.tx.send(Msg::Write(w));
    }

    pub fn rename(&self, id: &SessionId, title: &str) {
        self.write(Write::Rename(id.clone(), title.to_owned()));
    }

    /// Lets go of a session this process had claimed.
    pub fn release(&self, id: &SessionId) {
        self.write(Write::Release(id.clone()));
    }

    /// Waits until everything sent so far was written (or failed).
    pub fn flush(&self) {
        let (done, wait) = mpsc::channel();
        if self.tx.send(Msg::Flush(done)).is_ok() {
            let _ = wait.recv_timeout(Duration::from_secs(10));
        }
    }
}

impl Drop for Journal {
    fn drop(&mut self) {
        // The thread writes what is pending and ends.
        let _ = self.tx.send(Msg::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
#[path = "journal_tests.rs"]
mod tests;
