//! The app with saved sessions: opening, switching, renaming, deleting.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::tui::app::Event;
use supchat_chat::{
    Answerer, AssistantEntry, Conversation, Entry, EntryId, EntryKind, Reply, ReplyEnd, Timestamp,
};
use supchat_core::config::Config;
use supchat_core::engine::Now;

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn meta(id: &str, title: &str) -> SessionMeta {
    SessionMeta {
        id: SessionId(id.into()),
        title: title.into(),
        created: Timestamp(1),
        updated: Timestamp(2),
        provider: "supai".into(),
        model: "deep-thinking".into(),
        messages: 2,
        spent: Vec::new(),
    }
}

fn app() -> (App, Now) {
    let now = Now::read();
    let app =
        App::new(&Config::default(), (80, 24)).with_startup(Default::default(), true, true, now);
    (app, now)
}

fn listed(app: &mut App, query: &str, now: Now) {
    let sessions = vec![meta("aaaa", "Lifetimes"), meta("bbbb", "Traits")];
    app.update(
        Event::SessionsListed {
            query: query.into(),
            result: Ok((sessions, Vec::new())),
        },
        now,
    );
}

#[test]
fn f5_lists_filters_and_opens_a_session() {
    let (mut app, t0) = app();
    assert_eq!(
        app.update(key(KeyCode::F(5)), t0),
        vec![Effect::ListSessions(String::new())]
    );
    listed(&mut app, "", t0);
    let effects = app.update(key(KeyCode::Char('t')), t0);
    assert_eq!(effects, vec![Effect::ListSessions("t".into())]);
    // An answer for an older query is dropped.
    app.update(
        Event::SessionsListed {
            query: String::new(),
            result: Ok((vec![meta("cccc", "stale")], Vec::new())),
        },
        t0,
    );
    listed(&mut app, "t", t0);
    let Some(Popup::Sessions(l)) = app.popup() else {
        panic!()
    };
    assert!(l.sessions.iter().all(|m| m.title != "stale"));
    for c in "rai".chars() {
        app.update(key(KeyCode::Char(c)), t0);
    }
    listed(&mut app, "trai", t0);
    assert_eq!(
        app.update(key(KeyCode::Enter), t0),
        vec![Effect::OpenSession(SessionId("bbbb".into()))]
    );
    assert!(app.popup().is_none());
}

#[test]
fn rename_delete_and_new_from_the_list() {
    let (mut app, t0) = app();
    app.update(key(KeyCode::F(5)), t0);
    listed(&mut app, "", t0);
    app.update(ctrl('r'), t0);
    // Ctrl+W takes the last word, Ctrl+U the whole title.
    for c in " two".chars() {
        app.update(key(KeyCode::Char(c)), t0);
    }
    app.update(ctrl('w'), t0);
    let Some(Popup::Sessions(l)) = app.popup() else {
        panic!("the list is open")
    };
    assert_eq!(l.mode, ListMode::Rename("Lifetimes ".into()));
    app.update(ctrl('u'), t0);
    // An empty title is said, and the question stays.
    assert!(app.update(key(KeyCode::Enter), t0).is_empty());
    assert!(app.flash_message().unwrap().contains("cannot be empty"));
    for c in "Borrows".chars() {
        app.update(key(KeyCode::Char(c)), t0);
    }
    assert_eq!(
        app.update(key(KeyCode::Enter), t0),
        vec![Effect::RenameSession(
            SessionId("aaaa".into()),
            "Borrows".into()
        )]
    );
    let Some(Popup::Sessions(l)) = app.popup() else {
        panic!("the list stays open")
    };
    assert_eq!(
        l.sessions[0].title, "Borrows",
        "the list shows the new title"
    );
    app.update(key(KeyCode::Down), t0);
    app.update(ctrl('d'), t0);
    assert!(
        app.update(key(KeyCode::Char('n')), t0).is_empty(),
        "only y deletes"
    );
    app.update(ctrl('d'), t0);
    assert_eq!(
        app.update(key(KeyCode::Char('y')), t0),
        vec![Effect::DeleteSession {
            id: SessionId("bbbb".into()),
            title: "Traits".into(),
            then_new: false
        }]
    );
    assert_eq!(app.update(ctrl('n'), t0), vec![Effect::NewSession]);
}

#[test]
fn deleting_the_session_on_screen_starts_a_new_one() {
    let (mut app, t0) = app();
    let opened = Opened {
        meta: meta("bbbb", "Traits"),
        conversation: Default::default(),
        recorder: None,
        notice: None,
    };
    app.update(Event::SessionOpened(Ok(Box::new(opened))), t0);
    app.update(key(KeyCode::F(5)), t0);
    listed(&mut app, "", t0);
    app.update(key(KeyCode::Down), t0);
    app.update(ctrl('d'), t0);
    let Some(Popup::Sessions(l)) = app.popup() else {
        panic!("the list is open")
    };
    assert_eq!(
        l.mode,
        ListMode::ConfirmDelete {
            title: "Traits".into(),
            on_screen: true
        }
    );
    assert_eq!(
        app.update(key(KeyCode::Char('y')), t0),
        vec![Effect::DeleteSession {
            id: SessionId("bbbb".into()),
            title: "Traits".into(),
            then_new: true
        }]
    );
    assert_eq!(
        app.update(Event::SessionDeleted(Ok("Traits".into())), t0),
        vec![Effect::ListSessions(String::new())],
        "the list, still open, is read again once the deletion is done"
    );
    app.update(Event::NewSessionReady(None), t0);
    assert_eq!(app.flash_message(), Some("deleted \"Traits\""));
    app.update(
        Event::SessionDeleted(Err(
            "session bbbb is open in another supchat (pid 7); close it there first".into(),
        )),
        t0,
    );
    assert_eq!(
        app.flash_message(),
        Some("not deleted: session bbbb is open in another supchat (pid 7); close it there first")
    );
}

#[test]
fn resume_without_an_id_lists_the_sessions_at_once() {
    let startup = supchat_core::session::Startup {
        pick: true,
        ..Default::default()
    };
    let mut app =
        App::new(&Config::default(), (80, 24)).with_startup(startup, true, true, Now::read());
    assert!(matches!(app.popup(), Some(Popup::Sessions(_))));
    assert_eq!(
        app.take_startup_effects(),
        vec![Effect::ListSessions(String::new())]
    );
}

#[test]
fn an_opened_session_replaces_the_screen_and_restores_who_answered() {
    let (mut app, t0) = app();
    let reply = AssistantEntry {
        answerer: Answerer {
            provider: "supai".into(),
            kind: supchat_core::config::ProviderKind::SupAi,
            model: "deep-thinking".into(),
            models: vec!["openai/gpt-5".into()],
        },
        reply: Reply {
            text: "old answer".into(),
            ..Reply::default()
        },
        end: ReplyEnd::Complete,
        stats: None,
        reasoning_took: None,
        retry: false,
        compare: None,
    };
    let conv = Conversation::from_entries(vec![
        Entry {
            id: EntryId(1),
            at: Timestamp(1),
            kind: EntryKind::User {
                text: "old question".into(),
                attachments: Vec::new(),
                edit_of: None,
            },
        },
        Entry {
            id: EntryId(2),
            at: Timestamp(2),
            kind: EntryKind::Assistant(Box::new(reply)),
        },
    ])
    .unwrap();
    let opened = Opened {
        meta: meta("aaaa", "Old talk"),
        conversation: conv,
        recorder: None,
        notice: None,
    };
    app.update(Event::SessionOpened(Ok(Box::new(opened))), t0);
    assert_eq!(app.title(), "Old talk");
    assert_eq!(app.cells().list.len(), 2);
    assert_eq!(app.current().name, "supai");
    assert_eq!(app.current().mode, "deep-thinking");
    assert_eq!(app.current().models, vec!["openai/gpt-5"]);
    assert_eq!(app.session_id(), Some(&SessionId("aaaa".into())));
    app.update(Event::NewSessionReady(None), t0);
    assert!(app.conversation().is_empty());
    assert_eq!(app.title(), "new conversation");
}

#[test]
fn a_failing_save_stays_in_the_footer_until_writing_works() {
    let (mut app, t0) = app();
    app.update(
        Event::SaveStatus(JournalStatus::Failing("disk full".into())),
        t0,
    );
    assert_eq!(app.save_problem(), Some("disk full"));
    app.update(Event::Tick, t0 + std::time::Duration::from_secs(60));
    assert_eq!(
        app.save_problem(),
        Some("disk full"),
        "it does not time out"
    );
    app.update(Event::SaveStatus(JournalStatus::Recovered), t0);
    assert_eq!(app.save_problem(), None);
}

#[test]
fn a_hit_in_the_session_on_screen_scrolls_to_it_without_reopening() {
    let (mut app, t0) = app();
    app.session.resume(
        Opened {
            meta: meta("aaaa", "Shown"),
            conversation: Default::default(),
            recorder: None,
            notice: None,
        },
        false,
    );
    app.cells
        .push(crate::tui::cells::CellKind::User(EntryId(1)));
    app.cells
        .push(crate::tui::cells::CellKind::Reply(Some(EntryId(2))));
    app.cells.push(crate::tui::cells::CellKind::ToolCall {
        reply: EntryId(2),
        index: 0,
    });
    app.cells
        .push(crate::tui::cells::CellKind::Reply(Some(EntryId(4))));
    app.update(key(KeyCode::F(5)), t0);
    let hit = |entry| Hit {
        session: SessionId("aaaa".into()),
        title: "Lifetimes".into(),
        entry,
        message: entry,
        snippet: "[x]".into(),
        updated: Timestamp(2),
    };
    app.update(
        Event::SessionsListed {
            query: String::new(),
            result: Ok((Vec::new(), vec![hit(2), hit(3)])),
        },
        t0,
    );
    assert!(
        app.update(key(KeyCode::Enter), t0).is_empty(),
        "no reopening"
    );
    assert_eq!(app.scroll.to_cell, Some(1), "the reply, not its tool call");
    assert!(!app.scroll.following());
    // The view says where that is; the view then stays there.
    app.update(
        Event::Drawn(crate::tui::app::ViewReport {
            top: Some(7),
            ..Default::default()
        }),
        t0,
    );
    assert_eq!((app.scroll.to_cell, app.scroll.from_top), (None, Some(7)));
    // A tool result has no cell of its own: the last one before it.
    app.update(key(KeyCode::F(5)), t0);
    app.update(
        Event::SessionsListed {
            query: String::new(),
            result: Ok((Vec::new(), vec![hit(2), hit(3)])),
        },
        t0,
    );
    app.update(key(KeyCode::Down), t0);
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.scroll.to_cell, Some(2));
    app.update(key(KeyCode::End), t0);
    assert!(app.scroll.following());
}
