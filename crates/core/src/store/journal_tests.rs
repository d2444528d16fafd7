//! The journal against a real database: written as it happens, resumed
//! without rewriting, failing disks and folders that cannot be written yet.

use std::sync::{Arc, Mutex};

use super::*;
use crate::config::{ProviderConfig, ProviderKind};
use crate::engine::{Engine, Now, Output, RunEnd};
use supchat_api::{ChatOptions, StreamEvent};
use supchat_chat::Timestamp;

fn dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("supchat-journal-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Hands what the engine's outputs call for to the journal.
fn save(j: &Journal, r: &mut Recorder, e: &Engine, outs: &[Output]) {
    for o in outs {
        if let Output::Changed(c) = o {
            for w in r.on_change(e.conversation(), c, Instant::now()) {
                j.write(w);
            }
        }
    }
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
    let mut r = Recorder::new(id.clone(), None);
    let now = Now::read();
    let (req, outs) = e
        .send(
            "hello there".into(),
            &provider(),
            ChatOptions::default(),
            now,
        )
        .unwrap();
    save(&journal, &mut r, &e, &outs);
    journal.flush();
    let store = Store::open(&path).unwrap();
    let (meta, conv) = store.load(&id).unwrap();
    assert_eq!(meta.title, "hello there");
    assert_eq!(conv.len(), 1, "the prompt is saved when sent");
    let outs = e.on_event(req.turn, &StreamEvent::Text("partial".into()), now);
    save(&journal, &mut r, &e, &outs);
    let outs = e.on_end(req.turn, RunEnd::Complete, now);
    save(&journal, &mut r, &e, &outs);
    journal.flush();
    let (meta, conv) = store.load(&id).unwrap();
    assert_eq!(&conv, e.conversation());
    assert_eq!(meta.messages, 2);
}

#[test]
fn dropping_the_journal_writes_what_is_pending() {
    let d = dir("stop");
    let path = d.join("sessions.db");
    let journal = Journal::open(path.clone(), Box::new(|_| {})).unwrap();
    let id = SessionId::new(Timestamp(9));
    let mut e = Engine::default();
    let mut r = Recorder::new(id.clone(), None);
    let (_, outs) = e
        .send(
            "last words".into(),
            &provider(),
            ChatOptions::default(),
            Now::read(),
        )
        .unwrap();
    save(&journal, &mut r, &e, &outs);
    drop(journal);
    let (_, conv) = Store::open(&path).unwrap().load(&id).unwrap();
    assert_eq!(conv.len(), 1, "written before the thread ended");
}

#[test]
fn a_resumed_session_writes_only_what_changes() {
    let d = dir("resume");
    let path = d.join("sessions.db");
    let id = SessionId::new(Timestamp(11));
    {
        let journal = Journal::open(path.clone(), Box::new(|_| {})).unwrap();
        let mut e = Engine::default();
        let mut r = Recorder::new(id.clone(), None);
        for q in ["first", "second"] {
            let (req, outs) = e
                .send(q.into(), &provider(), ChatOptions::default(), Now::read())
                .unwrap();
            save(&journal, &mut r, &e, &outs);
            let outs = e.on_end(req.turn, RunEnd::Complete, Now::read());
            save(&journal, &mut r, &e, &outs);
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
    let mut r = Recorder::resumed(id.clone(), meta.title);
    let (_, outs) = e
        .send(
            "third".into(),
            &provider(),
            ChatOptions::default(),
            Now::read(),
        )
        .unwrap();
    save(&journal, &mut r, &e, &outs);
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
    let mut r = Recorder::new(SessionId::new(Timestamp(5)), None);
    let outs = e.add_system("Be brief.".into(), None, Now::read());
    save(&journal, &mut r, &e, &outs);
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
            Journal::open(path.clone(), Box::new(move |s| log.lock().unwrap().push(s))).unwrap();
        let id = SessionId::new(Timestamp(7));
        let mut e = Engine::default();
        let mut r = Recorder::new(id.clone(), None);
        // Make the database refuse writes: a trigger that aborts them.
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TRIGGER no_entries BEFORE INSERT ON entries BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END;",
            )
            .unwrap();
        }
        let (_, outs) = e
            .send(
                "kept in memory".into(),
                &provider(),
                ChatOptions::default(),
                Now::read(),
            )
            .unwrap();
        save(&journal, &mut r, &e, &outs);
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
    let mut r = Recorder::new(id.clone(), None);
    let (_, outs) = e
        .send(
            "said while it could not be written".into(),
            &provider(),
            ChatOptions::default(),
            Now::read(),
        )
        .unwrap();
    save(&journal, &mut r, &e, &outs);
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
    let mut r = Recorder::new(id.clone(), None);
    for q in ["one", "two"] {
        let (req, outs) = e
            .send(q.into(), &provider(), ChatOptions::default(), Now::read())
            .unwrap();
        save(&journal, &mut r, &e, &outs);
        let outs = e.on_event(req.turn, &StreamEvent::Text("ok".into()), Now::read());
        save(&journal, &mut r, &e, &outs);
        let outs = e.on_end(req.turn, RunEnd::Complete, Now::read());
        save(&journal, &mut r, &e, &outs);
    }
    journal.flush();
    let outs = e.delete_turn(EntryId(3)).unwrap();
    save(&journal, &mut r, &e, &outs);
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

/// `supchat sessions rename` while the chat holds the session: the chat's
/// next writes keep the title set elsewhere, and its own rename still wins
/// over that.
#[test]
fn a_title_set_elsewhere_is_not_undone_by_the_next_write() {
    let d = dir("rename-elsewhere");
    let path = d.join("sessions.db");
    let journal = Journal::open(path.clone(), Box::new(|_| {})).unwrap();
    let id = SessionId::new(Timestamp(21));
    let mut e = Engine::default();
    let mut r = Recorder::new(id.clone(), None);
    let now = Now::read();
    let (req, outs) = e
        .send(
            "first words".into(),
            &provider(),
            ChatOptions::default(),
            now,
        )
        .unwrap();
    save(&journal, &mut r, &e, &outs);
    journal.flush();
    let other = Store::open(&path).unwrap();
    other.rename(&id, "named from the CLI").unwrap();
    let outs = e.on_event(req.turn, &StreamEvent::Text("reply".into()), now);
    save(&journal, &mut r, &e, &outs);
    let outs = e.on_end(req.turn, RunEnd::Complete, now);
    save(&journal, &mut r, &e, &outs);
    journal.flush();
    let (meta, _) = other.load(&id).unwrap();
    assert_eq!(meta.title, "named from the CLI");
    assert_eq!(meta.messages, 2, "the rest of the meta is still written");
    journal.write(r.rename("named in the chat".into()));
    journal.flush();
    assert_eq!(other.load(&id).unwrap().0.title, "named in the chat");
}

/// A reply of megabytes still arriving is saved less often (a second per
/// megabyte): each save copies all of it.
#[test]
fn a_growing_reply_of_megabytes_is_saved_less_often() {
    let mut e = Engine::default();
    let mut r = Recorder::new(SessionId::new(Timestamp(1_796_154_300_000)), None);
    let now = Now::read();
    let (req, outs) = e
        .send("write".into(), &provider(), ChatOptions::default(), now)
        .unwrap();
    let t0 = now.mono;
    let writes = |r: &mut Recorder, e: &Engine, outs: &[Output], secs: u64| {
        let at = t0 + Duration::from_secs(secs);
        outs.iter()
            .filter_map(|o| match o {
                Output::Changed(c) => Some(r.on_change(e.conversation(), c, at)),
                _ => None,
            })
            .flatten()
            .filter(|w| matches!(w, Write::Entry(..)))
            .count()
    };
    assert!(writes(&mut r, &e, &outs, 0) > 0);
    let small = e.on_event(req.turn, &StreamEvent::Text("a little".into()), now);
    assert_eq!(
        writes(&mut r, &e, &small, 0),
        1,
        "the reply's entry is added"
    );
    let small = e.on_event(req.turn, &StreamEvent::Text(" more".into()), now);
    assert_eq!(
        writes(&mut r, &e, &small, 1),
        1,
        "a small reply: after a second"
    );
    let big = e.on_event(req.turn, &StreamEvent::Text("x".repeat(5_000_000)), now);
    assert_eq!(
        writes(&mut r, &e, &big, 2),
        0,
        "5 MB: not 1 s after the last save"
    );
    let more = e.on_event(req.turn, &StreamEvent::Text("y".into()), now);
    assert_eq!(writes(&mut r, &e, &more, 5), 0, "5 MB: not after 4 s");
    let more = e.on_event(req.turn, &StreamEvent::Text("z".into()), now);
    assert_eq!(writes(&mut r, &e, &more, 6), 1, "5 MB: after 5 s");
    let end = e.on_end(req.turn, RunEnd::Complete, now);
    assert!(writes(&mut r, &e, &end, 7) >= 1, "the end is saved at once");
}
