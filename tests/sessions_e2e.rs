//! Sessions end to end: the real binary in tmux, saving as it goes, killed
//! with -9 mid-reply and resumed; a damaged database and a read-only data
//! folder; one session open in two supchats.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::json;
use supchat_loopback::{Part, Scripted, Server};
use supchat_testkit::{Tmux, temp_dir, tmux_available};

const BIN: &str = env!("CARGO_BIN_EXE_supchat");

/// A reply of `n` words, one every `delay`.
fn slow(n: usize, delay: Duration) -> Scripted {
    let mut r = Scripted::new(200).header("Content-Type", "text/event-stream");
    for i in 0..n {
        let chunk = json!({"choices":[{"index":0,"delta":{"content":format!("word{i} ")}}]});
        r = r
            .bytes(format!("data: {chunk}\n\n"))
            .part(Part::Sleep(delay));
    }
    r.bytes("data: [DONE]\n\n")
}

struct Setup {
    _server: Server,
    cfg: PathBuf,
    data: PathBuf,
}

async fn setup(tag: &str, delay: Duration) -> Setup {
    let s = Server::start().await.unwrap();
    s.route_fn("POST", "/v1/chat/completions", move |_| slow(400, delay));
    let dir = temp_dir(tag);
    let cfg = dir.join("config.toml");
    let data = dir.join("data");
    std::fs::write(
        &cfg,
        format!(
            "data_dir = \"{}\"\n[providers.supage]\nbase_url = \"{}/v1\"\napi_key = \"k-1\"\n",
            data.display(),
            s.url()
        ),
    )
    .unwrap();
    Setup {
        _server: s,
        cfg,
        data,
    }
}

fn chat(name: &str, cfg: &Path, args: &str) -> Tmux {
    Tmux::start(
        name,
        100,
        30,
        &format!("SUPCHAT_CONFIG='{}' exec '{BIN}' {args}", cfg.display()),
    )
}

fn supchat_pid(t: &Tmux) -> String {
    t.display("#{pane_pid}")
}

fn cli(cfg: &Path, args: &[&str]) -> String {
    let o = supchat_testkit::supchat(BIN)
        .args(args)
        .env("SUPCHAT_CONFIG", cfg)
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_mid_reply_then_continue_shows_the_prompt_and_the_part_that_arrived() {
    if !tmux_available() {
        return;
    }
    let s = setup("kill9", Duration::from_millis(100)).await;
    let t = chat("kill9", &s.cfg, "");
    t.wait_for("F1 help").await;
    t.type_text("a question that will be cut");
    t.keys(&["Enter"]);
    t.wait_for("word25 ").await;
    // The reply is saved at least once a second while it arrives.
    tokio::time::sleep(Duration::from_millis(1300)).await;
    let seen = t.screen();
    std::process::Command::new("kill")
        .args(["-9", &supchat_pid(&t)])
        .status()
        .unwrap();
    drop(t);
    let last_word = seen
        .split_whitespace()
        .filter_map(|w| w.strip_prefix("word").and_then(|n| n.parse::<usize>().ok()))
        .max()
        .unwrap();
    let t = chat("kill9b", &s.cfg, "--continue");
    let screen = t.wait_for("a question that will be cut").await;
    let screen = if screen.contains("interrupted") || screen.contains("stopped") {
        screen
    } else {
        t.wait_for("stopped while this reply").await
    };
    assert!(
        screen.contains("stopped while this reply was arriving"),
        "{screen}"
    );
    let kept = screen
        .split_whitespace()
        .filter_map(|w| w.strip_prefix("word").and_then(|n| n.parse::<usize>().ok()))
        .max()
        .unwrap_or(0);
    // At most about a second (10 words at 100 ms) lost before the kill.
    assert!(
        kept + 12 >= last_word,
        "kept up to word{kept}, saw word{last_word}:\n{screen}"
    );
    // The session goes on: the next message is added to it.
    t.type_text("and again");
    t.keys(&["Enter"]);
    t.wait_for("word3 ").await;
    t.keys(&["C-q"]);
    let list = cli(&s.cfg, &["sessions", "list", "--json"]);
    let v: serde_json::Value =
        serde_json::from_str(list.trim()).unwrap_or_else(|_| panic!("{list}"));
    assert_eq!(v.as_array().unwrap().len(), 1, "{list}");
    assert!(s.data.join("sessions.db").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_database_is_reported_left_alone_and_the_chat_still_works() {
    if !tmux_available() {
        return;
    }
    let s = setup("corrupt", Duration::from_millis(5)).await;
    std::fs::create_dir_all(&s.data).unwrap();
    let db = s.data.join("sessions.db");
    let junk = b"not a database at all ".repeat(300);
    std::fs::write(&db, &junk).unwrap();
    let t = chat("corrupt", &s.cfg, "");
    let screen = t.wait_for("not saved").await;
    assert!(screen.contains("cannot be read"), "{screen}");
    t.type_text("still works");
    t.keys(&["Enter"]);
    t.wait_for("word3 ").await;
    t.keys(&["C-q"]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        std::fs::read(&db).unwrap(),
        junk,
        "never deleted or overwritten"
    );
    let check = cli(&s.cfg, &["sessions", "check"]);
    assert!(check.contains("cannot be read"), "{check}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_read_only_data_folder_is_said_and_nothing_typed_is_lost() {
    if !tmux_available() {
        return;
    }
    let s = setup("readonly", Duration::from_millis(5)).await;
    // A data folder that is a file: nothing can be created in it, for root too.
    std::fs::create_dir_all(s.data.parent().unwrap()).unwrap();
    std::fs::write(&s.data, "a file, not a folder").unwrap();
    let t = chat("readonly", &s.cfg, "");
    let screen = t.wait_for("not saved").await;
    assert!(
        screen.contains("cannot open the session database"),
        "{screen}"
    );
    t.type_text("typed anyway");
    t.keys(&["Enter"]);
    let screen = t.wait_for("word3 ").await;
    assert!(screen.contains("typed anyway"), "{screen}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_open_in_another_supchat_goes_on_as_a_copy() {
    if !tmux_available() {
        return;
    }
    let s = setup("twice", Duration::from_millis(5)).await;
    let a = chat("twiceA", &s.cfg, "");
    a.wait_for("F1 help").await;
    a.type_text("shared start");
    a.keys(&["Enter"]);
    a.wait_for("word399").await;
    let b = chat("twiceB", &s.cfg, "--continue");
    let screen = b.wait_for("shared start").await;
    let screen = if screen.contains("copy") {
        screen
    } else {
        b.wait_for("copy").await
    };
    assert!(screen.contains("open in another supchat"), "{screen}");
    b.type_text("from the second");
    b.keys(&["Enter"]);
    b.wait_for("word3 ").await;
    b.keys(&["C-q"]);
    a.keys(&["C-q"]);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let list = cli(&s.cfg, &["sessions", "list"]);
    assert_eq!(
        list.lines().count(),
        2,
        "the original and the copy:\n{list}"
    );
    assert!(list.contains("(copy)"), "{list}");
}

#[tokio::test(flavor = "multi_thread")]
async fn no_save_and_save_sessions_false_write_nothing() {
    if !tmux_available() {
        return;
    }
    let s = setup("nosave", Duration::from_millis(5)).await;
    let t = chat("nosave", &s.cfg, "--no-save");
    t.wait_for("F1 help").await;
    t.type_text("forget me");
    t.keys(&["Enter"]);
    t.wait_for("word3 ").await;
    t.keys(&["C-q"]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!s.data.exists(), "--no-save: no data folder made");
    let text = std::fs::read_to_string(&s.cfg).unwrap();
    std::fs::write(&s.cfg, format!("save_sessions = false\n{text}")).unwrap();
    let t = chat("nosave2", &s.cfg, "");
    t.wait_for("F1 help").await;
    t.type_text("forget me too");
    t.keys(&["Enter"]);
    t.wait_for("word3 ").await;
    t.keys(&["C-q"]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!s.data.exists(), "save_sessions = false: nothing written");
}

/// `supchat sessions rename` while the chat has the session open: the
/// chat's next writes keep that title, and its header takes it when the
/// session list reads it.
#[tokio::test(flavor = "multi_thread")]
async fn a_title_given_from_the_cli_while_the_chat_is_open_stays() {
    if !tmux_available() {
        return;
    }
    let s = setup("rename-cli", Duration::from_millis(1)).await;
    let t = chat("rename-cli", &s.cfg, "");
    t.wait_for("F1 help").await;
    t.type_text("first words");
    t.keys(&["Enter"]);
    t.wait_for("word399").await;
    let listed = || -> serde_json::Value {
        serde_json::from_str(&cli(&s.cfg, &["sessions", "list", "--json"])).unwrap()
    };
    let id = listed()[0]["id"].as_str().unwrap().to_owned();
    cli(
        &s.cfg,
        &["sessions", "rename", &id, "named", "from", "the", "CLI"],
    );
    t.type_text("second words");
    t.keys(&["Enter"]);
    // The second reply saved whole.
    let mut last = json!(null);
    for _ in 0..100 {
        last = listed()[0].clone();
        if last["messages"] == 4 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(last["messages"], 4, "{last}");
    assert_eq!(last["title"], "named from the CLI", "{last}");
    assert!(!t.screen().lines().next().unwrap().contains("named from"));
    t.keys(&["F5"]);
    t.wait_for("named from the CLI").await;
    t.keys(&["Escape"]);
    let screen = t.screen();
    assert!(
        screen
            .lines()
            .next()
            .unwrap()
            .contains("named from the CLI"),
        "{screen}"
    );
    t.keys(&["C-q"]);
}
