//! Decoding a large recorded-style stream: bytes → SSE → JSON frames → typed
//! events → folded reply. Prints MB/s and events/s; asserts nothing on time.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::json;
use supchat_api::StreamEvent;
use supchat_api::decode::StreamDecoder;
use supchat_chat::Reply;

/// ~4 MB of OpenAI-shaped chunks like a real capture (T1/T2 of protocol.md):
/// envelope fields, obfuscation padding, mixed English and CJK text, a tool
/// call in fragments, keep-alive comments, usage and `[DONE]`.
fn recorded_stream() -> Vec<u8> {
    let words = [
        "Hello",
        " world",
        ", ",
        "你好",
        "世界",
        " lifetimes",
        " `&'a str`",
        "\n\n",
        " 👩‍💻",
    ];
    let mut s = String::new();
    let mut i = 0usize;
    while s.len() < 4_000_000 {
        if i.is_multiple_of(500) {
            s.push_str(": keep-alive\n\n");
        }
        let delta = if i % 97 == 96 {
            json!({"tool_calls":[{"index":0,"function":{"arguments":"{\"q\":\"x\"}"}}]})
        } else {
            json!({"content": words[i % words.len()]})
        };
        let chunk = json!({
            "id":"chatcmpl-Df7rE7JcNSZq6avLPXcEGtelEhMjt","object":"chat.completion.chunk",
            "created":1778694024,"model":"gpt-4o-mini-2024-07-18",
            "choices":[{"index":0,"delta":delta,"finish_reason":null}],
            "service_tier":"default","system_fingerprint":"fp_eb37e061ec","obfuscation":"KRmLm2"
        });
        s.push_str("data: ");
        s.push_str(&chunk.to_string());
        s.push_str("\n\n");
        i += 1;
    }
    s.push_str("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}\n\ndata: [DONE]\n\n");
    s.into_bytes()
}

/// `n` tool-call fragments with neither `index` nor `id` (protocol.md §6):
/// the name on each and whole small arguments (`named`), or one call's
/// arguments in `n` pieces.
fn fragments(n: usize, named: bool) -> Vec<u8> {
    let mut s = String::new();
    for k in 0..n {
        let tc = if named {
            json!({"type":"function","function":{"name":"read_file","arguments":format!("{{\"path\":\"a{k}\"}}")}})
        } else if k == 0 {
            json!({"function":{"name":"read_file","arguments":"{\"path\":\""}})
        } else {
            json!({"function":{"arguments":"x"}})
        };
        let chunk = json!({"choices":[{"index":0,"delta":{"tool_calls":[tc]}}]});
        s.push_str(&format!("data: {chunk}\n\n"));
    }
    s.push_str("data: [DONE]\n\n");
    s.into_bytes()
}

/// Decodes `input` fed in network-sized reads; returns the number of events.
fn decode(input: &[u8], read_size: usize) -> usize {
    let mut d = StreamDecoder::new();
    let mut reply = Reply::default();
    let mut events: Vec<StreamEvent> = Vec::with_capacity(64);
    let mut n = 0;
    for piece in input.chunks(read_size) {
        let _ = d.feed(piece, &mut events);
        n += events.len();
        for e in events.drain(..) {
            supchat_api::fold::apply(&mut reply, &e);
        }
    }
    let _ = d.finish(&mut events);
    n + events.len()
}

fn bench(c: &mut Criterion) {
    let input = recorded_stream();
    let events = decode(&input, 16 * 1024);
    let mut g = c.benchmark_group("sse_decode");
    g.throughput(Throughput::Bytes(input.len() as u64));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(8));
    for read in [1024usize, 16 * 1024] {
        g.bench_function(
            format!("{}KB_stream_{}B_reads", input.len() / 1000, read),
            |b| b.iter(|| black_box(decode(black_box(&input), read))),
        );
    }
    g.finish();

    // A plain summary in the units the issue asks for.
    let runs = 5;
    let start = Instant::now();
    for _ in 0..runs {
        black_box(decode(&input, 16 * 1024));
    }
    let secs = start.elapsed().as_secs_f64() / runs as f64;
    println!(
        "summary: {:.1} MB in {:.1} ms per pass = {:.1} MB/s, {} events = {:.0} events/s",
        input.len() as f64 / 1e6,
        secs * 1e3,
        input.len() as f64 / 1e6 / secs,
        events,
        events as f64 / secs
    );

    // Tool-call fragments cost the same each however many came before
    // (a per-fragment figure that stays flat as n grows is linear).
    for named in [true, false] {
        let mut per = Vec::new();
        for n in [10_000usize, 20_000, 40_000] {
            let input = fragments(n, named);
            let start = Instant::now();
            black_box(decode(&input, 16 * 1024));
            let secs = start.elapsed().as_secs_f64();
            per.push(secs / n as f64);
            println!(
                "summary: {n} tool-call fragments without index or id ({}): {:.1} ms, {:.2} µs a fragment",
                if named {
                    "named, whole arguments"
                } else {
                    "one call in pieces"
                },
                secs * 1e3,
                secs / n as f64 * 1e6
            );
        }
        println!(
            "summary:   a fragment at 40,000 costs {:.2}x one at 10,000 (1.0 = linear)",
            per[2] / per[0]
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
