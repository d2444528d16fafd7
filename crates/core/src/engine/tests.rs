//! The engine's turns, without a terminal and without a network: events are
//! fed by hand with a fixed clock, and every output is checked.

use std::time::{Duration, Instant, SystemTime};

use serde_json::json;

use super::*;
use crate::config::{ProviderConfig, ProviderKind};
use crate::engine::RunEnd;
use supchat_api::event::{SupAiEvent, SupAiSource, ToolCallDelta};
use supchat_api::{ApiError, StreamEvent};
use supchat_chat::{EntryKind, FinishReason, ReplyEnd, Role, ToolResult, Usage};

fn t0() -> Now {
    Now {
        mono: Instant::now(),
        wall: SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000),
    }
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn supage() -> ProviderConfig {
    ProviderConfig::defaults("supage", ProviderKind::OpenAi, "http://127.0.0.1:9/v1")
}

fn supai() -> ProviderConfig {
    ProviderConfig::defaults("supai", ProviderKind::SupAi, "http://127.0.0.1:9/v1")
}

fn text(s: &str) -> StreamEvent {
    StreamEvent::Text(s.into())
}

fn changes(outs: &[Output]) -> Vec<Change> {
    outs.iter()
        .filter_map(|o| match o {
            Output::Changed(c) => Some(c.clone()),
            _ => None,
        })
        .collect()
}

fn turn_over(outs: &[Output]) -> &TurnOver {
    outs.iter()
        .find_map(|o| match o {
            Output::TurnOver(t) => Some(t),
            _ => None,
        })
        .expect("the turn is over")
}

fn send(e: &mut Engine, prompt: &str, p: &ProviderConfig, now: Now) -> (u64, Vec<Output>) {
    let (req, outs) = e
        .send(prompt.into(), p, ChatOptions::default(), now)
        .unwrap();
    (req.turn, outs)
}

#[test]
fn a_streamed_turn_appends_the_prompt_then_the_reply_and_ends_answered() {
    let mut e = Engine::default();
    let now = t0();
    let (req, mut outs) = e
        .send("hi".into(), &supage(), ChatOptions::default(), now)
        .unwrap();
    assert_eq!(req.messages, vec![Message::user("hi")]);
    assert!(e.is_busy());
    // Usage before any output is kept for the reply, which is not yet opened.
    let usage = Usage {
        completion_tokens: Some(4),
        ..Usage::default()
    };
    let early = e.on_event(req.turn, &StreamEvent::Usage(usage), now + ms(100));
    assert!(early.is_empty(), "{early:?}");
    assert_eq!(e.conversation().len(), 1);
    outs.extend(e.on_event(
        req.turn,
        &StreamEvent::Reasoning("thinking".into()),
        now + ms(200),
    ));
    outs.extend(e.on_event(req.turn, &text("Hel"), now + ms(400)));
    outs.extend(e.on_event(req.turn, &text("lo"), now + ms(500)));
    outs.extend(e.on_event(
        req.turn,
        &StreamEvent::Finish(FinishReason::Stop),
        now + ms(600),
    ));
    outs.extend(e.on_end(req.turn, RunEnd::Complete, now + ms(1200)));

    let reply = EntryId(2);
    assert_eq!(
        changes(&outs),
        vec![
            Change {
                entry: EntryId(1),
                what: What::Added
            },
            Change {
                entry: reply,
                what: What::Added
            },
            Change {
                entry: reply,
                what: What::Reasoning("thinking".into())
            },
            Change {
                entry: reply,
                what: What::Text("Hel".into())
            },
            Change {
                entry: reply,
                what: What::Text("lo".into())
            },
            Change {
                entry: reply,
                what: What::Meta
            },
            Change {
                entry: reply,
                what: What::Ended
            },
        ]
    );
    let over = turn_over(&outs);
    assert_eq!(over.ended, Ended::Answered(reply));
    assert_eq!(over.stats.ttft, Some(ms(200)));
    assert_eq!(over.stats.duration, ms(1200));
    assert_eq!(over.stats.tokens_per_sec, Some(4.0));
    assert!(!e.is_busy());

    let a = e.conversation().assistant(reply).unwrap();
    assert_eq!(
        (a.reply.text.as_str(), a.reply.reasoning.as_str()),
        ("Hello", "thinking")
    );
    assert_eq!(a.reply.usage, Some(usage));
    assert_eq!(a.end, ReplyEnd::Complete);
    assert_eq!(a.stats.as_ref(), Some(&over.stats));
    assert_eq!(a.reasoning_took, Some(ms(400)));
    assert_eq!(a.answerer.provider, "supage");
    let wall = e.conversation().get(reply).unwrap().at;
    assert_eq!(wall, Timestamp(1_800_000_000_000 + 200));
}

#[test]
fn a_second_send_while_busy_and_an_empty_one_are_refused() {
    let mut e = Engine::default();
    let now = t0();
    assert_eq!(
        e.send("  \n".into(), &supage(), ChatOptions::default(), now)
            .unwrap_err(),
        SendError::Empty
    );
    assert!(e.conversation().is_empty());
    send(&mut e, "one", &supage(), now);
    assert_eq!(
        e.send("two".into(), &supage(), ChatOptions::default(), now)
            .unwrap_err(),
        SendError::Busy
    );
    assert_eq!(e.conversation().len(), 1);
}

#[test]
fn cancelling_keeps_what_arrived_and_ignores_late_events() {
    let mut e = Engine::default();
    let now = t0();
    let (turn, _) = send(&mut e, "tell me a story", &supage(), now);
    e.on_event(turn, &text("Once upon"), now + ms(100));
    let (cancelled, outs) = e.cancel(now + ms(300)).unwrap();
    assert_eq!(cancelled, turn);
    assert_eq!(turn_over(&outs).ended, Ended::Cancelled(EntryId(2)));
    let a = e.conversation().assistant(EntryId(2)).unwrap();
    assert_eq!(a.reply.text, "Once upon");
    assert_eq!(a.end, ReplyEnd::Cancelled);
    assert_eq!(a.stats.as_ref().unwrap().duration, ms(300));

    let before = e.conversation().clone();
    assert!(e.on_event(turn, &text(" a time"), now + ms(400)).is_empty());
    assert!(e.on_end(turn, RunEnd::Complete, now + ms(500)).is_empty());
    assert_eq!(
        e.conversation().assistant(EntryId(2)).unwrap().reply.text,
        "Once upon"
    );
    assert_eq!(e.conversation(), &before, "late events change nothing");
    assert!(e.cancel(now).is_none(), "nothing left to cancel");
}

#[test]
fn cancelling_before_any_output_leaves_an_empty_cancelled_reply_that_is_not_sent() {
    let mut e = Engine::default();
    let now = t0();
    let (_, _) = send(&mut e, "hello?", &supage(), now);
    let (_, outs) = e.cancel(now + ms(50)).unwrap();
    assert_eq!(turn_over(&outs).ended, Ended::Cancelled(EntryId(2)));
    let a = e.conversation().assistant(EntryId(2)).unwrap();
    assert!(a.reply.text.is_empty() && a.end == ReplyEnd::Cancelled);
    let (req, _) = e
        .send("again".into(), &supage(), ChatOptions::default(), now)
        .unwrap();
    assert_eq!(req.messages, vec![Message::user("again")]);
}

#[test]
fn a_failure_before_output_is_a_failed_send_and_the_prompt_is_not_sent_again() {
    let mut e = Engine::default();
    let now = t0();
    let (turn, _) = send(&mut e, "question", &supage(), now);
    let err = ApiError::Connect {
        url: "http://127.0.0.1:9/v1".into(),
        detail: "connection refused".into(),
        attempts: 3,
    };
    let outs = e.on_end(turn, RunEnd::Failed(err.clone()), now + ms(900));
    let failed = EntryId(2);
    assert_eq!(turn_over(&outs).ended, Ended::Failed(failed));
    assert_eq!(
        changes(&outs),
        vec![Change {
            entry: failed,
            what: What::Added
        }]
    );
    let EntryKind::FailedSend(f) = &e.conversation().get(failed).unwrap().kind else {
        panic!("not a failed send");
    };
    assert_eq!((f.prompt, f.sent), (Some(EntryId(1)), true));
    assert_eq!(f.error, err.to_string());
    assert!(!e.is_busy());
    let (req, _) = e
        .send("question".into(), &supage(), ChatOptions::default(), now)
        .unwrap();
    assert_eq!(req.messages, vec![Message::user("question")]);
}

#[test]
fn a_request_that_could_not_be_sent_says_so() {
    let mut e = Engine::default();
    let now = t0();
    let (turn, _) = send(&mut e, "hi", &supage(), now);
    let no = NoClient {
        message: "no API key for supage".into(),
        key_missing: true,
    };
    e.on_end(turn, RunEnd::NotSent(no), now);
    let EntryKind::FailedSend(f) = &e.conversation().get(EntryId(2)).unwrap().kind else {
        panic!("not a failed send");
    };
    assert!(!f.sent);
    assert_eq!(f.title(), "The message was not sent");
    assert_eq!(f.error, "no API key for supage");
}

#[test]
fn a_failure_after_output_interrupts_the_reply_and_keeps_it() {
    let mut e = Engine::default();
    let now = t0();
    let (turn, _) = send(&mut e, "long answer please", &supage(), now);
    e.on_event(turn, &text("The first half"), now + ms(100));
    let err = ApiError::Interrupted {
        detail: "connection reset".into(),
    };
    let outs = e.on_end(turn, RunEnd::Failed(err.clone()), now + ms(500));
    assert_eq!(turn_over(&outs).ended, Ended::Interrupted(EntryId(2)));
    let a = e.conversation().assistant(EntryId(2)).unwrap();
    assert_eq!(a.reply.text, "The first half");
    assert_eq!(
        a.end,
        ReplyEnd::Interrupted {
            error: err.to_string()
        }
    );
    assert!(matches!(
        a.end_note(),
        Some(supchat_chat::EndNote::Interrupted(_))
    ));
    let (req, _) = e
        .send("go on".into(), &supage(), ChatOptions::default(), now)
        .unwrap();
    assert_eq!(
        req.messages,
        vec![
            Message::user("long answer please"),
            Message::assistant("The first half"),
            Message::user("go on")
        ]
    );
}

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

fn call(slot: usize, id: Option<&str>, name: Option<&str>, args: &str) -> StreamEvent {
    StreamEvent::ToolCall(ToolCallDelta {
        slot,
        id: id.map(str::to_owned),
        name: name.map(str::to_owned),
        arguments: args.into(),
    })
}

fn with_tools() -> ChatOptions {
    ChatOptions {
        tools: Some(json!([{"type": "function", "function": {"name": "weather"}}])),
        ..ChatOptions::default()
    }
}

#[test]
fn a_reply_calling_offered_tools_waits_for_results_then_the_turn_goes_on() {
    let mut e = Engine::default();
    let now = t0();
    let (req, mut seen) = e
        .send("weather in Paris?".into(), &supage(), with_tools(), now)
        .unwrap();
    let turn = req.turn;
    seen.extend(e.on_event(
        turn,
        &call(0, Some("c1"), Some("weather"), "{\"city\""),
        now,
    ));
    seen.extend(e.on_event(turn, &call(0, None, None, ":\"Paris\"}"), now));
    let outs = e.on_end(turn, RunEnd::Complete, now + ms(100));
    seen.extend(outs.clone());
    let calls = outs
        .iter()
        .find_map(|o| match o {
            Output::ToolCalls { calls, reply, .. } => Some((calls.clone(), *reply)),
            _ => None,
        })
        .expect("the engine asks for the results");
    assert_eq!(calls.1, EntryId(2));
    assert_eq!(calls.0[0].arguments, "{\"city\":\"Paris\"}");
    assert!(outs.iter().all(|o| !matches!(o, Output::TurnOver(_))));
    assert!(e.live().unwrap().awaiting_tools);
    // While waiting, stream events of the turn change nothing.
    assert!(e.on_event(turn, &text("late"), now).is_empty());

    let result = ToolResult {
        call_id: "c1".into(),
        name: "weather".into(),
        content: "18°C".into(),
        is_error: false,
        approval: None,
    };
    let (next, outs) = e.tool_results(turn, vec![result], now + ms(200)).unwrap();
    assert_eq!(next.turn, turn);
    assert_eq!(
        next.messages.iter().map(|m| m.role).collect::<Vec<_>>(),
        [Role::User, Role::Assistant, Role::Tool]
    );
    assert_eq!(next.messages[2].tool_call_id.as_deref(), Some("c1"));
    assert_eq!(changes(&outs)[0].what, What::Added);
    seen.extend(outs);
    seen.extend(e.on_event(turn, &text("It is 18°C."), now + ms(300)));
    let outs = e.on_end(turn, RunEnd::Complete, now + ms(400));
    assert_eq!(turn_over(&outs).ended, Ended::Answered(EntryId(4)));
    seen.extend(outs);
    assert_eq!(
        changes(&seen)
            .iter()
            .filter(|c| c.what == What::Added)
            .count(),
        4,
        "prompt, calling reply, result, answer"
    );
}

#[test]
fn tool_calls_not_offered_end_the_turn_and_results_are_refused() {
    let mut e = Engine::default();
    let now = t0();
    let (turn, _) = send(&mut e, "q", &supage(), now);
    e.on_event(turn, &call(0, None, Some("weather"), "{}"), now);
    let outs = e.on_end(turn, RunEnd::Complete, now);
    assert_eq!(turn_over(&outs).ended, Ended::Answered(EntryId(2)));
    // A call without an id gets one unique in the conversation.
    let a = e.conversation().assistant(EntryId(2)).unwrap();
    assert_eq!(a.reply.finished_tool_calls()[0].id, "call_2_0");
    assert_eq!(
        e.tool_results(turn, Vec::new(), now).unwrap_err(),
        SendError::NotWaiting
    );
}

#[test]
fn the_turn_stops_asking_for_tools_at_the_step_limit() {
    let mut e = Engine::default();
    e.set_max_tool_steps(1);
    let now = t0();
    let (req, _) = e.send("q".into(), &supage(), with_tools(), now).unwrap();
    let turn = req.turn;
    e.on_event(turn, &call(0, Some("a"), Some("weather"), "{}"), now);
    let outs = e.on_end(turn, RunEnd::Complete, now);
    assert!(outs.iter().any(|o| matches!(o, Output::ToolCalls { .. })));
    let r = ToolResult {
        call_id: "a".into(),
        name: "weather".into(),
        content: "x".into(),
        is_error: false,
        approval: None,
    };
    e.tool_results(turn, vec![r], now).unwrap();
    e.on_event(turn, &call(0, Some("b"), Some("weather"), "{}"), now);
    let outs = e.on_end(turn, RunEnd::Complete, now);
    assert!(outs.iter().all(|o| !matches!(o, Output::ToolCalls { .. })));
    assert_eq!(turn_over(&outs).ended, Ended::Answered(EntryId(4)));
    // It says why, and the call it did not run still has a result.
    let why = "the turn reached its limit of 1 tool step (max_tool_steps)";
    assert!(outs.contains(&Output::Notice(Notice::ToolsNotRun(why.into()))));
    let EntryKind::ToolResult(r) = &e.conversation().get(EntryId(5)).unwrap().kind else {
        panic!("the unrun call has a result");
    };
    assert_eq!((r.call_id.as_str(), r.is_error), ("b", true));
    assert_eq!(r.content, format!("error: not run: {why}"));
}

#[test]
fn a_reply_cut_off_at_the_token_limit_runs_none_of_its_calls() {
    let mut e = Engine::default();
    let now = t0();
    let (req, _) = e.send("q".into(), &supage(), with_tools(), now).unwrap();
    e.on_event(
        req.turn,
        &call(0, Some("a"), Some("weather"), "{\"city\": \"Pa"),
        now,
    );
    e.on_event(req.turn, &StreamEvent::Finish(FinishReason::Length), now);
    let outs = e.on_end(req.turn, RunEnd::Complete, now);
    assert!(outs.iter().all(|o| !matches!(o, Output::ToolCalls { .. })));
    assert!(!e.is_busy());
    assert!(
        outs.iter()
            .any(|o| matches!(o, Output::Notice(Notice::ToolsNotRun(w)) if w.contains("cut off")))
    );
}

#[test]
fn calls_that_share_an_id_get_ids_of_their_own() {
    let mut e = Engine::default();
    let now = t0();
    let (req, _) = e.send("q".into(), &supage(), with_tools(), now).unwrap();
    e.on_event(req.turn, &call(0, Some("same"), Some("weather"), "{}"), now);
    e.on_event(req.turn, &call(1, Some("same"), Some("weather"), "{}"), now);
    let outs = e.on_end(req.turn, RunEnd::Complete, now);
    let ids: Vec<String> = outs
        .iter()
        .find_map(|o| match o {
            Output::ToolCalls { calls, .. } => Some(calls.iter().map(|c| c.id.clone()).collect()),
            _ => None,
        })
        .unwrap();
    assert_eq!(ids, ["same", "same_1"]);
}

#[test]
fn results_are_one_per_call_in_call_order() {
    let mut e = Engine::default();
    let now = t0();
    let (req, _) = e.send("q".into(), &supage(), with_tools(), now).unwrap();
    e.on_event(req.turn, &call(0, Some("a"), Some("weather"), "{}"), now);
    e.on_event(req.turn, &call(1, Some("b"), Some("weather"), "{}"), now);
    e.on_end(req.turn, RunEnd::Complete, now);
    let r = |id: &str| ToolResult {
        call_id: id.into(),
        name: "weather".into(),
        content: format!("for {id}"),
        is_error: false,
        approval: None,
    };
    // b's result first, one for no call, none for a.
    let (next, _) = e
        .tool_results(req.turn, vec![r("b"), r("zzz")], now)
        .unwrap();
    let tools: Vec<(&str, &str)> = next
        .messages
        .iter()
        .filter(|m| m.role == Role::Tool)
        .map(|m| (m.tool_call_id.as_deref().unwrap_or(""), m.content.as_str()))
        .collect();
    assert_eq!(
        tools,
        [
            ("a", "error: not run: no result was given for this call"),
            ("b", "for b")
        ]
    );
}

#[test]
fn cancelling_while_waiting_for_tools_records_each_call_as_not_run() {
    let mut e = Engine::default();
    let now = t0();
    let (req, _) = e.send("q".into(), &supage(), with_tools(), now).unwrap();
    e.on_event(req.turn, &call(0, Some("a"), Some("weather"), "{}"), now);
    e.on_event(req.turn, &call(1, Some("b"), Some("weather"), "{}"), now);
    e.on_end(req.turn, RunEnd::Complete, now);
    let done = ToolResult {
        call_id: "b".into(),
        name: "weather".into(),
        content: "it ran".into(),
        is_error: false,
        approval: Some(supchat_chat::Approval::User),
    };
    let (_, outs) = e.cancel_with(vec![done.clone()], now).unwrap();
    assert_eq!(turn_over(&outs).ended, Ended::Cancelled(EntryId(2)));
    assert!(!e.is_busy());
    let results: Vec<&ToolResult> = e
        .conversation()
        .entries()
        .iter()
        .filter_map(|x| match &x.kind {
            EntryKind::ToolResult(r) => Some(r),
            _ => None,
        })
        .collect();
    assert_eq!(
        results[0].content,
        "error: not run: the user cancelled the turn"
    );
    assert_eq!(results[1], &done, "what finished is kept");
    // With tools offered, the calls go with their results.
    let (req, _) = e
        .send("again".into(), &supage(), with_tools(), now)
        .unwrap();
    assert_eq!(
        req.messages.iter().map(|m| m.role).collect::<Vec<_>>(),
        [
            Role::User,
            Role::Assistant,
            Role::Tool,
            Role::Tool,
            Role::User
        ]
    );
    e.cancel(now);
    let (req, _) = e
        .send("next".into(), &supage(), ChatOptions::default(), now)
        .unwrap();
    assert!(
        req.messages
            .iter()
            .all(|m| m.tool_calls.is_empty() && m.role != Role::Tool),
        "an unanswered call is not sent: {:?}",
        req.messages
    );
}

#[test]
fn a_failure_after_tool_results_names_no_prompt() {
    let mut e = Engine::default();
    let now = t0();
    let (req, _) = e.send("q".into(), &supage(), with_tools(), now).unwrap();
    e.on_event(req.turn, &call(0, Some("a"), Some("weather"), "{}"), now);
    e.on_end(req.turn, RunEnd::Complete, now);
    let r = ToolResult {
        call_id: "a".into(),
        name: "weather".into(),
        content: "x".into(),
        is_error: false,
        approval: None,
    };
    e.tool_results(req.turn, vec![r], now).unwrap();
    let err = ApiError::Protocol("bad".into());
    e.on_end(req.turn, RunEnd::Failed(err), now);
    let EntryKind::FailedSend(f) = &e.conversation().get(EntryId(4)).unwrap().kind else {
        panic!("not a failed send");
    };
    assert_eq!(f.prompt, None);
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

#[test]
fn the_newest_prompt_can_be_sent_again_after_it_failed() {
    let mut e = Engine::default();
    let now = t0();
    let (turn, _) = send(&mut e, "question", &supage(), now);
    let err = ApiError::Auth {
        provider: "supage".into(),
        status: 401,
        key_source: None,
        message: "bad key".into(),
    };
    e.on_end(turn, RunEnd::Failed(err), now);
    let req = e
        .resend(EntryId(1), &supage(), ChatOptions::default(), now)
        .unwrap();
    assert_eq!(req.messages, vec![Message::user("question")]);
    assert_eq!(e.conversation().len(), 2, "the prompt is not added again");
    e.on_event(req.turn, &text("answer"), now);
    let outs = e.on_end(req.turn, RunEnd::Complete, now);
    assert_eq!(turn_over(&outs).ended, Ended::Answered(EntryId(3)));
    // Only the newest prompt, and only when idle.
    send(&mut e, "next", &supage(), now);
    assert_eq!(
        e.resend(EntryId(1), &supage(), ChatOptions::default(), now)
            .unwrap_err(),
        SendError::Busy
    );
    e.cancel(now);
    assert_eq!(
        e.resend(EntryId(1), &supage(), ChatOptions::default(), now)
            .unwrap_err(),
        SendError::NotNewest
    );
}

#[test]
fn a_failing_key_command_runs_once_per_provider_per_run_until_a_key_is_given() {
    let dir = std::env::temp_dir().join(format!("supchat-keycmd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("runs");
    let mut p = supage();
    p.key.cmd = Some(format!("echo run >> '{}'; exit 1", log.display()));
    let pool = ClientPool::new(None);
    for _ in 0..3 {
        let e = pool.client(&p).err().unwrap();
        assert!(
            e.key_missing && e.message.contains("api_key_cmd"),
            "{}",
            e.message
        );
    }
    let runs = || {
        std::fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .count()
    };
    assert_eq!(runs(), 1);
    // A key typed in the app: the pool forgets, and the new key is used.
    pool.forget("supage");
    p.key.inline = Some(crate::config::Secret::new("su-typed"));
    assert!(pool.client(&p).is_ok());
    assert_eq!(runs(), 1, "the inline key wins; the command is not run");
    let _ = std::fs::remove_dir_all(&dir);
}

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
