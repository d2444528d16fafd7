//! The conversation: tool calls, queued messages, attachments, and a
//! selected message copied, edited, answered again or deleted.

use super::*;

#[test]
fn tool_calls_become_cells_and_go_with_a_result_even_unanswered() {
    use supchat_api::event::ToolCallDelta;
    let (mut app, t0) = app();
    let turn = send(&mut app, "weather?", t0);
    stream(
        &mut app,
        turn,
        StreamEvent::Text("Let me check.".into()),
        t0,
    );
    let call = ToolCallDelta {
        slot: 0,
        id: Some("c1".into()),
        name: Some("get_weather".into()),
        arguments: "{\"city\":\"Paris\"}".into(),
    };
    stream(&mut app, turn, StreamEvent::ToolCall(call), t0);
    done(&mut app, turn, RunEnd::Complete, t0);
    let CellKind::ToolCall {
        reply: id,
        index: 0,
    } = app.cells.list[2].kind
    else {
        panic!("{:?}", app.cells.list[2])
    };
    let calls = app
        .conversation()
        .assistant(id)
        .unwrap()
        .reply
        .finished_tool_calls();
    assert_eq!(
        (calls[0].name.as_str(), calls[0].arguments.as_str()),
        ("get_weather", "{\"city\":\"Paris\"}")
    );
    // A call made with no tools offered gets a result saying so: an
    // unanswered call would make the next request fail.
    let history = history::messages(app.conversation(), true);
    assert_eq!(history.len(), 3);
    assert_eq!(history[1].tool_calls.len(), 1);
    assert_eq!(
        history[2].content,
        "error: not run: no tools were offered with this request ([[tools]], enabled_tools and [mcp_servers] in the config offer them)"
    );
}

/// A queued message removed with Esc is given back (the box, or Up), and
/// what is said about the reply under way goes when the reply ends.
#[test]
fn a_removed_queued_message_is_given_back_and_the_notice_ends_with_the_reply() {
    let (mut app, t0) = app();
    let turn = send(&mut app, "one", t0);
    type_text(&mut app, "two", t0);
    app.update(key(KeyCode::Enter), t0);
    type_text(&mut app, "typing", t0);
    app.update(key(KeyCode::Esc), t0);
    assert!(app.queued().is_empty());
    assert_eq!(app.draft(), "typing", "what is typed stays alone");
    assert_eq!(
        app.flash_message(),
        Some("queued message removed (Up brings it back); Esc again stops the reply")
    );
    app.set_draft("");
    app.update(key(KeyCode::Up), t0);
    assert_eq!(app.draft(), "two");
    done(&mut app, turn, RunEnd::Complete, t0);
    assert_eq!(app.flash_message(), None, "the reply it spoke of is over");
}

#[test]
fn messages_typed_while_a_reply_streams_are_queued_and_sent_in_turn() {
    let (mut app, t0) = app();
    let turn = send(&mut app, "one", t0);
    type_text(&mut app, "two", t0);
    assert!(
        app.update(key(KeyCode::Enter), t0).is_empty(),
        "not sent yet"
    );
    type_text(&mut app, "three", t0);
    app.update(key(KeyCode::Enter), t0);
    type_text(&mut app, "four", t0);
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.queued(), ["two", "three", "four"]);
    assert_eq!(app.draft(), "", "the input box is free again");
    // Esc removes the newest queued message, not the reply: it comes back
    // into the empty box.
    assert!(app.update(key(KeyCode::Esc), t0).is_empty());
    assert_eq!(app.queued(), ["two", "three"]);
    assert!(app.is_busy());
    assert_eq!(app.draft(), "four");
    assert!(
        app.flash_message()
            .unwrap()
            .contains("queued message back in the input box; 2 still queued")
    );
    app.set_draft("");
    stream(&mut app, turn, StreamEvent::Text("1".into()), t0);
    let effects = app.update(
        Event::TurnDone {
            turn,
            end: RunEnd::Complete,
        },
        t0,
    );
    let [Effect::StartTurn(r)] = effects.as_slice() else {
        panic!("the next queued message goes: {effects:?}");
    };
    assert_eq!(r.messages.last().map(|m| m.content.as_str()), Some("two"));
    assert_eq!(app.queued(), ["three"]);
    // A failed reply holds the queue; Enter on an empty box sends it.
    let effects = app.update(
        Event::TurnDone {
            turn: r.turn,
            end: RunEnd::Failed(ApiError::Protocol("broken".into())),
        },
        t0,
    );
    assert!(effects.is_empty());
    assert_eq!(app.queued(), ["three"]);
    assert!(
        app.flash_message()
            .unwrap()
            .contains("1 queued message held")
    );
    // The failed message stays in the conversation, the box empty: Enter
    // sends it again first, and the queue follows once it is answered.
    assert_eq!(app.draft(), "");
    assert!(
        app.flash_message()
            .unwrap()
            .contains("Enter sends the failed one again")
    );
    let effects = app.update(key(KeyCode::Enter), t0);
    let [Effect::StartTurn(r)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(r.messages.last().map(|m| m.content.as_str()), Some("two"));
    assert_eq!(app.queued(), ["three"]);
    let turn = r.turn;
    stream(&mut app, turn, StreamEvent::Text("2".into()), t0);
    let effects = app.update(
        Event::TurnDone {
            turn,
            end: RunEnd::Complete,
        },
        t0,
    );
    assert!(
        matches!(effects.as_slice(), [Effect::StartTurn(r)] if r.messages.last().map(|m| m.content.as_str()) == Some("three"))
    );
    assert!(app.queued().is_empty());
    // A stopped reply holds the queue too: Enter in an empty box sends it.
    let (mut app, t0) = self::app();
    let turn = send(&mut app, "a", t0);
    type_text(&mut app, "b", t0);
    app.update(key(KeyCode::Enter), t0);
    stream(&mut app, turn, StreamEvent::Text("par".into()), t0);
    app.update(ctrl('c'), t0);
    assert!(!app.is_busy());
    assert_eq!(app.queued(), ["b"]);
    let effects = app.update(key(KeyCode::Enter), t0);
    assert!(
        matches!(effects.as_slice(), [Effect::StartTurn(r)] if r.messages.last().map(|m| m.content.as_str()) == Some("b"))
    );
}

/// After a failed send, what is typed next is sent alone: nothing of the
/// failed message is glued to it, and it is not sent along.
#[test]
fn a_message_typed_after_a_failed_one_is_sent_alone() {
    let (mut app, t0) = app();
    let turn = send(&mut app, "error please", t0);
    let end = RunEnd::Failed(ApiError::Protocol("503".into()));
    app.update(Event::TurnDone { turn, end }, t0);
    assert_eq!(app.draft(), "");
    type_text(&mut app, "hello supai", t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    let [Effect::StartTurn(r)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(r.messages, vec![Message::user("hello supai")]);
}

#[test]
fn at_words_attach_files_read_off_the_loop() {
    let (mut app, t0) = app();
    type_text(&mut app, "summarise @notes.txt and @shot.png", t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    assert_eq!(
        effects,
        vec![Effect::LoadAttachments {
            text: "summarise @notes.txt and @shot.png".into(),
            strict: true,
            pasted: Vec::new(),
            approved: None,
        }]
    );
    let files = vec![
        supchat_chat::Attachment {
            name: "notes.txt".into(),
            mime: "text/plain".into(),
            data: "line one\n".into(),
            bytes: 9,
        },
        supchat_chat::Attachment {
            name: "shot.png".into(),
            mime: "image/png".into(),
            data: "iVBORw0K".into(),
            bytes: 6,
        },
    ];
    let effects = app.update(
        Event::AttachmentsRead {
            text: "summarise @notes.txt and @shot.png".into(),
            result: Ok(files),
        },
        t0,
    );
    let [Effect::StartTurn(r)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let m = r.messages.last().unwrap();
    assert_eq!(
        m.content,
        "summarise @notes.txt and @shot.png\n\n`notes.txt`:\n```txt\nline one\n```"
    );
    assert_eq!(
        m.images,
        vec![("image/png".to_owned(), "iVBORw0K".to_owned())]
    );
    done(&mut app, r.turn, RunEnd::Complete, t0);
    // A file that cannot be attached: said, and the message comes back.
    type_text(&mut app, "look at @big.log", t0);
    app.update(key(KeyCode::Enter), t0);
    let effects = app.update(
        Event::AttachmentsRead {
            text: "look at @big.log".into(),
            result: Err(
                "cannot attach big.log: 900 KiB is too long for a text file (at most 256 KiB)"
                    .into(),
            ),
        },
        t0,
    );
    assert!(effects.is_empty());
    assert_eq!(app.draft(), "look at @big.log");
    assert!(app.flash_message().unwrap().contains("too long"));
}

#[test]
fn a_dropped_file_path_is_pasted_as_an_attachment() {
    let (mut app, t0) = app();
    app.update(Event::Paste("'/home/ada/shot.png'".into()), t0);
    assert_eq!(app.draft(), "@/home/ada/shot.png ");
    let (mut app, t0) = self::app();
    app.update(Event::Paste("see /etc/hosts for that".into()), t0);
    assert_eq!(
        app.draft(),
        "see /etc/hosts for that",
        "a sentence stays as it is"
    );
    let (mut app, t0) = self::app();
    app.update(Event::Paste("file:///tmp/notes.txt".into()), t0);
    assert_eq!(app.draft(), "@/tmp/notes.txt ");
    // Percent-encoded by the terminal: a name with a space, quoted so that
    // it attaches as one.
    let (mut app, t0) = self::app();
    app.update(Event::Paste("file:///tmp/a%20b.txt".into()), t0);
    assert_eq!(app.draft(), "@\"/tmp/a b.txt\" ");
}

#[test]
fn attach_picks_a_file_of_the_folder() {
    let (mut app, t0) = app();
    type_text(&mut app, "/attach", t0);
    assert_eq!(
        app.update(key(KeyCode::Enter), t0),
        vec![Effect::CompletePath(String::new())]
    );
    app.update(
        Event::Completions {
            partial: String::new(),
            names: vec!["notes.txt".into(), "src/".into()],
        },
        t0,
    );
    assert!(matches!(app.popup(), Some(Popup::Picker(p)) if p.kind == picker::PickerKind::Attach));
    type_text(&mut app, "not", t0);
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.draft(), "@notes.txt ");
}

/// Names with spaces complete in quotes, so that they attach; the picker
/// puts them in quotes too.
#[test]
fn file_names_with_spaces_complete_in_quotes() {
    let (mut app, t0) = app();
    type_text(&mut app, "read @my", t0);
    assert_eq!(
        app.update(key(KeyCode::Tab), t0),
        vec![Effect::CompletePath("my".into())]
    );
    let names = vec!["my file.txt".to_owned(), "my other.txt".to_owned()];
    app.update(
        Event::Completions {
            partial: "my".into(),
            names,
        },
        t0,
    );
    // Their common start, in an open quote; the list reads unambiguously.
    assert_eq!(app.draft(), "read @\"my ");
    assert!(app.flash_message().unwrap().contains("\"my file.txt\""));
    type_text(&mut app, "f", t0);
    assert_eq!(
        app.update(key(KeyCode::Tab), t0),
        vec![Effect::CompletePath("my f".into())]
    );
    app.update(
        Event::Completions {
            partial: "my f".into(),
            names: vec!["my file.txt".into()],
        },
        t0,
    );
    assert_eq!(app.draft(), "read @\"my file.txt\" ");
    assert!(app.flash_message().is_none(), "the list went with it");
    assert_eq!(
        supchat_core::attach::candidates(&app.draft()),
        ["my file.txt"]
    );
    // The /attach picker.
    app.input = app.new_input();
    type_text(&mut app, "/attach", t0);
    app.update(key(KeyCode::Enter), t0);
    app.update(
        Event::Completions {
            partial: String::new(),
            names: vec!["my file.txt".into()],
        },
        t0,
    );
    app.update(key(KeyCode::Enter), t0);
    assert_eq!(app.draft(), "@\"my file.txt\" ");
}

#[test]
fn a_selected_message_is_copied_or_edited_into_a_branch() {
    let (mut app, t0) = app();
    for (q, a) in [
        ("first ask", "first answer"),
        ("second ask", "second answer"),
    ] {
        let turn = send(&mut app, q, t0);
        stream(&mut app, turn, StreamEvent::Text(a.into()), t0);
        done(&mut app, turn, RunEnd::Complete, t0);
    }
    let alt = |code| Event::Key(KeyEvent::new(code, KeyModifiers::ALT));
    // Alt+Up from the bottom: the newest reply, then your message above it.
    app.update(alt(KeyCode::Up), t0);
    assert_eq!(
        app.update(key(KeyCode::Char('y')), t0),
        vec![Effect::Copy("second answer".into())]
    );
    assert_eq!(app.selected(), None, "an action lets go");
    for _ in 0..4 {
        app.update(alt(KeyCode::Up), t0);
    }
    // Four up from the bottom: "first ask"; e puts it in the box to edit.
    app.update(key(KeyCode::Char('e')), t0);
    assert_eq!(app.draft(), "first ask");
    assert!(app.editing().is_some());
    for _ in 0.."ask".len() {
        app.update(key(KeyCode::Backspace), t0);
    }
    type_text(&mut app, "question", t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    let [Effect::StartTurn(r)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(
        r.messages,
        vec![Message::user("first question")],
        "the branch starts at the edit"
    );
    assert_eq!(app.editing(), None);
    // The earlier branch is still there.
    assert_eq!(app.conversation().len(), 5);
}

#[test]
fn a_turn_is_deleted_after_a_yes() {
    let (mut app, t0) = app();
    for (q, a) in [("keep me", "kept"), ("delete me", "gone")] {
        let turn = send(&mut app, q, t0);
        stream(&mut app, turn, StreamEvent::Text(a.into()), t0);
        done(&mut app, turn, RunEnd::Complete, t0);
    }
    let alt = |code| Event::Key(KeyEvent::new(code, KeyModifiers::ALT));
    app.update(alt(KeyCode::Up), t0);
    app.update(key(KeyCode::Char('d')), t0);
    // Any other key keeps it.
    app.update(key(KeyCode::Char('n')), t0);
    assert_eq!(app.conversation().len(), 4);
    app.update(alt(KeyCode::Up), t0);
    app.update(key(KeyCode::Char('d')), t0);
    app.update(key(KeyCode::Char('y')), t0);
    assert_eq!(app.conversation().len(), 2);
    assert_eq!(app.cells().list.len(), 2, "the screen shows what is left");
    assert_eq!(app.flash_message(), Some("turn deleted"));
}

#[test]
fn r_on_an_earlier_message_answers_it_again_as_a_branch() {
    let (mut app, t0) = app();
    for (q, a) in [
        ("first ask", "first answer"),
        ("second ask", "second answer"),
    ] {
        let turn = send(&mut app, q, t0);
        stream(&mut app, turn, StreamEvent::Text(a.into()), t0);
        done(&mut app, turn, RunEnd::Complete, t0);
    }
    let alt = |code| Event::Key(KeyEvent::new(code, KeyModifiers::ALT));
    for _ in 0..3 {
        app.update(alt(KeyCode::Up), t0);
    }
    // "first answer" is selected: r answers "first ask" again, from there.
    let effects = app.update(key(KeyCode::Char('r')), t0);
    let [Effect::StartTurn(r)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(r.messages, vec![Message::user("first ask")]);
}

/// An `@word` that reads as a path but names nothing: said before sending,
/// the message back in the box; Enter again sends it as it is.
#[test]
fn a_path_that_attaches_nothing_is_said_and_enter_again_sends_it_as_text() {
    let (mut app, t0) = app();
    type_text(&mut app, "see @nosuch.txt", t0);
    let strict = |strict| {
        vec![Effect::LoadAttachments {
            text: "see @nosuch.txt".into(),
            strict,
            pasted: Vec::new(),
            approved: None,
        }]
    };
    assert_eq!(app.update(key(KeyCode::Enter), t0), strict(true));
    app.update(
        Event::AttachmentsRead {
            text: "see @nosuch.txt".into(),
            result: Err(
                "nothing to attach at \"nosuch.txt\": no such file (without the @ it is text)"
                    .into(),
            ),
        },
        t0,
    );
    assert_eq!(app.draft(), "see @nosuch.txt");
    assert!(
        app.flash_message()
            .unwrap()
            .starts_with("Enter again sends it as text · nothing to attach")
    );
    assert!(app.conversation().is_empty(), "nothing sent");
    assert_eq!(app.update(key(KeyCode::Enter), t0), strict(false));
}

/// The second Enter approves the files the question named, not others:
/// the question goes with it, and is asked again if the files changed.
#[test]
fn enter_again_approves_the_files_asked_about_and_no_others() {
    let (mut app, t0) = app();
    type_text(&mut app, "read @/tmp/far.txt", t0);
    app.update(key(KeyCode::Enter), t0);
    let question = "send far.txt (outside the working folder)?".to_owned();
    app.update(
        Event::AttachmentsRead {
            text: "read @/tmp/far.txt".into(),
            result: Err(question.clone()),
        },
        t0,
    );
    assert!(
        app.flash_message()
            .unwrap()
            .starts_with("Enter again sends them")
    );
    let effects = app.update(key(KeyCode::Enter), t0);
    assert_eq!(
        effects,
        vec![Effect::LoadAttachments {
            text: "read @/tmp/far.txt".into(),
            strict: false,
            pasted: Vec::new(),
            approved: Some(question),
        }]
    );
}

#[test]
fn the_selection_hint_leaves_with_the_selection_in_either_language() {
    for lang in supchat_i18n::Lang::ALL {
        supchat_i18n::set_for_this_thread(lang);
        let (mut app, t0) = app();
        let turn = send(&mut app, "ask", t0);
        stream(&mut app, turn, StreamEvent::Text("answer".into()), t0);
        done(&mut app, turn, RunEnd::Complete, t0);
        app.update(
            Event::Key(KeyEvent::new(KeyCode::Up, KeyModifiers::ALT)),
            t0,
        );
        let hint = app.flash_message().unwrap_or_default().to_owned();
        assert!(hint.contains("y"), "{lang:?}: {hint}");
        app.update(key(KeyCode::Esc), t0);
        assert_eq!(app.selected(), None);
        assert_eq!(app.flash_message(), None, "{lang:?}: the hint stays");
    }
    supchat_i18n::set_for_this_thread(supchat_i18n::Lang::En);
}
