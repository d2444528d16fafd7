//! Tool calls, queued messages and attachments on screen.

use super::*;

/// A config with a tool that asks and a built-in that does not.
fn tools_config() -> Config {
    let text = r#"
enabled_tools = ["read_file"]
[[tools]]
name = "weather"
description = "Weather for a city"
parameters = { type = "object", properties = { city = { type = "string" } }, required = ["city"] }
command = ["/usr/local/bin/weather", "--metric"]
"#;
    supchat_core::config::load_from_str(text, std::path::Path::new("/etc/supchat/config.toml"))
        .unwrap()
}

/// A reply calling weather (arguments in fragments) and read_file.
fn calls_tools(s: &mut Scene) {
    use supchat_api::event::ToolCallDelta;
    s.app = App::new(&tools_config(), s.app.size());
    s.send("Weather in Paris, and what do my notes say?");
    s.text("Let me look.", 200);
    let frag = |slot, id: Option<&str>, name: Option<&str>, args: &str| ToolCallDelta {
        slot,
        id: id.map(Into::into),
        name: name.map(Into::into),
        arguments: args.into(),
    };
    s.stream(
        StreamEvent::ToolCall(frag(0, Some("call_w"), Some("weather"), "{\"ci")),
        250,
    );
    s.stream(
        StreamEvent::ToolCall(frag(0, None, None, "ty\": \"Paris\"}")),
        300,
    );
    s.stream(
        StreamEvent::ToolCall(frag(
            1,
            Some("call_f"),
            Some("read_file"),
            "{\"path\": \"notes.txt\"}",
        )),
        320,
    );
}

#[test]
fn tool_call_cell() {
    use supchat_api::event::ToolCallDelta;
    each_size("tool_call", |s| {
        s.send("What's the weather in Paris?");
        s.text("Let me look that up.", 200);
        let call = ToolCallDelta {
            slot: 0,
            id: Some("call_1".into()),
            name: Some("get_weather".into()),
            arguments: "{\"city\":\"Paris\",\"unit\":\"C\"}".into(),
        };
        s.stream(StreamEvent::ToolCall(call), 300);
        s.done(400);
        500
    });
}

#[test]
fn tool_arguments_stream_in_then_the_approval_panel_asks() {
    use supchat_api::event::ToolCallDelta;
    each_size("tool_call_streaming", |s| {
        s.app = App::new(&tools_config(), s.app.size());
        s.send("Weather in Paris?");
        let call = ToolCallDelta {
            slot: 0,
            id: Some("call_w".into()),
            name: Some("weather".into()),
            arguments: "{\"city\": \"Pa".into(),
        };
        s.stream(StreamEvent::ToolCall(call), 250);
        300
    });
    each_size("tool_approval", |s| {
        calls_tools(s);
        s.done(400);
        1200
    });
    // Arguments longer than the panel: how many are out of sight is said
    // on its border, and Down scrolls them.
    each_size("tool_approval_long", |s| {
        s.app = App::new(&tools_config(), s.app.size());
        s.send("Weather for the week?");
        let days: Vec<String> = (1..=14).map(|d| format!("\"day {d}\"")).collect();
        let call = ToolCallDelta {
            slot: 0,
            id: Some("call_w".into()),
            name: Some("weather".into()),
            arguments: format!("{{\"city\": \"Paris\", \"days\": [{}]}}", days.join(", ")),
        };
        s.stream(StreamEvent::ToolCall(call), 250);
        s.done(400);
        s.app.update(key(KeyCode::Down), s.at(1300));
        s.app.update(key(KeyCode::Down), s.at(1300));
        1400
    });
    // A built-in reaching a secret asks, and the panel says why.
    each_size("tool_approval_secret", |s| {
        s.app = App::new(&tools_config(), s.app.size());
        s.send("What keys do I have?");
        let call = ToolCallDelta {
            slot: 0,
            id: Some("call_k".into()),
            name: Some("read_file".into()),
            arguments: "{\"path\": \".ssh/id_ed25519\"}".into(),
        };
        s.stream(StreamEvent::ToolCall(call), 250);
        s.done(400);
        1400
    });
    each_size("tool_approval_while_typing", |s| {
        calls_tools(s);
        s.done(400);
        s.type_text("and then tell me");
        500
    });
}

#[test]
fn tool_results_fold_and_the_turn_goes_on() {
    use supchat::tui::app::Effect;
    use supchat_chat::{Approval, ToolResult};
    each_size("tool_results", |s| {
        calls_tools(s);
        s.done(400);
        // read_file ran at once; weather waits for y.
        let notes: String = (1..=12).map(|i| format!("note line {i}\n")).collect();
        let t = s.at(450);
        let done = |index, call: &str, name: &str, content: String, approval| Event::ToolDone {
            turn: 1,
            index,
            result: ToolResult {
                call_id: call.into(),
                name: name.into(),
                content,
                is_error: false,
                approval: Some(approval),
            },
        };
        s.app
            .update(done(1, "call_f", "read_file", notes, Approval::Auto), t);
        // A key at once goes to the draft: the panel is not armed yet.
        s.app.update(key(KeyCode::Char('y')), t);
        assert_eq!(s.app.draft(), "y");
        s.app.update(key(KeyCode::Backspace), t);
        let effects = s.app.update(key(KeyCode::Char('y')), s.at(1300));
        assert!(
            matches!(effects.as_slice(), [Effect::RunTools { turn: 1, jobs }] if jobs.len() == 1),
            "{effects:?}"
        );
        let effects = s.app.update(
            done(
                0,
                "call_w",
                "weather",
                // Longer than a row: wrapped between words.
                "18°C and sunny, a light breeze from the west; rain is expected tomorrow evening\n"
                    .into(),
                Approval::User,
            ),
            s.at(1400),
        );
        assert!(
            matches!(effects.as_slice(), [Effect::StartTurn(r)] if r.messages.len() == 4),
            "the results go back to the model: {effects:?}"
        );
        s.text(
            "It is 18°C and sunny in Paris; your notes list twelve lines.",
            1500,
        );
        s.done(1700);
        1800
    });
}

#[test]
fn messages_queued_while_a_reply_streams() {
    each_size("queued", |s| {
        s.send("Explain lifetimes");
        s.text(
            "A lifetime names the span in which a reference is valid",
            300,
        );
        for q in [
            "And what about 'static?",
            "Show an example\nwith two lines",
            "Thanks!",
            "One more",
        ] {
            s.type_text(q);
            let t = s.at(400);
            s.app.update(key(KeyCode::Enter), t);
        }
        500
    });
}

#[test]
fn a_message_with_attachments_shows_them_as_chips() {
    use supchat_chat::Attachment;
    // Before sending: the draft's files as chips, with why one will be
    // asked about.
    each_size("attach_chips_draft", |s| {
        s.type_text("compare @notes.txt with @~/.ssh/id_ed25519");
        100
    });
    each_size("attachments", |s| {
        let text = "What is in @notes.txt and @screenshot.png?";
        s.type_text(text);
        let t = s.t0;
        s.app.update(key(KeyCode::Enter), t);
        let files = vec![
            Attachment {
                name: "notes.txt".into(),
                mime: "text/plain".into(),
                data: "a\n".repeat(600),
                bytes: 1200,
            },
            Attachment {
                name: "screenshot.png".into(),
                mime: "image/png".into(),
                data: "AAAA".into(),
                bytes: 48_213,
            },
        ];
        s.app.update(
            Event::AttachmentsRead {
                text: text.into(),
                result: Ok(files),
            },
            t,
        );
        s.turn += 1;
        s.text(
            "The notes repeat one letter; the screenshot shows a terminal.",
            400,
        );
        s.done(600);
        700
    });
}

/// The approval panel and the tool cells in Chinese, at the three sizes.
#[test]
fn the_approval_panel_in_chinese() {
    supchat_i18n::set_for_this_thread(supchat_i18n::Lang::ZhCn);
    each_size("zh_tool_approval", |s| {
        calls_tools(s);
        s.done(400);
        1200
    });
}
