//! The chat session without a terminal or a network: requests are answered
//! by hand with a fixed clock, and what a driver would do is read from the
//! outputs.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use super::*;
use crate::config::load_from_str;
use crate::engine::SendError;
use crate::store::SessionMeta;
use crate::tools::{Answer, State};
use supchat_api::event::ToolCallDelta;
use supchat_chat::{Approval, EntryKind, Role, Timestamp, ToolResult};

fn t0() -> Now {
    Now {
        mono: Instant::now(),
        wall: SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000),
    }
}

const CONFIG: &str = r#"
default_provider = "local"
system_prompt = "Be brief."

[providers.local]
kind = "openai"
base_url = "http://127.0.0.1:9/v1"
model = "small"

[prompts.reviewer]
system_prompt = "You review Rust."
provider = "supai"
mode = "expert"
temperature = 0.2

[[tools]]
name = "weather"
command = ["echo", "18C"]

[[tools]]
name = "clock"
command = ["date"]
approve = "auto"
"#;

fn session() -> ChatSession {
    let cfg = load_from_str(CONFIG, Path::new("/nonexistent/config.toml")).unwrap();
    ChatSession::new(&cfg, Path::new("."))
}

fn sent(out: &[Out]) -> Option<&TurnRequest> {
    out.iter().find_map(|o| match o {
        Out::Send(r) => Some(&**r),
        _ => None,
    })
}

fn call(slot: usize, id: &str, name: &str) -> StreamEvent {
    StreamEvent::ToolCall(ToolCallDelta {
        slot,
        id: Some(id.into()),
        name: Some(name.into()),
        arguments: "{}".into(),
    })
}

/// A request answered with these events, then ended.
fn answer(s: &mut ChatSession, req: &TurnRequest, events: &[StreamEvent], now: Now) -> Vec<Out> {
    let mut out = Vec::new();
    for e in events {
        out.extend(s.on_event(req.turn, e, now));
    }
    out.extend(s.on_end(req.turn, RunEnd::Complete, now));
    out
}

fn text(t: &str) -> StreamEvent {
    StreamEvent::Text(t.into())
}

#[test]
fn a_message_carries_the_system_prompt_and_goes_to_the_current_provider() {
    let mut s = session();
    let out = s.send("hello".into(), Vec::new(), t0()).unwrap();
    let req = sent(&out).expect("a request to send");
    assert_eq!(req.provider.name, "local");
    assert_eq!(req.messages[0].role, Role::System);
    assert_eq!(req.messages[0].content, "Be brief.");
    assert_eq!(req.messages[1].content, "hello");
    assert!(req.options.tools.is_some(), "the tools are offered");
    assert_eq!(s.title(), Some("hello"));
    assert!(matches!(
        s.send("again".into(), Vec::new(), t0()),
        Err(SendError::Busy)
    ));
}

#[test]
fn a_preset_switches_the_provider_and_its_prompt_goes_with_the_next_message() {
    let mut s = session();
    s.choices_mut().use_preset(Some("reviewer")).unwrap();
    assert_eq!(s.current().name, "supai");
    assert_eq!(s.current().mode, "expert");
    let out = s.send("look".into(), Vec::new(), t0()).unwrap();
    let req = sent(&out).unwrap();
    assert_eq!(req.messages[0].content, "You review Rust.");
    assert_eq!(req.provider.temperature, Some(0.2));
    assert_eq!(
        s.engine().system(),
        Some(("You review Rust.", Some("reviewer")))
    );
    // No preset: the mode and temperature it laid over go too.
    s.cancel(t0());
    s.choices_mut().use_preset(None).unwrap();
    assert_eq!(s.current().mode, "auto");
    assert_eq!(s.current().temperature, None);
}

#[test]
fn a_retry_with_another_provider_answers_once_and_the_next_message_goes_back() {
    let mut s = session();
    let now = t0();
    let out = s.send("q".into(), Vec::new(), now).unwrap();
    let req = sent(&out).unwrap().clone();
    answer(&mut s, &req, &[text("first")], now);
    let out = s.retry(Some("supag"), now).unwrap();
    assert_eq!(
        sent(&out).unwrap().provider.name,
        "supage",
        "a prefix names it"
    );
    assert_eq!(s.current().name, "local", "the choice is unchanged");
    let req = sent(&out).unwrap().clone();
    answer(&mut s, &req, &[text("second")], now);
    assert_eq!(
        s.conversation()
            .last_answerer()
            .map(|a| a.provider.as_str()),
        Some("local"),
        "a one-off retry is not who the conversation goes on with"
    );
    let e = s.retry(Some("nobody"), now).unwrap_err();
    assert!(
        e.to_string().contains("configured: supage, supai, local"),
        "{e}"
    );
}

#[test]
fn a_call_that_needs_a_yes_waits_for_the_answer_then_runs_and_the_turn_goes_on() {
    let mut s = session();
    let now = t0();
    let out = s.send("weather?".into(), Vec::new(), now).unwrap();
    let req = sent(&out).unwrap().clone();
    let out = answer(
        &mut s,
        &req,
        &[call(0, "c1", "weather"), call(1, "c2", "clock")],
        now,
    );
    assert!(out.contains(&Out::ToolsBegan { turn: req.turn }));
    // The clock needs no yes: it runs at once; the weather waits.
    let jobs: Vec<&str> = out
        .iter()
        .filter_map(|o| match o {
            Out::RunTools { jobs, .. } => Some(jobs),
            _ => None,
        })
        .flatten()
        .map(|j| j.call.name.as_str())
        .collect();
    assert_eq!(jobs, ["clock"]);
    assert_eq!(s.asking().map(|c| c.name.as_str()), Some("weather"));
    let out = s.answer(Answer::Yes, now);
    assert!(matches!(&out[..], [Out::RunTools { jobs, .. }] if jobs[0].call.name == "weather"));
    let done = |id: &str, name: &str| ToolResult {
        call_id: id.into(),
        name: name.into(),
        content: "ok".into(),
        is_error: false,
        approval: Some(Approval::User),
    };
    assert!(sent(&s.tool_done(req.turn, 1, done("c2", "clock"), now)).is_none());
    let out = s.tool_done(req.turn, 0, done("c1", "weather"), now);
    let next = sent(&out).expect("the turn goes on");
    assert_eq!(
        next.messages.iter().map(|m| m.role).collect::<Vec<_>>(),
        [
            Role::System,
            Role::User,
            Role::Assistant,
            Role::Tool,
            Role::Tool
        ]
    );
    assert!(s.batch().is_none());
}

#[test]
fn with_nobody_to_ask_calls_are_declined_and_the_model_is_told() {
    let mut s = session();
    s.set_approvals(Approvals::DeclineAll);
    let now = t0();
    let out = s.send("weather?".into(), Vec::new(), now).unwrap();
    let req = sent(&out).unwrap().clone();
    let out = answer(&mut s, &req, &[call(0, "c1", "weather")], now);
    assert!(out.contains(&Out::Declined(vec![("weather".into(), None)])));
    let next = sent(&out).expect("the turn goes on at once");
    assert!(
        next.messages
            .last()
            .unwrap()
            .content
            .starts_with("declined")
    );
}

#[test]
fn approving_all_runs_every_call_without_asking() {
    let mut s = session();
    s.set_approvals(Approvals::ApproveAll);
    let now = t0();
    let out = s.send("weather?".into(), Vec::new(), now).unwrap();
    let req = sent(&out).unwrap().clone();
    let out = answer(&mut s, &req, &[call(0, "c1", "weather")], now);
    assert!(s.asking().is_none());
    assert!(
        out.iter()
            .any(|o| matches!(o, Out::RunTools { jobs, .. } if jobs[0].approval == Approval::Flag))
    );
}

#[test]
fn cancelling_while_tools_run_stops_them_and_keeps_what_finished() {
    let mut s = session();
    let now = t0();
    let out = s.send("weather?".into(), Vec::new(), now).unwrap();
    let req = sent(&out).unwrap().clone();
    answer(&mut s, &req, &[call(0, "c1", "clock")], now);
    assert!(matches!(
        s.batch().map(|b| &b.items[0].state),
        Some(State::Running(_))
    ));
    let out = s.cancel(now);
    assert_eq!(out[0], Out::StopTools(req.turn));
    assert!(out.contains(&Out::StopRequest(req.turn)));
    let last = s.conversation().entries().last().unwrap();
    assert!(
        matches!(&last.kind, EntryKind::ToolResult(r) if r.content.contains("stopped while it ran"))
    );
    assert!(!s.is_busy());
}

fn recorder() -> Recorder {
    Recorder::new(SessionId::new(Timestamp(1)), None)
}

fn saved(out: &[Out]) -> Vec<&Write> {
    out.iter()
        .filter_map(|o| match o {
            Out::Save(w) => Some(w),
            _ => None,
        })
        .flatten()
        .collect()
}

#[test]
fn a_saved_conversation_is_written_from_its_first_message_as_it_changes() {
    let mut s = session();
    s.start_new(Some(recorder()));
    let now = t0();
    let out = s.send("hello".into(), Vec::new(), now).unwrap();
    let writes = saved(&out);
    assert!(matches!(writes[0], Write::Meta(m) if m.title == "hello"));
    assert_eq!(
        writes.len(),
        3,
        "the meta, the system prompt and the message"
    );
    let req = sent(&out).unwrap().clone();
    let out = s.on_event(req.turn, &text("a"), now);
    assert_eq!(saved(&out).len(), 2, "the reply appears: meta and entry");
    let out = s.on_event(req.turn, &text("b"), now + Duration::from_millis(10));
    assert!(
        saved(&out).is_empty(),
        "a growing reply waits for its checkpoint"
    );
    let out = s.on_end(req.turn, RunEnd::Complete, now + Duration::from_millis(20));
    assert_eq!(saved(&out).len(), 2, "the end is written at once");
    let out = s.rename("greetings".into());
    let id = s.id().unwrap().clone();
    assert_eq!(saved(&out), [&Write::Rename(id, "greetings".into())]);
    assert_eq!(s.title(), Some("greetings"));
}

#[test]
fn resuming_goes_on_with_who_answered_last_and_the_preset_of_its_prompt() {
    let mut first = session();
    first.choices_mut().use_preset(Some("reviewer")).unwrap();
    let now = t0();
    let out = first.send("look".into(), Vec::new(), now).unwrap();
    let req = sent(&out).unwrap().clone();
    answer(&mut first, &req, &[text("fine")], now);
    let conv = first.conversation().clone();
    let mut s = session();
    assert_eq!(s.current().name, "local");
    let id = SessionId::new(Timestamp(2));
    let opened = Opened {
        meta: SessionMeta::of(id.clone(), "look".into(), &conv),
        conversation: conv,
        recorder: Some(Recorder::resumed(id.clone(), "look".into())),
        notice: None,
    };
    s.resume(opened, true);
    assert_eq!(s.current().name, "supai");
    assert_eq!(s.current().mode, "expert");
    assert_eq!(s.choices().preset(), Some("reviewer"));
    assert_eq!(s.current().temperature, Some(0.2));
    assert_eq!(s.id(), Some(&id));
    let out = s.send("more".into(), Vec::new(), now).unwrap();
    assert_eq!(saved(&out).len(), 2, "only the new message and the meta");
}

/// `ask --system X`, then `ask --continue`: the conversation keeps X
/// (the README: a resumed session goes on with its system prompt) until
/// another prompt is chosen.
#[test]
fn a_resumed_conversation_keeps_its_own_system_prompt_until_another_is_chosen() {
    let mut first = session();
    first
        .choices_mut()
        .set_system(Some("Answer in French.".into()));
    let now = t0();
    let out = first.send("hello".into(), Vec::new(), now).unwrap();
    let req = sent(&out).unwrap().clone();
    answer(&mut first, &req, &[text("bonjour")], now);
    let conv = first.conversation().clone();
    let id = SessionId::new(Timestamp(3));
    let opened = Opened {
        meta: SessionMeta::of(id.clone(), "hello".into(), &conv),
        conversation: conv,
        recorder: Some(Recorder::resumed(id, "hello".into())),
        notice: None,
    };
    let mut s = session();
    s.resume(opened, true);
    let out = s.send("more".into(), Vec::new(), now).unwrap();
    let req = sent(&out).unwrap().clone();
    assert_eq!(req.messages[0].content, "Answer in French.");
    answer(&mut s, &req, &[text("encore")], now);
    // Choosing no preset goes back to the config's prompt.
    s.choices_mut().use_preset(None).unwrap();
    let out = s.send("again".into(), Vec::new(), now).unwrap();
    assert_eq!(sent(&out).unwrap().messages[0].content, "Be brief.");
    // A new conversation starts with the config's prompt.
    s.start_new(None);
    let out = s.send("new".into(), Vec::new(), now).unwrap();
    assert_eq!(sent(&out).unwrap().messages[0].content, "Be brief.");
}

/// A send or a retry refused changes nothing: the system prompt does not
/// go in ahead of a message that never comes.
#[test]
fn a_refused_send_or_retry_leaves_the_conversation_as_it_was() {
    let mut s = session();
    let now = t0();
    assert!(s.retry(None, now).is_err());
    assert!(matches!(
        s.send("   ".into(), Vec::new(), now),
        Err(SendError::Empty)
    ));
    assert!(s.conversation().entries().is_empty());
}

/// A compare's target with a system prompt of its own asks with it; the
/// conversation keeps its own.
#[test]
fn a_compare_target_asks_with_its_own_system_prompt() {
    let text = format!(
        "{CONFIG}\n[providers.other]\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:9/v1\"\nmodel = \"big\"\nsystem_prompt = \"Answer as the other.\"\n"
    );
    let cfg = load_from_str(&text, Path::new("/nonexistent/config.toml")).unwrap();
    let mut s = ChatSession::new(&cfg, Path::new("."));
    let now = t0();
    let targets = [Target::parse("local"), Target::parse("other")];
    let begun = s.compare("Q?".into(), Vec::new(), &targets, now).unwrap();
    let systems: Vec<String> = begun
        .lane_outs
        .iter()
        .map(|o| sent(o).unwrap().messages[0].content.clone())
        .collect();
    assert_eq!(systems, ["Be brief.", "Answer as the other."]);
    let mut lanes = begun.lanes;
    for (l, outs) in lanes.iter_mut().zip(&begun.lane_outs) {
        let turn = sent(outs).unwrap().turn;
        l.session
            .on_event(turn, &StreamEvent::Text("A.".into()), now);
        l.session.on_end(turn, crate::engine::RunEnd::Complete, now);
    }
    s.adopt(begun.question, &lanes, 1, now).unwrap();
    let prompts: Vec<&str> = s
        .conversation()
        .entries()
        .iter()
        .filter_map(|e| match &e.kind {
            EntryKind::System { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(prompts, ["Be brief."], "the conversation keeps its own");
}
