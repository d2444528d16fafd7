//! A hostile OpenAI-compatible server, and hostile input: every class of
//! attack found against supchat becomes a case here, so it stays fixed.
//! The server is the loopback one; the binary is the debug build (integer
//! overflow panics there, so a missed saturation shows).

use std::path::PathBuf;
use std::process::{Output, Stdio};

use serde_json::{Value, json};
use supchat_api::event::{SupAiEvent, SupAiSource};
use supchat_api::{StreamEvent, fold};
use supchat_chat::Reply;
use supchat_chat::reply::{MAX_THREADS, MAX_UNKNOWN_KEPT};
use supchat_loopback::{Scripted, Server};

const BIN: &str = env!("CARGO_BIN_EXE_supchat");

fn config(server: &Server) -> PathBuf {
    let dir = supchat_testkit::temp_dir("hostile");
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        format!(
            "[providers.supage]\nbase_url = \"{}/v1\"\napi_key = \"su-hostile-key-123456\"\nmax_retries = 0\n",
            server.url()
        ),
    )
    .unwrap();
    path
}

async fn run(cfg: PathBuf, args: &'static [&'static str]) -> Output {
    tokio::task::spawn_blocking(move || {
        supchat_testkit::supchat(BIN)
            .args(args)
            .env("SUPCHAT_CONFIG", &cfg)
            .env("XDG_DATA_HOME", cfg.parent().unwrap())
            .stdin(Stdio::null())
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

fn sse(frames: &[Value]) -> Scripted {
    let mut lines: Vec<String> = frames.iter().map(Value::to_string).collect();
    lines.push("[DONE]".to_owned());
    Scripted::sse(lines)
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

/// Nothing that drives a terminal, nor what is left of a stripped escape.
fn clean(what: &str, s: &str) {
    assert!(
        !s.contains('\u{1b}') && !s.contains('\u{7}'),
        "{what}: an escape got through: {s:?}"
    );
    assert!(
        !s.contains("]0;") && !s.contains("]52;"),
        "{what}: escape leftovers: {s:?}"
    );
    assert!(!s.contains("panicked"), "{what}: {s}");
}

#[tokio::test(flavor = "multi_thread")]
async fn absurd_retry_after_on_chat_and_models_does_not_panic() {
    let s = Server::start().await.unwrap();
    for v in ["99999999999999999999", "1e20", "inf"] {
        let r = Scripted::json(429, r#"{"error":{"message":"later"}}"#).header("Retry-After", v);
        s.route("POST", "/v1/chat/completions", vec![r.clone()]);
        s.route("GET", "/v1/models", vec![r]);
        for args in [&["ask", "hi"][..], &["models"][..]] {
            let args: &'static [&'static str] = Box::leak(args.to_vec().into_boxed_slice());
            let o = run(config(&s), args).await;
            assert_eq!(
                o.status.code(),
                Some(1),
                "{v} {args:?}: {}",
                text(&o.stderr)
            );
            clean("stderr", &text(&o.stderr));
        }
    }
    let r = Scripted::json(503, "{}").header("retry-after-ms", "1e30");
    s.route("POST", "/v1/chat/completions", vec![r]);
    let o = run(config(&s), &["ask", "hi"]).await;
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn usage_near_the_top_of_u64_saturates() {
    let s = Server::start().await.unwrap();
    let max = u64::MAX;
    s.route(
        "POST",
        "/v1/chat/completions",
        vec![sse(&[
            json!({"choices":[{"delta":{"content":"hi"}}]}),
            json!({"choices":[],"usage":{"prompt_tokens":max,"completion_tokens":max}}),
        ])],
    );
    let o = run(config(&s), &["ask", "--stats", "hi"]).await;
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains(&format!("{max} in + {max} out = {max} tokens")));
}

#[tokio::test(flavor = "multi_thread")]
async fn tool_calls_and_error_codes_reach_stderr_cleaned() {
    let s = Server::start().await.unwrap();
    let evil = "\u{1b}]0;PWNED\u{7}\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J";
    s.route(
        "POST",
        "/v1/chat/completions",
        vec![sse(&[
            json!({"choices":[{"delta":{"tool_calls":[{"index":0,"id":"c1","function":{"name":format!("get{evil}weather"),"arguments":format!("{{\"city\":\"{evil}Paris\"}}")}}]}}]}),
            json!({"choices":[{"delta":{},"finish_reason":"tool_calls"}]}),
        ])],
    );
    let o = run(config(&s), &["ask", "hi"]).await;
    let err = text(&o.stderr);
    assert!(err.contains("getweather"), "{err}");
    clean("tool call notice", &err);

    s.route(
        "POST",
        "/v1/chat/completions",
        vec![sse(&[
            json!({"choices":[{"delta":{"content":"partial"}}]}),
            json!({"error":{"message":format!("bad{evil}"),"code":format!("E{evil}1"),"type":evil}}),
        ])],
    );
    let o = run(config(&s), &["ask", "hi"]).await;
    assert_eq!(o.status.code(), Some(1));
    clean("stream error", &text(&o.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_model_ids_are_cleaned_in_the_model_list() {
    let s = Server::start().await.unwrap();
    let body = json!({"data":[{"id":"gpt\u{1b}]0;PWNED\u{7}-5"},{"id":"ok"}]}).to_string();
    s.route("GET", "/v1/models", vec![Scripted::json(200, body)]);
    let o = run(config(&s), &["models"]).await;
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    clean("models", &out);
    assert!(out.contains("gpt-5"), "{out}");
}

fn src(key: &str) -> SupAiSource {
    SupAiSource {
        key: key.to_owned(),
        model_id: Some(key.to_owned()),
    }
}

#[test]
fn endless_supai_thread_keys_and_unknown_frames_stay_bounded() {
    let mut reply = Reply::default();
    for i in 0..150_000 {
        let ev = SupAiEvent::Thinking {
            source: src(&format!("vendor/model-{i}")),
            text: "x".into(),
        };
        fold::apply(&mut reply, &StreamEvent::SupAi(ev));
    }
    assert_eq!(reply.supai.threads.len(), MAX_THREADS);
    assert_eq!(reply.supai.dropped_frames, 150_000 - MAX_THREADS as u64);
    for i in 0..200_000 {
        let frame = json!({"type": "web-search-result", "n": i, "blob": "y".repeat(64)});
        fold::apply(
            &mut reply,
            &StreamEvent::SupAi(SupAiEvent::from_chunk(frame)),
        );
    }
    assert_eq!(reply.supai.unknown.len(), MAX_UNKNOWN_KEPT);
    assert_eq!(reply.supai.unknown_count, 200_000);
}

#[test]
fn confidence_scores_are_clamped_to_a_share() {
    for (value, want) in [
        (json!(5.0), 1.0),
        (json!(-3), 0.0),
        (json!(1e308), 1.0),
        (json!(0.5), 0.5),
    ] {
        let frame = json!({"type":"confidence-score","_source":{"key":"a"},"value":value});
        match SupAiEvent::from_chunk(frame) {
            SupAiEvent::ConfidenceScore { value, .. } => assert_eq!(value, want),
            other => panic!("{other:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_200_that_is_not_an_api_reply_says_so() {
    let s = Server::start().await.unwrap();
    let cases = [
        (
            Scripted::text(
                200,
                "text/html",
                "<html><head><title>Hotel WiFi login</title></head><body>Accept</body></html>",
            ),
            "Hotel WiFi login",
        ),
        (
            Scripted::text(200, "text/plain", "hello, this is not an API\nsecond line"),
            "hello, this is not an API",
        ),
        (
            Scripted::json(200, r#"{"detail":"Not authenticated"}"#),
            "Not authenticated",
        ),
    ];
    for (reply, shown) in cases {
        s.route("POST", "/v1/chat/completions", vec![reply]);
        let o = run(config(&s), &["ask", "hi"]).await;
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains(shown), "{err}");
        assert!(!err.contains("broke off"), "{err}");
        clean("not an API", &err);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn headers_dripping_in_are_not_called_silence() {
    use tokio::io::AsyncWriteExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            tokio::spawn(async move {
                // The whole request first (headers and its small body).
                let mut seen = Vec::new();
                let mut buf = [0u8; 4096];
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tokio::io::AsyncReadExt::read(&mut sock, &mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                let _ = sock.write_all(b"HTTP/1.1 200 OK\r\n").await;
                for b in b"X-Slow: ".iter().chain(b"a".repeat(100).iter()) {
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                    if sock.write_all(&[*b]).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    let dir = std::env::temp_dir().join(format!("supchat-hostile-drip-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = dir.join("config.toml");
    std::fs::write(
        &cfg,
        format!("[providers.supage]\nbase_url = \"http://{addr}/v1\"\napi_key = \"k-123456\"\nmax_retries = 0\nidle_timeout_secs = 2\n"),
    )
    .unwrap();
    let o = run(cfg, &["ask", "hi"]).await;
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("did not finish sending its response headers"),
        "{err}"
    );
}
