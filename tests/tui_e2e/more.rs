//! The real binary in tmux, out of the ordinary: the editor, the clipboard,
//! suspending, a stream at full speed, choices kept between runs,
//! attachments, and the queue, retry, edit and palette.

use super::*;

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_g_edits_the_draft_in_the_editor() {
    if !tmux_available() {
        return;
    }
    let s = Server::start().await.unwrap();
    s.route_fn("POST", "/v1/chat/completions", |r| {
        echo(r, Duration::from_millis(5))
    });
    let dir = temp_dir("editor");
    let cfg = dir.join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "[providers.supage]\nbase_url = \"{}/v1\"\napi_key = \"k-1234\"\n",
            s.url()
        ),
    )
    .unwrap();
    // An "editor" that appends a line to the file it is given. Run through
    // `sh`, not executed itself: a script just written can fail to exec
    // (ETXTBSY) while parallel tests fork.
    let editor = dir.join("ed.sh");
    let seen = dir.join("seen");
    std::fs::write(
        &editor,
        format!(
            "printf ' and more from the editor\\n' >> \"$1\"\nstat -c '%a %n' \"$1\" > '{}'\n",
            seen.display()
        ),
    )
    .unwrap();
    let script = format!(
        "EDITOR='sh {}' SUPCHAT_CONFIG='{}' '{BIN}'; sleep 60",
        editor.display(),
        cfg.display()
    );
    let t = Tmux::start("editor", 100, 30, &script);
    t.wait_for("F1 help").await;
    t.type_text("typed here");
    t.keys(&["C-g"]);
    let start = std::time::Instant::now();
    while !t.screen().contains("typed here and more from the editor") {
        if start.elapsed() > Duration::from_secs(8) {
            let ps = std::process::Command::new("ps")
                .args(["-eo", "pid,ppid,stat,wchan:20,cmd"])
                .output()
                .unwrap();
            let ps = String::from_utf8_lossy(&ps.stdout);
            let mine: Vec<&str> = ps
                .lines()
                .filter(|l| l.contains("ed.sh") || l.contains("supchat") && !l.contains("cargo"))
                .collect();
            panic!(
                "editor round trip failed; screen:\n{}\nprocesses:\n{}",
                t.screen(),
                mine.join("\n")
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    t.keys(&["Enter"]);
    t.wait_for("You said: typed here and more from the editor. Done.")
        .await;
    // The draft was in a private file with a name no one could guess, and
    // it is gone.
    let seen = std::fs::read_to_string(&seen).unwrap();
    let (mode, path) = seen.trim().split_once(' ').unwrap();
    assert_eq!(mode, "600", "{seen}");
    let name = std::path::Path::new(path)
        .file_name()
        .unwrap()
        .to_string_lossy();
    let middle = name
        .trim_start_matches("supchat-draft-")
        .trim_end_matches(".md");
    assert!(
        !middle.chars().all(|c| c.is_ascii_digit()),
        "a random name, not a process id: {name}"
    );
    assert!(
        !std::path::Path::new(path).exists(),
        "{path} was left behind"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_y_copies_the_last_reply_with_osc52() {
    if !tmux_available() {
        return;
    }
    let (_s, t, _) = setup("copy").await;
    t.cmd(&["set-option", "-g", "set-clipboard", "on"]);
    t.type_text("copy me");
    t.keys(&["Enter"]);
    t.wait_for("You said: copy me. Done.").await;
    t.keys(&["C-y"]);
    t.wait_for("copied to the terminal (OSC 52; inside tmux it needs")
        .await;
    let start = std::time::Instant::now();
    loop {
        let buf = t.cmd(&["show-buffer"]);
        if buf.contains("You said: copy me. Done.") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "tmux got no OSC 52 copy: {buf:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_z_suspends_with_the_terminal_restored_and_fg_brings_it_back() {
    if !tmux_available() {
        return;
    }
    let (_s, t, _) = setup("suspend").await;
    t.type_text("a draft kept");
    t.wait_for("a draft kept").await;
    let pid = t.display("#{pane_pid}");
    let child = std::process::Command::new("pgrep")
        .args(["-P", &pid, "supchat"])
        .output()
        .unwrap();
    let child = String::from_utf8_lossy(&child.stdout).trim().to_owned();
    let state = || {
        std::fs::read_to_string(format!("/proc/{child}/stat"))
            .unwrap_or_default()
            .rsplit_once(") ")
            .map(|(_, r)| r.chars().next().unwrap_or('?'))
    };
    for how in ["key", "signal"] {
        match how {
            "key" => t.keys(&["C-z"]),
            _ => {
                std::process::Command::new("kill")
                    .args(["-TSTP", &child])
                    .status()
                    .unwrap();
            }
        }
        let start = std::time::Instant::now();
        while state() != Some('T') {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{how}: not stopped: {:?}",
                state()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(
            t.display("#{alternate_on}"),
            "0",
            "{how}: the terminal is given back"
        );
        assert_eq!(t.display("#{mouse_any_flag}"), "0", "{how}");
        std::process::Command::new("kill")
            .args(["-CONT", &child])
            .status()
            .unwrap();
        let screen = t.wait_for("a draft kept").await;
        assert!(screen.contains("F1 help"), "{how}: redrawn whole: {screen}");
        // tmux may report the mode a moment after it drew the screen.
        for _ in 0..40 {
            if t.display("#{alternate_on}") == "1" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(t.display("#{alternate_on}"), "1", "{how}");
        // Input is read in raw mode again: a key edits the draft.
        t.type_text("!");
        t.wait_for("a draft kept!").await;
        t.keys(&["BSpace"]);
        let start = std::time::Instant::now();
        while t.screen().contains("kept!") {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{how}: backspace not read"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn esc_acts_at_once_under_a_full_speed_endless_stream() {
    if !tmux_available() {
        return;
    }
    let s = Server::start().await.unwrap();
    // 100,000 chunks as fast as the socket takes them.
    let mut flood = Scripted::new(200).header("Content-Type", "text/event-stream");
    let piece = format!("data: {}\n\n", chunk("flood "));
    for _ in 0..1000 {
        flood = flood.bytes(piece.repeat(100));
    }
    s.route("POST", "/v1/chat/completions", vec![flood]);
    let dir = temp_dir("flood");
    let cfg = dir.join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "[providers.supage]\nbase_url = \"{}/v1\"\napi_key = \"k-1\"\n",
            s.url()
        ),
    )
    .unwrap();
    let t = Tmux::start(
        "flood",
        100,
        30,
        &format!("SUPCHAT_CONFIG='{}' '{BIN}'; sleep 60", cfg.display()),
    );
    t.wait_for("F1 help").await;
    t.type_text("go");
    t.keys(&["Enter"]);
    t.wait_for("flood flood").await;
    let pressed = std::time::Instant::now();
    t.keys(&["Escape"]);
    t.wait_for("⊘ cancelled").await;
    let took = pressed.elapsed();
    println!("Esc under a flood took {took:?}");
    assert!(took < Duration::from_secs(5), "Esc took {took:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_provider_and_mode_chosen_are_there_on_the_next_run() {
    if !tmux_available() {
        return;
    }
    let (_s, first, done) = setup("remember").await;
    first.cmd(&["kill-session"]);
    let dir = done.parent().unwrap().to_path_buf();
    let script = format!(
        "XDG_DATA_HOME='{d}' SUPCHAT_CONFIG='{d}/config.toml' '{BIN}'; sleep 60",
        d = dir.display()
    );
    let a = Tmux::start("remember-a", 100, 30, &script);
    a.wait_for("F1 help").await;
    a.keys(&["F2"]);
    a.wait_for("supchat ─ Sup.ai · auto").await;
    a.keys(&["F3"]);
    a.wait_for("supchat ─ Sup.ai · fast").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    a.keys(&["C-q"]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let b = Tmux::start("remember-b", 100, 30, &script);
    let screen = b.wait_for("F1 help").await;
    assert!(screen.contains("supchat ─ Sup.ai · fast"), "{screen}");
    let state = std::fs::read_to_string(dir.join("supchat/state.toml")).unwrap();
    assert!(state.contains("provider = \"supai\""), "{state}");
}

#[tokio::test(flavor = "multi_thread")]
async fn files_and_images_are_attached_with_at_words() {
    if !tmux_available() {
        return;
    }
    let (s, t, done) = setup("attach").await;
    let dir = done.parent().unwrap().to_path_buf();
    std::fs::write(dir.join("notes.txt"), "生命周期 notes\n").unwrap();
    let png = [
        0x89u8, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0, 0, 13, b'I', b'H', b'D', b'R',
    ];
    std::fs::write(dir.join("shot.png"), png).unwrap();
    // Tab completes a file name after @.
    t.type_text(&format!("read @{}/no", dir.display()));
    t.keys(&["Tab"]);
    t.wait_for("/notes.txt").await;
    t.type_text(&format!("and @{}/shot.png", dir.display()));
    t.keys(&["Enter"]);
    // Files outside the working folder are asked about first.
    t.wait_for("Enter again sends them").await;
    t.keys(&["Enter"]);
    let screen = t.wait_for("You said:").await;
    assert!(
        screen.contains("📎") && screen.contains("notes.txt · "),
        "{screen}"
    );
    assert!(screen.contains("📷"), "{screen}");
    let body = s.requests().last().unwrap().json();
    let content = &body["messages"][0]["content"];
    let text = content[0]["text"].as_str().unwrap();
    assert!(
        text.contains("notes.txt`:\n```txt\n生命周期 notes\n```"),
        "{text}"
    );
    assert_eq!(content[1]["type"], "image_url");
    assert_eq!(
        content[1]["image_url"]["url"],
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg=="
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn queue_retry_edit_and_the_palette_in_the_real_binary() {
    if !tmux_available() {
        return;
    }
    let (s, t, _) = setup("daily").await;
    // A message typed while a reply streams is queued and sent after it.
    t.type_text("alpha one");
    t.keys(&["Enter"]);
    t.type_text("beta two");
    t.keys(&["Enter"]);
    t.wait_for("queued · beta two").await;
    t.wait_for("You said: beta two. Done.").await;
    let bodies: Vec<serde_json::Value> = s.requests().iter().map(|r| r.json()).collect();
    assert_eq!(bodies.len(), 2, "one request after the other");
    assert_eq!(bodies[1]["messages"][0]["content"], "alpha one");
    // /retry with another provider: Sup.ai answers the same message.
    t.type_text("/retry supai");
    t.keys(&["Enter"]);
    let screen = t.wait_for("Sup.ai · auto · ").await;
    assert_eq!(
        screen.matches("You said: beta two. Done.").count(),
        2,
        "{screen}"
    );
    let last = s.requests().last().unwrap().clone();
    assert_eq!(last.path, "/v1/openai/chat/completions");
    let m = last.json()["messages"].as_array().unwrap().clone();
    assert_eq!(m.last().unwrap()["content"], "beta two");
    assert_eq!(m.len(), 3, "the earlier answer is not sent: {m:?}");
    // Edit the first message: Alt+Up to it, e, change it, Enter.
    for _ in 0..5 {
        t.keys(&["M-Up"]);
    }
    t.wait_for("selected: Esc cancels · y copy").await;
    t.keys(&["e"]);
    t.wait_for("editing an earlier message").await;
    t.keys(&["BSpace", "BSpace", "BSpace"]);
    t.type_text("ONE");
    t.keys(&["Enter"]);
    let screen = t.wait_for("You said: alpha ONE. Done.").await;
    assert!(
        screen.contains("✎ edited: the earlier version is another branch"),
        "{screen}"
    );
    let edit = s.requests().last().unwrap().json();
    assert_eq!(
        edit["messages"].as_array().unwrap().len(),
        1,
        "the branch starts at the edit: {edit}"
    );
    // The palette: Ctrl+P, type, Enter.
    t.keys(&["C-p"]);
    t.wait_for("commands").await;
    t.type_text("new conv");
    t.keys(&["Enter"]);
    t.wait_for("new conversation").await;
}

/// Names with spaces: Tab completes one in quotes, a dropped path in
/// quotes is recognised, and both files go with the message.
#[tokio::test(flavor = "multi_thread")]
async fn files_with_spaces_attach_by_tab_and_by_drop() {
    if !tmux_available() {
        return;
    }
    let (s, t, done) = setup("attach-spaces").await;
    let dir = done.parent().unwrap().to_path_buf();
    std::fs::write(dir.join("my notes.txt"), "spaced notes\n").unwrap();
    let png = [
        0x89u8, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0, 0, 13, b'I', b'H', b'D', b'R',
    ];
    std::fs::write(dir.join("photo with space.png"), png).unwrap();
    t.type_text(&format!("look at @{}/pho", dir.display()));
    t.keys(&["Tab"]);
    t.wait_for("photo with space.png\"").await;
    t.type_text("and ");
    // A file dropped on the terminal: its path pasted, in quotes.
    t.cmd(&["set-buffer", &format!("'{}/my notes.txt'", dir.display())]);
    t.cmd(&["paste-buffer", "-p"]);
    t.wait_for("my notes.txt").await;
    t.keys(&["Enter"]);
    // A pasted path (and one outside the working folder) asks first.
    t.wait_for("Enter again sends them").await;
    t.keys(&["Enter"]);
    let screen = t.wait_for("You said:").await;
    assert!(screen.contains("📷") && screen.contains("📎"), "{screen}");
    let body = s.requests().last().unwrap().json();
    let content = &body["messages"][0]["content"];
    let text = content[0]["text"].as_str().unwrap();
    assert!(
        text.contains("my notes.txt`:\n```txt\nspaced notes\n```"),
        "{text}"
    );
    assert_eq!(content[1]["type"], "image_url", "{body}");
}

/// A file dropped from outside the working folder: asked about before it
/// goes (nothing sent on the first Enter), sent with the second.
#[tokio::test(flavor = "multi_thread")]
async fn a_pasted_path_outside_the_folder_asks_before_it_is_sent() {
    if !tmux_available() {
        return;
    }
    let (s, t, done) = setup("attach-confirm").await;
    let outside = done.parent().unwrap().join("far away.txt");
    std::fs::write(&outside, "far content\n").unwrap();
    t.type_text("read ");
    t.cmd(&["set-buffer", &format!("'{}'", outside.display())]);
    t.cmd(&["paste-buffer", "-p"]);
    t.wait_for("far away.txt").await;
    t.keys(&["Enter"]);
    let screen = t.wait_for("Enter again sends them").await;
    assert!(screen.contains("it came in a paste"), "{screen}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        s.requests().is_empty(),
        "nothing sent before the second Enter"
    );
    t.keys(&["Enter"]);
    t.wait_for("You said:").await;
    let body = s.requests()[0].json();
    let text = body["messages"][0]["content"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(text.contains("far content"), "{body}");
}
