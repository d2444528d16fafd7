//! The `supchat` binary end to end: `ask`, `models` and `config` against a
//! loopback server, with a config file written per test.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::json;
use supchat_loopback::{Part, Scripted, Server};

const BIN: &str = env!("CARGO_BIN_EXE_supchat");
const KEY: &str = "su-cli-secret-key-42";

fn temp_dir() -> PathBuf {
    supchat_testkit::temp_dir("cli")
}

/// A config whose `supage` and `supai` point at the server.
fn config_for(server: &Server) -> PathBuf {
    let path = temp_dir().join("config.toml");
    let text = format!(
        r#"
[providers.supage]
base_url = "{url}/v1"
api_key_env = "SUPCHAT_TEST_KEY"
idle_timeout_secs = 5
max_retries = 0

[providers.supai]
base_url = "{url}/v1/openai"
api_key_env = "SUPCHAT_TEST_KEY"
"#,
        url = server.url()
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs the binary with `args`, `stdin` piped in, off the async runtime.
async fn run(config: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let config = config.to_path_buf();
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let stdin = stdin.map(str::to_owned);
    tokio::task::spawn_blocking(move || {
        let mut child = Command::new(BIN)
            .args(&args)
            .env("SUPCHAT_CONFIG", &config)
            .env("SUPCHAT_TEST_KEY", KEY)
            .env(
                "XDG_DATA_HOME",
                config.parent().unwrap_or(std::path::Path::new("/tmp")),
            )
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if let Some(s) = stdin {
            child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
        }
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap()
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

fn chunk(delta: serde_json::Value) -> String {
    json!({"choices":[{"index":0,"delta":delta}]}).to_string()
}

fn reply(parts: &[&str]) -> Scripted {
    let mut frames: Vec<String> = parts.iter().map(|p| chunk(json!({"content": p}))).collect();
    frames.push(json!({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}).to_string());
    frames.push(
        json!({"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}})
            .to_string(),
    );
    frames.push("[DONE]".into());
    Scripted::sse(frames)
}

#[tokio::test(flavor = "multi_thread")]
async fn ask_streams_the_reply_to_stdout() {
    let s = Server::start().await.unwrap();
    s.route(
        "POST",
        "/v1/chat/completions",
        vec![reply(&["Hello", ", ", "world"])],
    );
    let cfg = config_for(&s);
    let out = run(
        &cfg,
        &["ask", "--system", "Be brief.", "Say", "hello"],
        None,
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "Hello, world\n");
    assert_eq!(text(&out.stderr), "");
    let body = s.requests()[0].json();
    assert_eq!(
        body["messages"],
        json!([{"role":"system","content":"Be brief."},{"role":"user","content":"Say hello"}])
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn ask_reads_the_prompt_from_stdin_and_combines_it_with_arguments() {
    let s = Server::start().await.unwrap();
    s.route("POST", "/v1/chat/completions", vec![reply(&["ok"])]);
    let cfg = config_for(&s);
    let out = run(&cfg, &["ask"], Some("你好\n")).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(&cfg, &["ask", "-"], Some("from dash")).await;
    assert!(out.status.success());
    let out = run(&cfg, &["ask", "Summarise:"], Some("a long text")).await;
    assert!(out.status.success());
    let prompts: Vec<String> = s
        .requests()
        .iter()
        .map(|r| {
            r.json()["messages"][0]["content"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        prompts,
        vec!["你好\n", "from dash", "Summarise:\n\na long text"]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn ask_with_nothing_to_ask_is_a_usage_error() {
    let s = Server::start().await.unwrap();
    let out = run(&config_for(&s), &["ask"], Some("  \n")).await;
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "supchat: nothing to ask: give a prompt, or pipe one in\n"
    );
    assert!(s.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn reasoning_goes_to_stderr_and_stats_on_request() {
    let s = Server::start().await.unwrap();
    let frames = [
        chunk(json!({"reasoning_content": "Let me think."})),
        chunk(json!({"content": "42"})),
        json!({"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}})
            .to_string(),
        "[DONE]".into(),
    ];
    s.route("POST", "/v1/chat/completions", vec![Scripted::sse(frames)]);
    let cfg = config_for(&s);
    let out = run(&cfg, &["ask", "--stats", "q"], None).await;
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), "42\n");
    let err = text(&out.stderr);
    assert!(err.starts_with("Let me think.\n"), "{err}");
    assert!(
        err.contains("supchat: ttft ")
            && err.contains("tok/s")
            && err.contains("9 in + 3 out = 12 tokens"),
        "{err}"
    );
    let out = run(&cfg, &["ask", "--no-reasoning", "q"], None).await;
    assert_eq!(text(&out.stderr), "");
    assert_eq!(text(&out.stdout), "42\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn rejected_key_is_one_clear_line_without_the_key() {
    let s = Server::start().await.unwrap();
    let body = json!({"error":{"message":format!("bad key {KEY}")}}).to_string();
    s.route(
        "POST",
        "/v1/chat/completions",
        vec![Scripted::json(401, body)],
    );
    let out = run(&config_for(&s), &["ask", "hi"], None).await;
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("supchat: supage rejected the API key (HTTP 401"),
        "{err}"
    );
    assert!(
        err.contains("the environment variable SUPCHAT_TEST_KEY"),
        "{err}"
    );
    assert!(!err.contains(KEY), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_key_says_how_to_give_one() {
    let s = Server::start().await.unwrap();
    let cfg = config_for(&s);
    let out = tokio::task::spawn_blocking(move || {
        Command::new(BIN)
            .args(["ask", "hi"])
            .env("SUPCHAT_CONFIG", &cfg)
            .env_remove("SUPCHAT_TEST_KEY")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "no API key for provider \"supage\": set the environment variable SUPCHAT_TEST_KEY"
        ),
        "{err}"
    );
    assert!(s.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn interrupted_stream_prints_the_partial_then_fails() {
    let s = Server::start().await.unwrap();
    let cut = Scripted::sse([chunk(json!({"content": "Half a sen"}))]).part(Part::Cut);
    s.route("POST", "/v1/chat/completions", vec![cut]);
    let out = run(&config_for(&s), &["ask", "hi"], None).await;
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "Half a sen\n");
    assert!(
        text(&out.stderr).contains("the reply broke off"),
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn piped_output_is_as_received_and_no_stream_works() {
    let s = Server::start().await.unwrap();
    let body = json!({"choices":[{"message":{"role":"assistant","content":"line\u{1b}[31m red"},"finish_reason":"stop"}]});
    s.route(
        "POST",
        "/v1/chat/completions",
        vec![Scripted::json(200, body.to_string())],
    );
    let out = run(&config_for(&s), &["ask", "--no-stream", "hi"], None).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "line\u{1b}[31m red\n",
        "a pipe gets the bytes as received"
    );
    assert_eq!(s.requests()[0].json()["stream"], false);
}

#[tokio::test(flavor = "multi_thread")]
async fn supai_mode_flag_and_wrong_flag_for_kind() {
    let s = Server::start().await.unwrap();
    s.route(
        "POST",
        "/v1/openai/chat/completions",
        vec![reply(&["ok"]), reply(&["ok"])],
    );
    let cfg = config_for(&s);
    let out = run(&cfg, &["ask", "-p", "supai", "--mode", "fast", "hi"], None).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(s.requests()[0].json()["model"], "fast");
    let args = [
        "ask",
        "-p",
        "supai",
        "--models",
        "openai/gpt-5.2,anthropic/claude-sonnet-4.5",
        "hi",
    ];
    let out = run(&cfg, &args, None).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        s.requests()[1].json()["models"],
        json!(["openai/gpt-5.2", "anthropic/claude-sonnet-4.5"])
    );
    let out = run(&cfg, &["ask", "--models", "x", "hi"], None).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--models is the Sup.ai allow-list"));
    let out = run(&cfg, &["ask", "-p", "supai", "--model", "gpt", "hi"], None).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("choose a --mode"));
    let out = run(&cfg, &["ask", "-p", "nope", "hi"], None).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr)
            .contains("there is no provider named \"nope\" (configured: supage, supai)")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_config_names_file_line_and_key() {
    let dir = temp_dir();
    let path = dir.join("config.toml");
    std::fs::write(&path, "[providers.supage]\nmodle = \"x\"\n").unwrap();
    let out = run(&path, &["config", "check"], None).await;
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.starts_with(&format!(
            "supchat: {}:2:1: unknown field `modle`",
            path.display()
        )),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}

#[tokio::test(flavor = "multi_thread")]
async fn config_path_show_and_check() {
    let s = Server::start().await.unwrap();
    let cfg = config_for(&s);
    let out = run(&cfg, &["config", "path"], None).await;
    assert_eq!(text(&out.stdout).trim(), cfg.display().to_string());
    let out = run(&cfg, &["config", "show"], None).await;
    let shown = text(&out.stdout);
    assert!(
        shown.contains("[providers.supai]") && shown.contains("mode = \"auto\""),
        "{shown}"
    );
    let out = run(&cfg, &["config", "check"], None).await;
    assert!(out.status.success());
    let check = text(&out.stdout);
    assert!(
        check.contains("key: found in the environment variable SUPCHAT_TEST_KEY"),
        "{check}"
    );
    assert!(!check.contains(KEY) && !shown.contains(KEY));
}

#[tokio::test(flavor = "multi_thread")]
async fn models_for_openai_and_supai() {
    let s = Server::start().await.unwrap();
    s.route(
        "GET",
        "/v1/models",
        vec![Scripted::json(
            200,
            r#"{"data":[{"id":"claude-sonnet-4-6"},{"id":"gpt-x"}]}"#,
        )],
    );
    s.route(
        "GET",
        "/v1/info/models",
        vec![Scripted::json(
            200,
            r#"{"text":{"new/model-1":{"deprecated":null}},"image":{}}"#,
        )],
    );
    let cfg = config_for(&s);
    let out = run(&cfg, &["models"], None).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "claude-sonnet-4-6\ngpt-x\n");
    let out = run(&cfg, &["models", "--provider", "supai"], None).await;
    let listing = text(&out.stdout);
    assert!(
        listing.contains("* auto") && listing.contains("deep-thinking"),
        "{listing}"
    );
    assert!(listing.contains("models (1):\n  new/model-1"), "{listing}");
}

#[tokio::test(flavor = "multi_thread")]
async fn supai_models_fall_back_to_the_bundled_list() {
    let s = Server::start().await.unwrap();
    let out = run(&config_for(&s), &["models", "-p", "supai"], None).await;
    assert!(out.status.success());
    assert!(text(&out.stderr).contains("showing the model list shipped with supchat"));
    assert!(text(&out.stdout).contains("anthropic/claude-sonnet-4.5"));
}

#[tokio::test(flavor = "multi_thread")]
async fn http_proxy_is_honoured() {
    // The loopback server plays the proxy: a proxied request names the full URL.
    let proxy = Server::start().await.unwrap();
    proxy.route(
        "POST",
        "http://supage.invalid/v1/chat/completions",
        vec![reply(&["via proxy"])],
    );
    let path = temp_dir().join("config.toml");
    std::fs::write(
        &path,
        "[providers.supage]\nbase_url = \"http://supage.invalid/v1\"\napi_key = \"k-123456\"\n",
    )
    .unwrap();
    let proxy_url = proxy.url();
    let out = tokio::task::spawn_blocking(move || {
        Command::new(BIN)
            .args(["ask", "hi"])
            .env("SUPCHAT_CONFIG", &path)
            .env("HTTP_PROXY", &proxy_url)
            .env_remove("NO_PROXY")
            .env_remove("no_proxy")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "via proxy\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_chat_screen_refuses_a_pipe() {
    let s = Server::start().await.unwrap();
    let out = run(&config_for(&s), &[], None).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("the chat screen needs a terminal"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        out.stdout.is_empty(),
        "no escape codes written into the pipe"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stream_options_rejection_is_remembered_between_runs() {
    let s = Server::start().await.unwrap();
    let reject = Scripted::json(
        400,
        r#"{"error":{"message":"unknown parameter: stream_options"}}"#,
    );
    s.route("POST", "/v1/chat/completions", vec![reject, reply(&["ok"])]);
    let cfg = config_for(&s);
    let data = temp_dir();
    let run_with_data = |cfg: PathBuf, data: PathBuf| {
        tokio::task::spawn_blocking(move || {
            Command::new(BIN)
                .args(["ask", "hi"])
                .env("SUPCHAT_CONFIG", &cfg)
                .env("SUPCHAT_TEST_KEY", KEY)
                .env("XDG_DATA_HOME", &data)
                .stdin(Stdio::null())
                .output()
                .unwrap()
        })
    };
    let first = run_with_data(cfg.clone(), data.clone()).await.unwrap();
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(text(&first.stderr).contains("rejected stream_options"));
    let second = run_with_data(cfg, data.clone()).await.unwrap();
    assert!(second.status.success());
    assert_eq!(
        text(&second.stderr),
        "",
        "no failed first try the second time"
    );
    let reqs = s.requests();
    assert_eq!(reqs.len(), 3);
    assert!(reqs[2].json().get("stream_options").is_none());
    assert!(data.join("supchat").join("quirks.toml").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn config_check_fails_when_the_default_provider_has_no_key() {
    let dir = temp_dir();
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        "[providers.supage]\napi_key_env = \"SUPCHAT_NO_SUCH_VAR\"\ntemperature = 0.5\n[providers.supai]\nmax_tokens = 100\napi_key_env = \"SUPCHAT_TEST_KEY\"\n",
    )
    .unwrap();
    let out = run(&path, &["config", "check"], None).await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("key: MISSING"));
    assert!(text(&out.stderr).contains("default provider \"supage\" has no key"));
    assert!(
        text(&out.stdout).contains("note: max_tokens set but not sent"),
        "{}",
        text(&out.stdout)
    );
    // Another default, with a key: the check passes.
    std::fs::write(
        &path,
        "default_provider = \"supai\"\n[providers.supage]\napi_key_env = \"SUPCHAT_NO_SUCH_VAR\"\n[providers.supai]\napi_key_env = \"SUPCHAT_TEST_KEY\"\n",
    )
    .unwrap();
    let out = run(&path, &["config", "check"], None).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flag_after_the_prompt_is_a_flag_not_text() {
    let s = Server::start().await.unwrap();
    s.route_fn("POST", "/v1/chat/completions", |_| {
        Scripted::new(200)
            .header("Content-Type", "text/event-stream")
            .bytes(format!(
                "data: {}\n\ndata: [DONE]\n\n",
                chunk(json!({"content": "hello"}))
            ))
    });
    let cfg = config_for(&s);
    let out = run(&cfg, &["ask", "hi", "--stats"], None).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let body = s.requests()[0].json();
    assert_eq!(body["messages"][0]["content"], "hi");
    assert!(text(&out.stderr).contains("ttft"), "{}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_chunk_that_cannot_be_read_marks_the_reply_incomplete() {
    let s = Server::start().await.unwrap();
    s.route_fn("POST", "/v1/chat/completions", |_| {
        Scripted::new(200)
            .header("Content-Type", "text/event-stream")
            .bytes(format!(
                "data: {}\n\ndata: {{\"choices\":[{{\"delta\":{{\"content\":\"lo\n\ndata: not json at all\n\ndata: {}\n\ndata: [DONE]\n\n",
                chunk(json!({"content": "hel"})),
                chunk(json!({"content": "!"}))
            ))
    });
    let cfg = config_for(&s);
    let out = run(&cfg, &["ask", "hi"], None).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "hel!\n");
    let err = text(&out.stderr);
    assert!(
        err.contains("1 part of this reply could not be read"),
        "{err}"
    );
    assert!(
        err.contains("skipped a stream line that is not JSON"),
        "{err}"
    );
}

/// A reply that never ends: a word every 50 ms.
fn endless() -> Scripted {
    let mut r = Scripted::new(200).header("Content-Type", "text/event-stream");
    for _ in 0..2000 {
        r = r
            .bytes(format!("data: {}\n\n", chunk(json!({"content": "word "}))))
            .part(Part::Sleep(std::time::Duration::from_millis(50)));
    }
    r
}

#[tokio::test(flavor = "multi_thread")]
async fn ask_stops_when_the_reader_goes_away() {
    let s = Server::start().await.unwrap();
    s.route_fn("POST", "/v1/chat/completions", |_| endless());
    let cfg = config_for(&s);
    let started = std::time::Instant::now();
    let status = tokio::task::spawn_blocking(move || {
        let mut child = Command::new(BIN)
            .args(["ask", "hi"])
            .env("SUPCHAT_CONFIG", &cfg)
            .env("SUPCHAT_TEST_KEY", KEY)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = child.stdout.take().unwrap();
        let mut first = [0u8; 10];
        std::io::Read::read_exact(&mut out, &mut first).unwrap();
        drop(out); // `| head -c 10`
        let status = child.wait().unwrap();
        let mut err = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
        (status, err)
    })
    .await
    .unwrap();
    let (status, err) = status;
    assert_eq!(status.code(), Some(141), "{err}");
    assert!(err.is_empty(), "a broken pipe ends quietly: {err}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "it stopped reading"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_disk_is_an_error_and_a_closed_stderr_no_panic() {
    let s = Server::start().await.unwrap();
    s.route_fn("POST", "/v1/chat/completions", |_| {
        Scripted::new(200)
            .header("Content-Type", "text/event-stream")
            .bytes(format!(
                "data: {}\n\ndata: [DONE]\n\n",
                chunk(json!({"content": "hello"}))
            ))
    });
    let cfg = config_for(&s);
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let run_to = |args: &'static [&'static str], out: std::fs::File| {
        let cfg = cfg.clone();
        tokio::task::spawn_blocking(move || {
            Command::new(BIN)
                .args(args)
                .env("SUPCHAT_CONFIG", &cfg)
                .env("SUPCHAT_TEST_KEY", KEY)
                .stdin(Stdio::null())
                .stdout(out)
                .stderr(Stdio::piped())
                .output()
                .unwrap()
        })
    };
    for args in [
        &["ask", "hi"][..],
        &["config", "show"][..],
        &["config", "check"][..],
    ] {
        let o = run_to(args, full()).await.unwrap();
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(
            text(&o.stderr).contains("cannot write the output"),
            "{args:?}: {}",
            text(&o.stderr)
        );
    }
    // stdout and stderr both a pipe nobody reads (`2>&1 | true`).
    let cfg2 = cfg.clone();
    let o = tokio::task::spawn_blocking(move || {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let w2 = writer.try_clone().unwrap();
        Command::new(BIN)
            .args(["config", "check"])
            .env("SUPCHAT_CONFIG", &cfg2)
            .env("SUPCHAT_TEST_KEY", KEY)
            .stdin(Stdio::null())
            .stdout(writer)
            .stderr(w2)
            .status()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(o.code(), Some(141), "no panic on a closed stderr");
}

#[tokio::test(flavor = "multi_thread")]
async fn completions_and_the_man_page_come_from_the_definitions_without_a_config() {
    let dir = temp_dir();
    let broken = dir.join("broken.toml");
    std::fs::write(&broken, "this is = = not toml").unwrap();
    for (shell, marker) in [
        ("bash", "_supchat()"),
        ("zsh", "#compdef supchat"),
        ("fish", "complete -c supchat"),
    ] {
        let o = run(&broken, &["completions", shell], None).await;
        assert!(o.status.success(), "{shell}: {}", text(&o.stderr));
        let out = text(&o.stdout);
        assert!(
            out.contains(marker),
            "{shell}: {}",
            &out[..out.len().min(200)]
        );
        assert!(
            out.contains("sessions") && out.contains("resume"),
            "{shell}"
        );
    }
    let o = run(&broken, &["man"], None).await;
    assert!(o.status.success(), "{}", text(&o.stderr));
    let man = text(&o.stdout);
    assert!(man.contains(".TH supchat 1"), "{man}");
    assert!(man.contains("completions"), "subcommands are listed");
    let o = run(&broken, &["man", "ask"], None).await;
    assert!(o.status.success(), "{}", text(&o.stderr));
    let page = text(&o.stdout);
    assert!(
        page.contains(".TH supchat-ask 1") && page.contains("\\-\\-yes"),
        "{page}"
    );
    let o = run(&broken, &["man", "nope"], None).await;
    assert_eq!(o.status.code(), Some(2));
    let o = run(&broken, &["completions", "tcsh"], None).await;
    assert_eq!(o.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread")]
async fn ask_uses_the_configured_system_prompt_and_prompt_presets() {
    let s = Server::start().await.unwrap();
    s.route(
        "POST",
        "/v1/chat/completions",
        vec![reply(&["a"]), reply(&["b"]), reply(&["c"])],
    );
    let cfg = config_for(&s);
    let old = std::fs::read_to_string(&cfg).unwrap();
    let new = format!(
        "system_prompt = \"Be brief.\"\n[prompts.reviewer]\nsystem_prompt = \"You review Rust code.\"\nmodel = \"claude-opus-4-1\"\ntemperature = 0.2\n{old}"
    );
    std::fs::write(&cfg, new).unwrap();
    let o = run(&cfg, &["ask", "hi"], None).await;
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = run(&cfg, &["ask", "--prompt", "reviewer", "hi"], None).await;
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = run(
        &cfg,
        &["ask", "--prompt", "reviewer", "-s", "Only this.", "hi"],
        None,
    )
    .await;
    assert!(o.status.success(), "{}", text(&o.stderr));
    let bodies: Vec<serde_json::Value> = s.requests().iter().map(|r| r.json()).collect();
    assert_eq!(
        bodies[0]["messages"][0],
        json!({"role": "system", "content": "Be brief."})
    );
    assert_eq!(bodies[1]["messages"][0]["content"], "You review Rust code.");
    assert_eq!(bodies[1]["model"], "claude-opus-4-1");
    assert_eq!(bodies[1]["temperature"], 0.2);
    assert_eq!(bodies[2]["messages"][0]["content"], "Only this.");
    let o = run(&cfg, &["ask", "--prompt", "nope", "hi"], None).await;
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("there is no prompt named \"nope\" (configured: reviewer)"),
        "{}",
        text(&o.stderr)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_prompt_presets_are_refused_with_their_line() {
    let s = Server::start().await.unwrap();
    let cases = [
        (
            "[prompts.a]\nsystem_prompt = \"\"",
            "system_prompt is empty",
        ),
        (
            "[prompts.a]\nsystem_prompt = \"x\"\nprovider = \"nope\"",
            "provider \"nope\" is not configured",
        ),
        (
            "[prompts.a]\nsystem_prompt = \"x\"\nprovider = \"supai\"\nmodel = \"m\"",
            "model is for openai-kind providers",
        ),
        (
            "[prompts.a]\nsystem_prompt = \"x\"\ntemperature = 3.0",
            "temperature must be between 0 and 2",
        ),
        (
            "[prompts.a]\nmodel = \"m\"",
            "missing field `system_prompt`",
        ),
    ];
    for (toml, want) in cases {
        let cfg = config_for(&s);
        let old = std::fs::read_to_string(&cfg).unwrap();
        std::fs::write(&cfg, format!("{old}\n{toml}\n")).unwrap();
        let o = run(&cfg, &["config", "check"], None).await;
        assert_eq!(o.status.code(), Some(2), "{toml}");
        assert!(
            text(&o.stderr).contains(want),
            "{toml}: {}",
            text(&o.stderr)
        );
    }
}
