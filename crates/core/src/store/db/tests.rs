//! The session store: saving, listing, searching (Chinese too), renaming,
//! deleting, and older databases migrated.

use serde_json::json;

use super::schema::{V1, V2};
use super::*;
use crate::config::ProviderKind;
use supchat_chat::{
    Answerer, AssistantEntry, EntryId, EntryKind, FailedSend, PartialToolCall, Reply, ReplyEnd,
    Timestamp, ToolResult,
};

/// A database path in a folder not made yet: the store makes it.
fn temp_db(tag: &str) -> PathBuf {
    supchat_testkit::temp_dir("store")
        .join(tag)
        .join("sessions.db")
}

/// A conversation with every kind of entry.
pub fn sample() -> Conversation {
    let mut entries = Vec::new();
    let mut push = |kind: EntryKind| {
        let id = EntryId(entries.len() as u64 + 1);
        entries.push(Entry {
            id,
            at: Timestamp(1_796_154_300_000 + id.0 * 1000),
            kind,
        });
    };
    push(EntryKind::System {
        text: "Be brief.".into(),
        preset: None,
    });
    push(EntryKind::User {
        text: "How do lifetimes work? 生命周期".into(),
        attachments: Vec::new(),
        edit_of: None,
    });
    let reply = Reply {
        text: "Lifetimes name the span of a borrow.".into(),
        reasoning: "The user asks about Rust.".into(),
        tool_calls: vec![PartialToolCall {
            id: Some("c1".into()),
            name: "docs".into(),
            arguments: json!({"q": "lifetimes"}).to_string(),
        }],
        ..Reply::default()
    };
    push(EntryKind::Assistant(Box::new(AssistantEntry {
        answerer: Answerer {
            provider: "supai".into(),
            kind: ProviderKind::SupAi,
            model: "thinking".into(),
            models: vec!["a/b".into()],
        },
        reply,
        end: ReplyEnd::Complete,
        stats: None,
        reasoning_took: None,
        retry: false,
        compare: None,
    })));
    push(EntryKind::ToolResult(ToolResult {
        call_id: "c1".into(),
        name: "docs".into(),
        content: "borrowck".into(),
        is_error: false,
        approval: Some(supchat_chat::Approval::User),
    }));
    push(EntryKind::FailedSend(FailedSend {
        prompt: None,
        error: "HTTP 500".into(),
        sent: true,
    }));
    Conversation::from_entries(entries).unwrap()
}

fn save(store: &mut Store, conv: &Conversation, at: u64, title: &str) -> SessionId {
    let id = SessionId::new(Timestamp(at));
    let meta = SessionMeta::of(id.clone(), title.into(), conv);
    store.put_session(&meta, conv).unwrap();
    id
}

#[test]
fn every_entry_kind_round_trips_through_the_database() {
    let path = temp_db("rt");
    let mut store = Store::open(&path).unwrap();
    let conv = sample();
    let id = save(&mut store, &conv, 1_796_154_300_000, "Lifetimes");
    drop(store);
    let store = Store::open(&path).unwrap();
    let (meta, back) = store.load(&id).unwrap();
    assert_eq!(back, conv);
    assert_eq!(meta.title, "Lifetimes");
    assert_eq!(
        (meta.provider.as_str(), meta.model.as_str()),
        ("supai", "thinking")
    );
    assert_eq!(meta.messages, 2);
}

#[test]
fn a_reply_saved_while_streaming_comes_back_interrupted() {
    let path = temp_db("stream");
    let mut store = Store::open(&path).unwrap();
    let mut conv = sample();
    let mut entries = conv.entries().to_vec();
    if let EntryKind::Assistant(a) = &mut entries[2].kind {
        a.end = ReplyEnd::Streaming;
    }
    conv = Conversation::from_entries(entries).unwrap();
    let id = save(&mut store, &conv, 1, "t");
    let (_, back) = store.load(&id).unwrap();
    let a = back.assistant(EntryId(3)).unwrap();
    assert!(matches!(&a.end, ReplyEnd::Interrupted { error } if error.contains("stopped")));
    assert_eq!(a.reply.text, "Lifetimes name the span of a borrow.");
}

#[test]
fn list_is_newest_first_and_prefixes_resolve() {
    let path = temp_db("list");
    let mut store = Store::open(&path).unwrap();
    let conv = sample();
    let old = save(&mut store, &conv, 1_000_000_000_000, "old");
    let new = save(&mut store, &conv, 1_900_000_000_000, "new");
    let mut m = store.meta(&new).unwrap();
    m.updated = Timestamp(2_000_000_000_000);
    store.put_meta(&m).unwrap();
    let list = store.list(10).unwrap();
    let titles: Vec<&str> = list.iter().map(|m| m.title.as_str()).collect();
    assert_eq!(titles, ["new", "old"]);
    assert_eq!(store.resolve(&old.0[..6]).unwrap(), old);
    assert_eq!(store.resolve(&new.0).unwrap(), new);
    // A first digit neither id has (ids start with random digits).
    let missing = "0123456789abcdef"
        .chars()
        .map(String::from)
        .find(|c| !old.0.starts_with(c.as_str()) && !new.0.starts_with(c.as_str()))
        .unwrap();
    assert!(matches!(
        store.resolve(&missing),
        Err(StoreError::NotFound(_))
    ));
    // What lists show: as much of each id as names it alone, four at least.
    let short = store.short_ids().unwrap();
    for id in [&old, &new] {
        let s = &short[id];
        assert!(s.len() >= 4 && id.0.starts_with(s.as_str()), "{s}");
        assert_eq!(&store.resolve(s).unwrap(), id);
    }
    assert!(matches!(store.resolve("zz"), Err(StoreError::NotFound(_))));
    let twin = SessionId(format!("{}0", &old.0[..15]));
    let other = SessionId(format!("{}1", &old.0[..15]));
    for id in [&twin, &other] {
        let meta = SessionMeta::of(id.clone(), "twin".into(), &conv);
        store.put_meta(&meta).unwrap();
    }
    assert!(matches!(
        store.resolve(&old.0[..15]),
        Err(StoreError::Ambiguous { .. })
    ));
}

#[test]
fn search_ranks_and_shows_the_matching_words() {
    let path = temp_db("search");
    let mut store = Store::open(&path).unwrap();
    let conv = sample();
    let id = save(&mut store, &conv, 1, "Lifetimes");
    let hits = store.search("lifet", 10).unwrap();
    assert!(!hits.is_empty());
    assert_eq!(hits[0].session, id);
    assert!(
        hits[0].snippet.contains("[Lifetimes]") || hits[0].snippet.contains("[lifetimes]"),
        "{:?}",
        hits[0]
    );
    assert!(
        store
            .search("borrowck", 10)
            .unwrap()
            .iter()
            .any(|h| h.entry == 4)
    );
    assert!(
        store
            .search("\"; DROP TABLE sessions; --", 10)
            .unwrap()
            .is_empty()
    );
    assert!(store.search("   ", 10).unwrap().is_empty());
    assert_eq!(
        store.list(10).unwrap().len(),
        1,
        "the hostile query did nothing"
    );
}

#[test]
fn chinese_is_found_by_any_word_inside_a_sentence() {
    let path = temp_db("cjk");
    let mut store = Store::open(&path).unwrap();
    let id = save(&mut store, &sample(), 1, "生命周期");
    for q in ["生命", "周期", "生命周期", "lifetimes 周期", "brief"] {
        let hits = store.search(q, 10).unwrap();
        assert!(hits.iter().any(|h| h.session == id), "{q}: {hits:?}");
    }
    let hits = store.search("周期", 10).unwrap();
    assert!(hits[0].snippet.contains("生命[周期]"), "{:?}", hits[0]);
    // Characters apart are not a word.
    assert!(store.search("生期", 10).unwrap().is_empty());
}

#[test]
fn rename_delete_and_check() {
    let path = temp_db("edit");
    let mut store = Store::open(&path).unwrap();
    let id = save(&mut store, &sample(), 1, "t");
    store.rename(&id, "renamed").unwrap();
    assert_eq!(store.meta(&id).unwrap().title, "renamed");
    let checked = store.check().unwrap();
    assert_eq!(
        (checked.rows, checked.notes.len()),
        (vec!["ok".to_owned()], 0)
    );
    store.delete(&id).unwrap();
    assert!(store.list(10).unwrap().is_empty());
    assert!(store.search("lifetimes", 10).unwrap().is_empty());
    assert!(matches!(store.delete(&id), Err(StoreError::NotFound(_))));
}

#[test]
fn a_database_of_schema_1_is_migrated_and_searchable() {
    migrated_from(1);
}

#[test]
fn a_database_of_schema_2_is_migrated_and_searchable() {
    migrated_from(2);
}

fn migrated_from(version: i64) {
    let path = temp_db(&format!("v{version}"));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(V1).unwrap();
        if version >= 2 {
            conn.execute_batch(V2).unwrap();
            // Version 2 indexed under rowids of its own.
            conn.execute(
                "INSERT INTO entries_fts(rowid, text, session, entry) VALUES (77, 'ancient question', '0123456789abcdef', 1)",
                [],
            )
            .unwrap();
        }
        conn.execute(
            "INSERT INTO meta(key, value) VALUES ('schema', ?1)",
            params![version.to_string()],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO sessions VALUES ('0123456789abcdef', 'old one', 1, 2, 'supage', 'm', 2)",
            [],
        )
        .unwrap();
        let body = serde_json::to_string(&EntryKind::User {
            text: "ancient question".into(),
            attachments: Vec::new(),
            edit_of: None,
        })
        .unwrap();
        conn.execute(
            "INSERT INTO entries VALUES ('0123456789abcdef', 1, 1, 'user', ?1)",
            params![body],
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.version().unwrap(), SCHEMA_VERSION);
    let hits = store.search("ancient", 5).unwrap();
    assert_eq!(hits.len(), 1, "the old entries were indexed");
    let id = SessionId("0123456789abcdef".into());
    let (meta, conv) = store.load(&id).unwrap();
    assert_eq!((meta.title.as_str(), conv.len()), ("old one", 1));
    // The migrated index row is the entry's: saving it again replaces it.
    let mut e = conv.entries()[0].clone();
    e.kind = EntryKind::User {
        text: "modern question".into(),
        attachments: Vec::new(),
        edit_of: None,
    };
    store.put_entry(&id, &e).unwrap();
    assert!(store.search("ancient", 5).unwrap().is_empty());
    assert_eq!(store.search("modern", 5).unwrap().len(), 1);
    let rows: i64 = store
        .conn
        .query_row("SELECT count(*) FROM entries_fts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 1, "one index row per entry");
}

#[test]
fn a_checkpointed_reply_keeps_one_index_row_and_delete_clears_them() {
    let path = temp_db("fts");
    let mut store = Store::open(&path).unwrap();
    let conv = sample();
    let id = save(&mut store, &conv, 1, "t");
    let other = save(&mut store, &conv, 2, "u");
    let mut reply = conv.entries()[2].clone();
    for n in 0..5 {
        if let EntryKind::Assistant(a) = &mut reply.kind {
            a.reply.text = format!("growing reply {n}");
        }
        store.put_entry(&id, &reply).unwrap();
    }
    let count = |store: &Store| -> i64 {
        store
            .conn
            .query_row("SELECT count(*) FROM entries_fts", [], |r| r.get(0))
            .unwrap()
    };
    let per_session = count(&store) / 2;
    assert_eq!(store.search("growing", 5).unwrap().len(), 1);
    store.delete(&id).unwrap();
    assert_eq!(count(&store), per_session, "only the other session's rows");
    assert_eq!(store.search("lifetimes", 5).unwrap()[0].session, other);
}

#[test]
fn a_damaged_file_is_refused_and_left_alone() {
    let path = temp_db("bad");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let junk = b"this is not a database, just text".repeat(200);
    std::fs::write(&path, &junk).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("left as it is"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), junk, "not touched");
}

#[test]
fn a_newer_schema_is_refused() {
    let path = temp_db("new");
    let store = Store::open(&path).unwrap();
    store
        .conn
        .execute("UPDATE meta SET value = '99' WHERE key = 'schema'", [])
        .unwrap();
    drop(store);
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::TooNew { found: 99, .. })
    ));
}

#[test]
fn a_session_held_by_a_live_process_is_not_claimed_twice() {
    let path = temp_db("claim");
    let mut store = Store::open(&path).unwrap();
    let id = save(&mut store, &sample(), 1, "t");
    assert_eq!(store.claim(&id, Timestamp(1)).unwrap(), Ok(()));
    // Another live process (pid 1 is always alive), started when the
    // claim says.
    let init_start = super::claims::process_start(1).map_or(0, |s| s as i64);
    store
        .conn
        .execute(
            "UPDATE open_sessions SET pid = 1, started = ?2 WHERE session = ?1",
            params![id.as_str(), init_start],
        )
        .unwrap();
    assert_eq!(store.claim(&id, Timestamp(2)).unwrap(), Err(1));
    // Nor deleted under it: its next write would bring it back.
    let e = store.delete(&id).unwrap_err().to_string();
    assert_eq!(
        e,
        format!("session {id} is open in another supchat (pid 1); close it there first")
    );
    assert!(store.load(&id).is_ok());
    // A pid used again by another program (it started at another time)
    // is not the supchat that claimed: the claim is stale.
    if init_start != 0 {
        store
            .conn
            .execute(
                "UPDATE open_sessions SET started = ?2 WHERE session = ?1",
                params![id.as_str(), init_start + 12345],
            )
            .unwrap();
        assert_eq!(store.claim(&id, Timestamp(2)).unwrap(), Ok(()));
        store
            .conn
            .execute(
                "UPDATE open_sessions SET pid = 1, started = ?2 WHERE session = ?1",
                params![id.as_str(), init_start],
            )
            .unwrap();
    }
    // A holder that is gone (kill -9) does not count.
    store
        .conn
        .execute(
            "UPDATE open_sessions SET pid = 999999999 WHERE session = ?1",
            params![id.as_str()],
        )
        .unwrap();
    assert_eq!(store.claim(&id, Timestamp(3)).unwrap(), Ok(()));
    store.release(&id).unwrap();
}

#[test]
fn a_database_that_cannot_be_written_is_still_read() {
    let path = temp_db("readonly");
    let id = {
        let mut store = Store::open(&path).unwrap();
        save(&mut store, &sample(), 1, "kept")
    };
    let ro = Store::open_read_only(&path).unwrap();
    assert_eq!(ro.list(10).unwrap()[0].title, "kept");
    assert!(ro.load(&id).is_ok());
    assert!(!ro.search("borrowck", 5).unwrap().is_empty());
    let checked = ro.check().unwrap();
    assert_eq!(checked.rows, ["ok"]);
    assert_eq!(
        checked.notes,
        ["search index: not checked (the database is opened read-only)"]
    );
    let e = ro.rename(&id, "changed").unwrap_err().to_string();
    assert!(e.contains("readonly"), "{e}");
    // A damaged file is refused read-only too.
    let bad = temp_db("readonly-bad");
    std::fs::create_dir_all(bad.parent().unwrap()).unwrap();
    std::fs::write(&bad, b"this is not a database, just text of some length").unwrap();
    assert!(matches!(
        Store::open_read_only(&bad),
        Err(StoreError::Corrupt { .. } | StoreError::Open { .. })
    ));
}

/// The sessions hold conversations: the folder made for them is 0700, the
/// database and its write-ahead log 0600.
#[cfg(unix)]
#[test]
fn the_database_and_its_folder_are_the_users_alone() {
    use std::os::unix::fs::PermissionsExt;
    let path = temp_db("private");
    let mut store = Store::open(&path).unwrap();
    save(&mut store, &sample(), 1_000, "mine");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    assert_eq!(mode(&path), 0o600);
    let wal = path.with_extension("db-wal");
    if wal.exists() {
        assert_eq!(mode(&wal), 0o600);
    }
}

/// The store's errors read in Chinese.
#[test]
fn errors_read_in_chinese() {
    supchat_i18n::set_for_this_thread(supchat_i18n::Lang::ZhCn);
    let e = StoreError::InUse {
        id: "1a23".into(),
        pid: 42,
    };
    assert_eq!(
        e.to_string(),
        "会话 1a23 已在另一个 supchat 中打开（pid 42）；请先在那边关闭"
    );
    let store = Store::open(&temp_db("zh")).unwrap();
    assert_eq!(
        store.resolve("zz").unwrap_err().to_string(),
        "没有会话 \"zz\"（会话 id 由十六进制数字组成）"
    );
}

/// A session says what its replies cost; a database made before the
/// figure existed is read (read-only: without it) and, opened to write,
/// gains it.
#[test]
fn what_a_sessions_replies_cost_is_kept_and_old_databases_still_read() {
    let path = temp_db("spent");
    let mut store = Store::open(&path).unwrap();
    let mut entries = sample().entries().to_vec();
    for e in &mut entries {
        if let EntryKind::Assistant(a) = &mut e.kind {
            a.stats = Some(supchat_chat::TurnStats {
                cost: Some(supchat_chat::cost::Cost {
                    amount: 0.25,
                    currency: "USD".into(),
                }),
                ..Default::default()
            });
        }
    }
    let conv = Conversation::from_entries(entries).unwrap();
    let id = save(&mut store, &conv, 1_796_154_300_000, "Priced");
    let listed = store.list(10).unwrap();
    assert_eq!(listed[0].spent_label().as_deref(), Some("$0.250"));
    assert_eq!(store.load(&id).unwrap().0.spent, listed[0].spent);
    drop(store);
    // As an older supchat left it: no such column.
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute("ALTER TABLE sessions DROP COLUMN spent", [])
        .unwrap();
    drop(raw);
    let ro = Store::open_read_only(&path).unwrap();
    let old = ro.list(10).unwrap();
    assert_eq!((old[0].title.as_str(), old[0].spent.len()), ("Priced", 0));
    drop(ro);
    let mut store = Store::open(&path).unwrap();
    save(&mut store, &conv, 1_796_154_400_000, "Again");
    let again = store.list(10).unwrap();
    assert!(
        again
            .iter()
            .any(|m| m.title == "Again" && m.spent_label().as_deref() == Some("$0.250"))
    );
}

#[test]
fn the_wire_of_a_reply_is_kept_and_goes_with_it() {
    let path = temp_db("wire");
    let mut store = Store::open(&path).unwrap();
    let conv = sample();
    let id = save(&mut store, &conv, 1, "t");
    let reply = conv
        .entries()
        .iter()
        .find(|e| matches!(e.kind, EntryKind::Assistant(_)))
        .unwrap()
        .id
        .0;
    assert_eq!(store.wire(&id, reply).unwrap(), None);
    store.put_wire(&id, reply, r#"{"events":[]}"#).unwrap();
    assert_eq!(
        store.wire(&id, reply).unwrap().as_deref(),
        Some(r#"{"events":[]}"#)
    );
    // Deleting the reply deletes its wire; deleting the session, all of it.
    store.delete_entry(&id, reply).unwrap();
    assert_eq!(store.wire(&id, reply).unwrap(), None);
    store.put_wire(&id, 1, "{}").unwrap();
    store.delete(&id).unwrap();
    assert_eq!(store.wire(&id, 1).unwrap(), None);
    // A session that is not saved gets no wire (its entry has no session).
    assert!(store.put_wire(&SessionId("nope".into()), 1, "{}").is_err());
}
