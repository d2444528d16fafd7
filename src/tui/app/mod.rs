//! The chat's state and its pure update: events in, state changed, effects
//! out. No I/O, no clock reads (`now` is passed in), so tests are exact.
//! The conversation itself is the engine's; the app drives it and keeps its
//! projection on screen. State changes only through [`App::update`] (fields
//! are private; views read through accessors).

mod commands;
mod dispatch;
pub mod find;
pub mod keyprompt;
mod keys;
pub mod layers;
mod layout;
pub mod picker;
mod prompts;
mod select;
pub mod session_list;
mod tools;
mod turn;

pub use layout::ScreenLayout;
pub use tools::{Approval, approval_rows};

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crossterm::event::{KeyEvent, MouseEvent};
use ratatui_textarea::{TextArea, WrapMode};

use super::cells::{Cell, CellKind, Cells, LiveReply};
use super::theme::Theme;
use supchat_api::StreamEvent;
use supchat_chat::{Conversation, SupAiRun, TurnStats};
use supchat_core::config::commands::Action;
use supchat_core::config::{Config, ProviderConfig, Secret};
use supchat_core::engine::{Engine, Now, RunEnd, TurnRequest};
use supchat_core::session::{ChatSession, Opened, Startup};
use supchat_core::store::{JournalStatus, Recorder, SessionId, Write};

/// What happened: input, a stream's progress, a timer.
#[derive(Debug)]
pub enum Event {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEvent),
    Resize(u16, u16),
    Stream {
        turn: u64,
        event: StreamEvent,
    },
    /// The turn's request ended (or could not be sent).
    TurnDone {
        turn: u64,
        end: RunEnd,
    },
    /// `$EDITOR` finished: the new draft, or why it failed.
    /// The edited draft (and a warning: the editor failed after saving it),
    /// or why there is none.
    EditorDone(Result<(String, Option<String>), String>),
    /// No key was found for this provider.
    KeyMissing {
        provider: String,
        message: String,
    },
    /// The key typed in was saved (to this file), or why it was not.
    KeySaved {
        provider: String,
        result: Result<(PathBuf, Secret), String>,
    },
    /// The model list of a provider, or why it could not be had.
    ModelsLoaded {
        provider: String,
        result: Result<Vec<String>, String>,
    },
    /// A copy to the clipboard was done, or why it could not be.
    Copied(Result<String, String>),
    /// A frame was drawn; what it measured of the conversation.
    Drawn(ViewReport),
    /// The sessions for the list, and the full-text hits for `query`.
    SessionsListed {
        query: String,
        result: supchat_core::session::records::Listed,
    },
    /// The files of a message, read; or why one cannot be attached.
    AttachmentsRead {
        text: String,
        result: Result<Vec<supchat_chat::Attachment>, String>,
    },
    /// File names completing an `@word`.
    Completions {
        partial: String,
        names: Vec<String>,
    },
    /// The conversation was exported to this file, or why it was not.
    Exported(Result<PathBuf, String>),
    /// A session was deleted (its title), or why it could not be.
    SessionDeleted(Result<String, String>),
    /// A saved session to show, or why it could not be opened.
    SessionOpened(Result<Box<Opened>, String>),
    /// A new session was begun: the recorder that saves it (none when
    /// nothing is saved).
    NewSessionReady(Option<Recorder>),
    /// Saving failed, or works again.
    SaveStatus(JournalStatus),
    /// A tool call of `turn` ran: the `index`th call of its batch.
    ToolDone {
        turn: u64,
        index: usize,
        result: supchat_chat::ToolResult,
    },
    /// A timer the app asked for (spinner, elapsed time, a footer message
    /// running out).
    Tick,
}

/// What the app asks the runtime to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    StartTurn(Box<TurnRequest>),
    CancelTurn(u64),
    /// Run these approved tool calls of `turn`, off the loop (`ToolDone`
    /// for each).
    RunTools {
        turn: u64,
        jobs: Vec<supchat_core::tools::Job>,
    },
    /// Stop the tools of `turn` that still run.
    CancelTools(u64),
    OpenEditor(String),
    Copy(String),
    /// Save an API key for a provider into the config file at `path`
    /// (answered by `KeySaved`).
    SaveKey {
        provider: String,
        key: Secret,
        path: Option<PathBuf>,
    },
    /// Fetch the model list of this provider (answered by `ModelsLoaded`).
    FetchModels(Box<ProviderConfig>),
    /// List the sessions, searching for this text (`SessionsListed`).
    ListSessions(String),
    /// Open this saved session (`SessionOpened`).
    OpenSession(SessionId),
    /// Begin a new session (`NewSessionReady`).
    NewSession,
    /// Hand these writes of the conversation to the journal.
    Save(Vec<Write>),
    RenameSession(SessionId, String),
    /// Delete this session (its title, for the message) (`SessionDeleted`),
    /// then, when it is the one on screen, begin a new one
    /// (`NewSessionReady`).
    DeleteSession {
        id: SessionId,
        title: String,
        then_new: bool,
    },
    /// Read the files the `@words` of this message name (`AttachmentsRead`).
    LoadAttachments(String),
    /// File names that complete this `@word` (`Completions`).
    CompletePath(String),
    /// Write this Markdown export to `path` (`Exported`).
    Export {
        path: PathBuf,
        text: String,
    },
    /// Remember these choices for the next run (`state.toml`).
    Remember(Box<supchat_core::config::state::Remembered>),
    /// Ctrl+Z: give the terminal back and stop until `fg`.
    Suspend,
    Quit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    /// The key list, scrolled by this many rows.
    Help {
        scroll: u16,
    },
    Picker(Box<picker::Picker>),
    Key(keyprompt::KeyPrompt),
    Sessions(Box<session_list::SessionList>),
}

/// The new-line key every terminal sends (as LF).
const NEWLINE_KEY: &str = "Ctrl+J";

/// A short message in the footer: until when it shows, and what ends it
/// sooner.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Flash {
    text: String,
    until: Instant,
    cause: Cause,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cause {
    /// Ends only with its time.
    Info,
    /// About the turn under way (a retry): ends when its reply begins or
    /// the turn ends.
    Turn,
    /// Where the next message goes: ends when a message is sent.
    NextMessage,
    /// "Ctrl+C again to quit": ends with any other key.
    QuitArmed,
}

/// Scrolling of the conversation. Normally anchored at the bottom (so a
/// frame looks only at the newest cells); after Home, anchored at the top
/// (so a frame looks only at the oldest), until the end comes into view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scroll {
    /// Rows between the bottom of the conversation and the bottom of the view.
    pub from_bottom: usize,
    /// The largest sensible `from_bottom`, as last measured by the view.
    pub max: Option<usize>,
    /// Anchored at the top: rows above the view.
    pub from_top: Option<usize>,
    /// Asked for: the view anchored at the top with this cell first (the
    /// view measures the rows above it and says them in its report).
    pub to_cell: Option<usize>,
}

impl Scroll {
    pub fn following(&self) -> bool {
        self.from_top.is_none() && self.from_bottom == 0 && self.to_cell.is_none()
    }
}

/// What a frame learnt about the conversation's extent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ViewReport {
    /// The largest `from_bottom`, when the whole conversation was measured.
    pub max_from_bottom: Option<usize>,
    /// Anchored at the top, the view reached the end of the conversation.
    pub reached_end: bool,
    /// Rows the conversation grew at the bottom while scrolled up: the view
    /// kept still by adding them to `from_bottom`.
    pub grew: usize,
    /// Asked to show a cell first (`Scroll::to_cell`): the rows above it.
    pub top: Option<usize>,
    /// Anchored at the top with the end in view: rows left blank below it.
    pub blank_below: usize,
}

pub struct App {
    /// The conversation, its turn under way, the choices, the tool loop
    /// and the saved session.
    session: ChatSession,
    /// The conversation's projection on screen.
    cells: Cells,
    /// The reply being written, while one is.
    live: Option<LiveReply>,
    input: TextArea<'static>,
    /// Grows with every event that may change the input box.
    input_rev: u64,
    /// Earlier prompts, oldest first, and the position while browsing them.
    prompts: Vec<String>,
    prompt_pos: Option<usize>,
    /// The draft put aside while browsing earlier prompts.
    stashed_draft: Option<String>,
    scroll: Scroll,
    /// The modes open over the conversation and the input box.
    layers: layers::Layers,
    reasoning_folded: bool,
    /// Long messages of yours are shown whole (Ctrl+L), not folded.
    long_messages_open: bool,
    /// A search hit being opened: its session, and the entry to show.
    jump_to: Option<(SessionId, supchat_chat::EntryId)>,
    /// Why the conversation is not being saved, while that lasts.
    save_problem: Option<String>,
    /// The session database could be opened.
    sessions_available: bool,
    /// The Sup.ai run panel is folded away (F7).
    /// F7's choice for the run shown; `None`: open while the run is live,
    /// folded to its summary line once it ended.
    supai_panel_open: Option<bool>,
    size: (u16, u16),
    /// A short message in the footer.
    flash: Option<Flash>,
    /// Ctrl+C was pressed with nothing to stop or clear: a second press
    /// before this moment quits.
    quit_armed: Option<Instant>,
    last_stats: Option<TurnStats>,
    /// Shown before the title (`demo · offline`).
    label: Option<String>,
    /// The config file a typed key is saved to.
    config_path: Option<PathBuf>,
    /// Model lists fetched this session, by provider name.
    models: HashMap<String, Vec<String>>,
    /// The new-line key the hints name: Shift+Enter only where the terminal
    /// tells it from Enter (the kitty keyboard protocol).
    newline_key: &'static str,
    /// Effects decided while presenting the engine's outputs, sent with
    /// the event's own.
    effects_out: Vec<Effect>,
    /// Why the session list cannot be had, when it cannot.
    sessions_problem: Option<String>,
    /// The keys in use (`[keys]` over the defaults).
    keymap: supchat_core::config::keymap::Keymap,
    /// The entries the next request carries (the others were replaced by a
    /// retry or an edit, or never answered), when any are not.
    sent: Option<std::collections::HashSet<supchat_chat::EntryId>>,
    /// The earlier message the draft is an edit of.
    editing: Option<supchat_chat::EntryId>,
    /// Messages typed while a reply streamed, oldest first: sent one by
    /// one as replies end.
    queue: Vec<String>,
    /// Effects from start-up, for the runtime to carry out first.
    startup_effects: Vec<Effect>,
    /// The next new conversation begins without its footer message (the
    /// one on screen was deleted, which said so).
    quiet_new_session: bool,
    /// The revision of the choices last remembered.
    remembered_rev: Option<u64>,
    theme: Theme,
    quit: bool,
}

/// An empty input box whose hint names `newline`, the new-line key that
/// works on this terminal, and `help`, the help's key.
fn new_input(newline: &str, help: &str, th: Theme) -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_wrap_mode(WrapMode::WordOrGlyph);
    // Short, so that it fits a narrow window too.
    t.set_placeholder_text(format!("Enter sends · {newline} new line · {help} help"));
    t.set_placeholder_style(th.dim());
    t.set_cursor_line_style(ratatui::style::Style::default());
    // The terminal's own cursor is placed at the caret (for input methods);
    // a second, drawn one would only be in the way.
    t.set_cursor_style(ratatui::style::Style::default());
    t
}

impl App {
    pub fn new(cfg: &Config, size: (u16, u16)) -> Self {
        let root = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        Self {
            session: ChatSession::new(cfg, &root),
            cells: Cells::default(),
            live: None,
            input: new_input(
                NEWLINE_KEY,
                &cfg.keymap.label(Action::Help),
                Theme::default(),
            ),
            theme: Theme::default(),
            input_rev: 0,
            prompts: Vec::new(),
            prompt_pos: None,
            stashed_draft: None,
            scroll: Scroll::default(),
            layers: Default::default(),
            reasoning_folded: false,
            long_messages_open: false,
            jump_to: None,
            save_problem: None,
            sessions_available: false,
            supai_panel_open: None,
            size,
            flash: None,
            quit_armed: None,
            last_stats: None,
            models: HashMap::new(),
            config_path: cfg.path.clone(),
            label: None,
            newline_key: NEWLINE_KEY,
            startup_effects: Vec::new(),
            sessions_problem: None,
            queue: Vec::new(),
            sent: None,
            editing: None,
            keymap: cfg.keymap.clone(),
            effects_out: Vec::new(),
            quiet_new_session: false,
            remembered_rev: None,
            quit: false,
        }
    }

    /// Shows `label` at the right of the header, before the title.
    pub fn with_label(mut self, label: Option<&str>) -> Self {
        self.label = label.map(str::to_owned);
        self
    }

    /// Whether this terminal tells Shift+Enter from Enter (the hints then
    /// offer it for a new line; else Ctrl+J, which works everywhere).
    pub fn with_shift_enter(mut self, works: bool) -> Self {
        self.newline_key = if works { "Shift+Enter" } else { NEWLINE_KEY };
        self.input = self.new_input();
        self
    }

    /// An empty input box.
    fn new_input(&self) -> TextArea<'static> {
        new_input(self.newline_key, &self.key(Action::Help), self.theme)
    }

    /// Draws in `theme`'s styles.
    pub fn with_theme(mut self, theme: Theme) -> Self {
        self.theme = theme;
        self.input = self.new_input();
        self
    }

    /// The styles everything on screen is drawn in.
    pub fn theme(&self) -> Theme {
        self.theme
    }

    /// Saves a typed key to this config file.
    pub fn with_config_path(mut self, path: Option<PathBuf>) -> Self {
        if path.is_some() {
            self.config_path = path;
        }
        self
    }

    /// Continues `conversation`, not saved: the screen is rebuilt from it
    /// alone.
    pub fn with_conversation(mut self, conversation: Conversation) -> Self {
        self.cells = Cells::project(&conversation);
        self.session.load(conversation);
        self.live = None;
        self
    }

    /// Starts as start-up found: a resumed session or a new one, and what
    /// went wrong with saving.
    pub fn with_startup(mut self, startup: Startup, saving: bool, available: bool) -> Self {
        self.sessions_available = available;
        let now = Now::read();
        if let Some(opened) = startup.opened {
            let _ = self.show_session(opened, now);
        } else {
            self.session.start_new(startup.new);
        }
        if let Some(p) = startup.problem {
            if saving {
                self.flash(p, now.mono);
            } else {
                self.save_problem = Some(p);
            }
        }
        if let Some(p) = startup.save_problem {
            self.save_problem = Some(p);
        }
        self.sessions_problem = (!available).then(|| {
            self.save_problem
                .clone()
                .unwrap_or_else(|| "nothing is saved in this run (--no-save)".to_owned())
        });
        if startup.pick && available {
            self.startup_effects = self.open_session_list(now.mono);
        }
        self
    }

    /// What start-up asks the runtime to do (list the sessions for
    /// `--resume` without an id).
    pub fn take_startup_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.startup_effects)
    }

    /// Whether `entry` (a message or a reply) is no longer sent: an earlier
    /// answer, or part of an earlier branch.
    pub fn superseded(&self, entry: supchat_chat::EntryId) -> bool {
        self.sent.as_ref().is_some_and(|s| !s.contains(&entry))
    }

    /// Works out again what is sent (after a reply ends, an edit, a retry,
    /// a delete), and redraws what changed.
    pub(super) fn recompute_sent(&mut self) {
        let sent = supchat_core::engine::history::still_sent(self.conversation());
        if sent != self.sent {
            self.sent = sent;
            self.cells.touch_all();
        }
    }

    /// Messages waiting for the reply to end, oldest first.
    pub fn queued(&self) -> &[String] {
        &self.queue
    }

    /// The session on screen, when it is saved.
    pub fn session_id(&self) -> Option<&SessionId> {
        self.session.id()
    }

    /// Why nothing is being saved, while that lasts.
    pub fn save_problem(&self) -> Option<&str> {
        self.save_problem.as_deref()
    }

    /// The provider the next message goes to.
    pub fn current(&self) -> &ProviderConfig {
        self.session.current()
    }

    pub fn providers(&self) -> &[ProviderConfig] {
        self.session.choices().providers()
    }

    pub fn conversation(&self) -> &Conversation {
        self.session.conversation()
    }

    pub fn engine(&self) -> &Engine {
        self.session.engine()
    }

    /// The chat session the screen drives.
    pub fn session(&self) -> &ChatSession {
        &self.session
    }

    pub fn cells(&self) -> &Cells {
        &self.cells
    }

    pub fn live(&self) -> Option<&LiveReply> {
        self.live.as_ref()
    }

    /// A turn is under way (a reply is awaited or streaming).
    pub fn is_busy(&self) -> bool {
        self.session.is_busy()
    }

    pub fn input(&self) -> &TextArea<'static> {
        &self.input
    }

    /// The input box's revision: the view redraws it when this changes.
    pub fn input_rev(&self) -> u64 {
        self.input_rev
    }

    pub fn scroll(&self) -> Scroll {
        self.scroll
    }

    pub fn popup(&self) -> Option<&Popup> {
        self.layers.popup()
    }

    /// The layers open, bottom first: the order they are drawn in.
    pub fn layers(&self) -> &layers::Layers {
        &self.layers
    }

    pub fn reasoning_folded(&self) -> bool {
        self.reasoning_folded
    }

    /// Long messages of yours are shown whole.
    pub fn long_messages_open(&self) -> bool {
        self.long_messages_open
    }

    /// The Sup.ai run panel is folded away (the reply keeps its summary line).
    pub fn supai_panel_folded(&self) -> bool {
        let live = self
            .latest_run()
            .is_some_and(|(_, started)| started.is_some());
        !self.supai_panel_open.unwrap_or(live)
    }

    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// The footer message showing now, if any.
    pub fn flash_message(&self) -> Option<&str> {
        self.flash.as_ref().map(|f| f.text.as_str())
    }

    pub fn last_stats(&self) -> Option<&TurnStats> {
        self.last_stats.as_ref()
    }

    /// What the header says at its right: the label and the title.
    pub fn title(&self) -> String {
        let title = self.session.title().unwrap_or("new conversation");
        match &self.label {
            Some(l) => format!("{l} · {title}"),
            None => title.to_owned(),
        }
    }

    pub fn config_path(&self) -> Option<&std::path::Path> {
        self.config_path.as_deref()
    }

    pub fn has_quit(&self) -> bool {
        self.quit
    }

    pub fn update(&mut self, ev: Event, now: Now) -> Vec<Effect> {
        let edits_draft = matches!(
            ev,
            Event::Key(_) | Event::Paste(_) | Event::EditorDone(_) | Event::Resize(..)
        );
        // Whatever else may touch the draft too (a failed send puts the
        // prompt back): every event but the stream's and the view's counts.
        let quiet = matches!(ev, Event::Stream { .. } | Event::Drawn(_) | Event::Tick);
        // Choices made before the first event (start-up) are not news.
        let remembered = *self
            .remembered_rev
            .get_or_insert(self.session.choices().rev());
        let returned = self.on_event(ev, now);
        // In the order they were decided: those pushed while handling the
        // event came before what it returned.
        let mut effects = std::mem::take(&mut self.effects_out);
        effects.extend(returned);
        self.sync_approval(now.mono);
        let rev = self.session.choices().rev();
        if rev != remembered {
            self.remembered_rev = Some(rev);
            let state = self.session.choices().remembered();
            effects.push(Effect::Remember(Box::new(state)));
        }
        if !quiet {
            self.input_rev += 1;
        }
        if edits_draft {
            super::input_box::fit(&mut self.input, super::input_box::cap(self.size.1));
        }
        effects
    }

    fn on_event(&mut self, ev: Event, now: Now) -> Vec<Effect> {
        let t = now.mono;
        match ev {
            Event::Key(k) => self.on_key(k, now),
            Event::Paste(text) => {
                self.on_paste(&text, t);
                Vec::new()
            }
            Event::Mouse(m) => {
                self.on_mouse(m);
                Vec::new()
            }
            Event::Resize(w, h) => {
                self.size = (w, h);
                Vec::new()
            }
            Event::Stream { turn, event } => {
                self.on_stream(turn, &event, now);
                Vec::new()
            }
            Event::TurnDone { turn, end } => {
                self.on_turn_done(turn, end, now);
                Vec::new()
            }
            Event::EditorDone(result) => {
                self.on_editor_done(result, t);
                Vec::new()
            }
            Event::KeyMissing { provider, message } => {
                self.on_key_missing(&provider, message);
                Vec::new()
            }
            Event::KeySaved { provider, result } => self.on_key_saved(&provider, result, now),
            Event::ModelsLoaded { provider, result } => {
                self.on_models_loaded(&provider, result);
                Vec::new()
            }
            Event::Copied(Err(why)) => {
                self.flash(format!("copy failed: {why}"), t);
                Vec::new()
            }
            Event::Copied(Ok(how)) => {
                self.flash(format!("copied to {how}"), t);
                Vec::new()
            }
            Event::Drawn(report) => {
                self.set_view_report(report);
                Vec::new()
            }
            Event::SessionsListed { query, result } => {
                self.on_sessions_listed(&query, result);
                Vec::new()
            }
            Event::SessionOpened(Ok(opened)) => self.show_session(*opened, now),
            Event::SessionOpened(Err(why)) => {
                self.jump_to = None;
                self.flash(format!("cannot open that session: {why}"), t);
                Vec::new()
            }
            Event::AttachmentsRead { text, result } => self.on_attachments(text, result, now),
            Event::Completions { partial, names } => {
                self.on_completions(&partial, names, t);
                Vec::new()
            }
            Event::Exported(result) => {
                match result {
                    Ok(p) => self.flash(format!("exported to {}", p.display()), t),
                    Err(why) => self.flash(format!("not exported: {why}"), t),
                }
                Vec::new()
            }
            Event::SessionDeleted(result) => self.on_session_deleted(result, t),
            Event::NewSessionReady(recorder) => self.show_new_session(recorder, now),
            Event::SaveStatus(status) => {
                self.on_save_status(status);
                Vec::new()
            }
            Event::ToolDone {
                turn,
                index,
                result,
            } => {
                self.on_tool_done(turn, index, result, now);
                Vec::new()
            }
            Event::Tick => {
                self.expire_flash(t);
                Vec::new()
            }
        }
    }

    /// When the runtime should wake the app although nothing happened:
    /// to animate the spinner and elapsed time while a reply is live.
    pub fn next_tick(&self, now: Instant) -> Option<Instant> {
        let mut next = self.flash.as_ref().map(|f| f.until);
        if self.session.is_busy() {
            let spin = now + Duration::from_millis(100);
            next = Some(next.map_or(spin, |n| n.min(spin)));
        }
        next
    }

    /// Drops an expired footer message.
    fn expire_flash(&mut self, now: Instant) {
        if self.flash.as_ref().is_some_and(|f| f.until <= now) {
            self.flash = None;
        }
        if self.quit_armed.is_some_and(|until| until <= now) {
            self.quit_armed = None;
        }
    }

    /// A footer message that lasts a few seconds.
    fn flash(&mut self, text: impl Into<String>, now: Instant) {
        self.notice(Cause::Info, text, now);
    }

    /// A footer message that also ends when `cause` ends.
    fn notice(&mut self, cause: Cause, text: impl Into<String>, now: Instant) {
        self.notice_for(cause, text, now, Duration::from_secs(4));
    }

    /// A footer message that shows for `how_long` at most.
    fn notice_for(
        &mut self,
        cause: Cause,
        text: impl Into<String>,
        now: Instant,
        how_long: Duration,
    ) {
        self.flash = Some(Flash {
            text: text.into(),
            until: now + how_long,
            cause,
        });
    }

    /// `cause` ended: so does its footer message.
    fn end_notice(&mut self, cause: Cause) {
        if self.flash.as_ref().is_some_and(|f| f.cause == cause) {
            self.flash = None;
        }
    }

    pub fn cell(&self, i: usize) -> &Cell {
        &self.cells.list[i]
    }

    /// F2: the next configured provider.
    fn next_provider(&mut self, now: Instant) {
        self.session.choices_mut().next_provider();
        self.said_next(now);
    }

    /// F3: on a Sup.ai provider, its next mode; else switches to the
    /// (first) Sup.ai provider, keeping its mode.
    fn next_mode(&mut self, now: Instant) {
        match self.session.choices_mut().next_mode() {
            Ok(()) => self.said_next(now),
            Err(why) => self.flash(why, now),
        }
    }

    /// F6: Sup.ai's own frames on or off for the next message.
    fn toggle_supai_chunks(&mut self, now: Instant) {
        let Some(on) = self.session.choices_mut().toggle_supai_chunks() else {
            let name = supchat_core::config::display_name(&self.current().name).to_owned();
            self.flash(
                format!(
                    "run details are a Sup.ai feature; {name} has none ({} switches to Sup.ai)",
                    self.key(Action::Mode)
                ),
                now,
            );
            return;
        };
        let state = if on { "on" } else { "off" };
        self.notice(
            Cause::NextMessage,
            format!("Sup.ai run details {state} for the next message"),
            now,
        );
    }

    /// F7: folds or shows the Sup.ai run panel, when there is a run to show.
    fn toggle_supai_panel(&mut self, now: Instant) {
        let has_run = self.latest_run().is_some_and(|(run, _)| !run.is_empty());
        if !has_run {
            let key = self.key(Action::Details);
            self.flash(
                format!("there is no Sup.ai run to show ({key} turns run details on for Sup.ai)"),
                now,
            );
            return;
        }
        self.supai_panel_open = Some(self.supai_panel_folded());
    }

    /// The Sup.ai run of the newest reply, and when it started if it is live.
    pub fn latest_run(&self) -> Option<(&SupAiRun, Option<Instant>)> {
        let (i, id) = self
            .cells
            .list
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, c)| match c.kind {
                CellKind::Reply(id) => Some((i, id)),
                _ => None,
            })?;
        let run = &self.conversation().assistant(id?)?.reply.supai;
        let started = self
            .live
            .as_ref()
            .filter(|l| l.cell == i)
            .map(|l| l.started);
        Some((run, started))
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
