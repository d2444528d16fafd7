//! What a reply streamed at a real model's pace costs the chat screen
//! (120x40, in-process). A model writes 200 tokens a second and the screen
//! draws at most 60 frames a second, so each frame follows ~3.3 tokens; the
//! figure is the CPU time of 10 seconds of such a stream (2,000 tokens and
//! 600 frames: updates plus frames), for several shapes of reply, with the
//! block being written already 2,000 or 20,000 words long. Prints figures,
//! asserts nothing.

mod common;

use std::time::{Duration, Instant};

use common::Rig;

const TOKENS_PER_SEC: f64 = 200.0;
const FRAMES_PER_SEC: f64 = 60.0;
const SECONDS: usize = 10;

/// `n` tokens of a shape, ~4 characters each.
fn prose(n: usize) -> Vec<String> {
    let words = [
        "The ", "borrow ", "checker ", "compares ", "lifetimes ", "so ", "that ", "no ",
        "reference ", "outlives ", "its ", "data, ", "and ", "*that* ", "is ", "the ",
        "whole ", "`point`. ",
    ];
    (0..n).map(|i| words[i % words.len()].to_owned()).collect()
}

/// A code fence being written: ~8 tokens a line.
fn code(n: usize) -> Vec<String> {
    let line = [
        "    let ", "total", ": u64 ", "= items", ".iter()", ".map(|x| x", ".cost)", ".sum();\n",
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
/// block), a frame every 3.3 tokens; returns the CPU time of the streamed
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

fn main() {
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
