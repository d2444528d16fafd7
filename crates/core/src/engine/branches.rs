//! The conversation as a tree. Entries are a log, in the order they
//! happened; the messages in it form a tree, each message following the one
//! before it in its branch. A retry is another answer to the same message,
//! an edit another message after the same history, a switch
//! ([`EntryKind::Switch`]) goes back to a branch left earlier. The branch
//! sent from now on is the path from the first message to the one added
//! (or gone back to) last, and below a message gone back to, the messages
//! its branch had when it was left.
//!
//! One walk over the log makes the tree: each message's parent, and when it
//! was last on the path (to find, below a message gone back to, the branch
//! it had then: at each step the child on the path most recently).

use std::collections::HashMap;

use supchat_chat::{Entry, EntryId, EntryKind};

/// The tree of a conversation's messages, and the branch sent now.
#[derive(Debug)]
pub struct Tree {
    /// Each entry's parent (the message before it in its branch); none for
    /// a first message, and for entries that are not messages.
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    /// When each entry was last put on the path (a log position + 1; 0 for
    /// never).
    on_path_at: Vec<usize>,
    /// The branch sent now: positions in the log, first message first.
    pub path: Vec<usize>,
}

impl Tree {
    /// The tree of `entries`; `sendable(i)` says whether the reply at `i`
    /// has anything to send (a retry that gave nothing leaves the answer
    /// it was to replace on the path).
    pub fn new(entries: &[Entry], sendable: impl Fn(usize) -> bool) -> Self {
        let n = entries.len();
        let mut t = Tree {
            parent: vec![None; n],
            children: vec![Vec::new(); n],
            on_path_at: vec![0; n],
            path: Vec::new(),
        };
        let index: HashMap<EntryId, usize> =
            entries.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
        for (i, e) in entries.iter().enumerate() {
            match &e.kind {
                EntryKind::System { .. } | EntryKind::FailedSend(_) => {}
                EntryKind::User { edit_of, .. } => {
                    // An edit follows the history its message had.
                    let parent = match edit_of.and_then(|of| index.get(&of)) {
                        Some(&of) if of < i => t.parent[of],
                        _ => t.path.last().copied(),
                    };
                    t.attach(i, parent, true);
                }
                EntryKind::Assistant(a) if a.retry => {
                    let prompt = t.path.iter().rev().copied().find(|&k| is_user(&entries[k]));
                    t.attach(i, prompt, sendable(i));
                }
                EntryKind::Assistant(_) => t.attach(i, t.path.last().copied(), true),
                // A result follows its reply directly (or the result before).
                EntryKind::ToolResult(_) => {
                    let before = i.checked_sub(1);
                    let follows = before.is_some_and(|b| {
                        matches!(
                            entries[b].kind,
                            EntryKind::Assistant(_) | EntryKind::ToolResult(_)
                        )
                    });
                    if follows {
                        let on = t.path.last().copied() == before;
                        t.attach(i, before, on);
                    }
                }
                EntryKind::Switch { to } => {
                    if let Some(&k) = index.get(to)
                        && k < i
                        && is_message(&entries[k])
                    {
                        t.go_back_to(k, i + 1);
                    }
                }
            }
        }
        t
    }

    /// Adds entry `i` under `parent`; on the path when `on`.
    fn attach(&mut self, i: usize, parent: Option<usize>, on: bool) {
        self.parent[i] = parent;
        if let Some(p) = parent {
            self.children[p].push(i);
        }
        if on {
            self.path = self.path_to(parent);
            self.path.push(i);
            self.on_path_at[i] = i + 1;
        }
    }

    /// The messages from the first to `k`, in order.
    fn path_to(&self, k: Option<usize>) -> Vec<usize> {
        let mut path = Vec::new();
        let mut at = k;
        while let Some(x) = at {
            path.push(x);
            at = self.parent[x];
        }
        path.reverse();
        path
    }

    /// The path becomes `k`'s, and below it the branch it had when left.
    fn go_back_to(&mut self, k: usize, now: usize) {
        let mut path = self.path_to(Some(k));
        let mut at = k;
        while let Some(&next) = self.children[at]
            .iter()
            .filter(|&&c| self.on_path_at[c] > 0)
            .max_by_key(|&&c| self.on_path_at[c])
        {
            path.push(next);
            at = next;
        }
        for &x in &path {
            self.on_path_at[x] = now;
        }
        self.path = path;
    }

    /// The entries that could stand where entry `i` stands: the messages
    /// after the same history (edits), or the answers to the same message
    /// (retries); `i` among them, in the order they came.
    pub fn siblings(
        &self,
        entries: &[Entry],
        i: usize,
        sendable: impl Fn(usize) -> bool,
    ) -> Vec<usize> {
        let first_answer = |k: usize| {
            is_answer(&entries[k]) && self.parent[k].is_some_and(|p| is_user(&entries[p]))
        };
        let alike = |k: usize| {
            if is_user(&entries[i]) {
                is_user(&entries[k])
            } else {
                first_answer(k) && (k == i || sendable(k))
            }
        };
        if !is_user(&entries[i]) && !first_answer(i) {
            return vec![i];
        }
        let mut out: Vec<usize> = match self.parent[i] {
            Some(p) => self.children[p].clone(),
            // First messages: those with no parent.
            None => (0..entries.len())
                .filter(|&k| self.parent[k].is_none() && is_user(&entries[k]))
                .collect(),
        };
        out.retain(|&k| alike(k));
        out
    }

    /// The message of the user's that entry `i` answers (itself for one).
    pub fn prompt_of(&self, entries: &[Entry], i: usize) -> Option<usize> {
        let mut at = Some(i);
        while let Some(x) = at {
            if is_user(&entries[x]) {
                return Some(x);
            }
            at = self.parent[x];
        }
        None
    }
}

pub(super) fn is_user(e: &Entry) -> bool {
    matches!(e.kind, EntryKind::User { .. })
}

fn is_answer(e: &Entry) -> bool {
    matches!(e.kind, EntryKind::Assistant(_))
}

fn is_message(e: &Entry) -> bool {
    is_user(e) || is_answer(e)
}

#[cfg(test)]
#[path = "branches_tests.rs"]
mod tests;
