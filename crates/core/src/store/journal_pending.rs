//! What the journal's writer holds until it is written: the newest of
//! each entry, meta and title, deletions, releases and records of the wire,
//! written in an order the database accepts (a session's meta before its
//! entries, an entry before its wire), what failed kept for the next try.

use std::collections::{BTreeMap, HashMap};
use std::sync::mpsc;

use super::{Msg, Write};
use crate::store::{SessionId, SessionMeta, Store, StoreError};
use supchat_chat::Entry;

#[derive(Default)]
pub(super) struct Pending {
    metas: BTreeMap<SessionId, SessionMeta>,
    entries: BTreeMap<(SessionId, u64), Entry>,
    removed: Vec<(SessionId, u64)>,
    titles: HashMap<SessionId, String>,
    releases: Vec<SessionId>,
    wires: BTreeMap<(SessionId, u64), String>,
}

impl Pending {
    pub(super) fn is_empty(&self) -> bool {
        self.metas.is_empty()
            && self.entries.is_empty()
            && self.releases.is_empty()
            && self.removed.is_empty()
            && self.wires.is_empty()
    }

    pub(super) fn add(&mut self, m: Msg, flushes: &mut Vec<mpsc::Sender<()>>) {
        match m {
            Msg::Write(w) => self.add_write(w),
            Msg::Flush(done) => flushes.push(done),
            Msg::Stop => {}
        }
    }

    fn add_write(&mut self, w: Write) {
        match w {
            Write::Meta(mut meta) => {
                if let Some(t) = self.titles.get(&meta.id) {
                    meta.title.clone_from(t);
                }
                self.metas.insert(meta.id.clone(), meta);
            }
            Write::Entry(s, e) => {
                self.entries.insert((s, e.id.0), e);
            }
            Write::Remove(s, id) => {
                // A pending write of it is dropped; a saved one deleted.
                self.entries.remove(&(s.clone(), id));
                self.wires.remove(&(s.clone(), id));
                self.removed.push((s, id));
            }
            Write::Rename(s, t) => {
                if let Some(m) = self.metas.get_mut(&s) {
                    m.title.clone_from(&t);
                }
                self.titles.insert(s, t);
            }
            Write::Release(s) => self.releases.push(s),
            Write::Wire(s, entry, data) => {
                self.wires.insert((s, entry), data);
            }
        }
    }

    /// Writes what it can, oldest sessions' metas first (entries need their
    /// session); keeps what failed. The first error, if any.
    pub(super) fn write(&mut self, store: &mut Store) -> Option<StoreError> {
        let mut first = None;
        let metas = std::mem::take(&mut self.metas);
        for (id, meta) in metas {
            if let Err(e) = store.put_meta(&meta) {
                first.get_or_insert(e);
                self.metas.insert(id, meta);
            }
        }
        for (id, title) in self.titles.drain() {
            let _ = store.rename(&id, &title);
        }
        let entries = std::mem::take(&mut self.entries);
        for (key, e) in entries {
            // An entry waits for its session's meta.
            if self.metas.contains_key(&key.0) {
                self.entries.insert(key, e);
                continue;
            }
            if let Err(err) = store.put_entry(&key.0, &e) {
                first.get_or_insert(err);
                self.entries.insert(key, e);
            }
        }
        for (s, id) in std::mem::take(&mut self.removed) {
            if let Err(e) = store.delete_entry(&s, id) {
                first.get_or_insert(e);
                self.removed.push((s, id));
            }
        }
        let wires = std::mem::take(&mut self.wires);
        for (key, data) in wires {
            // Its entry first (its session's meta with it).
            if self.metas.contains_key(&key.0) || self.entries.contains_key(&key) {
                self.wires.insert(key, data);
                continue;
            }
            // A record of the wire is a help, not the conversation: one
            // that cannot be written is dropped, never said as a failure
            // to save (nor kept, to fail again).
            let _ = store.put_wire(&key.0, key.1, &data);
        }
        for s in std::mem::take(&mut self.releases) {
            let _ = store.release(&s);
        }
        first
    }
}
