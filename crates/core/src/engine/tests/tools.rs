//! Turns with tool calls: waiting for results, the step and token limits,
//! ids and order of results, cancelling while tools run.

use super::*;

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

/// A call made with no tools offered (an MCP server since turned off, or
/// still starting): not run, and said so, with a result the history pairs
/// with it, instead of a turn that ends without a word.
#[test]
fn a_call_made_when_no_tools_were_offered_gets_a_result_saying_so() {
    let mut e = Engine::default();
    let now = t0();
    let (req, _) = e
        .send("q".into(), &supage(), ChatOptions::default(), now)
        .unwrap();
    e.on_event(
        req.turn,
        &call(0, Some("a"), Some("mcp__fs__read"), "{}"),
        now,
    );
    let outs = e.on_end(req.turn, RunEnd::Complete, now);
    assert!(outs.iter().all(|o| !matches!(o, Output::ToolCalls { .. })));
    assert!(!e.is_busy());
    let why = "no tools were offered with this request ([[tools]], enabled_tools and [mcp_servers] in the config offer them)";
    assert!(outs.contains(&Output::Notice(Notice::ToolsNotRun(why.into()))));
    let EntryKind::ToolResult(r) = &e.conversation().get(EntryId(3)).unwrap().kind else {
        panic!("the call has a result");
    };
    assert_eq!(r.content, format!("error: not run: {why}"));
}

/// Why calls were not run: the screen in the language in use, the model
/// in English.
#[test]
fn a_call_not_run_is_said_in_chinese_and_told_to_the_model_in_english() {
    supchat_i18n::set_for_this_thread(supchat_i18n::Lang::ZhCn);
    let mut e = Engine::default();
    let now = t0();
    // No tools offered with this request, and the model calls one.
    let (req, _) = e
        .send("q".into(), &supage(), Default::default(), now)
        .unwrap();
    let turn = req.turn;
    e.on_event(turn, &call(0, Some("a"), Some("weather"), "{}"), now);
    let outs = e.on_end(turn, RunEnd::Complete, now);
    let said = outs.iter().find_map(|o| match o {
        Output::Notice(Notice::ToolsNotRun(w)) => Some(w.clone()),
        _ => None,
    });
    assert!(
        said.as_deref()
            .is_some_and(|w| w.starts_with("这次请求没有提供任何工具")),
        "{said:?}"
    );
    let result = e
        .conversation()
        .entries()
        .iter()
        .find_map(|en| match &en.kind {
            EntryKind::ToolResult(r) => Some(r.content.clone()),
            _ => None,
        });
    assert_eq!(
        result.as_deref(),
        Some(
            "error: not run: no tools were offered with this request ([[tools]], enabled_tools and [mcp_servers] in the config offer them)"
        )
    );
    supchat_i18n::set_for_this_thread(supchat_i18n::Lang::En);
}
