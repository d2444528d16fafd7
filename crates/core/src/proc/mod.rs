//! Running a child program with limits: stdin closed (or given), no
//! terminal, its own process group (killed whole on timeout, overflow or
//! cancel), a timeout, and output capped in memory. Used for `api_key_cmd`
//! (which may wait for a passphrase that never comes, or print forever) and
//! for tools. Blocking: call it off the async threads.

use std::io::{Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

#[cfg(target_os = "linux")]
mod for_model;
pub mod guard;

/// How long and how much a child may take.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub timeout: Duration,
    /// Bytes kept of stdout (and of stderr); more kills the child.
    pub cap: usize,
    /// In a session of its own, without the terminal: it cannot open
    /// `/dev/tty` to draw over the screen or ask for a password there
    /// (tools). A key command keeps the terminal, for a pinentry.
    pub no_terminal: bool,
}

#[derive(Debug)]
pub struct Finished {
    /// `None` when the child was killed (timeout, overflow, cancel).
    pub status: Option<ExitStatus>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub timed_out: bool,
    /// Output passed the cap: what was kept is its start.
    pub truncated: bool,
    pub cancelled: bool,
}

/// What a reader thread has read of one pipe.
#[derive(Default)]
struct Pipe {
    data: Vec<u8>,
    /// The pipe had more than the cap.
    over: bool,
    /// The pipe reached its end.
    done: bool,
}

type Shared = Arc<Mutex<Pipe>>;

/// Reads `r` into `pipe`, up to `cap` bytes.
fn read_into(mut r: impl Read + Send + 'static, cap: usize) -> Shared {
    let pipe: Shared = Arc::default();
    let shared = Arc::clone(&pipe);
    thread::spawn(move || {
        let mut buf = [0u8; 8192];
        loop {
            let n = r.read(&mut buf).unwrap_or(0);
            let mut p = shared.lock().unwrap_or_else(PoisonError::into_inner);
            if n == 0 {
                p.done = true;
                return;
            }
            let room = cap.saturating_sub(p.data.len());
            p.data.extend_from_slice(&buf[..n.min(room)]);
            if n > room {
                p.over = true;
                p.done = true;
                return;
            }
        }
    });
    pipe
}

fn state(p: &Shared) -> (bool, bool) {
    let p = p.lock().unwrap_or_else(PoisonError::into_inner);
    (p.over, p.done)
}

fn take(p: &Shared) -> (Vec<u8>, bool) {
    let mut p = p.lock().unwrap_or_else(PoisonError::into_inner);
    (std::mem::take(&mut p.data), p.over)
}

/// Kills the child's whole process group (it leads its own, see `run`).
fn kill_group(child: &mut Child) {
    #[cfg(unix)]
    {
        if let Ok(pid) = libc::pid_t::try_from(child.id()) {
            // SAFETY: kill(2) with a negative pid signals that process
            // group; it touches no memory of ours.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
    }
    let _ = child.kill();
}

/// Runs `cmd` with `input` on its stdin (closed when `None`), within
/// `limits`; `cancel` set to true kills it early.
pub fn run(
    mut cmd: Command,
    input: Option<Vec<u8>>,
    limits: Limits,
    cancel: Option<&AtomicBool>,
) -> std::io::Result<Finished> {
    // Stopped while it waited for its turn: nothing is started.
    if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
        return Ok(Finished {
            status: None,
            stdout: Vec::new(),
            stderr: Vec::new(),
            timed_out: false,
            truncated: false,
            cancelled: true,
        });
    }
    // A tool runs under a guardian, which ends what it starts even when
    // supchat is killed (see `guard`).
    #[cfg(target_os = "linux")]
    let guarded = limits.no_terminal.then(|| guard::wrap(&cmd)).flatten();
    #[cfg(not(target_os = "linux"))]
    let guarded: Option<Command> = None;
    let is_guarded = guarded.is_some();
    if let Some(g) = guarded {
        cmd = g;
    }
    prepare(&mut cmd, input.is_some(), limits.no_terminal, is_guarded);
    let mut child = cmd.spawn()?;
    if let (Some(data), Some(mut stdin)) = (input, child.stdin.take()) {
        thread::spawn(move || {
            let _ = stdin.write_all(&data);
        });
    }
    let none = || -> Shared {
        Arc::new(Mutex::new(Pipe {
            done: true,
            ..Pipe::default()
        }))
    };
    let out = child
        .stdout
        .take()
        .map_or_else(none, |o| read_into(o, limits.cap));
    let err = child
        .stderr
        .take()
        .map_or_else(none, |e| read_into(e, limits.cap));
    let deadline = Instant::now() + limits.timeout;
    let (mut timed_out, mut cancelled) = (false, false);
    let status = loop {
        if let Some(s) = child.try_wait()? {
            break Some(s);
        }
        let over = state(&out).0 || state(&err).0;
        if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
            cancelled = true;
        } else if Instant::now() >= deadline {
            timed_out = true;
        } else if !over {
            thread::sleep(Duration::from_millis(5));
            continue;
        }
        if is_guarded {
            stop_guardian(&mut child);
        }
        kill_group(&mut child);
        let _ = child.wait();
        break None;
    };
    // What the child started may live on: it goes with the group. A
    // process that left the group and keeps the pipes is not waited for.
    kill_group(&mut child);
    let grace = Instant::now() + Duration::from_millis(500);
    while !(state(&out).1 && state(&err).1) && Instant::now() < grace {
        thread::sleep(Duration::from_millis(2));
    }
    let (stdout, t1) = take(&out);
    let (stderr, t2) = take(&err);
    Ok(Finished {
        status,
        stdout,
        stderr,
        timed_out,
        truncated: t1 || t2,
        cancelled,
    })
}

/// Asks a guardian to end what the tool started (SIGTERM), and waits a
/// little for it to have done so; the group is killed after in any case.
fn stop_guardian(child: &mut Child) {
    #[cfg(unix)]
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: kill(2) of our own child; it touches no memory of ours.
        unsafe {
            libc::kill(pid, libc::SIGTERM);
        }
        let until = Instant::now() + Duration::from_millis(500);
        while Instant::now() < until {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            thread::sleep(Duration::from_millis(5));
        }
    }
}

/// Sets up `cmd`'s pipes, and its own session (no terminal) or process
/// group, so that killing the group kills what it started too. A guardian
/// is told of supchat's death with SIGTERM (it then ends the tool's
/// processes); anything else is killed with it.
fn prepare(cmd: &mut Command, piped_input: bool, no_terminal: bool, guardian: bool) {
    cmd.stdin(if piped_input {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        if no_terminal {
            let death = if guardian {
                libc::SIGTERM
            } else {
                libc::SIGKILL
            };
            // SAFETY: setsid(2) is async-signal-safe and touches no memory
            // of ours; between fork and exec nothing else runs. It makes
            // the child the leader of a new session and process group.
            unsafe {
                cmd.pre_exec(move || {
                    if libc::setsid() < 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    // Told if supchat dies (kill -9) before it ends: the
                    // thread that started it waits for it, so only then.
                    #[cfg(target_os = "linux")]
                    libc::prctl(libc::PR_SET_PDEATHSIG, death);
                    Ok(())
                });
            }
        } else {
            // Its own group, so that killing it kills what it started too,
            // and without the terminal's signals (Ctrl+C in the chat).
            cmd.process_group(0);
            // SAFETY: prctl(2) is async-signal-safe and touches no memory
            // of ours. Killed if supchat dies (kill -9) before it ends.
            #[cfg(target_os = "linux")]
            unsafe {
                cmd.pre_exec(|| {
                    libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                    Ok(())
                });
            }
        }
    }
}

#[cfg(all(test, unix))]
mod tests;
