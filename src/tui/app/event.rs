//! What the chat's update takes and gives: events (what happened), effects
//! (what the runtime is asked to do), the popups, and the scrolling state
//! the view reports on.

use std::path::PathBuf;

use crossterm::event::{KeyEvent, MouseEvent};

use super::{keyprompt, picker, session_list};
use supchat_api::StreamEvent;
use supchat_core::config::{ProviderConfig, Secret};
use supchat_core::engine::{RunEnd, TurnRequest};
use supchat_core::session::Opened;
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
    /// What went over the wire for a reply, read from its session (JSON).
    WireLoaded(
        supchat_core::store::SessionId,
        supchat_chat::EntryId,
        Option<String>,
    ),
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
    /// An MCP server's state or tools changed.
    McpChanged,
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
    /// Read what went over the wire for this reply from its session.
    LoadWire(supchat_core::store::SessionId, supchat_chat::EntryId),
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
    /// Read the files the `@words` of this message name (`AttachmentsRead`);
    /// `strict`: a word that reads as a path but names nothing is refused,
    /// and files that came in a paste (`pasted`), lie outside the working
    /// folder, are hidden or look like secrets are asked about first.
    LoadAttachments {
        text: String,
        strict: bool,
        pasted: Vec<String>,
        /// The question about files already answered with Enter: asked
        /// again only if the files it names changed.
        approved: Option<String>,
    },
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
    /// Clear the terminal and draw the screen whole (what another program
    /// wrote over it goes).
    Repaint,
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
    /// The MCP servers' panel, this row selected.
    Mcp {
        selected: usize,
    },
    /// The request inspector, on one reply's exchange.
    Inspect(Box<super::inspect::Inspect>),
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
    /// With `to_cell`: the place in that cell's text to show (a byte of the
    /// reply's text, a find's match), at the window's upper third.
    pub to_byte: Option<usize>,
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
    /// Asked to show a cell first (`Scroll::to_cell`), or resized: the rows
    /// above the window.
    pub top: Option<usize>,
    /// The window anchored at the bottom went elsewhere (resized, or past
    /// the top): its `from_bottom` now.
    pub from_bottom: Option<usize>,
    /// Anchored at the top with the end in view: rows left blank below it.
    pub blank_below: usize,
    /// The help drawn: the most it scrolls.
    pub help_max: Option<u16>,
    /// The inspector drawn: its first line shown (the end's page full),
    /// the first line not shown whole, and where the last page begins.
    pub inspect: Option<(usize, usize, usize)>,
}
