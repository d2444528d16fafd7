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
