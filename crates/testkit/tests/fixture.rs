//! The test MCP server program answers `initialize` over stdio. (Also:
//! this integration test makes `cargo test` build the program, which the
//! other crates' tests start.)

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

#[test]
fn the_fixture_answers_initialize_over_stdio() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_supchat-mcp-fixture"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(
        stdin,
        r#"{{"jsonrpc":"2.0","id":1,"method":"initialize","params":{{"protocolVersion":"2025-06-18","capabilities":{{}},"clientInfo":{{"name":"t","version":"1"}}}}}}"#
    )
    .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["id"], 1, "{line}");
    assert!(v["result"]["capabilities"]["tools"].is_object(), "{line}");
    drop(stdin);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        supchat_testkit::mcp::fixture_program().file_name().unwrap(),
        "supchat-mcp-fixture"
    );
}
