//! `supchat --demo`: the whole app, offline. A loopback server plays Supage
//! and Sup.ai and streams scripted replies through the real HTTP and SSE
//! path: markdown, code, reasoning, Chinese, a slow reply to cancel, an
//! error, and a Sup.ai multi-model run with its own frames.

use std::time::Duration;

use serde_json::{Value, json};

use supchat_core::config::{Config, ProviderConfig, ProviderKind, Secret};
use supchat_loopback::{Part, Recorded, Scripted, Server};

const MARKDOWN: &str = "## Lifetimes in one screen\n\nA **lifetime** is the span of code in which a reference is *valid*. The borrow checker compares them so that no reference outlives what it points to.\n\n- `'a` names a lifetime\n- `'static` lasts for the whole program\n- most lifetimes are *elided*: the compiler infers them\n\n```rust\nfn longest<'a>(x: &'a str, y: &'a str) -> &'a str {\n    if x.len() > y.len() { x } else { y }\n}\n```\n\n| rule | what it says |\n|---|---|\n| one input | the output gets its lifetime |\n| `&self` | the output lives as long as `self` |\n\n> Try: ask for **code**, something **slow** (then press Esc), **中文**, or an **error**. F2 switches to Sup.ai, F3 cycles its modes.\n";

const CODE: &str = "Here is a small, complete program:\n\n```python\nimport asyncio\n\nasync def tick(n: int) -> None:\n    for i in range(n):\n        print(f\"tick {i}\")\n        await asyncio.sleep(0.1)\n\nasyncio.run(tick(3))\n```\n\nAnd the same idea in Rust with tokio:\n\n```rust\n#[tokio::main]\nasync fn main() {\n    for i in 0..3 {\n        println!(\"tick {i}\");\n        tokio::time::sleep(std::time::Duration::from_millis(100)).await;\n    }\n}\n```\n\nCtrl+O copies either block.";

const CHINESE: &str = "## 生命周期\n\n生命周期（lifetime）描述一个引用在多长的范围内有效。Rust 编译器用它来保证**不会出现悬垂引用**。\n\n1. 每个引用都有生命周期\n2. 大多数情况下可以省略，由编译器推断\n3. 函数返回的引用不能比参数活得更久\n\n输入法的候选窗口会出现在光标处。👩‍💻";

const SLOW: &str = "This reply is slow on purpose, so that you can stop it: press Esc (or Ctrl+C) at any moment and the part that already arrived stays on screen, marked as cancelled. Meanwhile the footer shows the time to the first token and the tokens per second as they come in. Scrolling up with PgUp stops the view from following the reply; End follows it again. The draft you type while a reply streams is kept, and sending waits until the reply is done or stopped. Long replies cost the same per token from the first to the last: only the paragraph being written is laid out again, everything before it is kept as it was.";

fn chunk(delta: Value) -> String {
    json!({"id":"demo","object":"chat.completion.chunk","choices":[{"index":0,"delta":delta}]})
        .to_string()
}

/// Cuts text into small pieces, like a model's tokens (on char boundaries).
fn pieces(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        cur.push(c);
        if (c == ' ' || c == '\n' || cur.chars().count() >= 4) && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn stream(reasoning: &str, text: &str, delay: Duration) -> Scripted {
    let mut r = Scripted::new(200).header("Content-Type", "text/event-stream");
    r = r.part(Part::Sleep(Duration::from_millis(350)));
    for p in pieces(reasoning) {
        r = r
            .bytes(format!(
                "data: {}\n\n",
                chunk(json!({"reasoning_content": p}))
            ))
            .part(Part::Sleep(delay));
    }
    let mut n = 0;
    for p in pieces(text) {
        n += 1;
        r = r
            .bytes(format!("data: {}\n\n", chunk(json!({"content": p}))))
            .part(Part::Sleep(delay));
    }
    let end = json!({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]});
    let usage = json!({"choices":[],"usage":{"prompt_tokens":42,"completion_tokens":n,"total_tokens":42 + n}});
    r.bytes(format!("data: {end}\n\ndata: {usage}\n\ndata: [DONE]\n\n"))
}

fn last_prompt(req: &Recorded) -> String {
    let body = req.json();
    body["messages"]
        .as_array()
        .and_then(|m| m.last())
        .and_then(|m| m["content"].as_str())
        .unwrap_or_default()
        .to_lowercase()
}

/// The prompts refused once already: sent again, they are answered.
static REFUSED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// A failure, once per prompt that asks for one (400: not retried by the
/// client), so that sending it again shows the way back.
fn refused_once(p: &str) -> Option<Scripted> {
    if !p.contains("error") {
        return None;
    }
    let mut refused = REFUSED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if refused.iter().any(|r| r == p) || refused.len() >= 1000 {
        return None;
    }
    refused.push(p.to_owned());
    Some(Scripted::json(
        400,
        r#"{"error":{"message":"the demo server refuses this message once, to show a failure"}}"#,
    ))
}

fn supage_reply(req: &Recorded) -> Scripted {
    let p = last_prompt(req);
    let fast = Duration::from_millis(12);
    if let Some(refused) = refused_once(&p) {
        return refused;
    }
    if p.contains("slow") || p.contains("long") {
        return stream("", SLOW, Duration::from_millis(120));
    }
    if p.contains("code") {
        return stream("They want runnable code; two languages.", CODE, fast);
    }
    if p.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        return stream("用户用中文提问，用中文回答。", CHINESE, fast);
    }
    stream(
        "The user wants a short tour of lifetimes, with an example.",
        MARKDOWN,
        fast,
    )
}

fn supai_frame(chunk: Value) -> String {
    format!(
        "data: {}\n\n",
        json!({"object": "supai.chunk", "chunk": chunk})
    )
}

/// A Sup.ai run: three models think and answer, get scores, one writes the
/// consensus; the answer also comes as standard content.
fn supai_reply(req: &Recorded) -> Scripted {
    if let Some(refused) = refused_once(&last_prompt(req)) {
        return refused;
    }
    let body = req.json();
    let mode = body["model"].as_str().unwrap_or("auto").to_owned();
    let frames = body["include_supai_chunks"].as_bool().unwrap_or(false);
    let models = [
        "openai/gpt-5.2",
        "anthropic/claude-sonnet-4.5",
        "xai/grok-4",
    ];
    let d = Duration::from_millis(60);
    let mut r = Scripted::new(200).header("Content-Type", "text/event-stream");
    if frames {
        let src = |m: &str| json!({"key": m, "modelId": m});
        r = r.bytes(supai_frame(
            json!({"_source": {"key": "main"}, "type": "start"}),
        ));
        r = r.bytes(supai_frame(
            json!({"modeId": mode, "startModelIds": models, "type": "run-mode-call"}),
        ));
        for m in models {
            r = r
                .bytes(supai_frame(json!({"_source": src(m), "type": "start"})))
                .part(Part::Sleep(d));
            r = r.bytes(supai_frame(
                json!({"_source": src(m), "type": "thinking-start"}),
            ));
        }
        for step in [
            "Reading the question.",
            " Checking the facts.",
            " Drafting an answer.",
        ] {
            for m in models {
                r = r
                    .bytes(supai_frame(
                        json!({"_source": src(m), "type": "thinking", "text": step}),
                    ))
                    .part(Part::Sleep(d));
            }
        }
        for (i, m) in models.iter().enumerate() {
            r = r.bytes(supai_frame(
                json!({"_source": src(m), "type": "text-start"}),
            ));
            r = r.bytes(supai_frame(json!({"_source": src(m), "type": "text", "text": format!("Answer {} from {m}.", i + 1)}))).part(Part::Sleep(d * 3));
            r = r.bytes(supai_frame(json!({"_source": {"key": m}, "type": "done"})));
            r = r.bytes(supai_frame(json!({"_source": {"key": m}, "type": "confidence-score", "value": 0.81 + i as f64 * 0.06})));
        }
        r = r.bytes(supai_frame(
            json!({"modelId": models[1], "type": "run-consensus"}),
        ));
    }
    let answer = format!(
        "**Sup.ai** ran `{mode}` mode across three models and merged their answers.\n\nWith run details on (F6), the panel shows each model's progress live; F7 folds it."
    );
    for p in pieces(&answer) {
        r = r
            .bytes(format!("data: {}\n\n", chunk(json!({"content": p}))))
            .part(Part::Sleep(Duration::from_millis(20)));
    }
    if frames {
        r = r.bytes(supai_frame(
            json!({"finalModelIds": models, "type": "run-mode-result"}),
        ));
        r = r.bytes(supai_frame(
            json!({"_source": {"key": "main"}, "type": "done"}),
        ));
    }
    let end = json!({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":120,"completion_tokens":48,"total_tokens":168}});
    r.bytes(format!("data: {end}\n\ndata: [DONE]\n\n"))
}

/// Starts the demo server and returns it with the config that points at it.
pub async fn start() -> std::io::Result<(Server, Config)> {
    let s = Server::start().await?;
    s.route_fn("POST", "/supage/v1/chat/completions", supage_reply);
    s.route_fn("POST", "/supai/v1/openai/chat/completions", supai_reply);
    s.route(
        "GET",
        "/supage/v1/models",
        vec![Scripted::json(200, r#"{"object":"list","data":[{"id":"claude-sonnet-4-6"},{"id":"claude-opus-4-1"},{"id":"demo-fast"}]}"#)],
    );
    // Sup.ai's model list: the shipped one, as its info endpoint gives it.
    let text: serde_json::Map<String, Value> = supchat_api::models::SupAiCatalog::bundled()
        .models
        .into_iter()
        .map(|id| (id, json!({})))
        .collect();
    s.route(
        "GET",
        "/supai/v1/info/models",
        vec![Scripted::json(200, json!({ "text": text }).to_string())],
    );
    let mut supage = ProviderConfig::defaults(
        "supage",
        ProviderKind::OpenAi,
        &format!("{}/supage/v1", s.url()),
    );
    supage.model = "claude-sonnet-4-6".to_owned();
    supage.key.inline = Some(Secret::new("su-demo"));
    let mut supai = ProviderConfig::defaults(
        "supai",
        ProviderKind::SupAi,
        &format!("{}/supai/v1/openai", s.url()),
    );
    supai.key.inline = Some(Secret::new("sup-demo"));
    supai.include_supai_chunks = true;
    let cfg = Config {
        path: None,
        default_provider: "supage".to_owned(),
        theme: supchat_core::config::ThemeChoice::Auto,
        data_dir: None,
        // The demo saves nothing.
        save_sessions: false,
        wire_log: false,
        providers: vec![supage, supai],
        tools: Default::default(),
        system_prompt: None,
        prompts: Vec::new(),
        keymap: Default::default(),
        mcp_servers: Vec::new(),
        language: None,
    };
    Ok((s, cfg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_keep_every_character() {
        let t = "生命周期 and lifetimes 👩‍💻!";
        assert_eq!(pieces(t).concat(), t);
        assert!(pieces(t).len() > 3);
    }

    /// The demo's failure happens once per prompt: sent again, it is
    /// answered (a failure that never ends shows no way back).
    #[test]
    fn an_error_prompt_fails_once_then_is_answered() {
        let p = "error please, test 7f3a";
        assert!(refused_once(p).is_some());
        assert!(refused_once(p).is_none());
        assert!(refused_once("hello").is_none());
    }
}
