//! `[mcp_servers.NAME]` read from the file, and the line of each mistake.

use std::path::Path;
use std::time::Duration;

use crate::config::{Config, load_from_str};

use super::*;

fn parse(text: &str) -> Result<Config, String> {
    load_from_str(text, Path::new("/cfg/config.toml")).map_err(|e| e.to_string())
}

#[test]
fn a_command_server_and_a_url_server_are_read_with_their_settings() {
    let c = parse(
        r#"
[mcp_servers.fs]
command = ["npx", "-y", "@modelcontextprotocol/server-filesystem", "."]
env = { LOG_LEVEL = "warn" }
env_vars = ["GITHUB_TOKEN"]
approve = "auto"
startup_timeout_secs = 20
call_timeout_secs = 5
disabled_tools = ["write_file"]
tools.read_file.approve = "ask"

[mcp_servers.remote]
url = "https://example.com/mcp"
bearer_token_env = "REMOTE_MCP_TOKEN"
enabled = false
enabled_tools = ["search"]
"#,
    )
    .unwrap();
    let [fs, remote] = &c.mcp_servers[..] else {
        panic!("{:?}", c.mcp_servers)
    };
    assert_eq!(fs.name, "fs");
    let McpTransport::Stdio {
        command,
        env,
        env_vars,
        cwd,
    } = &fs.transport
    else {
        panic!()
    };
    assert_eq!(command[0], "npx", "a bare program is looked up in PATH");
    assert_eq!(env.get("LOG_LEVEL").map(String::as_str), Some("warn"));
    assert_eq!(env_vars, &["GITHUB_TOKEN"]);
    assert_eq!(cwd, &None);
    assert_eq!(fs.approve_for("list_directory"), Approve::Auto);
    assert_eq!(fs.approve_for("read_file"), Approve::Ask);
    assert_eq!(fs.startup_timeout, Duration::from_secs(20));
    assert_eq!(fs.call_timeout, Duration::from_secs(5));
    assert!(fs.offers("read_file") && !fs.offers("write_file"));
    assert!(fs.enabled);
    assert_eq!(
        remote.transport,
        McpTransport::Http {
            url: "https://example.com/mcp".into(),
            bearer_token_env: Some("REMOTE_MCP_TOKEN".into())
        }
    );
    assert!(!remote.enabled);
    assert_eq!(remote.approve_for("search"), Approve::Ask, "ask by default");
    assert_eq!(remote.startup_timeout, DEFAULT_STARTUP_TIMEOUT);
    assert!(remote.offers("search") && !remote.offers("other"));
}

#[test]
fn a_relative_program_is_found_from_the_config_folder() {
    let c = parse("[mcp_servers.mine]\ncommand = [\"./bin/server\", \"--x\"]\n").unwrap();
    let McpTransport::Stdio { command, .. } = &c.mcp_servers[0].transport else {
        panic!()
    };
    assert_eq!(command, &["/cfg/bin/server", "--x"]);
}

#[test]
fn mistakes_name_their_line_and_what_is_wrong() {
    let cases = [
        ("[mcp_servers.a]\nenabled = true\n", 1, "needs command"),
        (
            "[mcp_servers.a]\ncommand = [\"x\"]\nurl = \"http://h/mcp\"\n",
            3,
            "not both",
        ),
        ("[mcp_servers.a]\ncommand = []\n", 2, "at least the program"),
        (
            "[mcp_servers.a]\nurl = \"ftp://h/x\"\n",
            2,
            "not an http:// or https:// address",
        ),
        (
            "[mcp_servers.a]\ncommand = [\"x\"]\napprove = \"always\"\n",
            3,
            "is not \"ask\" or \"auto\"",
        ),
        (
            "[mcp_servers.a]\ncommand = [\"x\"]\ncall_timeout_secs = 0\n",
            3,
            "call_timeout_secs must be between",
        ),
        (
            "[mcp_servers.a]\ncommand = [\"x\"]\nenv_vars = [\"SUPAGE_API_KEY\"]\n",
            3,
            "never given the providers' keys",
        ),
        (
            "[mcp_servers.a]\nurl = \"https://h/mcp\"\nbearer_token_env = \"su-abc def\"\n",
            3,
            "must name an environment variable",
        ),
        (
            "[mcp_servers.a]\nurl = \"https://h/mcp\"\nenv = { A = \"b\" }\n",
            3,
            "env is for a command server",
        ),
        (
            "[mcp_servers.\"my__fs\"]\ncommand = [\"x\"]\n",
            1,
            "without \"__\"",
        ),
        (
            "[mcp_servers.a]\ncommand = [\"x\"]\ntools.t.approve = \"no\"\n",
            3,
            "mcp_servers.a.tools.t: approve",
        ),
        (
            "[mcp_servers.a]\ncommand = [\"x\"]\nstartup = 3\n",
            3,
            "unknown field",
        ),
    ];
    for (text, line, want) in cases {
        let e = parse(text).unwrap_err();
        assert!(e.contains(want), "{text}: {e}");
        assert!(e.contains(&format!(":{line}")), "{text}: line {line}: {e}");
    }
}

#[test]
fn a_url_with_a_key_in_it_is_not_shown_in_the_error() {
    let e = parse("[mcp_servers.a]\nurl = \"htp://h/mcp?key=su-0123456789abcdef\"\n").unwrap_err();
    assert!(!e.contains("su-0123456789abcdef"), "{e}");
}

#[test]
fn the_readme_example_reads() {
    let readme = include_str!("../../../../README.md");
    let start = readme
        .find("```toml\n[mcp_servers.fs]")
        .expect("the README's MCP example")
        + "```toml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let c = parse(&readme[start..end]).unwrap();
    assert_eq!(c.mcp_servers.len(), 2);
    assert!(!c.mcp_servers[0].offers("write_file"));
    assert_eq!(
        c.mcp_servers[0].approve_for("read_text_file"),
        Approve::Auto
    );
}
