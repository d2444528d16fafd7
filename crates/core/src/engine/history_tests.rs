//! What a request carries: the history sent, after retries, edits and
//! failed sends.

use serde_json::json;

use super::messages;
use crate::config::ProviderKind;
use supchat_chat::{
    Answerer, AssistantEntry, Conversation, EntryId, EntryKind, FailedSend, Message,
    PartialToolCall, Reply, ReplyEnd, Role, Timestamp, ToolResult,
};

fn answerer() -> Answerer {
    Answerer {
        provider: "supage".into(),
        kind: ProviderKind::OpenAi,
        model: "m".into(),
        models: Vec::new(),
    }
}

fn user(c: &mut Conversation, text: &str) -> EntryId {
    c.push(
        Timestamp(0),
        EntryKind::User {
            text: text.into(),
            attachments: Vec::new(),
            edit_of: None,
        },
    )
}

fn reply_with(c: &mut Conversation, reply: Reply, end: ReplyEnd) -> EntryId {
    let a = AssistantEntry {
        answerer: answerer(),
        reply,
        end,
        stats: None,
        reasoning_took: None,
        retry: false,
        compare: None,
    };
    c.push(Timestamp(0), EntryKind::Assistant(Box::new(a)))
}

fn reply(c: &mut Conversation, text: &str, end: ReplyEnd) -> EntryId {
    let r = Reply {
        text: text.into(),
        ..Reply::default()
    };
    reply_with(c, r, end)
}

fn calling(c: &mut Conversation, text: &str, ids: &[&str]) -> EntryId {
    let r = Reply {
        text: text.into(),
        tool_calls: ids
            .iter()
            .map(|id| PartialToolCall {
                id: Some((*id).into()),
                name: "weather".into(),
                arguments: json!({"city": "Paris"}).to_string(),
            })
            .collect(),
        ..Reply::default()
    };
    reply_with(c, r, ReplyEnd::Complete)
}

fn result(c: &mut Conversation, id: &str, content: &str) {
    let r = ToolResult {
        call_id: id.into(),
        name: "weather".into(),
        content: content.into(),
        is_error: false,
        approval: None,
    };
    c.push(Timestamp(0), EntryKind::ToolResult(r));
}

fn roles(m: &[Message]) -> Vec<Role> {
    m.iter().map(|m| m.role).collect()
}

#[test]
fn system_user_and_replies_go_in_order_without_reasoning() {
    let mut c = Conversation::default();
    c.push(
        Timestamp(0),
        EntryKind::System {
            text: "Be brief.".into(),
            preset: None,
        },
    );
    user(&mut c, "hi");
    let r = Reply {
        text: "hello".into(),
        reasoning: "the user greets me".into(),
        ..Reply::default()
    };
    reply_with(&mut c, r, ReplyEnd::Complete);
    user(&mut c, "how are you?");
    let m = messages(&c, true);
    assert_eq!(
        m,
        vec![
            Message::system("Be brief."),
            Message::user("hi"),
            Message::assistant("hello"),
            Message::user("how are you?"),
        ]
    );
    assert!(m[2].reasoning.is_none(), "reasoning is never sent back");
}

#[test]
fn partial_replies_go_and_empty_ones_do_not() {
    let mut c = Conversation::default();
    user(&mut c, "a");
    reply(&mut c, "half of it", ReplyEnd::Cancelled);
    user(&mut c, "b");
    let error = "the reply broke off".to_owned();
    reply(&mut c, "broken", ReplyEnd::Interrupted { error });
    user(&mut c, "c");
    reply(&mut c, "", ReplyEnd::Cancelled);
    user(&mut c, "d");
    let m = messages(&c, true);
    let texts: Vec<&str> = m.iter().map(|m| m.content.as_str()).collect();
    assert_eq!(
        texts,
        ["a", "half of it", "b", "broken", "d"],
        "c got nothing back, so it is not sent again"
    );
}

#[test]
fn a_reply_still_streaming_is_not_sent() {
    let mut c = Conversation::default();
    user(&mut c, "a");
    reply(&mut c, "so far", ReplyEnd::Streaming);
    assert_eq!(messages(&c, true), vec![Message::user("a")]);
}

#[test]
fn a_message_whose_send_failed_is_not_sent_again() {
    let mut c = Conversation::default();
    let first = user(&mut c, "question");
    let failed = FailedSend {
        prompt: Some(first),
        error: "HTTP 500".into(),
        sent: true,
    };
    c.push(Timestamp(0), EntryKind::FailedSend(failed));
    user(&mut c, "question");
    assert_eq!(messages(&c, true), vec![Message::user("question")]);
}

#[test]
fn tool_calls_go_only_with_all_their_results() {
    let mut c = Conversation::default();
    user(&mut c, "weather in Paris and Rome?");
    calling(&mut c, "Looking.", &["c1", "c2"]);
    result(&mut c, "c1", "18°C");
    result(&mut c, "c2", "24°C");
    let m = messages(&c, true);
    assert_eq!(
        roles(&m),
        [Role::User, Role::Assistant, Role::Tool, Role::Tool]
    );
    let ids: Vec<&str> = m[1].tool_calls.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["c1", "c2"]);
    assert_eq!(m[2].tool_call_id.as_deref(), Some("c1"));
    assert_eq!(m[3].content, "24°C");
}

#[test]
fn a_call_left_without_its_result_is_sent_as_interrupted_with_its_turn() {
    // supchat killed while c2 ran (or the turn stopped): resumed, the turn
    // still goes, every call with a result, the missing one marked.
    let mut c = Conversation::default();
    user(&mut c, "weather?");
    calling(&mut c, "Let me check.", &["c1", "c2"]);
    result(&mut c, "c1", "18°C");
    user(&mut c, "never mind");
    let m = messages(&c, true);
    assert_eq!(
        roles(&m),
        [
            Role::User,
            Role::Assistant,
            Role::Tool,
            Role::Tool,
            Role::User
        ]
    );
    assert_eq!(m[1].tool_calls.len(), 2);
    assert_eq!(m[2].content, "18°C");
    assert_eq!(m[3].tool_call_id.as_deref(), Some("c2"));
    assert_eq!(m[3].content, super::INTERRUPTED);
    // A reply that was only calls, none answered: the turn goes, not just
    // the new message.
    let mut c = Conversation::default();
    user(&mut c, "weather?");
    calling(&mut c, "", &["c1"]);
    user(&mut c, "hello?");
    let m = messages(&c, true);
    assert_eq!(
        roles(&m),
        [Role::User, Role::Assistant, Role::Tool, Role::User]
    );
    assert_eq!(m[2].content, super::INTERRUPTED);
}

#[test]
fn results_pair_with_their_own_reply_even_when_ids_repeat() {
    let mut c = Conversation::default();
    user(&mut c, "one");
    calling(&mut c, "", &["call_0"]);
    result(&mut c, "call_0", "first");
    reply(&mut c, "done one", ReplyEnd::Complete);
    user(&mut c, "two");
    // The same id again (a server that numbers calls per reply), unanswered.
    calling(&mut c, "checking", &["call_0"]);
    user(&mut c, "three");
    let m = messages(&c, true);
    assert_eq!(
        roles(&m),
        [
            Role::User,
            Role::Assistant,
            Role::Tool,
            Role::Assistant,
            Role::User,
            Role::Assistant,
            Role::Tool,
            Role::User
        ]
    );
    assert_eq!(m[2].content, "first");
    assert_eq!(
        m[6].content,
        super::INTERRUPTED,
        "the second call_0 has no result of its own: the first's is not taken"
    );
}

#[test]
fn supai_gets_system_user_and_assistant_text_only() {
    let mut c = Conversation::default();
    c.push(
        Timestamp(0),
        EntryKind::System {
            text: "Be brief.".into(),
            preset: None,
        },
    );
    user(&mut c, "weather?");
    calling(&mut c, "", &["c1"]);
    result(&mut c, "c1", "18°C");
    reply(&mut c, "It is 18°C.", ReplyEnd::Complete);
    user(&mut c, "thanks");
    let m = messages(&c, false);
    assert_eq!(
        m,
        vec![
            Message::system("Be brief."),
            Message::user("weather?"),
            Message::assistant("It is 18°C."),
            Message::user("thanks"),
        ]
    );
}

#[test]
fn unanswered_prompts_are_left_out_so_no_two_user_messages_follow_each_other() {
    let mut c = Conversation::default();
    user(&mut c, "stopped at once");
    reply(&mut c, "", ReplyEnd::Cancelled);
    let failed = user(&mut c, "failed");
    let f = FailedSend {
        prompt: Some(failed),
        error: "HTTP 500".into(),
        sent: true,
    };
    c.push(Timestamp(0), EntryKind::FailedSend(f));
    // Only reasoning arrived before the stream broke: no text to send.
    let r = Reply {
        reasoning: "hmm".into(),
        ..Reply::default()
    };
    user(&mut c, "broke during reasoning");
    let error = "cut".to_owned();
    reply_with(&mut c, r, ReplyEnd::Interrupted { error });
    user(&mut c, "answered");
    reply(&mut c, "yes", ReplyEnd::Complete);
    user(&mut c, "now");
    let m = messages(&c, true);
    assert_eq!(
        m,
        vec![
            Message::user("answered"),
            Message::assistant("yes"),
            Message::user("now")
        ]
    );
    for tools in [true, false] {
        let m = messages(&c, tools);
        assert!(
            m.windows(2)
                .all(|w| !(w[0].role == Role::User && w[1].role == Role::User))
        );
    }
}

#[test]
fn the_newest_prompt_goes_even_when_it_failed_before_so_it_can_be_sent_again() {
    let mut c = Conversation::default();
    let q = user(&mut c, "question");
    let f = FailedSend {
        prompt: Some(q),
        error: "HTTP 401".into(),
        sent: true,
    };
    c.push(Timestamp(0), EntryKind::FailedSend(f));
    assert_eq!(messages(&c, true), vec![Message::user("question")]);
}

/// A reply stopped or broken off while a call was still arriving: its
/// calls (maybe half-written) are never sent; its text is.
#[test]
fn calls_of_a_reply_cut_while_they_arrived_are_not_sent() {
    let mut c = Conversation::default();
    user(&mut c, "weather?");
    let r = Reply {
        text: "Checking.".into(),
        tool_calls: vec![PartialToolCall {
            id: Some("c1".into()),
            name: "weather".into(),
            arguments: "{\"city\": \"Par".into(),
        }],
        ..Reply::default()
    };
    reply_with(&mut c, r, ReplyEnd::Cancelled);
    user(&mut c, "never mind");
    let m = messages(&c, true);
    assert_eq!(roles(&m), [Role::User, Role::Assistant, Role::User]);
    assert!(m[1].tool_calls.is_empty() && m[1].content == "Checking.");
}
