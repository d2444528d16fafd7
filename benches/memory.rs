//! Memory for one very long reply (15 MB of markdown prose, streamed into
//! the chat screen at 120x40, frames drawn along the way): the resident
//! size while it streams and once it is finished, and their ratio to the
//! reply's size. Prints figures, asserts nothing (Linux: reads /proc).

mod common;

/// A size from /proc/self/status (`VmHWM`: the peak resident size so far,
/// `VmRSS`: now), in KiB.
fn status(field: &str) -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn hwm() -> u64 {
    status("VmHWM")
}

fn rss() -> u64 {
    status("VmRSS")
}

fn main() {
    let mut r = common::Rig::new();
    r.send("go");
    r.frame();
    let base = rss();
    let para = "The borrow checker compares lifetimes so that no reference outlives its data, and *that* is the `point`. ".repeat(10);
    let mut total = 0;
    let mut i = 0;
    while total < 15_000_000 {
        let t = if i % 20 == 19 {
            format!("{para}\n\n")
        } else {
            para.clone()
        };
        total += t.len();
        r.token(&t);
        if i % 50 == 0 {
            r.frame();
        }
        i += 1;
    }
    r.frame();
    let mb = |kib: u64| kib as f64 / 1024.0;
    let reply = total as f64 / 1_048_576.0;
    println!(
        "a {reply:.1} MiB reply: while streaming {:.0} MiB resident above the {:.0} MiB start ({:.1}x the reply)",
        mb(rss() - base),
        mb(base),
        mb(rss() - base) / reply
    );
    r.finish();
    r.frame();
    println!(
        "  finished and drawn whole: peak {:.0} MiB ({:.1}x the reply)",
        mb(hwm() - base),
        mb(hwm() - base) / reply
    );
}
