//! The path of a token below the engine: bytes as real servers send them
//! (protocol.md) decoded into stream events, folded into a reply. Each
//! quirk is fed whole and split at every offset.

use proptest::prelude::*;
use serde_json::json;

use supchat_api::decode::{Flow, StreamDecoder, decode_completion};
use supchat_api::event::{SupAiEvent, SupAiSource, ToolCallDelta};
use supchat_api::{ApiError, Notice, Shown, StreamEvent, fold};
use supchat_chat::{FinishReason, Reply};

/// Decodes `input` fed in `parts`; returns the events, the flow or error.
fn run_parts(parts: &[&[u8]]) -> (Vec<StreamEvent>, Result<Flow, ApiError>) {
    let mut d = StreamDecoder::new();
    let mut out = Vec::new();
    for p in parts {
        match d.feed(p, &mut out) {
            Ok(Flow::Done) => return (out, Ok(Flow::Done)),
            Err(e) => return (out, Err(e)),
            Ok(Flow::Continue) => {}
        }
    }
    let r = d.finish(&mut out);
    (out, r)
}

fn run(input: &str) -> (Vec<StreamEvent>, Result<Flow, ApiError>) {
    run_parts(&[input.as_bytes()])
}

fn fold(events: &[StreamEvent]) -> Reply {
    let mut r = Reply::default();
    for e in events {
        fold::apply(&mut r, e);
    }
    r
}

fn data(lines: &[serde_json::Value]) -> String {
    lines.iter().map(|l| format!("data: {l}\n\n")).collect()
}

const T1: &str = r#"data: {"id":"chatcmpl-D","object":"chat.completion.chunk","created":1778694024,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":""}}],"service_tier":"default","system_fingerprint":"fp_eb"}

data: {"id":"chatcmpl-D","object":"chat.completion.chunk","created":1778694024,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hello"}}],"service_tier":"default","system_fingerprint":"fp_eb"}

data: {"id":"chatcmpl-D","object":"chat.completion.chunk","created":1778694024,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"."}}],"service_tier":"default","system_fingerprint":"fp_eb"}

data: {"id":"chatcmpl-D","object":"chat.completion.chunk","created":1778694024,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"service_tier":"default","system_fingerprint":"fp_eb"}

data: {"id":"chatcmpl-D","object":"chat.completion.chunk","created":1778694024,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":15,"completion_tokens":3,"total_tokens":18,"prompt_tokens_details":{"audio_tokens":0,"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":0}}}

data: [DONE]

"#;

#[test]
fn t1_plain_text_with_usage_and_done() {
    let (events, flow) = run(T1);
    assert_eq!(flow, Ok(Flow::Done));
    let texts: Vec<&StreamEvent> = events
        .iter()
        .filter(|e| matches!(e, StreamEvent::Text(_)))
        .collect();
    assert_eq!(
        texts,
        vec![
            &StreamEvent::Text("Hello".into()),
            &StreamEvent::Text(".".into())
        ]
    );
    let r = fold(&events);
    assert_eq!(r.text, "Hello.");
    assert_eq!(r.finish, Some(FinishReason::Stop));
    let u = r.usage.unwrap();
    assert_eq!(
        (u.prompt_tokens, u.completion_tokens, u.total_tokens),
        (Some(15), Some(3), Some(18))
    );
    assert_eq!(u.cached_tokens, Some(4));
    assert!(
        r.extensions.is_empty(),
        "standard fields are not extensions: {:?}",
        r.extensions
    );
}

#[test]
fn t2_azure_prelude_tool_call_fragments_and_obfuscation() {
    let input = data(&[
        json!({"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0}]}),
        json!({"choices":[{"content_filter_results":{},"delta":{"content":null,"refusal":null,"role":"assistant","tool_calls":[{"function":{"arguments":"","name":"get_weather"},"id":"call_YC2","index":0,"type":"function"}]},"finish_reason":null,"index":0,"logprobs":null}],"obfuscation":"KRm","object":"chat.completion.chunk"}),
        json!({"choices":[{"delta":{"tool_calls":[{"function":{"arguments":"{\""},"index":0}]},"index":0}],"obfuscation":"d2g"}),
        json!({"choices":[{"delta":{"tool_calls":[{"function":{"arguments":"city\":\"Paris\"}"},"index":0}]},"index":0}]}),
        json!({"choices":[{"delta":{},"finish_reason":"tool_calls","index":0}]}),
    ]) + "data: [DONE]\n\n";
    let (events, flow) = run(&input);
    assert_eq!(flow, Ok(Flow::Done));
    let r = fold(&events);
    let calls = r.finished_tool_calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].id, "call_YC2");
    assert_eq!(calls[0].name, "get_weather");
    assert_eq!(calls[0].arguments, r#"{"city":"Paris"}"#);
    assert_eq!(r.finish, Some(FinishReason::ToolCalls));
    assert!(r.extensions.contains_key("chunk.prompt_filter_results"));
    assert!(r.extensions.contains_key("chunk.obfuscation"));
    assert!(r.extensions.contains_key("choice.content_filter_results"));
}

#[test]
fn t3_whole_args_on_finish_chunk_and_duplicate_finish_with_usage() {
    let input = data(&[
        json!({"choices":[{"index":0,"finish_reason":"tool_calls","delta":{"role":"assistant","tool_calls":[{"id":"call_0","index":0,"type":"function","function":{"name":"get_weather","arguments":"{\"city\": \"Paris\"}"}}]}}]}),
        json!({"choices":[{"index":0,"finish_reason":"tool_calls","delta":{"role":"assistant","content":""}}],"usage":{"prompt_tokens":163,"completion_tokens":11,"total_tokens":174}}),
    ]) + "data: [DONE]\n\n";
    let (events, _) = run(&input);
    let finishes = events
        .iter()
        .filter(|e| matches!(e, StreamEvent::Finish(_)))
        .count();
    assert_eq!(finishes, 1, "a repeated finish reason is reported once");
    let r = fold(&events);
    assert_eq!(
        r.finished_tool_calls()[0].arguments,
        "{\"city\": \"Paris\"}"
    );
    assert_eq!(r.usage.unwrap().total_tokens, Some(174));
}

#[test]
fn t4_parallel_calls_interleaved_in_one_chunk() {
    let input = data(&[
        json!({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_A","type":"function","function":{"name":"get_weather","arguments":""}}]}}]}),
        json!({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":\"Pa"}}]}}]}),
        json!({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ris\"}"}},{"index":1,"id":"call_B","type":"function","function":{"name":"get_weather","arguments":"{\"ci"}}]}}]}),
        json!({"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"ty\":\"Tokyo\"}"}}]}}]}),
        json!({"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}),
    ]);
    let (events, flow) = run(&input);
    assert_eq!(
        flow,
        Ok(Flow::Continue),
        "no [DONE]: the caller decides from the finish reason"
    );
    let calls = fold(&events).finished_tool_calls();
    assert_eq!(calls.len(), 2);
    assert_eq!(
        (calls[0].id.as_str(), calls[0].arguments.as_str()),
        ("call_A", r#"{"city":"Paris"}"#)
    );
    assert_eq!(
        (calls[1].id.as_str(), calls[1].arguments.as_str()),
        ("call_B", r#"{"city":"Tokyo"}"#)
    );
}

#[test]
fn t5_openrouter_error_frame_mid_stream_keeps_partial() {
    let input = data(&[
        json!({"choices":[{"index":0,"delta":{"content":"Partial"}}]}),
        json!({"id":"cmpl","object":"chat.completion.chunk","error":{"code":"server_error","message":"Provider disconnected"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}),
    ]);
    let (events, r) = run(&input);
    assert_eq!(fold(&events).text, "Partial");
    let e = r.unwrap_err();
    assert_eq!(
        e,
        ApiError::Stream {
            code: Some("server_error".into()),
            message: "Provider disconnected".into()
        }
    );
    assert!(e.is_transient());
}

#[test]
fn t6_keepalive_comments_are_ignored() {
    let input = ": OPENROUTER PROCESSING\n\n: OPENROUTER PROCESSING\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\n";
    let (events, _) = run(input);
    assert_eq!(events, vec![StreamEvent::Text("x".into())]);
}

#[test]
fn t7_vllm_event_error() {
    let input = "event: error\ndata: {\"code\":400,\"details\":\"Requested sample logprobs of 21\"}\n\ndata: [DONE]\n\n";
    let e = run(input).1.unwrap_err();
    assert_eq!(
        e,
        ApiError::Stream {
            code: Some("400".into()),
            message: "Requested sample logprobs of 21".into()
        }
    );
}

#[test]
fn crlf_everywhere_and_data_without_space() {
    let input = "data:{\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\r\n\r\ndata: {\"choices\":[{\"delta\":{\"content\":\"b\"}}]}\r\n\r\ndata: [DONE]\r\n\r\n";
    let (events, flow) = run(input);
    assert_eq!(flow, Ok(Flow::Done));
    assert_eq!(fold(&events).text, "ab");
}

#[test]
fn nulls_empty_choices_missing_delta_and_empty_finish() {
    let input = data(&[
        json!({"choices":null,"usage":null}),
        json!({"choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":null},"finish_reason":""}]}),
        json!({"choices":[{"index":0,"content_filter_results":{"hate":{"filtered":false}}}]}),
        json!({"choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":null}]}),
        json!({"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}),
        json!(null),
        json!([1, 2]),
    ]);
    let (events, flow) = run(&input);
    assert_eq!(flow, Ok(Flow::Continue));
    let r = fold(&events);
    assert_eq!(r.text, "ok");
    assert_eq!(r.finish, None, "an empty finish_reason is no finish");
    assert_eq!(r.usage.unwrap().total_tokens, Some(2));
}

#[test]
fn claude_stop_reasons_are_normalised() {
    for (raw, want) in [
        ("end_turn", FinishReason::Stop),
        ("max_tokens", FinishReason::Length),
        ("tool_use", FinishReason::ToolCalls),
    ] {
        let input = data(&[json!({"choices":[{"delta":{},"finish_reason":raw}]})]);
        assert_eq!(fold(&run(&input).0).finish, Some(want));
    }
}

#[test]
fn cumulative_usage_on_every_chunk_replaces_and_empty_usage_is_ignored() {
    let input = data(&[
        json!({"choices":[{"delta":{"content":"a"}}],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}),
        json!({"choices":[{"delta":{"content":"b"}}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}),
        json!({"choices":[],"usage":{}}),
        json!({"choices":[],"x_groq":{"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}}),
    ]);
    let u = fold(&run(&input).0).usage.unwrap();
    assert_eq!(u.completion_tokens, Some(3));
    assert_eq!(u.total_tokens, Some(8));
}

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

/// A stream exercising most paths: CRLF, comments, UTF-8, tool calls, errors
/// of shape, supai frames, a line that is not JSON.
fn mixed_stream() -> Vec<u8> {
    let mut s = String::from("\u{feff}: keep-alive\r\n\r\n");
    s += &data(&[
        json!({"choices":[{"delta":{"role":"assistant","content":"你好，"}}]}),
        json!({"choices":[{"delta":{"content":"世界 👩‍👩‍👧 "}}]}),
        json!({"choices":[{"delta":{"reasoning_content":"思考"}}]}),
        json!({"object":"supai.chunk","chunk":{"_source":{"key":"m"},"type":"thinking","text":"…"}}),
        json!({"choices":[{"delta":{"tool_calls":[{"index":0,"id":"c1","function":{"name":"f","arguments":"{\"q\":\"é"}}]}}]}),
        json!({"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"}"}}]}}]}),
    ])
    .replace("\n\n", "\r\n\r\n");
    s += "data: not json\n\n";
    s += "data:{\"choices\":[{\"delta\":{\"content\":\"end\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}}\r\n\r\ndata: [DONE]\r\n\r\n";
    s.into_bytes()
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The same events whatever the split of the input bytes.
    #[test]
    fn any_split_gives_the_same_events(cuts in proptest::collection::vec(0usize..2000, 0..40)) {
        let input = mixed_stream();
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (input.len() + 1)).collect();
        cuts.sort_unstable();
        let mut parts = Vec::new();
        let mut prev = 0;
        for c in cuts {
            parts.push(&input[prev..c]);
            prev = c;
        }
        parts.push(&input[prev..]);
        prop_assert_eq!(run_parts(&parts), run_parts(&[&input]));
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
