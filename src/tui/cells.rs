//! The conversation as the screen shows it: a projection of the engine's
//! [`Conversation`] into cells (your messages, replies, failed sends, tool
//! calls), in entry order, plus a waiting cell while a reply has not begun.
//! Cells hold entry ids, never copies of what entries say: views read the
//! conversation. Only the reply being written keeps a cleaned copy of its
//! text, built as it arrives ([`LiveReply`]). Each cell has a revision that
//! grows when it changes, so views re-wrap only what changed.

use std::time::Instant;

use supchat_chat::text::Sanitizer;
use supchat_chat::{Conversation, Entry, EntryId, EntryKind, ReplyEnd};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    User(EntryId),
    /// A reply; `None` while waiting for its first part.
    Reply(Option<EntryId>),
    /// A request that got no reply at all.
    Failed(EntryId),
    /// The `index`th tool call of a reply.
    ToolCall {
        reply: EntryId,
        index: usize,
    },
    /// Where the user went back to another branch (what follows goes on
    /// from it).
    Switch(EntryId),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub id: u64,
    /// Grows on every visible change.
    pub rev: u64,
    pub kind: CellKind,
}

impl Cell {
    pub fn entry(&self) -> Option<EntryId> {
        match self.kind {
            CellKind::User(e)
            | CellKind::Failed(e)
            | CellKind::Switch(e)
            | CellKind::ToolCall { reply: e, .. } => Some(e),
            CellKind::Reply(e) => e,
        }
    }
}

/// The cells and their ids.
#[derive(Debug, Default)]
pub struct Cells {
    pub list: Vec<Cell>,
}

/// Cell ids are unique in the process, not per conversation: views keep
/// what they drew by cell id, and a new conversation's first cell must not
/// find the old first cell's lines.
static NEXT_CELL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Cells {
    /// The cells of a whole conversation: what the screen shows of it when
    /// nothing is under way.
    pub fn project(conv: &Conversation) -> Self {
        let mut cells = Self::default();
        for e in conv.entries() {
            for kind in kinds_of(e) {
                cells.push(kind);
            }
        }
        cells
    }

    /// The cell that shows entry `e`: its first cell, or for an entry with
    /// none of its own (a tool result) the last cell before it.
    pub fn find_entry(&self, e: EntryId) -> Option<usize> {
        let mut before = None;
        for (i, c) in self.list.iter().enumerate() {
            match c.entry() {
                Some(x) if x == e => return Some(i),
                Some(x) if x < e => before = Some(i),
                _ => {}
            }
        }
        before
    }

    pub fn push(&mut self, kind: CellKind) -> usize {
        let id = NEXT_CELL.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.list.push(Cell { id, rev: 0, kind });
        self.list.len() - 1
    }

    /// Marks a cell changed.
    pub fn touch(&mut self, i: usize) {
        if let Some(c) = self.list.get_mut(i) {
            c.rev += 1;
        }
    }

    pub fn touch_all(&mut self) {
        for c in &mut self.list {
            c.rev += 1;
        }
    }

    /// The first cell showing `entry` (changes are nearly always to the
    /// newest, so the search starts at the end).
    pub fn find(&self, entry: EntryId) -> Option<usize> {
        let last = self.list.iter().rposition(|c| c.entry() == Some(entry))?;
        let first = self.list[..last]
            .iter()
            .rposition(|c| c.entry() != Some(entry))
            .map_or(0, |i| i + 1);
        Some(first)
    }
}

/// The cells an entry shows as. A finished reply's tool calls show as cells
/// of their own below it; a system prompt is not shown in the conversation.
pub fn kinds_of(e: &Entry) -> Vec<CellKind> {
    match &e.kind {
        EntryKind::System { .. } | EntryKind::ToolResult(_) => Vec::new(),
        EntryKind::Switch { .. } => vec![CellKind::Switch(e.id)],
        EntryKind::User { .. } => vec![CellKind::User(e.id)],
        EntryKind::FailedSend(_) => vec![CellKind::Failed(e.id)],
        EntryKind::Assistant(a) => {
            let mut kinds = vec![CellKind::Reply(Some(e.id))];
            if a.end != ReplyEnd::Streaming {
                let calls = a.reply.finished_tool_calls().len();
                kinds.extend((0..calls).map(|index| CellKind::ToolCall { reply: e.id, index }));
            }
            kinds
        }
    }
}

/// The reply being written: its cell, and its text and reasoning cleaned of
/// control sequences as they arrive (a sequence split across deltas is still
/// removed whole). Counts are kept as text arrives, so that live figures
/// never count the whole reply again.
#[derive(Debug, Clone)]
pub struct LiveReply {
    pub cell: usize,
    /// `Supage · claude-sonnet-4-6`: who is writing it.
    pub source: String,
    pub started: Instant,
    pub text: String,
    /// Grows when the text starts over (a Sup.ai restart), so that views
    /// drop what they built from the old one, whatever the lengths.
    pub generation: u64,
    pub reasoning: String,
    /// Words of reasoning so far (for the folded line).
    pub reasoning_words: usize,
    in_word: bool,
    clean_text: Sanitizer,
    clean_reasoning: Sanitizer,
}

impl LiveReply {
    pub fn new(cell: usize, source: String, started: Instant) -> Self {
        Self {
            cell,
            source,
            started,
            text: String::new(),
            generation: 0,
            reasoning: String::new(),
            reasoning_words: 0,
            in_word: false,
            clean_text: Sanitizer::new(),
            clean_reasoning: Sanitizer::new(),
        }
    }

    pub fn push_text(&mut self, t: &str) {
        self.clean_text.push(t, &mut self.text);
    }

    pub fn push_reasoning(&mut self, r: &str) {
        let from = self.reasoning.len();
        self.clean_reasoning.push(r, &mut self.reasoning);
        for c in self.reasoning[from..].chars() {
            // A wide character (Chinese, Japanese) is a word of its own.
            if is_wide(c) {
                self.reasoning_words += 1;
                self.in_word = false;
                continue;
            }
            let word = !c.is_whitespace();
            if word && !self.in_word {
                self.reasoning_words += 1;
            }
            self.in_word = word;
        }
    }

    /// The answer starts over (Sup.ai): what was shown is superseded.
    pub fn restart(&mut self) {
        self.text.clear();
        self.generation += 1;
        self.clean_text = Sanitizer::new();
    }

    /// The reasoning too goes (the reply is asked for again).
    pub fn drop_reasoning(&mut self) {
        self.reasoning.clear();
        self.reasoning_words = 0;
        self.in_word = false;
        self.clean_reasoning = Sanitizer::new();
    }
}

fn is_wide(c: char) -> bool {
    unicode_width::UnicodeWidthChar::width(c) == Some(2)
}

/// Words in a text, as the folded reasoning line counts them: runs of
/// letters, and each wide character on its own.
pub fn count_words(text: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in text.chars() {
        if is_wide(c) {
            n += 1;
            in_word = false;
            continue;
        }
        let word = !c.is_whitespace();
        if word && !in_word {
            n += 1;
        }
        in_word = word;
    }
    n
}
