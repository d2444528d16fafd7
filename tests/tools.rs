//! Tool calling through `supchat ask` against a loopback server: the whole
//! loop (calls streamed in fragments, run, results sent back, the answer),
//! approval by config, by `--yes`, declined with nobody to ask, the step
//! limit, and calls that cannot run.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};
use supchat_loopback::{Scripted, Server};

const BIN: &str = env!("CARGO_BIN_EXE_supchat");

fn temp_dir() -> PathBuf {
    supchat_testkit::temp_dir("tools")
}

/// A config pointing `supage` at the server, with these tool settings.
fn config(server: &Server, tools: &str) -> PathBuf {
    let dir = temp_dir();
    std::fs::write(dir.join("hello.txt"), "hello from the file").unwrap();
    let path = dir.join("config.toml");
    let text = format!(
        r#"
{tools}

[providers.supage]
base_url = "{url}/v1"
api_key = "su-tools-key"
idle_timeout_secs = 5
max_retries = 0
"#,
        url = server.url()
    );
    std::fs::write(&path, text).unwrap();
    path
}

async fn ask(config: &Path, args: &[&str]) -> Output {
    let config = config.to_path_buf();
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let dir = config.parent().unwrap().to_path_buf();
        supchat_testkit::supchat(BIN)
            .arg("ask")
            .args(&args)
            .current_dir(&dir)
            .env("SUPCHAT_CONFIG", &config)
            .env("XDG_DATA_HOME", &dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

fn frame(delta: Value) -> String {
    json!({"choices":[{"index":0,"delta":delta}]}).to_string()
}

fn calls_of(d: Value) -> String {
    frame(json!({ "tool_calls": d }))
}

fn end(frames: &mut Vec<String>, why: &str) {
    frames.push(json!({"choices":[{"index":0,"delta":{},"finish_reason":why}]}).to_string());
    frames.push("[DONE]".into());
}

/// Two parallel calls, their arguments in fragments, interleaved.
fn two_calls(a: &str, b: &str) -> Scripted {
    let mut f = vec![
        calls_of(
            json!([{"index":0,"id":"call_A","type":"function","function":{"name":a,"arguments":""}}]),
        ),
        calls_of(json!([{"index":0,"function":{"arguments":"{\"path\":\"hel"}}])),
        calls_of(json!([{"index":0,"function":{"arguments":"lo.txt\"}"}},
                        {"index":1,"id":"call_B","type":"function","function":{"name":b,"arguments":"{\"ci"}}])),
        calls_of(json!([{"index":1,"function":{"arguments":"ty\":\"Paris\"}"}}])),
    ];
    end(&mut f, "tool_calls");
    Scripted::sse(f)
}

fn answer(t: &str) -> Scripted {
    let mut f = vec![frame(json!({ "content": t }))];
    end(&mut f, "stop");
    Scripted::sse(f)
}

fn bodies(s: &Server) -> Vec<Value> {
    s.requests()
        .iter()
        .filter(|r| r.path.ends_with("/chat/completions"))
        .map(|r| r.json())
        .collect()
}

const WEATHER: &str = r#"
enabled_tools = ["read_file"]
[[tools]]
name = "weather"
description = "Weather for a city"
parameters = { type = "object", properties = { city = { type = "string" } }, required = ["city"] }
command = ["sh", "-c", "read args; echo \"sunny, args $args\""]
"#;

#[tokio::test(flavor = "multi_thread")]
async fn parallel_calls_run_and_the_turn_goes_on_to_the_answer() {
    let s = Server::start().await.unwrap();
    s.route(
        "POST",
        "/v1/chat/completions",
        vec![two_calls("read_file", "weather"), answer("It is sunny.")],
    );
    let cfg = config(
        &s,
        &WEATHER.replace("[[tools]]", "[[tools]]\napprove = \"auto\""),
    );
    let o = ask(&cfg, &["weather in Paris?"]).await;
    let err = text(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert_eq!(text(&o.stdout), "It is sunny.\n");
    assert!(
        err.contains("supchat: ⚙ read_file {\"path\":\"hello.txt\"}"),
        "{err}"
    );
    assert!(
        err.contains("supchat: ⚙ weather {\"city\":\"Paris\"}"),
        "{err}"
    );
    assert!(
        err.contains("supchat: read_file returned 19 characters"),
        "{err}"
    );
    let b = bodies(&s);
    assert_eq!(b.len(), 2);
    for body in &b {
        let names: Vec<&str> = body["tools"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["function"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["read_file", "weather"]);
        assert_eq!(body["tool_choice"], "auto");
    }
    let m = b[1]["messages"].as_array().unwrap();
    let roles: Vec<&str> = m.iter().map(|m| m["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["user", "assistant", "tool", "tool"]);
    let calls = m[1]["tool_calls"].as_array().unwrap();
    assert_eq!(calls[0]["id"], "call_A");
    assert_eq!(
        calls[0]["function"]["arguments"],
        "{\"path\":\"hello.txt\"}"
    );
    assert_eq!(calls[1]["id"], "call_B");
    assert_eq!(calls[1]["function"]["arguments"], "{\"city\":\"Paris\"}");
    assert_eq!(m[2]["tool_call_id"], "call_A");
    assert_eq!(m[2]["content"], "hello from the file");
    assert_eq!(m[3]["tool_call_id"], "call_B");
    assert_eq!(m[3]["content"], "sunny, args {\"city\":\"Paris\"}\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tool_that_asks_is_declined_without_a_terminal_and_run_with_yes() {
    for yes in [false, true] {
        let s = Server::start().await.unwrap();
        s.route(
            "POST",
            "/v1/chat/completions",
            vec![two_calls("read_file", "weather"), answer("ok")],
        );
        let cfg = config(&s, WEATHER);
        let args: &[&str] = if yes {
            &["-y", "weather?"]
        } else {
            &["weather?"]
        };
        let o = ask(&cfg, args).await;
        let err = text(&o.stderr);
        assert!(o.status.success(), "{err}");
        let b = bodies(&s);
        let weather = &b[1]["messages"][3];
        assert_eq!(weather["tool_call_id"], "call_B");
        if yes {
            assert_eq!(weather["content"], "sunny, args {\"city\":\"Paris\"}\n");
            assert!(!err.contains("declined"), "{err}");
        } else {
            assert!(
                weather["content"]
                    .as_str()
                    .unwrap()
                    .starts_with("declined: the user did not allow this call")
            );
            assert!(err.contains("supchat: declined weather: it asks before it runs (approve = \"ask\") and stdin is not a terminal; --yes runs every call"), "{err}");
        }
        // The built-in runs either way.
        assert_eq!(b[1]["messages"][2]["content"], "hello from the file");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_step_limit_stops_the_turn_and_says_why() {
    let s = Server::start().await.unwrap();
    let again = || two_calls("read_file", "read_file");
    s.route(
        "POST",
        "/v1/chat/completions",
        vec![again(), again(), again()],
    );
    let cfg = config(&s, "enabled_tools = [\"read_file\"]\nmax_tool_steps = 1");
    let o = ask(&cfg, &["loop"]).await;
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("supchat: the tool calls were not run: the turn reached its limit of 1 tool step (max_tool_steps)"), "{err}");
    assert_eq!(bodies(&s).len(), 2, "the first request and one step");
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_tools_and_broken_arguments_go_back_to_the_model() {
    let s = Server::start().await.unwrap();
    let mut f = vec![
        calls_of(json!([{"index":0,"id":"c1","function":{"name":"launch","arguments":"{}"}}])),
        calls_of(
            json!([{"index":1,"id":"c2","function":{"name":"read_file","arguments":"{\"path\": \"hel"}}]),
        ),
    ];
    end(&mut f, "tool_calls");
    s.route(
        "POST",
        "/v1/chat/completions",
        vec![Scripted::sse(f), answer("sorry")],
    );
    let cfg = config(&s, "enabled_tools = [\"read_file\"]");
    let o = ask(&cfg, &["go"]).await;
    let err = text(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert_eq!(text(&o.stdout), "sorry\n");
    // Each call's outcome is said, those refused before running too.
    assert!(
        err.contains("supchat: launch failed: error: there is no tool named \"launch\""),
        "{err}"
    );
    assert!(
        err.contains("supchat: read_file failed: error: the arguments are not valid JSON"),
        "{err}"
    );
    let b = bodies(&s);
    let m = &b[1]["messages"];
    assert_eq!(
        m[2]["content"],
        "error: there is no tool named \"launch\" (the tools are: read_file)"
    );
    assert!(
        m[3]["content"]
            .as_str()
            .unwrap()
            .starts_with("error: the arguments are not valid JSON"),
        "{}",
        m[3]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reply_cut_off_mid_call_runs_nothing() {
    let s = Server::start().await.unwrap();
    let mut f = vec![calls_of(
        json!([{"index":0,"id":"c1","function":{"name":"weather","arguments":"{\"city\": \"Pa"}}]),
    )];
    end(&mut f, "length");
    s.route("POST", "/v1/chat/completions", vec![Scripted::sse(f)]);
    let cfg = config(
        &s,
        &WEATHER.replace("[[tools]]", "[[tools]]\napprove = \"auto\""),
    );
    let o = ask(&cfg, &["go"]).await;
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("not run: the reply was cut off"), "{err}");
    assert!(!err.contains("returned"), "{err}");
    assert_eq!(bodies(&s).len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn providers_with_tools_off_get_none() {
    let s = Server::start().await.unwrap();
    s.route("POST", "/v1/chat/completions", vec![answer("hi")]);
    let cfg = config(&s, "enabled_tools = [\"now\"]");
    let text_cfg = std::fs::read_to_string(&cfg).unwrap() + "tools = false\n";
    std::fs::write(&cfg, text_cfg).unwrap();
    let o = ask(&cfg, &["hi"]).await;
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(bodies(&s)[0].get("tools").is_none());
}

async fn supchat(config: &Path, args: &[&str]) -> Output {
    let config = config.to_path_buf();
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        supchat_testkit::supchat(BIN)
            .args(&args)
            .env("SUPCHAT_CONFIG", &config)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn config_check_lists_the_tools_and_finds_missing_commands() {
    let s = Server::start().await.unwrap();
    let cfg = config(
        &s,
        &format!("{WEATHER}\n[[tools]]\nname = \"gone\"\ncommand = [\"./no-such-script.sh\"]\n"),
    );
    let o = supchat(&cfg, &["config", "check"]).await;
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(
        out.contains("tools (offered to supage; tool_choice \"auto\", max_tool_steps 8):"),
        "{out}"
    );
    assert!(
        out.contains("read_file       built-in (reads only), runs without asking"),
        "{out}"
    );
    assert!(
        out.contains("weather         /") && out.contains("(asks first, timeout 30 s)"),
        "{out}"
    );
    assert!(out.contains("gone            NOT FOUND: "), "{out}");
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_tools_are_refused_with_their_line() {
    let s = Server::start().await.unwrap();
    let cases = [
        (
            "[[tools]]\nname = \"has space\"\ncommand = [\"x\"]",
            "config.toml:3:",
            "must be 1 to 64 letters",
        ),
        (
            "[[tools]]\nname = \"a\"\ncommand = [\"x\"]\n[[tools]]\nname = \"a\"\ncommand = [\"y\"]",
            "config.toml:6:",
            "two tools named \"a\"",
        ),
        (
            "[[tools]]\nname = \"a\"\ncommand = [\"x\"]\nparameters = { type = \"object\", required = [\"city\"] }",
            "config.toml:5:",
            "names \"city\", which is not in its properties",
        ),
        (
            "enabled_tools = [\"shell\"]",
            "config.toml:2:",
            "no built-in tool \"shell\" (built in: now, read_file, list_dir)",
        ),
        (
            "[[tools]]\nname = \"a\"\ncommand = []",
            "config.toml:4:",
            "command needs at least the program",
        ),
        (
            "tool_choice = \"weather\"",
            "config.toml:2:",
            "not \"auto\", \"none\", \"required\" or the name of a configured tool",
        ),
    ];
    for (tools, line, want) in cases {
        let cfg = config(&s, tools);
        let o = supchat(&cfg, &["config", "check"]).await;
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{tools}: {err}");
        assert!(err.contains(line) && err.contains(want), "{tools}:\n{err}");
    }
}

/// Twelve calls in one reply with `max_parallel_tools = 3` and
/// `max_tool_calls = 10`: never more than three run at once (each marks a
/// file while it runs, and counts the marks), and the last two are not
/// run: their results say why.
#[tokio::test(flavor = "multi_thread")]
async fn many_calls_run_a_few_at_a_time_and_past_the_cap_get_errors() {
    let s = Server::start().await.unwrap();
    let calls: Vec<Value> = (0..12)
        .map(|i| {
            json!({"index": i, "id": format!("call_{i}"), "type": "function",
                   "function": {"name": "probe", "arguments": format!("{{\"n\":{i}}}")}})
        })
        .collect();
    let mut f = vec![calls_of(Value::Array(calls))];
    end(&mut f, "tool_calls");
    s.route(
        "POST",
        "/v1/chat/completions",
        vec![Scripted::sse(f), answer("done")],
    );
    let tools = r#"
max_parallel_tools = 3
max_tool_calls = 10
[[tools]]
name = "probe"
description = "Counts the calls running beside it"
parameters = { type = "object", properties = { n = { type = "integer" } } }
approve = "auto"
command = ["sh", "-c", "mkdir -p running; m=running/$$; touch $m; sleep 0.3; n=$(ls running | wc -l); rm $m; echo $n"]
"#;
    let cfg = config(&s, tools);
    let o = ask(&cfg, &["probe"]).await;
    assert!(o.status.success(), "{}", text(&o.stderr));
    let b = bodies(&s);
    let results: Vec<&Value> = b[1]["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "tool")
        .collect();
    assert_eq!(results.len(), 12, "one result per call");
    for r in &results[..10] {
        let n: u32 = r["content"].as_str().unwrap().trim().parse().unwrap();
        assert!((1..=3).contains(&n), "at most 3 at once, saw {n}");
    }
    for r in &results[10..] {
        assert!(
            r["content"]
                .as_str()
                .unwrap()
                .contains("at most 10 tool calls (max_tool_calls)"),
            "{r}"
        );
    }
}

/// A built-in reaching a secret (`.env` here) asks although built-ins run
/// without asking: with no one to ask, it is declined and says why; with
/// `--yes` it runs.
#[tokio::test(flavor = "multi_thread")]
async fn a_built_in_reaching_a_secret_asks_first() {
    let s = Server::start().await.unwrap();
    let call = |id: &str| {
        let mut f = vec![calls_of(json!([{"index":0,"id":id,"type":"function",
            "function":{"name":"read_file","arguments":"{\"path\":\".env\"}"}}]))];
        end(&mut f, "tool_calls");
        Scripted::sse(f)
    };
    s.route(
        "POST",
        "/v1/chat/completions",
        vec![call("c1"), answer("no"), call("c2"), answer("yes")],
    );
    let cfg = config(&s, "enabled_tools = [\"read_file\"]");
    std::fs::write(
        cfg.parent().unwrap().join(".env"),
        "OPENAI_API_KEY=sk-secret\n",
    )
    .unwrap();
    let o = ask(&cfg, &["what is in .env?"]).await;
    let err = text(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("declined read_file: it asks because .env looks like a key or a secret"),
        "{err}"
    );
    let b = bodies(&s);
    let tool = |i: usize| {
        b[i]["messages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["role"] == "tool")
            .unwrap()["content"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(!tool(1).contains("sk-secret"), "{}", tool(1));
    assert!(
        tool(1).contains("needs the user's yes (.env looks like a key or a secret)"),
        "{}",
        tool(1)
    );
    let o = ask(&cfg, &["--yes", "what is in .env?"]).await;
    assert!(o.status.success(), "{}", text(&o.stderr));
    let b = bodies(&s);
    let last = b.last().unwrap()["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["role"] == "tool")
        .unwrap()["content"]
        .clone();
    assert!(
        last.as_str().unwrap().contains("sk-secret"),
        "approved: read"
    );
}

/// `kill -9` of supchat while a tool runs: what the tool started ends too,
/// even a process in a session of its own (the tool's guardian, a child
/// subreaper, sees supchat go and ends them all).
#[tokio::test(flavor = "multi_thread")]
async fn a_tools_processes_end_when_supchat_is_killed() {
    let s = Server::start().await.unwrap();
    let marker = 70000 + std::process::id() % 9999;
    let mut f = vec![calls_of(json!([{"index":0,"id":"c1","type":"function",
        "function":{"name":"spawner","arguments":"{}"}}]))];
    end(&mut f, "tool_calls");
    s.route("POST", "/v1/chat/completions", vec![Scripted::sse(f)]);
    let tools = format!(
        r#"
[[tools]]
name = "spawner"
description = "Starts things"
parameters = {{ type = "object", properties = {{}} }}
approve = "auto"
command = ["sh", "-c", "setsid sleep {marker}1 & sleep {marker}2 & sleep {marker}3"]
"#
    );
    let cfg = config(&s, &tools);
    let dir = cfg.parent().unwrap().to_path_buf();
    let mut child = supchat_testkit::supchat(BIN)
        .args(["ask", "go"])
        .current_dir(&dir)
        .env("SUPCHAT_CONFIG", &cfg)
        .env("XDG_DATA_HOME", &dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let alive = |n: u32| {
        Command::new("pgrep")
            .args(["-f", &format!("sleep {marker}{n}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let start = std::time::Instant::now();
    while !(alive(1) && alive(3)) {
        assert!(start.elapsed().as_secs() < 10, "the tool did not start");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    child.kill().unwrap();
    let _ = child.wait();
    let start = std::time::Instant::now();
    while alive(1) || alive(2) || alive(3) {
        assert!(
            start.elapsed().as_secs() < 5,
            "left running: {} {} {}",
            alive(1),
            alive(2),
            alive(3)
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// `ask` with MCP servers: each is waited for before the question goes
/// (one that fails is said on stderr, and left out); the model calls a
/// tool of the one that started; it runs (`--yes`), its result goes back,
/// and the answer comes; the server's process is gone afterwards.
#[tokio::test(flavor = "multi_thread")]
async fn ask_waits_for_mcp_servers_and_runs_their_tools() {
    let s = Server::start().await.unwrap();
    s.route_fn("POST", "/v1/chat/completions", |r| {
        let body = r.json();
        let last = body["messages"].as_array().unwrap().last().unwrap().clone();
        let mut f = Vec::new();
        if last["role"] == "tool" {
            f.push(frame(json!({"content": format!("it said {}", last["content"].as_str().unwrap_or(""))})));
            end(&mut f, "stop");
        } else {
            f.push(calls_of(json!([{"index":0,"id":"c1","type":"function","function":{"name":"mcp__fx__echo","arguments":"{\"text\":\"from ask\"}"}}])));
            end(&mut f, "tool_calls");
        }
        Scripted::sse(f)
    });
    let fixture = supchat_testkit::mcp::fixture_program();
    let log = temp_dir().join("fixture.log");
    let cfg = config(
        &s,
        &format!(
            "[mcp_servers.fx]\ncommand = [{:?}, \"--slow-start-ms\", \"500\", \"--log\", {:?}]\n\n[mcp_servers.broken]\ncommand = [\"sh\", \"-c\", \"echo no database >&2; exit 1\"]\n",
            fixture.display().to_string(),
            log.display().to_string()
        ),
    );
    let out = ask(&cfg, &["--yes", "echo something"]).await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stdout.trim(), "it said from ask", "{stderr}");
    assert!(
        stderr.contains("MCP server broken failed: exited before it answered initialize; asking without its tools"),
        "{stderr}"
    );
    assert!(stderr.contains("⚙ fx · echo"), "{stderr}");
    let first = s.requests()[0].json();
    let names: Vec<&str> = first["tools"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["function"]["name"].as_str())
        .collect();
    assert!(names.contains(&"mcp__fx__echo"), "{names:?}");
    assert!(std::fs::read_to_string(&log).unwrap().contains("call echo"));
    // Its process ended with supchat (the guardian notices within 20 ms).
    let needle = log.display().to_string();
    let alive = || {
        std::fs::read_dir("/proc")
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| {
                std::fs::read(e.path().join("cmdline"))
                    .is_ok_and(|c| String::from_utf8_lossy(&c).contains(&needle))
            })
            .count()
    };
    let mut waited = 0;
    while alive() > 0 && waited < 100 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        waited += 1;
    }
    assert_eq!(alive(), 0, "the MCP server ended with ask");
}

/// `supchat mcp list` and `supchat config check` start each enabled
/// server once: ready with its tools by the names the model sees, failed
/// with why and its stderr, off; a failure makes both exit 2.
#[tokio::test(flavor = "multi_thread")]
async fn mcp_list_and_config_check_start_each_server_once() {
    let s = Server::start().await.unwrap();
    let fixture = supchat_testkit::mcp::fixture_program();
    let good = format!(
        "[mcp_servers.fx]\ncommand = [{:?}]\n\n[mcp_servers.later]\ncommand = [\"nothing-here\"]\nenabled = false\n",
        fixture.display().to_string()
    );
    let cfg = config(&s, &good);
    let run = |args: &'static [&'static str], cfg: PathBuf| {
        tokio::task::spawn_blocking(move || {
            supchat_testkit::supchat(BIN)
                .args(args)
                .env("SUPCHAT_CONFIG", &cfg)
                .env("SUPAI_API_KEY", "sup-test")
                .output()
                .unwrap()
        })
    };
    let out = run(&["mcp", "list"], cfg.clone()).await.unwrap();
    let listed = text(&out.stdout);
    assert!(out.status.success(), "{listed}{}", text(&out.stderr));
    assert!(listed.contains("fx     ready · 10 tools"), "{listed}");
    assert!(
        listed.contains("tools: mcp__fx__echo, mcp__fx__add"),
        "{listed}"
    );
    assert!(listed.contains("later  off (enabled = false)"), "{listed}");
    let bad = format!(
        "{good}\n[mcp_servers.db]\ncommand = [\"sh\", \"-c\", \"echo 'no route to the database' >&2; exit 1\"]\n"
    );
    let cfg = config(&s, &bad);
    let out = run(&["mcp", "list"], cfg.clone()).await.unwrap();
    assert_eq!(out.status.code(), Some(2));
    let listed = text(&out.stdout);
    assert!(
        listed.contains("db     FAILED: exited before it answered initialize"),
        "{listed}"
    );
    assert!(
        listed.contains("stderr: no route to the database"),
        "{listed}"
    );
    let out = run(&["config", "check"], cfg).await.unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    let checked = text(&out.stdout);
    assert!(
        checked.contains("MCP servers (each started once):"),
        "{checked}"
    );
    assert!(checked.contains("db     FAILED"), "{checked}");
}

/// What an MCP server starts in a session of its own, deaf to SIGTERM, is
/// ended with it when supchat is done with the server (the guardian is
/// asked to stop, not killed before it can).
#[tokio::test(flavor = "multi_thread")]
async fn an_mcp_servers_escaped_helper_ends_with_it() {
    let s = Server::start().await.unwrap();
    let fixture = supchat_testkit::mcp::fixture_program();
    let pidfile = temp_dir().join("daemon.pid");
    let cfg = config(
        &s,
        &format!(
            "[mcp_servers.fx]\ncommand = [{:?}, \"--daemon\", {:?}]\n",
            fixture.display().to_string(),
            pidfile.display().to_string()
        ),
    );
    let out = tokio::task::spawn_blocking(move || {
        supchat_testkit::supchat(BIN)
            .args(["mcp", "list"])
            .env("SUPCHAT_CONFIG", &cfg)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pid = std::fs::read_to_string(&pidfile).unwrap();
    let alive = || {
        std::fs::read_to_string(format!("/proc/{}/stat", pid.trim())).is_ok_and(|st| {
            st.rsplit_once(") ")
                .is_some_and(|(_, rest)| !rest.starts_with('Z'))
        })
    };
    let mut waited = 0;
    while alive() && waited < 100 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        waited += 1;
    }
    assert!(!alive(), "the helper {pid} outlived supchat");
}
