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
#[path = "decode_fold/quirks.rs"]
mod quirks;

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

/// A frame of 16 MiB of `{}` would take twenty times its size parsed: it
/// is a frame lost (the reply says it is incomplete), not a memory spike;
/// braces inside strings (code in a reply) do not count.
#[test]
fn a_frame_of_millions_of_objects_is_lost_not_parsed() {
    let huge = format!(
        "data: {{\"x\":[{}{{}}]}}\n\ndata: [DONE]\n\n",
        "{},".repeat(2_000_000)
    );
    let (events, end) = run(&huge);
    assert!(end.is_ok(), "{end:?}");
    assert!(
        events
            .iter()
            .any(|e| matches!(e, StreamEvent::Lost(l) if l.contains("more than 100000 objects"))),
        "{events:?}"
    );
    // Code full of braces, in a string: read as usual.
    let code = "{".repeat(300_000);
    let frame = data(&[json!({"choices":[{"index":0,"delta":{"content": code}}]})]);
    let (events, _) = run(&format!("{frame}data: [DONE]\n\n"));
    assert_eq!(fold(&events).text.len(), 300_000);
}
