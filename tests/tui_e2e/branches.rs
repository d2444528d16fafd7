//! Branches in the real binary: an edit makes a second branch, ← on the
//! edited message goes back to the first (with what followed it there),
//! the next request carries that branch, and so does a resumed session.

use super::*;

/// The user messages of request `i`.
fn users(s: &Server, i: usize) -> Vec<String> {
    s.requests()[i].json()["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "user")
        .map(|m| m["content"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn going_back_to_a_branch_sends_it_and_a_resumed_session_keeps_it() {
    if !tmux_available() {
        return;
    }
    // When the first supchat quits, a second goes on with the session.
    let (s, t, _) = start_with("branches", "", &format!("; '{BIN}' --continue")).await;
    t.wait_for("F1 help").await;
    for q in ["alpha", "beta"] {
        t.type_text(q);
        t.keys(&["Enter"]);
        t.wait_for(&format!("You said: {q}. Done.")).await;
    }
    // Select "alpha" (from the newest: beta's reply, beta, alpha's reply,
    // alpha) and edit it.
    for _ in 0..4 {
        t.keys(&["M-Up"]);
    }
    t.wait_for("selected:").await;
    t.keys(&["e"]);
    t.keys(&["End"]);
    t.type_text(" edited");
    t.keys(&["Enter"]);
    t.wait_for("You said: alpha edited. Done.").await;
    assert_eq!(users(&s, 2), ["alpha edited"]);
    // The edited message (above its reply): 2 of 2; ← goes back.
    t.keys(&["M-Up"]);
    t.keys(&["M-Up"]);
    t.wait_for("‹ 2/2 ›").await;
    t.keys(&["Left"]);
    let screen = t.wait_for("message 1 of 2 is sent from now on").await;
    assert!(
        screen.contains("⑂ another branch: “alpha edited”"),
        "{screen}"
    );
    t.keys(&["Escape"]);
    t.type_text("delta");
    t.keys(&["Enter"]);
    t.wait_for("You said: delta. Done.").await;
    assert_eq!(users(&s, 3), ["alpha", "beta", "delta"]);
    // Quit; the second supchat resumes the session: the same branch. (A
    // draft left in the box tells the first screen from the second.)
    t.type_text("left unsent");
    t.wait_for("left unsent").await;
    // A draft not sent: the quit key asks for a second press.
    t.keys(&["C-q"]);
    t.wait_for("the draft is not sent").await;
    t.keys(&["C-q"]);
    for _ in 0..100 {
        let screen = t.screen();
        if !screen.contains("left unsent") && screen.contains("F1 help") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let screen = t.wait_for("You said: delta. Done.").await;
    assert!(!screen.contains("left unsent"), "{screen}");
    t.type_text("epsilon");
    t.keys(&["Enter"]);
    t.wait_for("You said: epsilon. Done.").await;
    assert_eq!(users(&s, 4), ["alpha", "beta", "delta", "epsilon"]);
}
