//! `ask` when things go wrong: a reader that goes away, a full disk, a
//! chunk that cannot be read, remembered server quirks.

use super::*;

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
            supchat_testkit::supchat(BIN)
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
        let mut child = supchat_testkit::supchat(BIN)
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
            supchat_testkit::supchat(BIN)
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
        supchat_testkit::supchat(BIN)
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

/// Ctrl+C while `api_key_cmd` runs (waiting for a passphrase, say): ask
/// stops at once with 130, and the command does not live on.
#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_while_the_key_command_runs_stops_both_at_once() {
    let s = Server::start().await.unwrap();
    let dir = temp_dir();
    let marker = format!("supchat-keycmd-{}", std::process::id());
    let cfg = dir.join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "[providers.supage]\nbase_url = \"{}/v1\"\napi_key_cmd = \"sleep 25; echo {marker}\"\n",
            s.url()
        ),
    )
    .unwrap();
    let child = supchat_testkit::supchat(BIN)
        .args(["ask", "hi"])
        .env("SUPCHAT_CONFIG", &cfg)
        .env("XDG_DATA_HOME", &dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    let running = |pattern: &str| {
        Command::new("pgrep")
            .args(["-f", pattern])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    assert!(running(&marker), "the key command runs");
    let pid = child.id().to_string();
    let _ = Command::new("kill").args(["-INT", &pid]).status();
    let started = std::time::Instant::now();
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "ask waited {:?} for the key command",
        started.elapsed()
    );
    // 130, or killed by SIGINT (what a shell reports as 130 too).
    use std::os::unix::process::ExitStatusExt;
    assert!(
        out.status.code() == Some(130) || out.status.signal() == Some(libc::SIGINT),
        "{:?} {}",
        out.status,
        text(&out.stderr)
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!running(&marker), "the key command was left running");
    assert!(s.requests().is_empty());
}
