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
    super::config_cmd::check(&mut out, &cfg).unwrap();
    let said = String::from_utf8(out).unwrap();
    assert!(said.contains("note: no model set"), "{said}");
    let local = cfg.providers.iter().find(|p| p.name == "local").unwrap();
    assert_eq!(local.label(), "local · no model set");
}
