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
fn provider_and_mode_hotkeys_apply_to_the_next_message() {
    let (mut app, t0) = app();
    app.update(key(KeyCode::F(2)), t0);
    assert_eq!(app.current().name, "supai");
    app.update(key(KeyCode::F(3)), t0);
    app.update(key(KeyCode::F(3)), t0);
    assert_eq!(app.current().mode, "thinking");
    app.update(key(KeyCode::F(6)), t0);
    let effects = {
        type_text(&mut app, "q", t0);
        app.update(key(KeyCode::Enter), t0)
    };
    let [Effect::StartTurn(req)] = effects.as_slice() else {
        panic!()
    };
    let provider = &req.provider;
    assert_eq!(
        (provider.name.as_str(), provider.mode.as_str()),
        ("supai", "thinking")
    );
    assert!(provider.include_supai_chunks);
    assert_eq!(app.live.as_ref().unwrap().source, "Sup.ai · thinking");
    // F3 from a non-Sup.ai provider switches to Sup.ai keeping its mode;
    // a second F3 cycles.
    app.update(key(KeyCode::F(2)), t0);
    assert_eq!(app.current().name, "supage");
    app.update(key(KeyCode::F(3)), t0);
    assert_eq!(
        (app.current().name.as_str(), app.current().mode.as_str()),
        ("supai", "thinking")
    );
    app.update(key(KeyCode::F(3)), t0);
    assert_eq!(app.current().mode, "deep-thinking");
}

#[test]
fn f6_and_f7_say_plainly_when_they_do_not_apply() {
    let (mut app, t0) = app();
    assert_eq!(app.current().name, "supage");
    app.update(key(KeyCode::F(6)), t0);
    let msg = app.flash_message().unwrap();
    assert!(
        msg.contains("Sup.ai feature") && !msg.contains(" on "),
        "{msg}"
    );
    assert!(app.providers().iter().all(|p| !p.include_supai_chunks));
    app.update(key(KeyCode::F(7)), t0);
    assert!(app.flash_message().unwrap().contains("no Sup.ai run"));
}

#[test]
fn the_supai_panel_folds_when_the_run_ends_and_f7_reopens_it() {
    use supchat_api::{SupAiEvent, SupAiSource};
    let (mut app, t0) = app();
    app.update(key(KeyCode::F(2)), t0);
    let turn = send(&mut app, "q", t0);
    let main = SupAiSource {
        key: "main".into(),
        model_id: None,
    };
    stream(
        &mut app,
        turn,
        StreamEvent::SupAi(SupAiEvent::Start(main)),
        t0,
    );
    assert!(!app.supai_panel_folded(), "open while the run is live");
    done(&mut app, turn, RunEnd::Complete, t0);
    assert!(app.supai_panel_folded(), "folded once it ended");
    app.update(key(KeyCode::F(7)), t0);
    assert!(!app.supai_panel_folded());
    app.update(key(KeyCode::F(7)), t0);
    assert!(app.supai_panel_folded());
}

#[test]
fn failure_before_any_reply_shows_an_error_and_gives_the_prompt_back() {
    let (mut app, t0) = app();
    let turn = send(&mut app, "my question", t0);
    let e = ApiError::Invalid("no key".into());
    done(&mut app, turn, RunEnd::Failed(e), t0);
    assert_eq!(app.draft(), "my question");
    // The question stays in view, the error below it in place of a reply.
    assert_eq!(app.cells.list.len(), 2);
    let CellKind::Failed(id) = app.cells.list[1].kind else {
        panic!("{:?}", app.cells.list[1])
    };
    assert!(
        matches!(&app.conversation().get(id).unwrap().kind, EntryKind::FailedSend(f) if f.error == "no key" && f.sent)
    );
    assert!(app.live.is_none() && !app.is_busy());
    // Sent again, the question goes once: the unanswered copy is not resent.
    let effects = app.update(key(KeyCode::Enter), t0);
    let [Effect::StartTurn(req)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(req.messages, vec![Message::user("my question")]);
}

#[test]
fn failure_after_tokens_keeps_the_partial_marked() {
    let (mut app, t0) = app();
    let turn = send(&mut app, "q", t0);
    stream(&mut app, turn, StreamEvent::Text("half".into()), t0);
    let e = ApiError::Interrupted {
        detail: "reset".into(),
    };
    done(&mut app, turn, RunEnd::Failed(e), t0);
    let a = reply(&app, 1);
    assert!(matches!(&a.end, ReplyEnd::Interrupted { error } if error.contains("reset")));
    assert_eq!(app.reply_text(1).as_deref(), Some("half"));
    assert_eq!(app.draft(), "", "the prompt got an answer: it stays sent");
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

fn picker(app: &App) -> &picker::Picker {
    match app.popup() {
        Some(Popup::Picker(p)) => p,
        other => panic!("no picker: {other:?}"),
    }
}

#[test]
fn model_picker_fetches_filters_and_picks() {
    let (mut app, t0) = app();
    let effects = app.update(key(KeyCode::F(4)), t0);
    assert!(matches!(effects.as_slice(), [Effect::FetchModels(p)] if p.name == "supage"));
    assert_eq!(picker(&app).note.as_deref(), Some("loading the list…"));
    let ids = vec![
        "claude-sonnet-4-6".to_owned(),
        "gpt-4.1-mini".to_owned(),
        "gpt-5".to_owned(),
    ];
    app.update(
        Event::ModelsLoaded {
            provider: "supage".into(),
            result: Ok(ids),
        },
        t0,
    );
    assert_eq!(picker(&app).note, None);
    assert_eq!(
        picker(&app).row(picker(&app).cursor),
        Some(picker::Row::Item(0)),
        "the model in use is preselected"
    );
    type_text(&mut app, "gpt5", t0);
    let p = picker(&app);
    assert_eq!(p.row(0), Some(picker::Row::Item(2)), "the best match first");
    assert_eq!(p.cursor, 0);
    assert_eq!(
        p.row(p.rows_len() - 1),
        Some(picker::Row::Free("gpt5".into())),
        "free text is the last row"
    );
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.popup(), None);
    assert_eq!(
        app.current().model,
        "gpt-5",
        "Enter takes the highlighted match"
    );
    assert!(
        app.input.is_empty(),
        "typing in the picker leaves the draft alone"
    );
    // The list is kept: a second F4 does not fetch again.
    assert!(app.update(key(KeyCode::F(4)), t0).is_empty());
}

#[test]
fn model_picker_takes_any_typed_name() {
    let (mut app, t0) = app();
    app.update(key(KeyCode::F(4)), t0);
    app.update(
        Event::ModelsLoaded {
            provider: "supage".into(),
            result: Err("HTTP 404".into()),
        },
        t0,
    );
    assert!(
        picker(&app)
            .note
            .as_deref()
            .is_some_and(|n| n.contains("HTTP 404") && n.contains("type a model name"))
    );
    app.update(Event::Paste("qwen3:8b".into()), t0);
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.current().model, "qwen3:8b");
}

#[test]
fn supai_allow_list_is_a_multi_select() {
    let (mut app, t0) = app();
    app.update(key(KeyCode::F(2)), t0);
    app.update(key(KeyCode::F(4)), t0);
    assert!(picker(&app).multi());
    assert!(
        picker(&app).labels.len() > 300,
        "the bundled list is there at once"
    );
    type_text(&mut app, "claude-sonnet-4.5", t0);
    app.update(key(KeyCode::Char(' ')), t0);
    assert_eq!(
        picker(&app).query,
        "claude-sonnet-4.5",
        "space toggles, it does not type"
    );
    app.update(key(KeyCode::Backspace), t0);
    app.update(key(KeyCode::Char('6')), t0);
    app.update(key(KeyCode::Char(' ')), t0);
    assert_eq!(picker(&app).chosen.len(), 2);
    assert_eq!(picker(&app).allow(), picker::Allow::Chosen(2));
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(
        app.current().models,
        vec!["anthropic/claude-sonnet-4.5", "anthropic/claude-sonnet-4.6"]
    );
    // Ctrl+D unticks all; on the "all models" row Enter sends no allow-list.
    app.update(key(KeyCode::F(4)), t0);
    app.update(ctrl('d'), t0);
    assert_eq!(picker(&app).row(0), Some(picker::Row::All));
    app.update(key(KeyCode::Home), t0);
    app.update(key(KeyCode::PageUp), t0);
    assert_eq!(picker(&app).allow(), picker::Allow::All);
    app.update(key(KeyCode::Enter), t0);
    assert!(app.current().models.is_empty());
}

#[test]
fn enter_on_an_unticked_supai_model_sends_that_model_not_all() {
    let (mut app, t0) = app();
    app.update(key(KeyCode::F(2)), t0);
    app.update(key(KeyCode::F(4)), t0);
    type_text(&mut app, "opus", t0);
    let p = picker(&app);
    let Some(picker::Row::Item(x)) = p.row(p.cursor) else {
        panic!("{:?}", p.row(p.cursor));
    };
    let best = p.values[x].clone();
    assert!(best.contains("opus"), "{best}");
    assert_eq!(p.allow(), picker::Allow::Only(best.clone()));
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.current().models, vec![best]);
}

#[test]
fn esc_closes_the_picker_without_change() {
    let (mut app, t0) = app();
    app.update(key(KeyCode::F(4)), t0);
    type_text(&mut app, "other", t0);
    app.update(key(KeyCode::Esc), t0);
    assert_eq!(app.popup(), None);
    assert_eq!(app.current().model, "claude-sonnet-4-6");
}

#[test]
fn ctrl_o_picks_a_code_block_to_copy() {
    let (mut app, t0) = app();
    assert!(app.update(ctrl('o'), t0).is_empty());
    assert!(app.flash.is_some(), "says there is nothing to copy");
    let turn = send(&mut app, "code please", t0);
    let text = "First:\n\n```rust\nfn a() {}\n```\n\nSecond:\n\n```py\nprint(2)\n```\n";
    stream(&mut app, turn, StreamEvent::Text(text.into()), t0);
    done(&mut app, turn, RunEnd::Complete, t0);
    app.update(ctrl('o'), t0);
    assert_eq!(
        picker(&app).labels,
        vec!["rust · 1 line · fn a() {}", "py · 1 line · print(2)"]
    );
    app.update(key(KeyCode::Down), t0);
    assert_eq!(
        app.update(key(KeyCode::Enter), t0),
        vec![Effect::Copy("print(2)\n".into())]
    );
}

#[test]
fn missing_key_prompt_takes_a_pasted_key_and_asks_to_save_it() {
    let (mut app, t0) = app();
    app.config_path = Some("/home/ada/.config/supchat/config.toml".into());
    app.update(
        Event::KeyMissing {
            provider: "supage".into(),
            message: "no API key for provider \"supage\"".into(),
        },
        t0,
    );
    assert!(matches!(app.popup(), Some(Popup::Key(p)) if p.provider == 0));
    app.update(Event::Paste("  su-pasted-key\n".into()), t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    let [
        Effect::SaveKey {
            provider,
            key,
            path,
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(
        (provider.as_str(), key.expose()),
        ("supage", "su-pasted-key")
    );
    assert_eq!(
        path.as_deref(),
        Some(std::path::Path::new(
            "/home/ada/.config/supchat/config.toml"
        ))
    );
    assert!(
        !format!("{effects:?}").contains("su-pasted-key")
            && !format!("{:?}", app.popup()).contains("su-pasted-key"),
        "the key never shows in debug output"
    );
    // A failed save keeps the prompt open with the reason.
    app.update(
        Event::KeySaved {
            provider: "supage".into(),
            result: Err("disk full".into()),
        },
        t0,
    );
    assert!(
        matches!(app.popup(), Some(Popup::Key(p)) if p.error.as_deref() == Some("disk full") && !p.saving)
    );
    let saved = Ok((
        "/home/ada/.config/supchat/config.toml".into(),
        supchat_core::config::Secret::new("su-pasted-key"),
    ));
    app.update(
        Event::KeySaved {
            provider: "supage".into(),
            result: saved,
        },
        t0,
    );
    assert_eq!(app.popup(), None);
    assert_eq!(
        app.current().key.inline.as_ref().map(|s| s.expose()),
        Some("su-pasted-key")
    );
}

#[test]
fn key_prompt_can_be_skipped_or_left_for_another_provider() {
    let (mut app, t0) = app();
    app.update(
        Event::KeyMissing {
            provider: "supage".into(),
            message: "none".into(),
        },
        t0,
    );
    app.update(key(KeyCode::F(2)), t0);
    assert_eq!(app.popup(), None);
    assert_eq!(app.current().name, "supai");
    app.update(
        Event::KeyMissing {
            provider: "supai".into(),
            message: "none".into(),
        },
        t0,
    );
    app.update(key(KeyCode::Esc), t0);
    assert_eq!(app.popup(), None);
}

#[test]
fn tool_calls_become_cells_and_stay_out_of_the_history() {
    use supchat_api::event::ToolCallDelta;
    let (mut app, t0) = app();
    let turn = send(&mut app, "weather?", t0);
    stream(
        &mut app,
        turn,
        StreamEvent::Text("Let me check.".into()),
        t0,
    );
    let call = ToolCallDelta {
        slot: 0,
        id: Some("c1".into()),
        name: Some("get_weather".into()),
        arguments: "{\"city\":\"Paris\"}".into(),
    };
    stream(&mut app, turn, StreamEvent::ToolCall(call), t0);
    done(&mut app, turn, RunEnd::Complete, t0);
    let CellKind::ToolCall {
        reply: id,
        index: 0,
    } = app.cells.list[2].kind
    else {
        panic!("{:?}", app.cells.list[2])
    };
    let calls = app
        .conversation()
        .assistant(id)
        .unwrap()
        .reply
        .finished_tool_calls();
    assert_eq!(
        (calls[0].name.as_str(), calls[0].arguments.as_str()),
        ("get_weather", "{\"city\":\"Paris\"}")
    );
    let history = history::messages(app.conversation(), true);
    assert_eq!(history.len(), 2);
    assert!(
        history[1].tool_calls.is_empty(),
        "an unanswered call would make the next request fail"
    );
}

#[test]
fn footer_notices_end_with_their_cause() {
    use supchat_api::Notice;
    let (mut app, t0) = app();
    app.update(key(KeyCode::F(2)), t0);
    assert!(
        app.flash_message()
            .unwrap()
            .contains("next message goes to")
    );
    let turn = send(&mut app, "hi", t0);
    assert_eq!(app.flash_message(), None, "the next message was sent");
    let retry = Notice::Retrying {
        attempt: 1,
        max: 3,
        delay: Duration::from_secs(1),
        reason: "server error (HTTP 503)".into(),
    };
    stream(&mut app, turn, StreamEvent::Notice(retry.clone()), t0);
    assert!(app.flash_message().unwrap().contains("retrying"));
    stream(&mut app, turn, StreamEvent::Text("hello".into()), t0);
    assert_eq!(app.flash_message(), None, "the reply began");
    done(&mut app, turn, RunEnd::Complete, t0);
    // Retries that gave up: the notice goes with the turn.
    let turn = send(&mut app, "again", t0);
    stream(&mut app, turn, StreamEvent::Notice(retry), t0);
    let e = ApiError::Protocol("bad".into());
    done(&mut app, turn, RunEnd::Failed(e), t0);
    assert_eq!(app.flash_message(), None);
}

#[test]
fn a_rejected_key_opens_the_key_dialog_and_the_message_goes_again_once_saved() {
    let (mut app, t0) = app();
    let turn = send(&mut app, "my question", t0);
    let e = ApiError::Auth {
        provider: "supage".into(),
        status: 401,
        key_source: Some("the environment variable SUPAGE_API_KEY".into()),
        message: "invalid key".into(),
    };
    done(&mut app, turn, RunEnd::Failed(e), t0);
    let Some(Popup::Key(p)) = app.popup() else {
        panic!("{:?}", app.popup())
    };
    assert!(p.rejected && p.message.contains("rejected the API key"));
    assert!(p.resend.is_some());
    assert_eq!(
        app.draft(),
        "my question",
        "the prompt is back in the input box"
    );
    app.update(Event::Paste("su-new-key".into()), t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    assert!(matches!(effects.as_slice(), [Effect::SaveKey { .. }]));
    let saved = Ok((
        "/tmp/c.toml".into(),
        supchat_core::config::Secret::new("su-new-key"),
    ));
    let effects = app.update(
        Event::KeySaved {
            provider: "supage".into(),
            result: saved,
        },
        t0,
    );
    let [Effect::StartTurn(req)] = effects.as_slice() else {
        panic!("the message is sent again: {effects:?}")
    };
    assert_eq!(req.messages, vec![Message::user("my question")]);
    assert_eq!(
        req.provider.key.inline.as_ref().unwrap().expose(),
        "su-new-key"
    );
    assert_eq!(app.draft(), "", "taken back out of the input box");
    assert_eq!(
        app.conversation()
            .entries()
            .iter()
            .filter(|e| matches!(e.kind, EntryKind::User { .. }))
            .count(),
        1,
        "the prompt is not repeated in the transcript"
    );
}

#[test]
fn an_editor_failing_after_saving_keeps_the_text_and_says_so() {
    let (mut app, t0) = app();
    let done = Ok((
        "edited text\n".to_owned(),
        Some("`vi` exited with 1; your saved text is kept".to_owned()),
    ));
    app.update(Event::EditorDone(done), t0);
    assert_eq!(app.draft(), "edited text");
    assert!(app.flash_message().unwrap().contains("saved text is kept"));
}

#[test]
fn a_paste_too_long_for_the_box_is_refused_with_a_reason_not_cut() {
    let (mut app, t0) = app();
    type_text(&mut app, "keep me", t0);
    app.update(Event::Paste("x\n".repeat(70_000)), t0);
    assert_eq!(app.draft(), "keep me", "nothing added, nothing lost");
    assert!(app.flash_message().unwrap().contains("up to 60000"));
    app.update(Event::Paste("y\n".repeat(1000)), t0);
    assert_eq!(app.input.lines().len(), 1001);
}

#[test]
fn messages_typed_while_a_reply_streams_are_queued_and_sent_in_turn() {
    let (mut app, t0) = app();
    let turn = send(&mut app, "one", t0);
    type_text(&mut app, "two", t0);
    assert!(
        app.update(key(KeyCode::Enter), t0).is_empty(),
        "not sent yet"
    );
    type_text(&mut app, "three", t0);
    app.update(key(KeyCode::Enter), t0);
    type_text(&mut app, "four", t0);
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.queued(), ["two", "three", "four"]);
    assert_eq!(app.draft(), "", "the input box is free again");
    // Esc removes the newest queued message, not the reply.
    assert!(app.update(key(KeyCode::Esc), t0).is_empty());
    assert_eq!(app.queued(), ["two", "three"]);
    assert!(app.is_busy());
    stream(&mut app, turn, StreamEvent::Text("1".into()), t0);
    let effects = app.update(
        Event::TurnDone {
            turn,
            end: RunEnd::Complete,
        },
        t0,
    );
    let [Effect::StartTurn(r)] = effects.as_slice() else {
        panic!("the next queued message goes: {effects:?}");
    };
    assert_eq!(r.messages.last().map(|m| m.content.as_str()), Some("two"));
    assert_eq!(app.queued(), ["three"]);
    // A failed reply holds the queue; Enter on an empty box sends it.
    let effects = app.update(
        Event::TurnDone {
            turn: r.turn,
            end: RunEnd::Failed(ApiError::Protocol("broken".into())),
        },
        t0,
    );
    assert!(effects.is_empty());
    assert_eq!(app.queued(), ["three"]);
    assert!(
        app.flash_message()
            .unwrap()
            .contains("1 queued message held")
    );
    // The failed message is back in the box: Enter sends it first, and the
    // queue follows once it is answered.
    assert_eq!(app.draft(), "two");
    let effects = app.update(key(KeyCode::Enter), t0);
    let [Effect::StartTurn(r)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(r.messages.last().map(|m| m.content.as_str()), Some("two"));
    assert_eq!(app.queued(), ["three"]);
    let turn = r.turn;
    stream(&mut app, turn, StreamEvent::Text("2".into()), t0);
    let effects = app.update(
        Event::TurnDone {
            turn,
            end: RunEnd::Complete,
        },
        t0,
    );
    assert!(
        matches!(effects.as_slice(), [Effect::StartTurn(r)] if r.messages.last().map(|m| m.content.as_str()) == Some("three"))
    );
    assert!(app.queued().is_empty());
    // With nothing in the box, Enter sends a held queue.
    let (mut app, t0) = self::app();
    let turn = send(&mut app, "a", t0);
    type_text(&mut app, "b", t0);
    app.update(key(KeyCode::Enter), t0);
    let end = RunEnd::Failed(ApiError::Protocol("broken".into()));
    app.update(Event::TurnDone { turn, end }, t0);
    assert_eq!(app.draft(), "a");
    app.update(ctrl('c'), t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    assert!(
        matches!(effects.as_slice(), [Effect::StartTurn(r)] if r.messages.last().map(|m| m.content.as_str()) == Some("b"))
    );
}

#[test]
fn a_prompt_preset_sets_the_system_prompt_provider_and_model() {
    let text = r#"
system_prompt = "Be brief."
[prompts.reviewer]
system_prompt = "You review Rust code."
provider = "supage"
model = "claude-opus-4-1"
temperature = 0.2
[prompts.planner]
system_prompt = "You plan."
provider = "supai"
mode = "deep-thinking"
"#;
    let cfg =
        supchat_core::config::load_from_str(text, std::path::Path::new("/x/config.toml")).unwrap();
    let t0 = Now::read();
    let mut app = App::new(&cfg, (80, 24));
    // No preset: the config's own system prompt goes first.
    let effects = {
        type_text(&mut app, "hi", t0);
        app.update(key(KeyCode::Enter), t0)
    };
    let [Effect::StartTurn(r)] = effects.as_slice() else {
        panic!()
    };
    assert_eq!(r.messages[0], Message::system("Be brief."));
    let turn = r.turn;
    done(&mut app, turn, RunEnd::Complete, t0);
    // F8 picks "reviewer": its provider, model and temperature, its prompt.
    app.update(key(KeyCode::F(8)), t0);
    type_text(&mut app, "review", t0);
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.preset_name(), Some("reviewer"));
    assert_eq!(app.current().model, "claude-opus-4-1");
    assert_eq!(app.current().temperature, Some(0.2));
    type_text(&mut app, "check this", t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    let [Effect::StartTurn(r)] = effects.as_slice() else {
        panic!()
    };
    let systems: Vec<&Message> = r
        .messages
        .iter()
        .filter(|m| m.role == Role::System)
        .collect();
    assert_eq!(
        systems,
        [&Message::system("You review Rust code.")],
        "only the newest goes"
    );
    assert_eq!(r.messages[0].role, Role::System);
    assert_eq!(r.provider.temperature, Some(0.2));
    done(&mut app, r.turn, RunEnd::Complete, t0);
    assert_eq!(
        app.engine().system(),
        Some(("You review Rust code.", Some("reviewer")))
    );
    // Another preset switches provider and mode; the temperature is undone.
    app.update(key(KeyCode::F(8)), t0);
    type_text(&mut app, "planner", t0);
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.current().name, "supai");
    assert_eq!(app.current().mode, "deep-thinking");
    assert_eq!(app.providers()[0].temperature, None);
    assert_eq!(
        app.providers()[0].model,
        "claude-sonnet-4-6",
        "the preset's model goes too"
    );
    // None: the mode the preset chose goes back.
    type_text(&mut app, "/prompt none", t0);
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.current().mode, "auto");
    assert_eq!(app.preset_name(), None);
}

#[test]
fn slash_commands_palette_and_completion() {
    let (mut app, t0) = app();
    // A command runs and leaves the box empty.
    type_text(&mut app, "/provider supai", t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    assert!(
        matches!(&effects[..], [Effect::Remember(r)] if r.provider.as_deref() == Some("supai")),
        "the choice is remembered for the next run: {effects:?}"
    );
    assert_eq!(app.current().name, "supai");
    assert_eq!(app.draft(), "");
    type_text(&mut app, "/mode deep-thinking", t0);
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.current().mode, "deep-thinking");
    // Hints while typing a /word; Tab takes the first.
    type_text(&mut app, "/mo", t0);
    let hints: Vec<&str> = app.command_hints().iter().filter_map(|c| c.slash).collect();
    assert_eq!(hints, ["model", "mode"]);
    app.update(key(KeyCode::Tab), t0);
    assert_eq!(app.draft(), "/model ");
    app.input = app.new_input();
    // A name typed whole is kept, though a longer one starts with it.
    type_text(&mut app, "/mode", t0);
    app.update(key(KeyCode::Tab), t0);
    assert_eq!(app.draft(), "/mode ");
    app.input = app.new_input();
    // Not a command: said, and the draft stays.
    type_text(&mut app, "/nope", t0);
    assert!(app.update(key(KeyCode::Enter), t0).is_empty());
    assert_eq!(app.draft(), "/nope");
    assert!(app.flash_message().unwrap().starts_with("no command /nope"));
    app.input = app.new_input();
    // // sends a message that starts with /.
    type_text(&mut app, "//etc/hosts is what?", t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    let [Effect::StartTurn(r)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(r.messages.last().unwrap().content, "/etc/hosts is what?");
    let turn = r.turn;
    stream(&mut app, turn, StreamEvent::Text("a file".into()), t0);
    done(&mut app, turn, RunEnd::Complete, t0);
    // /retry answers it again, with another provider too.
    type_text(&mut app, "/retry supage", t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    let [Effect::StartTurn(r)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(r.provider.name, "supage");
    assert_eq!(r.messages, vec![Message::user("/etc/hosts is what?")]);
    done(&mut app, r.turn, RunEnd::Complete, t0);
    // /export writes Markdown off the loop.
    type_text(&mut app, "/export /tmp/x.md", t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    let [Effect::Export { path, text }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(path, std::path::Path::new("/tmp/x.md"));
    assert!(text.contains("/etc/hosts is what?"), "{text}");
    type_text(&mut app, "/export json", t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    let [Effect::Export { path, text }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert!(path.to_string_lossy().ends_with(".json"));
    assert!(text.contains("\"supchat_session\""), "{text}");
    // The palette lists every command; Enter runs the one chosen.
    app.update(ctrl('p'), t0);
    type_text(&mut app, "new conv", t0);
    assert_eq!(
        app.update(key(KeyCode::Enter), t0),
        vec![Effect::NewSession]
    );
}

#[test]
fn the_context_meter_warns_near_the_limit() {
    let text = "[providers.supage]\ncontext_tokens = 1000\n";
    let cfg = supchat_core::config::load_from_str(text, std::path::Path::new("/x/c.toml")).unwrap();
    let t0 = Now::read();
    let mut app = App::new(&cfg, (80, 24));
    assert_eq!(app.current().context_window(), Some(1000));
    let turn = send(&mut app, "hi", t0);
    stream(&mut app, turn, StreamEvent::Text("ok".into()), t0);
    let usage = supchat_chat::Usage {
        prompt_tokens: Some(900),
        completion_tokens: Some(20),
        total_tokens: Some(920),
        ..Default::default()
    };
    stream(&mut app, turn, StreamEvent::Usage(usage), t0);
    done(&mut app, turn, RunEnd::Complete, t0);
    assert!(
        app.flash_message()
            .unwrap()
            .starts_with("this conversation fills 92% of the model's context"),
        "{:?}",
        app.flash_message()
    );
}

#[test]
fn at_words_attach_files_read_off_the_loop() {
    let (mut app, t0) = app();
    type_text(&mut app, "summarise @notes.txt and @shot.png", t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    assert_eq!(
        effects,
        vec![Effect::LoadAttachments(
            "summarise @notes.txt and @shot.png".into()
        )]
    );
    let files = vec![
        supchat_chat::Attachment {
            name: "notes.txt".into(),
            mime: "text/plain".into(),
            data: "line one\n".into(),
            bytes: 9,
        },
        supchat_chat::Attachment {
            name: "shot.png".into(),
            mime: "image/png".into(),
            data: "iVBORw0K".into(),
            bytes: 6,
        },
    ];
    let effects = app.update(
        Event::AttachmentsRead {
            text: "summarise @notes.txt and @shot.png".into(),
            result: Ok(files),
        },
        t0,
    );
    let [Effect::StartTurn(r)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let m = r.messages.last().unwrap();
    assert_eq!(
        m.content,
        "summarise @notes.txt and @shot.png\n\n`notes.txt`:\n```txt\nline one\n```"
    );
    assert_eq!(
        m.images,
        vec![("image/png".to_owned(), "iVBORw0K".to_owned())]
    );
    done(&mut app, r.turn, RunEnd::Complete, t0);
    // A file that cannot be attached: said, and the message comes back.
    type_text(&mut app, "look at @big.log", t0);
    app.update(key(KeyCode::Enter), t0);
    let effects = app.update(
        Event::AttachmentsRead {
            text: "look at @big.log".into(),
            result: Err(
                "cannot attach big.log: 900 KiB is too long for a text file (at most 256 KiB)"
                    .into(),
            ),
        },
        t0,
    );
    assert!(effects.is_empty());
    assert_eq!(app.draft(), "look at @big.log");
    assert!(app.flash_message().unwrap().contains("too long"));
}

#[test]
fn a_selected_message_is_copied_or_edited_into_a_branch() {
    let (mut app, t0) = app();
    for (q, a) in [
        ("first ask", "first answer"),
        ("second ask", "second answer"),
    ] {
        let turn = send(&mut app, q, t0);
        stream(&mut app, turn, StreamEvent::Text(a.into()), t0);
        done(&mut app, turn, RunEnd::Complete, t0);
    }
    let alt = |code| Event::Key(KeyEvent::new(code, KeyModifiers::ALT));
    // Alt+Up from the bottom: the newest reply, then your message above it.
    app.update(alt(KeyCode::Up), t0);
    assert_eq!(
        app.update(key(KeyCode::Char('y')), t0),
        vec![Effect::Copy("second answer".into())]
    );
    assert_eq!(app.selected(), None, "an action lets go");
    for _ in 0..4 {
        app.update(alt(KeyCode::Up), t0);
    }
    // Four up from the bottom: "first ask"; e puts it in the box to edit.
    app.update(key(KeyCode::Char('e')), t0);
    assert_eq!(app.draft(), "first ask");
    assert!(app.editing().is_some());
    for _ in 0.."ask".len() {
        app.update(key(KeyCode::Backspace), t0);
    }
    type_text(&mut app, "question", t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    let [Effect::StartTurn(r)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(
        r.messages,
        vec![Message::user("first question")],
        "the branch starts at the edit"
    );
    assert_eq!(app.editing(), None);
    // The earlier branch is still there.
    assert_eq!(app.conversation().len(), 5);
}

#[test]
fn keys_can_be_rebound_and_the_help_says_so() {
    let text = "[keys]\npalette = \"alt+p\"\nsessions = \"ctrl+s\"\n";
    let cfg = supchat_core::config::load_from_str(text, std::path::Path::new("/x/c.toml")).unwrap();
    let t0 = Now::read();
    let mut app = App::new(&cfg, (80, 24));
    app.update(
        Event::Key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::ALT)),
        t0,
    );
    assert!(matches!(app.popup(), Some(Popup::Picker(p)) if p.kind == picker::PickerKind::Command));
    app.update(key(KeyCode::Esc), t0);
    // Ctrl+P is free now: nothing opens.
    app.update(ctrl('p'), t0);
    assert!(app.popup().is_none());
    let help = crate::tui::view::help::rows(app.keymap());
    let key_of = |does: &str| {
        help.iter()
            .find(|(_, d)| *d == does)
            .map(|(k, _)| k.as_str())
    };
    assert_eq!(
        key_of("commands: every action by name (also /name in the input box)"),
        Some("Alt+P")
    );
    assert_eq!(
        key_of("sessions: resume, search, rename, delete"),
        Some("Ctrl+S")
    );
    let bad = "[keys]\nfind = \"f5\"\n";
    let e =
        supchat_core::config::load_from_str(bad, std::path::Path::new("/x/c.toml")).unwrap_err();
    assert!(e.message.contains("F5 is bound to both"), "{e}");
    assert!(
        e.to_string().contains("c.toml:2:"),
        "the line of the binding: {e}"
    );
}

/// The find bar and the session list answer to the keys as bound: the
/// find key steps to an older match, the quit key quits from the bar, and
/// Ctrl+F, no longer bound, is nothing there.
#[test]
fn the_find_bar_answers_to_rebound_keys() {
    let text = "[keys]\nfind = \"f9\"\nquit = \"alt+q\"\n";
    let cfg = supchat_core::config::load_from_str(text, std::path::Path::new("/x/c.toml")).unwrap();
    let t0 = Now::read();
    let mut app = App::new(&cfg, (80, 24));
    for q in ["one apple", "two apples"] {
        let turn = send(&mut app, q, t0);
        stream(&mut app, turn, StreamEvent::Text(format!("{q} here")), t0);
        done(&mut app, turn, RunEnd::Complete, t0);
    }
    app.update(key(KeyCode::F(9)), t0);
    assert!(app.find().is_some(), "F9 opens the find bar");
    type_text(&mut app, "apple", t0);
    let newest = app.find().and_then(|f| f.at);
    app.update(key(KeyCode::F(9)), t0);
    assert_ne!(
        app.find().and_then(|f| f.at),
        newest,
        "F9 again: an older match"
    );
    app.update(ctrl('f'), t0);
    assert_eq!(app.find().map(|f| f.query.as_str()), Some("apple"));
    let effects = app.update(
        Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT)),
        t0,
    );
    assert!(effects.contains(&Effect::Quit), "{effects:?}");
}

#[test]
fn a_turn_is_deleted_after_a_yes() {
    let (mut app, t0) = app();
    for (q, a) in [("keep me", "kept"), ("delete me", "gone")] {
        let turn = send(&mut app, q, t0);
        stream(&mut app, turn, StreamEvent::Text(a.into()), t0);
        done(&mut app, turn, RunEnd::Complete, t0);
    }
    let alt = |code| Event::Key(KeyEvent::new(code, KeyModifiers::ALT));
    app.update(alt(KeyCode::Up), t0);
    app.update(key(KeyCode::Char('d')), t0);
    // Any other key keeps it.
    app.update(key(KeyCode::Char('n')), t0);
    assert_eq!(app.conversation().len(), 4);
    app.update(alt(KeyCode::Up), t0);
    app.update(key(KeyCode::Char('d')), t0);
    app.update(key(KeyCode::Char('y')), t0);
    assert_eq!(app.conversation().len(), 2);
    assert_eq!(app.cells().list.len(), 2, "the screen shows what is left");
    assert_eq!(app.flash_message(), Some("turn deleted"));
}

#[test]
fn a_dropped_file_path_is_pasted_as_an_attachment() {
    let (mut app, t0) = app();
    app.update(Event::Paste("'/home/ada/shot.png'".into()), t0);
    assert_eq!(app.draft(), "@/home/ada/shot.png ");
    let (mut app, t0) = self::app();
    app.update(Event::Paste("see /etc/hosts for that".into()), t0);
    assert_eq!(
        app.draft(),
        "see /etc/hosts for that",
        "a sentence stays as it is"
    );
    let (mut app, t0) = self::app();
    app.update(Event::Paste("file:///tmp/notes.txt".into()), t0);
    assert_eq!(app.draft(), "@/tmp/notes.txt ");
    // Percent-encoded by the terminal: a name with a space, quoted so that
    // it attaches as one.
    let (mut app, t0) = self::app();
    app.update(Event::Paste("file:///tmp/a%20b.txt".into()), t0);
    assert_eq!(app.draft(), "@\"/tmp/a b.txt\" ");
}

#[test]
fn attach_picks_a_file_of_the_folder() {
    let (mut app, t0) = app();
    type_text(&mut app, "/attach", t0);
    assert_eq!(
        app.update(key(KeyCode::Enter), t0),
        vec![Effect::CompletePath(String::new())]
    );
    app.update(
        Event::Completions {
            partial: String::new(),
            names: vec!["notes.txt".into(), "src/".into()],
        },
        t0,
    );
    assert!(matches!(app.popup(), Some(Popup::Picker(p)) if p.kind == picker::PickerKind::Attach));
    type_text(&mut app, "not", t0);
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.draft(), "@notes.txt ");
}

/// Names with spaces complete in quotes, so that they attach; the picker
/// puts them in quotes too.
#[test]
fn file_names_with_spaces_complete_in_quotes() {
    let (mut app, t0) = app();
    type_text(&mut app, "read @my", t0);
    assert_eq!(
        app.update(key(KeyCode::Tab), t0),
        vec![Effect::CompletePath("my".into())]
    );
    let names = vec!["my file.txt".to_owned(), "my other.txt".to_owned()];
    app.update(
        Event::Completions {
            partial: "my".into(),
            names,
        },
        t0,
    );
    // Their common start, in an open quote; the list reads unambiguously.
    assert_eq!(app.draft(), "read @\"my ");
    assert!(app.flash_message().unwrap().contains("\"my file.txt\""));
    type_text(&mut app, "f", t0);
    assert_eq!(
        app.update(key(KeyCode::Tab), t0),
        vec![Effect::CompletePath("my f".into())]
    );
    app.update(
        Event::Completions {
            partial: "my f".into(),
            names: vec!["my file.txt".into()],
        },
        t0,
    );
    assert_eq!(app.draft(), "read @\"my file.txt\" ");
    assert!(app.flash_message().is_none(), "the list went with it");
    assert_eq!(
        supchat_core::attach::candidates(&app.draft()),
        ["my file.txt"]
    );
    // The /attach picker.
    app.input = app.new_input();
    type_text(&mut app, "/attach", t0);
    app.update(key(KeyCode::Enter), t0);
    app.update(
        Event::Completions {
            partial: String::new(),
            names: vec!["my file.txt".into()],
        },
        t0,
    );
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.draft(), "@\"my file.txt\" ");
}

#[test]
fn every_command_is_known_to_slash_and_palette() {
    let (mut app, t0) = app();
    type_text(&mut app, "/find hello", t0);
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.find().map(|f| f.query.as_str()), Some("hello"));
    let names: Vec<&str> = supchat_core::config::commands::COMMANDS
        .iter()
        .filter_map(|c| c.slash)
        .collect();
    for n in [
        "new", "retry", "provider", "model", "mode", "prompt", "resume", "find", "attach",
        "export", "copy", "code", "help", "quit",
    ] {
        assert!(names.contains(&n), "/{n} is missing");
    }
}

#[test]
fn r_on_an_earlier_message_answers_it_again_as_a_branch() {
    let (mut app, t0) = app();
    for (q, a) in [
        ("first ask", "first answer"),
        ("second ask", "second answer"),
    ] {
        let turn = send(&mut app, q, t0);
        stream(&mut app, turn, StreamEvent::Text(a.into()), t0);
        done(&mut app, turn, RunEnd::Complete, t0);
    }
    let alt = |code| Event::Key(KeyEvent::new(code, KeyModifiers::ALT));
    for _ in 0..3 {
        app.update(alt(KeyCode::Up), t0);
    }
    // "first answer" is selected: r answers "first ask" again, from there.
    let effects = app.update(key(KeyCode::Char('r')), t0);
    let [Effect::StartTurn(r)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(r.messages, vec![Message::user("first ask")]);
}

#[test]
fn tab_completes_the_argument_of_a_command() {
    let (mut app, t0) = app();
    type_text(&mut app, "/provider su", t0);
    app.update(key(KeyCode::Tab), t0);
    assert_eq!(app.draft(), "/provider supage");
    app.input = app.new_input();
    type_text(&mut app, "/mode dee", t0);
    app.update(key(KeyCode::Tab), t0);
    assert_eq!(app.draft(), "/mode deep-thinking");
    // Several start so: Tab again goes to the next, round, and they are
    // listed.
    app.input = app.new_input();
    type_text(&mut app, "/provider s", t0);
    app.update(key(KeyCode::Tab), t0);
    assert_eq!(app.draft(), "/provider supage");
    assert!(
        app.flash_message().unwrap().contains("supage, supai · Tab"),
        "{:?}",
        app.flash_message()
    );
    app.update(key(KeyCode::Tab), t0);
    assert_eq!(app.draft(), "/provider supai");
    app.update(key(KeyCode::Tab), t0);
    assert_eq!(app.draft(), "/provider supage");
    // Nothing to complete: said, and no tab goes into the draft.
    app.input = app.new_input();
    type_text(&mut app, "/model ", t0);
    app.update(key(KeyCode::Tab), t0);
    assert_eq!(app.draft(), "/model ");
    assert!(app.flash_message().unwrap().contains("nothing to complete"));
    // A name that could be several is said so.
    app.input = app.new_input();
    type_text(&mut app, "/provider su", t0);
    app.update(key(KeyCode::Enter), t0);
    assert!(
        app.flash_message()
            .unwrap()
            .contains("\"su\" could be supage or supai"),
        "{:?}",
        app.flash_message()
    );
}

/// Paging measures the conversation by the layout the frame is drawn
/// with: rows taken by the command hints (or the Sup.ai panel below the
/// conversation) are not paged over.
#[test]
fn a_page_is_the_conversation_as_drawn_less_two_rows() {
    let (mut app, t0) = app();
    app.update(measured(Some(100)), t0);
    type_text(&mut app, "/mo", t0);
    // 24 rows: header 1, hints 2 (/model, /mode), input 1 + its border,
    // footer 1: the conversation has 18.
    assert_eq!(app.layout(app.screen()).conversation.height, 18);
    app.update(key(KeyCode::PageUp), t0);
    assert_eq!(app.scroll.from_bottom, 16);
}
