//! How full the model's context is: the conversation's tokens (the last
//! request's usage, plus an estimate of what came after it; all estimated
//! until a server reports usage) against the model's context size, from
//! the config (`context_tokens`) or, for well-known model families, a table.

use super::{Conversation, EntryKind};

/// Tokens in `text`, roughly: about 4 bytes a token in English, 3 in
/// Chinese (a character a token, 3 bytes each); 3.5 splits the difference.
fn estimate(text: &str) -> u64 {
    (text.len() as u64 * 2).div_ceil(7)
}

/// The conversation's size in tokens, and whether it is estimated.
pub fn tokens(conv: &Conversation) -> (u64, bool) {
    let entries = conv.entries();
    // The newest reply with usage: its request and answer are all that was
    // sent and received up to it.
    let from = entries.iter().rposition(|e| match &e.kind {
        EntryKind::Assistant(a) => a.reply.usage.and_then(|u| u.total_tokens).is_some(),
        _ => false,
    });
    let (base, start, estimated) = match from {
        Some(i) => {
            let total = match &entries[i].kind {
                EntryKind::Assistant(a) => a.reply.usage.and_then(|u| u.total_tokens).unwrap_or(0),
                _ => 0,
            };
            (total, i + 1, false)
        }
        None => (0, 0, true),
    };
    let mut more = 0u64;
    for e in &entries[start..] {
        more = more.saturating_add(match &e.kind {
            EntryKind::System { text, .. } | EntryKind::User { text, .. } => estimate(text),
            EntryKind::Assistant(a) => estimate(&a.reply.text),
            EntryKind::ToolResult(r) => estimate(&r.content),
            EntryKind::FailedSend(_) | EntryKind::Switch { .. } => 0,
        });
    }
    (base.saturating_add(more), estimated || more > 0)
}

/// The context size of `model`, when its family is well known.
pub fn known_window(model: &str) -> Option<u64> {
    let m = model.to_ascii_lowercase();
    let m = m.rsplit('/').next().unwrap_or(&m);
    let table: &[(&str, u64)] = &[
        ("claude", 200_000),
        ("gpt-4.1", 1_047_576),
        ("gpt-4o", 128_000),
        ("gpt-5", 400_000),
        ("o3", 200_000),
        ("o4-mini", 200_000),
        ("gemini-2", 1_048_576),
        ("deepseek", 128_000),
    ];
    table
        .iter()
        .find(|(prefix, _)| m.starts_with(prefix))
        .map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ProviderKind;
    use crate::{Answerer, AssistantEntry, Reply, ReplyEnd, Timestamp, Usage};

    #[test]
    fn usage_counts_and_what_follows_it_is_estimated() {
        let mut c = Conversation::default();
        c.push(
            Timestamp(0),
            EntryKind::User {
                text: "a".repeat(700),
                attachments: Vec::new(),
                edit_of: None,
            },
        );
        assert_eq!(tokens(&c), (200, true));
        let reply = AssistantEntry {
            answerer: Answerer {
                provider: "p".into(),
                kind: ProviderKind::OpenAi,
                model: "m".into(),
                models: Vec::new(),
            },
            reply: Reply {
                text: "ok".into(),
                usage: Some(Usage {
                    total_tokens: Some(1234),
                    ..Usage::default()
                }),
                ..Reply::default()
            },
            end: ReplyEnd::Complete,
            stats: None,
            reasoning_took: None,
            retry: false,
            compare: None,
        };
        c.push(Timestamp(0), EntryKind::Assistant(Box::new(reply)));
        assert_eq!(tokens(&c), (1234, false));
        c.push(
            Timestamp(0),
            EntryKind::User {
                text: "生".repeat(7),
                attachments: Vec::new(),
                edit_of: None,
            },
        );
        assert_eq!(tokens(&c), (1240, true));
    }

    #[test]
    fn windows_of_known_families() {
        assert_eq!(known_window("claude-sonnet-4-6"), Some(200_000));
        assert_eq!(known_window("anthropic/claude-opus-4.1"), Some(200_000));
        assert_eq!(known_window("gpt-4.1-mini"), Some(1_047_576));
        assert_eq!(known_window("qwen3:8b"), None);
    }
}
