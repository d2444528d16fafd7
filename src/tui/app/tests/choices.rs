//! The app's choices: providers, Sup.ai modes and panel, the pickers,
//! presets and rebound keys.

use super::*;

#[test]
fn provider_and_mode_hotkeys_apply_to_the_next_message() {
    let (mut app, t0) = app();
    app.update(key(KeyCode::F(2)), t0);
    assert_eq!(app.current().name, "supai");
    app.update(key(KeyCode::F(3)), t0);
    app.update(key(KeyCode::F(3)), t0);
    assert_eq!(app.current().mode, "thinking");
    app.update(key(KeyCode::F(6)), t0);
    let effects = {
        type_text(&mut app, "q", t0);
        app.update(key(KeyCode::Enter), t0)
    };
    let [Effect::StartTurn(req)] = effects.as_slice() else {
        panic!()
    };
    let provider = &req.provider;
    assert_eq!(
        (provider.name.as_str(), provider.mode.as_str()),
        ("supai", "thinking")
    );
    assert!(provider.include_supai_chunks);
    assert_eq!(app.live.as_ref().unwrap().source, "Sup.ai · thinking");
    // F3 from a non-Sup.ai provider switches to Sup.ai keeping its mode;
    // a second F3 cycles.
    app.update(key(KeyCode::F(2)), t0);
    assert_eq!(app.current().name, "supage");
    app.update(key(KeyCode::F(3)), t0);
    assert_eq!(
        (app.current().name.as_str(), app.current().mode.as_str()),
        ("supai", "thinking")
    );
    app.update(key(KeyCode::F(3)), t0);
    assert_eq!(app.current().mode, "deep-thinking");
}

#[test]
fn f6_and_f7_say_plainly_when_they_do_not_apply() {
    let (mut app, t0) = app();
    assert_eq!(app.current().name, "supage");
    app.update(key(KeyCode::F(6)), t0);
    let msg = app.flash_message().unwrap();
    assert!(
        msg.contains("Sup.ai feature") && !msg.contains(" on "),
        "{msg}"
    );
    assert!(app.providers().iter().all(|p| !p.include_supai_chunks));
    app.update(key(KeyCode::F(7)), t0);
    assert!(app.flash_message().unwrap().contains("no Sup.ai run"));
}

#[test]
fn the_supai_panel_folds_when_the_run_ends_and_f7_reopens_it() {
    use supchat_api::{SupAiEvent, SupAiSource};
    let (mut app, t0) = app();
    app.update(key(KeyCode::F(2)), t0);
    let turn = send(&mut app, "q", t0);
    let main = SupAiSource {
        key: "main".into(),
        model_id: None,
    };
    stream(
        &mut app,
        turn,
        StreamEvent::SupAi(SupAiEvent::Start(main)),
        t0,
    );
    assert!(!app.supai_panel_folded(), "open while the run is live");
    done(&mut app, turn, RunEnd::Complete, t0);
    assert!(app.supai_panel_folded(), "folded once it ended");
    app.update(key(KeyCode::F(7)), t0);
    assert!(!app.supai_panel_folded());
    app.update(key(KeyCode::F(7)), t0);
    assert!(app.supai_panel_folded());
}

#[test]
fn model_picker_fetches_filters_and_picks() {
    let (mut app, t0) = app();
    let effects = app.update(key(KeyCode::F(4)), t0);
    assert!(matches!(effects.as_slice(), [Effect::FetchModels(p)] if p.name == "supage"));
    assert_eq!(picker(&app).note.as_deref(), Some("loading the list…"));
    let ids = vec![
        "claude-sonnet-4-6".to_owned(),
        "gpt-4.1-mini".to_owned(),
        "gpt-5".to_owned(),
    ];
    app.update(
        Event::ModelsLoaded {
            provider: "supage".into(),
            result: Ok(ids),
        },
        t0,
    );
    assert_eq!(picker(&app).note, None);
    assert_eq!(
        picker(&app).row(picker(&app).cursor),
        Some(picker::Row::Item(0)),
        "the model in use is preselected"
    );
    type_text(&mut app, "gpt5", t0);
    let p = picker(&app);
    assert_eq!(p.row(0), Some(picker::Row::Item(2)), "the best match first");
    assert_eq!(p.cursor, 0);
    assert_eq!(
        p.row(p.rows_len() - 1),
        Some(picker::Row::Free("gpt5".into())),
        "free text is the last row"
    );
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.popup(), None);
    assert_eq!(
        app.current().model,
        "gpt-5",
        "Enter takes the highlighted match"
    );
    assert!(
        app.input.is_empty(),
        "typing in the picker leaves the draft alone"
    );
    // The list is kept: a second F4 does not fetch again.
    assert!(app.update(key(KeyCode::F(4)), t0).is_empty());
}

#[test]
fn model_picker_takes_any_typed_name() {
    let (mut app, t0) = app();
    app.update(key(KeyCode::F(4)), t0);
    app.update(
        Event::ModelsLoaded {
            provider: "supage".into(),
            result: Err("HTTP 404".into()),
        },
        t0,
    );
    assert!(
        picker(&app)
            .note
            .as_deref()
            .is_some_and(|n| n.contains("HTTP 404") && n.contains("type a model name"))
    );
    app.update(Event::Paste("qwen3:8b".into()), t0);
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.current().model, "qwen3:8b");
}

#[test]
fn supai_allow_list_is_a_multi_select() {
    let (mut app, t0) = app();
    app.update(key(KeyCode::F(2)), t0);
    app.update(key(KeyCode::F(4)), t0);
    assert!(picker(&app).multi());
    assert!(
        picker(&app).labels.len() > 300,
        "the bundled list is there at once"
    );
    type_text(&mut app, "claude-sonnet-4.5", t0);
    app.update(key(KeyCode::Char(' ')), t0);
    assert_eq!(
        picker(&app).query,
        "claude-sonnet-4.5",
        "space toggles, it does not type"
    );
    app.update(key(KeyCode::Backspace), t0);
    app.update(key(KeyCode::Char('6')), t0);
    app.update(key(KeyCode::Char(' ')), t0);
    assert_eq!(picker(&app).chosen.len(), 2);
    assert_eq!(picker(&app).allow(), picker::Allow::Chosen(2));
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(
        app.current().models,
        vec!["anthropic/claude-sonnet-4.5", "anthropic/claude-sonnet-4.6"]
    );
    // Ctrl+D unticks all; on the "all models" row Enter sends no allow-list.
    app.update(key(KeyCode::F(4)), t0);
    app.update(ctrl('d'), t0);
    assert_eq!(picker(&app).row(0), Some(picker::Row::All));
    app.update(key(KeyCode::Home), t0);
    app.update(key(KeyCode::PageUp), t0);
    assert_eq!(picker(&app).allow(), picker::Allow::All);
    app.update(key(KeyCode::Enter), t0);
    assert!(app.current().models.is_empty());
}

#[test]
fn enter_on_an_unticked_supai_model_sends_that_model_not_all() {
    let (mut app, t0) = app();
    app.update(key(KeyCode::F(2)), t0);
    app.update(key(KeyCode::F(4)), t0);
    type_text(&mut app, "opus", t0);
    let p = picker(&app);
    let Some(picker::Row::Item(x)) = p.row(p.cursor) else {
        panic!("{:?}", p.row(p.cursor));
    };
    let best = p.values[x].clone();
    assert!(best.contains("opus"), "{best}");
    assert_eq!(p.allow(), picker::Allow::Only(best.clone()));
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.current().models, vec![best]);
}

#[test]
fn esc_closes_the_picker_without_change() {
    let (mut app, t0) = app();
    app.update(key(KeyCode::F(4)), t0);
    type_text(&mut app, "other", t0);
    app.update(key(KeyCode::Esc), t0);
    assert_eq!(app.popup(), None);
    assert_eq!(app.current().model, "claude-sonnet-4-6");
}

#[test]
fn a_prompt_preset_sets_the_system_prompt_provider_and_model() {
    let text = r#"
system_prompt = "Be brief."
[prompts.reviewer]
system_prompt = "You review Rust code."
provider = "supage"
model = "claude-opus-4-1"
temperature = 0.2
[prompts.planner]
system_prompt = "You plan."
provider = "supai"
mode = "deep-thinking"
"#;
    let cfg =
        supchat_core::config::load_from_str(text, std::path::Path::new("/x/config.toml")).unwrap();
    let t0 = Now::read();
    let mut app = App::new(&cfg, (80, 24));
    // No preset: the config's own system prompt goes first.
    let effects = {
        type_text(&mut app, "hi", t0);
        app.update(key(KeyCode::Enter), t0)
    };
    let [Effect::StartTurn(r)] = effects.as_slice() else {
        panic!()
    };
    assert_eq!(r.messages[0], Message::system("Be brief."));
    let turn = r.turn;
    done(&mut app, turn, RunEnd::Complete, t0);
    // F8 picks "reviewer": its provider, model and temperature, its prompt.
    app.update(key(KeyCode::F(8)), t0);
    type_text(&mut app, "review", t0);
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.preset_name(), Some("reviewer"));
    assert_eq!(app.current().model, "claude-opus-4-1");
    assert_eq!(app.current().temperature, Some(0.2));
    type_text(&mut app, "check this", t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    let [Effect::StartTurn(r)] = effects.as_slice() else {
        panic!()
    };
    let systems: Vec<&Message> = r
        .messages
        .iter()
        .filter(|m| m.role == Role::System)
        .collect();
    assert_eq!(
        systems,
        [&Message::system("You review Rust code.")],
        "only the newest goes"
    );
    assert_eq!(r.messages[0].role, Role::System);
    assert_eq!(r.provider.temperature, Some(0.2));
    done(&mut app, r.turn, RunEnd::Complete, t0);
    assert_eq!(
        app.engine().system(),
        Some(("You review Rust code.", Some("reviewer")))
    );
    // Another preset switches provider and mode; the temperature is undone.
    app.update(key(KeyCode::F(8)), t0);
    type_text(&mut app, "planner", t0);
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.current().name, "supai");
    assert_eq!(app.current().mode, "deep-thinking");
    assert_eq!(app.providers()[0].temperature, None);
    assert_eq!(
        app.providers()[0].model,
        "claude-sonnet-4-6",
        "the preset's model goes too"
    );
    // None: the mode the preset chose goes back.
    type_text(&mut app, "/prompt none", t0);
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.current().mode, "auto");
    assert_eq!(app.preset_name(), None);
}

#[test]
fn keys_can_be_rebound_and_the_help_says_so() {
    let text = "[keys]\npalette = \"alt+p\"\nsessions = \"ctrl+s\"\n";
    let cfg = supchat_core::config::load_from_str(text, std::path::Path::new("/x/c.toml")).unwrap();
    let t0 = Now::read();
    let mut app = App::new(&cfg, (80, 24));
    app.update(
        Event::Key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::ALT)),
        t0,
    );
    assert!(matches!(app.popup(), Some(Popup::Picker(p)) if p.kind == picker::PickerKind::Command));
    app.update(key(KeyCode::Esc), t0);
    // Ctrl+P is free now: nothing opens.
    app.update(ctrl('p'), t0);
    assert!(app.popup().is_none());
    let help = crate::tui::view::help::rows(app.keymap());
    let key_of = |does: &str| {
        help.iter()
            .find(|(_, d)| *d == does)
            .map(|(k, _)| k.as_str())
    };
    assert_eq!(
        key_of("commands: every action by name (also /name in the input box)"),
        Some("Alt+P")
    );
    assert_eq!(
        key_of("sessions: resume, search, rename, delete"),
        Some("Ctrl+S")
    );
    let bad = "[keys]\nfind = \"f5\"\n";
    let e =
        supchat_core::config::load_from_str(bad, std::path::Path::new("/x/c.toml")).unwrap_err();
    assert!(e.message.contains("F5 is bound to both"), "{e}");
    assert!(
        e.to_string().contains("c.toml:2:"),
        "the line of the binding: {e}"
    );
}

/// The find bar and the session list answer to the keys as bound: the
/// find key steps to an older match, the quit key quits from the bar, and
/// Ctrl+F, no longer bound, is nothing there.
#[test]
fn the_find_bar_answers_to_rebound_keys() {
    let text = "[keys]\nfind = \"f11\"\nquit = \"alt+q\"\n";
    let cfg = supchat_core::config::load_from_str(text, std::path::Path::new("/x/c.toml")).unwrap();
    let t0 = Now::read();
    let mut app = App::new(&cfg, (80, 24));
    for q in ["one apple", "two apples"] {
        let turn = send(&mut app, q, t0);
        stream(&mut app, turn, StreamEvent::Text(format!("{q} here")), t0);
        done(&mut app, turn, RunEnd::Complete, t0);
    }
    app.update(key(KeyCode::F(11)), t0);
    assert!(app.find().is_some(), "F11 opens the find bar");
    type_text(&mut app, "apple", t0);
    let newest = app.find().and_then(|f| f.at);
    app.update(key(KeyCode::F(11)), t0);
    assert_ne!(
        app.find().and_then(|f| f.at),
        newest,
        "F11 again: an older match"
    );
    app.update(ctrl('f'), t0);
    assert_eq!(app.find().map(|f| f.query.as_str()), Some("apple"));
    let effects = app.update(
        Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT)),
        t0,
    );
    assert!(effects.contains(&Effect::Quit), "{effects:?}");
}

/// `/model NAME` on Sup.ai makes the allow-list that one model, and says
/// so.
#[test]
fn slash_model_on_supai_sets_the_allow_list() {
    let (mut app, t0) = app();
    type_text(&mut app, "/provider supai", t0);
    app.update(key(KeyCode::Enter), t0);
    type_text(&mut app, "/model gpt-x", t0);
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.current().models, ["gpt-x"]);
    assert!(app.flash_message().unwrap().contains("only gpt-x"));
    assert_eq!(app.draft(), "");
}
