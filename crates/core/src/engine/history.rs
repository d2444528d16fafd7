//! The one rule of what is sent: the messages of a request, assembled from
//! the conversation.
//!
//! - The newest system prompt goes first (an earlier one was replaced when
//!   another preset was chosen); an empty one means none.
//! - A user message goes when a reply to it goes too, and the newest one
//!   always goes (it is what the request asks). A message that got no reply
//!   that can be sent (its send failed, or it was stopped before anything
//!   arrived) is left out: the user sends it again if they want it, so a
//!   request never carries two user messages in a row.
//! - A reply goes as its text, partial replies (cancelled, interrupted)
//!   included; its reasoning never goes. A reply still streaming does not go.
//! - A reply's tool calls go only when every one of them has its result,
//!   followed by those results: a call without its result is refused by
//!   OpenAI-compatible servers. A reply left with neither text nor calls to
//!   send is left out.
//! - An edit of an earlier message starts a branch: what was sent from
//!   that message on is superseded, and the edit goes in its place.
//! - A retry (a new answer to the same prompt) supersedes what answered it
//!   before: from the retry on, only the new answer goes.
//! - Going back to a branch (an earlier answer, or the message before an
//!   edit) makes it the one sent again, with what followed it there
//!   ([`super::branches`] makes the tree of branches).
//! - A request that offers no tools (Sup.ai documents system, user and
//!   assistant messages only; a provider with `tools = false`; a config
//!   without tools) gets no tool calls or results: a reply is sent as its
//!   text, and one without text is left out.

use super::branches::Tree;
use supchat_chat::{
    AssistantEntry, Conversation, Entry, EntryId, EntryKind, Message, Role, ToolCall,
};

/// The messages of a request; `tools`: the request offers tools.
pub fn messages(conv: &Conversation, tools: bool) -> Vec<Message> {
    let entries = conv.entries();
    let system = entries.iter().rev().find_map(|e| match &e.kind {
        EntryKind::System { text, .. } => Some(text.as_str()),
        _ => None,
    });
    let mut out = Vec::new();
    if let Some(text) = system.filter(|t| !t.trim().is_empty()) {
        out.push((Message::system(text), None));
    }
    out.extend(build(entries, conv, tools));
    out.into_iter().map(|(m, _)| m).collect()
}

/// The entries whose messages the next request carries: those of earlier
/// answers and branches (replaced by a retry or an edit) are not.
pub fn sent_entries(conv: &Conversation) -> std::collections::HashSet<EntryId> {
    build(conv.entries(), conv, true)
        .into_iter()
        .filter_map(|(_, id)| id)
        .collect()
}

/// When the conversation has retries, edits or branches gone back to, the
/// entries still sent (the others were replaced); None when nothing was
/// replaced.
pub fn still_sent(conv: &Conversation) -> Option<std::collections::HashSet<EntryId>> {
    let replaced = conv.entries().iter().any(|e| match &e.kind {
        EntryKind::User { edit_of, .. } => edit_of.is_some(),
        EntryKind::Assistant(a) => a.retry,
        EntryKind::Switch { .. } => true,
        _ => false,
    });
    replaced.then(|| sent_entries(conv))
}

/// Which entries are replies with something to send (their text, or calls
/// that all have their results).
pub fn sendable(conv: &Conversation) -> Vec<bool> {
    replies(conv.entries(), conv, true)
        .iter()
        .map(Option::is_some)
        .collect()
}

/// Each entry's message when it is a reply with something to send.
fn replies(entries: &[Entry], conv: &Conversation, tools: bool) -> Vec<Option<Message>> {
    entries
        .iter()
        .map(|e| match &e.kind {
            EntryKind::Assistant(a) => {
                let calls = if tools {
                    answered_calls(conv, e.id, a)
                } else {
                    Vec::new()
                };
                reply_message(a, calls)
            }
            _ => None,
        })
        .collect()
}

/// The messages of the branch sent now, each with the entry it came from.
fn build(entries: &[Entry], conv: &Conversation, tools: bool) -> Vec<(Message, Option<EntryId>)> {
    let mut replies = replies(entries, conv, tools);
    let path = Tree::new(entries, |i| replies[i].is_some()).path;
    // A message of the user's goes when it was answered, or is the newest
    // (a failed send left one unanswered: two in a row are refused).
    let mut answered = vec![false; entries.len()];
    let mut last_user = None;
    for &i in &path {
        match &entries[i].kind {
            EntryKind::User { .. } => last_user = Some(i),
            EntryKind::Assistant(_) if replies[i].is_some() => {
                if let Some(u) = last_user {
                    answered[u] = true;
                }
            }
            _ => {}
        }
    }
    let mut out: Vec<(Message, Option<EntryId>)> = Vec::with_capacity(path.len());
    for &i in &path {
        let e = &entries[i];
        match &e.kind {
            EntryKind::User {
                text, attachments, ..
            } if answered[i] || Some(i) == last_user => {
                out.push((Message::user_with(text, attachments), Some(e.id)));
            }
            EntryKind::Assistant(_) => {
                let Some(m) = replies[i].take() else { continue };
                // Each call's result right after the reply, in the calls'
                // order: the one given, or, when none was (supchat was
                // killed mid-run, the turn stopped), that it was cut short.
                let results: Vec<(Message, Option<EntryId>)> = m
                    .tool_calls
                    .iter()
                    .map(|call| {
                        let given = result_entry(entries, i, &call.id);
                        let content =
                            given.map_or(INTERRUPTED.to_owned(), |(_, r)| r.content.clone());
                        (
                            Message {
                                role: Role::Tool,
                                content,
                                reasoning: None,
                                tool_calls: Vec::new(),
                                tool_call_id: Some(call.id.clone()),
                                images: Vec::new(),
                            },
                            given.map(|(id, _)| id),
                        )
                    })
                    .collect();
                out.push((m, Some(e.id)));
                out.extend(results);
            }
            // Sent with their reply, above.
            _ => {}
        }
    }
    out
}

/// The branches at `id`: the entries that could stand where it stands, in
/// order, and which of them it is. None when it has no others.
pub fn branches(conv: &Conversation, id: EntryId) -> Option<(usize, Vec<EntryId>)> {
    let entries = conv.entries();
    let i = entries.iter().position(|e| e.id == id)?;
    let sendable = sendable(conv);
    let tree = Tree::new(entries, |k| sendable[k]);
    let siblings = tree.siblings(entries, i, |k| sendable[k]);
    if siblings.len() < 2 {
        return None;
    }
    let at = siblings.iter().position(|&k| k == i)?;
    Some((at, siblings.iter().map(|&k| entries[k].id).collect()))
}

/// Whether entry `id` is in the branch sent now.
pub fn on_path(conv: &Conversation, id: EntryId) -> bool {
    let entries = conv.entries();
    let sendable = sendable(conv);
    let tree = Tree::new(entries, |k| sendable[k]);
    tree.path.iter().any(|&k| entries[k].id == id)
}

/// The message of the user's that entry `id` answers (in its branch), or
/// `id` itself for a message of the user's.
pub fn prompt_of(conv: &Conversation, id: EntryId) -> Option<EntryId> {
    let entries = conv.entries();
    let i = entries.iter().position(|e| e.id == id)?;
    let sendable = sendable(conv);
    let tree = Tree::new(entries, |k| sendable[k]);
    tree.prompt_of(entries, i).map(|k| entries[k].id)
}

/// The newest message of the user's in the branch sent now: the one a
/// retry answers again.
pub fn newest_prompt(conv: &Conversation) -> Option<EntryId> {
    let entries = conv.entries();
    let sendable = sendable(conv);
    let tree = Tree::new(entries, |k| sendable[k]);
    tree.path
        .iter()
        .rev()
        .find(|&&k| super::branches::is_user(&entries[k]))
        .map(|&k| entries[k].id)
}

/// The result given for call `call_id` of the reply at `i`: the results
/// that follow it directly.
fn result_entry<'a>(
    entries: &'a [Entry],
    i: usize,
    call_id: &str,
) -> Option<(EntryId, &'a supchat_chat::ToolResult)> {
    entries[i + 1..]
        .iter()
        .map_while(|e| match &e.kind {
            EntryKind::ToolResult(r) => Some((e.id, r)),
            _ => None,
        })
        .find(|(_, r)| r.call_id == call_id)
}

/// The result a call left without one is given: supchat was stopped (or
/// the turn was) while it ran. Every call sent has its result, or the
/// server refuses the request.
pub const INTERRUPTED: &str =
    "interrupted: the call did not finish (supchat or the turn was stopped while it ran)";

/// The reply's calls: all of them once it ended whole (a call then left
/// without a result was cut short while it ran: it is sent as
/// interrupted); of a reply stopped or broken off while a call was still
/// arriving, only when every one has a result (a half-written call is
/// never sent).
fn answered_calls(conv: &Conversation, id: EntryId, a: &AssistantEntry) -> Vec<ToolCall> {
    let calls = match a.end {
        supchat_chat::ReplyEnd::Streaming => return Vec::new(),
        supchat_chat::ReplyEnd::Complete => return a.reply.finished_tool_calls(),
        _ => a.reply.finished_tool_calls(),
    };
    if calls.iter().all(|c| conv.tool_result(id, &c.id).is_some()) {
        calls
    } else {
        Vec::new()
    }
}

fn reply_message(a: &AssistantEntry, calls: Vec<ToolCall>) -> Option<Message> {
    if a.is_streaming() || (a.reply.text.is_empty() && calls.is_empty()) {
        return None;
    }
    let mut m = Message::assistant(a.reply.text.clone());
    m.tool_calls = calls;
    Some(m)
}

#[cfg(test)]
#[path = "history_tests.rs"]
mod tests;
