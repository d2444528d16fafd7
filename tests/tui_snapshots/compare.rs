//! `/compare`: two targets' answers side by side (stacked under 100
//! columns), live figures in each head, then the one that goes on marked.

use super::*;
use supchat_core::engine::TurnRequest;

const CONFIG: &str = "default_provider = \"local\"\n\
[providers.local]\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:9/v1\"\nmodel = \"m\"\nprice_in = 3.0\nprice_out = 15.0\n\
[providers.other]\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:8/v1\"\nmodel = \"big-model\"\n";

/// The chat with `config`.
fn with_config(s: &mut Scene, config: &str) {
    let cfg = supchat_core::config::load_from_str(
        config,
        std::path::Path::new("/home/ada/.config/supchat/config.toml"),
    )
    .unwrap();
    s.app = App::new(&cfg, s.app.size());
}

/// `/compare local other`, then the question: the two requests.
fn begin(s: &mut Scene) -> Vec<TurnRequest> {
    with_config(s, CONFIG);
    s.type_text("/compare local other");
    let t = s.t0;
    s.app.update(key(KeyCode::Enter), t);
    s.type_text("Which sorts faster, merge sort or quicksort?");
    s.app
        .update(key(KeyCode::Enter), t)
        .into_iter()
        .filter_map(|e| match e {
            supchat::tui::app::Effect::StartTurn(r) => Some(*r),
            _ => None,
        })
        .collect()
}

fn event(s: &mut Scene, turn: u64, event: StreamEvent, ms: u64) {
    let t = s.at(ms);
    s.app.update(Event::Stream { turn, event }, t);
}

fn end(s: &mut Scene, turn: u64, ms: u64) {
    let usage = Usage {
        prompt_tokens: Some(40),
        completion_tokens: Some(90),
        total_tokens: Some(130),
        ..Default::default()
    };
    event(s, turn, StreamEvent::Usage(usage), ms);
    let t = s.at(ms);
    s.app.update(
        Event::TurnDone {
            turn,
            end: RunEnd::Complete,
        },
        t,
    );
}

const FAST: &str = "**Quicksort**, usually: it sorts in place and its inner loop is tight, so it wins on arrays in memory.\n\nMerge sort wins when the data is a linked list or on disk.";
const SLOW: &str = "It depends on the data:\n\n- quicksort: O(n log n) on average, O(n²) at worst\n- merge sort: O(n log n) always, but it needs O(n) extra space";

/// The fast answer has ended, the slow one is still coming.
#[test]
fn compare_streaming() {
    each_size("compare_live", |s| {
        let reqs = begin(s);
        event(s, reqs[0].turn, StreamEvent::Text(FAST.into()), 400);
        end(s, reqs[0].turn, 1400);
        let half = SLOW.len() / 2;
        let half = (half..SLOW.len())
            .find(|&i| SLOW.is_char_boundary(i))
            .unwrap();
        event(
            s,
            reqs[1].turn,
            StreamEvent::Text(SLOW[..half].into()),
            1900,
        );
        2500
    });
}

/// A reasoning model thinks first: its reasoning shows while nothing else
/// came, then folds to one line once the answer begins.
#[test]
fn compare_reasoning() {
    each_size("compare_reasoning", |s| {
        let reqs = begin(s);
        event(
            s,
            reqs[1].turn,
            StreamEvent::Reasoning(
                "The user asks about sorting. Quicksort averages n log n; merge sort is stable and"
                    .into(),
            ),
            300,
        );
        event(
            s,
            reqs[0].turn,
            StreamEvent::Reasoning("Short think.".into()),
            350,
        );
        event(s, reqs[0].turn, StreamEvent::Text(FAST.into()), 400);
        900
    });
}

/// Both ended: the last goes on unless Alt+1 chooses the first.
#[test]
fn compare_ended() {
    each_size("compare_done", |s| {
        let reqs = begin(s);
        event(s, reqs[0].turn, StreamEvent::Text(FAST.into()), 400);
        end(s, reqs[0].turn, 1400);
        event(s, reqs[1].turn, StreamEvent::Text(SLOW.into()), 1900);
        end(s, reqs[1].turn, 3000);
        3000
    });
}

/// A target's tool call is asked about as any call is, the panel saying
/// whose it is; its yes runs the tool for that lane alone, and that lane's
/// turn goes on with the result while the other's answer stays.
#[test]
fn compare_tool_call_asks_and_its_lane_goes_on() {
    use supchat::tui::app::Effect;
    use supchat_api::event::ToolCallDelta;
    use supchat_chat::{Approval, ToolResult};
    let tools = "[[tools]]\nname = \"weather\"\ndescription = \"Weather for a city\"\nparameters = { type = \"object\", properties = { city = { type = \"string\" } } }\ncommand = [\"/usr/local/bin/weather\"]\n";
    let build = |s: &mut Scene| -> (Vec<TurnRequest>, u64) {
        with_config(s, &format!("{CONFIG}{tools}"));
        s.type_text("/compare local other");
        let t = s.t0;
        s.app.update(key(KeyCode::Enter), t);
        s.type_text("Weather in Paris?");
        let reqs: Vec<TurnRequest> = s
            .app
            .update(key(KeyCode::Enter), t)
            .into_iter()
            .filter_map(|e| match e {
                Effect::StartTurn(r) => Some(*r),
                _ => None,
            })
            .collect();
        assert!(
            reqs.iter().all(|r| r.options.tools.is_some()),
            "tools are offered to both"
        );
        event(
            s,
            reqs[0].turn,
            StreamEvent::Text("Sunny, I think.".into()),
            300,
        );
        end(s, reqs[0].turn, 500);
        let call = ToolCallDelta {
            slot: 0,
            id: Some("call_w".into()),
            name: Some("weather".into()),
            arguments: "{\"city\": \"Paris\"}".into(),
        };
        event(s, reqs[1].turn, StreamEvent::ToolCall(call), 600);
        end(s, reqs[1].turn, 700);
        (reqs, 1500)
    };
    each_size("compare_tool_approval", |s| build(s).1);
    let mut s = Scene::new(120, 40);
    let (reqs, ms) = build(&mut s);
    let a = s.app.approval().expect("the call waits for a yes");
    assert_eq!(a.from.as_deref(), Some("2 other · big-model"));
    let effects = s.app.update(key(KeyCode::Char('y')), s.at(ms));
    let run = effects.iter().find_map(|e| match e {
        Effect::RunTools { turn, .. } => Some(*turn),
        _ => None,
    });
    assert_eq!(run, Some(reqs[1].turn), "{effects:?}");
    assert!(s.app.approval().is_none());
    let effects = s.app.update(
        Event::ToolDone {
            turn: reqs[1].turn,
            index: 0,
            result: ToolResult {
                call_id: "call_w".into(),
                name: "weather".into(),
                content: "18°C, clear".into(),
                is_error: false,
                approval: Some(Approval::User),
            },
        },
        s.at(ms + 100),
    );
    let next = effects.iter().find_map(|e| match e {
        Effect::StartTurn(r) => Some(r.clone()),
        _ => None,
    });
    let next = next.expect("the lane's turn goes on with the result");
    let roles: Vec<String> = next
        .messages
        .iter()
        .map(|m| format!("{:?}:{}", m.role, m.content))
        .collect();
    assert_eq!(
        roles,
        ["User:Weather in Paris?", "Assistant:", "Tool:18°C, clear",],
        "the other target's answer is not in this lane's history"
    );
    let t = next.turn;
    s.app.update(
        Event::Stream {
            turn: t,
            event: StreamEvent::Text("18°C and clear.".into()),
        },
        s.at(ms + 200),
    );
    s.app.update(
        Event::TurnDone {
            turn: t,
            end: RunEnd::Complete,
        },
        s.at(ms + 300),
    );
    assert!(!s.app.is_busy());
    let texts: Vec<String> = s
        .app
        .conversation()
        .entries()
        .iter()
        .map(|e| match &e.kind {
            supchat_chat::EntryKind::User { text, .. } => format!("user:{text}"),
            supchat_chat::EntryKind::Assistant(a) => format!("{:?}:{}", a.compare, a.reply.text),
            supchat_chat::EntryKind::ToolResult(r) => format!("tool:{}", r.content),
            _ => "other".into(),
        })
        .collect();
    assert_eq!(
        texts,
        [
            "user:Weather in Paris?",
            "Some(1):Sunny, I think.",
            "Some(2):",
            "tool:18°C, clear",
            "Some(2):18°C and clear.",
        ]
    );
}

/// Closed (Esc), the conversation shows the answer that goes on whole and
/// the other as one line; after Alt+1, the first whole and the second as
/// one line.
#[test]
fn compare_closed() {
    for (name, k) in [
        ("compare_closed", KeyCode::Esc),
        ("compare_chose_first", KeyCode::Char('1')),
    ] {
        each_size(name, |s| {
            let reqs = begin(s);
            event(s, reqs[0].turn, StreamEvent::Text(FAST.into()), 400);
            end(s, reqs[0].turn, 1400);
            event(s, reqs[1].turn, StreamEvent::Text(SLOW.into()), 1900);
            end(s, reqs[1].turn, 3000);
            // A frame drawn with the compare open, as the chat draws them.
            s.settle(3000);
            let mods = if k == KeyCode::Esc {
                KeyModifiers::NONE
            } else {
                KeyModifiers::ALT
            };
            let t = s.at(3100);
            s.app.update(Event::Key(KeyEvent::new(k, mods)), t);
            3200
        });
    }
}
