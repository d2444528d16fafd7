//! When things go wrong: failed sends, missing or rejected keys, a failing
//! editor, a paste too long, footer notices and the context meter.

use super::*;

#[test]
fn failure_before_any_reply_shows_an_error_and_gives_the_prompt_back() {
    let (mut app, t0) = app();
    let turn = send(&mut app, "my question", t0);
    let e = ApiError::Invalid("no key".into());
    done(&mut app, turn, RunEnd::Failed(e), t0);
    assert_eq!(app.draft(), "", "the box keeps only what is typed");
    // The question stays in view, the error below it in place of a reply.
    assert_eq!(app.cells.list.len(), 2);
    let CellKind::Failed(id) = app.cells.list[1].kind else {
        panic!("{:?}", app.cells.list[1])
    };
    assert!(
        matches!(&app.conversation().get(id).unwrap().kind, EntryKind::FailedSend(f) if f.error == "no key" && f.sent)
    );
    assert!(app.live.is_none() && !app.is_busy());
    // Sent again, the question goes once: the unanswered copy is not resent.
    let effects = app.update(key(KeyCode::Enter), t0);
    let [Effect::StartTurn(req)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(req.messages, vec![Message::user("my question")]);
}

#[test]
fn failure_after_tokens_keeps_the_partial_marked() {
    let (mut app, t0) = app();
    let turn = send(&mut app, "q", t0);
    stream(&mut app, turn, StreamEvent::Text("half".into()), t0);
    let e = ApiError::Interrupted {
        detail: "reset".into(),
    };
    done(&mut app, turn, RunEnd::Failed(e), t0);
    let a = reply(&app, 1);
    assert!(matches!(&a.end, ReplyEnd::Interrupted { error } if error.contains("reset")));
    assert_eq!(app.reply_text(1).as_deref(), Some("half"));
    assert_eq!(app.draft(), "", "the prompt got an answer: it stays sent");
}

#[test]
fn missing_key_prompt_takes_a_pasted_key_and_asks_to_save_it() {
    let (mut app, t0) = app();
    app.config_path = Some("/home/ada/.config/supchat/config.toml".into());
    app.update(
        Event::KeyMissing {
            provider: "supage".into(),
            message: "no API key for provider \"supage\"".into(),
        },
        t0,
    );
    assert!(matches!(app.popup(), Some(Popup::Key(p)) if p.provider == 0));
    app.update(Event::Paste("  su-pasted-key\n".into()), t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    let [
        Effect::SaveKey {
            provider,
            key,
            path,
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(
        (provider.as_str(), key.expose()),
        ("supage", "su-pasted-key")
    );
    assert_eq!(
        path.as_deref(),
        Some(std::path::Path::new(
            "/home/ada/.config/supchat/config.toml"
        ))
    );
    assert!(
        !format!("{effects:?}").contains("su-pasted-key")
            && !format!("{:?}", app.popup()).contains("su-pasted-key"),
        "the key never shows in debug output"
    );
    // A failed save keeps the prompt open with the reason.
    app.update(
        Event::KeySaved {
            provider: "supage".into(),
            result: Err("disk full".into()),
        },
        t0,
    );
    assert!(
        matches!(app.popup(), Some(Popup::Key(p)) if p.error.as_deref() == Some("disk full") && !p.saving)
    );
    let saved = Ok((
        "/home/ada/.config/supchat/config.toml".into(),
        supchat_core::config::Secret::new("su-pasted-key"),
    ));
    app.update(
        Event::KeySaved {
            provider: "supage".into(),
            result: saved,
        },
        t0,
    );
    assert_eq!(app.popup(), None);
    assert_eq!(
        app.current().key.inline.as_ref().map(|s| s.expose()),
        Some("su-pasted-key")
    );
}

#[test]
fn key_prompt_can_be_skipped_or_left_for_another_provider() {
    let (mut app, t0) = app();
    app.update(
        Event::KeyMissing {
            provider: "supage".into(),
            message: "none".into(),
        },
        t0,
    );
    app.update(key(KeyCode::F(2)), t0);
    assert_eq!(app.popup(), None);
    assert_eq!(app.current().name, "supai");
    app.update(
        Event::KeyMissing {
            provider: "supai".into(),
            message: "none".into(),
        },
        t0,
    );
    app.update(key(KeyCode::Esc), t0);
    assert_eq!(app.popup(), None);
}

#[test]
fn footer_notices_end_with_their_cause() {
    use supchat_api::Notice;
    let (mut app, t0) = app();
    app.update(key(KeyCode::F(2)), t0);
    assert!(
        app.flash_message()
            .unwrap()
            .contains("next message goes to")
    );
    let turn = send(&mut app, "hi", t0);
    assert_eq!(app.flash_message(), None, "the next message was sent");
    let retry = Notice::Retrying {
        attempt: 1,
        max: 3,
        delay: Duration::from_secs(1),
        reason: "server error (HTTP 503)".into(),
    };
    stream(&mut app, turn, StreamEvent::Notice(retry.clone()), t0);
    assert!(app.flash_message().unwrap().contains("retrying"));
    stream(&mut app, turn, StreamEvent::Text("hello".into()), t0);
    assert_eq!(app.flash_message(), None, "the reply began");
    done(&mut app, turn, RunEnd::Complete, t0);
    // Retries that gave up: the notice goes with the turn.
    let turn = send(&mut app, "again", t0);
    stream(&mut app, turn, StreamEvent::Notice(retry), t0);
    let e = ApiError::Protocol("bad".into());
    done(&mut app, turn, RunEnd::Failed(e), t0);
    assert_eq!(app.flash_message(), None);
}

#[test]
fn a_rejected_key_opens_the_key_dialog_and_the_message_goes_again_once_saved() {
    let (mut app, t0) = app();
    let turn = send(&mut app, "my question", t0);
    let e = ApiError::Auth {
        provider: "supage".into(),
        status: 401,
        key_source: Some("the environment variable SUPAGE_API_KEY".into()),
        message: "invalid key".into(),
    };
    done(&mut app, turn, RunEnd::Failed(e), t0);
    let Some(Popup::Key(p)) = app.popup() else {
        panic!("{:?}", app.popup())
    };
    assert!(p.rejected && p.message.contains("rejected the API key"));
    assert!(p.resend.is_some());
    assert_eq!(app.draft(), "", "the prompt stays in the conversation");
    app.update(Event::Paste("su-new-key".into()), t0);
    let effects = app.update(key(KeyCode::Enter), t0);
    assert!(matches!(effects.as_slice(), [Effect::SaveKey { .. }]));
    let saved = Ok((
        "/tmp/c.toml".into(),
        supchat_core::config::Secret::new("su-new-key"),
    ));
    let effects = app.update(
        Event::KeySaved {
            provider: "supage".into(),
            result: saved,
        },
        t0,
    );
    let [Effect::StartTurn(req)] = effects.as_slice() else {
        panic!("the message is sent again: {effects:?}")
    };
    assert_eq!(req.messages, vec![Message::user("my question")]);
    assert_eq!(
        req.provider.key.inline.as_ref().unwrap().expose(),
        "su-new-key"
    );
    assert_eq!(app.draft(), "");
    assert_eq!(
        app.conversation()
            .entries()
            .iter()
            .filter(|e| matches!(e.kind, EntryKind::User { .. }))
            .count(),
        1,
        "the prompt is not repeated in the transcript"
    );
}

#[test]
fn an_editor_failing_after_saving_keeps_the_text_and_says_so() {
    let (mut app, t0) = app();
    let done = Ok((
        "edited text\n".to_owned(),
        Some("`vi` exited with 1; your saved text is kept".to_owned()),
    ));
    app.update(Event::EditorDone(done), t0);
    assert_eq!(app.draft(), "edited text");
    assert!(app.flash_message().unwrap().contains("saved text is kept"));
}

#[test]
fn a_paste_too_long_for_the_box_is_refused_with_a_reason_not_cut() {
    let (mut app, t0) = app();
    type_text(&mut app, "keep me", t0);
    app.update(Event::Paste("x\n".repeat(70_000)), t0);
    assert_eq!(app.draft(), "keep me", "nothing added, nothing lost");
    assert!(app.flash_message().unwrap().contains("up to 60000"));
    app.update(Event::Paste("y\n".repeat(1000)), t0);
    assert_eq!(app.input.lines().len(), 1001);
}

#[test]
fn the_context_meter_warns_near_the_limit() {
    let text = "[providers.supage]\ncontext_tokens = 1000\n";
    let cfg = supchat_core::config::load_from_str(text, std::path::Path::new("/x/c.toml")).unwrap();
    let t0 = Now::read();
    let mut app = App::new(&cfg, (80, 24));
    assert_eq!(app.current().context_window(), Some(1000));
    let turn = send(&mut app, "hi", t0);
    stream(&mut app, turn, StreamEvent::Text("ok".into()), t0);
    let usage = supchat_chat::Usage {
        prompt_tokens: Some(900),
        completion_tokens: Some(20),
        total_tokens: Some(920),
        ..Default::default()
    };
    stream(&mut app, turn, StreamEvent::Usage(usage), t0);
    done(&mut app, turn, RunEnd::Complete, t0);
    assert!(
        app.flash_message()
            .unwrap()
            .starts_with("this conversation fills 92% of the model's context"),
        "{:?}",
        app.flash_message()
    );
}

#[test]
fn what_is_not_a_key_is_not_saved_as_one() {
    for typed in ["/provider local", "测试密钥", "two words"] {
        let (mut app, t0) = app();
        app.update(
            Event::KeyMissing {
                provider: "supage".into(),
                message: "no API key".into(),
            },
            t0,
        );
        for c in typed.chars() {
            app.update(key(KeyCode::Char(c)), t0);
        }
        let effects = app.update(key(KeyCode::Enter), t0);
        assert!(effects.is_empty(), "{typed}: {effects:?}");
        let Some(Popup::Key(p)) = app.popup() else {
            panic!("{typed}: the prompt closed")
        };
        assert!(
            p.error
                .as_deref()
                .is_some_and(|e| e.contains("not look like an API key")),
            "{typed}: {:?}",
            p.error
        );
    }
}

#[test]
fn the_quit_key_with_a_draft_not_sent_asks_for_a_second_press() {
    let ctrl_q = || Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL));
    let (mut drafting, t0) = app();
    for c in "a draft".chars() {
        drafting.update(key(KeyCode::Char(c)), t0);
    }
    assert!(
        drafting.update(ctrl_q(), t0).is_empty(),
        "the first press quits nothing"
    );
    assert!(
        drafting
            .flash_message()
            .unwrap_or_default()
            .contains("not sent")
    );
    assert_eq!(drafting.draft(), "a draft");
    assert_eq!(drafting.update(ctrl_q(), t0), vec![Effect::Quit]);
    // An empty box: at once.
    let (mut empty, t0) = app();
    assert_eq!(empty.update(ctrl_q(), t0), vec![Effect::Quit]);
}
