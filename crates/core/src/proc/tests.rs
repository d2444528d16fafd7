use super::*;

fn sh(script: &str) -> Command {
    let mut c = Command::new("sh");
    c.arg("-c").arg(script);
    c
}

const QUICK: Limits = Limits {
    timeout: Duration::from_secs(5),
    cap: 1024,
    no_terminal: false,
};

#[test]
fn output_and_status_and_stdin() {
    let f = run(
        sh("read x; echo got $x; echo oops >&2; exit 3"),
        Some(b"hi\n".to_vec()),
        QUICK,
        None,
    )
    .unwrap();
    assert_eq!(f.stdout, b"got hi\n");
    assert_eq!(f.stderr, b"oops\n");
    assert_eq!(f.status.and_then(|s| s.code()), Some(3));
    assert!(!f.timed_out && !f.truncated);
}

#[test]
fn stdin_is_closed_so_a_prompt_does_not_wait() {
    let started = Instant::now();
    let f = run(sh("read x || echo no-input"), None, QUICK, None).unwrap();
    assert_eq!(f.stdout, b"no-input\n");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn a_slow_child_is_killed_at_the_timeout_with_its_children() {
    let limits = Limits {
        timeout: Duration::from_millis(300),
        cap: 1024,
        no_terminal: true,
    };
    let started = Instant::now();
    let f = run(sh("sleep 30 & echo $!; wait"), None, limits, None).unwrap();
    assert!(f.timed_out && f.status.is_none());
    assert!(started.elapsed() < Duration::from_secs(3));
    let pid = String::from_utf8_lossy(&f.stdout).trim().to_owned();
    thread::sleep(Duration::from_millis(100));
    let alive = std::path::Path::new(&format!("/proc/{pid}")).exists()
        && !std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .unwrap_or_default()
            .contains(") Z ");
    assert!(!alive, "the grandchild {pid} is gone too");
}

#[test]
fn endless_output_is_cut_at_the_cap_and_the_child_killed() {
    let started = Instant::now();
    let f = run(sh("yes 0123456789"), None, QUICK, None).unwrap();
    assert!(f.truncated);
    assert_eq!(f.stdout.len(), 1024);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "killed, not waited for"
    );
}

#[test]
fn a_child_without_the_terminal_cannot_open_it() {
    let limits = Limits {
        no_terminal: true,
        ..QUICK
    };
    let f = run(
        sh("ps -o sid= -p $$; (: > /dev/tty) 2>/dev/null && echo has-tty || echo no-tty"),
        None,
        limits,
        None,
    )
    .unwrap();
    let out = String::from_utf8_lossy(&f.stdout);
    assert!(out.ends_with("no-tty\n"), "{out}");
    // A session of its own: its id is its pid, not ours.
    let sid: u32 = out.lines().next().unwrap_or("").trim().parse().unwrap_or(0);
    assert_ne!(sid, std::process::id());
}

#[test]
fn cancel_kills_it() {
    let flag = AtomicBool::new(true);
    let f = run(sh("sleep 30"), None, QUICK, Some(&flag)).unwrap();
    assert!(f.cancelled && f.status.is_none());
}
