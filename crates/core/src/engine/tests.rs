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

mod branches;
mod supai;
mod tools;

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
