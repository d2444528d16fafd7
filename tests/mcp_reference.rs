//! supchat against an official MCP reference server from a package
//! registry: Python's `mcp-server-time` (PyPI), installed by
//! `scripts/mcp-reference.sh` (which `.ci/run` runs) and named by
//! `SUPCHAT_MCP_TIME`. `supchat mcp list` lists its two tools, and `ask`
//! calls one of them for a model and sends its answer back.
//!
//! Without `SUPCHAT_MCP_TIME` the check is skipped, saying so.

use std::process::Stdio;

use serde_json::json;
use supchat_loopback::{Scripted, Server};

const BIN: &str = env!("CARGO_BIN_EXE_supchat");

fn reference() -> Option<String> {
    let p = std::env::var("SUPCHAT_MCP_TIME")
        .ok()
        .filter(|p| !p.is_empty());
    if p.is_none() {
        eprintln!("skipped: SUPCHAT_MCP_TIME is not set (run scripts/mcp-reference.sh)");
    }
    p
}

#[tokio::test(flavor = "multi_thread")]
async fn the_reference_time_server_is_listed_and_called() {
    let Some(program) = reference() else { return };
    let s = Server::start().await.unwrap();
    s.route_fn("POST", "/v1/chat/completions", |r| {
        let body = r.json();
        let last = body["messages"].as_array().unwrap().last().unwrap().clone();
        let frame = |d: serde_json::Value| json!({"choices":[{"index":0,"delta":d}]}).to_string();
        let end = |why: &str| json!({"choices":[{"index":0,"delta":{},"finish_reason":why}]}).to_string();
        let f = if last["role"] == "tool" {
            vec![
                frame(json!({"content": format!("TOOL SAID {}", last["content"].as_str().unwrap_or(""))})),
                end("stop"),
            ]
        } else {
            vec![
                frame(json!({"tool_calls":[{"index":0,"id":"c1","type":"function","function":{"name":"mcp__time__get_current_time","arguments":"{\"timezone\":\"Asia/Shanghai\"}"}}]})),
                end("tool_calls"),
            ]
        };
        let mut f = f;
        f.push("[DONE]".into());
        Scripted::sse(f)
    });
    let dir = supchat_testkit::temp_dir("mcp-reference");
    let cfg = dir.join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "[mcp_servers.time]\ncommand = [{program:?}, \"--local-timezone\", \"UTC\"]\nstartup_timeout_secs = 30\n\n[providers.supage]\nbase_url = \"{}/v1\"\napi_key = \"su-reference\"\n",
            s.url()
        ),
    )
    .unwrap();
    let run = move |args: &[&str]| {
        supchat_testkit::supchat(BIN)
            .args(args)
            .current_dir(&dir)
            .env("SUPCHAT_CONFIG", &cfg)
            .env("XDG_DATA_HOME", &dir)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let list = tokio::task::spawn_blocking({
        let run = run.clone();
        move || run(&["mcp", "list"])
    });
    let list = list.await.unwrap();
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(
        list.status.success(),
        "{listed}{}",
        String::from_utf8_lossy(&list.stderr)
    );
    assert!(listed.contains("time  ready · 2 tools"), "{listed}");
    assert!(
        listed.contains("mcp__time__get_current_time, mcp__time__convert_time"),
        "{listed}"
    );
    let asked =
        tokio::task::spawn_blocking(move || run(&["ask", "--yes", "what time is it in Shanghai?"]))
            .await
            .unwrap();
    let out = String::from_utf8_lossy(&asked.stdout);
    let err = String::from_utf8_lossy(&asked.stderr);
    assert!(asked.status.success(), "{err}");
    assert!(out.starts_with("TOOL SAID "), "{out}\n{err}");
    assert!(
        out.contains("Asia/Shanghai"),
        "its answer names the zone: {out}"
    );
    assert!(out.contains("datetime"), "{out}");
    assert!(err.contains("⚙ time · get_current_time"), "{err}");
}
