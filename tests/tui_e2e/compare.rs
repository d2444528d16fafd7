//! `/compare` in the real binary: two loopback providers answer one
//! question at different paces, side by side at 120 columns and stacked at
//! 80; both requests carry the same history; choosing the first answer
//! (the last would go on) makes the next request carry that branch only.

use super::*;

/// Says who answered: `NAME heard: PROMPT. Done.`, word by word.
fn named(req: &Recorded, name: &str, delay: Duration) -> Scripted {
    answer(req, &format!("{name} heard:"), delay)
}

/// Rows of the screen that hold both `a` and `b`.
fn side_by_side(screen: &str, a: &str, b: &str) -> bool {
    screen.lines().any(|l| l.contains(a) && l.contains(b))
}

#[tokio::test(flavor = "multi_thread")]
async fn two_providers_answer_side_by_side_and_the_chosen_branch_goes_on() {
    if !tmux_available() {
        return;
    }
    let s = Server::start().await.unwrap();
    s.route_fn("POST", "/fast/v1/chat/completions", |r| {
        named(r, "Hare", Duration::from_millis(20))
    });
    s.route_fn("POST", "/slow/v1/chat/completions", |r| {
        named(r, "Tortoise", Duration::from_millis(600))
    });
    let dir = temp_dir("compare");
    let cfg = dir.join("config.toml");
    std::fs::write(
        &cfg,
        format!(
            "default_provider = \"hare\"\n\
             [providers.hare]\nkind = \"openai\"\nbase_url = \"{u}/fast/v1\"\nmodel = \"h-1\"\napi_key = \"k1\"\nprice_in = 3.0\nprice_out = 15.0\n\
             [providers.tortoise]\nkind = \"openai\"\nbase_url = \"{u}/slow/v1\"\nmodel = \"t-1\"\napi_key = \"k2\"\n",
            u = s.url()
        ),
    )
    .unwrap();
    let script = format!(
        "export SUPCHAT_CONFIG='{}'; '{BIN}'; sleep 60",
        cfg.display()
    );
    let t = Tmux::start("compare", 120, 30, &script);
    t.wait_for("F1 help").await;
    t.type_text("/compare hare tortoise");
    t.keys(&["Enter"]);
    t.wait_for("at once").await;
    t.type_text("which is faster");
    t.keys(&["Enter"]);
    // The hare has answered while the tortoise still writes: side by
    // side, each under its target, with its figures.
    let screen = t.wait_for("Hare heard: which is faster. Done.").await;
    assert!(
        side_by_side(&screen, "1 hare · h-1", "2 tortoise · t-1"),
        "{screen}"
    );
    assert!(screen.contains("Esc stops all"), "{screen}");
    assert!(screen.contains("$0.0001"), "the hare's cost: {screen}");
    assert!(
        !screen.contains("Tortoise heard: which is faster. Done."),
        "{screen}"
    );
    // At 80 columns they are stacked.
    t.cmd(&["resize-window", "-x", "80", "-y", "30"]);
    let screen = t.wait_for("Tortoise heard: which is faster. Done.").await;
    assert!(
        !side_by_side(&screen, "1 hare", "2 tortoise"),
        "stacked at 80 columns: {screen}"
    );
    assert!(screen.contains(" 2 tortoise · t-1"), "{screen}");
    t.wait_for("Alt+N goes on with N").await;
    // Both asked the same, each its own model.
    let reqs = s.requests();
    assert_eq!(reqs.len(), 2);
    let (a, b) = (reqs[0].json(), reqs[1].json());
    let mut models = [
        a["model"].as_str().unwrap_or("").to_owned(),
        b["model"].as_str().unwrap_or("").to_owned(),
    ];
    models.sort();
    assert_eq!(models, ["h-1", "t-1"]);
    assert_eq!(a["messages"], b["messages"]);
    assert_eq!(a["messages"].as_array().map(Vec::len), Some(1));
    // The last answer would go on; the hare's is chosen instead.
    t.keys(&["M-1"]);
    t.wait_for("going on with answer 1").await;
    t.type_text("and now");
    t.keys(&["Enter"]);
    t.wait_for("Hare heard: and now. Done.").await;
    let next = s.requests()[2].json();
    let said: Vec<&str> = next["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["content"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        said,
        [
            "which is faster",
            "Hare heard: which is faster. Done.",
            "and now"
        ]
    );
    // The tortoise's answer stays, one quiet line.
    let screen = t.screen();
    assert!(
        screen.contains("⑂ answer 2 · tortoise · t-1: “Tortoise heard: which is faster. Done.”"),
        "{screen}"
    );
}
