//! Terminal input as app events, on a task of its own. It can be paused
//! (for `$EDITOR`): dropping crossterm's event stream stops it reading the
//! terminal, so the editor gets every key.

use std::pin::Pin;

use crossterm::event::{Event as TermEvent, EventStream, KeyEventKind, MouseEventKind};
use futures_core::Stream;
use tokio::sync::{mpsc, oneshot};

use super::app::Event;

/// What reaches the event loop: an event for the app, or what the
/// process was told (signals), or a fault that ends the run.
pub enum Msg {
    Event(Event),
    /// SIGTSTP: give the terminal back and stop until SIGCONT.
    Suspend,
    /// SIGTERM or SIGHUP: restore the terminal and leave.
    Signal,
    Fatal(String),
}

pub enum InputCtl {
    /// Stop reading; the sender is told once reading has stopped.
    Pause(oneshot::Sender<()>),
    Resume,
}

async fn next(stream: &mut EventStream) -> Option<std::io::Result<TermEvent>> {
    std::future::poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
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

/// Starts reading input; returns the handle to pause and resume it.
pub fn spawn(tx: mpsc::UnboundedSender<Msg>) -> mpsc::UnboundedSender<InputCtl> {
    let (ctl_tx, mut ctl_rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut stream = Some(EventStream::new());
        loop {
            tokio::select! {
                ctl = ctl_rx.recv() => match ctl {
                    Some(InputCtl::Pause(ack)) => {
                        stream = None;
                        let _ = ack.send(());
                    }
                    Some(InputCtl::Resume) => stream = Some(EventStream::new()),
                    None => break,
                },
                ev = async { match stream.as_mut() { Some(s) => next(s).await, None => std::future::pending().await } } => {
                    match ev {
                        Some(Ok(ev)) => {
                            if let Some(e) = convert(ev) && tx.send(Msg::Event(e)).is_err() {
                                break;
                            }
                        }
                        Some(Err(e)) => {
                            let _ = tx.send(Msg::Fatal(format!("cannot read the terminal: {e}")));
                            break;
                        }
                        None => break,
                    }
                }
            }
        }
    });
    ctl_tx
}
