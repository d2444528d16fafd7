//! What a reply streamed at a real model's pace costs the chat screen
//! (120x40, in-process). A model writes 200 tokens a second and the screen
//! draws at most 25 frames a second, so each frame follows 8 tokens; the
//! figure is the CPU time of 10 seconds of such a stream (2,000 tokens and
//! 250 frames: updates plus frames), for several shapes of reply, with the
//! block being written already 2,000 or 20,000 words long. Then the real
//! binary in tmux (120x40) against a loopback server streaming a reply of
//! 2,000 tokens at 200 tokens/s (plain prose, markdown, a code fence), in
//! a new conversation and after 500 earlier messages, and floods of 5,000
//! tokens written at once (plain, markdown): the CPU the process
//! used (from /proc), against the CPU of curl reading the same stream (the
//! floor), and their ratio. Prints figures, asserts nothing.
//! `STREAM_BENCH_ONLY=fence` runs only the shapes whose name holds `fence`,
//! in-process; `STREAM_BENCH_REAL=flood` only the real binary's cases whose
//! name holds `flood`.

mod binary;
mod common;

use std::time::{Duration, Instant};

use binary::{Pane, cpu_of, curl_cpu, have_tmux};
use common::Rig;

const TOKENS_PER_SEC: f64 = 200.0;
/// As the chat draws while a reply streams (`FRAME` in `tui/runtime`).
const FRAMES_PER_SEC: f64 = 25.0;
const SECONDS: usize = 10;
/// The tokens of a flood.
const FLOOD: usize = 5_000;

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

/// A whole code fence: opened, ~8 tokens a line, closed.
fn fenced(n: usize) -> Vec<String> {
    let mut out = vec!["```rust\n".to_owned()];
    // Whole lines, so that the fence closes at a line's start.
    out.extend(code(n.saturating_sub(2) / 8 * 8));
    out.push("```\n\nDone.".to_owned());
    out
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
/// block), a frame every 8 tokens; returns the CPU time of the streamed
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
/// The real binary: the CPU supchat spends on a reply of `tokens` paced at
/// `rate` tokens a second (from Enter to the reply's last word on screen),
/// with `history` earlier messages in the conversation; and the CPU of curl
/// reading the same stream, the floor.
/// A `rate` of None: a flood, as fast as the server writes.
async fn real_binary(
    tokens: &[String],
    rate: Option<f64>,
    history: usize,
) -> Option<(Duration, Duration)> {
    use supchat_loopback::{Part, Scripted, Server};
    let server = Server::start().await.ok()?;
    let gap = rate.map(|r| Duration::from_secs_f64(1.0 / r));
    let mut tokens = tokens.to_vec();
    // A last word to wait for (earlier replies are signed alike).
    tokens.push(" ZQXEND".to_owned());
    server.route_fn("POST", "/v1/chat/completions", move |_| {
        let mut r = Scripted::new(200).header("Content-Type", "text/event-stream");
        for t in &tokens {
            let chunk = serde_json::json!({"choices":[{"index":0,"delta":{"content":t}}]});
            r = r.bytes(format!("data: {chunk}\n\n"));
            if let Some(gap) = gap {
                r = r.part(Part::Sleep(gap));
            }
        }
        r.bytes("data: [DONE]\n\n")
    });
    let floor = curl_cpu(&format!("{}/v1/chat/completions", server.url()))?;
    let dir = std::env::temp_dir().join(format!("supchat-bench-stream-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
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
    if history > 0 {
        earlier_messages(&dir, &cfg, history)?;
    }
    let args = if history > 0 { "-c" } else { "" };
    let pane = Pane::supchat(&format!("stream-{history}"), &cfg, &dir, args)?;
    let result = (|| {
        if !pane.wait("F1 help", 20) {
            return None;
        }
        // Let the start-up work (loading the highlighter in the background)
        // finish: only the stream is measured.
        std::thread::sleep(Duration::from_secs(1));
        let pid = pane.pid()?;
        let before = cpu_of(&pid)?;
        pane.keys(&["go", "Enter"])?;
        if !pane.wait("ZQXEND", SECONDS as u64 + 30) {
            return None;
        }
        std::thread::sleep(Duration::from_millis(300));
        Some(cpu_of(&pid)?.saturating_sub(before))
    })();
    drop(pane);
    let _ = std::fs::remove_dir_all(&dir);
    Some((result?, floor))
}

/// A saved conversation of `n` messages (prompts of words, replies of
/// markdown), imported into the data folder in `dir` as the newest.
fn earlier_messages(dir: &std::path::Path, cfg: &std::path::Path, n: usize) -> Option<()> {
    use supchat_chat::Timestamp;
    use supchat_core::store::{SessionId, SessionMeta, export};
    let at = 1_796_154_300_000;
    let conv = common::talk::conversation(&mut common::talk::Text(5), n, at);
    let meta = SessionMeta::of(SessionId::new(Timestamp(at)), "earlier".into(), &conv);
    let file = dir.join("earlier.json");
    std::fs::write(&file, export::to_json(&meta, &conv)).ok()?;
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_supchat"))
        .env("SUPCHAT_CONFIG", cfg)
        .env("XDG_DATA_HOME", dir)
        .args(["sessions", "import"])
        .arg(&file)
        .output()
        .ok()?
        .status;
    status.success().then_some(())
}

#[tokio::main]
async fn main() {
    // `STREAM_BENCH_ONLY=fence`: only the shapes whose name holds it, and
    // not the real binary (to compare one case quickly).
    let only = std::env::var("STREAM_BENCH_ONLY").ok();
    if std::env::var_os("STREAM_BENCH_REAL").is_none() {
        in_process(only.as_deref());
    }
    if only.is_some() {
        return;
    }
    if !have_tmux() {
        println!("real binary: tmux not installed, not measured");
        return;
    }
    let n = (TOKENS_PER_SEC as usize) * SECONDS;
    println!(
        "the real binary in tmux, 120x40: a reply of {n} tokens at {TOKENS_PER_SEC} tokens/s, and floods of {FLOOD} tokens written at once (CPU from Enter to its end), against curl reading the same stream:"
    );
    type Shape = fn(usize) -> Vec<String>;
    let shapes: [(&str, Shape); 3] = [
        ("plain", prose),
        ("markdown", mixed),
        ("code fence", fenced),
    ];
    // What is measured: a shape, its tokens, their pace (None: a flood) and
    // the messages before it.
    let mut cases: Vec<(&str, Vec<String>, Option<f64>, usize)> = Vec::new();
    for history in [0, 500] {
        for (name, shape) in shapes {
            cases.push((name, shape(n), Some(TOKENS_PER_SEC), history));
        }
    }
    cases.push(("plain flood", prose(FLOOD), None, 0));
    cases.push(("markdown flood", mixed(FLOOD), None, 0));
    // `STREAM_BENCH_REAL=flood`: only the real binary's cases whose name
    // holds it.
    let real = std::env::var("STREAM_BENCH_REAL").ok();
    cases.retain(|(name, ..)| real.as_deref().is_none_or(|r| name.contains(r)));
    for (name, tokens, rate, history) in cases {
        // Two runs: /proc counts in 10 ms ticks, and the machine is shared.
        let mut runs = Vec::new();
        for _ in 0..2 {
            runs.extend(real_binary(&tokens, rate, history).await);
        }
        let after = if history > 0 {
            format!(", after {history} messages")
        } else {
            String::new()
        };
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        match runs.iter().min_by_key(|(cpu, _)| *cpu) {
            Some(&(cpu, floor)) => println!(
                "  {name:>14}{after}: supchat {:5.0} ms, curl {:4.0} ms: {:.1}x (runs: {:?} ms)",
                ms(cpu),
                ms(floor),
                cpu.as_secs_f64() / floor.as_secs_f64().max(0.001),
                runs.iter().map(|(c, _)| c.as_millis()).collect::<Vec<_>>()
            ),
            None => println!("  {name:>14}{after}: not measured (the runs did not finish)"),
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
