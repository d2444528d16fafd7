//! Figures for the chat screen; prints them, asserts nothing on time.
//! 1. Frame time with a 10,000-message conversation (following the bottom,
//!    scrolled into the middle, and the first frame with a cold cache).
//! 2. Cost of a token (update + frame) across a 50,000-token reply, in
//!    buckets, to show it stays flat as the reply grows.
//! 3. Launch to first frame of the real binary in tmux (an upper bound:
//!    it includes tmux's polling), and the in-process part of it.

mod common;

use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Rig, key};
use crossterm::event::KeyCode;

const REPLY: &str = "Lifetimes name the span in which a reference is *valid*; the borrow checker compares them.\n\n- `'a` names one\n- `'static` lasts for the program\n\n```rust\nfn f<'a>(x: &'a str) -> &'a str { x }\n```\n";

fn stats(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let mean = samples.iter().sum::<Duration>().as_secs_f64() / samples.len() as f64;
    let p99 = samples[(samples.len() * 99 / 100).min(samples.len() - 1)].as_secs_f64();
    (mean * 1e6, p99 * 1e6)
}

/// Draws 300 frames and prints their mean and 99th percentile.
fn sample_frames(r: &mut Rig, label: &str) {
    let mut samples = Vec::new();
    for _ in 0..300 {
        let t = Instant::now();
        r.frame();
        samples.push(t.elapsed());
    }
    let (mean, p99) = stats(samples);
    println!("  {label:34} {mean:8.1} µs mean, {p99:8.1} µs p99");
}

fn big_conversation() {
    let mut r = Rig::new();
    let build = Instant::now();
    for i in 0..5_000 {
        r.send(&format!("question {i}: how do lifetimes work?"));
        r.token(REPLY);
        r.finish();
    }
    println!(
        "10,000 messages built in {:.0} ms",
        build.elapsed().as_secs_f64() * 1e3
    );
    let cold = Instant::now();
    r.frame();
    println!(
        "  first frame (cold cache):          {:8.1} µs",
        cold.elapsed().as_secs_f64() * 1e6
    );
    sample_frames(&mut r, "frame, following the bottom:");
    for _ in 0..400 {
        r.app.update(key(KeyCode::PageUp), r.t0);
    }
    let t = Instant::now();
    r.frame();
    println!(
        "  jump 400 pages up at once (cold):  {:8.1} µs",
        t.elapsed().as_secs_f64() * 1e6
    );
    sample_frames(&mut r, "frame, scrolled 400 pages up:");
    r.app.update(key(KeyCode::Home), r.t0);
    let t = Instant::now();
    r.frame();
    println!(
        "  Home (anchors at the top):         {:8.1} µs",
        t.elapsed().as_secs_f64() * 1e6
    );
}

/// A token stream shaped like a long answer: prose with paragraphs, lists
/// and code blocks, ~4 characters a token.
fn token_source() -> Vec<String> {
    let words = common::PROSE;
    let mut out = Vec::with_capacity(50_000);
    let mut i = 0usize;
    while out.len() < 50_000 {
        match i % 400 {
            120 => out.push("\n\n".to_owned()),
            200 => out.push("\n\n- item one\n- item two\n\n".to_owned()),
            300 => out.push("\n\n```rust\nfn main() {\n    let x = 1;\n}\n```\n\n".to_owned()),
            _ => out.push(words[i % words.len()].to_owned()),
        }
        i += 1;
    }
    out
}

fn long_reply() {
    let mut r = Rig::new();
    r.send("write a lot");
    let tokens = token_source();
    println!(
        "50,000-token reply, update + frame after every token (the real loop draws at most 60/s):"
    );
    let bucket = 5_000;
    for (b, chunk) in tokens.chunks(bucket).enumerate() {
        let t = Instant::now();
        for tok in chunk {
            r.token(tok);
            r.frame();
        }
        let per = t.elapsed().as_secs_f64() * 1e6 / chunk.len() as f64;
        println!(
            "  tokens {:>6}–{:<6} {per:8.1} µs per token",
            b * bucket,
            (b + 1) * bucket
        );
    }
    let t = Instant::now();
    r.finish();
    r.frame();
    println!(
        "  reply finished, rendered whole once: {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    black_box(&r.app);
}

fn launch() {
    let t = Instant::now();
    let mut r = Rig::new();
    r.frame();
    println!(
        "launch: App::new + first frame in-process: {:.2} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        println!("launch: tmux not installed, binary launch not measured");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_supchat");
    let sock = format!("supchat-bench-{}", std::process::id());
    let cfg = std::env::temp_dir().join(format!("supchat-bench-{}.toml", std::process::id()));
    let _ = std::fs::write(&cfg, "");
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .arg("-L")
            .arg(&sock)
            .args(args)
            .output()
            .unwrap()
    };
    tmux(&[
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
    let mut runs = Vec::new();
    for i in 0..10 {
        let win = format!("w{i}");
        let start = Instant::now();
        tmux(&[
            "new-window",
            "-n",
            &win,
            &format!("SUPCHAT_CONFIG={} SUPAGE_API_KEY=x {bin}", cfg.display()),
        ]);
        loop {
            let out = tmux(&["capture-pane", "-p", "-t", &win]);
            if String::from_utf8_lossy(&out.stdout).contains("F1 help") {
                break;
            }
            if start.elapsed() > Duration::from_secs(10) {
                println!("launch: no first frame within 10 s");
                break;
            }
        }
        runs.push(start.elapsed());
        tmux(&["kill-window", "-t", &win]);
    }
    tmux(&["kill-server"]);
    let _ = std::fs::remove_file(&cfg);
    runs.sort();
    println!(
        "launch: binary start to first frame in tmux: median {:.1} ms, best {:.1} ms (10 runs, includes tmux polling)",
        runs[runs.len() / 2].as_secs_f64() * 1e3,
        runs[0].as_secs_f64() * 1e3
    );
}

/// What the catalogues cost: one message with a value against the
/// `format!` it replaced, and a frame of a short chat while a reply
/// streams, in English and in Chinese.
fn catalogue() {
    const N: u32 = 200_000;
    let t = Instant::now();
    for i in 0..N {
        black_box(format!("{} queued messages held", black_box(i)));
    }
    let plain = t.elapsed().as_secs_f64() * 1e9 / f64::from(N);
    let t = Instant::now();
    for i in 0..N {
        black_box(supchat_i18n::tr!("flash-queue-dropped", n = black_box(i)));
    }
    let fluent = t.elapsed().as_secs_f64() * 1e9 / f64::from(N);
    println!("a message from the catalogue (Fluent, one value, a plural):");
    println!(
        "  format! baseline {plain:8.0} ns, tr! {fluent:8.0} ns ({:.1}x)",
        fluent / plain
    );
    for lang in supchat_i18n::Lang::ALL {
        supchat_i18n::set(lang);
        let mut r = Rig::new();
        for i in 0..20 {
            r.send(&format!("question {i}: how do lifetimes work?"));
            r.token(REPLY);
            r.finish();
        }
        r.send("and one more");
        r.token("Streaming now");
        sample_frames(&mut r, &format!("frame while streaming ({}):", lang.code()));
    }
    supchat_i18n::set(supchat_i18n::Lang::En);
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is ignored.
    // SUPCHAT_BENCH=catalogue runs that part alone.
    if std::env::var("SUPCHAT_BENCH").as_deref() == Ok("catalogue") {
        catalogue();
        return;
    }
    launch();
    big_conversation();
    long_reply();
    catalogue();
}
