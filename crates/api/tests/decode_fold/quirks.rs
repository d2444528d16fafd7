//! Servers' quirks decoded: content parts, reasoning in its several
//! fields, tool-call quirks, broken lines, Sup.ai frames, a completion that
//! is not streamed, and any split of the bytes.

use super::*;

#[test]
fn content_parts_and_refusal() {
    let input = data(&[
        json!({"choices":[{"delta":{"content":[{"type":"text","text":"par"},{"type":"text","text":"ts"}]}}]}),
        json!({"choices":[{"delta":{"content":null,"refusal":" no."}}]}),
    ]);
    assert_eq!(fold(&run(&input).0).text, "parts no.");
}

#[test]
fn content_on_the_finish_chunk_is_kept() {
    let input = data(&[json!({"choices":[{"delta":{"content":"last"},"finish_reason":"stop"}]})]);
    let (events, _) = run(&input);
    assert_eq!(events[0], StreamEvent::Text("last".into()));
    assert_eq!(events[1], StreamEvent::Finish(FinishReason::Stop));
}

#[test]
fn reasoning_fields_one_source_per_chunk() {
    let input = data(&[
        json!({"choices":[{"delta":{"reasoning_content":"R1","reasoning":"R1","content":""}}]}),
        json!({"choices":[{"delta":{"reasoning":"R2","reasoning_details":[{"type":"reasoning.text","text":"R2"}]}}]}),
        json!({"choices":[{"delta":{"reasoning":{"text":"R3"}}}]}),
        json!({"choices":[{"delta":{"reasoning_details":[{"type":"reasoning.summary","summary":"R4"}]}}]}),
        json!({"choices":[{"delta":{"content":"answer","reasoning_content":"R5"}}]}),
    ]);
    let r = fold(&run(&input).0);
    assert_eq!(r.reasoning, "R1R2R3R4R5");
    assert_eq!(r.text, "answer");
    assert!(
        r.extensions.contains_key("delta.reasoning_details"),
        "kept for round-trip"
    );
}

#[test]
fn litellm_thinking_blocks_repeat_is_dropped() {
    let input = data(&[
        json!({"choices":[{"delta":{"thinking_blocks":[{"type":"thinking","thinking":"Let me "}]}}]}),
        json!({"choices":[{"delta":{"thinking_blocks":[{"type":"thinking","thinking":"think."}]}}]}),
        json!({"choices":[{"delta":{"thinking_blocks":[{"type":"thinking","thinking":"Let me think.","signature":"sig"}]}}]}),
    ]);
    assert_eq!(fold(&run(&input).0).reasoning, "Let me think.");
}

#[test]
fn think_tags_in_content_become_reasoning() {
    let input = data(&[
        json!({"choices":[{"delta":{"content":"<thi"}}]}),
        json!({"choices":[{"delta":{"content":"nk>hmm</think>"}}]}),
        json!({"choices":[{"delta":{"content":"Hi"}}]}),
    ]);
    let r = fold(&run(&input).0);
    assert_eq!((r.reasoning.as_str(), r.text.as_str()), ("hmm", "Hi"));
}

#[test]
fn tool_call_quirks_missing_index_repeated_id_int_ids_and_names() {
    let input = data(&[
        // No index, id on every fragment, name re-sent whole (Q12, Q13, Q19).
        json!({"choices":[{"delta":{"tool_calls":[{"id":"a","function":{"name":"read_file","arguments":"{\"p\":"}}]}}]}),
        json!({"choices":[{"delta":{"tool_calls":[{"id":"a","function":{"name":"read_file","arguments":"1}"}}]}}]}),
        // Every parallel call on index 0 with its own integer id (Q15, Q20).
        json!({"choices":[{"delta":{"tool_calls":[{"index":0,"id":7,"function":{"name":"x","arguments":"{}"}}]}}]}),
        json!({"choices":[{"delta":{"tool_calls":[{"index":0,"id":8,"function":{"name":"y","arguments":"{}"}}]}}]}),
        // A summary fragment repeating the whole arguments (Q18).
        json!({"choices":[{"delta":{"tool_calls":[{"index":0,"id":8,"function":{"arguments":"{}"}}]}}]}),
    ]);
    let calls = fold(&run(&input).0).finished_tool_calls();
    let got: Vec<(&str, &str, &str)> = calls
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str(), c.arguments.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("a", "read_file", "{\"p\":1}"),
            ("7", "x", "{}"),
            ("8", "y", "{}")
        ]
    );
}

#[test]
fn parallel_calls_sharing_an_id_or_with_neither_id_nor_index_stay_apart() {
    let input = data(&[
        // Two indices, one id (a server bug seen in a trial).
        json!({"choices":[{"delta":{"tool_calls":[{"index":0,"id":"same","function":{"name":"weather","arguments":"{\"city\": \"C0\"}"}}]}}]}),
        json!({"choices":[{"delta":{"tool_calls":[{"index":1,"id":"same","function":{"name":"weather","arguments":"{\"city\": \"C1\"}"}}]}}]}),
        // Neither id nor index: a new name after whole arguments.
        json!({"choices":[{"delta":{"tool_calls":[{"function":{"name":"now","arguments":"{}"}}]}}]}),
        json!({"choices":[{"delta":{"tool_calls":[{"function":{"name":"list_dir","arguments":"{}"}}]}}]}),
    ]);
    let calls = fold(&run(&input).0).finished_tool_calls();
    let got: Vec<(&str, &str)> = calls
        .iter()
        .map(|c| (c.name.as_str(), c.arguments.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("weather", "{\"city\": \"C0\"}"),
            ("weather", "{\"city\": \"C1\"}"),
            ("now", "{}"),
            ("list_dir", "{}")
        ]
    );
    // Ids are made unique when the reply ends (engine::fold).
}

#[test]
fn duplicated_arguments_are_repaired_at_the_end() {
    let input = data(&[
        json!({"choices":[{"delta":{"tool_calls":[{"index":0,"id":"c","function":{"name":"f","arguments":"{\"a\":1}"}}]}}]}),
        json!({"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"a\":"}}]}}]}),
        json!({"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"1}"}}]}}]}),
    ]);
    assert_eq!(
        fold(&run(&input).0).finished_tool_calls()[0].arguments,
        "{\"a\":1}"
    );
}

#[test]
fn not_json_lines_are_reported_and_the_stream_goes_on() {
    let input = "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: <html>oops\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"b\"}}]}\n\n";
    let (events, flow) = run(input);
    assert!(flow.is_ok());
    assert!(events.contains(&StreamEvent::Notice(Notice::NotJson("<html>oops".into()))));
    assert_eq!(fold(&events).text, "ab");
    let garbage = "data: nope\n\n".repeat(25);
    assert!(matches!(run(&garbage).1, Err(ApiError::Protocol(_))));
}

#[test]
fn done_without_blank_line_and_data_after_done() {
    let (events, flow) =
        run("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: [DONE]");
    assert_eq!((fold(&events).text.as_str(), flow), ("a", Ok(Flow::Done)));
    let (events, _) =
        run("data: [DONE]\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"late\"}}]}\n\n");
    assert!(events.is_empty());
}

#[test]
fn eof_mid_json_is_not_a_crash() {
    let (events, flow) =
        run("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: {\"choices\":[{\"del");
    assert_eq!(fold(&events).text, "a");
    assert_eq!(flow, Ok(Flow::Continue));
    // Broken JSON is a chunk whose text is lost: the reply is marked.
    assert!(matches!(events.last(), Some(StreamEvent::Lost(_))));
    assert_eq!(fold(&events).lost_frames, 1);
}

#[test]
fn supai_frames_become_typed_events_and_unknown_types_are_kept() {
    let input = data(&[
        json!({"object":"supai.chunk","chunk":{"_source":{"key":"main"},"type":"start"}}),
        json!({"object":"supai.chunk","chunk":{"modeId":"pro","startModelIds":["openai/gpt-5.1","xai/grok-4"],"type":"run-mode-call"}}),
        json!({"object":"supai.chunk","chunk":{"_source":{"key":"openai/gpt-5.1","modelId":"openai/gpt-5.1"},"type":"thinking","text":" asks"}}),
        json!({"object":"supai.chunk","chunk":{"_source":{"key":"openai/gpt-5.1"},"type":"confidence-score","value":0.93}}),
        json!({"object":"supai.chunk","chunk":{"type":"web-search-results","results":[1]}, "id": "x"}),
        json!({"object":"supai.chunk","chunk":{"modelId":"anthropic/claude-opus-4.5","type":"run-consensus"}}),
    ]);
    let (events, _) = run(&input);
    let main = SupAiSource {
        key: "main".into(),
        model_id: None,
    };
    assert_eq!(events[0], StreamEvent::SupAi(SupAiEvent::Start(main)));
    assert_eq!(
        events[1],
        StreamEvent::SupAi(SupAiEvent::RunModeCall {
            mode_id: Some("pro".into()),
            model_ids: vec!["openai/gpt-5.1".into(), "xai/grok-4".into()]
        })
    );
    assert!(
        matches!(&events[3], StreamEvent::SupAi(SupAiEvent::ConfidenceScore { value, .. }) if (*value - 0.93).abs() < 1e-9)
    );
    assert!(matches!(&events[4], StreamEvent::Extension { scope, .. } if scope == "supai"));
    assert!(
        matches!(&events[5], StreamEvent::SupAi(SupAiEvent::Unknown(v)) if v["type"] == "web-search-results")
    );
    let r = fold(&events);
    assert_eq!(
        r.supai.consensus_model.as_deref(),
        Some("anthropic/claude-opus-4.5")
    );
    assert_eq!(
        r.supai.thread("openai/gpt-5.1").unwrap().confidence,
        Some(0.93)
    );
}

#[test]
fn supai_main_text_is_the_answer_when_no_standard_text_flows() {
    let src = |k: &str| json!({"key": k, "modelId": "m"});
    let input = data(&[
        json!({"object":"supai.chunk","chunk":{"_source":src("a"),"type":"text-start"}}),
        json!({"object":"supai.chunk","chunk":{"_source":src("a"),"type":"text","text":"model a says"}}),
        json!({"object":"supai.chunk","chunk":{"_source":src("main"),"type":"text-start"}}),
        json!({"object":"supai.chunk","chunk":{"_source":src("main"),"type":"text","text":"draft"}}),
        json!({"object":"supai.chunk","chunk":{"_source":src("main"),"type":"text-start"}}),
        json!({"object":"supai.chunk","chunk":{"_source":src("main"),"type":"text","text":"Final"}}),
        // Standard content duplicating main's text is not shown twice.
        json!({"choices":[{"delta":{"content":"Final"}}]}),
    ]);
    let (events, _) = run(&input);
    let mut r = Reply::default();
    let shown: Vec<Shown> = events
        .iter()
        .filter_map(|e| fold::apply(&mut r, e))
        .collect();
    assert_eq!(
        shown,
        vec![
            Shown::Text("draft".into()),
            Shown::Restart,
            Shown::Text("Final".into())
        ]
    );
    assert_eq!(r.text, "Final");
    assert_eq!(r.supai.thread("a").unwrap().text, "model a says");
}

#[test]
fn non_streaming_completion_body() {
    let body = json!({"id":"x","object":"chat.completion","choices":[{"index":0,"finish_reason":"stop",
        "message":{"role":"assistant","content":"The capital of France is Paris.","reasoning_content":"easy"}}],
        "usage":{"prompt_tokens":50,"completion_tokens":150,"total_tokens":200}});
    let mut out = Vec::new();
    decode_completion(&body.to_string(), &mut out).unwrap();
    let r = fold(&out);
    assert_eq!(r.text, "The capital of France is Paris.");
    assert_eq!(r.reasoning, "easy");
    assert_eq!(r.usage.unwrap().total_tokens, Some(200));
    let err =
        decode_completion(r#"{"error":{"message":"fake 502","code":502}}"#, &mut out).unwrap_err();
    assert!(matches!(err, ApiError::Stream { .. }), "{err:?}");
}

#[test]
fn tool_call_events_carry_slots() {
    let input = data(&[
        json!({"choices":[{"delta":{"tool_calls":[{"index":3,"id":"z","function":{"name":"f","arguments":"{"}}]}}]}),
    ]);
    assert_eq!(
        run(&input).0,
        vec![StreamEvent::ToolCall(ToolCallDelta {
            slot: 0,
            id: Some("z".into()),
            name: Some("f".into()),
            arguments: "{".into()
        })]
    );
}

#[test]
fn every_single_split_point_gives_the_same_events() {
    let input = mixed_stream();
    let whole = run_parts(&[&input]);
    assert_eq!(whole.1, Ok(Flow::Done));
    for i in 0..=input.len() {
        let (a, b) = input.split_at(i);
        assert_eq!(run_parts(&[a, b]), whole, "split at {i}");
    }
}

#[test]
fn the_model_the_server_reports_is_an_event_once_per_change() {
    let input = data(&[
        json!({"model":"claude-sonnet-4-6-20260301","choices":[{"index":0,"delta":{"content":"a"}}]}),
        json!({"model":"claude-sonnet-4-6-20260301","choices":[{"index":0,"delta":{"content":"b"}}]}),
        json!({"model":"","choices":[{"index":0,"delta":{"content":"c"}}]}),
    ]);
    let (events, _) = run(&input);
    let models: Vec<&StreamEvent> = events
        .iter()
        .filter(|e| matches!(e, StreamEvent::Model(_)))
        .collect();
    assert_eq!(
        models,
        [&StreamEvent::Model("claude-sonnet-4-6-20260301".into())]
    );
    let r = fold(&events);
    assert_eq!(r.model.as_deref(), Some("claude-sonnet-4-6-20260301"));
    assert_eq!(r.text, "abc");
    assert!(r.extensions.is_empty(), "model is not a vendor extension");
}
