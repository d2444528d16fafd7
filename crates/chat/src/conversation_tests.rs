//! The conversation's data: every kind of entry read back, their order,
//! and which reply a tool result belongs to.

use std::time::Duration;

use serde_json::json;

use super::*;
use crate::{AnswerSource, PartialToolCall, SupAiRun, SupAiThread, ThreadState, Usage};

fn every_kind() -> Conversation {
    let mut c = Conversation::default();
    let at = Timestamp(1_800_000_000_123);
    c.push(
        at,
        EntryKind::System {
            text: "Be brief.".into(),
            preset: None,
        },
    );
    let q = c.push(
        at,
        EntryKind::User {
            text: "你好, weather?".into(),
            attachments: Vec::new(),
            edit_of: None,
        },
    );
    let mut extensions = serde_json::Map::new();
    extensions.insert("chunk.provider".into(), json!("x"));
    let reply = Reply {
        text: "Checking.".into(),
        reasoning: "the user wants weather".into(),
        tool_calls: vec![PartialToolCall {
            id: Some("c1".into()),
            name: "weather".into(),
            arguments: "{\"city\":\"Paris\"}".into(),
        }],
        usage: Some(Usage {
            prompt_tokens: Some(12),
            completion_tokens: Some(u64::MAX),
            total_tokens: None,
            reasoning_tokens: Some(3),
            cached_tokens: Some(0),
        }),
        finish: Some(FinishReason::Other("odd".into())),
        model: Some("claude-sonnet-4-6-20260101".into()),
        lost_frames: 2,
        extensions,
        supai: SupAiRun {
            mode: Some("thinking".into()),
            launched: vec!["a/b".into()],
            threads: vec![SupAiThread {
                key: "main".into(),
                model_id: Some("a/b".into()),
                state: ThreadState::Answering,
                thinking: "hm".into(),
                text: "t".into(),
                confidence: Some(0.87),
            }],
            consensus_model: Some("a/b".into()),
            final_models: vec!["a/b".into()],
            unknown: vec![json!({"type": "new-frame", "n": 1})],
            unknown_count: 3,
            dropped_frames: 7,
        },
        source: AnswerSource::SupAiMain,
        reasoning_source: AnswerSource::Standard,
    };
    let stats = TurnStats {
        ttft: Some(Duration::from_millis(412)),
        duration: Duration::from_micros(1_900_001),
        usage: reply.usage,
        tokens_per_sec: Some(85.25),
        estimated: true,
        cost: Some(crate::cost::Cost {
            amount: 0.0123,
            currency: "USD".into(),
        }),
    };
    let answerer = Answerer {
        provider: "supai".into(),
        kind: ProviderKind::SupAi,
        model: "thinking".into(),
        models: vec!["a/b".into()],
    };
    let ends = [
        ReplyEnd::Complete,
        ReplyEnd::Streaming,
        ReplyEnd::Cancelled,
        ReplyEnd::Interrupted {
            error: "the reply broke off".into(),
        },
    ];
    for end in ends {
        let retry = end == ReplyEnd::Complete;
        let a = AssistantEntry {
            answerer: answerer.clone(),
            reply: reply.clone(),
            end,
            stats: Some(stats.clone()),
            reasoning_took: Some(Duration::from_millis(300)),
            retry,
            compare: None,
        };
        c.push(at, EntryKind::Assistant(Box::new(a)));
    }
    c.push(
        at,
        EntryKind::ToolResult(ToolResult {
            call_id: "c1".into(),
            name: "weather".into(),
            content: "18°C".into(),
            is_error: true,
            approval: None,
        }),
    );
    for (prompt, sent) in [(Some(q), true), (None, false)] {
        let f = FailedSend {
            prompt,
            error: "HTTP 500".into(),
            sent,
        };
        c.push(at, EntryKind::FailedSend(f));
    }
    c
}

#[test]
fn every_entry_kind_reads_back_equal() {
    let c = every_kind();
    assert_eq!(c.len(), 9);
    let json = serde_json::to_string(&c).unwrap();
    let back: Conversation = serde_json::from_str(&json).unwrap();
    assert_eq!(back, c);
}

#[test]
fn stored_entries_out_of_order_are_refused() {
    let mut c = every_kind();
    let mut entries = c.entries().to_vec();
    entries.swap(1, 2);
    let json = json!({ "entries": entries });
    let err = serde_json::from_value::<Conversation>(json).unwrap_err();
    assert!(err.to_string().contains("out of order"), "{err}");
    // Appending after a stored conversation continues its ids.
    let next = c.push(
        Timestamp(0),
        EntryKind::User {
            text: "x".into(),
            attachments: Vec::new(),
            edit_of: None,
        },
    );
    assert_eq!(next, EntryId(10));
}

#[test]
fn a_tool_result_belongs_to_the_reply_it_follows() {
    let c = every_kind();
    // The result follows the last reply only.
    assert!(c.tool_result(EntryId(6), "c1").is_some());
    assert!(c.tool_result(EntryId(5), "c1").is_none());
    assert!(c.tool_result(EntryId(6), "c2").is_none());
}

/// How a reply ended, who let a tool run, a failed send and a turn's
/// figures read in Chinese when Chinese is in use.
#[test]
fn end_notes_approvals_and_figures_read_in_chinese() {
    supchat_i18n::set_for_this_thread(supchat_i18n::Lang::ZhCn);
    assert_eq!(
        EndNote::Incomplete(2).to_string(),
        supchat_i18n::tr!("end-incomplete", n = 2)
    );
    assert!(!EndNote::Length.to_string().contains("the reply"));
    assert_eq!(
        EndNote::Interrupted("broke off".into()).to_string(),
        "broke off"
    );
    assert_eq!(Approval::Flag.describe(), supchat_i18n::tr("approval-flag"));
    let f = FailedSend {
        prompt: None,
        error: "x".into(),
        sent: false,
    };
    assert_eq!(f.title(), supchat_i18n::tr("failed-not-sent"));
    assert_ne!(f.title(), "The message was not sent");
    let s = crate::TurnStats {
        duration: Duration::from_millis(1500),
        usage: Some(Usage {
            prompt_tokens: Some(15),
            completion_tokens: Some(3),
            total_tokens: Some(18),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(s.summary(), "1.50s · 输入 15 + 输出 3 = 18 tokens");
    let none = crate::TurnStats::default().summary();
    assert!(none.ends_with("服务器未报告用量"), "{none}");
}

#[test]
fn entries_out_of_order_are_refused_in_chinese() {
    supchat_i18n::set_for_this_thread(supchat_i18n::Lang::ZhCn);
    let mut entries = every_kind().entries().to_vec();
    entries.swap(1, 2);
    let err = Conversation::from_entries(entries).unwrap_err();
    assert_eq!(err, "条目 id 顺序错乱：#3 在 #2 之前");
}
