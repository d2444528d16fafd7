//! The responses recorded from real OpenAI-compatible servers
//! (`../shared/realstreams/recordings`, read from there, never copied):
//! each decoded whole and in odd splits must give the same reply, and the
//! reply must hold what the recording carries: its text, reasoning, tool
//! calls (with ids and JSON arguments), usage and errors.
//!
//! Where the folder is absent (a user's checkout) the test says so and
//! passes; `SUPCHAT_RECORDINGS` names another folder.

use std::path::PathBuf;

use serde_json::Value;
use supchat_api::decode::{Flow, StreamDecoder, decode_completion};
use supchat_api::{ApiError, StreamEvent, fold};
use supchat_chat::{FinishReason, Reply};

fn folder() -> Option<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        std::env::var_os("SUPCHAT_RECORDINGS").map(PathBuf::from),
        Some(manifest.join("../../../shared/realstreams/recordings")),
        Some(PathBuf::from("/work/shared/realstreams/recordings")),
    ];
    candidates.into_iter().flatten().find(|p| p.is_dir())
}

/// The events of `body` fed `step` bytes at a time (0: whole).
fn decode(body: &[u8], step: usize) -> (Vec<StreamEvent>, Option<ApiError>) {
    let mut d = StreamDecoder::new();
    let mut out = Vec::new();
    let parts: Vec<&[u8]> = if step == 0 {
        vec![body]
    } else {
        body.chunks(step).collect()
    };
    for p in parts {
        match d.feed(p, &mut out) {
            Ok(Flow::Done) => return (out, None),
            Err(e) => return (out, Some(e)),
            Ok(Flow::Continue) => {}
        }
    }
    let err = d.finish(&mut out).err();
    (out, err)
}

fn fold_all(events: &[StreamEvent]) -> Reply {
    let mut r = Reply::default();
    for e in events {
        fold::apply(&mut r, e);
    }
    r
}

/// The chunks of an SSE recording, as JSON (comments and `[DONE]` left).
fn chunks(body: &str) -> Vec<Value> {
    body.lines()
        .filter_map(|l| l.strip_prefix("data:"))
        .map(str::trim)
        .filter_map(|d| serde_json::from_str(d).ok())
        .collect()
}

/// The answer's text as the recording has it: every `delta.content` string
/// and text part, read naively.
fn naive_text(chunks: &[Value]) -> String {
    let mut out = String::new();
    for c in chunks {
        match &c["choices"][0]["delta"]["content"] {
            Value::String(s) => out.push_str(s),
            Value::Array(parts) => {
                for p in parts {
                    if p["type"] == "text"
                        && let Some(t) = p["text"].as_str()
                    {
                        out.push_str(t);
                    }
                }
            }
            _ => {}
        }
        if let Some(r) = c["choices"][0]["delta"]["refusal"].as_str() {
            out.push_str(r);
        }
    }
    out
}

#[test]
fn every_recording_decodes_alike_whole_and_split_and_keeps_what_it_carries() {
    let Some(dir) = folder() else {
        eprintln!(
            "recordings: no folder ../shared/realstreams/recordings here (a user's checkout); nothing to replay"
        );
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut checked = 0;
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let body = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&body).into_owned();
        let (reply, error) = if name.ends_with(".json") {
            let mut events = Vec::new();
            let err = decode_completion(&text, &mut events).err();
            (fold_all(&events), err)
        } else if name.ends_with(".sse") {
            let (events, err) = decode(&body, 0);
            let whole = fold_all(&events);
            // Byte by byte, and in odd splits: the same reply.
            for step in [1, 7, 113] {
                let (events, err2) = decode(&body, step);
                assert_eq!(fold_all(&events), whole, "{name}: split every {step} bytes");
                assert_eq!(err.is_some(), err2.is_some(), "{name}: split every {step}");
            }
            let naive = naive_text(&chunks(&text));
            if !name.contains("think") && !name.contains("error") {
                assert_eq!(whole.text, naive, "{name}: the text");
            }
            (whole, err)
        } else {
            continue;
        };
        let has = |w: &str| name.contains(w);
        let failed = error.is_some()
            || reply.finish == Some(FinishReason::Error)
            || !reply.extensions.is_empty() && text.contains("\"error\"");
        if has("error") {
            assert!(failed, "{name}: the error is reported ({error:?})");
            // The server's message whole, not cut at 200 characters.
            let said = chunks(&text)
                .iter()
                .find_map(|c| c["error"]["message"].as_str().map(str::to_owned));
            if let (Some(said), Some(e)) = (said, &error) {
                assert!(e.to_string().contains(&said), "{name}: {e}");
            }
        } else {
            assert!(error.is_none(), "{name}: {error:?}");
        }
        if has("-text") || has("refusal") || has("length") {
            assert!(!reply.text.is_empty(), "{name}: text");
        }
        if has("reasoning") || has("thinking") || has("think-tags") {
            assert!(!reply.reasoning.is_empty(), "{name}: reasoning");
        }
        if has("tool") || has("parallel") {
            let calls = reply.finished_tool_calls();
            let least = if has("parallel") { 2 } else { 1 };
            assert!(calls.len() >= least, "{name}: {} tool calls", calls.len());
            for c in &calls {
                assert!(!c.id.is_empty() && !c.name.is_empty(), "{name}: {c:?}");
                assert!(
                    serde_json::from_str::<Value>(&c.arguments).is_ok(),
                    "{name}: arguments {:?}",
                    c.arguments
                );
            }
        }
        if has("length") {
            assert_eq!(reply.finish, Some(FinishReason::Length), "{name}");
        }
        // Usage the server sent is kept (an error frame's too).
        let sent_usage = text.contains("\"usage\":{") || text.contains("\"usage\": {");
        if sent_usage {
            assert!(reply.usage.is_some(), "{name}: usage");
        }
        checked += 1;
    }
    assert!(checked >= 45, "{checked} recordings read");
}

/// Each chunk of every recording the typed way (see `Chunk::plain`) is what
/// it is the lenient way; and most of them go the typed way.
#[test]
fn recorded_chunks_typed_are_what_they_are_taken_apart() {
    let Some(dir) = folder() else {
        eprintln!("no recordings here: skipped");
        return;
    };
    let (mut typed, mut all) = (0, 0);
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let Ok(body) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        for data in body
            .lines()
            .filter_map(|l| l.strip_prefix("data:"))
            .map(str::trim)
        {
            let Ok(Value::Object(map)) = serde_json::from_str(data) else {
                continue;
            };
            all += 1;
            if let Some(fast) = supchat_api::wire::Chunk::plain(data) {
                typed += 1;
                let slow = supchat_api::wire::Chunk::from_map(map);
                assert_eq!(
                    format!("{fast:?}"),
                    format!("{slow:?}"),
                    "{}: {data}",
                    entry.path().display()
                );
            }
        }
    }
    assert!(all > 500, "{all} chunks read");
    assert!(typed * 2 > all, "{typed} of {all} chunks typed");
    eprintln!("{typed} of {all} recorded chunks typed");
}
