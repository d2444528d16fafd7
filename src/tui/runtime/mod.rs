//! The event loop: one channel in; block for one message, drain the rest,
//! update, then draw at most once, and never more than 30 times a second; while a reply
//! streams it rests between frames (see `run_loop`).
//! Nothing wakes the loop when nothing moves (timers exist only while a
//! reply is live or a footer message is showing). Effects run here, and
//! every outcome comes back to the app as an event: the app's state changes
//! only in its `update`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

mod effects;

use super::app::{App, Effect, Event, ViewReport};
use super::input::{self, InputCtl, Msg};
use super::terminal::{self, Term};
use super::theme::{Palette, Theme};
use super::view::ViewCache;
use supchat_core::config::{Config, ThemeChoice, quirks};
use supchat_core::engine::{ClientPool, Now};
use supchat_core::session::{Plan, Records};
use supchat_core::store::JournalStatus;

/// Shortest time between two frames (25 a second): smooth for text that
/// streams in (a reader's eye needs no more than 24; codex draws 20), and
/// since a paced reply costs per frame, 15% less CPU than 30 a second
/// (`perf stat` task-clock of the release binary, 2,000 tokens at 200/s:
/// 100-115 ms against 119-132 ms, same run).
const FRAME: Duration = Duration::from_millis(40);

struct Runtime {
    tx: mpsc::UnboundedSender<Msg>,
    input: mpsc::UnboundedSender<InputCtl>,
    pool: Arc<ClientPool>,
    turns: HashMap<u64, JoinHandle<()>>,
    /// Where the choices of this run are remembered (none: not at all).
    state_path: Option<PathBuf>,
    /// Set to stop the tools of a turn (their process groups are killed).
    tool_stops: HashMap<u64, Arc<std::sync::atomic::AtomicBool>>,
    /// The sessions database: every call that may block is made off the
    /// loop (writes only queue for the journal's thread).
    records: Records,
    /// Grows with every query of the session list: a search still waiting
    /// for the store when a newer one was asked for is skipped.
    list_gen: Arc<std::sync::atomic::AtomicU64>,
    /// The sessions' own thread: the work that claims or lets go of a
    /// session, in order.
    serial: std::sync::mpsc::Sender<SerialJob>,
    /// The signal that ended the run, if one did.
    signalled: Option<i32>,
    /// Tools that may run at once (`max_parallel_tools`).
    tool_slots: Arc<tokio::sync::Semaphore>,
}

/// Work for the sessions' thread.
type SerialJob = Box<dyn FnOnce() + Send>;

/// Starts the sessions' thread: it runs each job in turn, and ends when
/// no one can send it more (after the last).
fn spawn_serial() -> (
    std::sync::mpsc::Sender<SerialJob>,
    std::thread::JoinHandle<()>,
) {
    let (tx, rx) = std::sync::mpsc::channel::<SerialJob>();
    let handle = std::thread::spawn(move || {
        for job in rx {
            job();
        }
    });
    (tx, handle)
}

/// How the chat starts, besides the config and the session.
#[derive(Default)]
pub struct Start<'a> {
    /// The demo: the header says so, and the empty chat says what to try.
    pub demo: bool,
    /// The command line's choices (`-p`, `-m`, `--mode`, `--models`).
    pub choose: Option<&'a Choose<'a>>,
    /// Said in the footer once the screen is up (the screen covers stderr).
    pub notice: Option<String>,
}

/// Runs the chat until the user quits, or a signal ends it (its number is
/// returned). Returns an error message for a failure that ended it.
pub async fn run_with(
    cfg: &Config,
    config_path: Option<PathBuf>,
    plan: Plan,
    start: Start<'_>,
) -> Result<Option<i32>, String> {
    terminal::install_panic_hook();
    let mut term = terminal::enter()
        .map_err(|e| supchat_i18n::tr!("fatal-cannot-set-up-terminal", e = e.to_string()))?;
    let result = event_loop(cfg, config_path, plan, start, &mut term).await;
    terminal::restore();
    result
}

/// The colours for this terminal: its depth from the environment, its
/// background from the config, else from the terminal itself.
fn palette_for(choice: ThemeChoice) -> Palette {
    Palette::for_terminal(choice, terminal::query_background)
}

/// Signals from outside: SIGTERM, SIGHUP, SIGINT and SIGQUIT end the app
/// with the terminal restored (in raw mode Ctrl+C is a key, so SIGINT only
/// comes from `kill`); SIGTSTP suspends it as Ctrl+Z does.
fn spawn_signals(tx: mpsc::UnboundedSender<Msg>) {
    #[cfg(unix)]
    tokio::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut hup), Ok(mut int), Ok(mut quit), Ok(mut tstp)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
            signal(SignalKind::interrupt()),
            signal(SignalKind::quit()),
            signal(SignalKind::from_raw(libc::SIGTSTP)),
        ) else {
            return;
        };
        loop {
            let signal = tokio::select! {
                _ = term.recv() => libc::SIGTERM,
                _ = hup.recv() => libc::SIGHUP,
                _ = int.recv() => libc::SIGINT,
                _ = quit.recv() => libc::SIGQUIT,
                _ = tstp.recv() => {
                    let _ = tx.send(Msg::Suspend);
                    continue;
                }
            };
            let _ = tx.send(Msg::Signal(signal));
            return;
        }
    });
}

/// Choices the command line makes once the session is open (`-p`, `-m`,
/// `--mode`, `--models`).
pub type Choose<'a> = dyn Fn(&mut supchat_core::session::Choices) -> Result<(), String> + Sync + 'a;

async fn event_loop(
    cfg: &Config,
    config_path: Option<PathBuf>,
    plan: Plan,
    start: Start<'_>,
    term: &mut Term,
) -> Result<Option<i32>, String> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    // The session database, off the loop's thread (it is a file).
    let status_tx = tx.clone();
    let status: Box<dyn Fn(JournalStatus) + Send> = Box::new(move |s| {
        let _ = status_tx.send(Msg::Event(Event::SaveStatus(s)));
    });
    let start_cfg = cfg.clone();
    let plan_save = plan.save;
    let preset = plan.preset.clone();
    let (records, startup) =
        tokio::task::spawn_blocking(move || Records::start(&start_cfg, &plan, status))
            .await
            .map_err(|e| supchat_i18n::tr!("fatal-cannot-open-sessions", e = e.to_string()))?;
    let saving = records.saving();
    let available = records.readable();
    spawn_signals(tx.clone());
    tokio::task::spawn_blocking(super::render::highlight::warm_up);
    // The terminal is asked for its background before anything else reads
    // its input: the key reader would take the answer as keys.
    let theme = Theme::new(palette_for(cfg.theme));
    let shift_enter = terminal::shift_enter_works();
    let input = input::spawn(tx.clone());
    let mut app = App::new(cfg, term.size())
        .with_config_path(config_path)
        .with_demo(start.demo)
        .with_theme(theme)
        .with_shift_enter(shift_enter)
        .with_startup(startup, saving, available, Now::read())
        .with_preset(preset);
    if let Some(choose) = start.choose {
        app.with_choices(choose);
    }
    if let Some(notice) = start.notice {
        app.with_notice(notice);
    }
    // MCP servers start in the background: the chat never waits for one.
    let mcp = start_mcp(cfg, &tx);
    if let Some(hub) = &mcp {
        app = app.with_mcp(hub.clone());
    }
    let (serial, serial_thread) = spawn_serial();
    let pool = ClientPool::new(quirks::default_path());
    pool.know_keys(cfg.plain_keys());
    let mut rt = Runtime {
        tx,
        input,
        pool,
        turns: HashMap::new(),
        tool_stops: HashMap::new(),
        state_path: plan_save
            .then(|| supchat_core::config::state::path_for(cfg))
            .flatten(),
        records,
        list_gen: Arc::default(),
        serial,
        signalled: None,
        tool_slots: Arc::new(tokio::sync::Semaphore::new(
            cfg.tools.parallel.max(1) as usize
        )),
    };
    let mut startup = app.take_startup_effects();
    // First run: say at once when the provider in use has no key. (A key
    // command is not run here: it may ask for a passphrase.)
    let first = app.current();
    if first.key.cmd.is_none()
        && let Err(message) = first.key.resolve(&first.name)
    {
        let provider = first.name.clone();
        startup.extend(app.update(Event::KeyMissing { provider, message }, Now::read()));
    }
    let result: Result<(), String> = match perform_all(&mut rt, startup, term).await {
        true => Ok(()),
        false => run_loop(&mut app, &mut rt, &mut rx, term).await,
    };
    // Whatever way the loop ended, what is pending is written: after the
    // sessions' thread has done what it was asked.
    // A key command still running ends with supchat.
    supchat_core::config::stop_key_commands();
    if let Some(hub) = &mcp {
        hub.cancel_calls().await;
        hub.stop_all();
    }
    let records = rt.records.clone();
    let signalled = rt.signalled;
    drop(rt);
    let _ = tokio::task::spawn_blocking(move || {
        let _ = serial_thread.join();
        records.end();
    })
    .await;
    result.map(|()| signalled)
}

/// The MCP servers of `cfg`, started in the background; each change of
/// their state comes to the loop as an event. None: no server configured.
fn start_mcp(cfg: &Config, tx: &mpsc::UnboundedSender<Msg>) -> Option<supchat_core::mcp::Hub> {
    if cfg.mcp_servers.is_empty() {
        return None;
    }
    let root = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let hub = supchat_core::mcp::Hub::new(cfg, &root, tokio::runtime::Handle::current());
    let mut changes = hub.subscribe();
    let tx = tx.clone();
    tokio::spawn(async move {
        while changes.changed().await.is_ok() {
            if tx.send(Msg::Event(Event::McpChanged)).is_err() {
                return;
            }
        }
    });
    hub.start_enabled();
    Some(hub)
}

async fn run_loop(
    app: &mut App,
    rt: &mut Runtime,
    rx: &mut mpsc::UnboundedReceiver<Msg>,
    term: &mut Term,
) -> Result<(), String> {
    let mut cache = ViewCache::default();
    let mut last_draw: Option<Instant> = None;
    let mut dirty = true;
    loop {
        let now = Instant::now();
        if dirty && last_draw.is_none_or(|t| now >= t + FRAME) {
            // A resize crossterm lost (it came with keys) is found here.
            if let Some((w, h)) = terminal::size_now()
                && (w, h) != app.size()
                && apply(app, rt, term, Event::Resize(w, h)).await
            {
                return Ok(());
            }
            let report = draw(term, app, &mut cache, now)?;
            last_draw = Some(now);
            dirty = false;
            if apply(app, rt, term, Event::Drawn(report)).await {
                return Ok(());
            }
            // While a reply streams, the loop rests until the next frame
            // is due, off the runtime: the tokens that arrive meanwhile wait
            // in the socket and are read at once, so the process wakes once
            // a frame instead of once a token (a model's packets come every
            // few milliseconds). Keys wait as long, as they would to be drawn.
            if app.live().is_some() {
                std::thread::sleep(FRAME.saturating_sub(now.elapsed()));
                read_what_came(rx).await;
            }
        }
        let wake = if dirty {
            last_draw.map(|t| t + FRAME)
        } else {
            app.next_tick(now)
        };
        let first = match wake {
            Some(at) => tokio::select! {
                m = rx.recv() => m,
                _ = tokio::time::sleep_until(at.into()) => {
                    if apply(app, rt, term, Event::Tick).await {
                        return Ok(());
                    }
                    dirty = true;
                    continue;
                }
            },
            None => rx.recv().await,
        };
        let Some(first) = first else { return Ok(()) };
        let mut batch = vec![first];
        while let Ok(m) = rx.try_recv() {
            batch.push(m);
        }
        for msg in batch {
            let ev = match msg {
                Msg::Event(ev) => ev,
                Msg::Signal(n) => {
                    rt.cancel_all();
                    rt.signalled = Some(n);
                    return Ok(());
                }
                Msg::Suspend => {
                    rt.suspend(term).await?;
                    continue;
                }
                Msg::Fatal(e) => return Err(e),
            };
            if apply(app, rt, term, ev).await {
                return Ok(());
            }
        }
        dirty = true;
    }
}

/// Lets the runtime read what came while the loop rested (the sockets, the
/// keys). The connection's task and the turn's hand each other a token at a
/// time, so they are let run until two rounds bring nothing new, for at
/// most half a frame: a flood is read as fast as it comes (a server writing
/// thousands of tokens a second), not a round of tokens a frame.
async fn read_what_came(rx: &mpsc::UnboundedReceiver<Msg>) {
    let until = Instant::now() + FRAME / 2;
    let mut idle = 0;
    while idle < 2 && Instant::now() < until {
        let before = rx.len();
        tokio::task::yield_now().await;
        idle = if rx.len() == before { idle + 1 } else { 0 };
    }
}

/// Hands `ev` to the app and performs every effect it returns: true when
/// one of them ends the run (what runs is then stopped).
async fn apply(app: &mut App, rt: &mut Runtime, term: &mut Term, ev: Event) -> bool {
    let effects = app.update(ev, Now::read());
    perform_all(rt, effects, term).await
}

/// Performs `effects` in order: true when one of them ends the run.
async fn perform_all(rt: &mut Runtime, effects: Vec<Effect>, term: &mut Term) -> bool {
    for effect in effects {
        if rt.perform(effect, term).await {
            rt.cancel_all();
            return true;
        }
    }
    false
}

/// Draws a frame: what the view found (for the app to hear as
/// [`Event::Drawn`]).
fn draw(
    term: &mut Term,
    app: &App,
    cache: &mut ViewCache,
    now: Instant,
) -> Result<ViewReport, String> {
    term.draw(app, cache, now)
        .map_err(|e| supchat_i18n::tr!("fatal-cannot-draw", e = e.to_string()))
}
