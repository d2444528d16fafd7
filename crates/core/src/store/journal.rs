//! Writing a conversation as it happens, on a thread of its own (the screen
//! never waits on the disk). The engine's change hook hands each change
//! here: a new or finished entry is saved at once, a growing reply at most
//! once a second. A write that fails (disk full, read-only folder, locked
//! database) is said once and kept: what is pending is written when writing
//! works again. Pending writes are keyed by entry, so a failing disk keeps
//! at most one copy of each entry in memory.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::{SessionId, SessionMeta, Store, StoreError};
use crate::engine::{Change, Hook, What};
use supchat_chat::{Conversation, Entry, EntryId, EntryKind, title_from};

/// How often a reply that is still arriving is saved.
pub const CHECKPOINT: Duration = Duration::from_secs(1);
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

enum Msg {
    Meta(SessionMeta),
    Entry(SessionId, Entry),
    /// An entry deleted (with its turn).
    Remove(SessionId, u64),
    Rename(SessionId, String),
    Release(SessionId),
    /// Everything so far is written (or failed) when the sender is told.
    Flush(mpsc::Sender<()>),
    /// Write what is pending and end (hooks may still hold senders).
    Stop,
}

/// The writer thread's handle. Dropping it writes what is pending and stops.
pub struct Journal {
    tx: mpsc::Sender<Msg>,
    thread: Option<thread::JoinHandle<()>>,
}

#[derive(Default)]
struct Pending {
    metas: BTreeMap<SessionId, SessionMeta>,
    entries: BTreeMap<(SessionId, u64), Entry>,
    removed: Vec<(SessionId, u64)>,
    titles: HashMap<SessionId, String>,
    releases: Vec<SessionId>,
}

impl Pending {
    fn is_empty(&self) -> bool {
        self.metas.is_empty()
            && self.entries.is_empty()
            && self.releases.is_empty()
            && self.removed.is_empty()
    }

    fn add(&mut self, m: Msg, flushes: &mut Vec<mpsc::Sender<()>>) {
        match m {
            Msg::Meta(mut meta) => {
                if let Some(t) = self.titles.get(&meta.id) {
                    meta.title.clone_from(t);
                }
                self.metas.insert(meta.id.clone(), meta);
            }
            Msg::Entry(s, e) => {
                self.entries.insert((s, e.id.0), e);
            }
            Msg::Remove(s, id) => {
                // A pending write of it is dropped; a saved one deleted.
                self.entries.remove(&(s.clone(), id));
                self.removed.push((s, id));
            }
            Msg::Rename(s, t) => {
                if let Some(m) = self.metas.get_mut(&s) {
                    m.title.clone_from(&t);
                }
                self.titles.insert(s, t);
            }
            Msg::Release(s) => self.releases.push(s),
            Msg::Flush(done) => flushes.push(done),
            Msg::Stop => {}
        }
    }

    /// Writes what it can, oldest sessions' metas first (entries need their
    /// session); keeps what failed. The first error, if any.
    fn write(&mut self, store: &mut Store) -> Option<StoreError> {
        let mut first = None;
        let metas = std::mem::take(&mut self.metas);
        for (id, meta) in metas {
            if let Err(e) = store.put_meta(&meta) {
                first.get_or_insert(e);
                self.metas.insert(id, meta);
            }
        }
        for (id, title) in self.titles.drain() {
            let _ = store.rename(&id, &title);
        }
        let entries = std::mem::take(&mut self.entries);
        for (key, e) in entries {
            // An entry waits for its session's meta.
            if self.metas.contains_key(&key.0) {
                self.entries.insert(key, e);
                continue;
            }
            if let Err(err) = store.put_entry(&key.0, &e) {
                first.get_or_insert(err);
                self.entries.insert(key, e);
            }
        }
        for (s, id) in std::mem::take(&mut self.removed) {
            if let Err(e) = store.delete_entry(&s, id) {
                first.get_or_insert(e);
                self.removed.push((s, id));
            }
        }
        for s in std::mem::take(&mut self.releases) {
            let _ = store.release(&s);
        }
        first
    }
}

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

    /// The hook that saves the conversation as session `id` (titled from
    /// its first prompt unless `title` is given). Nothing is saved until
    /// the conversation has a message of the user's.
    pub fn hook(&self, id: SessionId, title: Option<String>) -> Hook {
        self.make_hook(id, title, false)
    }

    /// The hook that goes on saving session `id`, already in the database
    /// (resumed, or a copy just saved): only what changes from now on is
    /// written, never the whole conversation again.
    pub fn resume_hook(&self, id: SessionId, title: String) -> Hook {
        self.make_hook(id, Some(title), true)
    }

    fn make_hook(&self, id: SessionId, title: Option<String>, saved: bool) -> Hook {
        let tx = self.tx.clone();
        let mut started = saved;
        let mut last_save: HashMap<EntryId, Instant> = HashMap::new();
        Box::new(move |conv: &Conversation, change: &Change| {
            let title = || {
                title.clone().unwrap_or_else(|| {
                    conv.entries()
                        .iter()
                        .find_map(|e| match &e.kind {
                            EntryKind::User { text, .. } => Some(title_from(text)),
                            _ => None,
                        })
                        .unwrap_or_else(|| "untitled".to_owned())
                })
            };
            if !started {
                if !conv
                    .entries()
                    .iter()
                    .any(|e| matches!(e.kind, EntryKind::User { .. }))
                {
                    return;
                }
                started = true;
                let _ = tx.send(Msg::Meta(SessionMeta::of(id.clone(), title(), conv)));
                for e in conv.entries() {
                    let _ = tx.send(Msg::Entry(id.clone(), e.clone()));
                }
                return;
            }
            if change.what == What::Removed {
                let _ = tx.send(Msg::Remove(id.clone(), change.entry.0));
                let _ = tx.send(Msg::Meta(SessionMeta::of(id.clone(), title(), conv)));
                return;
            }
            let now = Instant::now();
            let due = match change.what {
                What::Added | What::Ended | What::Restarted => true,
                // A message of the user's changed (a branch moved to it).
                What::Meta
                    if matches!(
                        conv.get(change.entry).map(|e| &e.kind),
                        Some(EntryKind::User { .. })
                    ) =>
                {
                    true
                }
                _ => last_save
                    .get(&change.entry)
                    .is_none_or(|t| now.duration_since(*t) >= CHECKPOINT),
            };
            if !due {
                return;
            }
            let Some(entry) = conv.get(change.entry) else {
                return;
            };
            last_save.insert(change.entry, now);
            if matches!(change.what, What::Added | What::Ended) {
                let _ = tx.send(Msg::Meta(SessionMeta::of(id.clone(), title(), conv)));
            }
            let _ = tx.send(Msg::Entry(id.clone(), entry.clone()));
        })
    }

    pub fn rename(&self, id: &SessionId, title: &str) {
        let _ = self.tx.send(Msg::Rename(id.clone(), title.to_owned()));
    }

    /// Lets go of a session this process had claimed.
    pub fn release(&self, id: &SessionId) {
        let _ = self.tx.send(Msg::Release(id.clone()));
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
        // The thread writes what is pending and ends. (Not by closing the
        // channel: a hook may outlive the journal and hold a sender.)
        let _ = self.tx.send(Msg::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::config::{ProviderConfig, ProviderKind};
    use crate::engine::{Engine, Now, RunEnd};
    use supchat_api::{ChatOptions, StreamEvent};
    use supchat_chat::Timestamp;

    fn dir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("supchat-journal-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn provider() -> ProviderConfig {
        ProviderConfig::defaults("supage", ProviderKind::OpenAi, "http://127.0.0.1:9/v1")
    }

    #[test]
    fn a_turn_is_saved_as_it_happens_and_reads_back_equal() {
        let d = dir("turn");
        let path = d.join("sessions.db");
        let journal = Journal::open(path.clone(), Box::new(|_| {})).unwrap();
        let id = SessionId::new(Timestamp(1_796_154_300_000));
        let mut e = Engine::default();
        e.set_hook(journal.hook(id.clone(), None));
        let now = Now::read();
        let (req, _) = e
            .send(
                "hello there".into(),
                &provider(),
                ChatOptions::default(),
                now,
            )
            .unwrap();
        journal.flush();
        let store = Store::open(&path).unwrap();
        let (meta, conv) = store.load(&id).unwrap();
        assert_eq!(meta.title, "hello there");
        assert_eq!(conv.len(), 1, "the prompt is saved when sent");
        e.on_event(req.turn, &StreamEvent::Text("partial".into()), now);
        e.on_end(req.turn, RunEnd::Complete, now);
        journal.flush();
        let (meta, conv) = store.load(&id).unwrap();
        assert_eq!(&conv, e.conversation());
        assert_eq!(meta.messages, 2);
    }

    #[test]
    fn the_journal_stops_and_writes_while_a_hook_still_lives() {
        let d = dir("stop");
        let path = d.join("sessions.db");
        let journal = Journal::open(path.clone(), Box::new(|_| {})).unwrap();
        let id = SessionId::new(Timestamp(9));
        let mut e = Engine::default();
        e.set_hook(journal.hook(id.clone(), None));
        e.send(
            "last words".into(),
            &provider(),
            ChatOptions::default(),
            Now::read(),
        )
        .unwrap();
        drop(journal); // the engine and its hook live on
        let (_, conv) = Store::open(&path).unwrap().load(&id).unwrap();
        assert_eq!(conv.len(), 1, "written before the thread ended");
        drop(e);
    }

    #[test]
    fn a_resumed_session_writes_only_what_changes() {
        let d = dir("resume");
        let path = d.join("sessions.db");
        let id = SessionId::new(Timestamp(11));
        {
            let journal = Journal::open(path.clone(), Box::new(|_| {})).unwrap();
            let mut e = Engine::default();
            e.set_hook(journal.hook(id.clone(), None));
            for q in ["first", "second"] {
                let (req, _) = e
                    .send(q.into(), &provider(), ChatOptions::default(), Now::read())
                    .unwrap();
                e.on_end(req.turn, RunEnd::Complete, Now::read());
            }
        }
        // Each write of an entry from now on is counted.
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TABLE writes(id INTEGER);
                 CREATE TRIGGER w1 AFTER INSERT ON entries BEGIN INSERT INTO writes VALUES (new.id); END;
                 CREATE TRIGGER w2 AFTER UPDATE ON entries BEGIN INSERT INTO writes VALUES (new.id); END;",
            )
            .unwrap();
        }
        let (meta, conv) = Store::open(&path).unwrap().load(&id).unwrap();
        let before = conv.len() as u64;
        let journal = Journal::open(path.clone(), Box::new(|_| {})).unwrap();
        let mut e = Engine::new(conv);
        e.set_hook(journal.resume_hook(id.clone(), meta.title));
        e.send(
            "third".into(),
            &provider(),
            ChatOptions::default(),
            Now::read(),
        )
        .unwrap();
        journal.flush();
        let conn = rusqlite::Connection::open(&path).unwrap();
        let written: Vec<i64> = conn
            .prepare("SELECT id FROM writes")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(written, vec![before as i64 + 1], "only the new prompt");
        let (_, back) = Store::open(&path).unwrap().load(&id).unwrap();
        assert_eq!(&back, e.conversation());
    }

    #[test]
    fn nothing_is_saved_before_a_message_of_the_user() {
        let d = dir("empty");
        let path = d.join("sessions.db");
        let journal = Journal::open(path.clone(), Box::new(|_| {})).unwrap();
        let mut e = Engine::default();
        e.set_hook(journal.hook(SessionId::new(Timestamp(5)), None));
        e.add_system("Be brief.".into(), None, Now::read());
        journal.flush();
        assert!(Store::open(&path).unwrap().list(10).unwrap().is_empty());
    }

    #[test]
    fn a_failing_disk_is_said_and_what_was_kept_is_written_later() {
        {
            let d = dir("fail");
            let path = d.join("sessions.db");
            let seen = Arc::new(Mutex::new(Vec::new()));
            let log = Arc::clone(&seen);
            let journal =
                Journal::open(path.clone(), Box::new(move |s| log.lock().unwrap().push(s)))
                    .unwrap();
            let id = SessionId::new(Timestamp(7));
            let mut e = Engine::default();
            e.set_hook(journal.hook(id.clone(), None));
            // Make the database refuse writes: a trigger that aborts them.
            {
                let conn = rusqlite::Connection::open(&path).unwrap();
                conn.execute_batch(
                    "CREATE TRIGGER no_entries BEFORE INSERT ON entries BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END;",
                )
                .unwrap();
            }
            e.send(
                "kept in memory".into(),
                &provider(),
                ChatOptions::default(),
                Now::read(),
            )
            .unwrap();
            journal.flush();
            assert!(
                matches!(seen.lock().unwrap().first(), Some(JournalStatus::Failing(m)) if m.contains("disk full"))
            );
            {
                let conn = rusqlite::Connection::open(&path).unwrap();
                conn.execute_batch("DROP TRIGGER no_entries;").unwrap();
            }
            std::thread::sleep(RETRY + Duration::from_millis(500));
            journal.flush();
            assert_eq!(seen.lock().unwrap().last(), Some(&JournalStatus::Recovered));
            let (_, conv) = Store::open(&path).unwrap().load(&id).unwrap();
            assert_eq!(conv.len(), 1, "written once writing worked");
        }
    }

    #[test]
    fn a_database_that_cannot_be_opened_yet_is_written_once_it_can() {
        let d = dir("later");
        // The data folder is a file for now: nothing can be created there.
        let blocked = d.join("data");
        std::fs::write(&blocked, "not a folder").unwrap();
        let path = blocked.join("sessions.db");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let journal =
            Journal::start_later(path.clone(), Box::new(move |s| log.lock().unwrap().push(s)));
        let id = SessionId::new(Timestamp(8));
        let mut e = Engine::default();
        e.set_hook(journal.hook(id.clone(), None));
        e.send(
            "said while it could not be written".into(),
            &provider(),
            ChatOptions::default(),
            Now::read(),
        )
        .unwrap();
        journal.flush();
        assert!(!path.exists());
        std::fs::remove_file(&blocked).unwrap();
        std::thread::sleep(RETRY + Duration::from_millis(500));
        journal.flush();
        assert_eq!(seen.lock().unwrap().last(), Some(&JournalStatus::Recovered));
        let (_, conv) = Store::open(&path).unwrap().load(&id).unwrap();
        assert_eq!(conv.len(), 1, "written once the folder could be made");
    }

    #[test]
    fn a_deleted_turn_is_deleted_from_the_database_too() {
        let d = dir("delete");
        let path = d.join("sessions.db");
        let journal = Journal::open(path.clone(), Box::new(|_| {})).unwrap();
        let id = SessionId::new(Timestamp(12));
        let mut e = Engine::default();
        e.set_hook(journal.hook(id.clone(), None));
        for q in ["one", "two"] {
            let (req, _) = e
                .send(q.into(), &provider(), ChatOptions::default(), Now::read())
                .unwrap();
            e.on_event(
                req.turn,
                &supchat_api::StreamEvent::Text("ok".into()),
                Now::read(),
            );
            e.on_end(req.turn, crate::engine::RunEnd::Complete, Now::read());
        }
        journal.flush();
        e.delete_turn(EntryId(3)).unwrap();
        journal.flush();
        let store = Store::open(&path).unwrap();
        let (meta, conv) = store.load(&id).unwrap();
        assert_eq!(&conv, e.conversation());
        assert_eq!(conv.len(), 2);
        assert_eq!(meta.messages, 2);
        assert!(
            store.search("two", 5).unwrap().is_empty(),
            "nor found by search"
        );
    }
}
