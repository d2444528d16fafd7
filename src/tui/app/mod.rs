//! The chat's state and its pure update: events in, state changed, effects
//! out. No I/O, no clock reads (`now` is passed in), so tests are exact.
//! The conversation itself is the engine's; the app drives it and keeps its
//! projection on screen. State changes only through [`App::update`] (fields
//! are private; views read through accessors).

mod access;
mod build;
mod choices;
mod commands;
pub mod compare;
mod complete;
mod dispatch;
mod draft;
mod event;
pub mod find;
mod flash;
pub mod inspect;
mod keyname;
pub mod keyprompt;
mod keys;
mod lang;
pub mod layers;
mod layout;
mod mcp;
pub mod picker;
mod present;
mod prompts;
mod scroll;
mod select;
pub mod session_list;
mod tools;
mod turn;

pub use event::{Effect, Event, Popup, Scroll, ViewReport};
use flash::{Cause, Flash};
pub use layout::ScreenLayout;
pub use tools::{Approval, approval_rows};

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use ratatui_textarea::{TextArea, WrapMode};

use super::cells::{Cells, LiveReply};
use super::theme::Theme;
use supchat_chat::{Conversation, TurnStats};
use supchat_core::config::Config;
use supchat_core::config::commands::Action;
use supchat_core::engine::Now;
use supchat_core::session::{ChatSession, Startup};
use supchat_core::store::SessionId;

/// The new-line key every terminal sends (as LF).
const NEWLINE_KEY: &str = "Ctrl+J";

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
    jump_to: Option<(SessionId, supchat_chat::EntryId, String)>,
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
    /// What the conversation's replies cost, per currency.
    spent: Vec<supchat_chat::cost::Cost>,
    /// A message whose `@word` attached nothing and was refused once: sent
    /// again unchanged, that word goes as text.
    attach_refused: Option<String>,
    /// The question about files the user was shown for that message:
    /// Enter again approves those files, not others that appeared since.
    attach_asked: Option<String>,
    /// Something was pasted since the last message: its `@path`s are all
    /// asked about before they are sent.
    draft_had_paste: bool,
    /// The demo: `demo · offline` before the title, and what to try on
    /// the empty chat.
    demo: bool,
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
    /// What the last Tab after `/command ` was typed on, and the name it
    /// put in: Tab again puts in the next.
    arg_cycle: Option<(String, String)>,
    /// The command typed was refused (its line is given back).
    slash_refused: bool,
    /// The failed message Enter sends again, as its cell last showed.
    failed_hint: Option<supchat_chat::EntryId>,
    /// The MCP servers of this run, when any is configured.
    mcp: Option<supchat_core::mcp::Hub>,
    /// Each MCP server's state as last said in the footer.
    mcp_seen: HashMap<String, String>,
    /// MCP servers failed and still starting.
    mcp_state: (usize, usize),
    /// The compare under way, or ended and not yet closed.
    compare: Option<compare::Compare>,
    /// The targets the next message goes to at once (`/compare`).
    compare_next: Option<Vec<supchat_core::session::Target>>,
    /// What went over the wire for this run's last requests (`/inspect`).
    wire: inspect::WireLog,
    /// `wire_log = true`: it is kept with the session too.
    wire_log: bool,
}

/// An empty input box whose hint names `newline`, the new-line key that
/// works on this terminal, and `help`, the help's key.
fn new_input(newline: &str, help: &str, th: Theme) -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_wrap_mode(WrapMode::WordOrGlyph);
    // Short, so that it fits a narrow window too.
    t.set_placeholder_text(supchat_i18n::tr!(
        "input-placeholder",
        newline = newline,
        help = help
    ));
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
            session: {
                let mut s = ChatSession::new(cfg, &root);
                // Kept for the inspector (this run's last requests only).
                s.record_wire();
                // The screen takes back a reply that broke off and starts it
                // over (what `ask` printed cannot be).
                s.retry_broken_streams();
                s
            },
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
            spent: Vec::new(),
            models: HashMap::new(),
            config_path: cfg.path.clone(),
            demo: false,
            attach_refused: None,
            attach_asked: None,
            draft_had_paste: false,
            newline_key: NEWLINE_KEY,
            startup_effects: Vec::new(),
            mcp: None,
            mcp_seen: HashMap::new(),
            mcp_state: (0, 0),
            sessions_problem: None,
            queue: Vec::new(),
            sent: None,
            editing: None,
            keymap: cfg.keymap.clone(),
            effects_out: Vec::new(),
            quiet_new_session: false,
            remembered_rev: None,
            quit: false,
            arg_cycle: None,
            slash_refused: false,
            failed_hint: None,
            compare: None,
            compare_next: None,
            wire: Default::default(),
            wire_log: cfg.wire_log,
        }
    }

    /// The failed message's cell says how to send it again only while
    /// Enter would: redrawn when that changes.
    fn sync_failed_hint(&mut self) {
        let now = self.failed_prompt();
        if now == self.failed_hint {
            return;
        }
        self.failed_hint = now;
        for i in 0..self.cells.list.len() {
            if matches!(
                self.cells.list[i].kind,
                crate::tui::cells::CellKind::Failed(_)
            ) {
                self.cells.touch(i);
            }
        }
    }

    /// Works out again what is sent (after a reply ends, an edit, a retry,
    /// a delete), and redraws what changed.
    /// What is derived from the conversation, counted again after it
    /// changed: what is still sent, and what its replies cost.
    pub(super) fn recount(&mut self) {
        self.spent = supchat_chat::cost::total(self.conversation());
        let sent = supchat_core::engine::history::still_sent(self.conversation());
        if sent != self.sent {
            self.sent = sent;
            self.cells.touch_all();
        }
    }

    pub fn update(&mut self, ev: Event, now: Now) -> Vec<Effect> {
        let edits_draft = matches!(
            ev,
            Event::Key(_) | Event::Paste(_) | Event::EditorDone(_) | Event::Resize(..)
        );
        // Whatever else may touch the draft too (a failed send puts the
        // prompt back): every event but the stream's and the view's counts.
        let quiet = matches!(
            ev,
            Event::Stream { .. } | Event::Drawn(_) | Event::Tick | Event::McpChanged
        );
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
        self.sync_failed_hint();
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
            Event::KeySaved { provider, result } => self.on_key_saved(&provider, result, now),
            Event::SessionOpened(Ok(opened)) => self.show_session(*opened, now),
            Event::AttachmentsRead { text, result } => self.on_attachments(text, result, now),
            Event::SessionDeleted(result) => self.on_session_deleted(result, t),
            Event::NewSessionReady(recorder) => self.show_new_session(recorder, now),
            other => {
                self.on_news(other, now);
                Vec::new()
            }
        }
    }

    /// An event that asks nothing of the runtime.
    fn on_news(&mut self, ev: Event, now: Now) {
        let t = now.mono;
        match ev {
            Event::Paste(text) => self.on_paste(&text, t),
            Event::Mouse(m) => self.on_mouse(m),
            Event::Resize(w, h) => self.size = (w, h),
            Event::Stream {
                turn,
                event: supchat_api::StreamEvent::Wire(w),
            } => self.record_wire(turn, &w),
            Event::Stream { turn, event } => {
                if !self.lane_stream(turn, &event, now) {
                    self.on_stream(turn, &event, now);
                }
            }
            Event::TurnDone { turn, end } => {
                if let Err(end) = self.lane_done(turn, end, now) {
                    self.on_turn_done(turn, end, now);
                }
            }
            Event::EditorDone(result) => self.on_editor_done(result, t),
            Event::KeyMissing { provider, message } => self.on_key_missing(&provider, message),
            Event::ModelsLoaded { provider, result } => self.on_models_loaded(&provider, result),
            Event::Copied(Err(why)) => {
                self.flash(supchat_i18n::tr!("flash-copy-failed", why = why), t)
            }
            Event::Copied(Ok(how)) => self.flash(supchat_i18n::tr!("flash-copied", how = how), t),
            Event::Drawn(report) => self.set_view_report(report),
            Event::SessionsListed { query, result } => {
                self.on_sessions_listed(&query, result, now);
            }
            Event::SessionOpened(Err(why)) => {
                self.jump_to = None;
                self.flash(supchat_i18n::tr!("flash-open-failed", why = why), t);
            }
            Event::Completions { partial, names } => self.on_completions(&partial, names, t),
            Event::Exported(Ok(p)) => self.flash(
                supchat_i18n::tr!("flash-exported", path = p.display().to_string()),
                t,
            ),
            Event::Exported(Err(why)) => {
                self.flash(supchat_i18n::tr!("flash-not-exported", why = why), t)
            }
            Event::SaveStatus(status) => self.on_save_status(status),
            Event::ToolDone {
                turn,
                index,
                result,
            } => {
                if let Err(result) = self.lane_tool_done(turn, index, result, now) {
                    self.on_tool_done(turn, index, result, now);
                }
            }
            Event::Tick => self.expire_flash(t),
            Event::WireLoaded(session, entry, data) => {
                // Read for a conversation no longer on screen: not this one's.
                if self.session.id() == Some(&session) {
                    self.on_wire_loaded(entry, data, t);
                }
            }
            Event::McpChanged => self.on_mcp_changed(t),
            // Handled by `on_event`.
            Event::Key(_)
            | Event::KeySaved { .. }
            | Event::SessionOpened(Ok(_))
            | Event::AttachmentsRead { .. }
            | Event::SessionDeleted(_)
            | Event::NewSessionReady(_) => {}
        }
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
