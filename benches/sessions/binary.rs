//! The real binary against a populated store: `supchat sessions` commands
//! and resuming a big session, with the memory each takes.

use super::*;

/// Peak resident size of the finished children so far, in MiB.
fn children_peak() -> f64 {
    // SAFETY: getrusage fills the struct it is given.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru) };
    ru.ru_maxrss as f64 / 1024.0
}

pub(super) fn cli(cfg: &Path) {
    let bin = env!("CARGO_BIN_EXE_supchat");
    println!("the real binary (wall time of the process; peak memory of the largest run):");
    for args in [
        vec!["sessions", "list"],
        vec!["sessions", "search", "borrow", "checker"],
        vec!["sessions", "search", "lifet"],
    ] {
        let mut ok = true;
        let (med, best) = runs(10, || {
            let out = Command::new(bin)
                .args(&args)
                .env("SUPCHAT_CONFIG", cfg)
                .output()
                .unwrap();
            ok &= out.status.success() && !out.stdout.is_empty();
        });
        println!(
            "  supchat {:32} {med:7.1} ms median, {best:7.1} ms best{}",
            args.join(" "),
            if ok { "" } else { "  (FAILED)" }
        );
    }
    println!(
        "  peak resident size of those runs: {:.1} MiB",
        children_peak()
    );
}

fn status_of(pid: &str, field: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

/// `supchat --resume BIG` in tmux: time to the first frame (its title in
/// the header), and the process's memory with the session open.
pub(super) fn resume(cfg: &Path, big: &SessionId) {
    let bin = env!("CARGO_BIN_EXE_supchat");
    let sock = format!("supchat-bench-sessions-{}", std::process::id());
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .arg("-L")
            .arg(&sock)
            .args(args)
            .output()
    };
    let _ = tmux(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-x",
        "120",
        "-y",
        "40",
        "sleep 600",
    ]);
    let mut times = Vec::new();
    let mut peak: f64 = 0.0;
    let mut rss: f64 = 0.0;
    let mut scrolled: f64 = 0.0;
    for i in 0..5 {
        let win = format!("w{i}");
        let cmd = format!(
            "exec env SUPCHAT_CONFIG={} SUPAGE_API_KEY=x {bin} --resume {big}",
            cfg.display()
        );
        let start = Instant::now();
        let _ = tmux(&["new-window", "-n", &win, &cmd]);
        let mut shown = false;
        while start.elapsed() < Duration::from_secs(20) {
            let out = tmux(&["capture-pane", "-p", "-t", &win]).map(|o| o.stdout);
            if String::from_utf8_lossy(&out.unwrap_or_default()).contains("the big one") {
                shown = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        if !shown {
            println!("  --resume: the newest message did not appear within 20 s");
            break;
        }
        times.push(start.elapsed());
        std::thread::sleep(Duration::from_millis(500));
        let pid = tmux(&["display-message", "-p", "-t", &win, "#{pane_pid}"])
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default();
        peak = peak.max(status_of(&pid, "VmHWM"));
        rss = rss.max(status_of(&pid, "VmRSS"));
        if i == 0 {
            // Read through it: the start, then back to the end.
            for k in ["Home", "PageDown", "PageDown", "End"] {
                let _ = tmux(&["send-keys", "-t", &win, k]);
                std::thread::sleep(Duration::from_millis(400));
            }
            scrolled = status_of(&pid, "VmHWM");
        }
        let _ = tmux(&["kill-window", "-t", &win]);
        // The next run must not find this one's claim (it ends at once,
        // but is killed, so give the zombie check nothing to wait for).
        std::thread::sleep(Duration::from_millis(200));
    }
    let _ = tmux(&["kill-server"]);
    if times.is_empty() {
        return;
    }
    times.sort();
    println!(
        "  supchat --resume (the {BIG}-message session), start to first frame in tmux: median {:.0} ms, best {:.0} ms ({} runs, includes tmux polling)",
        ms(times[times.len() / 2]),
        ms(times[0]),
        times.len()
    );
    println!(
        "  with it open: peak {peak:.1} MiB resident, {rss:.1} MiB now; after Home, PageDown x2, End: peak {scrolled:.1} MiB"
    );
}
