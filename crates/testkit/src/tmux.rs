//! A tmux server on a private socket running the real binary: type, read
//! the screen, wait for text. The machine's own tmux sessions are never touched.

use std::process::Command;
use std::time::{Duration, Instant};

pub fn tmux_available() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok && std::env::var_os("CI").is_some() {
        panic!("tmux is required in CI (.ci/run installs it)");
    }
    ok
}

pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// A new tmux server with one session of `w`x`h` running `command`.
    /// The machine's clipboard tools are never run (OSC 52 only).
    pub fn start(name: &str, w: u16, h: u16, command: &str) -> Self {
        // Sessions go to a folder of this test's own, never the machine's.
        let data = std::env::temp_dir().join(format!("supchat-data-{name}-{}", std::process::id()));
        // Empty: an earlier run whose process had the same pid left its
        // sessions and remembered choices there.
        let _ = std::fs::remove_dir_all(&data);
        // The interface in English whatever the machine's locale (a test
        // wanting Chinese says `--lang zh-CN`); LANG stays for the
        // character set.
        let command = format!(
            "unset LC_ALL; export LC_MESSAGES=C SUPCHAT_CLIPBOARD=osc52 XDG_DATA_HOME='{}'; {command}",
            data.display()
        );
        let t = Self {
            socket: format!("supchat-{name}-{}", std::process::id()),
        };
        t.cmd(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            &w.to_string(),
            "-y",
            &h.to_string(),
            "sh",
            "-c",
            &command,
        ]);
        t
    }

    pub fn cmd(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn screen(&self) -> String {
        self.cmd(&["capture-pane", "-p"])
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend_from_slice(keys);
        self.cmd(&args);
    }

    /// Literal text, typed as is.
    pub fn type_text(&self, text: &str) {
        self.cmd(&["send-keys", "-l", text]);
    }

    /// Waits until the screen shows `needle`; panics with the screen if not.
    pub async fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(needle) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(15) {
                panic!("timed out waiting for {needle:?}; the screen:\n{s}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn display(&self, format: &str) -> String {
        self.cmd(&["display-message", "-p", format])
            .trim()
            .to_owned()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.cmd(&["kill-server"]);
    }
}
