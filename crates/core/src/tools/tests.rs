//! Tools: what a model may call, approval, running, and what comes back.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::*;
use crate::config::load_from_str;
use supchat_chat::{Approval, EntryId, ToolCall};

fn toolbox(extra: &str) -> (tempfile::TempDir, Toolbox) {
    let d = tempfile::tempdir().unwrap();
    let text = format!(
        r#"
enabled_tools = ["now", "read_file"]
[[tools]]
name = "weather"
description = "Weather for a city"
parameters = {{ type = "object", properties = {{ city = {{ type = "string" }} }}, required = ["city"] }}
command = ["sh", "-c", "cat; echo; echo from $SUPCHAT_TOOL_NAME"]
[[tools]]
name = "clock"
command = ["date"]
approve = "auto"
{extra}
"#
    );
    let cfg = load_from_str(&text, &d.path().join("config.toml")).unwrap();
    let tb = Toolbox::new(&cfg, d.path());
    (d, tb)
}

fn call(id: &str, name: &str, args: &str) -> ToolCall {
    ToolCall {
        id: id.into(),
        name: name.into(),
        arguments: args.into(),
    }
}

fn run_all(batch: &mut Batch, tb: &Toolbox) {
    let never = AtomicBool::new(false);
    for job in batch.take_jobs(tb) {
        let i = job.index;
        let r = job.run(&never);
        batch.finish(i, r);
    }
}

#[test]
fn tools_are_offered_with_their_schema_and_choice() {
    let (_d, tb) = toolbox("");
    let p = crate::config::ProviderConfig::defaults(
        "x",
        crate::config::ProviderKind::OpenAi,
        "http://h",
    );
    let o = tb.options(&p, ChatOptions::default());
    let defs = o.tools.unwrap();
    let names: Vec<&str> = defs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["function"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["now", "read_file", "weather", "clock"]);
    assert_eq!(defs[2]["type"], "function");
    assert_eq!(
        defs[2]["function"]["parameters"]["required"],
        json!(["city"])
    );
    assert_eq!(o.tool_choice, Some(json!("auto")));
    // Not to a provider that has them off, nor to Sup.ai by default.
    let mut off = p.clone();
    off.tools = false;
    assert_eq!(tb.options(&off, ChatOptions::default()).tools, None);
    let supai = crate::config::ProviderConfig::defaults(
        "s",
        crate::config::ProviderKind::SupAi,
        "http://h",
    );
    assert_eq!(tb.options(&supai, ChatOptions::default()).tools, None);
}

#[test]
fn unknown_tools_and_bad_arguments_go_back_as_errors() {
    let (_d, tb) = toolbox("");
    let calls = vec![
        call("a", "nope", "{}"),
        call("b", "weather", "{\"city\": \"Par"),
        call("c", "weather", "[1]"),
        call("d", "weather", "{}"),
        call("e", "weather", "{\"city\": 5}"),
    ];
    let b = Batch::new(1, EntryId(2), calls, &tb, &HashSet::new());
    assert!(b.is_done(), "nothing to ask or run");
    let r = b.results();
    assert!(
        r[0].content.starts_with(
            "error: there is no tool named \"nope\" (the tools are: now, read_file, weather, clock)"
        ),
        "{}",
        r[0].content
    );
    assert!(r[1].content.contains("not valid JSON"), "{}", r[1].content);
    assert!(r[2].content.contains("must be a JSON object"));
    assert!(
        r[3].content
            .contains("at /: \"city\" is a required property (rule `required`)"),
        "{}",
        r[3].content
    );
    assert!(
        r[4].content
            .contains("at /city: 5 is not of type \"string\" (rule `type`)"),
        "{}",
        r[4].content
    );
    assert!(r.iter().all(|r| r.is_error && r.approval.is_none()));
    assert_eq!(
        r.iter().map(|r| r.call_id.as_str()).collect::<Vec<_>>(),
        ["a", "b", "c", "d", "e"]
    );
}

/// Arguments are checked against the whole schema, nested objects and
/// arrays, enums and bounds included; what does not fit is named by its
/// path and rule (at most three), and the tool does not run.
#[test]
fn arguments_are_checked_against_the_whole_schema() {
    let (_d, tb) = toolbox(
        r#"
[[tools]]
name = "book"
parameters = { type = "object", required = ["trip"], properties = { mode = { enum = ["rail", "air"] }, trip = { type = "object", required = ["nights"], properties = { nights = { type = "integer", minimum = 1 }, towns = { type = "array", items = { type = "string" } } } } } }
command = ["echo", "booked"]
approve = "auto"
"#,
    );
    let calls = vec![
        call(
            "a",
            "book",
            r#"{"trip": {"nights": 0, "towns": ["Oslo", 7]}, "mode": "car"}"#,
        ),
        call("b", "book", r#"{"trip": {}}"#),
        call(
            "c",
            "book",
            r#"{"trip": {"nights": 2, "towns": ["Oslo"]}, "mode": "rail"}"#,
        ),
    ];
    let b = Batch::new(1, EntryId(2), calls, &tb, &HashSet::new());
    let r = b.results();
    let bad = &r[0].content;
    assert!(
        bad.starts_with("error: the arguments do not fit the tool's schema"),
        "{bad}"
    );
    for part in [
        "at /trip/nights: 0 is less than the minimum of 1 (rule `minimum`)",
        "at /trip/towns/1: 7 is not of type \"string\" (rule `type`)",
        "at /mode: \"car\" is not one of",
    ] {
        assert!(bad.contains(part), "{part:?} in {bad}");
    }
    assert!(
        r[1].content
            .contains("at /trip: \"nights\" is a required property"),
        "{}",
        r[1].content
    );
    assert!(r[..2].iter().all(|r| r.is_error));
    // The call that fits is not refused.
    assert!(r.iter().all(|x| x.call_id != "c" || !x.is_error), "{r:?}");
}

#[test]
fn approve_decline_and_always() {
    let (_d, tb) = toolbox("");
    let calls = vec![
        call("1", "weather", r#"{"city":"Paris"}"#),
        call("2", "clock", ""),
        call("3", "weather", r#"{"city":"Oslo"}"#),
        call("4", "weather", r#"{"city":"Rome"}"#),
    ];
    let mut allowed = HashSet::new();
    let mut b = Batch::new(1, EntryId(2), calls.clone(), &tb, &allowed);
    // clock runs without asking; the three weather calls wait.
    assert_eq!(b.asking(), Some(0));
    assert_eq!(b.asking_count(), 3);
    b.answer(0, Answer::Yes, &mut allowed);
    assert_eq!(b.asking(), Some(2));
    b.answer(2, Answer::No, &mut allowed);
    assert_eq!(b.asking(), Some(3));
    b.answer(3, Answer::Always, &mut allowed);
    assert_eq!(b.asking(), None);
    assert!(allowed.contains("weather"));
    run_all(&mut b, &tb);
    assert!(b.is_done());
    let r = b.results();
    assert_eq!(r[0].approval, Some(Approval::User));
    assert_eq!(r[0].content, "{\"city\":\"Paris\"}\nfrom weather\n");
    assert!(!r[0].is_error);
    assert_eq!(r[1].approval, Some(Approval::Auto));
    assert_eq!(r[2].approval, Some(Approval::Declined));
    assert_eq!(r[2].content, DECLINED);
    assert_eq!(r[3].approval, Some(Approval::Session));
    // The next reply's weather calls run without asking.
    let b = Batch::new(2, EntryId(9), calls, &tb, &allowed);
    assert_eq!(b.asking(), None);
}

#[test]
fn ask_flags_approve_or_decline_everything_waiting() {
    let (_d, tb) = toolbox("");
    let calls = vec![
        call("1", "weather", r#"{"city":"Paris"}"#),
        call("2", "now", "{}"),
    ];
    let mut b = Batch::new(1, EntryId(2), calls.clone(), &tb, &HashSet::new());
    b.approve_all(Approval::Flag);
    run_all(&mut b, &tb);
    let r = b.results();
    assert_eq!(r[0].approval, Some(Approval::Flag));
    assert!(r[1].content.contains("\"utc\""), "{}", r[1].content);
    let mut b = Batch::new(1, EntryId(2), calls, &tb, &HashSet::new());
    assert_eq!(b.decline_all(), [("weather".to_owned(), None)]);
    run_all(&mut b, &tb);
    assert_eq!(b.results()[0].approval, Some(Approval::Declined));
}

fn job_for(tb: &Toolbox, name: &str, args: &str) -> Job {
    let mut b = Batch::new(
        1,
        EntryId(2),
        vec![call("x", name, args)],
        tb,
        &HashSet::new(),
    );
    b.approve_all(Approval::User);
    b.take_jobs(tb).remove(0)
}

#[test]
fn failures_timeouts_and_big_output() {
    let extra = r#"
[[tools]]
name = "fails"
command = ["sh", "-c", "echo partial; echo broken >&2; exit 3"]
[[tools]]
name = "slow"
command = ["sh", "-c", "sleep 30 & echo $!; wait"]
timeout_secs = 1
[[tools]]
name = "flood"
command = ["yes", "0123456789abcdef"]
[[tools]]
name = "silent"
command = ["true"]
[[tools]]
name = "missing"
command = ["./no-such-script.sh"]
[[tools]]
name = "env"
command = ["sh", "-c", "echo key=${SUPAGE_API_KEY:-none}"]
"#;
    let (_d, tb) = toolbox(extra);
    let never = AtomicBool::new(false);
    let r = job_for(&tb, "fails", "{}").run(&never);
    assert!(r.is_error);
    assert_eq!(
        r.content,
        "error: the tool failed (exit status: 3)\npartial\nbroken\n"
    );

    let started = Instant::now();
    let r = job_for(&tb, "slow", "{}").run(&never);
    assert!(
        r.is_error
            && r.content
                .starts_with("error: timed out after 1 s; the tool was stopped"),
        "{}",
        r.content
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    let pid = r.content.lines().nth(1).unwrap().trim().to_owned();
    std::thread::sleep(Duration::from_millis(100));
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    assert!(
        stat.is_empty() || stat.contains(") Z "),
        "the tool's child {pid} is gone: {stat}"
    );

    let r = job_for(&tb, "flood", "{}").run(&never);
    assert!(!r.is_error);
    assert!(
        r.content.ends_with("\n[output truncated at 64 KiB]"),
        "{}",
        &r.content[r.content.len() - 60..]
    );
    assert!(r.content.len() <= OUTPUT_CAP + 40);

    assert_eq!(
        job_for(&tb, "silent", "{}").run(&never).content,
        "(no output)"
    );
    let r = job_for(&tb, "missing", "{}").run(&never);
    assert!(
        r.is_error && r.content.starts_with("error: cannot run "),
        "{}",
        r.content
    );

    // SAFETY: tests in this binary do not read this variable concurrently.
    unsafe { std::env::set_var("SUPAGE_API_KEY", "su-secret") };
    let r = job_for(&tb, "env", "{}").run(&never);
    assert_eq!(r.content, "key=none\n", "API keys are not given to tools");
}

#[test]
fn cancel_stops_a_running_tool() {
    let extra = r#"
[[tools]]
name = "slow"
command = ["sleep", "30"]
"#;
    let (_d, tb) = toolbox(extra);
    let cancel = std::sync::Arc::new(AtomicBool::new(false));
    let job = job_for(&tb, "slow", "{}");
    let flag = std::sync::Arc::clone(&cancel);
    let started = Instant::now();
    let h = std::thread::spawn(move || job.run(&flag));
    std::thread::sleep(Duration::from_millis(200));
    cancel.store(true, Ordering::Relaxed);
    let r = h.join().unwrap();
    assert!(
        r.is_error && r.content.starts_with("error: stopped"),
        "{}",
        r.content
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn the_built_in_file_tools_see_only_the_working_folder() {
    let (d, tb) = toolbox("");
    std::fs::write(d.path().join("a.txt"), "hello").unwrap();
    let never = AtomicBool::new(false);
    assert_eq!(
        job_for(&tb, "read_file", r#"{"path":"a.txt"}"#)
            .run(&never)
            .content,
        "hello"
    );
    let r = job_for(&tb, "read_file", r#"{"path":"../a.txt"}"#).run(&never);
    assert!(
        r.is_error && r.content.contains("uses \"..\""),
        "{}",
        r.content
    );
}

/// MCP tools beside the config's: offered once their server is ready (the
/// request made while it starts says so), more than 128 warned about,
/// checked, approved and run as a job like the others.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mcp_tools_are_offered_checked_and_run_beside_the_configs() {
    let fixture = supchat_testkit::mcp::fixture_program();
    let extra = format!(
        "[mcp_servers.fx]\ncommand = [{:?}, \"--many\", \"130\", \"--slow-start-ms\", \"300\"]\n",
        fixture.display().to_string()
    );
    let (d, mut tb) = toolbox(&extra);
    let cfg = load_from_str(&format!("{extra}\n"), &d.path().join("config.toml")).unwrap();
    let provider = cfg.providers[0].clone();
    let hub = crate::mcp::Hub::new(&cfg, d.path(), tokio::runtime::Handle::current());
    tb.set_mcp(hub.clone());
    hub.start_enabled();
    let notes = tb.notes(&provider);
    assert_eq!(
        notes,
        vec!["the MCP server fx is still starting: this message goes without its tools"]
    );
    let names = |tb: &Toolbox| -> Vec<String> {
        let o = tb.options(&provider, ChatOptions::default());
        o.tools
            .unwrap_or_default()
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["function"]["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(&tb), ["now", "read_file", "weather", "clock"]);
    hub.settled().await;
    let all = names(&tb);
    assert_eq!(all.len(), 4 + 10 + 130);
    assert!(all.contains(&"mcp__fx__echo".to_owned()));
    let notes = tb.notes(&provider);
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0].starts_with("144 tools are offered and providers refuse more than 128"),
        "{notes:?}"
    );
    // Checked against its schema, asked about, run as a job.
    let calls = vec![
        call("c1", "mcp__fx__echo", r#"{"text": 3}"#),
        call("c2", "mcp__fx__echo", r#"{"text": "你好"}"#),
    ];
    let mut allowed = HashSet::new();
    let mut b = Batch::new(1, EntryId(1), calls, &tb, &allowed);
    let State::Finished(r) = &b.items[0].state else {
        panic!("{:?}", b.items[0].state)
    };
    assert!(
        r.content.contains("at /text: 3 is not of type \"string\""),
        "{}",
        r.content
    );
    assert_eq!(b.asking(), Some(1), "approve = ask by default");
    b.answer(1, Answer::Always, &mut allowed);
    assert!(allowed.contains("mcp__fx__echo"));
    let jobs = b.take_jobs(&tb);
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].tool.what_runs(), "echo of the MCP server fx");
    let job = jobs.into_iter().next().unwrap();
    let result = tokio::task::spawn_blocking(move || job.run(&AtomicBool::new(false)))
        .await
        .unwrap();
    assert_eq!((result.content.as_str(), result.is_error), ("你好", false));
    // The server turned off: a call of its tool, checked before, fails
    // instead of holding the turn.
    let calls = vec![call("c3", "mcp__fx__echo", r#"{"text": "x"}"#)];
    let mut b = Batch::new(1, EntryId(1), calls, &tb, &allowed);
    hub.stop("fx");
    assert!(b.take_jobs(&tb).is_empty());
    assert!(b.is_done());
    let State::Finished(r) = &b.items[0].state else {
        panic!()
    };
    assert!(r.content.contains("no longer offered"), "{}", r.content);
}

/// A call asking for a reason of its own (a secret): the reason reads in
/// Chinese where it is shown, and the model is told it in English.
#[test]
fn a_reason_to_ask_is_chinese_for_the_user_and_english_for_the_model() {
    supchat_i18n::set_for_this_thread(supchat_i18n::Lang::ZhCn);
    let (_d, tb) = toolbox("");
    let calls = vec![call("c1", "read_file", r#"{"path":".ssh/id_rsa"}"#)];
    let mut b = Batch::new(1, EntryId(2), calls, &tb, &HashSet::new());
    assert_eq!(b.items[0].why.as_deref(), Some(".ssh 存放着密钥"));
    let declined = b.decline_all();
    assert_eq!(declined[0].1.as_deref(), Some(".ssh 存放着密钥"));
    let State::Finished(r) = &b.items[0].state else {
        panic!("declined: {:?}", b.items[0].state)
    };
    assert!(
        r.content.contains("needs the user's yes (.ssh holds keys)"),
        "{}",
        r.content
    );
    assert_eq!(
        tb.get("read_file").unwrap().what_runs(),
        "内置工具 read_file（只读，仅限工作目录）"
    );
}
