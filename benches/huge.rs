//! A reply of megabytes in the real binary (tmux, 120x40), sent by a
//! loopback server as fast as it can in deltas of about 1 KB, in four
//! shapes: paragraphs, one paragraph of soft-broken lines, one line with no
//! newline, one code fence. For each: the CPU the process spent from Enter
//! to the reply's end against the CPU of `curl` reading the same stream
//! (the floor, measured in the same run), and its peak resident size
//! against the reply's size. Then the saved reply opened again with
//! `supchat -c`: time until it is on screen, CPU and peak. `HUGE_MB` sets
//! the size (default 50). Prints figures, asserts nothing.

mod binary;

use std::path::Path;
use std::time::{Duration, Instant};

use binary::{Pane, cpu_of, curl_cpu, have_tmux, peak_of};
use supchat_loopback::{Scripted, Server};

const WORDS: &str = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor ";

/// Delta `i` of about 1 KB of a shape.
fn delta(shape: &str, i: usize) -> String {
    if shape == "code" {
        let line = format!("    let value_{i} = compute({i}); // a line of code\n");
        let head = if i == 0 { "```rust\n" } else { "" };
        return format!("{head}{}", line.repeat(1000 / line.len() + 1));
    }
    let mut s = WORDS.repeat(1000 / WORDS.len() + 1);
    s.truncate(1000);
    match shape {
        "paragraphs" if i % 5 == 4 => s.replace_range(998.., "\n\n"),
        "soft lines" => s.replace_range(999.., "\n"),
        _ => {}
    }
    s
}

/// The whole SSE body of a reply of `bytes` in `shape`.
fn body(shape: &str, bytes: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes * 3 / 2);
    let (mut sent, mut i) = (0, 0);
    while sent < bytes {
        let d = delta(shape, i);
        sent += d.len();
        i += 1;
        let chunk = serde_json::json!({"choices":[{"index":0,"delta":{"content":d}}]});
        out.extend_from_slice(format!("data: {chunk}\n\n").as_bytes());
    }
    let end = serde_json::json!({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]});
    out.extend_from_slice(format!("data: {end}\n\ndata: [DONE]\n\n").as_bytes());
    out
}

fn mb(b: u64) -> f64 {
    b as f64 / 1e6
}

/// Streams one reply into the chat, then opens it again; prints a line each.
fn run(shape: &str, bytes: usize, server: &Server, dir: &Path, cfg: &Path) -> Option<()> {
    let floor = curl_cpu(&format!("{}/v1/chat/completions", server.url()));
    let pane = Pane::supchat("huge", cfg, dir, "")?;
    if !pane.wait("F1 help", 10) {
        return None;
    }
    std::thread::sleep(Duration::from_secs(1));
    let pid = pane.pid()?;
    let before = cpu_of(&pid)?;
    pane.keys(&["go", "Enter"])?;
    if !pane.wait("— Supage", 600) {
        println!("  {shape:>10}: the reply did not end within 10 minutes");
        return None;
    }
    let cpu = cpu_of(&pid)?.saturating_sub(before);
    let peak = peak_of(&pid)?;
    let ratio = floor.map_or("no curl: no floor".to_owned(), |f| {
        format!(
            "{:.0}x curl reading it ({:.2} s)",
            cpu.as_secs_f64() / f.as_secs_f64().max(0.01),
            f.as_secs_f64()
        )
    });
    println!(
        "  {shape:>10}: streamed in {:5.2} s of CPU, {ratio}; peak {:4.0} MB = {:.1}x the reply",
        cpu.as_secs_f64(),
        mb(peak),
        peak as f64 / bytes as f64
    );
    pane.keys(&["C-q"])?;
    std::thread::sleep(Duration::from_secs(2));
    drop(pane);
    let start = Instant::now();
    let pane = Pane::supchat("huge-c", cfg, dir, "-c")?;
    let shown = pane.wait("— Supage", 120);
    let took = start.elapsed();
    let pid = pane.pid()?;
    println!(
        "  {:>10}  opened again (-c): on screen after {:.2} s{}, {:.2} s of CPU, peak {:.0} MB = {:.1}x",
        "",
        took.as_secs_f64(),
        if shown { "" } else { " (not shown!)" },
        cpu_of(&pid)?.as_secs_f64(),
        mb(peak_of(&pid)?),
        peak_of(&pid)? as f64 / bytes as f64
    );
    Some(())
}

#[tokio::main]
async fn main() {
    if !have_tmux() {
        println!("huge replies: tmux not installed, not measured");
        return;
    }
    let size_mb: usize = std::env::var("HUGE_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let bytes = size_mb * 1_000_000;
    println!(
        "a reply of {size_mb} MB in the real binary (tmux, 120x40), as fast as the server sends it:"
    );
    for shape in ["paragraphs", "soft lines", "one line", "code"] {
        let Ok(server) = Server::start().await else {
            println!("  {shape:>10}: no loopback server");
            continue;
        };
        let sse = body(shape, bytes);
        server.route_fn("POST", "/v1/chat/completions", move |_| {
            Scripted::new(200)
                .header("Content-Type", "text/event-stream")
                .bytes(&sse)
        });
        let dir = std::env::temp_dir().join(format!("supchat-bench-huge-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        if std::fs::create_dir_all(&dir).is_err() {
            continue;
        }
        let cfg = dir.join("config.toml");
        let url = server.url();
        let config = format!("[providers.supage]\nbase_url = \"{url}/v1\"\napi_key = \"k\"\n");
        if std::fs::write(&cfg, config).is_ok() {
            // The waits block this worker; the server runs on the others.
            let _ = run(shape, bytes, &server, &dir, &cfg);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
