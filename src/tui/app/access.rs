//! What the views and the tests read of the app: accessors only, never a
//! change (state changes only in `update`).

use std::time::Instant;

use super::{App, Popup, Scroll, layers};
use crate::tui::cells::{Cell, CellKind, Cells, LiveReply};
use ratatui_textarea::TextArea;
use supchat_chat::{Conversation, SupAiRun, TurnStats};
use supchat_core::config::ProviderConfig;
use supchat_core::engine::Engine;
use supchat_core::session::ChatSession;
use supchat_core::store::SessionId;

impl App {
    /// Whether `entry` (a message or a reply) is no longer sent: an earlier
    /// answer, or part of an earlier branch.
    pub fn superseded(&self, entry: supchat_chat::EntryId) -> bool {
        self.sent.as_ref().is_some_and(|s| !s.contains(&entry))
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

    /// A turn is under way (a reply is awaited or streaming), or the
    /// lanes of a compare are.
    pub fn is_busy(&self) -> bool {
        self.session.is_busy() || self.compare.as_ref().is_some_and(|c| c.running())
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

    /// What this conversation's replies cost, per currency (empty when
    /// none had a price).
    pub fn spent(&self) -> &[supchat_chat::cost::Cost] {
        &self.spent
    }

    pub fn last_stats(&self) -> Option<&TurnStats> {
        self.last_stats.as_ref()
    }

    /// What the header says at its right: the label and the title.
    pub fn title(&self) -> String {
        let title = match self.session.title() {
            Some(t) => t.to_owned(),
            None => supchat_i18n::tr("header-new"),
        };
        if self.demo {
            supchat_i18n::tr!("header-demo", title = title)
        } else {
            title
        }
    }

    pub fn is_demo(&self) -> bool {
        self.demo
    }

    pub fn config_path(&self) -> Option<&std::path::Path> {
        self.config_path.as_deref()
    }

    pub fn has_quit(&self) -> bool {
        self.quit
    }

    pub fn cell(&self, i: usize) -> &Cell {
        &self.cells.list[i]
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
