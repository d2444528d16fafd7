//! Finding text in the conversation on screen (Ctrl+F, or `/find TEXT`):
//! a find bar in the input box's place; every message holding the text
//! (any case) is a hit, the newest first; Enter and Up go to older hits,
//! Down to newer ones; matches are highlighted wherever they are drawn;
//! Esc closes the bar and leaves the view where it is.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use supchat_core::config::commands::Action;

pub use super::layers::Find;
use super::layers::{Kind, Layer};
use super::{App, Effect};
use supchat_chat::{EntryId, EntryKind};

impl App {
    /// The find bar, while it is open.
    pub fn find(&self) -> Option<&Find> {
        self.layers.find()
    }

    /// What to highlight in the conversation: the query of an open bar.
    pub fn highlight(&self) -> Option<&str> {
        self.find()
            .map(|f| f.query.as_str())
            .filter(|q| !q.trim().is_empty())
    }

    /// Ctrl+F: opens the find bar (with `query`, from `/find`).
    pub(super) fn open_find(&mut self, query: Option<String>) {
        let mut f = Find {
            query: query.unwrap_or_default(),
            ..Find::default()
        };
        f.hits = hits(self, &f.query);
        self.layers.open(Layer::Find(f));
        self.go_to_hit(Step::Newest);
    }

    pub(super) fn on_find_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        // The key that opened the bar goes to the next older match.
        let again = self.action_of(&k) == Some(Action::Find);
        let shift = k.modifiers.contains(KeyModifiers::SHIFT);
        let Some(f) = self.layers.find_mut() else {
            return Vec::new();
        };
        match k.code {
            KeyCode::Esc => self.layers.close(Kind::Find),
            KeyCode::Char('c') if ctrl => self.layers.close(Kind::Find),
            _ if again => self.go_to_hit(Step::Older),
            KeyCode::Enter if shift => self.go_to_hit(Step::Newer),
            KeyCode::Enter | KeyCode::Up => self.go_to_hit(Step::Older),
            KeyCode::Down => self.go_to_hit(Step::Newer),
            KeyCode::PageUp => self.scroll_by(self.page() as isize),
            KeyCode::PageDown => self.scroll_by(-(self.page() as isize)),
            KeyCode::Backspace => {
                f.query.pop();
                self.refind();
            }
            KeyCode::Char(c) if !ctrl && !k.modifiers.contains(KeyModifiers::ALT) => {
                f.query.push(c);
                self.refind();
            }
            _ => {}
        }
        Vec::new()
    }

    /// The query changed: the hits again, and the newest shown.
    fn refind(&mut self) {
        let q = self.find().map(|f| f.query.clone()).unwrap_or_default();
        let h = hits(self, &q);
        if let Some(f) = self.layers.find_mut() {
            f.hits = h;
            f.at = None;
        }
        self.cells.touch_all();
        self.go_to_hit(Step::Newest);
    }

    fn go_to_hit(&mut self, step: Step) {
        let Some(f) = self.layers.find_mut() else {
            return;
        };
        if f.hits.is_empty() {
            f.at = None;
            return;
        }
        let last = f.hits.len() - 1;
        f.at = Some(match (step, f.at) {
            (Step::Newest, _) | (_, None) => last,
            (Step::Older, Some(i)) => i.saturating_sub(1),
            (Step::Newer, Some(i)) => (i + 1).min(last),
        });
        let entry = f.at.map(|i| f.hits[i]);
        let query = f.query.clone();
        if let Some(i) = entry.and_then(|e| self.cells.find_entry(e)) {
            self.scroll_to_cell(i);
            // In a reply, the match itself is shown (a long one may hold it
            // thousands of rows below its start).
            let at = entry
                .and_then(|e| self.conversation().assistant(e))
                .and_then(|a| super::scroll::place_of(&a.reply.text, &query));
            self.scroll.to_byte = at;
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Step {
    Newest,
    Older,
    Newer,
}

/// The messages whose text holds `query`, in any case, oldest first.
fn hits(app: &App, query: &str) -> Vec<EntryId> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    app.conversation()
        .entries()
        .iter()
        .filter(|e| {
            let text = match &e.kind {
                EntryKind::User { text, .. } => text.as_str(),
                EntryKind::Assistant(a) => a.reply.text.as_str(),
                EntryKind::ToolResult(r) => r.content.as_str(),
                _ => return false,
            };
            super::scroll::find_any_case(text, &q).is_some()
        })
        .map(|e| e.id)
        .collect()
}
