//! The `supchat` binary end to end: `ask`, `models` and `config` against a
//! loopback server, with a config file written per test.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::json;
use supchat_loopback::{Part, Scripted, Server};

#[path = "cli/faults.rs"]
mod faults;
#[path = "cli/subcommands.rs"]
mod subcommands;

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
        let mut child = supchat_testkit::supchat(BIN)
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
        supchat_testkit::supchat(BIN)
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

/// With retries, a stream that breaks off is asked for again: `ask` goes
/// on when the new reply begins with what it printed (printing the rest),
/// and stops with 1 when it does not.
#[tokio::test(flavor = "multi_thread")]
async fn a_broken_stream_is_asked_again_and_goes_on_only_from_what_was_printed() {
    let full = |parts: &[&str]| reply(parts);
    for (second, code, stdout) in [
        (
            full(&["Half a sen", "tence."]),
            Some(0),
            "Half a sentence.\n",
        ),
        (full(&["Something else."]), Some(1), "Half a sen\n"),
    ] {
        let s = Server::start().await.unwrap();
        let cut = Scripted::sse([chunk(json!({"content": "Half a sen"}))]).part(Part::Cut);
        s.route("POST", "/v1/chat/completions", vec![cut, second]);
        let cfg = config_for(&s);
        let text_cfg = std::fs::read_to_string(&cfg).unwrap().replacen(
            "max_retries = 0",
            "max_retries = 2",
            1,
        );
        std::fs::write(&cfg, text_cfg).unwrap();
        let out = run(&cfg, &["ask", "hi"], None).await;
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), code, "{err}");
        assert_eq!(text(&out.stdout), stdout, "{err}");
        assert!(err.contains("asked again"), "{err}");
        if code == Some(1) {
            assert!(
                err.contains("began otherwise than what was printed"),
                "{err}"
            );
        }
        assert_eq!(s.requests().len(), 2);
    }
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
        vec![reply(&["ok"]), reply(&["ok"]), reply(&["ok"])],
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
    // An allow-list with no provider named goes to the Sup.ai one.
    let out = run(&cfg, &["ask", "--models", "x", "hi"], None).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(s.requests()[2].json()["models"], json!(["x"]));
    let out = run(&cfg, &["ask", "-p", "supage", "--models", "x", "hi"], None).await;
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

/// clap's usage errors in Chinese (said by supchat from the catalogue),
/// and clap's own English left as it was.
#[test]
fn usage_errors_read_in_the_language_in_use() {
    let run = |lang: &str, args: &[&str]| {
        let out = supchat_testkit::supchat(BIN)
            .args(args)
            .env("LANG", lang)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("SUPCHAT_CONFIG", "/nonexistent/supchat-test-config.toml")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        (out.status.code(), text(&out.stderr))
    };
    let (code, err) = run("zh_CN.UTF-8", &["--bogus"]);
    assert_eq!(code, Some(2));
    assert!(err.starts_with("错误：无法识别的参数 '--bogus'"), "{err}");
    assert!(
        err.contains("用法：supchat") && err.contains("'--help'"),
        "{err}"
    );
    let (_, err) = run("zh_CN.UTF-8", &["sessions", "list", "--limit", "x"]);
    assert!(err.contains("'x' 无效：不是有效的整数"), "{err}");
    let (_, err) = run("zh_CN.UTF-8", &["completions", "foo"]);
    assert!(err.contains("可选值：bash、elvish"), "{err}");
    let (_, err) = run("zh_CN.UTF-8", &["sessions", "show"]);
    assert!(
        err.contains("缺少必需的参数") && err.contains("用法：supchat sessions show <ID>"),
        "{err}"
    );
    let (code, err) = run("en_US.UTF-8", &["--bogus"]);
    assert_eq!(code, Some(2));
    assert!(
        err.starts_with("error: unexpected argument '--bogus' found"),
        "{err}"
    );
}

/// `ask --compare`: the same question to two targets, one after another,
/// each answer under its header; both requests carry the same history.
#[tokio::test(flavor = "multi_thread")]
async fn ask_compare_asks_each_target_the_same_question() {
    let s = Server::start().await.unwrap();
    s.route(
        "POST",
        "/v1/chat/completions",
        vec![reply(&["first ", "answer"]), reply(&["second answer"])],
    );
    let cfg = config_for(&s);
    let o = run(
        &cfg,
        &[
            "ask",
            "--compare",
            "supage,supage:other-model",
            "--stats",
            "why?",
        ],
        None,
    )
    .await;
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let first = out.find("── Supage · claude-sonnet-4-6 ──").expect(&out);
    let a = out.find("first answer").expect(&out);
    let second = out.find("── Supage · other-model ──").expect(&out);
    let b = out.find("second answer").expect(&out);
    assert!(first < a && a < second && second < b, "{out}");
    // The figures say whose they are.
    let err = text(&o.stderr);
    assert!(
        err.contains("supchat: Supage · claude-sonnet-4-6: ttft"),
        "{err}"
    );
    assert!(err.contains("supchat: Supage · other-model: ttft"), "{err}");
    let bodies: Vec<serde_json::Value> = s.requests().iter().map(|r| r.json()).collect();
    assert_eq!(bodies.len(), 2);
    assert_eq!(bodies[0]["model"], "claude-sonnet-4-6");
    assert_eq!(bodies[1]["model"], "other-model");
    assert_eq!(
        bodies[0]["messages"], bodies[1]["messages"],
        "the same history"
    );
    // One target is no comparison; a provider that does not exist is said.
    let o = run(&cfg, &["ask", "--compare", "supage", "why?"], None).await;
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("--compare takes 2 to 4 targets"),
        "{}",
        text(&o.stderr)
    );
    let o = run(&cfg, &["ask", "--compare", "supage,nope", "why?"], None).await;
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("nope"), "{}", text(&o.stderr));
}

/// `ask --compare … --json`: one line of JSON per target, with its text,
/// figures and usage; nothing else on stdout.
#[tokio::test(flavor = "multi_thread")]
async fn ask_compare_json_prints_one_object_per_target() {
    let s = Server::start().await.unwrap();
    s.route(
        "POST",
        "/v1/chat/completions",
        vec![reply(&["one"]), reply(&["two"])],
    );
    let cfg = config_for(&s);
    let o = run(
        &cfg,
        &["ask", "--compare", "supage:m1,supage:m2", "--json", "why?"],
        None,
    )
    .await;
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect(l))
        .collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(
        (lines[0]["model"].as_str(), lines[0]["text"].as_str()),
        (Some("m1"), Some("one"))
    );
    assert_eq!(
        (lines[1]["model"].as_str(), lines[1]["text"].as_str()),
        (Some("m2"), Some("two"))
    );
    assert_eq!(lines[1]["usage"]["completion_tokens"], 3);
    // Every key on every line: no error, no note.
    assert!(
        lines[0]["error"].is_null() && lines[0]["note"].is_null(),
        "{out}"
    );
    assert!(lines[0]["duration_ms"].is_u64());
    // Without --compare, --json is refused.
    let o = run(&cfg, &["ask", "--json", "why?"], None).await;
    assert_eq!(o.status.code(), Some(2));
}

/// A target without a model asks its provider's own, even after another
/// target named one; a target whose key is missing is said before any
/// question is asked (exit 2), wherever it stands.
#[tokio::test(flavor = "multi_thread")]
async fn ask_compare_targets_keep_their_own_model_and_keys_are_checked_first() {
    let s = Server::start().await.unwrap();
    s.route(
        "POST",
        "/v1/chat/completions",
        vec![reply(&["one"]), reply(&["two"])],
    );
    let cfg = config_for(&s);
    let o = run(&cfg, &["ask", "--compare", "supage:m2,supage", "q"], None).await;
    assert!(o.status.success(), "{}", text(&o.stderr));
    let models: Vec<serde_json::Value> = s
        .requests()
        .iter()
        .map(|r| r.json()["model"].clone())
        .collect();
    assert_eq!(models, [json!("m2"), json!("claude-sonnet-4-6")]);
    let text_cfg = std::fs::read_to_string(&cfg).unwrap()
        + "\n[providers.nokey]\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:9/v1\"\nmodel = \"x\"\napi_key_env = \"SUPCHAT_NO_SUCH_KEY\"\n";
    std::fs::write(&cfg, text_cfg).unwrap();
    let before = s.requests().len();
    let o = run(&cfg, &["ask", "--compare", "supage,nokey", "q"], None).await;
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("nokey"), "{}", text(&o.stderr));
    assert_eq!(s.requests().len(), before, "nothing was asked");
}

/// `ask --wire FILE`: the request (the key masked, never whole), the
/// response and the body's lines, as JSON lines in a file of the user's
/// alone; a file that cannot be opened is a usage error before anything
/// is sent.
#[tokio::test(flavor = "multi_thread")]
async fn ask_wire_writes_what_went_over_the_wire_without_the_key() {
    let s = Server::start().await.unwrap();
    s.route(
        "POST",
        "/v1/chat/completions",
        vec![reply(&["Hi ", "there"])],
    );
    let cfg = config_for(&s);
    let file = cfg.parent().unwrap().join("wire log.jsonl");
    let path = file.to_str().unwrap();
    let o = run(&cfg, &["ask", "--wire", path, "hello"], None).await;
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout).trim(), "Hi there");
    let log = std::fs::read_to_string(&file).unwrap();
    assert!(!log.contains(KEY), "the key is never written: {log}");
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["kind"], "request");
    assert_eq!(lines[0]["turn"], 1);
    assert_eq!(lines[0]["provider"], "supage");
    assert_eq!(lines[0]["attempt"], 1);
    assert!(
        lines[0]["url"]
            .as_str()
            .unwrap()
            .ends_with("/v1/chat/completions")
    );
    let auth = lines[0]["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h[0] == "authorization")
        .unwrap()[1]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(auth.starts_with("Bearer ") && auth.contains('…'), "{auth}");
    let body: serde_json::Value = serde_json::from_str(lines[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["messages"][0]["content"], "hello");
    assert_eq!(lines[1]["kind"], "response");
    assert_eq!(lines[1]["status"], 200);
    let data: String = lines[2..]
        .iter()
        .filter(|l| l["kind"] == "data")
        .map(|l| l["text"].as_str().unwrap())
        .collect();
    assert!(
        data.contains("\"content\":\"Hi \"") && data.contains("[DONE]"),
        "{data}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // A file that cannot be written to the end: said, and the exit code
    // says the record is incomplete.
    if std::path::Path::new("/dev/full").exists() {
        let o = run(&cfg, &["ask", "--wire", "/dev/full", "hello"], None).await;
        assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
        assert!(
            text(&o.stderr).contains("could not be written"),
            "{}",
            text(&o.stderr)
        );
    }
    // Another provider's key, quoted in the prompt, is not written either.
    let other = cfg.parent().unwrap().join("other.toml");
    let mut with_other = std::fs::read_to_string(&cfg).unwrap();
    with_other.push_str("\n[providers.other]\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:9/v1\"\napi_key = \"sk-other-secret-777\"\n");
    std::fs::write(&other, with_other).unwrap();
    let file2 = cfg.parent().unwrap().join("wire2.jsonl");
    let o = run(
        &other,
        &[
            "ask",
            "--wire",
            file2.to_str().unwrap(),
            "my other key is sk-other-secret-777",
        ],
        None,
    )
    .await;
    assert!(o.status.success(), "{}", text(&o.stderr));
    let log = std::fs::read_to_string(&file2).unwrap();
    assert!(!log.contains("sk-other-secret-777"), "{log}");
    assert!(log.contains("my other key is [redacted]"), "{log}");
    // A folder is no file: said, and nothing sent.
    let sent = s.requests().len();
    let dir = cfg.parent().unwrap().to_str().unwrap().to_owned();
    let o = run(&cfg, &["ask", "--wire", &dir, "hello"], None).await;
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("cannot open the wire file"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(s.requests().len(), sent);
}
