//! Finding, selecting, retrying and branching on screen, and the view kept
//! filled after a delete.

use super::*;

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
    // The answer selected says it is 2 of 2; ← goes back to the first,
    // which is sent from now on (the second becomes one quiet line).
    let alt = |c| Event::Key(KeyEvent::new(c, KeyModifiers::ALT));
    each_size("retry_branch_back", |s| {
        s.send("Which is faster, A or B?");
        s.text("A, by a little.", 300);
        s.done(500);
        s.type_text("/retry");
        s.app.update(key(KeyCode::Enter), s.at(600));
        s.turn += 1;
        s.text("B, in most runs.", 900);
        s.done(1200);
        s.app.update(alt(KeyCode::Up), s.at(1300));
        let said = s.app.flash_message().unwrap_or_default().to_owned();
        assert!(said.contains("‹ 2/2 › ← → · Esc"), "{said}");
        s.app.update(key(KeyCode::Left), s.at(1300));
        1400
    });
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
