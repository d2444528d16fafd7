//! `supchat sessions …` and `ask --continue/--session` end to end, against
//! a loopback server and a data folder of the test's own.

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};
use supchat_loopback::{Recorded, Scripted, Server};

const BIN: &str = env!("CARGO_BIN_EXE_supchat");

fn echo(r: &Recorded) -> Scripted {
    let body = r.json();
    let n = body["messages"].as_array().map_or(0, Vec::len);
    let last = body["messages"][n.saturating_sub(1)]["content"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let chunk =
        json!({"choices":[{"index":0,"delta":{"content":format!("echo: {last} ({n} messages)")}}]});
    Scripted::sse([chunk.to_string(), "[DONE]".to_owned()])
}

struct Env {
    _server: Server,
    cfg: PathBuf,
    data: PathBuf,
}

async fn env() -> Env {
    static N: AtomicUsize = AtomicUsize::new(0);
    let s = Server::start().await.unwrap();
    s.route_fn("POST", "/v1/chat/completions", echo);
    let dir = std::env::temp_dir().join(format!(
        "supchat-scli-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("data");
    let cfg = dir.join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "data_dir = \"{}\"\n[providers.supage]\nbase_url = \"{}/v1\"\napi_key = \"su-secret-key-999\"\n",
            data.display(),
            s.url()
        ),
    )
    .unwrap();
    Env {
        _server: s,
        cfg,
        data,
    }
}

async fn run(cfg: &Path, args: &[&str]) -> Output {
    let cfg = cfg.to_owned();
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        supchat_testkit::supchat(BIN)
            .args(&args)
            .env("SUPCHAT_CONFIG", &cfg)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

async fn list(e: &Env) -> Vec<Value> {
    let o = run(&e.cfg, &["sessions", "list", "--json"]).await;
    assert!(o.status.success(), "{}", err(&o));
    serde_json::from_str::<Value>(&out(&o))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn plain_ask_saves_nothing_and_ask_continue_adds_to_the_latest() {
    let e = env().await;
    let o = run(&e.cfg, &["ask", "one-off"]).await;
    assert!(o.status.success(), "{}", err(&o));
    assert!(list(&e).await.is_empty(), "plain ask saves nothing");
    // No session yet to continue.
    let o = run(&e.cfg, &["ask", "--continue", "hi"]).await;
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("no saved session"));

    // A session made by importing one, then continued twice.
    let json = json!({
        "supchat_session": 1,
        "meta": {"id":"1a0000000000abcd","title":"Imported talk","created":1,"updated":2,"provider":"supage","model":"m","messages":2},
        "conversation": {"entries":[
            {"id":1,"at":1,"kind":{"type":"user","text":"first"}},
            {"id":2,"at":2,"kind":{"type":"assistant","answerer":{"provider":"supage","kind":"openai","model":"m"},"reply":{"text":"first answer"},"end":{"state":"complete"}}}
        ]}
    });
    let file = e.data.parent().unwrap().join("import.json");
    std::fs::write(&file, json.to_string()).unwrap();
    let o = run(&e.cfg, &["sessions", "import", file.to_str().unwrap()]).await;
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(out(&o).trim(), "1a0000000000abcd");
    let o = run(&e.cfg, &["ask", "--continue", "second"]).await;
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(
        out(&o).trim(),
        "echo: second (3 messages)",
        "the history went along"
    );
    let o = run(&e.cfg, &["ask", "--session", "1a00", "third"]).await;
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(out(&o).trim(), "echo: third (5 messages)");
    let sessions = list(&e).await;
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0]["messages"], 6);
    assert_eq!(sessions[0]["title"], "Imported talk");
    for key in ["id", "title", "created", "updated", "provider", "messages"] {
        assert!(!sessions[0][key].is_null(), "{key}");
    }
    // Never the key.
    let db = std::fs::read(e.data.join("sessions.db")).unwrap();
    assert!(!String::from_utf8_lossy(&db).contains("su-secret-key-999"));
}

#[tokio::test(flavor = "multi_thread")]
async fn export_import_round_trip_rename_search_and_delete() {
    let e = env().await;
    let json = json!({
        "supchat_session": 1,
        "meta": {"id":"1b0000000000beef","title":"Lifetimes","created":1796154300000u64,"updated":1796154360000u64,"provider":"supai","model":"thinking","messages":2},
        "conversation": {"entries":[
            {"id":1,"at":1796154300000u64,"kind":{"type":"user","text":"How do lifetimes work?"}},
            {"id":2,"at":1796154360000u64,"kind":{"type":"assistant","answerer":{"provider":"supai","kind":"supai","model":"thinking"},
              "reply":{"text":"A lifetime names the span of a borrow.","reasoning":"think first",
                "tool_calls":[{"id":"c1","name":"docs","arguments":"{\"q\":\"x\"}"}]},
              "end":{"state":"complete"}}},
            {"id":3,"at":1796154360001u64,"kind":{"type":"tool_result","call_id":"c1","name":"docs","content":"the book","is_error":false}}
        ]}
    });
    let file = e.data.parent().unwrap().join("in.json");
    std::fs::write(&file, json.to_string()).unwrap();
    assert!(
        run(&e.cfg, &["sessions", "import", file.to_str().unwrap()])
            .await
            .status
            .success()
    );

    let o = run(&e.cfg, &["sessions", "export", "1b", "--format", "json"]).await;
    assert!(o.status.success(), "{}", err(&o));
    let back: Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(
        back["conversation"], json["conversation"],
        "everything comes back"
    );

    let o = run(&e.cfg, &["sessions", "show", "1b"]).await;
    let md = out(&o);
    assert!(md.starts_with("# Lifetimes\n"), "{md}");
    assert!(
        md.contains("## You · 2026-12-01 19:45 UTC\n\nHow do lifetimes work?"),
        "{md}"
    );
    assert!(
        md.contains("## Sup.ai · thinking · 2026-12-01 19:46 UTC"),
        "{md}"
    );
    assert!(
        md.contains("**Tool call** `docs`") && md.contains("**Tool result** `docs`"),
        "{md}"
    );
    assert!(!md.contains("think first"), "reasoning only when asked");
    let o = run(&e.cfg, &["sessions", "export", "1b", "--reasoning"]).await;
    assert!(out(&o).contains("> think first"));

    let o = run(&e.cfg, &["sessions", "search", "span", "--json"]).await;
    let hits: Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(hits[0]["id"], "1b0000000000beef");
    assert!(hits[0]["snippet"].as_str().unwrap().contains("[span]"));

    assert!(
        run(
            &e.cfg,
            &["sessions", "rename", "1b", "Borrows", "explained"]
        )
        .await
        .status
        .success()
    );
    assert_eq!(list(&e).await[0]["title"], "Borrows explained");
    // Importing the same file again gives a second session, never an overwrite.
    let o = run(&e.cfg, &["sessions", "import", file.to_str().unwrap()]).await;
    assert_ne!(out(&o).trim(), "1b0000000000beef");
    assert_eq!(list(&e).await.len(), 2);
    let o = run(&e.cfg, &["sessions", "delete", "zz"]).await;
    assert_eq!(o.status.code(), Some(2));
    assert!(
        run(&e.cfg, &["sessions", "delete", "1b0000000000beef"])
            .await
            .status
            .success()
    );
    assert_eq!(list(&e).await.len(), 1);
    let o = run(&e.cfg, &["sessions", "check"]).await;
    assert!(out(&o).contains(": ok"), "{}{}", out(&o), err(&o));
}

#[tokio::test(flavor = "multi_thread")]
async fn empty_titles_and_a_zero_limit_are_usage_errors() {
    let e = env().await;
    let o = run(&e.cfg, &["ask", "--continue", "hi"]).await;
    assert!(!o.status.success(), "nothing to continue yet");
    // A session to work on.
    let o = run(&e.cfg, &["sessions", "import", "/dev/null"]).await;
    assert!(!o.status.success());
    let conv = r#"{"entries":[{"id":1,"at":1,"kind":{"type":"user","text":"hello"}}]}"#;
    let f = e.data.parent().unwrap().join("one.json");
    std::fs::write(&f, format!(r#"{{"supchat_session":1,"meta":{{"id":"1a2b000000000001","title":"hello","created":1,"updated":2,"provider":"supage","model":"m","messages":1}},"conversation":{conv}}}"#)).unwrap();
    let o = run(&e.cfg, &["sessions", "import", f.to_str().unwrap()]).await;
    let imported = o.status.success();
    assert!(imported, "{}", err(&o));
    if imported {
        let id = list(&e).await[0]["id"].as_str().unwrap().to_owned();
        let o = run(&e.cfg, &["sessions", "rename", &id, "  "]).await;
        assert_eq!(o.status.code(), Some(2));
        assert!(err(&o).contains("the new title is empty"));
    }
    let o = run(&e.cfg, &["sessions", "list", "--limit", "0"]).await;
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
}

/// An imported file is untrusted: an id holding escapes is replaced (and
/// said, cleaned), and a title of megabytes is cut in the list.
#[tokio::test(flavor = "multi_thread")]
async fn an_imported_id_with_escapes_is_replaced_and_a_huge_title_is_cut() {
    let e = env().await;
    let conv = r#"{"entries":[{"id":1,"at":1,"kind":{"type":"user","text":"hello"}}]}"#;
    let title = "t".repeat(200_000);
    let f = e.data.parent().unwrap().join("hostile.json");
    std::fs::write(&f, format!(r#"{{"supchat_session":1,"meta":{{"id":"\u001b]0;pwned\u0007x","title":"{title}","created":1,"updated":2,"provider":"supage","model":"m","messages":1}},"conversation":{conv}}}"#)).unwrap();
    let o = run(&e.cfg, &["sessions", "import", f.to_str().unwrap()]).await;
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        err(&o).contains("is not a valid id: imported under a new one"),
        "{}",
        err(&o)
    );
    let printed = out(&o) + &err(&o);
    assert!(
        !printed.contains('\u{1b}') && !printed.contains('\u{7}'),
        "{printed:?}"
    );
    let o = run(&e.cfg, &["sessions", "list"]).await;
    let text = out(&o);
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(text.len() < 400, "the title is cut: {} bytes", text.len());
    assert!(text.contains("…"), "{text}");
    let id = list(&e).await[0]["id"].as_str().unwrap().to_owned();
    assert!(
        supchat_core::store::SessionId::is_valid(&id),
        "a new, valid id: {id:?}"
    );
}

/// A data folder and database left open to other users (an older supchat,
/// umask 022) are made the user's alone on the next start, said once.
#[tokio::test(flavor = "multi_thread")]
async fn an_existing_data_folder_open_to_others_is_made_private_once() {
    use std::os::unix::fs::PermissionsExt;
    let e = env().await;
    let conv = r#"{"entries":[{"id":1,"at":1,"kind":{"type":"user","text":"hello"}}]}"#;
    let f = e.data.parent().unwrap().join("one.json");
    std::fs::write(&f, format!(r#"{{"supchat_session":1,"meta":{{"id":"1a2b000000000009","title":"hello","created":1,"updated":2,"provider":"supage","model":"m","messages":1}},"conversation":{conv}}}"#)).unwrap();
    let o = run(&e.cfg, &["sessions", "import", f.to_str().unwrap()]).await;
    assert!(o.status.success(), "{}", err(&o));
    let db = e.data.join("sessions.db");
    let set =
        |p: &Path, m| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    set(&e.data, 0o755);
    set(&db, 0o644);
    let o = run(&e.cfg, &["ask", "--continue", "hi"]).await;
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        err(&o).contains("your conversations were readable by other users; made private"),
        "{}",
        err(&o)
    );
    assert_eq!((mode(&e.data), mode(&db)), (0o700, 0o600));
    let o = run(&e.cfg, &["ask", "--continue", "again"]).await;
    assert!(!err(&o).contains("made private"), "said once: {}", err(&o));
}
