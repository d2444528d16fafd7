//! Tool calling in the chat screen end to end: the real binary in tmux
//! against a loopback server that calls a tool. The approval panel asks; y
//! runs it, n declines, a allows it for the session; the turn goes on to the
//! answer by itself; Esc stops a running tool (its process is gone); all of
//! it is saved in the session.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Value, json};
use supchat_loopback::{Recorded, Scripted, Server};
use supchat_testkit::{Tmux, temp_dir, tmux_available};

const BIN: &str = env!("CARGO_BIN_EXE_supchat");

fn frame(delta: Value) -> String {
    json!({"choices":[{"index":0,"delta":delta}]}).to_string()
}

/// A prompt gets a call of the tool it names (`weather` by default), its
/// arguments in two pieces; tool results get an answer quoting them.
fn scripted(r: &Recorded) -> Scripted {
    let body = r.json();
    let msgs = body["messages"].as_array().cloned().unwrap_or_default();
    let last = msgs.last().cloned().unwrap_or_default();
    let mut f = Vec::new();
    if last["role"] == "user" {
        let prompt = last["content"].as_str().unwrap_or("");
        let tool = if prompt.contains("slow") {
            "slow"
        } else {
            "weather"
        };
        let n = msgs.len();
        f.push(frame(json!({"tool_calls":[{"index":0,"id":format!("call_{n}"),"type":"function","function":{"name":tool,"arguments":"{\"city\":"}}]})));
        f.push(frame(
            json!({"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]}),
        ));
        f.push(
            json!({"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}).to_string(),
        );
    } else {
        let said = last["content"].as_str().unwrap_or("").replace('\n', " ");
        f.push(frame(
            json!({ "content": format!("The tool said: {said}") }),
        ));
        f.push(json!({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}).to_string());
    }
    f.push("[DONE]".into());
    Scripted::sse(f)
}

async fn setup(name: &str) -> (Server, Tmux, PathBuf) {
    let s = Server::start().await.unwrap();
    s.route_fn("POST", "/v1/chat/completions", scripted);
    let dir = temp_dir(name);
    let pidfile = dir.join("slow.pid");
    let cfg = dir.join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            r#"
[[tools]]
name = "weather"
description = "Weather for a city"
parameters = {{ type = "object", properties = {{ city = {{ type = "string" }} }}, required = ["city"] }}
command = ["sh", "-c", "read a; echo \"sunny in $a\""]

[[tools]]
name = "slow"
command = ["sh", "-c", "echo $$ > '{pid}'; exec sleep 30"]
approve = "auto"

[providers.supage]
base_url = "{u}/v1"
api_key = "su-e2e-key"
"#,
            u = s.url(),
            pid = pidfile.display()
        ),
    )
    .unwrap();
    let script = format!(
        "SUPCHAT_CONFIG='{}' XDG_DATA_HOME='{}' '{BIN}'; sleep 60",
        cfg.display(),
        dir.display()
    );
    let t = Tmux::start(name, 100, 36, &script);
    t.wait_for("F1 help").await;
    (s, t, dir)
}

fn bodies(s: &Server) -> Vec<Value> {
    s.requests().iter().map(|r| r.json()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_model_calls_a_tool_the_user_approves_and_the_turn_goes_on() {
    if !tmux_available() {
        return;
    }
    let (s, t, dir) = setup("tools-yes").await;
    t.type_text("weather in Paris?");
    t.keys(&["Enter"]);
    let screen = t.wait_for("run weather?").await;
    // Typing on as the panel comes up answers nothing: it is the draft's.
    t.type_text("what a day");
    let screen = if screen.contains("what a day") {
        screen
    } else {
        t.wait_for("what a day").await
    };
    assert!(screen.contains("keys still go to the draft"), "{screen}");
    assert_eq!(s.requests().len(), 1, "a stray 'a' allowed nothing");
    for _ in 0.."what a day".len() {
        t.keys(&["BSpace"]);
    }
    let screen = t.wait_for("run weather?").await;
    assert!(screen.contains("runs sh -c"), "{screen}");
    assert!(
        screen.contains("\"city\": \"Paris\""),
        "pretty arguments:\n{screen}"
    );
    assert!(screen.contains("waiting for your answer"), "{screen}");
    // The conversation scrolls while the panel is up; typing goes nowhere.
    t.keys(&["PageUp", "End"]);
    // Keys at once go to the draft: the panel arms once typing pauses.
    tokio::time::sleep(Duration::from_millis(900)).await;
    t.keys(&["x"]);
    assert_eq!(s.requests().len(), 1, "nothing runs before the answer");
    t.keys(&["y"]);
    let screen = t.wait_for("The tool said: sunny in").await;
    assert!(screen.contains("approved by you"), "{screen}");
    assert!(
        !screen.contains("run weather?"),
        "the panel is gone:\n{screen}"
    );
    let b = bodies(&s);
    assert_eq!(b.len(), 2);
    assert_eq!(b[1]["messages"][2]["role"], "tool");
    assert_eq!(
        b[1]["messages"][2]["content"],
        "sunny in {\"city\":\"Paris\"}\n"
    );

    // n declines: the model is told.
    t.type_text("and again?");
    t.keys(&["Enter"]);
    t.wait_for("run weather?").await;
    tokio::time::sleep(Duration::from_millis(900)).await;
    t.keys(&["n"]);
    t.wait_for("The tool said: declined").await;

    // a allows it for the rest of the session: the next call runs at once.
    t.type_text("once more");
    t.keys(&["Enter"]);
    t.wait_for("run weather?").await;
    tokio::time::sleep(Duration::from_millis(900)).await;
    t.keys(&["a"]);
    t.wait_for("allowed for this session").await;
    let before = s.requests().len();
    t.type_text("last one");
    t.keys(&["Enter"]);
    let mut waited = 0;
    while s.requests().len() < before + 2 && waited < 100 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        waited += 1;
    }
    assert_eq!(s.requests().len(), before + 2, "no panel this time");
    assert!(!t.screen().contains("run weather?"));
    t.keys(&["C-q"]);
    tokio::time::sleep(Duration::from_millis(300)).await;

    // All of it is in the session.
    let list = supchat_testkit::supchat(BIN)
        .args(["sessions", "list", "--json"])
        .env("XDG_DATA_HOME", &dir)
        .env("SUPCHAT_CONFIG", dir.join("config.toml"))
        .output()
        .unwrap();
    let list: Value = serde_json::from_slice(&list.stdout).unwrap();
    let id = list[0]["id"].as_str().unwrap().to_owned();
    let shown = supchat_testkit::supchat(BIN)
        .args(["sessions", "show", &id])
        .env("XDG_DATA_HOME", &dir)
        .env("SUPCHAT_CONFIG", dir.join("config.toml"))
        .output()
        .unwrap();
    let md = String::from_utf8_lossy(&shown.stdout);
    assert!(
        md.contains("**Tool result** `weather` · approved by you"),
        "{md}"
    );
    assert!(
        md.contains("**Tool error** `weather` · declined by you"),
        "{md}"
    );
    assert!(
        md.contains("**Tool result** `weather` · allowed for this session"),
        "{md}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn esc_stops_a_running_tool_and_its_process_is_gone() {
    if !tmux_available() {
        return;
    }
    let (s, t, dir) = setup("tools-esc").await;
    t.type_text("something slow");
    t.keys(&["Enter"]);
    t.wait_for("… running").await;
    let pidfile = dir.join("slow.pid");
    let mut waited = 0;
    while !pidfile.exists() && waited < 100 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        waited += 1;
    }
    let pid = std::fs::read_to_string(&pidfile).unwrap().trim().to_owned();
    assert!(std::path::Path::new(&format!("/proc/{pid}")).exists());
    t.keys(&["Escape"]);
    let screen = t
        .wait_for("stopped while it ran: the user cancelled the turn")
        .await;
    assert!(screen.contains("F1 help"), "{screen}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    assert!(
        stat.is_empty() || stat.contains(") Z "),
        "the tool {pid} is gone: {stat}"
    );
    assert_eq!(s.requests().len(), 1, "the turn did not go on");
}
