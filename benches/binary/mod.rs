//! The real binary in a tmux pane of its own (a private tmux socket), for
//! the benchmarks that measure what the process spends: its CPU and peak
//! memory read from /proc.
// Each benchmark uses the part it needs.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// Whether tmux can be run here.
pub fn have_tmux() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// CPU time (user + system) of process `pid` so far.
pub fn cpu_of(pid: &str) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = stat.rsplit_once(") ")?.1;
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    // SAFETY: sysconf only reads a system constant.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    Some(Duration::from_millis(ticks * 1000 / hz))
}

/// Peak resident size of process `pid` so far, in bytes (`VmHWM`).
pub fn peak_of(pid: &str) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kib: u64 = s
        .lines()
        .find(|l| l.starts_with("VmHWM"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kib * 1024)
}

/// The CPU (user + system) of curl reading a stream POSTed to `url`: the
/// floor a client cannot go under (None without curl).
pub fn curl_cpu(url: &str) -> Option<Duration> {
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "TIMEFORMAT='%U %S'; {{ time curl -sN -X POST -o /dev/null {url} ; }} 2>&1"
        ))
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let secs: f64 = text
        .split_whitespace()
        .filter_map(|t| t.parse::<f64>().ok())
        .sum();
    (out.status.success() && !text.contains("command not found"))
        .then(|| Duration::from_secs_f64(secs))
}

/// A tmux server of its own with one pane running a command.
pub struct Pane {
    sock: String,
}

impl Pane {
    /// Starts `supchat ARGS` with `config` and data in `dir`, at 120x40.
    pub fn supchat(tag: &str, config: &Path, dir: &Path, args: &str) -> Option<Self> {
        // Another build to measure against (an older commit's, say), in
        // the same run as this one.
        let bin = std::env::var("SUPCHAT_BENCH_BIN")
            .unwrap_or_else(|_| env!("CARGO_BIN_EXE_supchat").to_owned());
        // A command to run it under (`perf record -g -o F`), for a look
        // at where its time goes.
        let under = std::env::var("SUPCHAT_BENCH_UNDER").unwrap_or_default();
        let cmd = format!(
            "exec env SUPCHAT_CONFIG={} XDG_DATA_HOME={} {under} {bin} {args}",
            config.display(),
            dir.display()
        );
        let pane = Self {
            sock: format!("supchat-bench-{tag}-{}", std::process::id()),
        };
        let size = ["-x", "120", "-y", "40"];
        pane.tmux(
            &[
                &["-f", "/dev/null", "new-session", "-d"],
                &size[..],
                &[&cmd],
            ]
            .concat(),
        )?;
        Some(pane)
    }

    fn tmux(&self, args: &[&str]) -> Option<Output> {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.sock)
            .args(args)
            .output()
            .ok()
    }

    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p"])
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
    }

    /// Waits until the screen shows `what`; false after `secs`.
    pub fn wait(&self, what: &str, secs: u64) -> bool {
        let start = Instant::now();
        while !self.screen().contains(what) {
            if start.elapsed() > Duration::from_secs(secs) {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        true
    }

    pub fn pid(&self) -> Option<String> {
        let out = self.tmux(&["display-message", "-p", "#{pane_pid}"])?;
        Some(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    }

    pub fn keys(&self, keys: &[&str]) -> Option<()> {
        self.tmux(&[&["send-keys"], keys].concat()).map(|_| ())
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}
