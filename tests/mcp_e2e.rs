//! MCP tools in the chat screen end to end: the real binary in tmux, the
//! test MCP server (`supchat-mcp-fixture`, rmcp's server side) as a
//! configured server, and a loopback chat server that calls its tools.
//! A server starting slowly holds nothing up: the first message goes
//! without its tools and says so; once it is ready, its tools are offered,
//! the approval panel names the server, `a` allows the tool for the
//! session, F9 shows each server's state, and a server that dies is
//! marked failed while the chat goes on.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};
use supchat_loopback::{Recorded, Scripted, Server};
use supchat_testkit::mcp::fixture_program;
use supchat_testkit::{Tmux, temp_dir, tmux_available};

const BIN: &str = env!("CARGO_BIN_EXE_supchat");

fn frame(delta: Value) -> String {
    json!({"choices":[{"index":0,"delta":delta}]}).to_string()
}

/// A prompt naming `TOOL:` (`echo:`, `crash:`) gets a call of
/// `mcp__fx__TOOL`; tool results get an answer quoting them; anything else
/// gets "plain answer".
fn scripted(r: &Recorded) -> Scripted {
    let body = r.json();
    let msgs = body["messages"].as_array().cloned().unwrap_or_default();
    let last = msgs.last().cloned().unwrap_or_default();
    let mut f = Vec::new();
    let prompt = last["content"].as_str().unwrap_or("");
    if last["role"] == "user" && prompt.contains(':') {
        let tool = prompt.split(':').next().unwrap_or("echo");
        let n = msgs.len();
        let args = json!({"text": "hello from the chat"}).to_string();
        f.push(frame(json!({"tool_calls":[{"index":0,"id":format!("call_{n}"),"type":"function","function":{"name":format!("mcp__fx__{tool}"),"arguments":args}}]})));
        f.push(
            json!({"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}).to_string(),
        );
    } else if last["role"] == "tool" {
        let said = last["content"].as_str().unwrap_or("").replace('\n', " ");
        f.push(frame(
            json!({ "content": format!("The tool said: {said}") }),
        ));
        f.push(json!({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}).to_string());
    } else {
        f.push(frame(json!({ "content": "plain answer" })));
        f.push(json!({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}).to_string());
    }
    f.push("[DONE]".into());
    Scripted::sse(f)
}

async fn setup(name: &str, fixture_args: &[&str]) -> (Server, Tmux, PathBuf) {
    let s = Server::start().await.unwrap();
    s.route_fn("POST", "/v1/chat/completions", scripted);
    let dir = temp_dir(name);
    let mut argv = vec![fixture_program().display().to_string()];
    argv.extend(fixture_args.iter().map(|a| a.to_string()));
    let cfg = dir.join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            r#"
[mcp_servers.fx]
command = {argv}

[providers.supage]
base_url = "{u}/v1"
api_key = "su-e2e-key"
"#,
            argv = serde_json::to_string(&argv).unwrap(),
            u = s.url(),
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

fn offered(r: &Recorded) -> Vec<String> {
    r.json()["tools"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|t| t["function"]["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

async fn wait_requests(s: &Server, n: usize) {
    let mut waited = 0;
    while s.requests().len() < n && waited < 200 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        waited += 1;
    }
    assert_eq!(s.requests().len(), n);
}

/// The fixture processes whose command line names `dir` (their log).
fn fixtures_alive(log: &Path) -> usize {
    let needle = log.display().to_string();
    std::fs::read_dir("/proc")
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter(|e| {
                    std::fs::read(e.path().join("cmdline")).is_ok_and(|c| {
                        let c = String::from_utf8_lossy(&c);
                        c.contains("supchat-mcp-fixture") && c.contains(&needle)
                    })
                })
                .count()
        })
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slow_server_holds_nothing_up_and_its_tools_come_when_it_is_ready() {
    if !tmux_available() {
        return;
    }
    let dir = temp_dir("mcp-slow-log");
    let log = dir.join("fixture.log");
    let log_s = log.display().to_string();
    let (s, t, data) = setup("mcp-slow", &["--slow-start-ms", "2500", "--log", &log_s]).await;
    // At once, while the server starts: the message goes, without its tools.
    t.type_text("hello");
    t.keys(&["Enter"]);
    let screen = t.wait_for("plain answer").await;
    assert!(
        screen.contains("still starting") || screen.contains("MCP server fx is ready"),
        "the footer says the server is starting:\n{screen}"
    );
    assert!(
        !offered(&s.requests()[0])
            .iter()
            .any(|n| n.starts_with("mcp__")),
        "no MCP tool offered before the server is ready"
    );
    t.wait_for("MCP server fx is ready: 10 tools").await;
    t.keys(&["F9"]);
    let screen = t.wait_for("MCP servers").await;
    assert!(screen.contains("fx  ready · 10 tools"), "{screen}");
    assert!(screen.contains("supchat-mcp-fixture"), "{screen}");
    t.keys(&["Escape"]);

    // Its tools now: the panel names the server; `a` allows the tool.
    t.type_text("echo: say it");
    t.keys(&["Enter"]);
    let screen = t.wait_for("run fx · echo?").await;
    assert!(
        screen.contains("runs echo of the MCP server fx"),
        "{screen}"
    );
    let names = offered(&s.requests()[1]);
    assert!(names.contains(&"mcp__fx__echo".to_owned()), "{names:?}");
    tokio::time::sleep(Duration::from_millis(900)).await;
    t.keys(&["a"]);
    let screen = t.wait_for("The tool said: hello from the chat").await;
    assert!(
        screen.contains("fx · echo"),
        "the call is shown by server and tool:\n{screen}"
    );
    // Allowed for the session: the next call runs without asking.
    t.type_text("echo: again");
    t.keys(&["Enter"]);
    wait_requests(&s, 5).await;
    assert!(!t.screen().contains("run fx · echo?"));

    // It has no terminal to draw on or read a password from.
    t.type_text("tty: can you?");
    t.keys(&["Enter"]);
    t.wait_for("run fx · tty?").await;
    tokio::time::sleep(Duration::from_millis(900)).await;
    t.keys(&["y"]);
    t.wait_for("The tool said: no terminal").await;

    // The server dies: marked failed, its tools leave, the chat goes on.
    t.type_text("crash: now");
    t.keys(&["Enter"]);
    t.wait_for("run fx · crash?").await;
    tokio::time::sleep(Duration::from_millis(900)).await;
    t.keys(&["y"]);
    t.wait_for("MCP server fx failed").await;
    t.wait_for("The tool said: error").await;
    t.keys(&["F9"]);
    let screen = t.wait_for("fx  failed").await;
    assert!(
        screen.contains("crashing on purpose"),
        "its stderr:\n{screen}"
    );
    // r starts it again.
    t.keys(&["r"]);
    t.wait_for("fx  ready · 10 tools").await;
    // Space turns it off: the next message goes without its tools.
    t.keys(&["Space"]);
    t.wait_for("fx  off").await;
    t.keys(&["Escape"]);
    let before = s.requests().len();
    t.type_text("hello again");
    t.keys(&["Enter"]);
    wait_requests(&s, before + 1).await;
    let last = s.requests().last().cloned().unwrap();
    assert!(
        !offered(&last).iter().any(|n| n.starts_with("mcp__")),
        "an MCP server turned off offers nothing"
    );
    // Quitting ends the server's processes.
    t.keys(&["F9"]);
    t.wait_for("fx  off").await;
    t.keys(&["Space"]);
    t.wait_for("fx  ready").await;
    assert!(fixtures_alive(&log) >= 1, "the server runs");
    t.keys(&["Escape"]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    t.keys(&["C-q"]);
    let mut waited = 0;
    while fixtures_alive(&log) > 0 && waited < 100 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        waited += 1;
    }
    assert_eq!(fixtures_alive(&log), 0, "the server ended with supchat");

    // The calls and their results are in the saved session.
    let cli = |args: &[&str]| {
        supchat_testkit::supchat(BIN)
            .args(args)
            .env("XDG_DATA_HOME", &data)
            .env("SUPCHAT_CONFIG", data.join("config.toml"))
            .output()
            .unwrap()
    };
    let list: Value = serde_json::from_slice(&cli(&["sessions", "list", "--json"]).stdout).unwrap();
    let id = list[0]["id"].as_str().unwrap().to_owned();
    let show = cli(&["sessions", "show", &id]);
    let md = String::from_utf8_lossy(&show.stdout);
    assert!(
        md.contains("**Tool result** `mcp__fx__echo` · allowed for this session"),
        "{md}"
    );
    assert!(md.contains("hello from the chat"), "{md}");
    assert!(
        md.contains("**Tool error** `mcp__fx__crash` · approved by you"),
        "{md}"
    );
}

/// A server that never answers `initialize`: the chat stays responsive and
/// the message goes at once, without it; at its startup timeout it is
/// marked failed, said in the footer and the panel.
#[tokio::test(flavor = "multi_thread")]
async fn a_server_that_hangs_in_initialize_holds_nothing_up() {
    if !tmux_available() {
        return;
    }
    let s = Server::start().await.unwrap();
    s.route_fn("POST", "/v1/chat/completions", scripted);
    let dir = temp_dir("mcp-hang");
    let cfg = dir.join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "[mcp_servers.stuck]\ncommand = [{:?}, \"--hang-init\"]\nstartup_timeout_secs = 3\n\n[providers.supage]\nbase_url = \"{}/v1\"\napi_key = \"su-e2e-key\"\n",
            fixture_program().display().to_string(),
            s.url()
        ),
    )
    .unwrap();
    let script = format!(
        "SUPCHAT_CONFIG='{}' XDG_DATA_HOME='{}' '{BIN}'; sleep 60",
        cfg.display(),
        dir.display()
    );
    let t = Tmux::start("mcp-hang", 100, 30, &script);
    t.wait_for("F1 help").await;
    t.type_text("hello while it hangs");
    t.keys(&["Enter"]);
    let screen = t.wait_for("plain answer").await;
    // Answered while the server still starts: nothing waited for it.
    assert!(
        screen.contains("MCP server stuck is still starting"),
        "{screen}"
    );
    assert!(!screen.contains("failed"), "{screen}");
    let screen = t.wait_for("MCP server stuck failed").await;
    assert!(
        screen.contains("did not start within 3 s"),
        "the reason:\n{screen}"
    );
    t.keys(&["F9"]);
    t.wait_for("stuck  failed: did not start within 3 s (startup_timeout_secs)")
        .await;
    t.keys(&["Escape"]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    t.keys(&["C-q"]);
}
