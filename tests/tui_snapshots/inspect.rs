//! The request inspector (`/inspect`, Alt+I): a reply's request with the
//! key masked, a failed first attempt, the response and the body's lines
//! with their times; search; copy as curl without the key.

use super::*;
use supchat::tui::app::Effect;
use supchat_api::event::Wire;

fn wire(s: &mut Scene, w: Wire, ms: u64) {
    s.stream(StreamEvent::Wire(Box::new(w)), ms);
}

/// A reply whose first attempt got a 503, the second streamed.
fn exchange(s: &mut Scene) {
    s.send("What is a lifetime?");
    let request = |attempt, ms| {
        Wire::Request {
        attempt,
        ms,
        method: "POST".into(),
        url: "https://api.supage.example/v1/chat/completions".into(),
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("user-agent".into(), "supchat/0.1.0".into()),
            ("accept".into(), "text/event-stream".into()),
            ("authorization".into(), "Bearer su-…a1b2".into()),
        ],
        body: r#"{"model":"claude-sonnet-4-6","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"What is a lifetime?"}]}"#.into(),
    }
    };
    wire(s, request(1, 0), 0);
    wire(
        s,
        Wire::Response {
            attempt: 1,
            ms: 41,
            status: 503,
            headers: vec![("content-type".into(), "application/json".into())],
        },
        41,
    );
    wire(
        s,
        Wire::Data {
            attempt: 1,
            ms: 42,
            text: "{\"error\":{\"message\":\"overloaded\"}}".into(),
        },
        42,
    );
    wire(s, request(2, 540), 540);
    wire(
        s,
        Wire::Response {
            attempt: 2,
            ms: 610,
            status: 200,
            headers: vec![("content-type".into(), "text/event-stream".into())],
        },
        610,
    );
    for (ms, t) in [
        (650, "A lifetime"),
        (700, " names how long"),
        (760, " a borrow lives."),
    ] {
        wire(
            s,
            Wire::Data {
                attempt: 2,
                ms,
                text: format!(
                    "data: {{\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{t}\"}}}}]}}\n\n"
                ),
            },
            ms,
        );
        s.text(t, ms);
    }
    wire(
        s,
        Wire::Data {
            attempt: 2,
            ms: 800,
            text: "data: [DONE]\n\n".into(),
        },
        800,
    );
    s.done(800);
}

fn alt(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT))
}

#[test]
fn the_inspector() {
    each_size("inspect", |s| {
        exchange(s);
        let t = s.at(900);
        s.app.update(alt('i'), t);
        900
    });
    // Searching for "done" goes to the body's last line; Tab unfolds the
    // request body.
    each_size("inspect_search", |s| {
        exchange(s);
        let t = s.at(900);
        s.app.update(alt('i'), t);
        s.app.update(key(KeyCode::Tab), t);
        s.type_text("done");
        900
    });
}

/// End shows the last line even when lines wrap (40 columns); Enter goes
/// from match to match.
#[test]
fn the_inspector_reaches_its_end_and_every_match() {
    let mut s = Scene::new(40, 16);
    exchange(&mut s);
    let t = s.at(900);
    s.app.update(alt('i'), t);
    s.settle(900);
    s.app.update(key(KeyCode::End), t);
    let screen = s.screen(900);
    assert!(screen.contains("data: [DONE]"), "{screen}");
    s.app.update(key(KeyCode::Home), t);
    s.settle(900);
    // "content-type" is in both responses and both requests: four lines.
    s.type_text("content-type");
    let mut seen = Vec::new();
    for _ in 0..4 {
        let screen = s.screen(900);
        let top = screen.lines().nth(1).unwrap_or("").to_owned();
        seen.push(top);
        s.app.update(key(KeyCode::Enter), t);
    }
    seen.dedup();
    assert_eq!(seen.len(), 4, "each Enter a new place: {seen:#?}");
    // Three PageDowns faster than frames go three pages down, as three
    // one by one do.
    let place = |s: &mut Scene| {
        let screen = s.screen(900);
        let first = screen.lines().next().unwrap_or("").to_owned();
        first
            .split_whitespace()
            .find_map(|w| w.split_once('/').and_then(|(a, _)| a.parse::<usize>().ok()))
            .unwrap_or(0)
    };
    s.app.update(key(KeyCode::Esc), t);
    let apart = |s: &mut Scene, together: bool| {
        s.app.update(key(KeyCode::Home), t);
        s.settle(900);
        for _ in 0..3 {
            s.app.update(key(KeyCode::PageDown), t);
            if !together {
                s.settle(900);
            }
        }
        place(s)
    };
    let one_by_one = apart(&mut s, false);
    let at_once = apart(&mut s, true);
    assert!(one_by_one > 10, "{one_by_one}");
    assert_eq!(at_once, one_by_one);
}

#[test]
fn copy_as_curl_never_holds_the_key() {
    let mut s = Scene::new(80, 24);
    exchange(&mut s);
    let t = s.at(900);
    s.app.update(alt('i'), t);
    let effects = s.app.update(
        Event::Key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::CONTROL)),
        t,
    );
    let [Effect::Copy(curl)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert!(
        curl.contains("\ncurl -N 'https://api.supage.example/v1/chat/completions'"),
        "{curl}"
    );
    assert!(
        curl.contains("-H \"Authorization: Bearer $SUPAGE_API_KEY\""),
        "{curl}"
    );
    assert!(!curl.contains("a1b2") && !curl.contains("su-"), "{curl}");
    assert!(
        curl.contains("--data-binary '{\"model\":\"claude-sonnet-4-6\""),
        "{curl}"
    );
    // Esc closes it.
    s.app.update(key(KeyCode::Esc), t);
    assert!(s.app.popup().is_none());
}

/// A reply stopped by the user: its wire says so at its end.
#[test]
fn a_stopped_reply_says_so_in_the_wire() {
    let mut s = Scene::new(100, 30);
    s.send("Tell me a long story");
    wire(
        &mut s,
        Wire::Request {
            attempt: 1,
            ms: 0,
            method: "POST".into(),
            url: "https://api.supage.example/v1/chat/completions".into(),
            headers: Vec::new(),
            body: "{}".into(),
        },
        0,
    );
    wire(
        &mut s,
        Wire::Data {
            attempt: 1,
            ms: 300,
            text: "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Once\"}}]}\n\n".into(),
        },
        300,
    );
    s.text("Once", 300);
    let t = s.at(400);
    s.app.update(key(KeyCode::Esc), t);
    s.app.update(alt('i'), t);
    let screen = s.screen(500);
    assert!(screen.contains("+300 ms: stopped by you"), "{screen}");
}
