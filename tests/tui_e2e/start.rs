//! Starting the chat where you want: `-p`, `-m`, `--mode` and `--models`
//! choose who answers the first message; a flag that does not fit is said
//! before the screen opens.

use super::*;

#[tokio::test(flavor = "multi_thread")]
async fn the_first_message_goes_to_the_provider_and_model_named_on_the_command_line() {
    if !tmux_available() {
        return;
    }
    let (s, t, _) = start_with("start-model", "", "-p slow -m other-model").await;
    t.wait_for("slow · other-model").await;
    t.type_text("hi");
    t.keys(&["Enter"]);
    t.wait_for("You said:").await;
    let req = s.requests().pop().unwrap();
    assert_eq!(req.path, "/slow/v1/chat/completions");
    assert_eq!(req.json()["model"], "other-model");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_supai_mode_and_allow_list_from_the_command_line_are_sent() {
    if !tmux_available() {
        return;
    }
    let (s, t, _) = start_with(
        "start-mode",
        "",
        "-p supai --mode deep-thinking --models openai/gpt-5.2,x-ai/grok-4",
    )
    .await;
    t.wait_for("Sup.ai · deep-thinking").await;
    t.type_text("which mode?");
    t.keys(&["Enter"]);
    t.wait_for("You said: which mode?. Done.").await;
    let body = s.requests().pop().unwrap().json();
    assert_eq!(body["model"], "deep-thinking");
    assert_eq!(body["models"], json!(["openai/gpt-5.2", "x-ai/grok-4"]));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flag_that_does_not_fit_the_provider_is_said_before_the_screen_opens() {
    if !tmux_available() {
        return;
    }
    let (s, t, done) = start_with("start-wrong", "", "-p slow --mode fast").await;
    let screen = t.wait_for("SHELL-BACK").await;
    assert!(
        screen.contains("--mode is for Sup.ai providers; \"slow\" takes --model"),
        "{screen}"
    );
    assert_eq!(std::fs::read_to_string(done).unwrap().trim(), "2");
    assert!(s.requests().is_empty());
}

/// `--demo` with a config that does not read: the demo still runs, with the
/// default keys, and says why the config is not used.
#[tokio::test(flavor = "multi_thread")]
async fn the_demo_says_when_the_users_config_is_not_used() {
    if !tmux_available() {
        return;
    }
    let dir = temp_dir("demo-broken");
    let broken = dir.join("broken.toml");
    std::fs::write(&broken, "[keys]\nquit = \"ctrl+nothing\"\n").unwrap();
    let (_s, t, _) = start_with(
        "demo-broken",
        "",
        &format!("--demo --config '{}'", broken.display()),
    )
    .await;
    let screen = t.wait_for("your config is not used").await;
    assert!(screen.contains("demo · offline"), "{screen}");
}
