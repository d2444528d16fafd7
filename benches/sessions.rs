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
use common::talk::{Text, answerer, conversation};
use supchat_chat::{
    AssistantEntry, Conversation, Entry, EntryId, EntryKind, Reply, ReplyEnd, Timestamp,
};
use supchat_core::config::Config;
use supchat_core::session::{Opened, Records, Startup};
use supchat_core::store::Recorder;
use supchat_core::store::{Journal, SessionId, SessionMeta, Store, db_path};

const SESSIONS: usize = 1_000;
const PER_SESSION: usize = 50;
const BIG: usize = 10_000;

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
            compare: None,
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
