//! Assigns streamed tool-call fragments to calls. Servers disagree on how they
//! identify fragments (protocol.md §6 Q12–Q20): `index` missing, `id` repeated
//! on every fragment or only on the first, every parallel call on `index: 0`,
//! integer ids, the name re-sent whole, the arguments re-sent whole at the end.
//! The order of the checks below is what makes all of those work.

use std::collections::HashMap;

use super::event::ToolCallDelta;
use super::wire::{self, ToolCallDelta as WireDelta};

#[derive(Debug, Default)]
struct Slot {
    id: Option<String>,
    /// The wire index it was first seen at.
    index: Option<u64>,
    name: String,
    args: String,
}

#[derive(Debug, Default)]
pub struct ToolMerger {
    slots: Vec<Slot>,
    by_index: HashMap<u64, usize>,
    by_id: HashMap<String, usize>,
    active: Option<usize>,
}

impl ToolMerger {
    /// Merges one wire fragment; returns the event to emit, if it changed anything.
    pub fn merge(&mut self, tc: WireDelta) -> Option<ToolCallDelta> {
        let id = tc.id.as_ref().and_then(wire::id_string);
        let name = tc
            .function
            .as_ref()
            .and_then(|f| f.name.as_deref())
            .filter(|n| !n.is_empty());
        let slot = self.slot_for(tc.index, id.as_deref(), name);
        self.active = Some(slot);
        if let Some(i) = tc.index {
            self.by_index.insert(i, slot);
            self.slots[slot].index.get_or_insert(i);
        }
        let s = &mut self.slots[slot];
        let mut new_id = None;
        if let Some(id) = id
            && s.id.is_none()
        {
            self.by_id.entry(id.clone()).or_insert(slot);
            s.id = Some(id.clone());
            new_id = Some(id);
        }
        let (name, args) = match tc.function {
            Some(f) => (f.name.filter(|n| !n.is_empty()), f.arguments),
            None => (None, None),
        };
        let mut new_name = None;
        if let Some(n) = name
            && n != s.name
        {
            // A name re-sent whole (and growing) replaces; a true fragment appends.
            if s.name.is_empty() || n.starts_with(&s.name) {
                s.name = n;
            } else {
                s.name.push_str(&n);
            }
            new_name = Some(s.name.clone());
        }
        let fragment = match args {
            Some(serde_json::Value::String(a)) => a,
            Some(v) if !v.is_null() => v.to_string(),
            _ => String::new(),
        };
        // A "summary" fragment equal to the whole arguments so far is a repeat.
        let repeat = !fragment.is_empty() && fragment == s.args && is_json(&s.args);
        let fragment = if repeat { String::new() } else { fragment };
        s.args.push_str(&fragment);
        if new_id.is_none() && new_name.is_none() && fragment.is_empty() {
            return None;
        }
        Some(ToolCallDelta {
            slot,
            id: new_id,
            name: new_name,
            arguments: fragment,
        })
    }

    fn slot_for(&mut self, index: Option<u64>, id: Option<&str>, name: Option<&str>) -> usize {
        if let Some(&s) = id.and_then(|id| self.by_id.get(id)) {
            let elsewhere = matches!((index, self.slots[s].index), (Some(i), Some(j)) if i != j);
            if !elsewhere {
                return s; // id repeated on every fragment
            }
            // The same id at another index: that index's call, or a second
            // call reusing the id once the first is whole; else the index
            // is the unreliable part.
            if let Some(&t) = index.and_then(|i| self.by_index.get(&i)) {
                return t;
            }
            return if self.whole(s) { self.new_slot() } else { s };
        }
        let at_index = index.and_then(|i| self.by_index.get(&i).copied());
        match (id, at_index) {
            // The id arrives late for a call already started at this index.
            (Some(_), Some(s)) if self.slots[s].id.is_none() => s,
            // A new id at an index that has another id: a new parallel call.
            (Some(_), _) => self.new_slot(),
            (None, Some(s)) => s,
            (None, None) if index.is_none() => match self.active {
                // Neither id nor index: another name after whole arguments
                // starts the next call.
                Some(s) if self.starts_another(s, name) => self.new_slot(),
                Some(s) => s,
                None => self.new_slot(),
            },
            (None, None) => self.new_slot(),
        }
    }

    /// The call's arguments so far are one whole JSON text.
    fn whole(&self, s: usize) -> bool {
        is_json(&self.slots[s].args)
    }

    /// A fragment named `name` is a call of its own, not more of slot `s`.
    fn starts_another(&self, s: usize, name: Option<&str>) -> bool {
        let slot = &self.slots[s];
        name.is_some_and(|n| !slot.name.is_empty() && n != slot.name && !n.starts_with(&slot.name))
            && self.whole(s)
    }

    fn new_slot(&mut self) -> usize {
        self.slots.push(Slot::default());
        self.slots.len() - 1
    }
}

fn is_json(s: &str) -> bool {
    serde_json::from_str::<serde::de::IgnoredAny>(s).is_ok()
}
