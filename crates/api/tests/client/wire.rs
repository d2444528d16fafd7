//! The wire, for the request inspector: a scripted stream with known
//! pauses, and a first attempt that fails (503) before one that streams.

use super::*;
use supchat_api::event::Wire;

fn wire(events: &[StreamEvent]) -> Vec<Wire> {
    events
        .iter()
        .filter_map(|e| match e {
            StreamEvent::Wire(w) => Some((**w).clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn the_wire_shows_each_attempt_with_the_key_masked_and_frames_timed() {
    let s = Server::start().await.unwrap();
    // A frame that echoes the key, cut across two reads.
    let echo = format!("data: {}\n\n", text_chunk(&format!("lo {KEY}")));
    let cut = echo.find("0123456789").unwrap();
    let slow = Scripted::new(200)
        .header("Content-Type", "text/event-stream")
        .bytes(format!("data: {}\n\n", text_chunk("Hel")))
        .part(Part::Sleep(Duration::from_millis(300)))
        .bytes(&echo[..cut])
        .part(Part::Sleep(Duration::from_millis(50)))
        .bytes(&echo[cut..])
        .bytes(format!("data: {}\n\ndata: [DONE]\n\n", stop_chunk()));
    s.route(
        "POST",
        CHAT,
        vec![Scripted::json(503, r#"{"error":{"message":"busy"}}"#), slow],
    );
    let mut p = provider(&s, ProviderKind::OpenAi);
    p.max_retries = 1;
    let c = client(p);
    let opts = ChatOptions {
        wire: true,
        ..ChatOptions::default()
    };
    let (turn, events) = chat_with(&c, &opts).await;
    assert_eq!(turn.end, TurnEnd::Complete);
    assert!(turn.reply.text.starts_with("Hello "), "{}", turn.reply.text);
    let w = wire(&events);
    // Attempt 1: the request, a 503 and its body; attempt 2: the request,
    // a 200 and the body's lines.
    let kinds: Vec<(u32, &str)> = w
        .iter()
        .map(|w| {
            let k = match w {
                Wire::Request { .. } => "request",
                Wire::Response { .. } => "response",
                Wire::Data { .. } => "data",
                Wire::Failed { .. } => "failed",
            };
            (w.attempt(), k)
        })
        .collect();
    assert_eq!(&kinds[..3], [(1, "request"), (1, "response"), (1, "data")]);
    assert_eq!(&kinds[3..5], [(2, "request"), (2, "response")]);
    assert!(kinds[5..].iter().all(|k| *k == (2, "data")), "{kinds:?}");
    let Wire::Request {
        method,
        url,
        headers,
        body,
        ..
    } = &w[0]
    else {
        panic!()
    };
    assert_eq!(method, "POST");
    assert!(url.ends_with("/v1/chat/completions"));
    let auth = headers.iter().find(|(k, _)| k == "authorization").unwrap();
    assert_eq!(auth.1, "Bearer su-…6789");
    assert!(body.contains("\"messages\""));
    assert!(matches!(&w[1], Wire::Response { status: 503, .. }));
    // Nothing of the wire holds the key.
    let all = serde_json::to_string(&w).unwrap();
    assert!(!all.contains(KEY), "{all}");
    assert!(all.contains("[redacted]") || all.contains("…"), "{all}");
    // Times grow, and the pauses of the script are in them (lower bounds
    // only: a busy machine is slower, never faster).
    let ms: Vec<u64> = w.iter().map(Wire::ms).collect();
    assert!(ms.windows(2).all(|p| p[0] <= p[1]), "{ms:?}");
    let data: Vec<(u64, &str)> = w[5..]
        .iter()
        .filter_map(|w| match w {
            Wire::Data { ms, text, .. } => Some((*ms, text.as_str())),
            _ => None,
        })
        .collect();
    let first = data.iter().find(|(_, t)| t.contains("Hel")).unwrap().0;
    let echoed = data.iter().find(|(_, t)| t.contains("lo ")).unwrap().0;
    assert!(echoed >= first + 300, "{data:?}");
    // The key's line went out once whole: after its end arrived.
    assert!(
        !data
            .iter()
            .any(|(_, t)| t.contains("0123456789") && !t.contains("lo ")),
        "{data:?}"
    );
}

#[tokio::test]
async fn no_wire_unless_asked() {
    let s = Server::start().await.unwrap();
    s.route("POST", CHAT, vec![hello()]);
    let (_, events) = chat(&client(provider(&s, ProviderKind::OpenAi))).await;
    assert!(wire(&events).is_empty());
}
