//! `supchat config`, `models`, completions and the man page, proxies,
//! and the chat screen refusing a pipe.

use super::*;

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
        supchat_testkit::supchat(BIN)
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
async fn choosing_flags_before_a_subcommand_are_refused_not_ignored() {
    let s = Server::start().await.unwrap();
    let out = run(&config_for(&s), &["-p", "local", "ask", "hi"], None).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("for ask put them after `ask`"),
        "{}",
        text(&out.stderr)
    );
    assert!(s.requests().is_empty());
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
    for section in [
        "KEYS IN THE CHAT",
        "COMMANDS IN THE CHAT",
        "CONFIGURATION",
        "FILES",
        "ENVIRONMENT",
        "EXIT STATUS",
    ] {
        assert!(
            man.contains(&format!(".SH \"{section}\""))
                || man.contains(&format!(".SH {section}\n")),
            "{section}: {man}"
        );
    }
    assert!(!man.contains(".SH EXTRA"), "no empty headings");
    // The example config, every key; the files and the variables.
    assert!(man.contains("max_tool_steps = 8"), "{man}");
    assert!(man.contains("sessions.db") && man.contains("SUPCHAT_CLIPBOARD"));
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

/// `SUPCHAT_CONFIG` naming a file not made yet: the built-ins, `config
/// path` prints it; `--config` naming a missing file is a mistake.
#[tokio::test(flavor = "multi_thread")]
async fn a_config_not_made_yet_at_supchat_config_is_the_built_ins() {
    let dir = temp_dir();
    let cfg = dir.join("later").join("config.toml");
    let out = run(&cfg, &["config", "path"], None).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), cfg.display().to_string());
    let out = run(&cfg, &["config", "show"], None).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("[providers.supage]"));
    let missing = dir.join("typo.toml");
    let out = run(
        &cfg,
        &["--config", missing.to_str().unwrap(), "config", "path"],
        None,
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read the config file"));
}

/// What comes on stdin is data (a diff, a log): an `@path` in it is text,
/// never a file sent; only the arguments' `@file`s attach.
#[tokio::test(flavor = "multi_thread")]
async fn an_at_path_on_stdin_attaches_nothing() {
    let s = Server::start().await.unwrap();
    s.route("POST", "/v1/chat/completions", vec![reply(&["ok"])]);
    let secret = temp_dir().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET-CONTENT").unwrap();
    let piped = format!("+ see @{} in this diff\n", secret.display());
    let out = run(&config_for(&s), &["ask", "Review this diff"], Some(&piped)).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let body = s.requests()[0].json();
    let sent = body["messages"].to_string();
    assert!(!sent.contains("TOP-SECRET-CONTENT"), "{sent}");
    assert!(
        sent.contains("secret.txt in this diff"),
        "the word stays text: {sent}"
    );
}

/// `--help` speaks the language chosen before the command line is read:
/// `--lang`, else the config's `language`, else LANG; and a command's
/// words follow it.
#[test]
fn help_and_messages_follow_the_language() {
    let dir = temp_dir();
    let cfg = dir.join("config.toml");
    let help = |args: &[&str], lang: Option<&str>, config: &str| {
        let mut c = supchat_testkit::supchat(BIN);
        c.args(args)
            .env("SUPCHAT_CONFIG", dir.join(config))
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG");
        if let Some(l) = lang {
            c.env("LANG", l);
        }
        let out = c.stdin(Stdio::null()).output().unwrap();
        (text(&out.stdout), text(&out.stderr))
    };
    let (zh, _) = help(&["--lang", "zh-CN", "--help"], None, "none.toml");
    assert!(
        zh.contains("用法：supchat [OPTIONS] [COMMAND]")
            && zh.contains("命令：\n  ask          提一个问题")
            && zh.contains("选项：\n")
            && zh.contains("显示版本"),
        "{zh}"
    );
    let (zh, _) = help(&["ask", "-h"], Some("zh_CN.UTF-8"), "none.toml");
    assert!(
        zh.starts_with("提一个问题，并将回复流式输出到 stdout\n\n用法：supchat ask"),
        "{zh}"
    );
    assert!(
        zh.contains("参数：\n  [PROMPT]...") && !zh.contains("Options:"),
        "{zh}"
    );
    // The config's language, when no flag says otherwise.
    std::fs::write(&cfg, "language = \"zh-CN\"\n").unwrap();
    let (zh, _) = help(&["sessions", "-h"], None, "config.toml");
    assert!(zh.contains("列出会话，最新的在前"), "{zh}");
    let (en, _) = help(
        &["sessions", "-h", "--lang=en"],
        Some("zh_CN.UTF-8"),
        "config.toml",
    );
    assert!(
        en.contains("Usage: supchat sessions [OPTIONS] <COMMAND>")
            && en.contains("List sessions, newest first"),
        "{en}"
    );
    // English as ever.
    let (en, _) = help(&["--help"], None, "none.toml");
    assert!(en.contains("\nUsage: supchat [OPTIONS] [COMMAND]\n\nCommands:\n  ask          Ask one question and stream the reply to stdout\n"), "{en}");
    // A usage error in Chinese.
    let (_, err) = help(&["--demo", "ask", "x"], Some("zh_CN.UTF-8"), "none.toml");
    assert_eq!(
        err,
        "supchat: --demo 用于打开聊天界面，不能与子命令一起用\n"
    );
}
