//! The event loop: one channel in; block for one message, drain the rest,
//! update, then draw at most once, and never more than 40 times a second.
//! Nothing wakes the loop when nothing moves (timers exist only while a
//! reply is live or a footer message is showing). Effects run here, and
//! every outcome comes back to the app as an event: the app's state changes
//! only in its `update`.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use super::app::{App, Effect, Event};
use super::input::{self, InputCtl};
use super::terminal::{self, Term};
use super::theme::{Palette, Theme};
use super::view::{self, ViewCache};
use super::{clipboard, editor};
use supchat_api::StreamEvent;
use supchat_api::models::{SupAiCatalog, supai_info_url};
use supchat_core::config::{
    Config, ProviderConfig, ProviderKind, ThemeChoice, quirks, save_api_key,
};
use supchat_core::engine::{ClientPool, Now, TurnRequest};
use supchat_core::session::{Plan, Records, WhenHeld};
use supchat_core::store::JournalStatus;

/// Shortest time between two frames (40 per second): smooth for text that
/// streams in, and a third less work than 60 (measured with
/// `cargo bench --bench stream`).
const FRAME: Duration = Duration::from_millis(25);

pub enum Msg {
    Event(Event),
    /// SIGTSTP: give the terminal back and stop until SIGCONT.
    Suspend,
    /// SIGTERM or SIGHUP: restore the terminal and leave.
    Signal(&'static str),
    Fatal(String),
}

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
}

/// Runs the chat until the user quits. Returns an error message for a
/// failure that ended it. `label` is shown at the right of the header,
/// before the conversation's title.
pub async fn run_with(
    cfg: &Config,
    config_path: Option<PathBuf>,
    label: Option<&str>,
    plan: Plan,
) -> Result<(), String> {
    terminal::install_panic_hook();
    let mut term = terminal::enter().map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let result = event_loop(cfg, config_path, label, plan, &mut term).await;
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
            let name = tokio::select! {
                _ = term.recv() => "SIGTERM",
                _ = hup.recv() => "SIGHUP",
                _ = int.recv() => "SIGINT",
                _ = quit.recv() => "SIGQUIT",
                _ = tstp.recv() => {
                    let _ = tx.send(Msg::Suspend);
                    continue;
                }
            };
            let _ = tx.send(Msg::Signal(name));
            return;
        }
    });
}

async fn event_loop(
    cfg: &Config,
    config_path: Option<PathBuf>,
    label: Option<&str>,
    plan: Plan,
    term: &mut Term,
) -> Result<(), String> {
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
            .map_err(|e| format!("cannot open the sessions: {e}"))?;
    let saving = records.saving();
    let available = records.readable();
    spawn_signals(tx.clone());
    tokio::task::spawn_blocking(super::render::highlight::warm_up);
    let input = input::spawn(tx.clone());
    let size = term.size().map_err(|e| e.to_string())?;
    let mut app = App::new(cfg, (size.width, size.height))
        .with_config_path(config_path)
        .with_label(label)
        .with_theme(Theme::new(palette_for(cfg.theme)))
        .with_shift_enter(terminal::shift_enter_works())
        .with_startup(startup, saving, available)
        .with_preset(preset);
    // First run: say at once when the provider in use has no key. (A key
    // command is not run here: it may ask for a passphrase.)
    let first = app.current();
    if first.key.cmd.is_none()
        && let Err(message) = first.key.resolve(&first.name)
    {
        let provider = first.name.clone();
        app.update(Event::KeyMissing { provider, message }, Now::read());
    }
    let mut rt = Runtime {
        tx,
        input,
        pool: ClientPool::new(quirks::default_path()),
        turns: HashMap::new(),
        tool_stops: HashMap::new(),
        state_path: plan_save
            .then(|| supchat_core::config::state::path_for(cfg))
            .flatten(),
        records,
        list_gen: Arc::default(),
    };
    for effect in app.take_startup_effects() {
        rt.perform(effect, term).await;
    }
    let result = run_loop(&mut app, &mut rt, &mut rx, term).await;
    // Whatever way the loop ended, what is pending is written.
    let records = rt.records.clone();
    let _ = tokio::task::spawn_blocking(move || records.end()).await;
    result
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
            draw(term, app, &mut cache, now)?;
            last_draw = Some(now);
            dirty = false;
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
                    app.update(Event::Tick, Now::read());
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
                Msg::Signal(_) => {
                    rt.cancel_all();
                    return Ok(());
                }
                Msg::Suspend => {
                    rt.suspend(term).await?;
                    continue;
                }
                Msg::Fatal(e) => return Err(e),
            };
            let effects = app.update(ev, Now::read());
            for effect in effects {
                if rt.perform(effect, term).await {
                    rt.cancel_all();
                    return Ok(());
                }
            }
        }
        dirty = true;
    }
}

fn draw(term: &mut Term, app: &mut App, cache: &mut ViewCache, now: Instant) -> Result<(), String> {
    let mut report = Default::default();
    let mut out = std::io::stdout();
    // One synchronized update per frame: the terminal shows it whole, no flicker.
    let _ = crossterm::queue!(out, BeginSynchronizedUpdate);
    let r = term.draw(|f| report = view::draw(f, app, cache, now));
    let _ = crossterm::queue!(out, EndSynchronizedUpdate);
    let _ = out.flush();
    r.map_err(|e| format!("cannot draw: {e}"))?;
    app.update(Event::Drawn(report), Now::read());
    Ok(())
}

impl Runtime {
    /// Carries out an effect; true when the app should end.
    async fn perform(&mut self, effect: Effect, term: &mut Term) -> bool {
        match effect {
            Effect::StartTurn(request) => self.start_turn(*request),
            Effect::CancelTurn(turn) => {
                if let Some(h) = self.turns.remove(&turn) {
                    h.abort();
                }
            }
            Effect::RunTools { turn, jobs } => {
                let flag = Arc::clone(self.tool_stops.entry(turn).or_default());
                for job in jobs {
                    let (tx, flag) = (self.tx.clone(), Arc::clone(&flag));
                    let index = job.index;
                    // A program with a timeout: off the loop.
                    tokio::task::spawn_blocking(move || {
                        let result = job.run(&flag);
                        let _ = tx.send(Msg::Event(Event::ToolDone {
                            turn,
                            index,
                            result,
                        }));
                    });
                }
            }
            Effect::CancelTools(turn) => {
                if let Some(f) = self.tool_stops.remove(&turn) {
                    f.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            }
            Effect::Copy(text) => {
                // OSC 52 goes out with the frames; the system tool, which
                // may hang, off the loop. Either one is enough.
                let mut out = std::io::stdout();
                let osc = out
                    .write_all(clipboard::osc52_for_terminal(&text).as_bytes())
                    .and_then(|()| out.flush());
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    let result = match (clipboard::system_copy(&text), osc) {
                        (Some(tool), _) => Ok(clipboard::copied_how(Some(tool))),
                        (None, Ok(())) => Ok(clipboard::copied_how(None)),
                        (None, Err(e)) => Err(e.to_string()),
                    };
                    let _ = tx.send(Msg::Event(Event::Copied(result)));
                });
            }
            Effect::OpenEditor(draft) => {
                let result = self.edit(&draft, term).await;
                let _ = self.tx.send(Msg::Event(Event::EditorDone(result)));
            }
            Effect::FetchModels(provider) => self.fetch_models(*provider),
            Effect::SaveKey {
                provider,
                key,
                path,
            } => {
                self.pool.forget(&provider);
                let tx = self.tx.clone();
                // A file write: off the loop.
                tokio::task::spawn_blocking(move || {
                    let result = match path {
                        Some(path) => save_api_key(&path, &provider, key.expose()).map(|()| (path, key)),
                        None => Err("no config directory is known on this system; set the environment variable instead".to_owned()),
                    };
                    let _ = tx.send(Msg::Event(Event::KeySaved { provider, result }));
                });
            }
            Effect::Quit => return true,
            Effect::ListSessions(query) => self.list_sessions(query),
            Effect::OpenSession(id) => {
                self.off_loop(move |r| {
                    Event::SessionOpened(r.open_id(&id, WhenHeld::Copy).map(Box::new))
                });
            }
            Effect::NewSession => self.off_loop(|r| Event::NewSessionReady(r.begin_new())),
            Effect::Save(writes) => self.records.write(writes),
            Effect::RenameSession(id, title) => {
                let records = self.records.clone();
                tokio::task::spawn_blocking(move || records.rename(&id, &title));
            }
            Effect::DeleteSession {
                id,
                title,
                then_new,
            } => {
                let (tx, records) = (self.tx.clone(), self.records.clone());
                tokio::task::spawn_blocking(move || {
                    let deleted = records.delete(&id).map(|()| title);
                    let _ = tx.send(Msg::Event(Event::SessionDeleted(deleted)));
                    if then_new {
                        let _ = tx.send(Msg::Event(Event::NewSessionReady(records.begin_new())));
                    }
                });
            }
            Effect::LoadAttachments(text) => {
                let tx = self.tx.clone();
                // Files: off the loop (one may be on a slow disk).
                tokio::task::spawn_blocking(move || {
                    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
                    let result = supchat_core::attach::load(&text, &cwd);
                    let _ = tx.send(Msg::Event(Event::AttachmentsRead { text, result }));
                });
            }
            Effect::CompletePath(partial) => {
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
                    // The whole folder for /attach's picker, a few for Tab.
                    let most = if partial.is_empty() { 2000 } else { 50 };
                    let names = supchat_core::attach::complete(&partial, &cwd, most);
                    let _ = tx.send(Msg::Event(Event::Completions { partial, names }));
                });
            }
            Effect::Export { path, text } => {
                let tx = self.tx.clone();
                // A file write: off the loop. An existing file is kept.
                tokio::task::spawn_blocking(move || {
                    let result = std::fs::OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .open(&path)
                        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
                        .map(|()| path.clone())
                        .map_err(|e| format!("{}: {e}", path.display()));
                    let _ = tx.send(Msg::Event(Event::Exported(result)));
                });
            }
            Effect::Remember(state) => self.remember(*state),
            Effect::Suspend => {
                if let Err(e) = self.suspend(term).await {
                    let _ = self.tx.send(Msg::Fatal(e));
                }
            }
        }
        false
    }

    /// Writes the provider, models and modes in use for the next run, off
    /// the loop (not with `--no-save`).
    fn remember(&self, state: supchat_core::config::state::Remembered) {
        let Some(path) = self.state_path.clone() else {
            return;
        };
        tokio::task::spawn_blocking(move || {
            let _ = supchat_core::config::state::save(&path, &state);
        });
    }

    fn cancel_all(&mut self) {
        for (_, h) in self.turns.drain() {
            h.abort();
        }
        for (_, f) in self.tool_stops.drain() {
            f.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// Runs a turn's request in the background; its events and its end
    /// come back through the channel, tagged with the turn.
    fn start_turn(&mut self, request: TurnRequest) {
        let tx = self.tx.clone();
        let pool = self.pool.clone();
        let turn = request.turn;
        self.turns.retain(|_, h| !h.is_finished());
        // The tools of earlier turns are done (a request follows them).
        self.tool_stops.retain(|t, _| *t == turn);
        let handle = tokio::spawn(async move {
            // A test hook (debug builds only): the end-to-end tests check
            // that a panic in this task ends the app cleanly.
            #[cfg(debug_assertions)]
            if std::env::var_os("SUPCHAT_TEST_PANIC_IN_TURN").is_some() {
                panic!("test panic in a turn task");
            }
            let events = tx.clone();
            let mut sink = move |e: &StreamEvent| {
                let _ = events.send(Msg::Event(Event::Stream {
                    turn,
                    event: e.clone(),
                }));
            };
            let end = pool.run(&request, &mut sink).await;
            let _ = tx.send(Msg::Event(Event::TurnDone { turn, end }));
        });
        self.turns.insert(turn, handle);
    }

    /// Runs `work` on the sessions database off the loop; its event comes
    /// back through the channel.
    fn off_loop(&self, work: impl FnOnce(&Records) -> Event + Send + 'static) {
        let (tx, records) = (self.tx.clone(), self.records.clone());
        tokio::task::spawn_blocking(move || {
            let _ = tx.send(Msg::Event(work(&records)));
        });
    }

    /// Lists the sessions (and searches them) in the background.
    fn list_sessions(&mut self, query: String) {
        let records = self.records.clone();
        use std::sync::atomic::Ordering;
        let tx = self.tx.clone();
        let latest = Arc::clone(&self.list_gen);
        let gen_ = latest.fetch_add(1, Ordering::SeqCst) + 1;
        tokio::task::spawn_blocking(move || {
            // Typing fast asks for a search per key: only the newest is
            // worth its time.
            let is_latest = || latest.load(Ordering::SeqCst) == gen_;
            if let Some(result) = records.list(&query, is_latest) {
                let _ = tx.send(Msg::Event(Event::SessionsListed { query, result }));
            }
        });
    }

    /// Fetches a provider's model list in the background.
    fn fetch_models(&mut self, provider: ProviderConfig) {
        let tx = self.tx.clone();
        let name = provider.name.clone();
        let pool = self.pool.clone();
        tokio::spawn(async move {
            let result = match pool.client_async(&provider).await {
                Err(e) => Err(e.message),
                Ok(c) => match provider.kind {
                    ProviderKind::OpenAi => c.list_models().await.map_err(|e| e.to_string()),
                    ProviderKind::SupAi => {
                        let url = supai_info_url(&provider.base_url);
                        let mut catalog = SupAiCatalog::bundled();
                        match c.get_json(&url).await {
                            Ok(info) if catalog.refresh_from_info(&info) => Ok(catalog.models),
                            Ok(_) => Err("the info endpoint listed no models".to_owned()),
                            Err(e) => Err(e.to_string()),
                        }
                    }
                },
            };
            let _ = tx.send(Msg::Event(Event::ModelsLoaded {
                provider: name,
                result,
            }));
        });
    }

    /// Ctrl+Z: the terminal is given back as it was and the process stops
    /// (as full-screen programs do); on SIGCONT (`fg`) it comes back and
    /// the screen is drawn whole. A streaming reply waits meanwhile (the
    /// server may give up on it if the pause is long).
    async fn suspend(&mut self, term: &mut Term) -> Result<(), String> {
        let (ack_tx, ack_rx) = oneshot::channel();
        let _ = self.input.send(InputCtl::Pause(ack_tx));
        let _ = ack_rx.await;
        terminal::suspend().map_err(|e| e.to_string())?;
        #[cfg(unix)]
        // SAFETY: raise(2) only signals this process. SIGSTOP, because
        // SIGTSTP is handled here and would not stop it.
        unsafe {
            libc::raise(libc::SIGSTOP);
        }
        // Here again after SIGCONT.
        terminal::resume().map_err(|e| e.to_string())?;
        *term = terminal::fresh().map_err(|e| e.to_string())?;
        let _ = self.input.send(InputCtl::Resume);
        Ok(())
    }

    /// Runs `$EDITOR` on the draft with input paused and the screen left.
    async fn edit(
        &mut self,
        draft: &str,
        term: &mut Term,
    ) -> Result<(String, Option<String>), String> {
        let (ack_tx, ack_rx) = oneshot::channel();
        let _ = self.input.send(InputCtl::Pause(ack_tx));
        let _ = ack_rx.await;
        let suspended = terminal::suspend().map_err(|e| e.to_string());
        let result = match suspended {
            // Off the loop's thread: streams go on while the editor is open.
            Ok(()) => {
                let draft = draft.to_owned();
                tokio::task::spawn_blocking(move || editor::edit(&draft))
                    .await
                    .unwrap_or_else(|e| Err(format!("the editor task failed: {e}")))
            }
            Err(e) => Err(e),
        };
        let resumed = terminal::resume().map_err(|e| e.to_string());
        // A fresh terminal, so the next frame is drawn whole. Not
        // `Terminal::clear`: it asks the terminal for the cursor position
        // first, and when that answer is slow it fails before resetting what
        // it believes is on screen (the next frame then draws only a diff).
        let fresh = terminal::fresh().map_err(|e| e.to_string());
        let _ = self.input.send(InputCtl::Resume);
        resumed?;
        *term = fresh?;
        result
    }
}
