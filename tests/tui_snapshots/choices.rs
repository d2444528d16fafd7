//! Choosing: the pickers, Sup.ai modes and its run panel, the key prompt,
//! the palette, presets and rebound keys.

use super::*;

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

/// The first thing a new user may see: a key asked for.
fn key_prompt(s: &mut Scene) -> u64 {
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
}

#[test]
fn missing_key_prompt() {
    each_size("key_prompt", key_prompt);
}

#[test]
fn missing_key_prompt_in_chinese() {
    supchat_i18n::set_for_this_thread(supchat_i18n::Lang::ZhCn);
    each_size("zh_key_prompt", key_prompt);
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

/// The Sup.ai run panel live and its summary once done, in Chinese.
#[test]
fn supai_run_panel_in_chinese() {
    supchat_i18n::set_for_this_thread(supchat_i18n::Lang::ZhCn);
    each_size("zh_supai_run", |s| {
        supai_run(s);
        1000
    });
    each_size("zh_supai_run_done", |s| {
        supai_run(s);
        s.done(2000);
        2100
    });
}
