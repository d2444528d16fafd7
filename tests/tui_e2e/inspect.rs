//! The request inspector in the real binary: Alt+I on a reply shows its
//! request (the key masked, never whole) and response; with `wire_log =
//! true` a resumed session's reply still has it.

use super::*;

#[tokio::test(flavor = "multi_thread")]
async fn the_inspector_shows_the_wire_and_a_resumed_session_keeps_it() {
    if !tmux_available() {
        return;
    }
    let s = Server::start().await.unwrap();
    s.route_fn("POST", "/v1/chat/completions", |r| {
        echo(r, Duration::from_millis(10))
    });
    let dir = temp_dir("inspect");
    let cfg = dir.join("config.toml");
    let key = "su-e2e-secret-key-9876";
    std::fs::write(
        &cfg,
        format!(
            "wire_log = true\n[providers.supage]\nbase_url = \"{}/v1\"\napi_key = \"{key}\"\n",
            s.url()
        ),
    )
    .unwrap();
    let script = format!(
        "export SUPCHAT_CONFIG='{}'; '{BIN}'; '{BIN}' --continue; sleep 60",
        cfg.display()
    );
    let t = Tmux::start("inspect", 100, 30, &script);
    t.wait_for("F1 help").await;
    t.type_text("hello");
    t.keys(&["Enter"]);
    t.wait_for("You said: hello. Done.").await;
    t.keys(&["M-i"]);
    let screen = t.wait_for("wire · supage").await;
    assert!(
        screen.contains("authorization: Bearer su-…9876"),
        "{screen}"
    );
    assert!(!screen.contains(key), "{screen}");
    assert!(screen.contains("POST http://127.0.0.1"), "{screen}");
    // Typing searches: the body's last line.
    t.type_text("DONE");
    t.wait_for("search: DONE").await;
    let screen = t.wait_for("data: [DONE]").await;
    assert!(
        screen.contains(" ms  data: {"),
        "each line with its time: {screen}"
    );
    t.keys(&["Escape"]);
    t.keys(&["Escape"]);
    t.wait_for("F1 help").await;
    // Quit; the second supchat resumes the session, and the reply's wire
    // is read from it.
    t.keys(&["C-q"]);
    t.wait_for("hello").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    t.keys(&["M-i"]);
    let screen = t.wait_for("wire · supage").await;
    assert!(screen.contains("response 200"), "{screen}");
    assert!(!screen.contains(key), "{screen}");
}
