//! `supchat ask` with stdout a real terminal (tmux): a hostile reply cannot
//! set the window title, colour the screen or write the clipboard.

use std::path::Path;
use std::time::{Duration, Instant};

use supchat_testkit::{Tmux, tmux_available};

use serde_json::json;
use supchat_loopback::{Scripted, Server};

const BIN: &str = env!("CARGO_BIN_EXE_supchat");

#[tokio::test(flavor = "multi_thread")]
async fn hostile_reply_is_sanitised_on_a_terminal() {
    if !tmux_available() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let s = Server::start().await.unwrap();
    let hostile = "safe \u{1b}]0;PWNED\u{7}text \u{1b}[31mred\u{1b}[0m \u{1b}]52;c;ZXZpbA==\u{7}end \u{1b}[2J你好";
    let frames = [
        json!({"choices":[{"delta":{"content":hostile}}]}).to_string(),
        json!({"choices":[{"delta":{},"finish_reason":"stop"}]}).to_string(),
        "[DONE]".to_owned(),
    ];
    s.route("POST", "/v1/chat/completions", vec![Scripted::sse(frames)]);
    let dir = std::env::temp_dir().join(format!("supchat-tty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = dir.join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "[providers.supage]\nbase_url = \"{}/v1\"\napi_key = \"k-test-1234\"\n",
            s.url()
        ),
    )
    .unwrap();
    let done = dir.join("done");
    let script = format!(
        "SUPCHAT_CONFIG='{}' '{}' ask hi; touch '{}'; sleep 30",
        cfg.display(),
        BIN,
        done.display()
    );
    let t = Tmux::start("ask", 100, 10, &script);
    wait_for(&done).await;
    // tmux may draw the last output a moment after the process ended.
    let screen = t.wait_for("safe text red end 你好").await;
    assert!(screen.contains("safe text red end 你好"), "{screen}");
    let styled = t.cmd(&["capture-pane", "-p", "-e"]);
    assert!(
        !styled.contains("\u{1b}[31m"),
        "colour reached the terminal: {styled:?}"
    );
    let title = t.cmd(&["display-message", "-p", "#{pane_title}"]);
    assert!(!title.contains("PWNED"), "title changed: {title}");
}

async fn wait_for(path: &Path) {
    let start = Instant::now();
    while !path.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "supchat did not finish"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn ask_on_a_terminal_asks_before_a_tool_runs() {
    if !tmux_available() {
        return;
    }
    let s = Server::start().await.unwrap();
    let call = json!({"choices":[{"delta":{"tool_calls":[{"index":0,"id":"c1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}}]}}]});
    let calls = [
        call.to_string(),
        json!({"choices":[{"delta":{},"finish_reason":"tool_calls"}]}).to_string(),
        "[DONE]".to_owned(),
    ];
    let answer = [
        json!({"choices":[{"delta":{"content":"It is sunny."}}]}).to_string(),
        json!({"choices":[{"delta":{},"finish_reason":"stop"}]}).to_string(),
        "[DONE]".to_owned(),
    ];
    s.route(
        "POST",
        "/v1/chat/completions",
        vec![
            Scripted::sse(calls.clone()),
            Scripted::sse(answer),
            Scripted::sse(calls),
        ],
    );
    let dir = std::env::temp_dir().join(format!("supchat-tty-tool-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = dir.join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "[[tools]]\nname = \"weather\"\ncommand = [\"sh\", \"-c\", \"read a; echo ran with $a\"]\n[providers.supage]\nbase_url = \"{}/v1\"\napi_key = \"k-test-1234\"\n",
            s.url()
        ),
    )
    .unwrap();
    let done = dir.join("done");
    let script = format!(
        "SUPCHAT_CONFIG='{}' '{}' ask weather; touch '{}'; sleep 30",
        cfg.display(),
        BIN,
        done.display()
    );
    let t = Tmux::start("ask-tool", 120, 12, &script);
    t.wait_for("[y]es, [N]o, [a]lways for this tool:").await;
    t.type_text("y");
    t.keys(&["Enter"]);
    wait_for(&done).await;
    let screen = t.wait_for("It is sunny.").await;
    assert!(
        screen.contains("supchat: weather returned 26 characters"),
        "{screen}"
    );
    assert!(screen.contains("It is sunny."), "{screen}");
    let b = s.requests()[1].json();
    assert_eq!(
        b["messages"][2]["content"],
        "ran with {\"city\":\"Paris\"}\n"
    );
    // Ctrl+C at the question ends ask at once, on a line of its own.
    std::fs::remove_file(&done).unwrap();
    t.cmd(&["kill-session"]);
    // The shell survives Ctrl+C (a trap, not an ignore: supchat still gets it).
    let again = format!(
        "trap 'true' INT; {}",
        script.replace("ask weather", "ask weather again")
    );
    let t2 = Tmux::start("ask-tool-c", 120, 12, &again);
    t2.wait_for("[a]lways for this tool:").await;
    let asked = Instant::now();
    t2.keys(&["C-c"]);
    wait_for(&done).await;
    assert!(
        asked.elapsed() < Duration::from_secs(3),
        "{:?}",
        asked.elapsed()
    );
    let screen2 = t2.screen();
    assert!(screen2.contains("\nsupchat: cancelled"), "{screen2}");
}

#[tokio::test(flavor = "multi_thread")]
async fn ask_on_a_terminal_renders_markdown_and_a_pipe_gets_it_raw() {
    if !tmux_available() {
        return;
    }
    let s = Server::start().await.unwrap();
    let md = "# Plan\nUse **borrowing** and `&str`.\n- one\n";
    let frames = || {
        let mut f: Vec<String> = md
            .split_inclusive(' ')
            .map(|w| json!({"choices":[{"delta":{"content":w}}]}).to_string())
            .collect();
        f.push(json!({"choices":[{"delta":{},"finish_reason":"stop"}]}).to_string());
        f.push("[DONE]".to_owned());
        Scripted::sse(f)
    };
    s.route("POST", "/v1/chat/completions", vec![frames(), frames()]);
    let dir = std::env::temp_dir().join(format!("supchat-tty-md-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = dir.join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "[providers.supage]\nbase_url = \"{}/v1\"\napi_key = \"k-test-1234\"\n",
            s.url()
        ),
    )
    .unwrap();
    let done = dir.join("done");
    let piped = dir.join("piped.txt");
    let script = format!(
        "SUPCHAT_CONFIG='{c}' '{BIN}' ask plan; SUPCHAT_CONFIG='{c}' '{BIN}' ask plan > '{p}'; touch '{d}'; sleep 30",
        c = cfg.display(),
        p = piped.display(),
        d = done.display()
    );
    let t = Tmux::start("ask-md", 100, 10, &script);
    wait_for(&done).await;
    let screen = t.wait_for("• one").await;
    // As the chat screen draws it: the same renderer.
    assert!(
        screen.contains("Plan\n\nUse borrowing and &str.\n\n• one"),
        "{screen}"
    );
    let styled = t.cmd(&["capture-pane", "-p", "-e"]);
    assert!(
        styled.contains("\u{1b}[1m"),
        "bold reached the terminal: {styled:?}"
    );
    assert_eq!(
        std::fs::read_to_string(&piped).unwrap(),
        md,
        "a pipe gets the markdown as sent"
    );
}
