//! Sessions in the chat screen: the session list (F5: newest first,
//! filtered by title as you type and searched in full text, Enter opens,
//! Ctrl+R renames, Ctrl+D deletes after a yes, Ctrl+N starts a new one),
//! switching the screen to another session, and what the journal says of
//! saving.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Effect, Popup};
use crate::tui::cells::Cells;
use crate::tui::fuzzy;
use supchat_chat::EntryId;
use supchat_core::config::commands::Action;
use supchat_core::engine::Now;
use supchat_core::session::Opened;
use supchat_core::store::{Hit, JournalStatus, Recorder, SessionId, SessionMeta};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListMode {
    Browse,
    /// Typing a new title for the highlighted session.
    Rename(String),
    /// Asking whether to delete the highlighted session (its title, and
    /// whether it is the conversation on screen).
    ConfirmDelete {
        title: String,
        on_screen: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionList {
    pub query: String,
    pub sessions: Vec<SessionMeta>,
    /// Full-text hits for the query (sessions whose text matched).
    pub hits: Vec<Hit>,
    pub cursor: usize,
    pub mode: ListMode,
    pub loading: bool,
    pub error: Option<String>,
    /// When the rows came: how long ago each changed is told from it.
    pub listed_at: Option<std::time::SystemTime>,
}

/// A row of the list.
#[derive(Debug, Clone, PartialEq)]
pub enum ListRow<'a> {
    Session(&'a SessionMeta),
    Hit(&'a Hit),
}

impl SessionList {
    fn new() -> Self {
        Self {
            query: String::new(),
            sessions: Vec::new(),
            hits: Vec::new(),
            cursor: 0,
            mode: ListMode::Browse,
            loading: true,
            error: None,
            listed_at: None,
        }
    }

    /// The rows: sessions whose title matches (all of them, newest first,
    /// with no query), then the text hits, those of one session together
    /// (in the order of each session's best hit).
    pub fn rows(&self) -> Vec<ListRow<'_>> {
        let titles: Vec<&str> = self.sessions.iter().map(|m| m.title.as_str()).collect();
        let mut rows: Vec<ListRow<'_>> = fuzzy::filter(&self.query, &titles)
            .into_iter()
            .map(|i| ListRow::Session(&self.sessions[i]))
            .collect();
        let mut hits: Vec<(usize, &Hit)> = self
            .hits
            .iter()
            .map(|h| {
                let first = self.hits.iter().position(|o| o.session == h.session);
                (first.unwrap_or(0), h)
            })
            .collect();
        // Stable: within a session, best first.
        hits.sort_by_key(|(first, _)| *first);
        rows.extend(hits.into_iter().map(|(_, h)| ListRow::Hit(h)));
        rows
    }

    /// The highlighted search hit's session and entry.
    fn selected_hit(&self) -> Option<(SessionId, EntryId)> {
        match self.rows().get(self.cursor)? {
            ListRow::Hit(h) => Some((h.session.clone(), EntryId(h.entry))),
            ListRow::Session(_) => None,
        }
    }

    fn selected(&self) -> Option<(SessionId, String)> {
        match self.rows().get(self.cursor)? {
            ListRow::Session(m) => Some((m.id.clone(), m.title.clone())),
            ListRow::Hit(h) => Some((h.session.clone(), h.title.clone())),
        }
    }
}

impl App {
    /// The session list searching for `query`, if given (`/resume TEXT`).
    pub(super) fn open_session_list_with(
        &mut self,
        query: Option<String>,
        now: Instant,
    ) -> Vec<Effect> {
        let mut effects = self.open_session_list(now);
        if let (Some(q), Some(Popup::Sessions(l))) = (query, self.layers.popup_mut()) {
            l.query = q.clone();
            effects = vec![Effect::ListSessions(q)];
        }
        effects
    }

    /// F5: the session list; it asks the runtime for the sessions.
    pub(super) fn open_session_list(&mut self, now: Instant) -> Vec<Effect> {
        if !self.sessions_available {
            let why = self
                .sessions_problem
                .clone()
                .unwrap_or_else(|| supchat_i18n::tr("sessions-db-unopened"));
            self.flash(supchat_i18n::tr!("flash-no-session-list", why = why), now);
            return Vec::new();
        }
        self.layers
            .open_popup(Popup::Sessions(Box::new(SessionList::new())));
        vec![Effect::ListSessions(String::new())]
    }

    /// The runtime listed the sessions (and searched for `query`).
    pub(super) fn on_sessions_listed(
        &mut self,
        query: &str,
        result: supchat_core::session::records::Listed,
        now: Now,
    ) {
        // The open session renamed elsewhere: the header follows.
        if let Ok((sessions, _)) = &result {
            for m in sessions {
                self.session.saw_saved_title(&m.id, &m.title);
            }
        }
        let Some(Popup::Sessions(l)) = self.layers.popup_mut() else {
            return;
        };
        // Latest request wins: an answer for an older query is dropped.
        if l.query != query {
            return;
        }
        l.loading = false;
        l.listed_at = Some(now.wall);
        match result {
            Ok((sessions, hits)) => {
                l.sessions = sessions;
                l.hits = hits;
                l.error = None;
            }
            Err(e) => l.error = Some(e),
        }
        l.cursor = l.cursor.min(l.rows().len().saturating_sub(1));
    }

    /// A key in the session list: typing a new title, answering whether
    /// to delete, or browsing.
    pub(super) fn on_sessions_key(&mut self, k: KeyEvent, clock: Now) -> Vec<Effect> {
        match self.layers.popup() {
            Some(Popup::Sessions(l)) => match l.mode {
                ListMode::Rename(_) => self.on_rename_key(k, clock),
                ListMode::ConfirmDelete { .. } => self.on_list_delete_key(k),
                ListMode::Browse => self.on_browse_key(k, clock),
            },
            _ => Vec::new(),
        }
    }

    /// A key while a new title is typed: Enter takes it, Esc drops it.
    fn on_rename_key(&mut self, k: KeyEvent, clock: Now) -> Vec<Effect> {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let on_screen = self.session_id().cloned();
        let Some(Popup::Sessions(l)) = self.layers.popup_mut() else {
            return Vec::new();
        };
        let ListMode::Rename(title) = &mut l.mode else {
            return Vec::new();
        };
        match k.code {
            KeyCode::Esc => l.mode = ListMode::Browse,
            KeyCode::Backspace => {
                title.pop();
            }
            KeyCode::Char(c) if !ctrl && !k.modifiers.contains(KeyModifiers::ALT) => title.push(c),
            // As a shell's line: Ctrl+U clears it, Ctrl+W takes the last word.
            KeyCode::Char('u') if ctrl => title.clear(),
            KeyCode::Char('w') if ctrl => {
                let kept = title.trim_end().rfind(' ').map_or(0, |i| i + 1);
                title.truncate(kept);
            }
            KeyCode::Enter => {
                let title = supchat_chat::title_from(title);
                if title.is_empty() {
                    self.flash(supchat_i18n::tr("flash-title-empty"), clock.mono);
                    return Vec::new();
                }
                if let Some((id, _)) = l.selected() {
                    l.mode = ListMode::Browse;
                    // The list shows the new title at once.
                    for m in l.sessions.iter_mut().filter(|m| m.id == id) {
                        m.title.clone_from(&title);
                    }
                    for h in l.hits.iter_mut().filter(|h| h.session == id) {
                        h.title.clone_from(&title);
                    }
                    if on_screen.as_ref() == Some(&id) {
                        let outs = self.session.rename(title);
                        self.present(outs, clock);
                        return Vec::new();
                    }
                    return vec![Effect::RenameSession(id, title)];
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// A key while the list asks whether to delete: y deletes, any other
    /// key keeps it.
    fn on_list_delete_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        let on_screen = self.session_id().cloned();
        let Some(Popup::Sessions(l)) = self.layers.popup_mut() else {
            return Vec::new();
        };
        let yes = matches!(k.code, KeyCode::Char('y' | 'Y'));
        l.mode = ListMode::Browse;
        if yes && let Some((id, title)) = l.selected() {
            // The conversation on screen goes with it: a new one takes its
            // place (else its next change would save it again).
            let then_new = on_screen.as_ref() == Some(&id);
            self.quiet_new_session |= then_new;
            return vec![Effect::DeleteSession {
                id,
                title,
                then_new,
            }];
        }
        Vec::new()
    }

    /// A key while browsing: moving, filtering, opening, renaming,
    /// deleting; the keys that open the list and start a new conversation,
    /// as bound now, close it and start one from it.
    fn on_browse_key(&mut self, k: KeyEvent, clock: Now) -> Vec<Effect> {
        let action = self.action_of(&k);
        let on_screen = self.session_id().cloned();
        let Some(Popup::Sessions(l)) = self.layers.popup_mut() else {
            return Vec::new();
        };
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let rows = l.rows().len();
        match k.code {
            KeyCode::Esc => self.layers.close_popup(),
            _ if action == Some(Action::Sessions) => self.layers.close_popup(),
            KeyCode::Char('c') if ctrl => self.layers.close_popup(),
            KeyCode::Up => l.cursor = l.cursor.saturating_sub(1),
            KeyCode::Down => l.cursor = (l.cursor + 1).min(rows.saturating_sub(1)),
            KeyCode::PageUp => l.cursor = l.cursor.saturating_sub(10),
            KeyCode::PageDown => l.cursor = (l.cursor + 10).min(rows.saturating_sub(1)),
            KeyCode::Char('r') if ctrl => {
                if let Some((_, title)) = l.selected() {
                    l.mode = ListMode::Rename(title);
                }
            }
            KeyCode::Char('d') if ctrl => {
                if let Some((id, title)) = l.selected() {
                    let on_screen = on_screen.as_ref() == Some(&id);
                    l.mode = ListMode::ConfirmDelete { title, on_screen };
                }
            }
            _ if action == Some(Action::New) => {
                self.layers.close_popup();
                return self.new_conversation(clock.mono);
            }
            KeyCode::Enter => {
                let hit = l.selected_hit();
                let query = l.query.clone();
                if let Some((id, _)) = l.selected() {
                    self.layers.close_popup();
                    if on_screen.as_ref() == Some(&id) {
                        if let Some((_, entry)) = hit {
                            self.jump_to_entry(entry, &query, clock.mono);
                        }
                        return Vec::new();
                    }
                    self.jump_to = hit.map(|(s, e)| (s, e, query));
                    return vec![Effect::OpenSession(id)];
                }
            }
            KeyCode::Backspace => {
                l.query.pop();
                l.cursor = 0;
                return vec![Effect::ListSessions(l.query.clone())];
            }
            KeyCode::Char(c) if !ctrl && !k.modifiers.contains(KeyModifiers::ALT) => {
                l.query.push(c);
                l.cursor = 0;
                return vec![Effect::ListSessions(l.query.clone())];
            }
            _ => {}
        }
        Vec::new()
    }

    /// A session was deleted (or not): said, and the list, if open, asked
    /// for again.
    pub(super) fn on_session_deleted(
        &mut self,
        result: Result<String, String>,
        now: Instant,
    ) -> Vec<Effect> {
        match result {
            Ok(title) => self.flash(
                supchat_i18n::tr!("flash-session-deleted", title = title),
                now,
            ),
            Err(why) => self.flash(supchat_i18n::tr!("flash-not-deleted", why = why), now),
        }
        match self.layers.popup() {
            Some(Popup::Sessions(l)) => vec![Effect::ListSessions(l.query.clone())],
            _ => Vec::new(),
        }
    }

    /// Shows `opened` in place of the conversation on screen (a turn under
    /// way is stopped first), going on with who answered it last.
    pub(super) fn show_session(&mut self, opened: Opened, now: Now) -> Vec<Effect> {
        self.cancel_turn(now);
        self.forget_tools();
        self.cells = Cells::project(&opened.conversation);
        let (id, notice) = (opened.meta.id.clone(), opened.notice.clone());
        self.session.resume(opened, true);
        self.recount();
        self.live = None;
        self.last_stats = None;
        self.follow();
        self.supai_panel_open = None;
        if let Some((hit, entry, query)) = self.jump_to.take()
            && hit == id
        {
            self.jump_to_entry(entry, &query, now.mono);
        }
        // What opening says matters more than where it went.
        if let Some(n) = notice {
            self.flash(n, now.mono);
        }
        Vec::new()
    }

    /// Scrolls to the message a search hit found.
    fn jump_to_entry(&mut self, entry: EntryId, query: &str, now: Instant) {
        if let Some(i) = self.cells.find_entry(entry) {
            self.scroll_to_cell(i);
            self.scroll.to_byte = self
                .conversation()
                .assistant(entry)
                .and_then(|a| super::scroll::place_of(&a.reply.text, query));
            self.flash(supchat_i18n::tr("flash-at-the-match"), now);
        }
    }

    /// An empty conversation in a new session (Ctrl+N, or from the list).
    pub(super) fn show_new_session(&mut self, recorder: Option<Recorder>, now: Now) -> Vec<Effect> {
        self.cancel_turn(now);
        self.forget_tools();
        self.cells = Cells::default();
        self.session.start_new(recorder);
        self.sent = None;
        self.live = None;
        self.follow();
        self.last_stats = None;
        self.spent.clear();
        if !std::mem::take(&mut self.quiet_new_session) {
            let said = if self.save_problem.is_some()
                || !self.sessions_available
                || self.session_id().is_none()
            {
                supchat_i18n::tr("flash-new-unsaved")
            } else {
                supchat_i18n::tr!("flash-new-saved", key = self.key(Action::Sessions))
            };
            self.flash(said, now.mono);
        }
        Vec::new()
    }

    /// What the journal says: a failure stays in the footer until writing
    /// works again.
    pub(super) fn on_save_status(&mut self, status: JournalStatus) {
        self.save_problem = match status {
            JournalStatus::Failing(why) => Some(why),
            JournalStatus::Recovered => None,
        };
    }
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
