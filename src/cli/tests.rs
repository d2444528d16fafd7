//! The command line as clap reads it, and what each command is given.

use clap::CommandFactory;

use super::*;

#[test]
fn the_command_line_definition_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn demo_and_subcommands_parse() {
    let c = Cli::try_parse_from(["supchat", "--demo"]).unwrap();
    assert!(c.demo && c.command.is_none());
    let c = Cli::try_parse_from(["supchat", "ask", "--stats", "hello", "world"]).unwrap();
    let Some(Command::Ask(a)) = c.command else {
        panic!()
    };
    assert!(a.stats);
    assert_eq!(a.prompt, vec!["hello", "world"]);
}

#[test]
fn options_after_the_prompt_are_options_and_dash_dash_keeps_text() {
    let c = Cli::try_parse_from(["supchat", "ask", "hi", "--stats"]).unwrap();
    let Some(Command::Ask(a)) = c.command else {
        panic!()
    };
    assert!(a.stats, "--stats after the prompt is the flag");
    assert_eq!(a.prompt, vec!["hi"]);
    let c = Cli::try_parse_from(["supchat", "ask", "--", "--stats", "-x"]).unwrap();
    let Some(Command::Ask(a)) = c.command else {
        panic!()
    };
    assert!(!a.stats);
    assert_eq!(a.prompt, vec!["--stats", "-x"]);
    assert!(Cli::try_parse_from(["supchat", "ask", "hi", "--statz"]).is_err());
}

/// A provider without a model: `config check` says so, and the header's
/// label too.
#[test]
fn a_provider_without_a_model_is_noted() {
    let text = "[providers.local]\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:9/v1\"\n";
    let cfg = supchat_core::config::load_from_str(text, std::path::Path::new("/x/c.toml")).unwrap();
    let mut out = Vec::new();
    super::config_cmd::check(&mut out, &cfg, None).unwrap();
    let said = String::from_utf8(out).unwrap();
    assert!(said.contains("note: no model set"), "{said}");
    let local = cfg.providers.iter().find(|p| p.name == "local").unwrap();
    assert_eq!(local.label(), "local · no model set");
}

/// `supchat -p NAME -m MODEL --mode MODE --models …` choose for the chat
/// screen; a flag that does not fit the provider's kind is refused.
#[test]
fn the_chat_screen_takes_the_choosing_flags() {
    let c = Cli::try_parse_from([
        "supchat", "-p", "supai", "--mode", "fast", "--models", "a,b",
    ])
    .unwrap();
    assert!(c.command.is_none() && c.choosing.any());
    let cfg = supchat_core::config::Config::default();
    let mut choices = supchat_core::session::Choices::new(&cfg);
    c.choosing.apply(&mut choices).unwrap();
    assert_eq!(choices.current().name, "supai");
    assert_eq!(choices.current().mode, "fast");
    assert_eq!(choices.current().models, ["a", "b"]);
    let c = Cli::try_parse_from(["supchat", "-p", "supai", "-m", "gpt"]).unwrap();
    let e = c.choosing.apply(&mut choices).unwrap_err();
    assert!(e.contains("choose a --mode"), "{e}");
    let c = Cli::try_parse_from(["supchat", "-p", "supage", "-m", "other"]).unwrap();
    c.choosing.apply(&mut choices).unwrap();
    assert_eq!(choices.current().model, "other");
    // A mode alone goes to the Sup.ai provider (`supchat --demo --mode fast`).
    let c = Cli::try_parse_from(["supchat", "--mode", "thinking"]).unwrap();
    c.choosing.apply(&mut choices).unwrap();
    assert_eq!(
        (
            choices.current().name.as_str(),
            choices.current().mode.as_str()
        ),
        ("supai", "thinking")
    );
}

/// `config check` and a usage error in Chinese.
#[test]
fn config_check_and_choosing_speak_chinese() {
    supchat_i18n::set_for_this_thread(supchat_i18n::Lang::ZhCn);
    let text = "[providers.local]\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:9/v1\"\n";
    let cfg = supchat_core::config::load_from_str(text, std::path::Path::new("/x/c.toml")).unwrap();
    let mut out = Vec::new();
    super::config_cmd::check(&mut out, &cfg, None).unwrap();
    let said = String::from_utf8(out).unwrap();
    for part in [
        "/x/c.toml：有效",
        "密钥：未配置（本地服务无需密钥）",
        "注意：未设置模型",
        "（* = 默认服务商）",
        "MCP 服务：无（用 [mcp_servers.NAME] 添加）",
    ] {
        assert!(said.contains(part), "{part:?} in\n{said}");
    }
    let c = Cli::try_parse_from(["supchat", "-p", "supai", "-m", "gpt"]).unwrap();
    let mut choices = supchat_core::session::Choices::new(&supchat_core::config::Config::default());
    let e = c.choosing.apply(&mut choices).unwrap_err();
    assert!(
        e.starts_with("--model 只适用于 openai 类服务商；“supai”是 Sup.ai 服务商"),
        "{e}"
    );
}
