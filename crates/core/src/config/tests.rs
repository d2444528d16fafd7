//! Reading the config: providers, defaults, keys, and the messages a bad
//! file gets.

use std::path::Path;
use std::time::Duration;

use super::*;

fn parse(text: &str) -> Result<Config, ConfigError> {
    load_from_str(text, Path::new("/cfg/config.toml"))
}

fn err(text: &str) -> String {
    parse(text).unwrap_err().to_string()
}

#[test]
fn no_file_gives_the_two_builtin_providers() {
    let c = load(None).unwrap();
    assert_eq!(c.default_provider, "supage");
    let supage = c.provider("supage").unwrap();
    assert_eq!(supage.base_url, "https://llm.supage.eu.org/v1");
    assert_eq!(supage.model, "claude-sonnet-4-6");
    assert_eq!(supage.key.env.as_deref(), Some("SUPAGE_API_KEY"));
    let supai = c.provider("supai").unwrap();
    assert_eq!(supai.kind, ProviderKind::SupAi);
    assert_eq!(supai.mode, "auto");
    assert_eq!(supai.max_retries, 0, "a Sup.ai retry is billed again");
    assert!(supai.idle_timeout >= Duration::from_secs(600));
}

#[test]
fn missing_default_path_is_fine_but_missing_explicit_file_is_an_error() {
    let gone = ConfigLocation {
        path: "/nonexistent/supchat.toml".into(),
        explicit: false,
    };
    assert!(load(Some(&gone)).is_ok());
    let explicit = ConfigLocation {
        explicit: true,
        ..gone
    };
    let e = load(Some(&explicit)).unwrap_err().to_string();
    assert!(
        e.starts_with("/nonexistent/supchat.toml: cannot read"),
        "{e}"
    );
}

#[test]
fn the_documented_example_parses() {
    let text = include_str!("../../../../config.example.toml");
    let c = parse(text).unwrap();
    assert!(c.provider("supage").is_some() && c.provider("supai").is_some());
}

#[test]
fn file_tables_layer_over_builtins_and_add_providers() {
    let c = parse(
        r#"
default_provider = "local"
[providers.supage]
api_key = "su-secret"
temperature = 0.5
[providers.supai]
mode = "deep-thinking"
models = ["openai/gpt-5.2", "xai/grok-4"]
include_supai_chunks = true
[providers.supai.environment]
user_name = "Ada"
[providers.local]
kind = "openai"
base_url = "http://127.0.0.1:8080/v1/"
model = "qwen"
idle_timeout_secs = 30
"#,
    )
    .unwrap();
    assert_eq!(c.default_provider, "local");
    let supage = c.provider("supage").unwrap();
    assert_eq!(supage.base_url, SUPAGE_BASE_URL, "built-in URL kept");
    assert_eq!(supage.temperature, Some(0.5));
    assert_eq!(supage.key.inline.as_ref().unwrap().expose(), "su-secret");
    let supai = c.provider("supai").unwrap();
    assert_eq!(supai.mode, "deep-thinking");
    assert_eq!(supai.models.len(), 2);
    assert_eq!(supai.environment.user_name.as_deref(), Some("Ada"));
    assert_eq!(supai.environment.ip_address, "current");
    let local = c.provider("local").unwrap();
    assert_eq!(
        local.base_url, "http://127.0.0.1:8080/v1",
        "trailing slash removed"
    );
    assert_eq!(local.idle_timeout, Duration::from_secs(30));
    assert!(!local.key.is_configured());
    assert_eq!(c.providers.len(), 3);
}

#[test]
fn unknown_key_names_file_line_and_key() {
    let e = err("[providers.supage]\nmodel = \"m\"\ntemprature = 0.3\n");
    assert!(
        e.starts_with("/cfg/config.toml:3:1: unknown field `temprature`"),
        "{e}"
    );
    assert!(e.contains("3 | temprature = 0.3"), "{e}");
}

#[test]
fn wrong_type_names_the_line() {
    let e = err("[providers.supage]\ntemperature = \"hot\"\n");
    assert!(
        e.starts_with("/cfg/config.toml:2:15: invalid type: string \"hot\""),
        "{e}"
    );
}

#[test]
fn unknown_kind_and_missing_fields() {
    let e = err("[providers.x]\nkind = \"anthropic\"\nbase_url = \"https://a.b\"\n");
    assert!(e.contains(":2:8: unknown kind \"anthropic\""), "{e}");
    let e = err("[providers.x]\nbase_url = \"https://a.b\"\n");
    assert!(e.contains("provider \"x\" needs kind"), "{e}");
    let e = err("[providers.x]\nkind = \"openai\"\n");
    assert!(e.contains("provider \"x\" needs base_url"), "{e}");
}

#[test]
fn bad_urls_are_refused() {
    for (url, why) in [
        ("llm.supage.eu.org/v1", "must start with http"),
        ("http://x.org:99999/v1", "the port is not a number"),
        ("ftp://x.org", "must start with http"),
        ("https://user:pw@x.org/v1", "credentials"),
    ] {
        let e = err(&format!("[providers.supage]\nbase_url = \"{url}\"\n"));
        assert!(e.contains(":2:12: base_url") && e.contains(why), "{e}");
        assert!(!e.contains("pw@"), "credentials shown: {e}");
    }
}

#[test]
fn bad_mode_and_kind_mismatches() {
    let e = err("[providers.supai]\nmode = \"deep thinking\"\n");
    assert!(e.contains(":2:8: unknown mode \"deep thinking\""), "{e}");
    assert!(
        parse("[providers.supai]\nmode = \"pro\"\n").is_ok(),
        "any id is sent as is"
    );
    let e = err("[providers.supage]\nmode = \"fast\"\n");
    assert!(e.contains("mode is a setting of kind \"supai\""), "{e}");
    let e = err("[providers.supai]\nmodel = \"gpt\"\n");
    assert!(e.contains("kind \"openai\""), "{e}");
    let e = err("[providers.supage]\nkind = \"supai\"\n");
    assert!(e.contains("built in with kind \"openai\""), "{e}");
}

#[test]
fn out_of_range_values() {
    let e = err("[providers.supage]\ntemperature = 2.5\n");
    assert!(
        e.contains(":2:15: temperature must be between 0 and 2"),
        "{e}"
    );
    let e = err("default_provider = \"nope\"\n");
    assert!(
        e.contains(":1:20: default_provider \"nope\" is not a configured provider"),
        "{e}"
    );
}

#[test]
fn syntax_error_on_a_key_line_does_not_show_the_key() {
    let e = err("[providers.supage]\napi_key = \"su-verysecret\n");
    assert!(!e.contains("verysecret"), "{e}");
    assert!(e.contains("[redacted]"), "{e}");
}

#[test]
fn secrets_never_show_in_debug_or_show() {
    let c = parse("[providers.supage]\napi_key = \"su-verysecret\"\n").unwrap();
    assert!(!format!("{c:?}").contains("verysecret"));
    let shown = render_redacted(&c);
    assert!(!shown.contains("verysecret"), "{shown}");
    assert!(shown.contains("api_key = \"[redacted]\""), "{shown}");
    assert!(shown.contains("[providers.supai]"), "{shown}");
}

#[test]
fn show_lists_the_keys_in_effect_and_they_read_back() {
    let c = parse("[keys]\nsessions = \"ctrl+s\"\n").unwrap();
    let shown = render_redacted(&c);
    assert!(shown.contains("[keys]"), "{shown}");
    assert!(shown.contains("sessions = \"ctrl+s\""), "{shown}");
    assert!(shown.contains("select_up = \"alt+up\""), "{shown}");
    // What it shows is a config that reads back to the same keys.
    let again = parse(shown.split_once('\n').map_or("", |(_, rest)| rest)).unwrap();
    assert_eq!(again.keymap, c.keymap);
}

#[test]
fn show_gives_the_whole_configuration_and_it_reads_back_the_same() {
    let text = r#"
system_prompt = "Be brief."
enabled_tools = ["now"]
tool_choice = "weather"
max_tool_steps = 3

[providers.local]
kind = "openai"
base_url = "http://127.0.0.1:9/v1"
model = "small"
system_prompt = "Local rules."
context_tokens = 8000

[prompts.reviewer]
system_prompt = "You review Rust."
provider = "local"
temperature = 0.2

[[tools]]
name = "weather"
description = "Weather"
parameters = { type = "object", properties = { city = { type = "string" } } }
command = ["echo", "18C"]
approve = "auto"
timeout_secs = 5

[mcp_servers.fs]
command = ["mcp-fs", "."]
env = { LOG_LEVEL = "warn", FS_TOKEN = "hunter2-secret" }
disabled_tools = ["write_file"]
tools.read_file.approve = "auto"

[mcp_servers.remote]
url = "https://example.com/mcp"
bearer_token_env = "REMOTE_MCP_TOKEN"
enabled = false
"#;
    let c = parse(text).unwrap();
    let shown = render_redacted(&c);
    for part in [
        "system_prompt = \"Be brief.\"",
        "enabled_tools = [\"now\"]",
        "tool_choice = \"weather\"",
        "[prompts.reviewer]",
        "[[tools]]",
        "context_tokens = 8000",
        "[mcp_servers.fs]",
        "LOG_LEVEL = \"warn\"",
        "bearer_token_env = \"REMOTE_MCP_TOKEN\"",
    ] {
        assert!(shown.contains(part), "{part} in\n{shown}");
    }
    assert!(!shown.contains("hunter2"), "{shown}");
    let again = parse(&shown).unwrap();
    let fs_again = &again.mcp_servers[0];
    assert_eq!(fs_again.disabled_tools, c.mcp_servers[0].disabled_tools);
    assert_eq!(fs_again.tool_approve, c.mcp_servers[0].tool_approve);
    assert_eq!(again.mcp_servers[1], c.mcp_servers[1]);
    assert_eq!(again.system_prompt, c.system_prompt);
    assert_eq!(again.prompts, c.prompts);
    assert_eq!(again.tools, c.tools);
    assert_eq!(again.providers, c.providers);
}

#[test]
fn key_precedence_inline_then_command_then_env() {
    let spec = KeySpec {
        cmd: Some("printf 'from-cmd\\nsecond line'".into()),
        env: Some("SUPCHAT_TEST_NO_SUCH_VAR".into()),
        ..Default::default()
    };
    let k = spec.resolve("p").unwrap();
    assert_eq!(k.secret.unwrap().expose(), "from-cmd");
    assert!(matches!(k.source, KeySource::Command(_)));
    let only_env = KeySpec {
        env: Some("SUPCHAT_TEST_NO_SUCH_VAR".into()),
        ..Default::default()
    };
    let e = only_env.resolve("supage").unwrap_err();
    assert!(
        e.contains("set the environment variable SUPCHAT_TEST_NO_SUCH_VAR"),
        "{e}"
    );
    let failing = KeySpec {
        cmd: Some("echo nope >&2; exit 3".into()),
        ..Default::default()
    };
    let e = failing.resolve("p").unwrap_err();
    assert!(e.contains("failed") && e.contains("nope"), "{e}");
    let none = KeySpec::default().resolve("local").unwrap();
    assert_eq!(none.source, KeySource::NotNeeded);
}

#[test]
fn a_key_command_with_control_characters_or_endless_output_is_refused() {
    let ctl = KeySpec {
        cmd: Some("printf 'su-ab\\033cd\\n'".into()),
        ..Default::default()
    };
    let e = ctl.resolve("p").unwrap_err();
    assert!(e.contains("control characters"), "{e}");
    let endless = KeySpec {
        cmd: Some("yes su-key".into()),
        ..Default::default()
    };
    let started = std::time::Instant::now();
    let e = endless.resolve("p").unwrap_err();
    assert!(e.contains("more than 64 KiB"), "{e}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn theme_is_dark_light_or_auto_and_a_wrong_one_names_its_line() {
    let p = std::path::Path::new("/tmp/c.toml");
    assert_eq!(
        load_from_str("theme = \"light\"\n", p).unwrap().theme,
        ThemeChoice::Light
    );
    assert_eq!(load_from_str("", p).unwrap().theme, ThemeChoice::Auto);
    let e = load_from_str("\ntheme = \"sepia\"\n", p)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(":2:") && e.contains("\"sepia\" is not one of"),
        "{e}"
    );
}

#[test]
fn a_key_pasted_into_api_key_env_is_refused_and_never_echoed() {
    for v in ["su-abcdefghijk12345", "sk-proj-Abc123Def456", "my-key-var"] {
        let e = err(&format!("[providers.supage]\napi_key_env = \"{v}\"\n"));
        assert!(e.contains("looks like a key itself"), "{e}");
        assert!(!e.contains(&v[3..]), "{v} was echoed: {e}");
    }
    let e = err("[providers.supage]\napi_key_env = \"9LIVES\"\n");
    assert!(e.contains("letters, digits and _"), "{e}");
}

#[test]
fn keys_with_control_characters_are_refused_with_a_reason() {
    let e = err("[providers.supage]\napi_key = \"su-abc\\u0007def\"\n");
    assert!(e.contains("control character"), "{e}");
    assert!(!e.contains("def"), "{e}");
    let var = "SUPCHAT_TEST_CONTROL_KEY";
    // SAFETY: a variable only this test uses.
    unsafe { std::env::set_var(var, "su-abc\u{1b}[2Jdef") };
    let spec = KeySpec {
        env: Some(var.into()),
        ..Default::default()
    };
    let e = spec.resolve("supage").unwrap_err();
    assert!(e.contains("control character") && !e.contains("def"), "{e}");
}

#[test]
fn bad_urls_and_config_lines_hide_their_credentials() {
    for url in [
        "https:/ada:PASSWORD@host/v1",
        "https:ada:PASSWORD@host",
        "https://host/v1?key=PASSWORD",
    ] {
        let e = err(&format!("[providers.supage]\nbase_url = \"{url}\"\n"));
        assert!(!e.contains("PASSWORD"), "{url}: {e}");
    }
    let e = err("[providers.supage]\n\"api_key\" = \"plainsecret\nx\n");
    assert!(!e.contains("plainsecret"), "{e}");
}

#[test]
fn language_is_en_or_zh_cn_and_a_wrong_one_names_its_line() {
    let c = parse("language = \"zh-CN\"\n").unwrap();
    assert_eq!(c.language, Some(supchat_i18n::Lang::ZhCn));
    assert!(render_redacted(&c).contains("language = \"zh-CN\""));
    assert_eq!(parse("").unwrap().language, None);
    let e = err("\nlanguage = \"fr\"\n");
    assert!(
        e.contains(":2:") && e.contains("language \"fr\" is not \"en\" or \"zh-CN\""),
        "{e}"
    );
}

#[test]
fn the_chinese_readmes_example_reads() {
    let readme = include_str!("../../../../README.zh-CN.md");
    let start = readme.find("```toml\n").expect("its example") + "```toml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let c = parse(&readme[start..end]).unwrap();
    assert_eq!(c.language, Some(supchat_i18n::Lang::ZhCn));
    assert!(c.provider("ollama").is_some());
    assert_eq!(c.mcp_servers.len(), 1);
}

#[test]
fn a_mistake_reads_in_chinese_with_its_line_and_excerpt() {
    supchat_i18n::set_for_this_thread(supchat_i18n::Lang::ZhCn);
    let e = err("\ntheme = \"sepia\"\n");
    assert!(
        e.starts_with(
            "/cfg/config.toml:2:9: theme 的值 \"sepia\" 无效，应为 \"auto\"、\"dark\" 或 \"light\""
        ),
        "{e}"
    );
    assert!(e.contains("\n  2 | theme = \"sepia\""), "{e}");
    let e = err("[providers.local]\nkind = \"openai\"\n");
    assert!(e.contains("服务商 \"local\" 需要设置 base_url"), "{e}");
    let e = err("[mcp_servers.gh]\ncommand = [\"gh\"]\nurl = \"https://x\"\n");
    assert!(
        e.contains(":3:7: mcp_servers.gh：command（程序）和 url（streamable HTTP）只能二选一"),
        "{e}"
    );
    let e = err("[[tools]]\nname = \"w\"\ncommand = []\n");
    assert!(
        e.contains(":3:11: 工具 \"w\"：command 至少要写明要运行的程序"),
        "{e}"
    );
    let e = err("[keys]\nsessions = \"s\"\n");
    assert!(
        e.contains("keys.sessions：\"s\"：不带 ctrl 或 alt 的按键绑定后，就无法再输入这个字符了"),
        "{e}"
    );
}

#[test]
fn a_missing_key_and_its_source_read_in_chinese() {
    supchat_i18n::set_for_this_thread(supchat_i18n::Lang::ZhCn);
    let only_env = KeySpec {
        env: Some("SUPCHAT_TEST_NO_SUCH_VAR".into()),
        ..Default::default()
    };
    let e = only_env.resolve("supage").unwrap_err();
    assert_eq!(
        e,
        "服务商 \"supage\" 没有 API 密钥：请设置环境变量 SUPCHAT_TEST_NO_SUCH_VAR，或在配置文件的 [providers.supage] 下写上 api_key = \"…\"（或 api_key_cmd）"
    );
    assert_eq!(
        KeySource::Env("SUPAGE_API_KEY".into()).to_string(),
        "环境变量 SUPAGE_API_KEY"
    );
    let failing = KeySpec {
        cmd: Some("echo nope >&2; exit 3".into()),
        ..Default::default()
    };
    let e = failing.resolve("p").unwrap_err();
    assert!(e.contains("执行失败（") && e.ends_with("）：nope"), "{e}");
    let mut local = ProviderConfig::defaults("local", ProviderKind::OpenAi, "http://127.0.0.1:1");
    local.model.clear();
    assert_eq!(local.label(), "local · 未设置模型");
    let c = Config::default();
    assert_eq!(
        c.select(Some("nope")).unwrap_err(),
        "没有名为“nope”的服务商（已配置：supage, supai）"
    );
    assert!(render_redacted(&c).starts_with("# 内置默认值（没有配置文件）\n"));
}

#[test]
fn prices_are_read_and_their_mistakes_named_with_their_line() {
    let c = parse(
        "[providers.supage]\nprice_in = 3.0\nprice_out = 15\ncurrency = \"cny\"\n[providers.supage.prices]\n\"big\" = { in = 10.0, out = 20.0 }\n",
    )
    .unwrap();
    let p = c.provider("supage").unwrap();
    assert_eq!(p.price.map(|x| (x.input, x.output)), Some((3.0, 15.0)));
    assert_eq!(p.currency, "CNY");
    assert_eq!(p.model_prices["big"].output, 20.0);
    // Unset: none, in dollars (the built-in table may apply).
    let plain = parse("").unwrap();
    assert_eq!(plain.provider("supage").unwrap().price, None);
    assert_eq!(plain.provider("supage").unwrap().currency, "USD");
    for (text, line, words) in [
        (
            "[providers.supage]\nprice_in = 3.0\n",
            2,
            "price_in and price_out go together",
        ),
        (
            "[providers.supage]\nprice_in = -1.0\nprice_out = 2.0\n",
            2,
            "price_in is a price per million tokens, from 0 to 100000, not -1",
        ),
        (
            "[providers.supage]\nprice_in = 1.0\nprice_out = nan\n",
            3,
            "price_out is a price per million tokens",
        ),
        (
            "[providers.supage]\ncurrency = \"US$\"\n",
            2,
            "not a currency code",
        ),
        (
            "[providers.supage]\n[providers.supage.prices]\n\"m\" = { in = 1.0, out = 1e9 }\n",
            3,
            "prices.\"m\" needs in and out",
        ),
    ] {
        let e = err(text);
        assert!(e.contains(&format!(":{line}:")), "{text}: {e}");
        assert!(e.contains(words), "{text}: {e}");
    }
}

#[test]
fn the_toml_readers_common_mistakes_are_said_in_either_language() {
    let cases = [
        (
            "colour = \"x\"\n",
            "unknown field `colour`",
            "这里没有 colour 这个设置项",
        ),
        (
            "save_sessions = \"yes\"\n",
            "invalid type: string \"yes\", expected a boolean",
            "应为 布尔值（true 或 false），而这里是 字符串 \"yes\"",
        ),
        (
            "[[tools]]\nname = \"x\"\n",
            "missing field `command`",
            "这里缺少 command",
        ),
        ("[providers.x\n", "unclosed table", "缺少 ]"),
    ];
    for lang in supchat_i18n::Lang::ALL {
        supchat_i18n::set_for_this_thread(lang);
        for (text, en, zh) in cases {
            let e = err(text);
            let want = if lang == supchat_i18n::Lang::En {
                en
            } else {
                zh
            };
            assert!(e.contains(want), "{lang:?} {text}: {e}");
        }
    }
    supchat_i18n::set_for_this_thread(supchat_i18n::Lang::En);
}
