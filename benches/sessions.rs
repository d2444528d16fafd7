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

mod common;

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

/// Peak resident size of the finished children so far, in MiB.
fn children_peak() -> f64 {
    // SAFETY: getrusage fills the struct it is given.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru) };
    ru.ru_maxrss as f64 / 1024.0
}

fn cli(cfg: &Path) {
    let bin = env!("CARGO_BIN_EXE_supchat");
    println!("the real binary (wall time of the process; peak memory of the largest run):");
    for args in [
        vec!["sessions", "list"],
        vec!["sessions", "search", "borrow", "checker"],
        vec!["sessions", "search", "lifet"],
    ] {
        let mut ok = true;
        let (med, best) = runs(10, || {
            let out = Command::new(bin)
                .args(&args)
                .env("SUPCHAT_CONFIG", cfg)
                .output()
                .unwrap();
            ok &= out.status.success() && !out.stdout.is_empty();
        });
        println!(
            "  supchat {:32} {med:7.1} ms median, {best:7.1} ms best{}",
            args.join(" "),
            if ok { "" } else { "  (FAILED)" }
        );
    }
    println!(
        "  peak resident size of those runs: {:.1} MiB",
        children_peak()
    );
}

fn status_of(pid: &str, field: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

/// `supchat --resume BIG` in tmux: time to the first frame (its title in
/// the header), and the process's memory with the session open.
fn resume(cfg: &Path, big: &SessionId) {
    let bin = env!("CARGO_BIN_EXE_supchat");
    let sock = format!("supchat-bench-sessions-{}", std::process::id());
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .arg("-L")
            .arg(&sock)
            .args(args)
            .output()
    };
    let _ = tmux(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-x",
        "120",
        "-y",
        "40",
        "sleep 600",
    ]);
    let mut times = Vec::new();
    let mut peak: f64 = 0.0;
    let mut rss: f64 = 0.0;
    let mut scrolled: f64 = 0.0;
    for i in 0..5 {
        let win = format!("w{i}");
        let cmd = format!(
            "exec env SUPCHAT_CONFIG={} SUPAGE_API_KEY=x {bin} --resume {big}",
            cfg.display()
        );
        let start = Instant::now();
        let _ = tmux(&["new-window", "-n", &win, &cmd]);
        let mut shown = false;
        while start.elapsed() < Duration::from_secs(20) {
            let out = tmux(&["capture-pane", "-p", "-t", &win]).map(|o| o.stdout);
            if String::from_utf8_lossy(&out.unwrap_or_default()).contains("the big one") {
                shown = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        if !shown {
            println!("  --resume: the newest message did not appear within 20 s");
            break;
        }
        times.push(start.elapsed());
        std::thread::sleep(Duration::from_millis(500));
        let pid = tmux(&["display-message", "-p", "-t", &win, "#{pane_pid}"])
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default();
        peak = peak.max(status_of(&pid, "VmHWM"));
        rss = rss.max(status_of(&pid, "VmRSS"));
        if i == 0 {
            // Read through it: the start, then back to the end.
            for k in ["Home", "PageDown", "PageDown", "End"] {
                let _ = tmux(&["send-keys", "-t", &win, k]);
                std::thread::sleep(Duration::from_millis(400));
            }
            scrolled = status_of(&pid, "VmHWM");
        }
        let _ = tmux(&["kill-window", "-t", &win]);
        // The next run must not find this one's claim (it ends at once,
        // but is killed, so give the zombie check nothing to wait for).
        std::thread::sleep(Duration::from_millis(200));
    }
    let _ = tmux(&["kill-server"]);
    if times.is_empty() {
        return;
    }
    times.sort();
    println!(
        "  supchat --resume (the {BIG}-message session), start to first frame in tmux: median {:.0} ms, best {:.0} ms ({} runs, includes tmux polling)",
        ms(times[times.len() / 2]),
        ms(times[0]),
        times.len()
    );
    println!(
        "  with it open: peak {peak:.1} MiB resident, {rss:.1} MiB now; after Home, PageDown x2, End: peak {scrolled:.1} MiB"
    );
}

/// CPU per token of a reply streamed into the chat screen, a frame every
/// 5 tokens (200 tokens/s at 40 fps), with the journal's hook writing into
/// `db` or without one. `real_time` paces it like a model, so that the
/// hook checkpoints once a second as it would. CPU per token: of the
/// screen's thread, and of the whole process (the journal thread too).
fn per_token(db: Option<&Path>, tokens: usize, real_time: bool) -> (f64, f64) {
    let journal = db.map(|db| Journal::start(Store::open(db).unwrap(), Box::new(|_| {})));
    let mut r = Rig::new();
    if journal.is_some() {
        let startup = Startup {
            new: Some(Recorder::new(SessionId::new(Timestamp(5)), None)),
            ..Startup::default()
        };
        r.app = supchat::tui::app::App::new(&Config::default(), (120, 40)).with_startup(
            startup,
            true,
            true,
            supchat_core::engine::Now::read(),
        );
    }
    r.journal = journal;
    r.send("write at length");
    // The block already long, as in a long answer.
    r.token(&common::PROSE.repeat(200).concat());
    r.frame();
    let cpu0 = cpu_self();
    let th0 = cpu_thread();
    let start = Instant::now();
    for i in 0..tokens {
        r.token(common::PROSE[i % common::PROSE.len()]);
        if i % 5 == 4 {
            r.frame();
            if real_time {
                let due = Duration::from_secs_f64((i + 1) as f64 / 200.0);
                if let Some(wait) = due.checked_sub(start.elapsed()) {
                    std::thread::sleep(wait);
                }
            }
        }
    }
    r.finish();
    if let Some(j) = &r.journal {
        j.flush(); // what is pending is written: part of the cost
    }
    let cpu = cpu_self().saturating_sub(cpu0);
    let screen = cpu_thread().saturating_sub(th0);
    // Closing the database (SQLite folds its write-ahead log into it, once
    // a process) is not a cost per token: left out.
    drop(r);
    let per = |d: Duration| d.as_secs_f64() * 1e6 / tokens as f64;
    (per(screen), per(cpu))
}

fn cpu_thread() -> Duration {
    // SAFETY: getrusage fills the struct it is given.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_THREAD, &mut ru) };
    let t = |v: libc::timeval| Duration::new(v.tv_sec as u64, v.tv_usec as u32 * 1_000);
    t(ru.ru_utime) + t(ru.ru_stime)
}

fn cpu_self() -> Duration {
    // SAFETY: getrusage fills the struct it is given.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    let t = |v: libc::timeval| Duration::new(v.tv_sec as u64, v.tv_usec as u32 * 1_000);
    t(ru.ru_utime) + t(ru.ru_stime)
}

fn checkpointing(db: &Path) {
    println!(
        "checkpointing a streaming reply, CPU per token (best of 3; screen thread / whole process):"
    );
    for (label, tokens, real_time) in [
        ("as fast as it goes, 20,000 tokens:", 20_000, false),
        ("paced at 200 tokens/s for 5 s:", 1_000, true),
    ] {
        let mut plain = Vec::new();
        let mut hooked = Vec::new();
        for _ in 0..3 {
            plain.push(per_token(None, tokens, real_time));
            hooked.push(per_token(Some(db), tokens, real_time));
        }
        let best =
            |v: &[(f64, f64)], f: fn(&(f64, f64)) -> f64| v.iter().map(f).fold(f64::MAX, f64::min);
        let (ps, pp) = (best(&plain, |x| x.0), best(&plain, |x| x.1));
        let (hs, hp) = (best(&hooked, |x| x.0), best(&hooked, |x| x.1));
        println!(
            "  {label:35} without the hook {ps:6.1} / {pp:6.1} µs, with it {hs:6.1} / {hp:6.1} µs ({:+.1}% / {:+.1}%)",
            (hs - ps) * 100.0 / ps,
            (hp - pp) * 100.0 / pp
        );
    }
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
    cli(&cfg);
    let have_tmux = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if have_tmux {
        resume(&cfg, &big);
    } else {
        println!("  --resume: tmux not installed, not measured");
    }
    checkpointing(&db);
    if std::env::var_os("SUPCHAT_BENCH_KEEP").is_some() {
        println!("the database is kept at {}", db.display());
        let _ = dir.keep();
    }
}
