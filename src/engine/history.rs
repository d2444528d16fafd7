//! The one rule of what is sent: the messages of a request, assembled from
//! the conversation.
//!
//! - System entries and user messages go as they are, except a user message
//!   whose send failed (it got no reply; the user sends it again).
//! - A reply goes as its text, partial replies (cancelled, interrupted)
//!   included; its reasoning never goes. A reply still streaming does not go.
//! - A reply's tool calls go only when every one of them has its result,
//!   followed by those results: a call without its result is refused by
//!   OpenAI-compatible servers. A reply left with neither text nor calls to
//!   send is left out.
//! - Sup.ai documents system, user and assistant messages only: tool calls
//!   and results are left out, and so is a reply without text.

use crate::chat::{AssistantEntry, Conversation, EntryId, EntryKind, Message, Role, ToolCall};
use crate::config::ProviderKind;

/// The messages to send to a provider of `kind`.
pub fn messages(conv: &Conversation, kind: ProviderKind) -> Vec<Message> {
    let unanswered: Vec<EntryId> = conv
        .entries()
        .iter()
        .filter_map(|e| match &e.kind {
            EntryKind::FailedSend(f) => f.prompt,
            _ => None,
        })
        .collect();
    let tools = kind == ProviderKind::OpenAi;
    let mut out = Vec::with_capacity(conv.len());
    // Tool results are sent only after a reply whose calls all have one.
    let mut results_follow = false;
    for e in conv.entries() {
        match &e.kind {
            EntryKind::System { text } => out.push(Message::system(text.clone())),
            EntryKind::User { text } if !unanswered.contains(&e.id) => {
                out.push(Message::user(text.clone()));
            }
            EntryKind::User { .. } | EntryKind::FailedSend(_) => {}
            EntryKind::Assistant(a) => {
                let calls = if tools {
                    answered_calls(conv, e.id, a)
                } else {
                    Vec::new()
                };
                results_follow = !calls.is_empty();
                if let Some(m) = reply_message(a, calls) {
                    out.push(m);
                }
            }
            EntryKind::ToolResult(r) if results_follow => out.push(Message {
                role: Role::Tool,
                content: r.content.clone(),
                reasoning: None,
                tool_calls: Vec::new(),
                tool_call_id: Some(r.call_id.clone()),
            }),
            EntryKind::ToolResult(_) => {}
        }
    }
    out
}

/// The reply's calls when every one has a result; else none.
fn answered_calls(conv: &Conversation, id: EntryId, a: &AssistantEntry) -> Vec<ToolCall> {
    if a.is_streaming() {
        return Vec::new();
    }
    let calls = a.reply.finished_tool_calls();
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
