//! A guardian between supchat and a tool, so that what a tool starts ends
//! with it even when supchat is killed (`kill -9`: supchat can do nothing
//! then). The guardian is supchat's own binary run as
//! `supchat __supchat-guard PROGRAM ARGS…`; it
//!
//! - becomes a child subreaper (`PR_SET_CHILD_SUBREAPER`): whatever the
//!   tool starts, in a session of its own too (`setsid`), is reparented to
//!   the guardian when its parent goes, not to init;
//! - runs the tool with the guardian's stdin, stdout and stderr;
//! - ends every descendant it holds when the tool exits, when asked to
//!   stop (SIGTERM: supchat's timeout or cancel), or when supchat is gone
//!   (its parent changes), then exits with the tool's status.
//!
//! What still escapes: a process that double-forks out of the guardian's
//! tree cannot (a subreaper keeps orphans of its descendants), but one that
//! is given to another subreaper, or a daemon started through a system
//! service (systemd, a socket-activated helper), is not the guardian's.
//! Where the binary is not known (the library's own tests) tools run
//! without a guardian.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The argument that makes supchat a guardian.
pub const ARG: &str = "__supchat-guard";

static EXE: OnceLock<PathBuf> = OnceLock::new();

/// Tools run under a guardian from now on: `exe` is supchat's binary.
pub fn enable(exe: PathBuf) {
    let _ = EXE.set(exe);
}

/// `cmd` wrapped in a guardian, when one is enabled.
pub fn wrap(cmd: &Command) -> Option<Command> {
    let exe = EXE.get()?;
    let mut g = Command::new(exe);
    // supchat's pid: a guardian started as supchat died sees it at once.
    g.arg(ARG)
        .arg(std::process::id().to_string())
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => g.env(k, v),
            None => g.env_remove(k),
        };
    }
    if let Some(d) = cmd.get_current_dir() {
        g.current_dir(d);
    }
    Some(g)
}

static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_term(_: libc::c_int) {
    STOP.store(true, Ordering::Relaxed);
}

/// The guardian's life: runs `argv` and ends everything it started.
/// Returns the exit code.
pub fn run(argv: &[std::ffi::OsString]) -> i32 {
    let Some((supchat, argv)) = argv.split_first() else {
        return 127;
    };
    let Some((program, args)) = argv.split_first() else {
        return 127;
    };
    let supchat: libc::pid_t = supchat.to_str().and_then(|s| s.parse().ok()).unwrap_or(0);
    // SAFETY: prctl and signal with a handler that only stores an atomic.
    unsafe {
        libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1);
        libc::signal(libc::SIGTERM, on_term as *const () as libc::sighandler_t);
    }
    // SAFETY: getppid and getpid have no preconditions.
    let (parent, me) = unsafe { (libc::getppid(), libc::getpid()) };
    // supchat died before this guardian could be told: nothing is run.
    if parent != supchat {
        return 128 + libc::SIGKILL;
    }
    let mut tool_cmd = Command::new(program);
    tool_cmd.args(args);
    // SAFETY: prctl(2) is async-signal-safe; the tool dies if the
    // guardian does (killed with SIGKILL, which it cannot catch).
    unsafe {
        use std::os::unix::process::CommandExt;
        tool_cmd.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
    let child = match tool_cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            eprintln!(
                "{}",
                super::for_model::cannot_run(&program.to_string_lossy(), &e)
            );
            return 127;
        }
    };
    let tool = child.id() as libc::pid_t;
    let mut code = None;
    loop {
        code = code.or_else(|| reap(tool));
        // SAFETY: getppid has no preconditions.
        let orphaned = unsafe { libc::getppid() } != parent;
        if code.is_some() || orphaned || STOP.load(Ordering::Relaxed) {
            // The tool first if it still runs (once reaped its pid may be
            // another's), then all the rest.
            if code.is_none() {
                // SAFETY: kill of our own child, not yet reaped.
                unsafe {
                    libc::kill(tool, libc::SIGKILL);
                }
            }
            end_all(me);
            return code.unwrap_or(128 + libc::SIGKILL);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Reaps every child that ended; the tool's exit code once it did.
fn reap(tool: libc::pid_t) -> Option<i32> {
    let mut code = None;
    loop {
        let mut status = 0;
        // SAFETY: waitpid with a valid pointer to an int.
        let pid = unsafe { libc::waitpid(-1, &mut status, libc::WNOHANG) };
        if pid <= 0 {
            return code;
        }
        if pid == tool {
            code = Some(if libc::WIFEXITED(status) {
                libc::WEXITSTATUS(status)
            } else {
                128 + libc::WTERMSIG(status)
            });
        }
    }
}

/// Kills every process the guardian holds, until none is left (killing
/// one hands its children to the guardian, the subreaper).
fn end_all(me: libc::pid_t) {
    for _ in 0..100 {
        let children = children_of(me);
        if children.is_empty() {
            return;
        }
        for pid in children {
            // SAFETY: kill with a pid read from /proc; at worst it is gone.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
            }
        }
        std::thread::sleep(Duration::from_millis(10));
        let _ = reap(0);
    }
}

/// The pids whose parent is `me`, from /proc.
fn children_of(me: libc::pid_t) -> Vec<libc::pid_t> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<libc::pid_t>().ok())
        .filter(|&pid| {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|s| {
                    let (_, rest) = s.rsplit_once(") ")?;
                    rest.split_whitespace().nth(1)?.parse::<libc::pid_t>().ok()
                })
                == Some(me)
        })
        .collect()
}
