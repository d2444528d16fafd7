//! Commands by name: slash commands, the palette, Tab completion and paging
//! as drawn.

use super::*;

#[test]
fn slash_commands_palette_and_completion() {
    let (mut app, t0) = app();
    // A command runs and leaves the box empty.
    type_text(&mut app, "/provider supai", t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    assert!(
        matches!(&effects[..], [Effect::Remember(r)] if r.provider.as_deref() == Some("supai")),
        "the choice is remembered for the next run: {effects:?}"
    );
    assert_eq!(app.current().name, "supai");
    assert_eq!(app.draft(), "");
    type_text(&mut app, "/mode deep-thinking", t0);
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.current().mode, "deep-thinking");
    // Hints while typing a /word; Tab takes the first.
    type_text(&mut app, "/mo", t0);
    let hints: Vec<&str> = app.command_hints().iter().filter_map(|c| c.slash).collect();
    assert_eq!(hints, ["model", "mode"]);
    app.update(key(KeyCode::Tab), t0);
    assert_eq!(app.draft(), "/model ");
    app.input = app.new_input();
    // A name typed whole is kept, though a longer one starts with it.
    type_text(&mut app, "/mode", t0);
    app.update(key(KeyCode::Tab), t0);
    assert_eq!(app.draft(), "/mode ");
    app.input = app.new_input();
    // Not a command: said, and the draft stays.
    type_text(&mut app, "/nope", t0);
    assert!(app.update(key(KeyCode::Enter), t0).is_empty());
    assert_eq!(app.draft(), "/nope");
    assert!(app.flash_message().unwrap().starts_with("no command /nope"));
    app.input = app.new_input();
    // // sends a message that starts with /.
    type_text(&mut app, "//etc/hosts is what?", t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    let [Effect::StartTurn(r)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(r.messages.last().unwrap().content, "/etc/hosts is what?");
    let turn = r.turn;
    stream(&mut app, turn, StreamEvent::Text("a file".into()), t0);
    done(&mut app, turn, RunEnd::Complete, t0);
    // /retry answers it again, with another provider too.
    type_text(&mut app, "/retry supage", t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    let [Effect::StartTurn(r)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(r.provider.name, "supage");
    assert_eq!(r.messages, vec![Message::user("/etc/hosts is what?")]);
    done(&mut app, r.turn, RunEnd::Complete, t0);
    // /export writes Markdown off the loop.
    type_text(&mut app, "/export /tmp/x.md", t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    let [Effect::Export { path, text }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(path, std::path::Path::new("/tmp/x.md"));
    assert!(text.contains("/etc/hosts is what?"), "{text}");
    type_text(&mut app, "/export json", t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    let [Effect::Export { path, text }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert!(path.to_string_lossy().ends_with(".json"));
    assert!(text.contains("\"supchat_session\""), "{text}");
    // The palette lists every command; Enter runs the one chosen.
    app.update(ctrl('p'), t0);
    type_text(&mut app, "new conv", t0);
    assert_eq!(
        app.update(key(KeyCode::Enter), t0),
        vec![Effect::NewSession]
    );
}

#[test]
fn tab_completes_the_argument_of_a_command() {
    let (mut app, t0) = app();
    type_text(&mut app, "/provider su", t0);
    app.update(key(KeyCode::Tab), t0);
    assert_eq!(app.draft(), "/provider supage");
    app.input = app.new_input();
    type_text(&mut app, "/mode dee", t0);
    app.update(key(KeyCode::Tab), t0);
    assert_eq!(app.draft(), "/mode deep-thinking");
    // Several start so: Tab again goes to the next, round, and they are
    // listed.
    app.input = app.new_input();
    type_text(&mut app, "/provider s", t0);
    app.update(key(KeyCode::Tab), t0);
    assert_eq!(app.draft(), "/provider supage");
    assert!(
        app.flash_message().unwrap().contains("supage, supai · Tab"),
        "{:?}",
        app.flash_message()
    );
    app.update(key(KeyCode::Tab), t0);
    assert_eq!(app.draft(), "/provider supai");
    app.update(key(KeyCode::Tab), t0);
    assert_eq!(app.draft(), "/provider supage");
    // Nothing to complete: said, and no tab goes into the draft.
    app.input = app.new_input();
    type_text(&mut app, "/model ", t0);
    app.update(key(KeyCode::Tab), t0);
    assert_eq!(app.draft(), "/model ");
    assert!(app.flash_message().unwrap().contains("nothing to complete"));
    // A name that could be several is said so.
    app.input = app.new_input();
    type_text(&mut app, "/provider su", t0);
    app.update(key(KeyCode::Enter), t0);
    assert!(
        app.flash_message()
            .unwrap()
            .contains("\"su\" could be supage or supai"),
        "{:?}",
        app.flash_message()
    );
}

#[test]
fn every_command_is_known_to_slash_and_palette() {
    let (mut app, t0) = app();
    type_text(&mut app, "/find hello", t0);
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.find().map(|f| f.query.as_str()), Some("hello"));
    let names: Vec<&str> = supchat_core::config::commands::COMMANDS
        .iter()
        .filter_map(|c| c.slash)
        .collect();
    for n in [
        "new", "retry", "provider", "model", "mode", "prompt", "resume", "find", "attach",
        "export", "copy", "code", "help", "quit",
    ] {
        assert!(names.contains(&n), "/{n} is missing");
    }
}

/// Paging measures the conversation by the layout the frame is drawn
/// with: rows taken by the command hints (or the Sup.ai panel below the
/// conversation) are not paged over.
#[test]
fn a_page_is_the_conversation_as_drawn_less_two_rows() {
    let (mut app, t0) = app();
    app.update(measured(Some(100)), t0);
    type_text(&mut app, "/mo", t0);
    // 24 rows: header 1, hints 2 (/model, /mode), input 1 + its border,
    // footer 1: the conversation has 18.
    assert_eq!(app.layout(app.screen()).conversation.height, 18);
    app.update(key(KeyCode::PageUp), t0);
    assert_eq!(app.scroll.from_bottom, 16);
}

#[test]
fn ctrl_o_picks_a_code_block_to_copy() {
    let (mut app, t0) = app();
    assert!(app.update(ctrl('o'), t0).is_empty());
    assert!(app.flash.is_some(), "says there is nothing to copy");
    let turn = send(&mut app, "code please", t0);
    let text = "First:\n\n```rust\nfn a() {}\n```\n\nSecond:\n\n```py\nprint(2)\n```\n";
    stream(&mut app, turn, StreamEvent::Text(text.into()), t0);
    done(&mut app, turn, RunEnd::Complete, t0);
    app.update(ctrl('o'), t0);
    assert_eq!(
        picker(&app).labels,
        vec!["rust · 1 line · fn a() {}", "py · 1 line · print(2)"]
    );
    app.update(key(KeyCode::Down), t0);
    assert_eq!(
        app.update(key(KeyCode::Enter), t0),
        vec![Effect::Copy("print(2)\n".into())]
    );
}

/// A command refused because a reply streams gives its line back, to run
/// once the reply is over.
#[test]
fn commands_refused_while_a_reply_streams_give_their_line_back() {
    let (mut app, t0) = app();
    let _turn = send(&mut app, "one", t0);
    for line in ["/retry supage", "/new"] {
        type_text(&mut app, line, t0);
        assert!(app.update(key(KeyCode::Enter), t0).is_empty(), "{line}");
        assert_eq!(app.draft(), line, "not lost");
        assert!(app.queued().is_empty(), "{line} is not queued as a message");
        if line.starts_with("/retry") {
            assert!(
                app.flash_message()
                    .is_some_and(|m| m.contains("Esc stops it first"))
            );
        }
        app.input = app.new_input();
    }
}

/// A command that refuses what it was given gives its line back; Tab on a
/// command's line never indents; undo takes a completion back; what a
/// Tab listed goes once the draft changes.
#[test]
fn refused_commands_tabs_and_undo_leave_the_draft_right() {
    let (mut app, t0) = app();
    type_text(&mut app, "/provider su", t0);
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.draft(), "/provider su", "given back to put right");
    assert!(app.flash_message().unwrap().contains("could be"));
    app.input = app.new_input();
    type_text(&mut app, "/provider supage ", t0);
    app.update(key(KeyCode::Tab), t0);
    assert_eq!(app.draft(), "/provider supage ", "no tab, no spaces");
    app.input = app.new_input();
    type_text(&mut app, "/provider s", t0);
    app.update(key(KeyCode::Tab), t0);
    assert_eq!(app.draft(), "/provider supage");
    assert!(app.flash_message().is_some());
    app.update(ctrl('u'), t0);
    app.update(ctrl('u'), t0);
    assert_eq!(app.draft(), "/provider s", "undo takes the completion back");
    type_text(&mut app, "x", t0);
    assert!(
        app.flash_message().is_none(),
        "the list went stale and went"
    );
}

/// The quit key quits from a popup too, and an Alt key there is not
/// typed as its letter.
#[test]
fn alt_keys_are_not_typed_into_popups_and_quit_works_there() {
    let text = "[keys]\nquit = \"alt+q\"\n";
    let cfg = supchat_core::config::load_from_str(text, std::path::Path::new("/x/c.toml")).unwrap();
    let t0 = Now::read();
    let mut app = App::new(&cfg, (80, 24));
    app.update(ctrl('p'), t0);
    let alt = |c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT));
    app.update(alt('x'), t0);
    assert_eq!(picker(&app).query, "", "Alt+X is not typed");
    let effects = app.update(alt('q'), t0);
    assert!(effects.contains(&Effect::Quit), "{effects:?}");
}
