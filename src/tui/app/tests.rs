//! The app driven by events: keys, stream events and what the screen's
//! state becomes.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::tui::cells::CellKind;
use supchat_api::{ApiError, StreamEvent};
use supchat_chat::{AssistantEntry, EntryKind, Message, ReplyEnd, Role};
use supchat_core::config::Config;
use supchat_core::engine::{Now, RunEnd, history};

#[path = "tests/choices.rs"]
mod choices;
#[path = "tests/commands.rs"]
mod commands;
#[path = "tests/compare.rs"]
mod compare;
#[path = "tests/conversation.rs"]
mod conversation;
#[path = "tests/failures.rs"]
mod failures;

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

pub fn type_text(app: &mut App, text: &str, now: Now) {
    for c in text.chars() {
        app.update(key(KeyCode::Char(c)), now);
    }
}

fn app() -> (App, Now) {
    (App::new(&Config::default(), (80, 24)), Now::read())
}

/// Types and sends a prompt; returns the turn id.
fn send(app: &mut App, text: &str, now: Now) -> u64 {
    type_text(app, text, now);
    match app.update(key(KeyCode::Enter), now).as_slice() {
        [Effect::StartTurn(req)] => req.turn,
        other => panic!("expected a turn, got {other:?}"),
    }
}

fn done(app: &mut App, turn: u64, end: RunEnd, now: Now) {
    app.update(Event::TurnDone { turn, end }, now);
}

fn stream(app: &mut App, turn: u64, event: StreamEvent, now: Now) {
    app.update(Event::Stream { turn, event }, now);
}

/// The reply shown in cell `i`.
fn reply(app: &App, i: usize) -> &AssistantEntry {
    match app.cells.list[i].kind {
        CellKind::Reply(Some(id)) => app.conversation().assistant(id).unwrap(),
        other => panic!("cell {i} is {other:?}"),
    }
}

fn picker(app: &App) -> &picker::Picker {
    match app.popup() {
        Some(Popup::Picker(p)) => p,
        other => panic!("no picker: {other:?}"),
    }
}

fn measured(max: Option<usize>) -> Event {
    Event::Drawn(ViewReport {
        max_from_bottom: max,
        ..ViewReport::default()
    })
}

#[test]
fn enter_sends_the_draft_to_the_current_provider() {
    let (mut app, t0) = app();
    type_text(&mut app, "你好 Rust", t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    let [Effect::StartTurn(req)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(req.turn, 1);
    assert_eq!(req.provider.name, "supage");
    assert_eq!(req.messages, vec![Message::user("你好 Rust")]);
    assert!(app.input.is_empty());
    assert_eq!(app.cells.list.len(), 2);
    let CellKind::User(id) = app.cells.list[0].kind else {
        panic!("{:?}", app.cells.list[0])
    };
    assert!(
        matches!(&app.conversation().get(id).unwrap().kind, EntryKind::User { text, .. } if text == "你好 Rust")
    );
    assert_eq!(
        app.cells.list[1].kind,
        CellKind::Reply(None),
        "waiting for the reply"
    );
    assert_eq!(app.live.as_ref().map(|l| l.cell), Some(1));
    assert_eq!(app.engine().live().map(|l| l.turn), Some(1));
}

#[test]
fn new_line_keys_do_not_send() {
    let (mut app, t0) = app();
    type_text(&mut app, "a", t0);
    app.update(
        Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::SHIFT)),
        t0,
    );
    type_text(&mut app, "b", t0);
    app.update(
        Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT)),
        t0,
    );
    type_text(&mut app, "c", t0);
    app.update(ctrl('j'), t0);
    type_text(&mut app, "d", t0);
    assert_eq!(app.draft(), "a\nb\nc\nd");
    assert!(app.cells.list.is_empty());
}

#[test]
fn paste_is_inserted_as_is_and_never_sent() {
    let (mut app, t0) = app();
    let big = "line one\r\nline two\n".repeat(2000);
    app.update(Event::Paste(big.clone()), t0);
    assert_eq!(app.draft(), big.replace("\r\n", "\n"));
    assert!(app.cells.list.is_empty());
}

#[test]
fn stream_events_fill_the_reply_and_control_sequences_are_removed() {
    let (mut app, t0) = app();
    let turn = send(&mut app, "hi", t0);
    let t1 = t0 + Duration::from_millis(300);
    stream(&mut app, turn, StreamEvent::Reasoning("think".into()), t1);
    stream(&mut app, turn, StreamEvent::Text("Hel\x1b]0;x".into()), t1);
    stream(
        &mut app,
        turn,
        StreamEvent::Text("\x07lo \x1b[31mred".into()),
        t1,
    );
    let l = app.live.as_ref().unwrap();
    assert_eq!(l.text, "Hello red");
    assert_eq!(l.reasoning, "think");
    stream(&mut app, turn, StreamEvent::Reasoning(" har".into()), t1);
    stream(&mut app, turn, StreamEvent::Reasoning("der now".into()), t1);
    let l = app.live.as_ref().unwrap();
    assert_eq!(
        l.reasoning_words, 3,
        "a word split across two deltas counts once"
    );
    assert!(matches!(app.cells.list[1].kind, CellKind::Reply(Some(_))));
    assert_eq!(app.engine().live().unwrap().first_output, Some(t1.mono));
    assert_eq!(
        reply(&app, 1).reply.text,
        "Hel\x1b]0;x\x07lo \x1b[31mred",
        "the raw reply is kept for history"
    );
    assert_eq!(app.reply_text(1).as_deref(), Some("Hello red"));
}

#[test]
fn esc_cancels_keeps_the_partial_and_ignores_late_tokens() {
    let (mut app, t0) = app();
    let turn = send(&mut app, "hi", t0);
    stream(&mut app, turn, StreamEvent::Text("part".into()), t0);
    assert_eq!(
        app.update(key(KeyCode::Esc), t0),
        vec![Effect::CancelTurn(turn)]
    );
    stream(&mut app, turn, StreamEvent::Text(" late".into()), t0);
    let a = reply(&app, 1);
    assert_eq!(
        (a.reply.text.as_str(), &a.end),
        ("part", &ReplyEnd::Cancelled)
    );
    assert_eq!(app.reply_text(1).as_deref(), Some("part"));
    assert!(app.live.is_none() && !app.is_busy());
    // The next message carries the partial reply in its history.
    let effects = {
        type_text(&mut app, "more", t0);
        app.update(key(KeyCode::Enter), t0)
    };
    let [Effect::StartTurn(req)] = effects.as_slice() else {
        panic!()
    };
    let roles: Vec<Role> = req.messages.iter().map(|m| m.role).collect();
    assert_eq!(roles, vec![Role::User, Role::Assistant, Role::User]);
}

#[test]
fn ctrl_c_stops_the_reply_then_clears_the_draft_then_quits_on_a_second_press() {
    let (mut app, t0) = app();
    let turn = send(&mut app, "hi", t0);
    type_text(&mut app, "a draft", t0);
    assert_eq!(app.update(ctrl('c'), t0), vec![Effect::CancelTurn(turn)]);
    assert_eq!(app.draft(), "a draft", "stopping the reply keeps the draft");
    assert!(app.update(ctrl('c'), t0).is_empty());
    assert_eq!(app.draft(), "");
    assert!(app.flash_message().unwrap().contains("brings it back"));
    // Undo brings the draft back; so does Up.
    app.update(ctrl('u'), t0);
    assert_eq!(app.draft(), "a draft");
    app.update(ctrl('c'), t0);
    app.update(key(KeyCode::Up), t0);
    assert_eq!(app.draft(), "a draft");
    app.update(ctrl('c'), t0);
    // Nothing left to stop or clear: the first press only asks.
    assert!(app.update(ctrl('c'), t0).is_empty());
    assert!(!app.quit);
    assert!(
        app.flash_message()
            .unwrap()
            .contains("Ctrl+C again to quit")
    );
    let t1 = t0 + Duration::from_millis(1500);
    assert_eq!(app.update(ctrl('c'), t1), vec![Effect::Quit]);
    assert!(app.quit);
}

#[test]
fn a_late_second_ctrl_c_or_another_key_in_between_does_not_quit() {
    let (mut app, t0) = app();
    app.update(ctrl('c'), t0);
    app.update(Event::Tick, t0 + Duration::from_millis(2100));
    assert_eq!(
        app.flash_message(),
        None,
        "the hint goes when the window closes"
    );
    let late = t0 + Duration::from_secs(3);
    assert!(app.update(ctrl('c'), late).is_empty(), "the window closed");
    assert!(!app.quit);
    app.update(key(KeyCode::F(1)), late);
    app.update(key(KeyCode::Esc), late);
    assert!(
        app.flash_message().is_none(),
        "the notice ended with its cause"
    );
    assert!(app.update(ctrl('c'), late).is_empty());
    assert!(!app.quit);
}

#[test]
fn ctrl_c_just_after_a_reply_ended_does_not_quit() {
    let (mut app, t0) = app();
    let turn = send(&mut app, "hi", t0);
    stream(&mut app, turn, StreamEvent::Text("hello".into()), t0);
    done(&mut app, turn, RunEnd::Complete, t0);
    // Meant to stop the reply, this press arrives after it ended.
    assert!(app.update(ctrl('c'), t0).is_empty());
    assert!(!app.quit);
    assert_eq!(app.cells.list.len(), 2, "the reply is still there");
}

#[test]
fn ctrl_q_quits_and_stops_the_stream() {
    let (mut app, t0) = app();
    let turn = send(&mut app, "hi", t0);
    assert_eq!(
        app.update(ctrl('q'), t0),
        vec![Effect::CancelTurn(turn), Effect::Quit]
    );
}

#[test]
fn up_recalls_earlier_prompts_and_down_returns_to_the_draft() {
    let (mut app, t0) = app();
    for (i, p) in ["first", "second"].iter().enumerate() {
        let turn = send(&mut app, p, t0);
        done(&mut app, turn, RunEnd::Complete, t0);
        assert_eq!(app.prompts.len(), i + 1);
    }
    app.update(key(KeyCode::Up), t0);
    assert_eq!(app.draft(), "second");
    app.update(key(KeyCode::Up), t0);
    assert_eq!(app.draft(), "first");
    app.update(key(KeyCode::Down), t0);
    app.update(key(KeyCode::Down), t0);
    assert_eq!(app.draft(), "");
}

#[test]
fn scrolling_keys_and_follow() {
    let (mut app, t0) = app();
    app.update(measured(Some(100)), t0);
    app.update(key(KeyCode::PageUp), t0);
    assert_eq!(app.scroll.from_bottom, app.conversation_rows() - 2);
    assert!(!app.scroll.following());
    app.update(key(KeyCode::PageUp), t0);
    app.update(key(KeyCode::PageUp), t0);
    app.update(key(KeyCode::PageUp), t0);
    assert_eq!(app.scroll.from_bottom, 4 * (app.conversation_rows() - 2));
    app.update(key(KeyCode::PageUp), t0);
    app.update(key(KeyCode::PageUp), t0);
    assert_eq!(
        app.scroll.from_bottom, 100,
        "clamped to what the view measured"
    );
    app.update(key(KeyCode::End), t0);
    assert!(app.scroll.following());
    // Home anchors at the top; paging moves from there; reaching the end follows.
    app.update(key(KeyCode::Home), t0);
    assert_eq!(app.scroll.from_top, Some(0));
    app.update(key(KeyCode::PageDown), t0);
    assert_eq!(app.scroll.from_top, Some(app.conversation_rows() - 2));
    app.update(
        Event::Drawn(ViewReport {
            reached_end: true,
            ..ViewReport::default()
        }),
        t0,
    );
    assert!(app.scroll.following());
    // The mouse wheel scrolls three rows.
    app.update(
        Event::Mouse(crossterm::event::MouseEvent {
            kind: crossterm::event::MouseEventKind::ScrollUp,
            column: 0,
            row: 0,
            modifiers: KeyModifiers::NONE,
        }),
        t0,
    );
    assert_eq!(app.scroll.from_bottom, 3);
}

#[test]
fn help_popup_takes_keys_first() {
    let (mut app, t0) = app();
    app.update(key(KeyCode::F(1)), t0);
    assert_eq!(app.popup(), Some(&Popup::Help { scroll: 0 }));
    app.update(key(KeyCode::Down), t0);
    assert_eq!(app.popup(), Some(&Popup::Help { scroll: 1 }));
    type_text(&mut app, "x", t0);
    assert!(app.input.is_empty(), "keys go to the popup, not the draft");
    app.update(key(KeyCode::Esc), t0);
    assert_eq!(app.popup(), None);
}

#[test]
fn ticks_only_while_something_moves() {
    let (mut app, t0) = app();
    assert_eq!(app.next_tick(t0.mono), None, "idle: no timer at all");
    send(&mut app, "q", t0);
    assert!(app.next_tick(t0.mono).is_some());
}
