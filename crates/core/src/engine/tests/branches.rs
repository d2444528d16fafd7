//! Retrying, editing and deleting turns, and a driver that keeps only the
//! end of a reply.

use super::*;

#[test]
fn a_driver_that_keeps_nothing_holds_only_the_end_of_a_long_reply() {
    let mut e = Engine::default();
    e.keep_tail_only();
    let now = t0();
    let (turn, _) = send(&mut e, "q", &supage(), now);
    let mut shown = 0;
    for _ in 0..10_000 {
        for o in e.on_event(turn, &text("0123456789"), now) {
            if let Output::Changed(Change {
                what: What::Text(t),
                ..
            }) = o
            {
                shown += t.len();
            }
        }
    }
    assert_eq!(shown, 100_000, "every piece is still handed out");
    let outs = e.on_end(turn, RunEnd::Complete, now + ms(1000));
    let a = e.conversation().assistant(EntryId(2)).unwrap();
    assert!(a.reply.text.len() <= 8192, "{}", a.reply.text.len());
    assert!(turn_over(&outs).stats.tokens_per_sec.is_some());
}

#[test]
fn a_retry_answers_the_same_prompt_again_and_replaces_the_old_answer_in_history() {
    let mut e = Engine::default();
    let now = t0();
    let (turn, _) = send(&mut e, "which is better?", &supage(), now);
    e.on_event(turn, &text("A, says Supage."), now);
    e.on_end(turn, RunEnd::Complete, now);
    // Again, with Sup.ai: the old answer is not sent with it.
    let req = e.retry(&supai(), ChatOptions::default(), now).unwrap();
    assert_eq!(req.messages, vec![Message::user("which is better?")]);
    e.on_event(req.turn, &text("B, says Sup.ai."), now);
    e.on_end(req.turn, RunEnd::Complete, now);
    let a = e.conversation().assistant(EntryId(3)).unwrap();
    assert!(a.retry && a.answerer.provider == "supai");
    assert!(
        e.conversation().assistant(EntryId(2)).is_some(),
        "the first answer stays"
    );
    // The next message carries only the newest answer.
    let (req, _) = e
        .send("why?".into(), &supage(), ChatOptions::default(), now)
        .unwrap();
    assert_eq!(
        req.messages,
        vec![
            Message::user("which is better?"),
            Message::assistant("B, says Sup.ai."),
            Message::user("why?")
        ]
    );
    e.cancel(now);
    // A retry stopped before anything arrived leaves the old answer.
    let req = e.retry(&supage(), ChatOptions::default(), now).unwrap();
    e.cancel(now);
    let _ = req;
    let (req, _) = e
        .send("and now?".into(), &supage(), ChatOptions::default(), now)
        .unwrap();
    assert!(
        req.messages
            .windows(2)
            .all(|w| !(w[0].role == Role::User && w[1].role == Role::User)),
        "{:?}",
        req.messages
    );
}

#[test]
fn an_edit_of_an_earlier_message_goes_on_from_there_and_keeps_the_branch() {
    let mut e = Engine::default();
    let now = t0();
    for (q, a) in [("one", "1"), ("two", "2"), ("three", "3")] {
        let (turn, _) = send(&mut e, q, &supage(), now);
        e.on_event(turn, &text(a), now);
        e.on_end(turn, RunEnd::Complete, now);
    }
    // Edit "two" (entry 3): what followed it is no longer sent.
    let (req, _) = e
        .send_edit(
            EntryId(3),
            "TWO".into(),
            &supage(),
            ChatOptions::default(),
            now,
        )
        .unwrap();
    assert_eq!(
        req.messages,
        vec![
            Message::user("one"),
            Message::assistant("1"),
            Message::user("TWO")
        ]
    );
    e.on_event(req.turn, &text("2'"), now);
    e.on_end(req.turn, RunEnd::Complete, now);
    assert_eq!(e.conversation().len(), 8, "the earlier branch is kept");
    let (req, _) = e
        .send("next".into(), &supage(), ChatOptions::default(), now)
        .unwrap();
    assert_eq!(
        req.messages,
        vec![
            Message::user("one"),
            Message::assistant("1"),
            Message::user("TWO"),
            Message::assistant("2'"),
            Message::user("next")
        ]
    );
    e.cancel(now);
    assert_eq!(
        e.send_edit(
            EntryId(2),
            "x".into(),
            &supage(),
            ChatOptions::default(),
            now
        )
        .unwrap_err(),
        SendError::NotNewest,
        "only a message of the user's can be edited"
    );
}

#[test]
fn deleting_a_turn_takes_the_message_and_its_answer_out() {
    let mut e = Engine::default();
    let now = t0();
    for (q, a) in [("one", "1"), ("two", "2"), ("three", "3")] {
        let (turn, _) = send(&mut e, q, &supage(), now);
        e.on_event(turn, &text(a), now);
        e.on_end(turn, RunEnd::Complete, now);
    }
    let outs = e.delete_turn(EntryId(3)).unwrap();
    let removed: Vec<EntryId> = changes(&outs)
        .iter()
        .filter(|c| c.what == What::Removed)
        .map(|c| c.entry)
        .collect();
    assert_eq!(removed, [EntryId(3), EntryId(4)]);
    let (req, _) = e
        .send("four".into(), &supage(), ChatOptions::default(), now)
        .unwrap();
    assert_eq!(
        req.messages,
        vec![
            Message::user("one"),
            Message::assistant("1"),
            Message::user("three"),
            Message::assistant("3"),
            Message::user("four")
        ]
    );
    assert_eq!(e.delete_turn(EntryId(1)).unwrap_err(), SendError::Busy);
    e.cancel(now);
    assert_eq!(
        e.delete_turn(EntryId(2)).unwrap_err(),
        SendError::NotNewest,
        "a reply is not a turn's start"
    );
    // New entries still get growing ids.
    assert!(
        e.conversation()
            .entries()
            .windows(2)
            .all(|w| w[0].id < w[1].id)
    );
}

#[test]
fn deleting_an_edit_keeps_what_it_replaced_replaced() {
    let mut e = Engine::default();
    let now = t0();
    for (q, a) in [("alpha", "a"), ("delta", "d")] {
        let (turn, _) = send(&mut e, q, &supage(), now);
        e.on_event(turn, &text(a), now);
        e.on_end(turn, RunEnd::Complete, now);
    }
    let (req, _) = e
        .send_edit(
            EntryId(3),
            "delta edited".into(),
            &supage(),
            ChatOptions::default(),
            now,
        )
        .unwrap();
    e.on_event(req.turn, &text("d2"), now);
    e.on_end(req.turn, RunEnd::Complete, now);
    let (turn, _) = send(&mut e, "epsilon", &supage(), now);
    e.on_event(turn, &text("e"), now);
    e.on_end(turn, RunEnd::Complete, now);
    // Delete the edit's turn (entries 5 and 6): "delta" stays replaced.
    e.delete_turn(EntryId(5)).unwrap();
    let (req, _) = e
        .send("zeta".into(), &supage(), ChatOptions::default(), now)
        .unwrap();
    assert_eq!(
        req.messages,
        vec![
            Message::user("alpha"),
            Message::assistant("a"),
            Message::user("epsilon"),
            Message::assistant("e"),
            Message::user("zeta")
        ]
    );
}

#[test]
fn a_resumed_conversation_goes_on_with_the_provider_before_a_one_off_retry() {
    let mut e = Engine::default();
    let now = t0();
    let (turn, _) = send(&mut e, "q", &supage(), now);
    e.on_event(turn, &text("a"), now);
    e.on_end(turn, RunEnd::Complete, now);
    let req = e.retry(&supai(), ChatOptions::default(), now).unwrap();
    e.on_event(req.turn, &text("b"), now);
    e.on_end(req.turn, RunEnd::Complete, now);
    let a = e.conversation().last_answerer().unwrap();
    assert_eq!(a.provider, "supage");
}
