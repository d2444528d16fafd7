//! The chat screen end to end: the real binary in tmux, against a loopback
//! server. Type, see the reply stream; switch provider and mode and see the
//! next request use them; cancel a slow stream; quit and find the terminal
//! restored.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::json;
use supchat_loopback::{Part, Recorded, Scripted, Server};
use supchat_testkit::{Tmux, temp_dir, tmux_available};

#[path = "tui_e2e/branches.rs"]
mod branches;
#[path = "tui_e2e/compare.rs"]
mod compare;
#[path = "tui_e2e/failed.rs"]
mod failed;
#[path = "tui_e2e/inspect.rs"]
mod inspect;
#[path = "tui_e2e/more.rs"]
mod more;
#[path = "tui_e2e/start.rs"]
mod start;

const BIN: &str = env!("CARGO_BIN_EXE_supchat");

fn chunk(text: &str) -> String {
    json!({"choices":[{"index":0,"delta":{"content":text}}]}).to_string()
}

/// A reply that echoes the prompt, word by word, `delay` apart.
fn echo(req: &Recorded, delay: Duration) -> Scripted {
    answer(req, "You said:", delay)
}

/// `SAYS PROMPT. Done.`, word by word, `delay` apart, then usage.
fn answer(req: &Recorded, says: &str, delay: Duration) -> Scripted {
    let body = req.json();
    let prompt = body["messages"]
        .as_array()
        .and_then(|m| m.last())
        .and_then(|m| m["content"].as_str())
        .unwrap_or("")
        .to_owned();
    let mut r = Scripted::new(200).header("Content-Type", "text/event-stream");
    for word in format!("{says} {prompt}. Done.").split_inclusive(' ') {
        r = r
            .part(Part::Sleep(delay))
            .bytes(format!("data: {}\n\n", chunk(word)));
    }
    r.bytes("data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":5,\"total_tokens\":12}}\n\ndata: [DONE]\n\n")
}

async fn setup(name: &str) -> (Server, Tmux, PathBuf) {
    setup_with(name, "").await
}

/// `setup` with `env` (`NAME=value …`) before the command.
async fn setup_with(name: &str, env: &str) -> (Server, Tmux, PathBuf) {
    let (s, t, done) = start_with(name, env, "").await;
    t.wait_for("F1 help").await;
    (s, t, done)
}

/// The server and the binary started with `env` before it and `args`
/// after it, not waiting for the screen.
async fn start_with(name: &str, env: &str, args: &str) -> (Server, Tmux, PathBuf) {
    let s = Server::start().await.unwrap();
    // A prompt that says "fail once" fails the first time, slowly (a
    // bad request, not retried), and is answered after.
    let failed = std::sync::atomic::AtomicBool::new(false);
    let broken = std::sync::atomic::AtomicBool::new(false);
    s.route_fn("POST", "/v1/chat/completions", move |r| {
        let body = r.json();
        let last = &body["messages"][body["messages"]
            .as_array()
            .map_or(0, |m| m.len().saturating_sub(1))];
        let fails = last["content"]
            .as_str()
            .is_some_and(|c| c.contains("fail once"));
        if fails && !failed.swap(true, std::sync::atomic::Ordering::SeqCst) {
            return Scripted::new(400)
                .header("Content-Type", "application/json")
                .part(Part::Sleep(Duration::from_millis(800)))
                .bytes(r#"{"error":{"message":"the model is busy"}}"#);
        }
        // "break once": the first stream breaks off after a few words.
        let breaks = last["content"]
            .as_str()
            .is_some_and(|c| c.contains("break once"));
        if breaks && !broken.swap(true, std::sync::atomic::Ordering::SeqCst) {
            return Scripted::new(200)
                .header("Content-Type", "text/event-stream")
                .bytes(format!("data: {}\n\n", chunk("A first try ")))
                .part(Part::Sleep(Duration::from_millis(300)))
                .part(Part::Cut);
        }
        echo(r, Duration::from_millis(20))
    });
    s.route_fn("POST", "/v1/openai/chat/completions", |r| {
        echo(r, Duration::from_millis(20))
    });
    s.route_fn("POST", "/slow/v1/chat/completions", |r| {
        echo(r, Duration::from_millis(700))
    });
    let dir = temp_dir(name);
    let cfg = dir.join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            r#"
[providers.supage]
base_url = "{u}/v1"
api_key = "su-e2e-key"
[providers.supai]
base_url = "{u}/v1/openai"
api_key = "sa-e2e-key"
[providers.slow]
kind = "openai"
base_url = "{u}/slow/v1"
model = "slowpoke"
"#,
            u = s.url()
        ),
    )
    .unwrap();
    let done = dir.join("exit");
    let script = format!(
        "export XDG_DATA_HOME='{}' SUPCHAT_CONFIG='{}'; {env} '{BIN}' {args}; echo $? > '{}'; printf 'SHELL-BACK\\n'; sleep 60",
        dir.join("data").display(),
        cfg.display(),
        done.display()
    );
    let t = Tmux::start(name, 100, 30, &script);
    (s, t, done)
}

#[tokio::test(flavor = "multi_thread")]
async fn type_a_prompt_and_see_the_streamed_reply() {
    if !tmux_available() {
        return;
    }
    let (s, t, _) = setup("reply").await;
    t.type_text("你好, supchat");
    t.keys(&["Enter"]);
    let screen = t.wait_for("You said: 你好, supchat. Done.").await;
    assert!(screen.contains("you   你好, supchat"), "{screen}");
    let screen = t.wait_for("7↑ 5↓").await;
    assert!(screen.contains("tok/s"), "{screen}");
    assert_eq!(s.requests().len(), 1);
    assert_eq!(
        s.requests()[0].header("authorization"),
        Some("Bearer su-e2e-key")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn hotkeys_switch_provider_and_mode_for_the_next_request() {
    if !tmux_available() {
        return;
    }
    let (s, t, _) = setup("switch").await;
    assert!(t.screen().contains("Supage · claude-sonnet-4-6"));
    t.keys(&["F2"]);
    t.wait_for("supchat ─ Sup.ai · auto").await;
    t.keys(&["F3"]);
    t.wait_for("supchat ─ Sup.ai · fast").await;
    t.keys(&["F3"]);
    t.wait_for("supchat ─ Sup.ai · thinking").await;
    t.type_text("which mode?");
    t.keys(&["Enter"]);
    t.wait_for("You said: which mode?. Done.").await;
    let req = s.requests().pop().unwrap();
    assert_eq!(req.path, "/v1/openai/chat/completions");
    let body = req.json();
    assert_eq!(body["model"], "thinking");
    assert_eq!(body["environment"]["location"]["ip_address"], "current");
    assert_eq!(req.header("authorization"), Some("Bearer sa-e2e-key"));
}

#[tokio::test(flavor = "multi_thread")]
async fn esc_cancels_a_slow_stream_and_keeps_the_partial() {
    if !tmux_available() {
        return;
    }
    let (_s, t, _) = setup("cancel").await;
    t.keys(&["F2"]);
    t.keys(&["F2"]);
    t.wait_for("slow · slowpoke").await;
    t.type_text("take your time");
    t.keys(&["Enter"]);
    t.wait_for("You said:").await;
    t.keys(&["Escape"]);
    let screen = t.wait_for("⊘ cancelled").await;
    assert!(!screen.contains("Done."), "{screen}");
    // The part that arrived stays, right above the mark.
    let rows: Vec<&str> = screen.lines().collect();
    let mark = rows.iter().position(|l| l.contains("⊘ cancelled")).unwrap();
    assert!(
        rows[..mark]
            .iter()
            .rev()
            .take(3)
            .any(|l| l.contains("ai    You said:")),
        "{screen}"
    );
    // Nothing more arrives after the cancel.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let after = t.screen();
    assert!(
        !after.contains("Done.") && after.contains("You said:"),
        "{after}"
    );
    // The box is free for the next message.
    t.type_text("again");
    t.wait_for("again").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn quit_restores_the_terminal() {
    if !tmux_available() {
        return;
    }
    let (_s, t, done) = setup("quit").await;
    assert_eq!(
        t.display("#{alternate_on}"),
        "1",
        "the chat uses the alternate screen"
    );
    t.keys(&["C-q"]);
    t.wait_for("SHELL-BACK").await;
    assert_eq!(std::fs::read_to_string(done).unwrap().trim(), "0");
    assert_eq!(t.display("#{alternate_on}"), "0");
    assert_eq!(t.display("#{mouse_any_flag}"), "0");
    assert_eq!(t.display("#{cursor_flag}"), "1");
    assert_eq!(t.display("#{keypad_flag}"), "0");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_panic_in_a_background_task_ends_the_app_cleanly() {
    if !tmux_available() {
        return;
    }
    // Debug builds panic in the turn task when asked to (a test hook).
    let (_s, t, done) = setup_with("panic", "SUPCHAT_TEST_PANIC_IN_TURN=1").await;
    t.type_text("hello");
    t.keys(&["Enter"]);
    let screen = t.wait_for("SHELL-BACK").await;
    assert!(screen.contains("stopped by an internal error"), "{screen}");
    let history = t.cmd(&["capture-pane", "-p", "-S", "-"]);
    assert!(history.contains("test panic in a turn task"), "{history}");
    assert!(
        !history.contains("waiting for Supage"),
        "drawn over the shell:\n{history}"
    );
    assert_eq!(std::fs::read_to_string(done).unwrap().trim(), "101");
    assert_eq!(t.display("#{alternate_on}"), "0");
    assert_eq!(t.display("#{mouse_any_flag}"), "0");
    // Nothing is drawn over the shell afterwards.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!t.screen().contains("F1 help"), "{}", t.screen());
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_sighup_sigint_and_sigquit_restore_the_terminal() {
    if !tmux_available() {
        return;
    }
    // The exit code is 128 + the signal's number, as README says.
    for (sig, code) in [
        ("-TERM", "143"),
        ("-HUP", "129"),
        ("-INT", "130"),
        ("-QUIT", "131"),
    ] {
        let (_s, t, done) = setup(&format!("sig{}", &sig[1..].to_lowercase())).await;
        let pid = t.display("#{pane_pid}");
        // The pane runs `sh -c`; supchat is its child.
        let out = std::process::Command::new("pkill")
            .args([sig, "-P", &pid, "supchat"])
            .status()
            .unwrap();
        assert!(out.success());
        t.wait_for("SHELL-BACK").await;
        assert_eq!(std::fs::read_to_string(done).unwrap().trim(), code, "{sig}");
        assert_eq!(t.display("#{alternate_on}"), "0", "{sig}");
        assert_eq!(t.display("#{mouse_any_flag}"), "0", "{sig}");
    }
}

/// Keys and a resize that come together while a reply streams (the loop
/// rests between frames then): every key lands, in order, and the screen
/// takes the new size. crossterm hands over one of two things ready at
/// once and forgets the other; both were lost here once.
#[tokio::test(flavor = "multi_thread")]
async fn keys_and_a_resize_together_while_a_reply_streams_all_land() {
    if !tmux_available() {
        return;
    }
    let (_s, t, _done) = setup("keysresize").await;
    let words: Vec<String> = (0..150).map(|i| format!("w{i}")).collect();
    t.type_text(&words.join(" "));
    t.keys(&["Enter"]);
    t.wait_for("You said").await;
    let pause = || std::thread::sleep(Duration::from_millis(5));
    for (round, (w, h)) in [(70u16, 20u16), (90, 28), (60, 18)].into_iter().enumerate() {
        let (a, b) = (format!("a{round}"), format!("b{round}"));
        t.type_text(&a);
        pause();
        t.cmd(&["resize-window", "-x", &w.to_string(), "-y", &h.to_string()]);
        pause();
        t.type_text(&b);
        let want = (0..=round).map(|r| format!("a{r}b{r}")).collect::<String>();
        t.wait_for(&want).await;
        assert_eq!(
            t.display("#{pane_width}x#{pane_height}"),
            format!("{w}x{h}")
        );
        // Within a few frames the layout is the new size's: the header on
        // the first row, the footer's keys on the last.
        let fits = |screen: &str| {
            let rows: Vec<&str> = screen.lines().collect();
            rows.len() == usize::from(h)
                && rows.first().is_some_and(|r| r.contains("supchat"))
                && rows.last().is_some_and(|r| r.contains("F1 help"))
        };
        let mut screen = t.screen();
        for _ in 0..20 {
            if fits(&screen) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
            screen = t.screen();
        }
        assert!(fits(&screen), "round {round}, {w}x{h}:\n{screen}");
    }
    assert!(
        t.screen().contains("Esc stop"),
        "the reply ended before the last round"
    );
}

/// The terminal closed under the chat (its window shut, tmux killed), as
/// it runs and as it quits: the chat ends, rather than spinning on a
/// terminal that reads as empty.
#[tokio::test(flavor = "multi_thread")]
async fn a_closed_terminal_ends_the_chat() {
    if !tmux_available() {
        return;
    }
    for round in 0..4 {
        let (_s, t, _done) = setup(&format!("hangup{round}")).await;
        if round > 0 {
            // A saved session: quitting then writes it before the end.
            t.type_text("hello there");
            t.keys(&["Enter"]);
            t.wait_for("Done.").await;
        }
        t.type_text("a draft");
        let pane = t.display("#{pane_pid}");
        let out = std::process::Command::new("pgrep")
            .args(["-P", &pane, "supchat"])
            .output()
            .unwrap();
        let pid = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        assert!(!pid.is_empty(), "no supchat under the pane");
        if round > 0 {
            t.keys(&["C-q"]);
        }
        drop(t);
        let proc = format!("/proc/{pid}");
        let mut gone = false;
        for _ in 0..100 {
            if !std::path::Path::new(&proc).exists()
                || std::fs::read_to_string(format!("{proc}/stat"))
                    .is_ok_and(|s| s.rsplit_once(") ").is_some_and(|(_, r)| r.starts_with('Z')))
            {
                gone = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if !gone {
            let _ = std::process::Command::new("kill")
                .args(["-9", &pid])
                .status();
        }
        assert!(
            gone,
            "round {round}: supchat {pid} still runs 10 s after its terminal closed"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn first_run_without_a_key_saves_a_typed_key() {
    if !tmux_available() {
        return;
    }
    let s = Server::start().await.unwrap();
    s.route_fn("POST", "/v1/chat/completions", |r| {
        echo(r, Duration::from_millis(10))
    });
    let dir = temp_dir("firstrun");
    let cfg = dir.join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "[providers.supage]\nbase_url = \"{}/v1\"\napi_key_env = \"SUPCHAT_E2E_UNSET_KEY\"\n",
            s.url()
        ),
    )
    .unwrap();
    let script = format!(
        "unset SUPCHAT_E2E_UNSET_KEY; SUPCHAT_CONFIG='{}' '{BIN}'; sleep 60",
        cfg.display()
    );
    let t = Tmux::start("firstrun", 100, 30, &script);
    let screen = t.wait_for("No API key for supage").await;
    assert!(screen.contains("SUPCHAT_E2E_UNSET_KEY"), "{screen}");
    t.type_text("su-typed-secret");
    t.wait_for("(15 characters)").await;
    assert!(
        !t.screen().contains("su-typed-secret"),
        "the key is never shown"
    );
    t.keys(&["Enter"]);
    t.wait_for("key saved to").await;
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert!(
        text.contains("api_key = \"su-typed-secret\"") && text.contains("api_key_env"),
        "{text}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&cfg).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    t.type_text("hello");
    t.keys(&["Enter"]);
    t.wait_for("You said: hello. Done.").await;
    assert_eq!(
        s.requests()[0].header("authorization"),
        Some("Bearer su-typed-secret")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn demo_runs_offline_through_the_real_stream_path() {
    if !tmux_available() {
        return;
    }
    let dir = temp_dir("demo");
    let done = dir.join("exit");
    // No config, no key: the demo needs neither.
    let script = format!(
        "SUPCHAT_CONFIG=/nonexistent '{BIN}' --demo; echo $? > '{}'; sleep 60",
        done.display()
    );
    let t = Tmux::start("demo", 100, 40, &script);
    t.wait_for("demo · offline").await;
    t.type_text("show me code");
    t.keys(&["Enter"]);
    t.wait_for("async def tick").await;
    t.wait_for("Ctrl+O copies either block.").await;
    // The turn has ended once its usage is in the footer.
    t.wait_for("42↑").await;
    t.type_text("something slow");
    t.keys(&["Enter"]);
    t.wait_for("This reply is slow").await;
    t.keys(&["Escape"]);
    t.wait_for("⊘ cancelled").await;
    t.keys(&["F2"]);
    t.wait_for("Sup.ai · auto").await;
    t.type_text("a question for many models");
    t.keys(&["Enter"]);
    t.wait_for("Sup.ai run").await;
    // Once the run ends its panel folds to the summary line; F7 reopens it.
    t.wait_for("consensus by claude-sonnet-4.5").await;
    t.keys(&["F7"]);
    t.wait_for("✓ grok-4 done 93%").await;
    t.wait_for("★ claude-sonnet-4.5 wrote the").await;
    t.keys(&["C-q"]);
    let start = std::time::Instant::now();
    while !done.exists() {
        assert!(start.elapsed() < Duration::from_secs(10), "did not quit");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(std::fs::read_to_string(done).unwrap().trim(), "0");
}

#[tokio::test(flavor = "multi_thread")]
async fn bracketed_paste_is_inserted_and_never_sent() {
    if !tmux_available() {
        return;
    }
    let (s, t, _) = setup("paste").await;
    t.cmd(&["set-buffer", "first pasted line\nsecond pasted line\nthird"]);
    t.cmd(&["paste-buffer", "-p"]);
    t.wait_for("third").await;
    let screen = t.screen();
    assert!(
        screen.contains("first pasted line") && screen.contains("second pasted line"),
        "{screen}"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        s.requests().is_empty(),
        "a paste with newlines must not send"
    );
    t.keys(&["Enter"]);
    t.wait_for("You said: first pasted line").await;
    let body = s.requests()[0].json();
    assert_eq!(
        body["messages"][0]["content"],
        "first pasted line\nsecond pasted line\nthird"
    );
}

/// A paste whose text holds the end-of-paste sequence and newlines (tmux
/// passes it): what follows the early end is still text; nothing is sent.
#[tokio::test(flavor = "multi_thread")]
async fn a_paste_that_ends_itself_early_sends_nothing() {
    if !tmux_available() {
        return;
    }
    let (s, t, _) = setup("paste-early-end").await;
    t.cmd(&["set-buffer", "inside\x1b[201~\nsneaky one\nsneaky two\n"]);
    t.cmd(&["paste-buffer", "-p"]);
    t.wait_for("sneaky two").await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(
        s.requests().is_empty(),
        "text in a paste never sends: {:?}",
        s.requests().iter().map(|r| r.json()).collect::<Vec<_>>()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_prompt_wraps_in_a_growing_input_box() {
    if !tmux_available() {
        return;
    }
    let (s, t, _) = setup("wrap").await;
    let start = "START of a long prompt that goes on";
    let long = format!(
        "{start} {} 中文也要换行 END",
        "and on and on, well past the edge of the screen,".repeat(4)
    );
    t.type_text(&long);
    let screen = t.wait_for("中文也要换行 END").await;
    // Everything typed is in sight: the start too, and nothing scrolled sideways.
    assert!(screen.contains(start), "{screen}");
    let rows: Vec<&str> = screen.lines().collect();
    let rule = rows.iter().rposition(|l| l.starts_with("────")).unwrap();
    assert!(rows[rule + 1].starts_with(start), "{screen}");
    assert!(
        rows.len() - rule - 2 >= 3,
        "the box grew to the draft:\n{screen}"
    );
    t.keys(&["Enter"]);
    t.wait_for("Done.").await;
    let body = s.requests()[0].json();
    assert_eq!(body["messages"][0]["content"], long.as_str());
}

/// What another program wrote over the screen (a `wall` message, a
/// background job's output) goes with Ctrl+L, as in a shell: the screen is
/// drawn again whole. (Frames are drawn over the last one, so without it
/// the junk would stay until the rows under it change.)
#[tokio::test(flavor = "multi_thread")]
async fn ctrl_l_draws_the_screen_again_whole() {
    if !tmux_available() {
        return;
    }
    let (_s, t, _done) = setup("repaint").await;
    t.type_text("hello there");
    t.keys(&["Enter"]);
    t.wait_for("Done.").await;
    let tty = t.display("#{pane_tty}");
    std::fs::write(&tty, "\x1b[3;5HJUNK-FROM-ELSEWHERE\x1b[20;40HMORE-JUNK")
        .expect("the pane's terminal takes writes");
    t.wait_for("JUNK-FROM-ELSEWHERE").await;
    t.keys(&["C-l"]);
    let mut screen = String::new();
    for _ in 0..100 {
        screen = t.screen();
        if !screen.contains("JUNK") && screen.contains("F1 help") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(!screen.contains("JUNK"), "the junk stayed:\n{screen}");
    assert!(screen.contains("You said: hello there"), "{screen}");
    assert!(screen.contains("F1 help"), "{screen}");
    // Its own effect happened too: said in the footer.
    assert!(screen.contains("long messages and tool output"), "{screen}");
}
