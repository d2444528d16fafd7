//! `/compare`: one question to several targets at once, their answers
//! side by side, one chosen to go on with.

use super::*;

/// The chat with keys for both built-in providers.
fn app() -> (App, Now) {
    let cfg = supchat_core::config::load_from_str(
        "[providers.supage]\napi_key = \"su-test-aaaa\"\n[providers.supai]\napi_key = \"sa-test-bbbb\"\n",
        std::path::Path::new("/tmp/supchat-test/config.toml"),
    )
    .unwrap();
    (App::new(&cfg, (80, 24)), Now::read())
}

fn alt(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT))
}

/// Arms `/compare supage supai:fast`, sends `q`: the two requests.
fn compare(app: &mut App, q: &str, now: Now) -> Vec<supchat_core::engine::TurnRequest> {
    type_text(app, "/compare supage supai:fast", now);
    assert!(app.update(key(KeyCode::Enter), now).is_empty());
    assert!(app.compare_armed().is_some());
    type_text(app, q, now);
    app.update(key(KeyCode::Enter), now)
        .into_iter()
        .map(|e| match e {
            Effect::StartTurn(r) => *r,
            other => panic!("expected requests, got {other:?}"),
        })
        .collect()
}

fn texts(app: &App) -> Vec<(String, Option<u8>)> {
    app.conversation()
        .entries()
        .iter()
        .filter_map(|e| match &e.kind {
            EntryKind::Assistant(a) => Some((a.reply.text.clone(), a.compare)),
            _ => None,
        })
        .collect()
}

#[test]
fn the_next_message_goes_to_every_target_at_once_with_the_same_history() {
    let (mut app, t0) = app();
    let first = send(&mut app, "hello", t0);
    stream(&mut app, first, StreamEvent::Text("hi".into()), t0);
    done(&mut app, first, RunEnd::Complete, t0);

    let reqs = compare(&mut app, "which is faster?", t0);
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].provider.name, "supage");
    assert_eq!(reqs[1].provider.name, "supai");
    assert_eq!(reqs[1].provider.model_label(), "fast");
    assert_eq!(reqs[0].messages, reqs[1].messages, "the same history");
    assert_eq!(reqs[0].messages.len(), 3);
    assert_ne!(reqs[0].turn, reqs[1].turn);
    assert!(app.is_busy());
    assert!(
        app.compare_armed().is_none(),
        "a compare is for one message"
    );

    // They stream at once, each into its own lane.
    stream(&mut app, reqs[1].turn, StreamEvent::Text("B is".into()), t0);
    stream(&mut app, reqs[0].turn, StreamEvent::Text("A is".into()), t0);
    stream(
        &mut app,
        reqs[1].turn,
        StreamEvent::Text(" fast".into()),
        t0,
    );
    let c = app.compare().unwrap();
    let lane_text = |n: usize| {
        let conv = c.lanes[n].session.conversation();
        conv.first_line(conv.entries().last().unwrap().id)
            .to_owned()
    };
    assert_eq!(
        (lane_text(0), lane_text(1)),
        ("A is".into(), "B is fast".into())
    );
    assert_eq!(
        texts(&app).len(),
        1,
        "nothing joins the conversation before all end"
    );
    done(&mut app, reqs[1].turn, RunEnd::Complete, t0);
    assert!(app.is_busy(), "one still streams");
    done(&mut app, reqs[0].turn, RunEnd::Complete, t0);
    assert!(!app.is_busy());
    assert_eq!(
        texts(&app),
        [
            ("hi".to_owned(), None),
            ("A is".to_owned(), Some(1)),
            ("B is fast".to_owned(), Some(2))
        ]
    );
    assert!(
        app.compare().is_some(),
        "the view stays until one is chosen"
    );

    // Alt+1: the conversation goes on with the first answer.
    app.update(alt('1'), t0);
    assert!(app.compare().is_none());
    let next = match app.update(key(KeyCode::Enter), t0).as_slice() {
        [] => {
            type_text(&mut app, "why?", t0);
            match app.update(key(KeyCode::Enter), t0).as_slice() {
                [Effect::StartTurn(r)] => r.messages.clone(),
                other => panic!("{other:?}"),
            }
        }
        other => panic!("{other:?}"),
    };
    let said: Vec<&str> = next.iter().map(|m| m.content.as_str()).collect();
    assert_eq!(said, ["hello", "hi", "which is faster?", "A is", "why?"]);
}

#[test]
fn esc_stops_every_answer_and_alt_n_stops_one() {
    let (mut app, t0) = app();
    let reqs = compare(&mut app, "q", t0);
    stream(
        &mut app,
        reqs[0].turn,
        StreamEvent::Text("part one".into()),
        t0,
    );
    stream(
        &mut app,
        reqs[1].turn,
        StreamEvent::Text("part two".into()),
        t0,
    );
    let effects = app.update(alt('2'), t0);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::CancelTurn(t) if *t == reqs[1].turn)),
        "{effects:?}"
    );
    assert!(app.is_busy(), "the first still streams");
    stream(
        &mut app,
        reqs[0].turn,
        StreamEvent::Text(" more".into()),
        t0,
    );
    let effects = app.update(key(KeyCode::Esc), t0);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::CancelTurn(t) if *t == reqs[0].turn)),
        "{effects:?}"
    );
    assert!(!app.is_busy());
    let ends: Vec<_> = app
        .conversation()
        .entries()
        .iter()
        .filter_map(|e| match &e.kind {
            EntryKind::Assistant(a) => Some((a.reply.text.clone(), a.end.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        ends,
        [
            ("part one more".to_owned(), ReplyEnd::Cancelled),
            ("part two".to_owned(), ReplyEnd::Cancelled)
        ],
        "what arrived is kept"
    );
    // Late tokens of a stopped answer change nothing.
    stream(&mut app, reqs[0].turn, StreamEvent::Text("late".into()), t0);
    assert_eq!(texts(&app)[0].0, "part one more");
}

#[test]
fn a_message_typed_while_the_answers_stream_waits_for_all_of_them() {
    let (mut app, t0) = app();
    let reqs = compare(&mut app, "q", t0);
    type_text(&mut app, "next", t0);
    assert!(app.update(key(KeyCode::Enter), t0).is_empty());
    done(&mut app, reqs[0].turn, RunEnd::Complete, t0);
    stream(&mut app, reqs[1].turn, StreamEvent::Text("two".into()), t0);
    let effects = app.update(
        Event::TurnDone {
            turn: reqs[1].turn,
            end: RunEnd::Complete,
        },
        t0,
    );
    let [Effect::StartTurn(r)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    // It goes on with the last answer (none was chosen).
    let said: Vec<&str> = r.messages.iter().map(|m| m.content.as_str()).collect();
    assert_eq!(said, ["q", "two", "next"]);
}

#[test]
fn a_target_without_a_key_or_named_twice_is_refused_before_anything_goes() {
    // The default config's providers read their keys from variables that
    // tests leave unset.
    let (mut keyless, t0) = super::app();
    type_text(&mut keyless, "/compare supage supai", t0);
    keyless.update(key(KeyCode::Enter), t0);
    assert!(keyless.compare_armed().is_none());
    let said = keyless.flash_message().unwrap_or_default().to_owned();
    assert!(
        said.contains("no API key for provider \"supage\""),
        "{said}"
    );
    let (mut app, t0) = app();
    type_text(&mut app, "/compare supage supage", t0);
    app.update(key(KeyCode::Enter), t0);
    assert!(app.compare_armed().is_none());
    assert!(
        app.flash_message()
            .is_some_and(|f| f.contains("named twice"))
    );
}

#[test]
fn bad_targets_are_refused_and_nothing_is_sent() {
    let (mut app, t0) = app();
    type_text(&mut app, "/compare supage nope", t0);
    app.update(key(KeyCode::Enter), t0);
    assert!(app.compare_armed().is_none());
    assert!(
        app.flash_message().is_some_and(|f| f.contains("nope")),
        "{:?}",
        app.flash_message()
    );
    type_text(&mut app, "/compare supage", t0);
    app.update(key(KeyCode::Enter), t0);
    assert!(app.compare_armed().is_none());
}

#[test]
fn a_stopped_answer_does_not_go_on_when_another_is_whole() {
    let (mut app, t0) = app();
    let reqs = compare(&mut app, "q", t0);
    stream(
        &mut app,
        reqs[0].turn,
        StreamEvent::Text("whole".into()),
        t0,
    );
    done(&mut app, reqs[0].turn, RunEnd::Complete, t0);
    stream(
        &mut app,
        reqs[1].turn,
        StreamEvent::Text("cut sh".into()),
        t0,
    );
    app.update(alt('2'), t0);
    assert!(!app.is_busy());
    assert_eq!(app.compare().map(|c| c.going_on()), Some(0));
    // A message typed while one was stopped waited; sent now, it carries
    // the whole answer.
    type_text(&mut app, "next", t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    let [Effect::StartTurn(r)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let said: Vec<&str> = r.messages.iter().map(|m| m.content.as_str()).collect();
    assert_eq!(said, ["q", "whole", "next"]);
}

#[test]
fn esc_takes_back_a_waiting_message_before_it_stops_the_answers() {
    let (mut app, t0) = app();
    let reqs = compare(&mut app, "q", t0);
    type_text(&mut app, "later", t0);
    app.update(key(KeyCode::Enter), t0);
    let effects = app.update(key(KeyCode::Esc), t0);
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::CancelTurn(_))),
        "{effects:?}"
    );
    assert!(app.is_busy(), "still streaming");
    assert_eq!(app.draft(), "later", "given back into the box");
    let effects = app.update(key(KeyCode::Esc), t0);
    assert_eq!(
        effects
            .iter()
            .filter(|e| matches!(e, Effect::CancelTurn(_)))
            .count(),
        2
    );
    let _ = reqs;
}

#[test]
fn going_on_with_an_answer_after_another_branch_was_taken_sends_that_answer() {
    let (mut app, t0) = app();
    let reqs = compare(&mut app, "q", t0);
    stream(&mut app, reqs[0].turn, StreamEvent::Text("one".into()), t0);
    done(&mut app, reqs[0].turn, RunEnd::Complete, t0);
    stream(&mut app, reqs[1].turn, StreamEvent::Text("two".into()), t0);
    done(&mut app, reqs[1].turn, RunEnd::Complete, t0);
    // The user goes back to answer 1 by hand (← on it), then to answer 2
    // (the one that went on), and then asks for 1 with Alt+1.
    let q = app.compare().unwrap().question;
    let one = app.lane_answer(q, 0).unwrap();
    let (_, _, outs) = app.session.switch_branch(one, 0, t0).unwrap();
    app.present(outs, t0);
    app.recount();
    assert_eq!(app.compare_going_on(), Some(0));
    let two = app.lane_answer(q, 1).unwrap();
    let (_, _, outs) = app.session.switch_branch(two, 0, t0).unwrap();
    app.present(outs, t0);
    app.recount();
    assert_eq!(app.compare_going_on(), Some(1));
    app.update(alt('1'), t0);
    type_text(&mut app, "next", t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    let [Effect::StartTurn(r)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let said: Vec<&str> = r.messages.iter().map(|m| m.content.as_str()).collect();
    assert_eq!(said, ["q", "one", "next"]);
}

#[test]
fn a_new_conversation_closes_the_compare_and_forgets_the_wire() {
    let (mut app, t0) = app();
    let reqs = compare(&mut app, "q", t0);
    for r in &reqs {
        app.update(
            Event::Stream {
                turn: r.turn,
                event: StreamEvent::Wire(Box::new(supchat_api::event::Wire::Data {
                    attempt: 1,
                    ms: 5,
                    text: "data: {}".into(),
                })),
            },
            t0,
        );
        stream(&mut app, r.turn, StreamEvent::Text("a".into()), t0);
        done(&mut app, r.turn, RunEnd::Complete, t0);
    }
    assert!(app.compare().is_some());
    assert!(!app.wire.exchanges.is_empty());
    app.update(Event::NewSessionReady(None), t0);
    assert!(app.compare().is_none(), "no view over the new conversation");
    assert!(app.wire.exchanges.is_empty(), "entry ids start again at 1");
}
