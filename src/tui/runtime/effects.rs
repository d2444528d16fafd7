//! Carrying out the app's effects: requests and tools run as tasks, blocking
//! work (sessions, files, the clipboard tool, saving a key) on the blocking
//! pool, the editor and suspending with the terminal given back. Every
//! outcome comes back to the app through the channel, as an event.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::oneshot;

use super::{Msg, Runtime};
use crate::tui::app::{Effect, Event};
use crate::tui::input::InputCtl;
use crate::tui::terminal::{self, Term};
use crate::tui::{clipboard, editor};
use supchat_api::StreamEvent;
use supchat_api::models::{SupAiCatalog, supai_info_url};
use supchat_core::config::{ProviderConfig, ProviderKind, save_api_key};
use supchat_core::engine::TurnRequest;
use supchat_core::session::WhenHeld;

impl Runtime {
    /// Carries out an effect; true when the app should end.
    pub(super) async fn perform(&mut self, effect: Effect, term: &mut Term) -> bool {
        match effect {
            Effect::StartTurn(request) => self.start_turn(*request),
            Effect::CancelTurn(turn) => {
                if let Some(h) = self.turns.remove(&turn) {
                    h.abort();
                }
            }
            Effect::RunTools { turn, jobs } => self.run_tools(turn, jobs),
            Effect::CancelTools(turn) => {
                if let Some(f) = self.tool_stops.remove(&turn) {
                    f.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            }
            Effect::Copy(text) => self.copy(text),
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
                self.blocking(move || {
                    let result = match path {
                        Some(path) => {
                            save_api_key(&path, &provider, key.expose()).map(|()| (path, key))
                        }
                        None => Err(supchat_i18n::tr("key-save-no-config-dir")),
                    };
                    Event::KeySaved { provider, result }
                });
            }
            Effect::Quit => return true,
            Effect::Suspend => {
                if let Err(e) = self.suspend(term).await {
                    let _ = self.tx.send(Msg::Fatal(e));
                }
            }
            Effect::Repaint => match terminal::fresh() {
                Ok(fresh) => {
                    *term = fresh;
                    self.resized(term);
                }
                Err(e) => {
                    let _ = self.tx.send(Msg::Fatal(supchat_i18n::tr!(
                        "fatal-cannot-draw",
                        e = e.to_string()
                    )));
                }
            },
            other => self.perform_io(other),
        }
        false
    }

    /// The effects that are work off the loop on sessions and files.
    fn perform_io(&mut self, effect: Effect) {
        let cwd = || std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let records = self.records.clone();
        match effect {
            Effect::ListSessions(query) => self.list_sessions(query),
            Effect::LoadWire(id, entry) => self.blocking(move || {
                let data = records.wire(&id, entry.0);
                Event::WireLoaded(id, entry, data)
            }),
            // Opening, starting, renaming and deleting sessions claim and
            // let go of them: one after another, in the order asked.
            Effect::OpenSession(id) => self.serially(move |tx| {
                let opened = records.open_id(&id, WhenHeld::Copy).map(Box::new);
                let _ = tx.send(Msg::Event(Event::SessionOpened(opened)));
            }),
            Effect::NewSession => self.serially(move |tx| {
                let _ = tx.send(Msg::Event(Event::NewSessionReady(records.begin_new())));
            }),
            Effect::Save(writes) => self.records.write(writes),
            Effect::RenameSession(id, title) => self.serially(move |_| records.rename(&id, &title)),
            Effect::DeleteSession {
                id,
                title,
                then_new,
            } => self.serially(move |tx| {
                let deleted = records.delete(&id).map(|()| title);
                let _ = tx.send(Msg::Event(Event::SessionDeleted(deleted)));
                if then_new {
                    let _ = tx.send(Msg::Event(Event::NewSessionReady(records.begin_new())));
                }
            }),
            // Files: off the loop (one may be on a slow disk).
            Effect::LoadAttachments {
                text,
                strict,
                pasted,
                approved,
            } => self.blocking(move || {
                let cwd = cwd();
                // Asked whenever the files that need a yes are not the
                // ones the user already said yes to (a file may have
                // appeared, or changed, since).
                let ask = supchat_core::attach::to_confirm(&text, &cwd, &pasted)
                    .filter(|q| approved.as_ref() != Some(q));
                let result = match ask {
                    Some(question) => Err(question),
                    None => supchat_core::attach::load(&text, &cwd, strict),
                };
                Event::AttachmentsRead { text, result }
            }),
            Effect::CompletePath(partial) => self.blocking(move || {
                // The whole folder for /attach's picker, a few for Tab.
                let most = if partial.is_empty() { 2000 } else { 50 };
                let names = supchat_core::attach::complete(&partial, &cwd(), most);
                Event::Completions { partial, names }
            }),
            // An existing file is kept.
            Effect::Export { path, text } => self.blocking(move || {
                let result = supchat_core::private::create_new(&path)
                    .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
                    .map(|()| path.clone())
                    .map_err(|e| format!("{}: {}", path.display(), supchat_i18n::io_reason(&e)));
                Event::Exported(result)
            }),
            Effect::Remember(state) => self.remember(*state),
            // Carried out by `perform`.
            _ => {}
        }
    }

    /// Runs blocking `work` on the sessions' own thread, after what was
    /// asked of it before; what it says comes back through the channel.
    fn serially(
        &self,
        work: impl FnOnce(&tokio::sync::mpsc::UnboundedSender<Msg>) + Send + 'static,
    ) {
        let tx = self.tx.clone();
        let _ = self.serial.send(Box::new(move || work(&tx)));
    }

    /// Runs blocking `work` off the loop; the event it makes comes back
    /// through the channel.
    fn blocking(&self, work: impl FnOnce() -> Event + Send + 'static) {
        let tx = self.tx.clone();
        tokio::task::spawn_blocking(move || {
            let _ = tx.send(Msg::Event(work()));
        });
    }

    /// Runs approved tool calls off the loop, each a program with a
    /// timeout; each result comes back as `ToolDone`.
    /// Runs the jobs off the loop, at most `max_parallel_tools` at once
    /// (the others wait for a slot: a reply of a thousand calls does not
    /// start a thousand processes).
    fn run_tools(&mut self, turn: u64, jobs: Vec<supchat_core::tools::Job>) {
        let flag = Arc::clone(self.tool_stops.entry(turn).or_default());
        for job in jobs {
            let flag = Arc::clone(&flag);
            let index = job.index;
            let slots = Arc::clone(&self.tool_slots);
            let tx = self.tx.clone();
            tokio::spawn(async move {
                let Ok(_slot) = slots.acquire_owned().await else {
                    return;
                };
                let result = tokio::task::spawn_blocking(move || job.run(&flag)).await;
                if let Ok(result) = result {
                    let _ = tx.send(Msg::Event(Event::ToolDone {
                        turn,
                        index,
                        result,
                    }));
                }
            });
        }
    }

    /// OSC 52 goes out with the frames; the system tool, which may hang,
    /// off the loop. Either one is enough.
    fn copy(&self, text: String) {
        let mut out = std::io::stdout();
        let osc = out
            .write_all(clipboard::osc52_for_terminal(&text).as_bytes())
            .and_then(|()| out.flush());
        self.blocking(move || {
            let result = match (clipboard::system_copy(&text), osc) {
                (Some(tool), _) => Ok(clipboard::copied_how(Some(tool))),
                (None, Ok(())) => Ok(clipboard::copied_how(None)),
                (None, Err(e)) => Err(e.to_string()),
            };
            Event::Copied(result)
        });
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

    pub(super) fn cancel_all(&mut self) {
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

    /// Lists the sessions (and searches them) in the background.
    fn list_sessions(&mut self, query: String) {
        let records = self.records.clone();
        use std::sync::atomic::Ordering;
        let latest = Arc::clone(&self.list_gen);
        let gen_ = latest.fetch_add(1, Ordering::SeqCst) + 1;
        // In order with renames (which go the same way), so that the list
        // and the header show the title saved last.
        self.serially(move |tx| {
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
                            Ok(_) => Err(supchat_i18n::tr("picker-info-no-models")),
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
    pub(super) async fn suspend(&mut self, term: &mut Term) -> Result<(), String> {
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
        self.resized(term);
        let _ = self.input.send(InputCtl::Resume);
        Ok(())
    }

    /// The terminal may have changed size while it was given away (no
    /// resize event tells of it then): the app hears its size now.
    fn resized(&self, term: &Term) {
        let (w, h) = term.size();
        let _ = self.tx.send(Msg::Event(Event::Resize(w, h)));
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
                    .unwrap_or_else(|e| {
                        Err(supchat_i18n::tr!("editor-task-failed", e = e.to_string()))
                    })
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
        self.resized(term);
        result
    }
}
