//! The chat's state and its pure update: events in, state changed, effects
//! out. No I/O, no clock reads (`now` is passed in), so tests are exact.

pub mod keyprompt;
mod keys;
pub mod picker;
mod turn;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crossterm::event::{KeyEvent, MouseEvent};
use ratatui_textarea::{TextArea, WrapMode};

use super::cells::{Cell, CellKind, Cells};
use crate::api::{StreamEvent, TurnEnd};
use crate::chat::{Message, TurnStats};
use crate::config::{Config, ProviderConfig, ProviderKind, SUPAI_MODES, Secret};

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
    TurnDone {
        turn: u64,
        stats: TurnStats,
        end: TurnEnd,
    },
    /// The turn could not start (no key, bad client setup).
    TurnRefused {
        turn: u64,
        message: String,
    },
    /// `$EDITOR` finished: the new draft, or why it failed.
    EditorDone(Result<String, String>),
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
    /// A timer the app asked for (spinner, elapsed time).
    Tick,
}

/// What the app asks the runtime to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    StartTurn {
        turn: u64,
        provider: Box<ProviderConfig>,
        messages: Vec<Message>,
    },
    CancelTurn(u64),
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
}

impl Scroll {
    pub fn following(&self) -> bool {
        self.from_top.is_none() && self.from_bottom == 0
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
}

pub struct App {
    pub providers: Vec<ProviderConfig>,
    pub provider: usize,
    pub cells: Cells,
    pub input: TextArea<'static>,
    /// Earlier prompts, oldest first, and the position while browsing them.
    pub prompts: Vec<String>,
    pub prompt_pos: Option<usize>,
    /// The draft put aside while browsing earlier prompts.
    pub stashed_draft: Option<String>,
    /// The turn streaming now, and the index of its cell.
    pub active: Option<(u64, usize)>,
    next_turn: u64,
    pub scroll: Scroll,
    pub popup: Option<Popup>,
    pub reasoning_folded: bool,
    /// The Sup.ai run panel is folded away (F7).
    pub supai_panel_folded: bool,
    pub size: (u16, u16),
    /// A short message in the footer, and until when it shows.
    pub flash: Option<(String, Instant)>,
    pub last_stats: Option<TurnStats>,
    /// Shown at the right of the header (the conversation's title).
    pub title: String,
    /// The config file a typed key is saved to.
    pub config_path: Option<PathBuf>,
    /// Model lists fetched this session, by provider name.
    pub models: HashMap<String, Vec<String>>,
    pub quit: bool,
}

pub fn new_input() -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_wrap_mode(WrapMode::WordOrGlyph);
    t.set_placeholder_text(
        "Write a message… (Enter sends, Shift+Enter or Ctrl+J for a new line, F1 help)",
    );
    t.set_placeholder_style(super::theme::dim());
    t.set_cursor_line_style(ratatui::style::Style::default());
    // The terminal's own cursor is placed at the caret (for input methods);
    // a second, drawn one would only be in the way.
    t.set_cursor_style(ratatui::style::Style::default());
    t
}

impl App {
    pub fn new(cfg: &Config, size: (u16, u16)) -> Self {
        let provider = cfg
            .providers
            .iter()
            .position(|p| p.name == cfg.default_provider)
            .unwrap_or(0);
        Self {
            providers: cfg.providers.clone(),
            provider,
            cells: Cells::default(),
            input: new_input(),
            prompts: Vec::new(),
            prompt_pos: None,
            stashed_draft: None,
            active: None,
            next_turn: 0,
            scroll: Scroll::default(),
            popup: None,
            reasoning_folded: false,
            supai_panel_folded: false,
            size,
            flash: None,
            last_stats: None,
            models: HashMap::new(),
            config_path: cfg.path.clone(),
            title: "new conversation".to_owned(),
            quit: false,
        }
    }

    /// The provider the next message goes to.
    pub fn current(&self) -> &ProviderConfig {
        &self.providers[self.provider]
    }

    /// `Supage · claude-sonnet-4-6`, `Sup.ai · deep-thinking`.
    pub fn label(p: &ProviderConfig) -> String {
        let name = match p.name.as_str() {
            "supage" => "Supage",
            "supai" => "Sup.ai",
            other => other,
        };
        format!("{name} · {}", p.model_label())
    }

    pub fn update(&mut self, ev: Event, now: Instant) -> Vec<Effect> {
        match ev {
            Event::Key(k) => self.on_key(k, now),
            Event::Paste(text) => {
                self.on_paste(&text);
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
            Event::TurnDone { turn, stats, end } => {
                self.on_turn_done(turn, stats, end);
                Vec::new()
            }
            Event::TurnRefused { turn, message } => {
                self.on_turn_refused(turn, message);
                Vec::new()
            }
            Event::EditorDone(result) => {
                self.on_editor_done(result, now);
                Vec::new()
            }
            Event::KeyMissing { provider, message } => {
                self.on_key_missing(&provider, message);
                Vec::new()
            }
            Event::KeySaved { provider, result } => {
                self.on_key_saved(&provider, result, now);
                Vec::new()
            }
            Event::ModelsLoaded { provider, result } => {
                self.on_models_loaded(&provider, result);
                Vec::new()
            }
            Event::Tick => Vec::new(),
        }
    }

    /// When the runtime should wake the app although nothing happened:
    /// to animate the spinner and elapsed time while a reply is live.
    pub fn next_tick(&self, now: Instant) -> Option<Instant> {
        let mut next = self.flash.as_ref().map(|(_, until)| *until);
        if self.active.is_some() {
            let spin = now + Duration::from_millis(100);
            next = Some(next.map_or(spin, |n| n.min(spin)));
        }
        next
    }

    /// Drops an expired footer message.
    pub fn expire_flash(&mut self, now: Instant) {
        if self.flash.as_ref().is_some_and(|(_, until)| *until <= now) {
            self.flash = None;
        }
    }

    pub fn flash(&mut self, text: impl Into<String>, now: Instant) {
        self.flash = Some((text.into(), now + Duration::from_secs(4)));
    }

    /// The newest reply, live or not.
    pub fn latest_reply(&self) -> Option<&super::cells::AssistantCell> {
        self.cells.list.iter().rev().find_map(|c| match &c.kind {
            CellKind::Assistant(a) => Some(a.as_ref()),
            _ => None,
        })
    }

    pub fn cell(&self, i: usize) -> &Cell {
        &self.cells.list[i]
    }

    fn touch(&mut self, i: usize) {
        if let Some(c) = self.cells.list.get_mut(i) {
            c.rev += 1;
        }
    }

    fn push_cell(&mut self, kind: CellKind) -> usize {
        self.cells.push(kind)
    }

    /// F2: the next configured provider.
    fn next_provider(&mut self, now: Instant) {
        self.provider = (self.provider + 1) % self.providers.len();
        let label = Self::label(self.current());
        self.flash(format!("next message goes to {label}"), now);
    }

    /// F3: the next Sup.ai mode (of the Sup.ai provider in use, or the first one).
    fn next_mode(&mut self, now: Instant) {
        let idx = if self.current().kind == ProviderKind::SupAi {
            Some(self.provider)
        } else {
            self.providers
                .iter()
                .position(|p| p.kind == ProviderKind::SupAi)
        };
        let Some(idx) = idx else {
            self.flash("no Sup.ai provider is configured", now);
            return;
        };
        let p = &mut self.providers[idx];
        let pos = SUPAI_MODES.iter().position(|m| *m == p.mode);
        p.mode = SUPAI_MODES[pos.map_or(0, |i| (i + 1) % SUPAI_MODES.len())].to_owned();
        self.provider = idx;
        let label = Self::label(self.current());
        self.flash(format!("next message goes to {label}"), now);
    }

    /// F6: Sup.ai's own frames on or off for the next message.
    fn toggle_supai_chunks(&mut self, now: Instant) {
        let Some(idx) = self
            .providers
            .iter()
            .enumerate()
            .find(|(i, p)| {
                p.kind == ProviderKind::SupAi
                    && (*i == self.provider || self.current().kind != ProviderKind::SupAi)
            })
            .map(|(i, _)| i)
        else {
            self.flash("no Sup.ai provider is configured", now);
            return;
        };
        let p = &mut self.providers[idx];
        p.include_supai_chunks = !p.include_supai_chunks;
        let state = if p.include_supai_chunks { "on" } else { "off" };
        self.flash(
            format!("Sup.ai run details {state} for the next message"),
            now,
        );
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
