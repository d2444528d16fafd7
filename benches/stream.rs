//! What a reply streamed at a real model's pace costs the chat screen
//! (120x40, in-process). A model writes 200 tokens a second and the screen
//! draws at most 40 frames a second, so each frame follows 5 tokens; the
//! figure is the CPU time of 10 seconds of such a stream (2,000 tokens and
//! 400 frames: updates plus frames), for several shapes of reply, with the
//! block being written already 2,000 or 20,000 words long. Then the real
//! binary in tmux (120x40) against a loopback server streaming one long
//! paragraph at 200 and 400 tokens/s for 10 s: the CPU the process used,
//! read from /proc. Prints figures, asserts nothing. `STREAM_BENCH_ONLY=fence`
//! runs only the shapes whose name holds `fence`, in-process.

mod binary;
mod common;

use std::time::{Duration, Instant};

use binary::{Pane, cpu_of, have_tmux};
use common::Rig;

const TOKENS_PER_SEC: f64 = 200.0;
const FRAMES_PER_SEC: f64 = 40.0;
const SECONDS: usize = 10;

/// `n` tokens of a shape, ~4 characters each.
fn prose(n: usize) -> Vec<String> {
    let words = common::PROSE;
    (0..n).map(|i| words[i % words.len()].to_owned()).collect()
}

/// A code fence being written: ~8 tokens a line.
fn code(n: usize) -> Vec<String> {
    let line = [
        "    let ",
        "total",
        ": u64 ",
        "= items",
        ".iter()",
        ".map(|x| x",
        ".cost)",
        ".sum();\n",
    ];
    (0..n).map(|i| line[i % line.len()].to_owned()).collect()
}

/// Short paragraphs, lists and small code blocks, as most answers are.
fn mixed(n: usize) -> Vec<String> {
    let mut out = prose(n);
    for (i, t) in out.iter_mut().enumerate() {
        match i % 120 {
            60 => *t = "\n\n".to_owned(),
            90 => *t = "\n\n- one\n- two\n\n".to_owned(),
            110 => *t = "\n\n```rust\nfn main() {}\n```\n\n".to_owned(),
            _ => {}
        }
    }
    out
}

/// Streams `tokens` after `before` (already on screen, in the same open
/// block), a frame every 5 tokens; returns the CPU time of the streamed
/// part and the slowest frame.
fn paced(before: &str, tokens: &[String]) -> (Duration, Duration) {
    let mut r = Rig::new();
    r.send("go");
    r.token(before);
    r.frame();
    let per_frame = TOKENS_PER_SEC / FRAMES_PER_SEC;
    let mut owed = 0.0;
    let mut worst = Duration::ZERO;
    let start = Instant::now();
    for t in tokens {
        r.token(t);
        owed += 1.0;
        if owed >= per_frame {
            owed -= per_frame;
            let f = Instant::now();
            r.frame();
            worst = worst.max(f.elapsed());
        }
    }
    (start.elapsed(), worst)
}

/// CPU time (user + system) of process `pid` so far, from /proc.
/// The real binary: CPU used while a loopback server streams one long
/// paragraph at `rate` tokens/s for `SECONDS`.
async fn real_binary(rate: f64) -> Option<Duration> {
    use supchat_loopback::{Part, Scripted, Server};
    let server = Server::start().await.ok()?;
    let tokens = prose((rate as usize) * SECONDS);
    let gap = Duration::from_secs_f64(1.0 / rate);
    server.route_fn("POST", "/v1/chat/completions", move |_| {
        let mut r = Scripted::new(200).header("Content-Type", "text/event-stream");
        for t in &tokens {
            let chunk = serde_json::json!({"choices":[{"index":0,"delta":{"content":t}}]});
            r = r.bytes(format!("data: {chunk}\n\n")).part(Part::Sleep(gap));
        }
        r.bytes("data: [DONE]\n\n")
    });
    let dir = std::env::temp_dir().join(format!("supchat-bench-stream-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let cfg = dir.join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "[providers.supage]\nbase_url = \"{}/v1\"\napi_key = \"k\"\n",
            server.url()
        ),
    )
    .ok()?;
    let pane = Pane::supchat(&format!("stream-{rate}"), &cfg, &dir, "")?;
    let result = (|| {
        if !pane.wait("F1 help", 10) {
            return None;
        }
        // Let the start-up work (loading the highlighter in the background)
        // finish: only the stream is measured.
        std::thread::sleep(Duration::from_secs(1));
        let pid = pane.pid()?;
        let before = cpu_of(&pid)?;
        pane.keys(&["go", "Enter"])?;
        // The turn is over once the reply is signed.
        if !pane.wait("— Supage", SECONDS as u64 + 20) {
            return None;
        }
        Some(cpu_of(&pid)?.saturating_sub(before))
    })();
    drop(pane);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

#[tokio::main]
async fn main() {
    // `STREAM_BENCH_ONLY=fence`: only the shapes whose name holds it, and
    // not the real binary (to compare one case quickly).
    let only = std::env::var("STREAM_BENCH_ONLY").ok();
    in_process(only.as_deref());
    if only.is_some() {
        return;
    }
    if !have_tmux() {
        println!("real binary: tmux not installed, not measured");
        return;
    }
    println!(
        "the real binary in tmux, 120x40, one long paragraph for {SECONDS} s (CPU of the process):"
    );
    for rate in [200.0, 400.0] {
        // Three runs: /proc counts in 10 ms ticks, and the machine is shared.
        let mut runs = Vec::new();
        for _ in 0..3 {
            runs.extend(real_binary(rate).await);
        }
        runs.sort();
        match runs.get(runs.len() / 2) {
            Some(cpu) => println!(
                "  {rate:>4} tokens/s: {:6.0} ms CPU ({:4.1}% of a core), median of {} runs (all: {:?} ms)",
                cpu.as_secs_f64() * 1e3,
                cpu.as_secs_f64() * 100.0 / SECONDS as f64,
                runs.len(),
                runs.iter().map(|d| d.as_millis()).collect::<Vec<_>>()
            ),
            None => println!("  {rate:>4} tokens/s: not measured (the runs did not finish)"),
        }
    }
}

fn in_process(only: Option<&str>) {
    let n = (TOKENS_PER_SEC as usize) * SECONDS;
    let n = n.max(1);
    println!(
        "{SECONDS} s of a reply at {TOKENS_PER_SEC} tokens/s, {FRAMES_PER_SEC} frames/s, 120x40 (CPU of updates + frames):"
    );
    type Shape = fn(usize) -> Vec<String>;
    // A shape, and how its open block starts.
    let shapes: [(&str, &str, Shape); 3] = [
        ("one long paragraph", "", prose),
        ("one long code fence", "```rust\n", code),
        ("short paragraphs, lists, code", "", mixed),
    ];
    for (name, start, shape) in shapes {
        if only.is_some_and(|o| !name.contains(o)) {
            continue;
        }
        for open in [2_000, 20_000] {
            let before = format!("{start}{}", shape(open).concat());
            let (cpu, worst) = paced(&before, &shape(n));
            println!(
                "  {name:30} after {open:>6} words: {:7.1} ms CPU ({:5.1}% of a core), slowest frame {:6.2} ms",
                cpu.as_secs_f64() * 1e3,
                cpu.as_secs_f64() * 100.0 / SECONDS as f64,
                worst.as_secs_f64() * 1e3
            );
        }
    }
}
