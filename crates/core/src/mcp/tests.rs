//! The hub against the test MCP server (`supchat-mcp-fixture`, built with
//! rmcp's server side): started in the background, listed, called, timed
//! out, cancelled, crashed, changed, and over streamable HTTP.

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use supchat_testkit::mcp::{Behaviour, fixture_program, serve_http};

use super::*;
use crate::config::load_from_str;

/// A hub of one fixture server named `fx`, run with `args`, and `more`
/// lines of its table.
fn hub_of(args: &[&str], more: &str) -> Hub {
    let mut argv = vec![fixture_program().display().to_string()];
    argv.extend(args.iter().map(|a| a.to_string()));
    let text = format!(
        "[mcp_servers.fx]\ncommand = {}\n{more}\n",
        serde_json::to_string(&argv).unwrap()
    );
    hub_from(&text)
}

/// A hub of the servers of config `text`, none started yet.
fn hub_from(text: &str) -> Hub {
    let cfg = load_from_str(text, Path::new("/cfg/config.toml")).unwrap();
    Hub::new(&cfg, Path::new("/"), Handle::current())
}

/// A hub of one server `web` at `url`, its token in `var`, settled.
async fn http_hub(url: &str, var: &str) -> Hub {
    let hub = hub_from(&format!(
        "[mcp_servers.web]\nurl = \"{url}\"\nbearer_token_env = \"{var}\"\n"
    ));
    hub.start_enabled();
    hub.settled().await;
    hub
}

fn no_cancel() -> AtomicBool {
    AtomicBool::new(false)
}

async fn call(hub: &Hub, tool: &str, args: Value) -> (String, bool) {
    hub.call("fx", tool, args, Duration::from_secs(10), &no_cancel())
        .await
}

/// Waits (at most 10 s) until `f` holds of the hub.
async fn until(hub: &Hub, f: impl Fn(&Hub) -> bool) {
    let start = Instant::now();
    while !f(hub) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{:?}",
            hub.rows()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn status(hub: &Hub) -> Status {
    hub.rows()[0].status.clone()
}

fn offered_names(hub: &Hub) -> Vec<String> {
    hub.offered(&Default::default())
        .into_iter()
        .map(|o| o.name)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_starts_in_the_background_and_its_tools_are_offered_and_called() {
    let hub = hub_of(&["--slow-start-ms", "300"], "");
    assert_eq!(status(&hub), Status::Off);
    let t = Instant::now();
    hub.start_enabled();
    assert!(
        t.elapsed() < Duration::from_millis(200),
        "start does not wait"
    );
    assert_eq!(status(&hub), Status::Starting);
    assert!(
        offered_names(&hub).is_empty(),
        "nothing offered while starting"
    );
    hub.settled().await;
    assert_eq!(
        status(&hub),
        Status::Ready {
            tools: 10,
            offered: 10
        }
    );
    let offered = hub.offered(&Default::default());
    let echo = offered.iter().find(|o| o.tool == "echo").unwrap();
    assert_eq!(echo.name, "mcp__fx__echo");
    assert_eq!(echo.server, "fx");
    assert_eq!(echo.approve, Approve::Ask);
    assert_eq!(echo.schema["required"], serde_json::json!(["text"]));
    assert_eq!(
        call(&hub, "echo", serde_json::json!({"text": "你好"})).await,
        ("你好".to_owned(), false)
    );
    assert_eq!(
        call(&hub, "add", serde_json::json!({"a": 2, "b": 3})).await,
        ("5".to_owned(), false)
    );
    let (pic, err) = call(&hub, "picture", serde_json::json!({})).await;
    assert!(!err);
    assert!(pic.starts_with("a red dot\n[image: image/png, "), "{pic}");
    let (failed, err) = call(&hub, "fails", serde_json::json!({})).await;
    assert!(err, "an error result is an error");
    assert_eq!(failed, "error: the disk is full");
    assert!(
        hub.rows()[0]
            .stderr
            .iter()
            .any(|l| l.contains("fixture: ready")),
        "stderr is kept: {:?}",
        hub.rows()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_never_answers_initialize_fails_at_its_startup_timeout() {
    let hub = hub_of(&["--hang-init"], "startup_timeout_secs = 1");
    hub.start_enabled();
    assert_eq!(hub.starting(), vec!["fx".to_owned()]);
    let t = Instant::now();
    hub.settled().await;
    assert!(t.elapsed() < Duration::from_secs(5));
    assert_eq!(
        status(&hub),
        Status::Failed("did not start within 1 s (startup_timeout_secs)".into())
    );
    let (why, err) = call(&hub, "echo", serde_json::json!({"text": "x"})).await;
    assert!(
        err && why.contains("failed (did not start within 1 s"),
        "{why}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_times_out_or_is_cancelled_and_the_server_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log");
    let hub = hub_of(&["--log", log.to_str().unwrap()], "");
    hub.start_enabled();
    hub.settled().await;
    let (why, err) = hub
        .call(
            "fx",
            "wait",
            serde_json::json!({}),
            Duration::from_millis(500),
            &no_cancel(),
        )
        .await;
    assert!(err);
    assert_eq!(
        why,
        "error: the MCP server fx did not answer within 0.5 s (call_timeout_secs); the call was cancelled"
    );
    let cancel = std::sync::Arc::new(AtomicBool::new(false));
    let flag = std::sync::Arc::clone(&cancel);
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        flag.store(true, std::sync::atomic::Ordering::Relaxed);
    });
    let (why, err) = hub
        .call(
            "fx",
            "wait",
            serde_json::json!({}),
            Duration::from_secs(30),
            &cancel,
        )
        .await;
    assert_eq!(
        (why.as_str(), err),
        ("error: stopped: the user cancelled the turn", true)
    );
    let read = || std::fs::read_to_string(&log).unwrap_or_default();
    let start = Instant::now();
    while !read().contains("cancelled cancelled by the user") {
        assert!(start.elapsed() < Duration::from_secs(5), "{}", read());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(read().contains("cancelled timed out"), "{}", read());
    assert_eq!(
        call(&hub, "echo", serde_json::json!({"text": "still here"})).await,
        ("still here".to_owned(), false),
        "the server goes on after a cancelled call"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_dies_is_marked_failed_and_its_tools_leave() {
    let hub = hub_of(&[], "");
    hub.start_enabled();
    hub.settled().await;
    assert!(!offered_names(&hub).is_empty());
    let (_, err) = call(&hub, "crash", serde_json::json!({})).await;
    assert!(err, "the call of a server that dies fails");
    until(&hub, |h| matches!(status(h), Status::Failed(_))).await;
    assert!(offered_names(&hub).is_empty());
    let row = &hub.rows()[0];
    assert!(
        row.stderr.iter().any(|l| l.contains("crashing on purpose")),
        "{row:?}"
    );
    // Restarted, it is back.
    assert!(hub.start("fx"));
    hub.settled().await;
    assert!(offered_names(&hub).contains(&"mcp__fx__echo".to_owned()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_list_follows_the_servers_list_changed_notification() {
    let hub = hub_of(&[], "");
    hub.start_enabled();
    hub.settled().await;
    assert!(!offered_names(&hub).contains(&"mcp__fx__late".to_owned()));
    assert_eq!(
        call(&hub, "grow", serde_json::json!({})).await,
        ("grew".to_owned(), false)
    );
    until(&hub, |h| {
        offered_names(h).contains(&"mcp__fx__late".to_owned())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_tools_colliding_names_and_the_allow_and_deny_lists() {
    let hub = hub_of(
        &["--many", "200", "--twins"],
        "disabled_tools = [\"crash\"]",
    );
    hub.start_enabled();
    hub.settled().await;
    let names = offered_names(&hub);
    assert_eq!(names.len(), 10 + 2 + 200 - 1);
    assert!(!names.contains(&"mcp__fx__crash".to_owned()));
    let twins: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("mcp__fx__a_b"))
        .collect();
    assert_eq!(twins.len(), 2);
    assert_ne!(twins[0], twins[1]);
    assert_eq!(
        status(&hub),
        Status::Ready {
            tools: 212,
            offered: 211
        }
    );
    let only = hub_of(
        &[],
        "enabled_tools = [\"echo\", \"ecko\"]\ntools.nosuch.approve = \"auto\"",
    );
    only.start_enabled();
    only.settled().await;
    assert_eq!(offered_names(&only), vec!["mcp__fx__echo".to_owned()]);
    let row = &only.rows()[0];
    assert_eq!(row.tools, vec!["echo".to_owned()]);
    assert_eq!(
        row.notes,
        vec![
            "enabled_tools names ecko, which the server does not list".to_owned(),
            "tools.NAME names nosuch, which the server does not list".to_owned()
        ],
        "a typo in the lists is said"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_gets_a_clean_environment_without_the_providers_keys() {
    // SAFETY: this test's own variables, read by the child it starts.
    unsafe {
        std::env::set_var("SUPAGE_API_KEY", "su-test-never-given");
        std::env::set_var("SUPCHAT_MCP_TEST_PASSED", "passed");
        std::env::set_var("SUPCHAT_MCP_TEST_OTHER", "other");
    }
    let hub = hub_of(
        &[],
        "env_vars = [\"SUPCHAT_MCP_TEST_PASSED\"]\nenv = { SET_HERE = \"yes\" }",
    );
    hub.start_enabled();
    hub.settled().await;
    for (name, want) in [
        ("SUPAGE_API_KEY", "(unset)"),
        ("SUPCHAT_MCP_TEST_OTHER", "(unset)"),
        ("SUPCHAT_MCP_TEST_PASSED", "passed"),
        ("SET_HERE", "yes"),
    ] {
        let (got, _) = call(&hub, "env", serde_json::json!({ "name": name })).await;
        assert_eq!(got, want, "{name}");
    }
    let (path, _) = call(&hub, "env", serde_json::json!({"name": "PATH"})).await;
    assert_ne!(path, "(unset)", "PATH is given");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn turned_off_and_on_for_the_session() {
    let hub = hub_of(&[], "");
    hub.start_enabled();
    hub.settled().await;
    assert!(hub.toggle("fx"));
    assert_eq!(status(&hub), Status::Off);
    assert!(offered_names(&hub).is_empty());
    let (why, err) = call(&hub, "echo", serde_json::json!({"text": "x"})).await;
    assert!(err && why.contains("turned off"), "{why}");
    assert!(hub.toggle("fx"));
    hub.settled().await;
    assert!(matches!(status(&hub), Status::Ready { .. }));
    let off = hub_of(&[], "enabled = false");
    off.start_enabled();
    assert_eq!(
        status(&off),
        Status::Off,
        "a disabled server is not started"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_program_fails_with_a_clear_reason() {
    let hub = hub_from("[mcp_servers.gone]\ncommand = [\"supchat-no-such-mcp-server\"]\n");
    hub.start_enabled();
    hub.settled().await;
    assert_eq!(
        hub.rows()[0].status,
        Status::Failed("cannot find the program supchat-no-such-mcp-server in PATH".into())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_streamable_http_server_is_listed_and_called_with_its_token() {
    let url = serve_http(Behaviour::default()).await.unwrap();
    // SAFETY: this test's own variable.
    unsafe { std::env::set_var("SUPCHAT_MCP_TEST_TOKEN", "tok-0123456789") };
    let hub = http_hub(&url, "SUPCHAT_MCP_TEST_TOKEN").await;
    assert!(
        matches!(hub.rows()[0].status, Status::Ready { tools: 10, .. }),
        "{:?}",
        hub.rows()
    );
    let got = hub
        .call(
            "web",
            "echo",
            serde_json::json!({"text": "over http"}),
            Duration::from_secs(10),
            &no_cancel(),
        )
        .await;
    assert_eq!(got, ("over http".to_owned(), false));
    // No token: a clear reason, not a hang.
    let hub = http_hub(&url, "SUPCHAT_MCP_TEST_NO_SUCH").await;
    assert_eq!(
        hub.rows()[0].status,
        Status::Failed("bearer_token_env names SUPCHAT_MCP_TEST_NO_SUCH, which is not set".into())
    );
}

/// A server saying over and over that its list changed is listed again
/// once at a time, not once a notice (each notice a listing grew memory
/// without bound in a helper's attack).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_changed_notices_fold_into_one_listing_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log");
    let hub = hub_of(&["--log", log.to_str().unwrap()], "");
    hub.start_enabled();
    hub.settled().await;
    assert_eq!(
        call(&hub, "storm", serde_json::json!({})).await,
        ("stormed".to_owned(), false)
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let listings = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .filter(|l| *l == "list")
        .count();
    assert!(
        (2..20).contains(&listings),
        "500 notices, {listings} listings"
    );
    assert!(matches!(status(&hub), Status::Ready { tools: 10, .. }));
}

/// A list that pages for ever is cut (at 1,000 tools), and a tool whose
/// schema is over 64 KiB is left out; both said in the row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endless_lists_and_huge_schemas_are_cut_and_said() {
    let hub = hub_of(&["--pages-forever"], "");
    hub.start_enabled();
    hub.settled().await;
    let row = &hub.rows()[0];
    assert_eq!(
        row.status,
        Status::Ready {
            tools: 1000,
            offered: 1000
        }
    );
    assert_eq!(row.notes.len(), 1);
    assert!(
        row.notes[0].starts_with("left out the rest of its list: it was cut at 1000 tools ("),
        "{row:?}"
    );
    let hub = hub_of(&["--big-schema"], "");
    hub.start_enabled();
    hub.settled().await;
    let row = &hub.rows()[0];
    assert_eq!(
        row.status,
        Status::Ready {
            tools: 11,
            offered: 10
        }
    );
    assert!(
        row.notes[0].starts_with("left out huge: its input schema is "),
        "{row:?}"
    );
    assert!(!offered_names(&hub).contains(&"mcp__fx__huge".to_owned()));
}

/// A server's bearer token is taken out of what its tools return (echoed
/// back, it would reach the screen, the model and the session).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bearer_token_is_taken_out_of_tool_results() {
    let url = serve_http(Behaviour::default()).await.unwrap();
    // SAFETY: this test's own variable.
    unsafe { std::env::set_var("SUPCHAT_MCP_TEST_TOKEN2", "tok-SECRET-4242xyz") };
    let hub = http_hub(&url, "SUPCHAT_MCP_TEST_TOKEN2").await;
    let got = hub
        .call(
            "web",
            "echo",
            serde_json::json!({"text": "your header: Bearer tok-SECRET-4242xyz"}),
            Duration::from_secs(10),
            &no_cancel(),
        )
        .await;
    assert_eq!(got, ("your header: Bearer [redacted]".to_owned(), false));
}

/// A server restarted while a call of its runs: the call says so (not
/// that the server is gone), and the new run is not marked failed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_during_a_call_is_not_a_failure() {
    let hub = hub_of(&[], "");
    hub.start_enabled();
    hub.settled().await;
    let h = hub.clone();
    let waiting = tokio::spawn(async move { call(&h, "wait", serde_json::json!({})).await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(hub.is_on("fx"));
    hub.start("fx");
    let (why, err) = waiting.await.unwrap();
    assert!(err);
    assert_eq!(
        why,
        "error: the MCP server fx was restarted or turned off while this call ran; the call did not finish"
    );
    hub.settled().await;
    assert!(
        matches!(status(&hub), Status::Ready { .. }),
        "{:?}",
        hub.rows()
    );
}

/// Why a server failed reads in Chinese in its row; a call of it tells the
/// model in English.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_reads_in_chinese_and_the_model_is_told_in_english() {
    supchat_i18n::set_for_this_thread(supchat_i18n::Lang::ZhCn);
    let hub = hub_from("[mcp_servers.gone]\ncommand = [\"supchat-no-such-mcp-server\"]\n");
    hub.start_enabled();
    hub.settled().await;
    assert_eq!(
        hub.rows()[0].status,
        Status::Failed("在 PATH 中找不到程序 supchat-no-such-mcp-server".into())
    );
    let (text, is_error) = hub
        .call(
            "gone",
            "x",
            Value::Null,
            Duration::from_secs(1),
            &no_cancel(),
        )
        .await;
    assert!(is_error);
    assert_eq!(
        text,
        "error: the MCP server gone failed (cannot find the program supchat-no-such-mcp-server in PATH); the call was not made"
    );
}
