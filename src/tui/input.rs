//! Terminal input as app events, on a thread of its own. It can be paused
//! (for `$EDITOR`): it then stops reading the terminal, so the editor gets
//! every key.

use crossterm::event::{Event as TermEvent, KeyEventKind, MouseEventKind};
use tokio::sync::{mpsc, oneshot};

use super::app::Event;

/// What reaches the event loop: an event for the app, or what the
/// process was told (signals), or a fault that ends the run.
pub enum Msg {
    Event(Event),
    /// SIGTSTP: give the terminal back and stop until SIGCONT.
    Suspend,
    /// SIGTERM, SIGHUP, SIGINT or SIGQUIT (its number): restore the
    /// terminal and leave, with 128 + that number as the exit code.
    Signal(i32),
    Fatal(String),
}

pub enum InputCtl {
    /// Stop reading; the sender is told once reading has stopped.
    Pause(oneshot::Sender<()>),
    Resume,
}

#[cfg(unix)]
const HANGUP: i32 = libc::SIGHUP;
#[cfg(not(unix))]
const HANGUP: i32 = 1;

/// Whether stdin, a terminal, hung up.
#[cfg(unix)]
fn hung_up() -> bool {
    let mut fds = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: poll(2) on one descriptor of ours, without waiting.
    let n = unsafe { libc::poll(&mut fds, 1, 0) };
    n > 0 && fds.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}

#[cfg(not(unix))]
fn hung_up() -> bool {
    false
}

/// Whether stdin is a terminal (crossterm reads it then, else /dev/tty).
fn stdin_is_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal()
}

/// How soon after a paste keys are still taken as part of it. A paste
/// whose text holds the end-of-paste sequence (`ESC[201~`, which tmux
/// passes) ends early, and the rest of it arrives as keys in the same
/// burst: an Enter there would send a message by itself. No one types
/// within a few milliseconds of a paste.
const PASTE_TAIL: std::time::Duration = std::time::Duration::from_millis(30);

/// Keys that arrive right after a paste: text of the paste, never keys
/// that act.
#[derive(Default)]
struct PasteTail {
    until: Option<std::time::Instant>,
}

impl PasteTail {
    /// The app's event for `ev`, arrived at `at`.
    fn convert(&mut self, ev: TermEvent, at: std::time::Instant) -> Option<Event> {
        use crossterm::event::{KeyCode, KeyModifiers};
        let in_tail = self.until.is_some_and(|u| at <= u);
        if matches!(ev, TermEvent::Paste(_)) {
            self.until = Some(at + PASTE_TAIL);
        } else if in_tail
            && matches!(
                ev,
                TermEvent::FocusGained | TermEvent::FocusLost | TermEvent::Mouse(_)
            )
        {
            // A focus or mouse report inside the tail is more of it (a
            // paste may hold their sequences): dropped, and the tail goes
            // on, so that the keys after it are text too.
            self.until = Some(at + PASTE_TAIL);
            return None;
        } else if let TermEvent::Key(k) = &ev
            && in_tail
        {
            self.until = Some(at + PASTE_TAIL);
            if k.kind == KeyEventKind::Release {
                return None;
            }
            let plain = k.modifiers.difference(KeyModifiers::SHIFT).is_empty();
            return match k.code {
                KeyCode::Char(c) if plain => Some(Event::Paste(c.to_string())),
                KeyCode::Enter => Some(Event::Paste("\n".to_owned())),
                KeyCode::Tab => Some(Event::Paste("\t".to_owned())),
                // Anything else in the tail (an escape sequence read as a
                // key) is dropped, not acted on.
                _ => None,
            };
        } else if !in_tail {
            self.until = None;
        }
        // A resize inside the tail is a resize (and the tail goes on).
        convert(ev)
    }
}

fn convert(ev: TermEvent) -> Option<Event> {
    match ev {
        TermEvent::Key(k) if k.kind != KeyEventKind::Release => Some(Event::Key(k)),
        TermEvent::Paste(s) => Some(Event::Paste(s)),
        // Only the wheel is used; motion (which some terminals report even
        // without being asked) must not wake the loop.
        TermEvent::Mouse(m)
            if matches!(
                m.kind,
                MouseEventKind::ScrollUp | MouseEventKind::ScrollDown
            ) =>
        {
            Some(Event::Mouse(m))
        }
        TermEvent::Resize(w, h) => Some(Event::Resize(w, h)),
        _ => None,
    }
}

/// How long a wait for input lasts before a pause is looked for: the
/// editor starts at most this late.
const TICK: std::time::Duration = std::time::Duration::from_millis(100);

/// Starts reading input on a thread of its own; returns the handle to
/// pause and resume it.
///
/// A thread, not a task: the event loop rests between frames while a
/// reply streams, and input is read as it comes meanwhile. crossterm hands
/// over one of the things ready at once (keys, a resize) and forgets the
/// other until more comes; a reader that waits lets them come together.
pub fn spawn(tx: mpsc::UnboundedSender<Msg>) -> mpsc::UnboundedSender<InputCtl> {
    let (ctl_tx, ctl_rx) = mpsc::unbounded_channel();
    let fail = tx.clone();
    let started = std::thread::Builder::new()
        .name("supchat-input".into())
        .spawn(move || read_input(&tx, ctl_rx));
    if let Err(e) = started {
        let _ = fail.send(Msg::Fatal(supchat_i18n::tr!(
            "fatal-cannot-read-terminal",
            e = e.to_string()
        )));
    }
    ctl_tx
}

/// Reads terminal events into `tx` until the app is gone, pausing and
/// resuming as `ctl` says.
fn read_input(tx: &mpsc::UnboundedSender<Msg>, mut ctl: mpsc::UnboundedReceiver<InputCtl>) {
    use crossterm::event;
    use tokio::sync::mpsc::error::TryRecvError;
    let mut tail = PasteTail::default();
    let watch = stdin_is_terminal();
    let mut paused = false;
    loop {
        let order = if paused {
            ctl.blocking_recv().ok_or(TryRecvError::Disconnected)
        } else {
            ctl.try_recv()
        };
        match order {
            // Reading has stopped (no wait is under way): the editor gets
            // every key.
            Ok(InputCtl::Pause(ack)) => {
                paused = true;
                let _ = ack.send(());
                continue;
            }
            Ok(InputCtl::Resume) => {
                paused = false;
                continue;
            }
            Err(TryRecvError::Disconnected) => return,
            Err(TryRecvError::Empty) => {}
        }
        // A terminal that hung up (its window closed) reads as endless
        // empty reads, and crossterm, asked then, spins in them for good:
        // it is not asked, and the app ends as on a hangup (what is
        // pending is written).
        if watch && hung_up() {
            let _ = tx.send(Msg::Signal(HANGUP));
            return;
        }
        let ev = match event::poll(TICK) {
            Ok(false) => continue,
            Ok(true) => event::read(),
            Err(e) => Err(e),
        };
        match ev {
            Ok(ev) => {
                if let Some(e) = tail.convert(ev, std::time::Instant::now())
                    && tx.send(Msg::Event(e)).is_err()
                {
                    return;
                }
            }
            Err(e) => {
                let _ = tx.send(Msg::Fatal(supchat_i18n::tr!(
                    "fatal-cannot-read-terminal",
                    e = e.to_string()
                )));
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use std::time::{Duration, Instant};

    fn key(code: KeyCode) -> TermEvent {
        TermEvent::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    /// A paste that ends early (its text held `ESC[201~`): the keys that
    /// follow in the same burst are its text, and Enter never sends.
    #[test]
    fn keys_right_after_a_paste_are_its_text() {
        let mut tail = PasteTail::default();
        let t = Instant::now();
        assert!(matches!(
            tail.convert(TermEvent::Paste("first".into()), t),
            Some(Event::Paste(_))
        ));
        let ms = |n| t + Duration::from_millis(n);
        let got: Vec<Option<Event>> = vec![
            tail.convert(key(KeyCode::Enter), ms(1)),
            tail.convert(key(KeyCode::Char('r')), ms(2)),
            tail.convert(key(KeyCode::Up), ms(3)),
            tail.convert(key(KeyCode::Enter), ms(4)),
        ];
        let texts: Vec<String> = got
            .into_iter()
            .map(|e| match e {
                Some(Event::Paste(s)) => s,
                Some(other) => format!("{other:?}"),
                None => "(dropped)".into(),
            })
            .collect();
        assert_eq!(texts, ["\n", "r", "(dropped)", "\n"]);
        // A focus or mouse report in the tail does not end it; a resize
        // is still a resize.
        assert!(tail.convert(TermEvent::FocusGained, ms(5)).is_none());
        assert!(matches!(
            tail.convert(TermEvent::Resize(80, 24), ms(5)),
            Some(Event::Resize(80, 24))
        ));
        assert!(matches!(
            tail.convert(key(KeyCode::Enter), ms(6)),
            Some(Event::Paste(_))
        ));
        // Typed later, a key is a key again.
        assert!(matches!(
            tail.convert(key(KeyCode::Enter), ms(200)),
            Some(Event::Key(_))
        ));
    }
}
