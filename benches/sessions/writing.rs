//! The cost of saving as a reply streams: per token, with and without a
//! store, and the checkpoints of a long reply.

use super::*;

/// CPU per token of a reply streamed into the chat screen, a frame every
/// 5 tokens (200 tokens/s at 40 fps), with the journal's hook writing into
/// `db` or without one. `real_time` paces it like a model, so that the
/// hook checkpoints once a second as it would. CPU per token: of the
/// screen's thread, and of the whole process (the journal thread too).
pub(super) fn per_token(db: Option<&Path>, tokens: usize, real_time: bool) -> (f64, f64) {
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

pub(super) fn checkpointing(db: &Path) {
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
