//! Sup.ai runs in a turn (restarts, threads that never started), notices,
//! and events of another turn.

use super::*;

fn main_src() -> SupAiSource {
    SupAiSource {
        key: "main".into(),
        model_id: None,
    }
}

#[test]
fn a_supai_restart_clears_the_answer_and_what_follows_replaces_it() {
    let mut e = Engine::default();
    let now = t0();
    let (turn, _) = send(&mut e, "q", &supai(), now);
    let main = |t: &str| {
        StreamEvent::SupAi(SupAiEvent::Text {
            source: main_src(),
            text: t.into(),
        })
    };
    let start = StreamEvent::SupAi(SupAiEvent::TextStart(main_src()));
    let mut outs = e.on_event(turn, &start, now);
    outs.extend(e.on_event(turn, &main("draft"), now + ms(10)));
    outs.extend(e.on_event(turn, &start, now + ms(20)));
    outs.extend(e.on_event(turn, &main("final"), now + ms(30)));
    // The same answer as standard content is not shown a second time.
    outs.extend(e.on_event(turn, &text("final"), now + ms(40)));
    outs.extend(e.on_end(turn, RunEnd::Complete, now + ms(50)));
    // Text that came only in Sup.ai's frames counts for the figures.
    assert_eq!(turn_over(&outs).stats.ttft, Some(ms(10)));
    assert!(turn_over(&outs).stats.tokens_per_sec.is_some());
    let whats: Vec<What> = changes(&outs).into_iter().map(|c| c.what).collect();
    assert_eq!(
        whats,
        vec![
            What::Added,
            What::SupAi,
            What::Text("draft".into()),
            What::Restarted,
            What::Text("final".into()),
            What::Meta,
            What::Ended
        ]
    );
    let a = e.conversation().assistant(EntryId(2)).unwrap();
    assert_eq!(a.reply.text, "final");
    assert_eq!(a.answerer.kind, ProviderKind::SupAi);
    assert_eq!(a.answerer.model, "auto");
}

#[test]
fn events_of_another_turn_are_ignored() {
    let mut e = Engine::default();
    let now = t0();
    let (turn, _) = send(&mut e, "q", &supage(), now);
    assert!(e.on_event(turn + 1, &text("stray"), now).is_empty());
    assert!(e.on_end(turn + 1, RunEnd::Complete, now).is_empty());
    assert!(e.is_busy());
    assert_eq!(e.conversation().len(), 1);
}

#[test]
fn notices_are_passed_on_and_are_not_part_of_the_conversation() {
    let mut e = Engine::default();
    let now = t0();
    let (turn, _) = send(&mut e, "q", &supage(), now);
    let n = supchat_api::Notice::NoDoneMarker;
    let outs = e.on_event(turn, &StreamEvent::Notice(n.clone()), now);
    assert_eq!(
        outs,
        vec![Output::Notice(n)],
        "no change to the conversation"
    );
    assert_eq!(e.conversation().len(), 1, "only the prompt was added");
}

#[test]
fn a_score_or_end_for_a_model_never_launched_or_started_adds_no_thread() {
    let mut e = Engine::default();
    let now = t0();
    let (turn, _) = send(&mut e, "q", &supai(), now);
    let src = |k: &str| SupAiSource {
        key: k.into(),
        model_id: Some(k.into()),
    };
    let evs = [
        SupAiEvent::RunModeCall {
            mode_id: Some("fast".into()),
            model_ids: vec!["a/launched".into()],
        },
        SupAiEvent::ConfidenceScore {
            source: src("a/launched"),
            value: 0.5,
        },
        SupAiEvent::Done(src("ghost/model")),
        SupAiEvent::ConfidenceScore {
            source: src("ghost/model"),
            value: 0.9,
        },
    ];
    for ev in evs {
        e.on_event(turn, &StreamEvent::SupAi(ev), now);
    }
    let run = &e.conversation().assistant(EntryId(2)).unwrap().reply.supai;
    let keys: Vec<&str> = run.threads.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(keys, ["a/launched"]);
    assert_eq!(run.threads[0].confidence, Some(0.5));
}
