//! The API client against a loopback server: the request on the wire, the
//! reply as events, and every error class (protocol.md §9). The client keeps
//! no reply: the tests fold its events as the engine does.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use supchat_api::{
    ApiError, ChatOptions, Credential, Endpoint, Notice, ProviderClient, Secret, StreamEvent,
    TurnEnd,
};
use supchat_chat::{FinishReason, Message, ProviderKind, Reply};
use supchat_loopback::{Part, Scripted, Server};
use tokio::sync::Semaphore;

#[path = "client/faults.rs"]
mod faults;
#[path = "client/wire.rs"]
mod wire;

const KEY: &str = "su-test-key-0123456789";
const CHAT: &str = "/v1/chat/completions";

fn provider(server: &Server, kind: ProviderKind) -> Endpoint {
    let mut p = Endpoint::new("mock", kind, &format!("{}/v1", server.url()));
    p.model = "m".into();
    p.idle_timeout = Duration::from_secs(5);
    p
}

fn client(p: Endpoint) -> ProviderClient {
    let key = Credential {
        secret: Some(Secret::new(KEY)),
        source: Some("the environment variable MOCK_API_KEY".into()),
    };
    ProviderClient::new(p, key).unwrap()
}

/// A request's end and the reply its events describe.
struct Turn {
    reply: Reply,
    end: TurnEnd,
}

fn fold(events: &[StreamEvent]) -> Reply {
    let mut reply = Reply::default();
    for e in events {
        supchat_api::fold::apply(&mut reply, e);
    }
    reply
}

async fn chat(c: &ProviderClient) -> (Turn, Vec<StreamEvent>) {
    chat_with(c, &ChatOptions::default()).await
}

async fn chat_with(c: &ProviderClient, opts: &ChatOptions) -> (Turn, Vec<StreamEvent>) {
    let mut events = Vec::new();
    let mut sink = |e: &StreamEvent| events.push(e.clone());
    let end = c.chat(&[Message::user("hi")], opts, &mut sink).await;
    let reply = fold(&events);
    (Turn { reply, end }, events)
}

fn text_chunk(t: &str) -> String {
    json!({"choices":[{"index":0,"delta":{"content":t}}]}).to_string()
}

fn stop_chunk() -> String {
    json!({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}).to_string()
}

fn hello() -> Scripted {
    Scripted::sse([
        text_chunk("Hello"),
        text_chunk(", world"),
        stop_chunk(),
        json!({"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}})
            .to_string(),
        "[DONE]".into(),
    ])
}

fn failed(t: &Turn) -> &ApiError {
    match &t.end {
        TurnEnd::Failed(e) => e,
        TurnEnd::Complete => panic!("expected a failure, got {:?}", t.reply),
    }
}

#[tokio::test]
async fn streams_text_and_sends_the_openai_request() {
    let s = Server::start().await.unwrap();
    s.route("POST", CHAT, vec![hello()]);
    let mut p = provider(&s, ProviderKind::OpenAi);
    p.temperature = Some(0.2);
    let (turn, events) = chat(&client(p)).await;
    assert_eq!(turn.end, TurnEnd::Complete);
    assert_eq!(turn.reply.text, "Hello, world");
    assert_eq!(events[0], StreamEvent::Text("Hello".into()));
    assert_eq!(turn.reply.usage.unwrap().total_tokens, Some(7));
    let req = &s.requests()[0];
    assert_eq!(
        req.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(req.header("accept"), Some("text/event-stream"));
    let body = req.json();
    assert_eq!(body["model"], "m");
    assert_eq!(body["stream"], true);
    assert_eq!(body["temperature"], 0.2);
    assert_eq!(body["stream_options"], json!({"include_usage": true}));
    assert_eq!(body["messages"], json!([{"role":"user","content":"hi"}]));
}

#[tokio::test]
async fn supai_request_on_the_wire() {
    let s = Server::start().await.unwrap();
    s.route("POST", "/v1/openai/chat/completions", vec![hello()]);
    let mut p = Endpoint::new(
        "supai",
        ProviderKind::SupAi,
        &format!("{}/v1/openai", s.url()),
    );
    p.model = "thinking".into();
    p.models = vec!["openai/gpt-5.2".into()];
    p.include_supai_chunks = true;
    let (turn, _) = chat(&client(p)).await;
    assert_eq!(turn.end, TurnEnd::Complete);
    let body = s.requests()[0].json();
    assert_eq!(body["model"], "thinking");
    assert_eq!(body["models"], json!(["openai/gpt-5.2"]));
    assert_eq!(body["include_supai_chunks"], true);
    assert_eq!(
        body["environment"]["location"],
        json!({"ip_address": "current"})
    );
    let date = body["environment"]["date"].as_str().unwrap();
    assert!(
        date.len() == 20 && date.ends_with('Z') && date.starts_with("20"),
        "{date}"
    );
    assert!(body["environment"].get("user_name").is_none());
}

#[tokio::test]
async fn rejected_key_names_provider_and_source_but_never_the_key() {
    let s = Server::start().await.unwrap();
    let echo = json!({"error":{"message":format!("Invalid key {KEY}"),"code":"invalid_api_key"}});
    s.route("POST", CHAT, vec![Scripted::json(401, echo.to_string())]);
    let (turn, _) = chat(&client(provider(&s, ProviderKind::OpenAi))).await;
    let e = failed(&turn).to_string();
    assert!(e.contains("mock rejected the API key (HTTP 401"), "{e}");
    assert!(e.contains("MOCK_API_KEY"), "{e}");
    assert!(!e.contains(KEY), "{e}");
    assert!(!format!("{:?}", failed(&turn)).contains(KEY));
    assert_eq!(s.requests().len(), 1, "no retry on 401");
}

#[tokio::test]
async fn not_found_shows_the_url_called() {
    let s = Server::start().await.unwrap();
    let (turn, _) = chat(&client(provider(&s, ProviderKind::OpenAi))).await;
    let e = failed(&turn).to_string();
    assert!(
        e.contains(&format!("{}/v1/chat/completions", s.url())),
        "{e}"
    );
}

#[tokio::test]
async fn stream_options_rejection_is_retried_without_and_remembered() {
    let s = Server::start().await.unwrap();
    let reject = Scripted::json(
        400,
        r#"{"error":{"message":"Unrecognized request argument supplied: stream_options"}}"#,
    );
    s.route("POST", CHAT, vec![reject, hello()]);
    let c = client(provider(&s, ProviderKind::OpenAi));
    let (turn, events) = chat(&c).await;
    assert_eq!(turn.end, TurnEnd::Complete);
    assert!(events.contains(&StreamEvent::Notice(Notice::DroppedStreamOptions)));
    let (turn, _) = chat(&c).await;
    assert_eq!(turn.end, TurnEnd::Complete);
    let reqs = s.requests();
    assert_eq!(reqs.len(), 3);
    assert!(reqs[0].json().get("stream_options").is_some());
    assert!(reqs[1].json().get("stream_options").is_none());
    assert!(
        reqs[2].json().get("stream_options").is_none(),
        "remembered for the provider"
    );
}

#[tokio::test]
async fn other_bad_requests_show_the_server_message_without_retry() {
    let s = Server::start().await.unwrap();
    s.route(
        "POST",
        CHAT,
        vec![Scripted::json(
            422,
            r#"{"detail":[{"loc":["body","model"],"msg":"unknown model"}]}"#,
        )],
    );
    let (turn, _) = chat(&client(provider(&s, ProviderKind::OpenAi))).await;
    assert!(
        failed(&turn)
            .to_string()
            .contains("unknown model (body.model)")
    );
    assert_eq!(s.requests().len(), 1);
}

#[tokio::test]
async fn stream_cut_mid_reply_keeps_the_partial_and_never_retries() {
    let s = Server::start().await.unwrap();
    let cut = Scripted::sse([text_chunk("Partial answ")]).part(Part::Cut);
    s.route("POST", CHAT, vec![cut, hello()]);
    let (turn, _) = chat(&client(provider(&s, ProviderKind::OpenAi))).await;
    assert_eq!(turn.reply.text, "Partial answ");
    assert!(
        matches!(failed(&turn), ApiError::Interrupted { .. }),
        "{:?}",
        turn.end
    );
    assert!(
        failed(&turn)
            .to_string()
            .contains("what arrived is incomplete")
    );
    assert_eq!(s.requests().len(), 1);
}

/// A driver that can take back what it showed (the chat) asks again for a
/// reply whose stream broke off: the partial one is dropped, the new one
/// replaces it, and the retry is said.
#[tokio::test]
async fn a_broken_stream_is_asked_for_again_when_the_driver_can_start_over() {
    let s = Server::start().await.unwrap();
    let cut = || Scripted::sse([text_chunk("Partial answ")]).part(Part::Cut);
    s.route("POST", CHAT, vec![cut(), hello()]);
    let opts = ChatOptions {
        retry_broken: true,
        ..ChatOptions::default()
    };
    let (turn, events) = chat_with(&client(provider(&s, ProviderKind::OpenAi)), &opts).await;
    assert!(matches!(turn.end, TurnEnd::Complete), "{:?}", turn.end);
    assert!(!turn.reply.text.contains("Partial"), "{}", turn.reply.text);
    assert!(events.contains(&StreamEvent::StartOver));
    assert!(
        events
            .iter()
            .any(|e| matches!(e, StreamEvent::Notice(supchat_api::Notice::Retrying { .. }))),
        "the retry is said"
    );
    assert_eq!(s.requests().len(), 2);
    // The retry fails before anything of it arrives: what arrived of the
    // first stays (the reply starts over only once the new one begins).
    let s = Server::start().await.unwrap();
    let refused = Scripted::json(400, r#"{"error":{"message":"no"}}"#);
    s.route("POST", CHAT, vec![cut(), refused]);
    let (turn, events) = chat_with(&client(provider(&s, ProviderKind::OpenAi)), &opts).await;
    assert_eq!(turn.reply.text, "Partial answ");
    assert!(!events.contains(&StreamEvent::StartOver));
    // Retries used up: the partial reply stays, as without the option.
    let s = Server::start().await.unwrap();
    s.route("POST", CHAT, vec![cut(), cut(), cut(), cut()]);
    let (turn, _) = chat_with(&client(provider(&s, ProviderKind::OpenAi)), &opts).await;
    assert_eq!(turn.reply.text, "Partial answ");
    assert!(matches!(failed(&turn), ApiError::Interrupted { .. }));
}

#[tokio::test]
async fn eof_without_done_after_finish_is_complete_but_without_finish_is_interrupted() {
    let s = Server::start().await.unwrap();
    s.route(
        "POST",
        CHAT,
        vec![Scripted::sse([text_chunk("a"), stop_chunk()])],
    );
    let (turn, events) = chat(&client(provider(&s, ProviderKind::OpenAi))).await;
    assert_eq!(turn.end, TurnEnd::Complete);
    assert!(events.contains(&StreamEvent::Notice(Notice::NoDoneMarker)));

    let s = Server::start().await.unwrap();
    s.route("POST", CHAT, vec![Scripted::sse([text_chunk("a")])]);
    let (turn, _) = chat(&client(provider(&s, ProviderKind::OpenAi))).await;
    assert!(matches!(failed(&turn), ApiError::Interrupted { .. }));
    assert_eq!(turn.reply.text, "a");
}

#[tokio::test]
async fn idle_timeout_between_events() {
    let s = Server::start().await.unwrap();
    let slow = Scripted::sse([text_chunk("a")]).part(Part::Sleep(Duration::from_secs(3)));
    s.route("POST", CHAT, vec![slow]);
    let mut p = provider(&s, ProviderKind::OpenAi);
    p.idle_timeout = Duration::from_millis(300);
    let (turn, _) = chat(&client(p)).await;
    let e = failed(&turn);
    assert!(matches!(e, ApiError::IdleTimeout { .. }), "{e:?}");
    assert!(e.to_string().contains("idle_timeout_secs"));
    assert_eq!(turn.reply.text, "a");
}

#[tokio::test]
async fn keepalive_comments_count_as_activity() {
    let s = Server::start().await.unwrap();
    let mut r = Scripted::new(200).header("Content-Type", "text/event-stream");
    for _ in 0..6 {
        r = r
            .part(Part::Sleep(Duration::from_millis(150)))
            .bytes(": keep-alive\n\n");
    }
    r = r.bytes(format!(
        "data: {}\n\ndata: [DONE]\n\n",
        text_chunk("late but fine")
    ));
    s.route("POST", CHAT, vec![r]);
    let mut p = provider(&s, ProviderKind::OpenAi);
    p.idle_timeout = Duration::from_millis(400);
    let (turn, _) = chat(&client(p)).await;
    assert_eq!(
        turn.end,
        TurnEnd::Complete,
        "900 ms of comments with a 400 ms idle limit"
    );
    assert_eq!(turn.reply.text, "late but fine");
}

#[tokio::test]
async fn sse_with_wrong_content_type_and_json_body_for_a_stream() {
    let s = Server::start().await.unwrap();
    let mislabeled = Scripted::new(200)
        .header("Content-Type", "application/json")
        .bytes(format!(
            "data: {}\n\ndata: [DONE]\n\n",
            text_chunk("sse anyway")
        ));
    let whole = Scripted::json(200, json!({"choices":[{"message":{"role":"assistant","content":"whole"},"finish_reason":"stop"}]}).to_string());
    s.route("POST", CHAT, vec![mislabeled, whole]);
    let c = client(provider(&s, ProviderKind::OpenAi));
    assert_eq!(chat(&c).await.0.reply.text, "sse anyway");
    let (turn, _) = chat(&c).await;
    assert_eq!(
        (turn.reply.text.as_str(), &turn.end),
        ("whole", &TurnEnd::Complete)
    );
}

#[tokio::test]
async fn connection_refused_is_a_clear_connect_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut p = Endpoint::new(
        "gone",
        ProviderKind::OpenAi,
        &format!("http://127.0.0.1:{port}/v1"),
    );
    p.max_retries = 1;
    let (turn, events) = chat(&client(p)).await;
    let e = failed(&turn).to_string();
    assert!(
        e.starts_with(&format!(
            "cannot reach http://127.0.0.1:{port}/v1/chat/completions"
        )),
        "{e}"
    );
    assert!(e.to_lowercase().contains("refused"), "{e}");
    assert!(e.contains("tried 2 times"), "{e}");
    assert!(
        events
            .iter()
            .any(|e| matches!(e, StreamEvent::Notice(Notice::Retrying { .. })))
    );
}

#[tokio::test]
async fn non_streaming_request() {
    let s = Server::start().await.unwrap();
    let body = json!({"choices":[{"message":{"role":"assistant","content":"Paris."},"finish_reason":"length"}],
                      "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}});
    s.route("POST", CHAT, vec![Scripted::json(200, body.to_string())]);
    let opts = ChatOptions {
        stream: Some(false),
        ..Default::default()
    };
    let (turn, _) = chat_with(&client(provider(&s, ProviderKind::OpenAi)), &opts).await;
    assert_eq!(turn.reply.text, "Paris.");
    assert_eq!(turn.reply.finish, Some(FinishReason::Length));
    let req = s.requests()[0].json();
    assert_eq!(req["stream"], false);
    assert!(req.get("stream_options").is_none());
}

#[tokio::test]
async fn utf8_split_inside_characters_across_writes() {
    let s = Server::start().await.unwrap();
    let frame = format!("data: {}\n\ndata: [DONE]\n\n", text_chunk("你好，世界"));
    let bytes = frame.as_bytes();
    let mut r = Scripted::new(200).header("Content-Type", "text/event-stream");
    for piece in bytes.chunks(5) {
        r = r.bytes(piece);
    }
    s.route("POST", CHAT, vec![r]);
    assert_eq!(
        chat(&client(provider(&s, ProviderKind::OpenAi)))
            .await
            .0
            .reply
            .text,
        "你好，世界"
    );
}

#[tokio::test]
async fn events_arrive_before_the_stream_ends() {
    let s = Server::start().await.unwrap();
    let gate = Arc::new(Semaphore::new(0));
    let r = Scripted::sse([text_chunk("first")])
        .part(Part::Gate(gate.clone()))
        .bytes(format!(
            "data: {}\n\ndata: [DONE]\n\n",
            text_chunk(" second")
        ));
    s.route("POST", CHAT, vec![r]);
    let c = client(provider(&s, ProviderKind::OpenAi));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(async move {
        let mut events = Vec::new();
        let mut sink = |e: &StreamEvent| {
            events.push(e.clone());
            let _ = tx.send(e.clone());
        };
        let end = c
            .chat(&[Message::user("hi")], &ChatOptions::default(), &mut sink)
            .await;
        Turn {
            reply: fold(&events),
            end,
        }
    });
    assert_eq!(
        rx.recv().await,
        Some(StreamEvent::Text("first".into())),
        "streamed, not buffered"
    );
    gate.add_permits(1);
    let turn = task.await.unwrap();
    assert_eq!(turn.reply.text, "first second");
}

#[tokio::test]
async fn lists_models() {
    let s = Server::start().await.unwrap();
    s.route(
        "GET",
        "/v1/models",
        vec![Scripted::json(
            200,
            r#"{"object":"list","data":[{"id":"b"},{"id":"a"}]}"#,
        )],
    );
    let c = client(provider(&s, ProviderKind::OpenAi));
    assert_eq!(c.list_models().await.unwrap(), vec!["a", "b"]);
    assert_eq!(
        s.requests()[0].header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
}
