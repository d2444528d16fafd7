//! Conversations made up for the benchmarks: prompts of words, replies of
//! markdown with lists and now and then a code fence.

use supchat_chat::{
    Answerer, AssistantEntry, Conversation, Entry, EntryId, EntryKind, Reply, ReplyEnd, Timestamp,
};
use supchat_core::config::ProviderKind;

pub const WORDS: &[&str] = &[
    "the",
    "borrow",
    "checker",
    "lifetime",
    "reference",
    "owner",
    "value",
    "moves",
    "into",
    "function",
    "returns",
    "slice",
    "string",
    "vector",
    "iterator",
    "closure",
    "captures",
    "trait",
    "generic",
    "bound",
    "compiler",
    "error",
    "mutable",
    "shared",
    "thread",
    "async",
    "await",
    "future",
    "runtime",
    "tokio",
    "channel",
    "sender",
    "receiver",
    "mutex",
    "guard",
    "drop",
    "scope",
    "stack",
    "heap",
    "box",
    "pointer",
    "smart",
    "counted",
    "cell",
    "interior",
    "pattern",
    "match",
    "enum",
    "variant",
    "struct",
    "field",
    "method",
    "impl",
    "module",
    "crate",
    "cargo",
    "build",
    "test",
    "bench",
    "release",
    "profile",
    "memory",
    "allocation",
    "copy",
    "clone",
    "sized",
    "dynamic",
    "dispatch",
    "vtable",
    "object",
    "safety",
    "unsafe",
    "invariant",
    "panic",
    "result",
    "option",
    "question",
    "mark",
    "operator",
    "parse",
    "number",
    "integer",
    "overflow",
    "wrapping",
    "checked",
    "database",
    "query",
    "index",
    "schema",
    "migration",
    "journal",
    "write",
    "ahead",
    "log",
    "terminal",
    "screen",
    "frame",
    "widget",
    "layout",
    "paragraph",
    "wrap",
    "unicode",
    "width",
    "grapheme",
    "cluster",
];

/// A deterministic stream of words (a linear congruential generator).
pub struct Text(pub u64);

impl Text {
    pub fn words(&mut self, n: usize) -> String {
        let mut out = String::with_capacity(n * 8);
        for i in 0..n {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let w = WORDS[(self.0 >> 33) as usize % WORDS.len()];
            if i > 0 {
                out.push(if i % 40 == 0 { '\n' } else { ' ' });
            }
            out.push_str(w);
        }
        out
    }

    /// A reply: paragraphs, a list, and now and then a code fence.
    pub fn reply(&mut self, n: usize) -> String {
        let mut out = self.words(n / 2);
        out.push_str("\n\n- ");
        out.push_str(&self.words(12));
        out.push_str("\n- ");
        out.push_str(&self.words(12));
        out.push_str("\n\n");
        if self.0.is_multiple_of(3) {
            out.push_str("```rust\nfn total(items: &[Item]) -> u64 {\n    items.iter().map(|x| x.cost).sum()\n}\n```\n\n");
        }
        out.push_str(&self.words(n / 2));
        out
    }
}

pub fn answerer() -> Answerer {
    Answerer {
        provider: "supage".into(),
        kind: ProviderKind::OpenAi,
        model: "claude-sonnet-4-6".into(),
        models: Vec::new(),
    }
}

pub fn conversation(text: &mut Text, messages: usize, at: u64) -> Conversation {
    let mut entries = Vec::with_capacity(messages);
    for i in 0..messages as u64 {
        let kind = if i % 2 == 0 {
            EntryKind::User {
                text: format!("{}?", text.words(30)),
                attachments: Vec::new(),
                edit_of: None,
            }
        } else {
            EntryKind::Assistant(Box::new(AssistantEntry {
                answerer: answerer(),
                reply: Reply {
                    text: text.reply(250),
                    ..Reply::default()
                },
                end: ReplyEnd::Complete,
                stats: None,
                reasoning_took: None,
                retry: false,
                compare: None,
            }))
        };
        entries.push(Entry {
            id: EntryId(i + 1),
            at: Timestamp(at + i * 1_000),
            kind,
        });
    }
    Conversation::from_entries(entries).unwrap_or_default()
}
