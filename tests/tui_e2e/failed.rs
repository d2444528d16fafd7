//! A failed message in the real binary: it stays in the conversation,
//! the input box keeps only what is typed, Enter in an empty box sends it
//! again, and a queue held behind it goes on after it.

use super::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_message_is_sent_again_and_the_queue_goes_on_after_it() {
    if !tmux_available() {
        return;
    }
    let (s, t, _) = setup("failed").await;
    t.type_text("fail once please");
    t.keys(&["Enter"]);
    // Typed while the request is under way: queued.
    t.type_text("queued one");
    t.keys(&["Enter"]);
    let screen = t.wait_for("1 queued message held").await;
    assert!(screen.contains("The request failed"), "{screen}");
    assert!(screen.contains("the model is busy"), "{screen}");
    assert!(
        screen.contains("Enter in an empty box sends it again"),
        "{screen}"
    );
    // The box (the row under the last rule) holds nothing of the failed
    // message.
    let rows: Vec<&str> = screen.lines().collect();
    let rule = rows.iter().rposition(|r| r.starts_with("────")).unwrap();
    assert!(!rows[rule + 1].contains("fail once"), "{screen}");
    t.keys(&["Enter"]);
    t.wait_for("You said: fail once please. Done.").await;
    t.wait_for("You said: queued one. Done.").await;
    let requests = s.requests();
    assert_eq!(
        requests.len(),
        3,
        "the failed one, again, then the queued one"
    );
    let users = |i: usize| -> Vec<String> {
        requests[i].json()["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["role"] == "user")
            .map(|m| m["content"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    assert_eq!(users(1), ["fail once please"], "sent again once, alone");
    assert_eq!(users(2), ["fail once please", "queued one"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn what_is_typed_after_a_failed_message_is_sent_alone() {
    if !tmux_available() {
        return;
    }
    let (s, t, _) = setup("failed-alone").await;
    t.type_text("fail once please");
    t.keys(&["Enter"]);
    t.wait_for("Enter in an empty box sends it again").await;
    t.type_text("hello supai");
    t.keys(&["Enter"]);
    t.wait_for("You said: hello supai. Done.").await;
    let requests = s.requests();
    let last = requests.last().unwrap().json();
    let users: Vec<&str> = last["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "user")
        .filter_map(|m| m["content"].as_str())
        .collect();
    assert_eq!(
        users,
        ["hello supai"],
        "nothing glued, the failed one not sent"
    );
}

/// A reply whose stream breaks off is asked for again and starts over in
/// place: the screen shows the new reply once, not the broken start.
#[tokio::test(flavor = "multi_thread")]
async fn a_reply_that_breaks_off_is_asked_for_again_in_place() {
    if !tmux_available() {
        return;
    }
    let (s, t, _) = setup("broken-stream").await;
    t.type_text("break once please");
    t.keys(&["Enter"]);
    let screen = t.wait_for("You said: break once please. Done.").await;
    assert!(!screen.contains("A first try"), "{screen}");
    assert!(!screen.contains("incomplete"), "{screen}");
    assert_eq!(s.requests().len(), 2);
}
