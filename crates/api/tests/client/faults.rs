//! The client when servers misbehave: rate limits and retries, errors in
//! and around the stream, redaction, timeouts, TLS and plain HTTP.

use super::*;

#[tokio::test]
async fn rate_limit_waits_for_retry_after_and_says_so() {
    let s = Server::start().await.unwrap();
    let limited =
        Scripted::json(429, r#"{"error":{"message":"slow down"}}"#).header("Retry-After", "1");
    s.route("POST", CHAT, vec![limited, hello()]);
    let started = Instant::now();
    let (turn, events) = chat(&client(provider(&s, ProviderKind::OpenAi))).await;
    assert_eq!(turn.end, TurnEnd::Complete);
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "waited for Retry-After"
    );
    let notice = events.iter().find_map(|e| match e {
        StreamEvent::Notice(n @ Notice::Retrying { .. }) => Some(n.to_string()),
        _ => None,
    });
    let notice = notice.expect("a retry notice");
    assert!(
        notice.contains("rate limited (HTTP 429); retrying in 1.0s (attempt 2 of 3)"),
        "{notice}"
    );
}

#[tokio::test]
async fn rate_limit_gives_up_after_bounded_attempts() {
    let s = Server::start().await.unwrap();
    let limited =
        Scripted::json(429, r#"{"error":{"message":"slow down"}}"#).header("retry-after-ms", "10");
    s.route("POST", CHAT, vec![limited]);
    let (turn, _) = chat(&client(provider(&s, ProviderKind::OpenAi))).await;
    assert!(matches!(failed(&turn), ApiError::RateLimited { .. }));
    assert_eq!(s.requests().len(), 3);
}

#[tokio::test]
async fn long_retry_after_is_not_waited_for() {
    let s = Server::start().await.unwrap();
    let limited =
        Scripted::json(429, r#"{"error":{"message":"later"}}"#).header("Retry-After", "3600");
    s.route("POST", CHAT, vec![limited]);
    let (turn, _) = chat(&client(provider(&s, ProviderKind::OpenAi))).await;
    let e = failed(&turn).to_string();
    assert!(e.contains("asks to wait 3600s"), "{e}");
    assert_eq!(s.requests().len(), 1);
}

#[tokio::test]
async fn server_errors_retry_before_tokens_but_not_for_supai() {
    let s = Server::start().await.unwrap();
    s.route("POST", CHAT, vec![Scripted::json(503, "{}"), hello()]);
    let (turn, _) = chat(&client(provider(&s, ProviderKind::OpenAi))).await;
    assert_eq!(turn.end, TurnEnd::Complete);
    assert_eq!(s.requests().len(), 2);

    let s = Server::start().await.unwrap();
    s.route("POST", CHAT, vec![Scripted::json(500, "{}"), hello()]);
    let (turn, _) = chat(&client(provider(&s, ProviderKind::SupAi))).await;
    assert!(matches!(
        failed(&turn),
        ApiError::Server { status: 500, .. }
    ));
    assert_eq!(
        s.requests().len(),
        1,
        "Sup.ai: max_retries 0, a retry is billed"
    );
}

#[tokio::test]
async fn html_error_pages_show_status_and_title() {
    let s = Server::start().await.unwrap();
    let page = "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>";
    s.route("POST", CHAT, vec![Scripted::text(502, "text/html", page)]);
    let mut p = provider(&s, ProviderKind::OpenAi);
    p.max_retries = 0;
    let (turn, _) = chat(&client(p)).await;
    let e = failed(&turn).to_string();
    assert!(
        e.contains("HTTP 502): an HTML page titled \"502 Bad Gateway\""),
        "{e}"
    );
}

#[tokio::test]
async fn error_inside_a_200_body_is_a_failure() {
    let s = Server::start().await.unwrap();
    s.route(
        "POST",
        CHAT,
        vec![Scripted::json(
            200,
            r#"{"error":{"message":"upstream 502","code":502}}"#,
        )],
    );
    let mut p = provider(&s, ProviderKind::OpenAi);
    p.max_retries = 0;
    let (turn, _) = chat(&client(p)).await;
    assert_eq!(
        failed(&turn).to_string(),
        "the server reported an error in the stream (502): upstream 502"
    );
}

#[tokio::test]
async fn error_frame_after_tokens_keeps_the_partial() {
    let s = Server::start().await.unwrap();
    let frames = [
        text_chunk("So far"),
        json!({"error":{"message":"Provider disconnected","code":"server_error"}}).to_string(),
    ];
    s.route("POST", CHAT, vec![Scripted::sse(frames), hello()]);
    let (turn, _) = chat(&client(provider(&s, ProviderKind::OpenAi))).await;
    assert_eq!(turn.reply.text, "So far");
    assert!(failed(&turn).to_string().contains("Provider disconnected"));
    assert_eq!(s.requests().len(), 1, "never retried after tokens arrived");
}

#[tokio::test]
async fn tls_failure_is_named() {
    // A plain-HTTP server answering a TLS client.
    let s = Server::start().await.unwrap();
    let base = s.url().replace("http://", "https://");
    let mut p = Endpoint::new("tls", ProviderKind::OpenAi, &format!("{base}/v1"));
    p.max_retries = 0;
    let (turn, _) = chat(&client(p)).await;
    let e = failed(&turn).to_string();
    assert!(e.contains("TLS handshake failed"), "{e}");
}

/// No piece of the key as long as its first 8 characters shows in `text`.
fn no_key_piece(text: &str) {
    for start in 0..KEY.len() - 8 {
        let piece = &KEY[start..start + 8];
        assert!(!text.contains(piece), "{piece:?} leaked: {text}");
    }
}

#[tokio::test]
async fn a_key_straddling_the_excerpt_cut_is_redacted_whole() {
    let s = Server::start().await.unwrap();
    // The key starts 10 characters before the 200-character cut.
    let pad = "x".repeat(190 - "Invalid key ".len());
    let echo = json!({"error":{"message":format!("{pad}Invalid key {KEY} more text")}});
    s.route("POST", CHAT, vec![Scripted::json(401, echo.to_string())]);
    let (turn, _) = chat(&client(provider(&s, ProviderKind::OpenAi))).await;
    no_key_piece(&failed(&turn).to_string());
    // A plain-text body, too.
    let s = Server::start().await.unwrap();
    let body = format!("{}{KEY}", "y".repeat(195));
    let mut r = Scripted::new(500).header("Content-Type", "text/plain");
    r = r.bytes(body);
    s.route("POST", CHAT, vec![r]);
    let mut p = provider(&s, ProviderKind::OpenAi);
    p.max_retries = 0;
    let (turn, _) = chat(&client(p)).await;
    no_key_piece(&failed(&turn).to_string());
}

#[tokio::test]
async fn stream_error_codes_and_not_json_notices_are_redacted() {
    let s = Server::start().await.unwrap();
    let junk = format!("data: {}{KEY}\n\n", "z".repeat(195));
    let error = json!({"error":{"message":"failed","code":format!("bad_key_{KEY}")}});
    s.route(
        "POST",
        CHAT,
        vec![
            Scripted::new(200)
                .header("Content-Type", "text/event-stream")
                .bytes(junk)
                .bytes(format!("data: {}\n\n", text_chunk("partial")))
                .bytes(format!("data: {error}\n\n")),
        ],
    );
    let (turn, events) = chat(&client(provider(&s, ProviderKind::OpenAi))).await;
    let notices: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            StreamEvent::Notice(n) => Some(n.to_string()),
            _ => None,
        })
        .collect();
    assert!(
        notices.iter().any(|n| n.contains("not JSON")),
        "{notices:?}"
    );
    for n in &notices {
        no_key_piece(n);
    }
    let e = failed(&turn);
    no_key_piece(&e.to_string());
    no_key_piece(&format!("{e:?}"));
}

#[tokio::test]
async fn max_retries_zero_means_no_retry_even_for_429() {
    let s = Server::start().await.unwrap();
    let limited =
        Scripted::json(429, r#"{"error":{"message":"slow down"}}"#).header("retry-after-ms", "10");
    s.route("POST", CHAT, vec![limited, hello()]);
    let mut p = provider(&s, ProviderKind::OpenAi);
    p.max_retries = 0;
    let (turn, events) = chat(&client(p)).await;
    assert!(matches!(failed(&turn), ApiError::RateLimited { .. }));
    assert_eq!(s.requests().len(), 1);
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, StreamEvent::Notice(Notice::Retrying { .. })))
    );
}

#[tokio::test]
async fn absurd_retry_after_fails_cleanly_without_waiting() {
    let s = Server::start().await.unwrap();
    for v in ["99999999999999999999", "1e20"] {
        let limited =
            Scripted::json(429, r#"{"error":{"message":"later"}}"#).header("Retry-After", v);
        s.route("POST", CHAT, vec![limited]);
        let started = Instant::now();
        let (turn, _) = chat(&client(provider(&s, ProviderKind::OpenAi))).await;
        assert!(matches!(failed(&turn), ApiError::RateLimited { .. }));
        assert!(started.elapsed() < Duration::from_secs(5));
    }
    let limited =
        Scripted::json(503, r#"{"error":{"message":"busy"}}"#).header("retry-after-ms", "1e30");
    s.route("POST", CHAT, vec![limited]);
    let mut p = provider(&s, ProviderKind::OpenAi);
    p.max_retries = 0;
    let (turn, _) = chat(&client(p)).await;
    assert!(matches!(failed(&turn), ApiError::Server { .. }));
}

#[tokio::test]
async fn a_stream_broken_before_any_text_is_sent_again_after_a_backoff() {
    let s = Server::start().await.unwrap();
    // Headers, a keep-alive comment, then the connection drops.
    let broken = Scripted::new(200)
        .header("Content-Type", "text/event-stream")
        .bytes(": keep-alive\n\n")
        .part(Part::Cut);
    s.route("POST", CHAT, vec![broken, hello()]);
    let started = Instant::now();
    let (turn, events) = chat(&client(provider(&s, ProviderKind::OpenAi))).await;
    assert_eq!(turn.end, TurnEnd::Complete, "{:?}", turn.end);
    assert_eq!(turn.reply.text, "Hello, world");
    assert_eq!(s.requests().len(), 2);
    let delay = events.iter().find_map(|e| match e {
        StreamEvent::Notice(Notice::Retrying { delay, .. }) => Some(*delay),
        _ => None,
    });
    let delay = delay.expect("a retry notice");
    assert!(delay >= Duration::from_millis(300), "{delay:?}");
    assert!(started.elapsed() >= delay);
}

#[test]
fn a_key_over_plain_http_to_another_host_is_noticed() {
    let at = |url: &str| {
        let p = Endpoint::new("mock", ProviderKind::OpenAi, url);
        client(p).key_in_clear()
    };
    assert_eq!(at("http://192.0.2.7:8080/v1").as_deref(), Some("192.0.2.7"));
    assert_eq!(at("https://192.0.2.7/v1"), None);
    assert_eq!(at("http://127.0.0.1:9/v1"), None);
    assert_eq!(at("http://localhost:9/v1"), None);
    let p = Endpoint::new("mock", ProviderKind::OpenAi, "http://192.0.2.7/v1");
    let no_key = Credential::default();
    assert_eq!(ProviderClient::new(p, no_key).unwrap().key_in_clear(), None);
    let n = Notice::KeyInClear("192.0.2.7".into()).to_string();
    assert!(n.contains("plain http") && n.contains("https://"), "{n}");
}
