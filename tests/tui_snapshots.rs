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

#[path = "tui_snapshots/choices.rs"]
mod choices;
#[path = "tui_snapshots/compare.rs"]
mod compare;
#[path = "tui_snapshots/conversation.rs"]
mod conversation;
#[path = "tui_snapshots/inspect.rs"]
mod inspect;
#[path = "tui_snapshots/kept.rs"]
mod kept;
#[path = "tui_snapshots/mcp.rs"]
mod mcp;
#[path = "tui_snapshots/selection.rs"]
mod selection;
#[path = "tui_snapshots/sessions.rs"]
mod sessions;
#[path = "tui_snapshots/tools.rs"]
mod tools;
#[path = "tui_snapshots/zh.rs"]
mod zh;

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
            // A fixed wall clock (2026-12-02 13:45 UTC): what is told
            // relative to now reads the same on every run.
            t0: Now {
                wall: std::time::UNIX_EPOCH + Duration::from_millis(1_796_219_100_000),
                ..Now::read()
            },
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

    /// A frame at `ms` through `cache` (kept between frames, as the chat
    /// keeps it), its report handed to the app: the screen's text.
    fn drawn(&mut self, cache: &mut ViewCache, ms: u64) -> String {
        let (w, h) = self.app.size();
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        let now = self.at(ms);
        let mut report = Default::default();
        term.draw(|f| report = draw(f, &self.app, cache, now.mono))
            .unwrap();
        self.app.update(Event::Drawn(report), now);
        format!("{}", term.backend())
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

/// A snapshot kept with the others in `tests/snapshots`, whichever file
/// of these tests takes it.
fn snap(name: &str, screen: &str) {
    insta::assert_snapshot!(name.to_owned(), screen);
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

/// `--demo`'s empty chat says what to try, above the first keys.
#[test]
fn empty_demo() {
    each_size("empty_demo", |s| {
        s.app = App::new(&Config::default(), s.app.size()).with_demo(true);
        0
    });
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
    // A provider with no key configured answered 401: it is asked for one,
    // not for "another".
    each_size("key_rejected_none", |s| {
        let cfg = supchat_core::config::load_from_str(
            "default_provider = \"local\"\n[providers.local]\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:9/v1\"\nmodel = \"m\"\n",
            std::path::Path::new("/home/ada/.config/supchat/config.toml"),
        )
        .unwrap();
        s.app = App::new(&cfg, s.app.size());
        s.send("hello");
        let e = ApiError::Auth {
            provider: "local".into(),
            status: 401,
            key_source: None,
            message: "missing bearer token".into(),
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
    assert!(rows(&s.screen(0))[2].contains("│ Enter "));
}
