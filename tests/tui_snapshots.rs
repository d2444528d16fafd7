//! Whole-screen snapshots of the chat (ratatui TestBackend + insta) at
//! 80x24, 120x40 and a narrow 40x16. Time is fixed, so spinners and figures
//! are exact: a reply is sent at 0 ms and its figures follow from when its
//! events arrive. Review a changed snapshot with `cargo insta review`.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use supchat::tui::app::{App, Event};
use supchat::tui::view::{ViewCache, draw};
use supchat_api::{ApiError, StreamEvent};
use supchat_chat::Usage;
use supchat_core::config::Config;
use supchat_core::engine::{Now, RunEnd};

const SIZES: &[(u16, u16)] = &[(80, 24), (120, 40), (40, 16)];

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

struct Scene {
    app: App,
    t0: Now,
    turn: u64,
}

impl Scene {
    fn new(w: u16, h: u16) -> Self {
        Self {
            app: App::new(&Config::default(), (w, h)),
            t0: Now::read(),
            turn: 0,
        }
    }

    fn at(&self, ms: u64) -> Now {
        self.t0 + Duration::from_millis(ms)
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let t = self.t0;
            self.app.update(key(KeyCode::Char(c)), t);
        }
    }

    fn send(&mut self, text: &str) {
        self.type_text(text);
        let t = self.t0;
        self.app.update(key(KeyCode::Enter), t);
        self.turn += 1;
    }

    fn stream(&mut self, ev: StreamEvent, ms: u64) {
        let t = self.at(ms);
        let turn = self.turn;
        self.app.update(Event::Stream { turn, event: ev }, t);
    }

    fn text(&mut self, s: &str, ms: u64) {
        self.stream(StreamEvent::Text(s.to_owned()), ms);
    }

    /// The server reports usage and the reply ends at `ms`.
    fn done(&mut self, ms: u64) {
        let usage = Usage {
            prompt_tokens: Some(15),
            completion_tokens: Some(120),
            total_tokens: Some(135),
            ..Default::default()
        };
        self.stream(StreamEvent::Usage(usage), ms);
        let t = self.at(ms);
        let turn = self.turn;
        self.app.update(
            Event::TurnDone {
                turn,
                end: RunEnd::Complete,
            },
            t,
        );
    }

    /// Draws a frame and hands its report to the app (a jump asked for is
    /// measured by the frame that follows it).
    fn settle(&mut self, ms: u64) {
        let (w, h) = self.app.size();
        let mut cache = ViewCache::default();
        let now = self.at(ms);
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        let mut report = Default::default();
        term.draw(|f| report = draw(f, &self.app, &mut cache, now.mono))
            .unwrap();
        self.app.update(Event::Drawn(report), now);
    }

    /// The screen at `ms`: drawn twice through one cache (a stale cache
    /// shows as a difference), as its text and then its styles.
    fn screen(&mut self, ms: u64) -> String {
        let (w, h) = self.app.size();
        let mut cache = ViewCache::default();
        let now = self.at(ms);
        let mut frames = Vec::new();
        let mut text = String::new();
        for _ in 0..2 {
            let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
            let mut report = Default::default();
            term.draw(|f| report = draw(f, &self.app, &mut cache, now.mono))
                .unwrap();
            self.app.update(Event::Drawn(report), now);
            frames.push(term.backend().buffer().clone());
            text = format!("{}", term.backend());
        }
        assert_eq!(
            frames[0], frames[1],
            "the second frame, through the warm cache, differs from the first"
        );
        format!("{text}\n{}", styles(&frames[1]))
    }
}

/// A colour's short name.
fn colour(c: Color) -> String {
    match c {
        Color::Reset => "reset".into(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) => format!("@{i}"),
        other => format!("{other:?}").to_lowercase(),
    }
}

/// Each row's styled runs (`from-to fg/bg +modifiers`), default text left out.
fn styles(buf: &Buffer) -> String {
    let mut out = String::from("--- styles (row: columns style)\n");
    for y in 0..buf.area.height {
        let mut runs: Vec<(u16, u16, String)> = Vec::new();
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            let mut st = String::new();
            if c.fg != Color::Reset {
                st.push_str(&colour(c.fg));
            }
            if c.bg != Color::Reset {
                st.push_str(&format!("/{}", colour(c.bg)));
            }
            let m = c.modifier;
            for (flag, name) in [
                (Modifier::BOLD, "+bold"),
                (Modifier::DIM, "+dim"),
                (Modifier::ITALIC, "+italic"),
                (Modifier::UNDERLINED, "+underline"),
                (Modifier::REVERSED, "+reverse"),
                (Modifier::CROSSED_OUT, "+strike"),
            ] {
                if m.contains(flag) {
                    st.push_str(name);
                }
            }
            match runs.last_mut() {
                Some((_, end, s)) if *s == st && *end + 1 == x => *end = x,
                _ => runs.push((x, x, st)),
            }
        }
        let runs: Vec<String> = runs
            .into_iter()
            .filter(|(_, _, s)| !s.is_empty())
            .map(|(a, b, s)| format!("{a}-{b} {s}"))
            .collect();
        if !runs.is_empty() {
            out.push_str(&format!("{y:2}: {}\n", runs.join(", ")));
        }
    }
    out
}

fn each_size(name: &str, build: impl Fn(&mut Scene) -> u64) {
    for &(w, h) in SIZES {
        let mut s = Scene::new(w, h);
        let ms = build(&mut s);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), s.screen(ms));
    }
}

const MARKDOWN: &str = "## Lifetimes in short\n\nA **lifetime** names the span in which a reference is *valid*:\n\n- the borrow checker compares them\n- `'static` lives for the whole program\n\n```rust\nfn longest<'a>(x: &'a str, y: &'a str) -> &'a str {\n    if x.len() > y.len() { x } else { y }\n}\n```\n\n> Read the [book](https://doc.rust-lang.org/book/).\n\n| term | meaning |\n|---|---|\n| `'a` | a lifetime |\n";

#[test]
fn empty() {
    each_size("empty", |_| 0);
}

#[test]
fn waiting_for_the_first_token() {
    each_size("waiting", |s| {
        s.send("How do lifetimes work?");
        1300
    });
}

#[test]
fn streaming_midway() {
    each_size("streaming", |s| {
        s.send("How do lifetimes work?");
        s.text(
            "## Lifetimes in short\n\nA **lifetime** names the span in which a refer",
            400,
        );
        900
    });
}

#[test]
fn finished_markdown_with_code() {
    each_size("markdown", |s| {
        s.send("How do lifetimes work?");
        s.text(MARKDOWN, 400);
        s.done(2000);
        2100
    });
}

/// The same screen on a light background and without colour (`NO_COLOR`):
/// the theme is a value the views are handed, so every palette is drawn.
#[test]
fn markdown_on_a_light_background_and_without_colour() {
    use supchat::tui::theme::{Background, Depth, Palette, Theme};
    for (name, palette) in [
        (
            "markdown_light",
            Palette {
                depth: Depth::TrueColor,
                background: Background::Light,
            },
        ),
        (
            "markdown_no_color",
            Palette {
                depth: Depth::NoColor,
                background: Background::Dark,
            },
        ),
    ] {
        each_size(name, |s| {
            let size = s.app.size();
            s.app = App::new(&Config::default(), size).with_theme(Theme::new(palette));
            s.send("How do lifetimes work?");
            s.text(MARKDOWN, 400);
            s.done(2000);
            s.type_text("and a draft");
            2100
        });
    }
}

#[test]
fn reasoning_shown_and_folded() {
    each_size("reasoning", |s| {
        s.send("What is 17 × 23?");
        s.stream(
            StreamEvent::Reasoning("17 × 20 = 340, 17 × 3 = 51, so 391.".into()),
            300,
        );
        s.text("**391**", 1500);
        s.done(1600);
        1700
    });
    each_size("reasoning_folded", |s| {
        s.send("What is 17 × 23?");
        s.stream(
            StreamEvent::Reasoning("17 × 20 = 340, 17 × 3 = 51, so 391.".into()),
            300,
        );
        s.text("**391**", 1500);
        s.done(1600);
        let t = s.at(1700);
        s.app.update(
            Event::Key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL)),
            t,
        );
        1700
    });
}

#[test]
fn error_and_cancelled() {
    each_size("error", |s| {
        s.send("hello");
        let e = ApiError::Server {
            provider: "supage".into(),
            status: 502,
            message: "Bad Gateway".into(),
            attempts: 3,
        };
        let t = s.at(500);
        let turn = s.turn;
        s.app.update(
            Event::TurnDone {
                turn,
                end: RunEnd::Failed(e),
            },
            t,
        );
        600
    });
    each_size("key_rejected", |s| {
        s.send("hello");
        let e = ApiError::Auth {
            provider: "supage".into(),
            status: 401,
            key_source: Some("the environment variable SUPAGE_API_KEY".into()),
            message: "invalid key".into(),
        };
        let t = s.at(500);
        let turn = s.turn;
        s.app.update(
            Event::TurnDone {
                turn,
                end: RunEnd::Failed(e),
            },
            t,
        );
        600
    });
    each_size("cancelled", |s| {
        s.send("Write a long story");
        s.text("Once upon a time, in a terminal far away, there lived", 300);
        let t = s.at(800);
        s.app.update(key(KeyCode::Esc), t);
        900
    });
}

#[test]
fn help_overlay() {
    each_size("help", |s| {
        let t = s.t0;
        s.app.update(key(KeyCode::F(1)), t);
        0
    });
}

/// The help's end: every command by name, below the keys.
#[test]
fn help_scrolled_down_lists_the_commands() {
    let mut s = Scene::new(80, 24);
    let t = s.t0;
    s.app.update(key(KeyCode::F(1)), t);
    for _ in 0..10 {
        s.app.update(key(KeyCode::PageDown), t);
    }
    let end = s.screen(0);
    insta::assert_snapshot!("help_commands_80x24", end);
    // Scrolled past the end, one Up moves it at once, and says there is
    // more below.
    s.app.update(key(KeyCode::Up), t);
    let up = s.screen(0);
    let rows = |screen: &str| screen.lines().map(str::to_owned).collect::<Vec<_>>();
    let (end, up) = (rows(&end), rows(&up));
    assert_eq!(up[4], end[3], "one row down the help:\n{}", up.join("\n"));
    assert!(up[22].contains("more below"), "{}", up[22]);
    // End goes back to the end; Home to the top.
    s.app.update(key(KeyCode::End), t);
    assert_eq!(rows(&s.screen(0))[3], end[3]);
    s.app.update(key(KeyCode::Home), t);
    assert!(rows(&s.screen(0))[3].contains("Enter"));
}

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
fn supai_header_and_scrolled_up() {
    each_size("supai_scrolled", |s| {
        let t = s.t0;
        s.app.update(key(KeyCode::F(3)), t);
        s.app.update(
            Event::Key(KeyEvent::new(KeyCode::F(6), KeyModifiers::NONE)),
            t,
        );
        for i in 0..6 {
            s.send(&format!("question {i}"));
            s.text(&format!("answer {i}\n\nwith a second paragraph"), 100);
            s.done(1500);
        }
        s.screen(300);
        let t = s.at(300);
        s.app.update(key(KeyCode::PageUp), t);
        300
    });
}

#[test]
fn model_picker() {
    each_size("picker_model", |s| {
        let t = s.t0;
        s.app.update(key(KeyCode::F(4)), t);
        let ids = [
            "claude-sonnet-4-6",
            "claude-opus-4-1",
            "gpt-4.1-mini",
            "gpt-5",
            "qwen3:8b",
        ];
        s.app.update(
            Event::ModelsLoaded {
                provider: "supage".into(),
                result: Ok(ids.iter().map(|s| s.to_string()).collect()),
            },
            t,
        );
        s.type_text("cl");
        0
    });
}

#[test]
fn supai_models_picker() {
    each_size("picker_supai", |s| {
        let t = s.t0;
        s.app.update(key(KeyCode::F(2)), t);
        s.app.update(key(KeyCode::F(4)), t);
        s.type_text("gpt-5");
        s.app.update(key(KeyCode::Char(' ')), t);
        s.app.update(key(KeyCode::Down), t);
        s.app.update(key(KeyCode::Char(' ')), t);
        0
    });
}

fn supai_run(s: &mut Scene) {
    use supchat_api::{SupAiEvent, SupAiSource};
    let src = |k: &str| SupAiSource {
        key: k.into(),
        model_id: Some(k.into()),
    };
    let t = s.t0;
    s.app.update(key(KeyCode::F(3)), t);
    s.send("Is P = NP?");
    let evs = vec![
        SupAiEvent::Start(SupAiSource {
            key: "main".into(),
            model_id: None,
        }),
        SupAiEvent::RunModeCall {
            mode_id: Some("thinking".into()),
            model_ids: vec![
                "openai/gpt-5.2".into(),
                "anthropic/claude-sonnet-4.5".into(),
                "xai/grok-4".into(),
            ],
        },
        SupAiEvent::ThinkingStart(src("openai/gpt-5.2")),
        SupAiEvent::Thinking {
            source: src("openai/gpt-5.2"),
            text: "Consider the known barriers:\nrelativization, natural proofs".into(),
        },
        SupAiEvent::TextStart(src("anthropic/claude-sonnet-4.5")),
        SupAiEvent::Text {
            source: src("anthropic/claude-sonnet-4.5"),
            text: "Nobody knows; most believe P ≠ NP.".into(),
        },
        SupAiEvent::Done(src("xai/grok-4")),
        SupAiEvent::ConfidenceScore {
            source: src("xai/grok-4"),
            value: 0.87,
        },
        SupAiEvent::RunConsensus {
            model_id: Some("anthropic/claude-sonnet-4.5".into()),
        },
        SupAiEvent::TextStart(SupAiSource {
            key: "main".into(),
            model_id: Some("anthropic/claude-sonnet-4.5".into()),
        }),
        SupAiEvent::Text {
            source: SupAiSource {
                key: "main".into(),
                model_id: None,
            },
            text: "It is **open**: no proof either way.".into(),
        },
        SupAiEvent::RunModeResult {
            model_ids: vec!["anthropic/claude-sonnet-4.5".into(), "xai/grok-4".into()],
        },
    ];
    for (i, e) in evs.into_iter().enumerate() {
        s.stream(StreamEvent::SupAi(e), 100 + i as u64 * 100);
    }
}

#[test]
fn supai_run_panel() {
    each_size("supai_run", |s| {
        supai_run(s);
        1500
    });
    each_size("supai_run_done", |s| {
        supai_run(s);
        // The run ended: its panel folds to the reply's summary line.
        s.done(2000);
        2100
    });
    each_size("supai_run_reopened", |s| {
        supai_run(s);
        s.done(2000);
        let t = s.at(2100);
        s.app.update(key(KeyCode::F(7)), t);
        2100
    });
}

#[test]
fn missing_key_prompt() {
    each_size("key_prompt", |s| {
        let t = s.t0;
        s.app = App::new(&Config::default(), s.app.size())
            .with_config_path(Some("/home/ada/.config/supchat/config.toml".into()));
        let message = "no API key for provider \"supage\": set the environment variable SUPAGE_API_KEY, or put api_key = \"…\" (or api_key_cmd) under [providers.supage] in the config file".to_owned();
        s.app.update(
            Event::KeyMissing {
                provider: "supage".into(),
                message,
            },
            t,
        );
        s.app.update(Event::Paste("su-0123456789".into()), t);
        0
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
fn tool_call_cell() {
    use supchat_api::event::ToolCallDelta;
    each_size("tool_call", |s| {
        s.send("What's the weather in Paris?");
        s.text("Let me look that up.", 200);
        let call = ToolCallDelta {
            slot: 0,
            id: Some("call_1".into()),
            name: Some("get_weather".into()),
            arguments: "{\"city\":\"Paris\",\"unit\":\"C\"}".into(),
        };
        s.stream(StreamEvent::ToolCall(call), 300);
        s.done(400);
        500
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

#[test]
fn the_session_list() {
    use supchat_chat::Timestamp;
    use supchat_core::store::{Hit, SessionId, SessionMeta};
    let meta = |id: &str, title: &str, at: u64, provider: &str, model: &str, n: u64| SessionMeta {
        id: SessionId(id.into()),
        title: title.into(),
        created: Timestamp(at),
        updated: Timestamp(at + 60_000),
        provider: provider.into(),
        model: model.into(),
        messages: n,
    };
    let sessions = vec![
        meta(
            "1a23000000000001",
            "How do lifetimes work?",
            1_796_154_300_000,
            "supage",
            "claude-sonnet-4-6",
            12,
        ),
        meta(
            "1a22000000000002",
            "生命周期是什么",
            1_796_054_300_000,
            "supai",
            "thinking",
            4,
        ),
        meta(
            "1a21000000000003",
            "Review this diff",
            1_795_954_300_000,
            "supage",
            "claude-opus-4-1",
            30,
        ),
    ];
    let build = |s: &mut Scene, query: &str| {
        let t = s.t0;
        s.app = App::new(&Config::default(), s.app.size()).with_startup(
            Default::default(),
            true,
            true,
            t,
        );
        s.app.update(key(KeyCode::F(5)), t);
        s.type_text(query);
        let hits = if query.is_empty() {
            Vec::new()
        } else {
            vec![Hit {
                session: SessionId("1a21000000000003".into()),
                title: "Review this diff".into(),
                entry: 3,
                snippet: "the [lifetime] of the borrow ends here".into(),
                updated: Timestamp(1_795_954_360_000),
            }]
        };
        s.app.update(
            Event::SessionsListed {
                query: query.into(),
                result: Ok((sessions.clone(), hits)),
            },
            t,
        );
        0
    };
    each_size("sessions", |s| build(s, ""));
    each_size("sessions_search", |s| build(s, "lifet"));
}

#[test]
fn a_search_hit_opens_its_session_at_the_message() {
    use supchat::tui::app::Effect;
    use supchat_chat::{
        Answerer, AssistantEntry, Conversation, Entry, EntryId, EntryKind, Reply, ReplyEnd,
        Timestamp,
    };
    use supchat_core::config::ProviderKind;
    use supchat_core::session::Opened;
    use supchat_core::store::{Hit, SessionId, SessionMeta};
    let id = SessionId("1a21000000000003".into());
    let meta = SessionMeta {
        id: id.clone(),
        title: "Forty questions".into(),
        created: Timestamp(1_795_954_300_000),
        updated: Timestamp(1_795_954_360_000),
        provider: "supage".into(),
        model: "claude-sonnet-4-6".into(),
        messages: 80,
    };
    let mut entries = Vec::new();
    for i in 0..40u64 {
        entries.push(Entry {
            id: EntryId(2 * i + 1),
            at: Timestamp(1_795_954_300_000 + i),
            kind: EntryKind::User {
                text: format!("question {i}"),
                attachments: Vec::new(),
                edit_of: None,
            },
        });
        let text = if i == 10 {
            "the lifetime of the borrow ends here".to_owned()
        } else {
            format!("answer {i}")
        };
        entries.push(Entry {
            id: EntryId(2 * i + 2),
            at: Timestamp(1_795_954_300_000 + i),
            kind: EntryKind::Assistant(Box::new(AssistantEntry {
                answerer: Answerer {
                    provider: "supage".into(),
                    kind: ProviderKind::OpenAi,
                    model: "claude-sonnet-4-6".into(),
                    models: Vec::new(),
                },
                reply: Reply {
                    text,
                    ..Reply::default()
                },
                end: ReplyEnd::Complete,
                stats: None,
                reasoning_took: None,
                retry: false,
            })),
        });
    }
    let conv = Conversation::from_entries(entries).unwrap();
    each_size("search_hit_opened", |s| {
        let t = s.t0;
        s.app = App::new(&Config::default(), s.app.size()).with_startup(
            Default::default(),
            true,
            true,
            t,
        );
        s.app.update(key(KeyCode::F(5)), t);
        s.type_text("lifet");
        let hit = Hit {
            session: id.clone(),
            title: meta.title.clone(),
            entry: 22,
            snippet: "the [lifetime] of the borrow ends here".into(),
            updated: meta.updated,
        };
        s.app.update(
            Event::SessionsListed {
                query: "lifet".into(),
                result: Ok((Vec::new(), vec![hit])),
            },
            t,
        );
        assert_eq!(
            s.app.update(key(KeyCode::Enter), t),
            vec![Effect::OpenSession(id.clone())]
        );
        let opened = Opened {
            meta: meta.clone(),
            conversation: conv.clone(),
            recorder: None,
            notice: None,
        };
        s.app.update(Event::SessionOpened(Ok(Box::new(opened))), t);
        0
    });
}

#[test]
fn each_new_conversation_shows_what_was_typed_in_it() {
    let mut s = Scene::new(80, 24);
    let mut cache = ViewCache::default();
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut screen = |s: &mut Scene| {
        let now = s.at(2000);
        let mut report = Default::default();
        term.draw(|f| report = draw(f, &s.app, &mut cache, now.mono))
            .unwrap();
        s.app.update(Event::Drawn(report), now);
        format!("{}", term.backend())
    };
    for (i, prompt) in ["AAA first", "CCC new", "DDD new"].iter().enumerate() {
        if i > 0 {
            let t = s.at(1900);
            s.app.update(Event::NewSessionReady(None), t);
        }
        s.send(prompt);
        s.text("an answer", 100);
        s.done(1500);
        let shown = screen(&mut s);
        assert!(shown.contains(prompt), "{prompt} is on screen:\n{shown}");
        assert!(
            i == 0 || !shown.contains("AAA first"),
            "an old prompt is drawn in a new conversation:\n{shown}"
        );
    }
}

/// A config with a tool that asks and a built-in that does not.
fn tools_config() -> Config {
    let text = r#"
enabled_tools = ["read_file"]
[[tools]]
name = "weather"
description = "Weather for a city"
parameters = { type = "object", properties = { city = { type = "string" } }, required = ["city"] }
command = ["/usr/local/bin/weather", "--metric"]
"#;
    supchat_core::config::load_from_str(text, std::path::Path::new("/etc/supchat/config.toml"))
        .unwrap()
}

/// A reply calling weather (arguments in fragments) and read_file.
fn calls_tools(s: &mut Scene) {
    use supchat_api::event::ToolCallDelta;
    s.app = App::new(&tools_config(), s.app.size());
    s.send("Weather in Paris, and what do my notes say?");
    s.text("Let me look.", 200);
    let frag = |slot, id: Option<&str>, name: Option<&str>, args: &str| ToolCallDelta {
        slot,
        id: id.map(Into::into),
        name: name.map(Into::into),
        arguments: args.into(),
    };
    s.stream(
        StreamEvent::ToolCall(frag(0, Some("call_w"), Some("weather"), "{\"ci")),
        250,
    );
    s.stream(
        StreamEvent::ToolCall(frag(0, None, None, "ty\": \"Paris\"}")),
        300,
    );
    s.stream(
        StreamEvent::ToolCall(frag(
            1,
            Some("call_f"),
            Some("read_file"),
            "{\"path\": \"notes.txt\"}",
        )),
        320,
    );
}

#[test]
fn tool_arguments_stream_in_then_the_approval_panel_asks() {
    use supchat_api::event::ToolCallDelta;
    each_size("tool_call_streaming", |s| {
        s.app = App::new(&tools_config(), s.app.size());
        s.send("Weather in Paris?");
        let call = ToolCallDelta {
            slot: 0,
            id: Some("call_w".into()),
            name: Some("weather".into()),
            arguments: "{\"city\": \"Pa".into(),
        };
        s.stream(StreamEvent::ToolCall(call), 250);
        300
    });
    each_size("tool_approval", |s| {
        calls_tools(s);
        s.done(400);
        1200
    });
    each_size("tool_approval_while_typing", |s| {
        calls_tools(s);
        s.done(400);
        s.type_text("and then tell me");
        500
    });
}

#[test]
fn tool_results_fold_and_the_turn_goes_on() {
    use supchat::tui::app::Effect;
    use supchat_chat::{Approval, ToolResult};
    each_size("tool_results", |s| {
        calls_tools(s);
        s.done(400);
        // read_file ran at once; weather waits for y.
        let notes: String = (1..=12).map(|i| format!("note line {i}\n")).collect();
        let t = s.at(450);
        let done = |index, call: &str, name: &str, content: String, approval| Event::ToolDone {
            turn: 1,
            index,
            result: ToolResult {
                call_id: call.into(),
                name: name.into(),
                content,
                is_error: false,
                approval: Some(approval),
            },
        };
        s.app
            .update(done(1, "call_f", "read_file", notes, Approval::Auto), t);
        // A key at once goes to the draft: the panel is not armed yet.
        s.app.update(key(KeyCode::Char('y')), t);
        assert_eq!(s.app.draft(), "y");
        s.app.update(key(KeyCode::Backspace), t);
        let effects = s.app.update(key(KeyCode::Char('y')), s.at(1300));
        assert!(
            matches!(effects.as_slice(), [Effect::RunTools { turn: 1, jobs }] if jobs.len() == 1),
            "{effects:?}"
        );
        let effects = s.app.update(
            done(
                0,
                "call_w",
                "weather",
                "18°C, sunny\n".into(),
                Approval::User,
            ),
            s.at(1400),
        );
        assert!(
            matches!(effects.as_slice(), [Effect::StartTurn(r)] if r.messages.len() == 4),
            "the results go back to the model: {effects:?}"
        );
        s.text(
            "It is 18°C and sunny in Paris; your notes list twelve lines.",
            1500,
        );
        s.done(1700);
        1800
    });
}

#[test]
fn messages_queued_while_a_reply_streams() {
    each_size("queued", |s| {
        s.send("Explain lifetimes");
        s.text(
            "A lifetime names the span in which a reference is valid",
            300,
        );
        for q in [
            "And what about 'static?",
            "Show an example\nwith two lines",
            "Thanks!",
            "One more",
        ] {
            s.type_text(q);
            let t = s.at(400);
            s.app.update(key(KeyCode::Enter), t);
        }
        500
    });
}

#[test]
fn the_command_palette_and_slash_hints() {
    each_size("palette", |s| {
        let t = s.t0;
        s.app.update(
            Event::Key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL)),
            t,
        );
        0
    });
    each_size("slash_hints", |s| {
        s.type_text("/re");
        0
    });
}

#[test]
fn a_retry_with_another_provider_shows_both_answers() {
    each_size("retry", |s| {
        s.send("Which is faster, A or B?");
        s.text("A, by a little.", 300);
        s.done(500);
        s.type_text("/retry supai");
        let t = s.at(600);
        s.app.update(key(KeyCode::Enter), t);
        s.turn += 1;
        s.text("B, in most runs.", 900);
        s.done(1200);
        1300
    });
}

#[test]
fn a_message_with_attachments_shows_them_as_chips() {
    use supchat_chat::Attachment;
    each_size("attachments", |s| {
        let text = "What is in @notes.txt and @screenshot.png?";
        s.type_text(text);
        let t = s.t0;
        s.app.update(key(KeyCode::Enter), t);
        let files = vec![
            Attachment {
                name: "notes.txt".into(),
                mime: "text/plain".into(),
                data: "a\n".repeat(600),
                bytes: 1200,
            },
            Attachment {
                name: "screenshot.png".into(),
                mime: "image/png".into(),
                data: "AAAA".into(),
                bytes: 48_213,
            },
        ];
        s.app.update(
            Event::AttachmentsRead {
                text: text.into(),
                result: Ok(files),
            },
            t,
        );
        s.turn += 1;
        s.text(
            "The notes repeat one letter; the screenshot shows a terminal.",
            400,
        );
        s.done(600);
        700
    });
}

#[test]
fn find_in_the_conversation_highlights_and_jumps() {
    each_size("find", |s| {
        for i in 0..6 {
            s.send(&format!("question {i} about lifetimes"));
            s.text(&format!("Answer {i}: a Lifetime names a span."), 100);
            s.done(200);
        }
        let t = s.at(300);
        s.app.update(
            Event::Key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL)),
            t,
        );
        s.type_text("lifetime");
        // Two hits older than the newest.
        s.app.update(key(KeyCode::Enter), t);
        s.app.update(key(KeyCode::Enter), t);
        s.settle(300);
        300
    });
}

#[test]
fn a_selected_message_and_an_edited_branch() {
    let alt = |code| Event::Key(KeyEvent::new(code, KeyModifiers::ALT));
    each_size("selected", |s| {
        for (q, a) in [
            ("What is a lifetime?", "A span of validity."),
            ("And 'static?", "The whole program."),
        ] {
            s.send(q);
            s.text(a, 100);
            s.done(200);
        }
        let t = s.at(300);
        s.app.update(alt(KeyCode::Up), t);
        s.app.update(alt(KeyCode::Up), t);
        s.settle(300);
        300
    });
    each_size("edited", |s| {
        for (q, a) in [
            ("What is a lifetime?", "A span of validity."),
            ("And 'static?", "The whole program."),
        ] {
            s.send(q);
            s.text(a, 100);
            s.done(200);
        }
        let t = s.at(300);
        for _ in 0..4 {
            s.app.update(alt(KeyCode::Up), t);
        }
        s.app.update(key(KeyCode::Char('e')), t);
        s.type_text(" In Rust.");
        s.app.update(key(KeyCode::Enter), t);
        s.turn += 1;
        s.text("In Rust, a lifetime is a compile-time span.", 400);
        s.done(500);
        600
    });
}

#[test]
fn the_provider_and_mode_pickers() {
    each_size("provider_picker", |s| {
        s.type_text("/provider");
        let t = s.t0;
        s.app.update(key(KeyCode::Enter), t);
        0
    });
    each_size("mode_picker", |s| {
        s.type_text("/mode");
        let t = s.t0;
        s.app.update(key(KeyCode::Enter), t);
        0
    });
}

#[test]
fn the_prompt_picker_and_a_preset_in_the_header() {
    let text = "[prompts.reviewer]\nsystem_prompt = \"You review Rust code.\"\nmodel = \"claude-opus-4-1\"\n[prompts.planner]\nsystem_prompt = \"You plan work in small steps.\"\nprovider = \"supai\"\nmode = \"deep-thinking\"\n";
    let cfg =
        supchat_core::config::load_from_str(text, std::path::Path::new("/etc/supchat/config.toml"))
            .unwrap();
    each_size("prompt_picker", |s| {
        s.app = App::new(&cfg, s.app.size());
        let t = s.t0;
        s.app.update(key(KeyCode::F(8)), t);
        0
    });
    each_size("prompt_in_header", |s| {
        s.app = App::new(&cfg, s.app.size());
        let t = s.t0;
        s.app.update(key(KeyCode::F(8)), t);
        s.type_text("review");
        s.app.update(key(KeyCode::Enter), t);
        0
    });
}

/// After `[keys]` rebinds the session list to Ctrl+S, nothing on screen
/// names F5 any more: not the footer, the help, the palette, the slash
/// hints, the list itself nor what is said after a new conversation; and
/// the key in use is named instead.
#[test]
fn a_rebound_key_is_named_everywhere_and_the_old_one_nowhere() {
    let text = "[keys]\nsessions = \"ctrl+s\"\nnew = \"alt+n\"\n";
    let cfg = supchat_core::config::load_from_str(text, std::path::Path::new("/x/c.toml")).unwrap();
    let mut s = Scene::new(120, 40);
    let t = s.t0;
    s.app = App::new(&cfg, (120, 40)).with_startup(Default::default(), true, true, t);
    let ctrl = |c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    let mut screens = vec![("footer", s.screen(0))];
    s.app.update(key(KeyCode::F(1)), t);
    for page in 0..4 {
        screens.push(("help", s.screen(0)));
        for _ in 0..10 * page {
            s.app.update(key(KeyCode::Down), t);
        }
    }
    s.app.update(key(KeyCode::Esc), t);
    s.app.update(ctrl('p'), t);
    screens.push(("palette", s.screen(0)));
    s.app.update(key(KeyCode::Esc), t);
    s.type_text("/res");
    screens.push(("hints", s.screen(0)));
    let ctrl_u = ctrl('u');
    for _ in 0..4 {
        s.app.update(key(KeyCode::Backspace), t);
    }
    s.app.update(ctrl_u, t);
    s.app.update(ctrl('s'), t);
    s.app.update(
        Event::SessionsListed {
            query: String::new(),
            result: Ok((Vec::new(), Vec::new())),
        },
        t,
    );
    screens.push(("session list", s.screen(0)));
    assert!(
        matches!(s.app.popup(), Some(supchat::tui::app::Popup::Sessions(_))),
        "Ctrl+S opened the list"
    );
    s.app.update(ctrl('s'), t);
    assert!(s.app.popup().is_none(), "and closes it");
    s.send("hello");
    s.done(100);
    s.app.update(
        Event::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::ALT)),
        t,
    );
    s.app.update(Event::NewSessionReady(None), t);
    screens.push(("new conversation", s.screen(200)));
    for (what, screen) in &screens {
        let text = screen.split("--- styles").next().unwrap_or("");
        assert!(!text.contains("F5"), "the {what} names F5:\n{text}");
        assert!(!text.contains("Ctrl+N"), "the {what} names Ctrl+N:\n{text}");
    }
    let named = |what: &str, key: &str| {
        assert!(
            screens.iter().any(|(w, s)| *w == what && s.contains(key)),
            "the {what} does not name {key}"
        );
    };
    named("footer", "Ctrl+S");
    named("help", "Ctrl+S");
    named("palette", "Ctrl+S");
    named("hints", "Ctrl+S");
    named("session list", "Alt+N");
}

/// Selecting the last reply (Alt+Up), or deleting the last turn, keeps the
/// conversation in view: the screen is never left blank until End.
#[test]
fn selecting_the_last_reply_or_deleting_the_last_turn_keeps_the_conversation_in_view() {
    let alt = |c| Event::Key(KeyEvent::new(c, KeyModifiers::ALT));
    let mut s = Scene::new(80, 24);
    for (i, q) in ["first question", "second question", "third question"]
        .iter()
        .enumerate()
    {
        s.send(q);
        s.text(
            &format!(
                "answer number {}\n\n{}",
                i + 1,
                "more words here. ".repeat(30)
            ),
            100,
        );
        s.done(200);
    }
    s.settle(300);
    let t = s.at(300);
    s.app.update(alt(KeyCode::Up), t);
    let screen = s.screen(300);
    let text = screen.split("--- styles").next().unwrap();
    assert!(
        text.contains("answer number 3"),
        "the selected reply is on screen:\n{text}"
    );
    assert!(
        text.contains("third question"),
        "with what it answers:\n{text}"
    );
    // Delete the last turn: d, then y.
    s.app.update(alt(KeyCode::Up), t);
    s.app.update(key(KeyCode::Char('d')), t);
    s.app.update(key(KeyCode::Char('y')), t);
    let screen = s.screen(400);
    let text = screen.split("--- styles").next().unwrap();
    assert!(
        !text.contains("third question"),
        "the turn is gone:\n{text}"
    );
    assert!(
        text.contains("answer number 2"),
        "what is left is in view:\n{text}"
    );
}
