//! The conversation on screen: wide text, long and hostile replies,
//! scrolling, a rebuilt conversation.

use super::*;

#[test]
fn cjk_conversation_and_multiline_draft() {
    each_size("cjk", |s| {
        s.send("用中文解释一下 Rust 的生命周期。");
        s.text("生命周期（lifetime）描述引用在多长的范围内有效。编译器用它来保证不会出现悬垂引用。👩‍💻 例如：\n\n- `'a` 表示一个生命周期参数\n- 函数返回的引用不能比参数活得更久", 300);
        s.done(900);
        s.type_text("第二个问题：");
        let t = s.t0;
        s.app.update(
            Event::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::CONTROL)),
            t,
        );
        s.type_text("借用检查器怎么工作？");
        1000
    });
}

#[test]
fn home_shows_the_start_of_a_long_conversation() {
    each_size("home", |s| {
        for i in 0..40 {
            s.send(&format!("question {i}"));
            s.text(&format!("answer {i}"), 100);
            s.done(1500);
        }
        let t = s.at(300);
        s.app.update(key(KeyCode::Home), t);
        300
    });
}

#[test]
fn scrolled_up_view_stays_still_while_the_reply_grows() {
    let mut s = Scene::new(80, 24);
    for i in 0..5 {
        s.send(&format!("question {i}"));
        s.text(&format!("answer {i}\n\nmore of answer {i}"), 100);
        s.done(1500);
    }
    s.send("a long one");
    for i in 0..10 {
        s.text(&format!("line {i} of the long reply\n\n"), 300);
    }
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut cache = ViewCache::default();
    let mut frame = |s: &mut Scene, term: &mut Terminal<TestBackend>| {
        let now = s.at(400);
        let mut report = Default::default();
        term.draw(|f| report = draw(f, &s.app, &mut cache, now.mono))
            .unwrap();
        s.app.update(Event::Drawn(report), now);
        let buf = term.backend().buffer().clone();
        // The conversation pane's rows (1..=20 at 80x24).
        (1..21u16)
            .map(|y| {
                (0..80u16)
                    .map(|x| buf[(x, y)].symbol().to_owned())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
    };
    frame(&mut s, &mut term);
    let t = s.at(400);
    s.app.update(key(KeyCode::PageUp), t);
    let before = frame(&mut s, &mut term);
    for i in 10..20 {
        s.text(&format!("line {i} of the long reply\n\n"), 500);
        let after = frame(&mut s, &mut term);
        // All but the last row, which holds the "↓ N more rows" indicator.
        assert_eq!(
            before[..19],
            after[..19],
            "the text being read moved when line {i} arrived"
        );
    }
    let t = s.at(600);
    s.app.update(key(KeyCode::End), t);
    let bottom = frame(&mut s, &mut term);
    assert!(
        bottom
            .iter()
            .any(|l| l.contains("line 19 of the long reply")),
        "End follows again"
    );
}

#[test]
fn a_conversation_rebuilt_from_its_data_alone_looks_the_same() {
    use supchat_api::event::ToolCallDelta;
    for &(w, h) in SIZES {
        let mut s = Scene::new(w, h);
        s.send("hello");
        let e = ApiError::Connect {
            url: "http://127.0.0.1:9/v1".into(),
            detail: "connection refused".into(),
            attempts: 1,
        };
        let (t, turn) = (s.at(100), s.turn);
        s.app.update(
            Event::TurnDone {
                turn,
                end: RunEnd::Failed(e),
            },
            t,
        );
        // The prompt came back to the input box: send it again.
        let t = s.at(200);
        s.app.update(key(KeyCode::Enter), t);
        s.turn += 1;
        s.stream(StreamEvent::Reasoning("The user greets me.".into()), 300);
        s.text(MARKDOWN, 400);
        s.done(900);
        s.send("Write a long story");
        s.text("Once upon a time", 1000);
        let t = s.at(1100);
        s.app.update(key(KeyCode::Esc), t);
        s.send("天气怎么样?");
        s.text("我查一下。", 1200);
        let call = ToolCallDelta {
            slot: 0,
            id: Some("call_1".into()),
            name: Some("get_weather".into()),
            arguments: "{\"city\":\"Paris\"}".into(),
        };
        s.stream(StreamEvent::ToolCall(call), 1300);
        s.done(1400);
        let live = s.screen(1500);

        let conversation = s.app.conversation().clone();
        let mut rebuilt = Scene::new(w, h);
        rebuilt.app = App::new(&Config::default(), (w, h)).with_conversation(conversation);
        let again = rebuilt.screen(1500);
        // The footer differs: the live app still shows the last turn's figures.
        let footer = format!("{:2}: ", h - 1);
        let body = |screen: &str| {
            let (text, styles) = screen.split_once("--- styles").unwrap();
            let lines: Vec<&str> = text.trim_end().lines().collect();
            let styles: Vec<&str> = styles.lines().filter(|l| !l.starts_with(&footer)).collect();
            format!(
                "{}\n{}",
                lines[..lines.len() - 1].join("\n"),
                styles.join("\n")
            )
        };
        assert_eq!(body(&again), body(&live), "at {w}x{h}");
        if h >= 40 {
            assert!(
                live.contains("Once upon a time") && live.contains("cancelled"),
                "{live}"
            );
        }
    }
}

#[test]
fn a_long_draft_wraps_and_the_box_grows() {
    each_size("long_draft", |s| {
        s.type_text(
            "Please review this function and tell me whether the lifetimes are right, and if not, how to fix them without cloning: 生命周期标注是否正确？请给出修改建议。",
        );
        0
    });
}

#[test]
fn the_signature_names_the_model_the_server_reported() {
    let mut s = Scene::new(80, 24);
    s.send("hi");
    s.stream(StreamEvent::Model("claude-sonnet-4-6-20260301".into()), 100);
    s.text("hello", 200);
    s.done(300);
    let screen = s.screen(400);
    assert!(
        screen.contains("— Supage · claude-sonnet-4-6-20260301 ·"),
        "{screen}"
    );
}

#[test]
fn a_long_paste_is_folded_in_the_transcript() {
    let paste: String = (1..=120)
        .map(|i| format!("log line {i}: all good\n"))
        .collect();
    let build = |s: &mut Scene, open: bool| {
        let t = s.t0;
        s.app
            .update(Event::Paste(format!("Why does this fail?\n{paste}")), t);
        s.app.update(key(KeyCode::Enter), t);
        s.turn += 1;
        s.text("Line 57 is the first error.", 300);
        s.done(500);
        if open {
            let t = s.at(600);
            s.app.update(
                Event::Key(KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL)),
                t,
            );
        }
        600
    };
    each_size("long_paste", |s| build(s, false));
    let mut s = Scene::new(80, 24);
    build(&mut s, true);
    let open = s.screen(600);
    assert!(
        open.contains("log line 120") && !open.contains("more lines ("),
        "{open}"
    );
}

#[test]
fn a_popup_over_chinese_text_keeps_its_left_border() {
    let mut s = Scene::new(98, 30);
    s.send("中文");
    let cjk: String = (0..20)
        .map(|_| "每个引用都有生命周期，大多数情况下可以省略，由编译器推断。\n\n")
        .collect();
    s.text(&cjk, 100);
    s.done(200);
    let t = s.at(300);
    s.app.update(key(KeyCode::F(4)), t);
    let screen = s.screen(300);
    let text = screen.split("--- styles").next().unwrap();
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with('"')).collect();
    let popup: Vec<&str> = rows
        .iter()
        .copied()
        .skip_while(|r| !r.contains('┌'))
        .take_while(|r| !r.contains('└'))
        .collect();
    assert!(popup.len() > 2, "{screen}");

    for r in popup {
        // The picker is 76 wide, centred: its border is at column 11, the
        // second half of a wide character of the text below.
        let col: Vec<char> = r.chars().collect();
        let mut cells = 0;
        let mut at = None;
        for c in &col[1..] {
            if cells == 11 {
                at = Some(*c);
                break;
            }
            cells += unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
        }
        assert!(matches!(at, Some('│' | '┌')), "border lost: {r}");
    }
}

#[test]
fn nothing_a_hostile_server_sends_reaches_the_screen_as_control() {
    use supchat_api::event::ToolCallDelta;
    use supchat_api::{SupAiEvent, SupAiSource};
    let evil = "\u{1b}]0;PWNED\u{7}\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J\u{9b}31m";
    for (w, h) in [(120, 40), (80, 24)] {
        let mut s = Scene::new(w, h);
        let t = s.t0;
        s.app.update(key(KeyCode::F(2)), t);
        s.app.update(key(KeyCode::F(6)), t);
        s.send("hi");
        // Split inside the sequences, across deltas.
        for piece in evil.as_bytes().chunks(3) {
            let piece = String::from_utf8_lossy(piece).into_owned();
            s.stream(StreamEvent::Reasoning(piece.clone()), 100);
            s.text(&piece, 110);
        }
        s.text("visible text", 120);
        s.stream(StreamEvent::Model(format!("m{evil}x")), 130);
        let src = SupAiSource {
            key: format!("k{evil}"),
            model_id: Some(format!("model{evil}")),
        };
        s.stream(
            StreamEvent::SupAi(SupAiEvent::Thinking {
                source: src,
                text: format!("think{evil}"),
            }),
            140,
        );
        let call = ToolCallDelta {
            slot: 0,
            id: Some("c".into()),
            name: Some(format!("tool{evil}")),
            arguments: format!("{{\"a\":\"{evil}\"}}"),
        };
        s.stream(StreamEvent::ToolCall(call), 150);
        let live = s.screen(200);
        s.done(300);
        let done = s.screen(400);
        for screen in [live, done] {
            let text = screen.split("--- styles").next().unwrap();
            assert!(text.contains("visible text"), "{text}");
            for bad in ["\u{1b}", "\u{7}", "\u{9b}"] {
                assert!(
                    !text.contains(bad),
                    "{bad:?} reached the screen at {w}x{h}:\n{text}"
                );
            }
            // A tool call is shown exactly, its escapes written out; no
            // leftovers of a removed sequence anywhere else.
            let rest: String = text
                .lines()
                .filter(|l| !l.contains("\\u{") && !l.contains("\\u00"))
                .collect();
            for bad in ["]0;", "]52;", "[2J", "PWNED", "31m"] {
                assert!(
                    !rest.contains(bad),
                    "{bad:?} reached the screen at {w}x{h}:\n{text}"
                );
            }
        }
        assert!(
            s.screen(400).contains("tool\\u{1b}]0;PWNED"),
            "the tool's real name is shown, escaped"
        );
    }
}

/// A saved reply of megabytes is shown folded to its start (opening it
/// lays out a quarter of a megabyte, not all of it), and says how to see
/// the rest.
/// A reply of megabytes is shown whole: its end when it finishes, its start
/// after Home, and any part between by paging, each frame laying out only
/// what it shows.
#[test]
fn a_reply_of_megabytes_is_shown_whole_near_the_view() {
    let mut s = Scene::new(80, 24);
    s.send("write a lot");
    let n = 30_000;
    let text: String = (0..n)
        .map(|i| format!("Paragraph {i}: all work and no play makes a long reply.\n\n"))
        .collect();
    assert!(text.len() > 1_500_000);
    s.text(&text, 100);
    s.done(200);
    let mut cache = ViewCache::default();
    let mut frame = |s: &mut Scene| s.drawn(&mut cache, 400);
    let end = frame(&mut s);
    assert!(end.contains(&format!("Paragraph {}:", n - 1)), "{end}");
    assert!(
        end.contains("— Supage"),
        "the signature, under the end: {end}"
    );
    snap("megabytes_end_80x24", &end);
    // Paging up walks back through the reply, paragraph by paragraph: no
    // row of the window is left blank or skipped.
    let mut last_seen = n - 1;
    for _ in 0..40 {
        let t = s.at(400);
        s.app.update(key(KeyCode::PageUp), t);
        let screen = frame(&mut s);
        let seen: Vec<usize> = screen
            .lines()
            .filter_map(|l| l.split("Paragraph ").nth(1))
            .filter_map(|r| r.split(':').next()?.parse().ok())
            .collect();
        assert!(seen.len() >= 7, "{screen}");
        assert!(
            seen.windows(2).all(|w| w[1] == w[0] + 1),
            "in order, none missing: {seen:?}"
        );
        let newest = *seen.last().unwrap();
        assert!(
            newest < last_seen && newest + 12 >= last_seen,
            "{newest} after {last_seen}"
        );
        last_seen = seen[0];
    }
    let t = s.at(400);
    s.app.update(key(KeyCode::Home), t);
    let start = frame(&mut s);
    assert!(start.contains("Paragraph 0:"), "{start}");
    assert!(start.contains("write a lot"), "{start}");
}

/// Paging up through a long reply whose rows are only estimated until laid
/// out (here each paragraph takes a row more than guessed) moves a page at
/// a time: no page skips text or shows it twice as the estimates are put
/// right. Every word is numbered, and a row holds one word.
#[test]
fn paging_a_long_reply_moves_a_page_at_a_time() {
    let mut s = Scene::new(80, 24);
    s.send("write a lot");
    let word =
        |i: usize, k: usize| format!("{:<38}", format!("w{:06}", i * 3 + k)).replace(' ', "x");
    let text: String = (0..3_000)
        .map(|i| format!("{} {} {}\n\n", word(i, 0), word(i, 1), word(i, 2)))
        .collect();
    assert!(text.len() > 300_000);
    s.text(&text, 100);
    s.done(200);
    let mut cache = ViewCache::default();
    let mut frame = |s: &mut Scene| numbered_words(&s.drawn(&mut cache, 400));
    let mut before = frame(&mut s);
    assert_eq!(before.last(), Some(&8_999), "the end: {before:?}");
    for page in 0..80 {
        let t = s.at(400);
        s.app.update(key(KeyCode::PageUp), t);
        let now = frame(&mut s);
        assert!(
            now.windows(2).all(|w| w[1] == w[0] + 1),
            "page {page}: words in order, none missing: {now:?}"
        );
        let (top_before, bottom_now) = (before[0], *now.last().unwrap());
        assert!(
            bottom_now < top_before + 3 && bottom_now + 1 >= top_before,
            "page {page}: the page above ends where the one before began ({now:?} above {before:?})"
        );
        before = now;
    }
    // From the top down, the same.
    let t = s.at(400);
    s.app.update(key(KeyCode::Home), t);
    let mut before = frame(&mut s);
    assert_eq!(before.first(), Some(&0), "the start: {before:?}");
    for page in 0..80 {
        let t = s.at(400);
        s.app.update(key(KeyCode::PageDown), t);
        let now = frame(&mut s);
        assert!(
            now.windows(2).all(|w| w[1] == w[0] + 1),
            "page {page} down: words in order, none missing: {now:?}"
        );
        let (bottom_before, top_now) = (*before.last().unwrap(), now[0]);
        assert!(
            top_now + 3 > bottom_before && top_now <= bottom_before + 1,
            "page {page} down: the page below begins where the one before ended ({now:?} below {before:?})"
        );
        before = now;
    }
}

/// Resizing while scrolled up in a long reply keeps the same text in view
/// (and never shows an empty pane); so does folding the reasoning above,
/// and a reply that ends while the view is scrolled up stays still.
#[test]
fn resizing_or_folding_while_scrolled_up_keeps_the_place() {
    let mut s = Scene::new(100, 30);
    s.send("write a lot");
    let word = |i: usize| format!("{:<38}", format!("w{i:06}")).replace(' ', "x");
    let text: String = (0..3_000)
        .map(|i| {
            format!(
                "{} {} {}\n\n",
                word(3 * i),
                word(3 * i + 1),
                word(3 * i + 2)
            )
        })
        .collect();
    s.stream(
        StreamEvent::Reasoning("thinking it over\n".repeat(2_000)),
        50,
    );
    s.text(&text[..text.len() / 2], 100);
    let mut cache = ViewCache::default();
    let mut frame = |s: &mut Scene| numbered_words(&s.drawn(&mut cache, 400));
    frame(&mut s);
    for _ in 0..10 {
        let t = s.at(400);
        s.app.update(key(KeyCode::PageUp), t);
        frame(&mut s);
    }
    let streaming = frame(&mut s);
    assert!(!streaming.is_empty());
    // The word in the middle of the screen before is still on screen.
    let near = |a: &[usize], b: &[usize], what: &str| {
        let mid = a[a.len() / 2];
        assert!(
            b.first().is_some_and(|f| *f <= mid) && b.last().is_some_and(|l| *l >= mid),
            "{what}: word {mid} went out of view ({a:?} then {b:?})"
        );
    };
    // While it streams: resized, and the reasoning above folded and shown.
    let mut live = streaming.clone();
    for (w, h) in [(60, 30), (100, 30)] {
        let t = s.at(400);
        s.app.update(Event::Resize(w, h), t);
        let now = frame(&mut s);
        near(&live, &now, &format!("streaming, resized to {w}x{h}"));
        live = now;
    }
    for _ in 0..2 {
        let t = s.at(400);
        s.app.update(
            Event::Key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL)),
            t,
        );
        let now = frame(&mut s);
        near(&live, &now, "streaming, Ctrl+T");
        live = now;
    }
    let streaming = live;
    // The reply goes on and ends while scrolled up: the view stays.
    s.text(&text[text.len() / 2..], 150);
    near(&streaming, &frame(&mut s), "the reply grew");
    s.done(200);
    let ended = frame(&mut s);
    near(&streaming, &ended, "the reply ended");
    let mut before = ended;
    for (w, h) in [(60, 30), (140, 30), (60, 20), (100, 30)] {
        let t = s.at(400);
        s.app.update(Event::Resize(w, h), t);
        let now = frame(&mut s);
        assert!(!now.is_empty(), "{w}x{h}: text in view");
        near(&before, &now, &format!("resized to {w}x{h}"));
        before = now;
    }
    // Read from the top down, the same.
    let t = s.at(400);
    s.app.update(key(KeyCode::Home), t);
    frame(&mut s);
    for _ in 0..90 {
        let t = s.at(400);
        s.app.update(key(KeyCode::PageDown), t);
        before = frame(&mut s);
    }
    assert!(!before.is_empty(), "in the answer, past the reasoning");
    for (w, h) in [(60, 30), (140, 24), (100, 30)] {
        let t = s.at(400);
        s.app.update(Event::Resize(w, h), t);
        let now = frame(&mut s);
        near(&before, &now, &format!("from the top, resized to {w}x{h}"));
        before = now;
    }
    // Folding the reasoning (above the window) keeps the place too.
    for _ in 0..2 {
        let t = s.at(400);
        s.app.update(
            Event::Key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL)),
            t,
        );
        let now = frame(&mut s);
        near(&before, &now, "Ctrl+T");
        before = now;
    }
}

/// Finding a word deep in a long reply shows that word, not the reply's
/// first rows.
#[test]
fn find_shows_a_match_deep_in_a_long_reply() {
    let mut s = Scene::new(100, 30);
    s.send("write a lot");
    let text: String = (0..30_000)
        .map(|i| format!("Paragraph w{i:06} of a long reply, with words.\n\n"))
        .collect();
    s.text(&text, 100);
    s.done(200);
    s.screen(300);
    let t = s.at(300);
    s.app.update(
        Event::Key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL)),
        t,
    );
    s.type_text("w012345");
    let screen = s.screen(400);
    assert!(screen.contains("Paragraph w012345"), "{screen}");
}

/// After a find jumped deep into a long reply, paging up and down moves a
/// page at a time (the blocks above the match are laid out only then, and
/// their rows are more than guessed).
#[test]
fn paging_after_a_find_in_a_long_reply_moves_a_page_at_a_time() {
    let mut s = Scene::new(80, 24);
    s.send("write a lot");
    let word = |i: usize| format!("{:<38}", format!("w{i:06}")).replace(' ', "x");
    let text: String = (0..3_000)
        .map(|i| {
            format!(
                "{} {} {}\n\n",
                word(3 * i),
                word(3 * i + 1),
                word(3 * i + 2)
            )
        })
        .collect();
    s.text(&text, 100);
    s.done(200);
    let mut cache = ViewCache::default();
    let mut frame = |s: &mut Scene| numbered_words(&s.drawn(&mut cache, 400));
    frame(&mut s);
    let t = s.at(300);
    s.app.update(
        Event::Key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL)),
        t,
    );
    s.type_text("w004500");
    let found = frame(&mut s);
    assert!(found.contains(&4500), "{found:?}");
    let t = s.at(300);
    s.app.update(key(KeyCode::Esc), t);
    let mut before = frame(&mut s);
    for (dir, n) in [(KeyCode::PageUp, 30), (KeyCode::PageDown, 30)] {
        for page in 0..n {
            let t = s.at(400);
            s.app.update(key(dir), t);
            let now = frame(&mut s);
            assert!(
                now.windows(2).all(|w| w[1] == w[0] + 1),
                "{dir:?} {page}: in order, none missing: {now:?}"
            );
            let adjacent = if dir == KeyCode::PageUp {
                let (top_before, bottom_now) = (before[0], *now.last().unwrap());
                bottom_now < top_before + 3 && bottom_now + 1 >= top_before
            } else {
                let (bottom_before, top_now) = (*before.last().unwrap(), now[0]);
                top_now + 3 > bottom_before && top_now <= bottom_before + 1
            };
            assert!(adjacent, "{dir:?} {page}: {now:?} after {before:?}");
            before = now;
        }
    }
}

/// The numbers of the words (`w012345`) on a screen, top to bottom.
fn numbered_words(screen: &str) -> Vec<usize> {
    screen
        .lines()
        .filter_map(|l| l.split(" w").nth(1)?.get(..6)?.parse::<usize>().ok())
        .collect()
}

/// Narrowed and widened again while a reply streams and the view is
/// scrolled up, again and again: the view comes back to the same rows (it
/// moved one row down with each round before).
#[test]
fn width_changes_back_and_forth_while_streaming_do_not_move_the_view() {
    let mut s = Scene::new(120, 40);
    s.send("write a lot");
    let text: String = (0..2_000)
        .map(|i| format!("w{i:06} the quick brown fox jumps over the lazy dog. "))
        .collect();
    s.text(&text, 100);
    let mut cache = ViewCache::default();
    let mut frame = |s: &mut Scene| numbered_words(&s.drawn(&mut cache, 400));
    frame(&mut s);
    for _ in 0..3 {
        let t = s.at(400);
        s.app.update(key(KeyCode::PageUp), t);
        frame(&mut s);
    }
    let first = frame(&mut s);
    assert!(!first.is_empty());
    for round in 0..6 {
        let narrow = [100, 73, 61][round % 3];
        for (w, h) in [(narrow, 40), (120, 40)] {
            let t = s.at(400);
            s.app.update(Event::Resize(w, h), t);
            frame(&mut s);
        }
        let now = frame(&mut s);
        assert_eq!(
            now.first(),
            first.first(),
            "round {round}: the view moved ({first:?} then {now:?})"
        );
    }
}

/// Two priced replies: the footer shows the last one's cost and the
/// session's total (Σ, 合计 in Chinese).
#[test]
fn what_replies_cost() {
    let build = |s: &mut Scene| {
        let cfg = supchat_core::config::load_from_str(
            "default_provider = \"local\"\n[providers.local]\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:9/v1\"\nmodel = \"m\"\nprice_in = 3.0\nprice_out = 15.0\n",
            std::path::Path::new("/home/ada/.config/supchat/config.toml"),
        )
        .unwrap();
        s.app = App::new(&cfg, s.app.size());
        for (q, a) in [("first", "one"), ("second", "two")] {
            s.send(q);
            s.text(a, 300);
            s.done(900);
        }
        900
    };
    each_size("cost", build);
    supchat_i18n::set_for_this_thread(supchat_i18n::Lang::ZhCn);
    each_size("zh_cost", build);
}
