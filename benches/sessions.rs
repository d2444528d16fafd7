//! Sessions at scale. A database of 1,000 sessions of 50 messages each plus
//! one of 10,000 messages (prompts of ~30 words, replies of ~250 words of
//! markdown with code, ~45 MB of text) is built in a temporary folder, then:
//! 1. the store in-process: opening it, the list, searches, loading the
//!    big session, a checkpoint of a long reply;
//! 2. the real binary: `supchat sessions list` and `sessions search`
//!    (wall time and peak memory of the process), and `supchat --resume`
//!    of the big session in tmux to its first frame, with the peak memory
//!    of the process once it is open;
//! 3. checkpointing: the per-token cost of a streaming reply with and
//!    without the journal's hook, writing into this database.
//!
//! Prints figures, asserts nothing on time. With `SUPCHAT_BENCH_KEEP` set,
//! the database is kept (its path printed) for a closer look.

#[path = "sessions/binary.rs"]
mod binary;
mod common;
#[path = "sessions/writing.rs"]
mod writing;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::Rig;
use supchat_chat::{
    Answerer, AssistantEntry, Conversation, Entry, EntryId, EntryKind, Reply, ReplyEnd, Timestamp,
};
use supchat_core::config::{Config, ProviderKind};
use supchat_core::session::{Opened, Records, Startup};
use supchat_core::store::Recorder;
use supchat_core::store::{Journal, SessionId, SessionMeta, Store, db_path};

const SESSIONS: usize = 1_000;
const PER_SESSION: usize = 50;
const BIG: usize = 10_000;

const WORDS: &[&str] = &[
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
struct Text(u64);

impl Text {
    fn words(&mut self, n: usize) -> String {
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
    fn reply(&mut self, n: usize) -> String {
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

fn answerer() -> Answerer {
    Answerer {
        provider: "supage".into(),
        kind: ProviderKind::OpenAi,
        model: "claude-sonnet-4-6".into(),
        models: Vec::new(),
    }
}

fn conversation(text: &mut Text, messages: usize, at: u64) -> Conversation {
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

/// Fills the database; the big session's id.
fn populate(db: &Path) -> SessionId {
    let mut store = Store::open(db).unwrap();
    let mut text = Text(7);
    let base = 1_790_000_000_000u64;
    for s in 0..SESSIONS as u64 {
        let at = base + s * 3_600_000;
        let conv = conversation(&mut text, PER_SESSION, at);
        let id = SessionId::new(Timestamp(at));
        let meta = SessionMeta::of(id, format!("session {s}: {}", text.words(4)), &conv);
        store.put_session(&meta, &conv).unwrap();
    }
    let at = base + SESSIONS as u64 * 3_600_000;
    let conv = conversation(&mut text, BIG, at);
    let id = SessionId::new(Timestamp(at));
    let meta = SessionMeta::of(id.clone(), "the big one".into(), &conv);
    store.put_session(&meta, &conv).unwrap();
    id
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Median and best of `n` runs of `f`.
fn runs(n: usize, mut f: impl FnMut()) -> (f64, f64) {
    let mut t: Vec<Duration> = (0..n)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed()
        })
        .collect();
    t.sort();
    (ms(t[t.len() / 2]), ms(t[0]))
}

fn in_process(db: &Path, big: &SessionId) {
    println!("the store in-process:");
    let (med, best) = runs(10, || {
        Store::open(db).unwrap();
    });
    println!("  open the database:                      {med:7.2} ms median, {best:7.2} ms best");
    let store = Store::open(db).unwrap();
    let (med, best) = runs(20, || {
        std::hint::black_box(store.list(50).unwrap());
    });
    println!("  list (50, as `sessions list`):          {med:7.2} ms median, {best:7.2} ms best");
    let (med, best) = runs(20, || {
        std::hint::black_box(store.list(10_000).unwrap());
    });
    println!(
        "  list all {SESSIONS} (as the F5 list):          {med:7.2} ms median, {best:7.2} ms best"
    );
    for q in [
        "borrow checker",
        "lifet",
        "vtable dispatch unsafe",
        "nosuchword",
    ] {
        let mut n = 0;
        let (med, best) = runs(10, || n = store.search(q, 50).unwrap().len());
        println!(
            "  search {:26} {med:7.2} ms median, {best:7.2} ms best ({n} hits shown)",
            format!("{q:?}:")
        );
    }
    let records = Records::reading(store);
    let (med, best) = runs(10, || {
        std::hint::black_box(records.list("lifet", || true));
    });
    println!(
        "  a key typed in the F5 list (list + search \"lifet\"): {med:7.2} ms median, {best:7.2} ms best"
    );
    drop(records);
    let store = Store::open(db).unwrap();
    let (med, best) = runs(5, || {
        std::hint::black_box(store.load(big).unwrap());
    });
    println!("  load the {BIG}-message session:         {med:7.2} ms median, {best:7.2} ms best");
    // Opened in the chat screen: projected into cells and drawn once.
    let (med, best) = runs(5, || {
        let (meta, conversation) = store.load(big).unwrap();
        let mut r = Rig::new();
        let startup = Startup {
            opened: Some(Opened {
                meta,
                conversation,
                recorder: None,
                notice: None,
            }),
            ..Startup::default()
        };
        r.app = supchat::tui::app::App::new(&Config::default(), (120, 40)).with_startup(
            startup,
            true,
            true,
            supchat_core::engine::Now::read(),
        );
        r.frame();
    });
    println!(
        "  load + open in the chat screen + first frame (120x40): {med:7.2} ms median, {best:7.2} ms best"
    );
    // A checkpoint of a long streaming reply (what the journal thread does
    // once a second): 20,000 words saved again in place, in a session of
    // its own, removed afterwards.
    let mut store = Store::open(db).unwrap();
    let mut text = Text(99);
    let scratch = SessionId::new(Timestamp(1));
    let mut entry = Entry {
        id: EntryId(1),
        at: Timestamp(1),
        kind: EntryKind::Assistant(Box::new(AssistantEntry {
            answerer: answerer(),
            reply: Reply {
                text: text.reply(20_000),
                ..Reply::default()
            },
            end: ReplyEnd::Streaming,
            stats: None,
            reasoning_took: None,
            retry: false,
        })),
    };
    let conv = Conversation::from_entries(vec![entry.clone()]).unwrap_or_default();
    store
        .put_meta(&SessionMeta::of(scratch.clone(), "scratch".into(), &conv))
        .unwrap();
    let (med, best) = runs(10, || {
        if let EntryKind::Assistant(a) = &mut entry.kind {
            a.reply.text.push_str(" more");
        }
        store.put_entry(&scratch, &entry).unwrap();
    });
    println!(
        "  checkpoint of a 20,000-word reply:      {med:7.2} ms median, {best:7.2} ms best (journal thread, once a second)"
    );
    store.delete(&scratch).unwrap();
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_path(dir.path());
    let t = Instant::now();
    let big = populate(&db);
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0) as f64 / 1_048_576.0;
    println!(
        "{SESSIONS} sessions of {PER_SESSION} messages and one of {BIG}: built in {:.1} s, {size:.0} MiB on disk",
        t.elapsed().as_secs_f64()
    );
    in_process(&db, &big);
    let cfg = dir.path().join("config.toml");
    std::fs::write(
        &cfg,
        format!("data_dir = {:?}\n", dir.path().display().to_string()),
    )
    .unwrap();
    binary::cli(&cfg);
    let have_tmux = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if have_tmux {
        binary::resume(&cfg, &big);
    } else {
        println!("  --resume: tmux not installed, not measured");
    }
    writing::checkpointing(&db);
    if std::env::var_os("SUPCHAT_BENCH_KEEP").is_some() {
        println!("the database is kept at {}", db.display());
        let _ = dir.keep();
    }
}
