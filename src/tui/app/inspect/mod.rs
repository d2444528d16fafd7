//! The request inspector: what went over the wire for a reply. The chat
//! asks the API client for the wire (`ChatOptions::wire`) and keeps, in
//! memory, the exchanges of this run's last [`KEEP`] requests, each up to
//! [`MAX_BYTES`] (what is over is counted, not kept). `/inspect` (or its
//! key) opens the one of the selected reply, else of the newest: the
//! request (method, URL, headers with the key masked, the body pretty and
//! folded), each attempt's response status and headers, and the body's
//! lines as they arrived, each with its time since the request. It scrolls;
//! typing searches (Enter: the next match); Tab unfolds the body; Ctrl+Y
//! copies a curl command that reads the key from its environment variable.

mod log;

pub use log::{Exchange, KEEP, Look, MAX_BYTES, WireLog};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Effect, Popup};
use supchat_api::event::Wire;
use supchat_chat::{EntryId, EntryKind};
use supchat_core::engine::Now;

/// The inspector open on one exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspect {
    pub entry: EntryId,
    /// Rows scrolled from the top.
    pub scroll: usize,
    pub query: String,
    /// The request body shown whole.
    pub body_open: bool,
    /// The first line below the last frame (where PageDown goes).
    pub next: usize,
    /// The line of the search's current match.
    pub hit: Option<usize>,
    /// Where the last page begins (as the last frame found).
    pub last_top: usize,
}

/// The scroll that shows line `i` with two lines of context before it
/// (not a page's end: long lines wrap, and the match must be in sight).
fn in_sight(i: usize) -> usize {
    i.saturating_sub(2)
}

impl App {
    /// `/inspect`: the wire of the selected reply, else of the newest one
    /// that has one.
    pub(super) fn open_inspect(&mut self, now: std::time::Instant) {
        let selected = self
            .selected()
            .and_then(|i| self.cells.list.get(i))
            .and_then(|c| c.entry());
        self.inspect_entry(selected, now);
    }

    /// The wire of `selected` (a message of yours: of its answer), else
    /// of the newest answer.
    pub(super) fn inspect_entry(&mut self, selected: Option<EntryId>, now: std::time::Instant) {
        // A message of yours: the first answer to it.
        let selected = selected.map(|s| match self.conversation().get(s).map(|e| &e.kind) {
            Some(EntryKind::User { .. }) => self
                .conversation()
                .entries()
                .iter()
                .filter(|e| e.id > s)
                .find(|e| matches!(e.kind, EntryKind::Assistant(_) | EntryKind::FailedSend(_)))
                .map_or(s, |e| e.id),
            _ => s,
        });
        let entry = match selected {
            Some(e) => Some(e),
            None => self
                .conversation()
                .entries()
                .iter()
                .rev()
                .filter(|e| matches!(e.kind, EntryKind::Assistant(_) | EntryKind::FailedSend(_)))
                .map(|e| e.id)
                .find(|id| self.wire.of(*id).is_some() || self.session.id().is_some()),
        };
        match entry {
            Some(e) if self.wire.of(e).is_some() => self.show_inspect(e),
            // Kept with the session, perhaps (`wire_log`): read off the loop.
            Some(e) if self.session.id().is_some() && self.is_answer(e) => {
                if let Some(id) = self.session.id().cloned() {
                    self.effects_out.push(Effect::LoadWire(id, e));
                }
            }
            // The answers of a compare are told apart once they joined.
            _ if self.compare.as_ref().is_some_and(|c| c.running()) => {
                self.flash(supchat_i18n::tr("flash-inspect-compare"), now);
            }
            None => self.flash(supchat_i18n::tr("flash-inspect-nothing"), now),
            _ => self.flash(supchat_i18n::tr("flash-inspect-none"), now),
        }
    }

    fn is_answer(&self, e: EntryId) -> bool {
        matches!(
            self.conversation().get(e).map(|e| &e.kind),
            Some(EntryKind::Assistant(_) | EntryKind::FailedSend(_))
        )
    }

    fn show_inspect(&mut self, entry: EntryId) {
        self.layers.open_popup(Popup::Inspect(Box::new(Inspect {
            entry,
            scroll: 0,
            query: String::new(),
            body_open: false,
            next: 0,
            hit: None,
            last_top: usize::MAX,
        })));
    }

    /// What went over the wire for `entry`, read from its session.
    pub(super) fn on_wire_loaded(
        &mut self,
        entry: EntryId,
        data: Option<String>,
        now: std::time::Instant,
    ) {
        let loaded = data.and_then(|d| serde_json::from_str::<Exchange>(&d).ok());
        match loaded {
            Some(mut x) => {
                x.reply = Some(entry);
                x.turn = 0;
                x.pretty = x.events.iter().find_map(|w| match w {
                    Wire::Request {
                        attempt: 1, body, ..
                    } => Some(log::pretty(body)),
                    _ => None,
                });
                self.wire.exchanges.push_back(x);
                if self.wire.exchanges.len() > KEEP {
                    self.wire.exchanges.pop_front();
                }
                self.show_inspect(entry);
            }
            None => self.flash(supchat_i18n::tr("flash-inspect-none"), now),
        }
    }

    /// `wire_log = true`: the exchanges of `turn` are kept with the
    /// session, each under its reply.
    pub(super) fn save_wire(&mut self, turn: u64) {
        let Some(id) = self.session.id().cloned().filter(|_| self.wire_log) else {
            return;
        };
        let writes: Vec<supchat_core::store::Write> = self
            .wire
            .exchanges
            .iter()
            .filter(|x| x.turn == turn)
            .filter_map(|x| {
                let json = serde_json::to_string(x).ok()?;
                Some(supchat_core::store::Write::Wire(
                    id.clone(),
                    x.reply?.0,
                    json,
                ))
            })
            .collect();
        if !writes.is_empty() {
            self.effects_out.push(Effect::Save(writes));
        }
    }

    /// A wire event of `turn`: the conversation's request, or a compare
    /// lane's.
    pub(super) fn record_wire(&mut self, turn: u64, w: &Wire) {
        let main = self.session.engine().live().filter(|l| l.turn == turn);
        let lane = self.compare.as_ref().and_then(|c| {
            c.lanes
                .iter()
                .filter_map(|l| l.session.engine().live())
                .find(|l| l.turn == turn)
        });
        let Some(p) = main.or(lane).map(|l| l.provider) else {
            return;
        };
        let var = p.key.env.clone().unwrap_or_else(|| {
            let name: String = p
                .name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_uppercase()
                    } else {
                        '_'
                    }
                })
                .collect();
            format!("{name}_API_KEY")
        });
        let name = p.name.clone();
        self.wire.on_wire(turn, (&name, &var), w);
    }

    /// `entry` (a reply or a failed send) came of the request under way.
    pub(super) fn wire_made(&mut self, entry: EntryId) {
        let turn = self
            .session
            .engine()
            .live()
            .map(|l| l.turn)
            .or_else(|| self.wire.exchanges.back().map(|x| x.turn));
        if let Some(t) = turn {
            self.wire.made(t, entry);
        }
    }

    pub fn wire_of(&self, entry: EntryId) -> Option<&Exchange> {
        self.wire.of(entry)
    }

    /// Keys in the inspector: scrolling; typing searches, Enter goes to
    /// the next match; Tab folds the body; Ctrl+Y copies as curl; Esc
    /// clears the search, then closes.
    pub(super) fn on_inspect_key(&mut self, k: KeyEvent, now: Now) -> Vec<Effect> {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let Some(Popup::Inspect(v)) = self.layers.popup() else {
            return Vec::new();
        };
        let (entry, body_open) = (v.entry, v.body_open);
        let Some(x) = self.wire.of(entry) else {
            self.layers.close_popup();
            return Vec::new();
        };
        let lines = x.lines(body_open);
        let curl = (ctrl && k.code == KeyCode::Char('y'))
            .then(|| x.curl())
            .flatten();
        let Some(Popup::Inspect(v)) = self.layers.popup_mut() else {
            return Vec::new();
        };
        let page = usize::from(self.size.1.saturating_sub(4)).max(1);
        let find = |q: &str, from: usize| {
            let q = q.to_ascii_lowercase();
            (from..lines.len())
                .chain(0..from.min(lines.len()))
                .find(|&i| lines[i].1.to_ascii_lowercase().contains(&q))
        };
        match k.code {
            KeyCode::Esc if !v.query.is_empty() => {
                v.query.clear();
                v.hit = None;
            }
            KeyCode::Esc => self.layers.close_popup(),
            KeyCode::Char('c') if ctrl => self.layers.close_popup(),
            KeyCode::Char('y') if ctrl => match curl {
                Some(c) => {
                    self.flash(supchat_i18n::tr("flash-copying-curl"), now.mono);
                    return vec![Effect::Copy(c)];
                }
                None => self.flash(supchat_i18n::tr("flash-curl-body-cut"), now.mono),
            },
            // The view keeps the last page full: past the end is the end.
            // Keys that come faster than frames each count: a step is
            // reckoned from the last frame's, and the end from where its
            // last page began.
            KeyCode::Up => v.scroll = v.scroll.min(v.last_top).saturating_sub(1),
            KeyCode::Down => v.scroll = (v.scroll.saturating_add(1)).min(v.last_top),
            KeyCode::PageUp => v.scroll = v.scroll.min(v.last_top).saturating_sub(page),
            KeyCode::PageDown => {
                let step = v.next.saturating_sub(v.scroll).max(1);
                v.scroll = v.scroll.saturating_add(step).min(v.last_top);
                v.next = v.scroll.saturating_add(step);
            }
            KeyCode::Home => v.scroll = 0,
            KeyCode::End => v.scroll = v.last_top,
            KeyCode::Tab => v.body_open = !v.body_open,
            KeyCode::Backspace => {
                v.query.pop();
                v.hit = None;
                self.flash = None;
            }
            // The next match after the current one.
            KeyCode::Enter if !v.query.is_empty() => {
                let from = v.hit.map_or(v.scroll, |h| h + 1);
                match find(&v.query, from) {
                    Some(i) => {
                        v.hit = Some(i);
                        v.scroll = in_sight(i);
                    }
                    None => self.flash(supchat_i18n::tr("flash-inspect-no-match"), now.mono),
                }
            }
            KeyCode::Char(c) if !ctrl => {
                v.query.push(c);
                self.flash = None;
                // The first match from the top of what is shown; none: the
                // view stays where it is, and says so.
                match find(&v.query, v.scroll) {
                    Some(i) => {
                        v.hit = Some(i);
                        v.scroll = in_sight(i);
                    }
                    None => {
                        v.hit = None;
                        self.flash(supchat_i18n::tr("flash-inspect-no-match"), now.mono);
                    }
                }
            }
            _ => {}
        }
        Vec::new()
    }
}
