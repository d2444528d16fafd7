//! Branches: going back to an earlier answer or message, and what is sent
//! from then on.

use crate::config::ProviderKind;
use crate::engine::history::messages;
use crate::engine::history::{branches, newest_prompt};
use supchat_chat::{
    Answerer, AssistantEntry, Conversation, EntryId, EntryKind, Reply, ReplyEnd, Timestamp,
};

fn user(c: &mut Conversation, text: &str, edit_of: Option<EntryId>) -> EntryId {
    c.push(
        Timestamp(0),
        EntryKind::User {
            text: text.into(),
            attachments: Vec::new(),
            edit_of,
        },
    )
}

fn answer(c: &mut Conversation, text: &str, retry: bool) -> EntryId {
    let a = AssistantEntry {
        answerer: Answerer {
            provider: "supage".into(),
            kind: ProviderKind::OpenAi,
            model: "m".into(),
            models: Vec::new(),
        },
        reply: Reply {
            text: text.into(),
            ..Reply::default()
        },
        end: ReplyEnd::Complete,
        stats: None,
        reasoning_took: None,
        retry,
        compare: None,
    };
    c.push(Timestamp(0), EntryKind::Assistant(Box::new(a)))
}

fn switch(c: &mut Conversation, to: EntryId) {
    c.push(Timestamp(0), EntryKind::Switch { to });
}

/// The texts sent, in order.
fn sent(c: &Conversation) -> Vec<String> {
    messages(c, true).into_iter().map(|m| m.content).collect()
}

#[test]
fn going_back_to_an_earlier_answer_sends_it_and_what_follows_goes_on_from_it() {
    let mut c = Conversation::default();
    let u1 = user(&mut c, "q1", None);
    let a1 = answer(&mut c, "first answer", false);
    let a2 = answer(&mut c, "second answer", true);
    assert_eq!(sent(&c), ["q1", "second answer"]);
    assert_eq!(branches(&c, a2), Some((1, vec![a1, a2])));
    assert_eq!(branches(&c, u1), None, "one message, no edits");
    switch(&mut c, a1);
    assert_eq!(sent(&c), ["q1", "first answer"]);
    assert_eq!(branches(&c, a1), Some((0, vec![a1, a2])));
    assert_eq!(newest_prompt(&c), Some(u1));
    let u2 = user(&mut c, "q2", None);
    answer(&mut c, "a to q2", false);
    assert_eq!(sent(&c), ["q1", "first answer", "q2", "a to q2"]);
    // Gone back to the second answer, a retry answers q1 again (not q2,
    // the newest message in the log).
    switch(&mut c, a2);
    assert_eq!(sent(&c), ["q1", "second answer"]);
    assert_eq!(newest_prompt(&c), Some(u1));
    switch(&mut c, a1);
    assert_eq!(newest_prompt(&c), Some(u2), "the branch with q2, as left");
}

#[test]
fn going_back_before_an_edit_brings_the_whole_branch_as_it_was_left() {
    let mut c = Conversation::default();
    let u1 = user(&mut c, "q1", None);
    let a1 = answer(&mut c, "a1", false);
    user(&mut c, "q2", None);
    let a2 = answer(&mut c, "a2", false);
    // A retry inside the first branch, then gone back to the first answer
    // to q2: the branch is left that way.
    let a2b = answer(&mut c, "a2 again", true);
    switch(&mut c, a2);
    let e1 = user(&mut c, "q1, edited", Some(u1));
    answer(&mut c, "a1 to the edit", false);
    assert_eq!(sent(&c), ["q1, edited", "a1 to the edit"]);
    assert_eq!(branches(&c, e1), Some((1, vec![u1, e1])));
    switch(&mut c, u1);
    assert_eq!(sent(&c), ["q1", "a1", "q2", "a2"], "as it was when left");
    assert_eq!(branches(&c, a2), Some((0, vec![a2, a2b])));
    assert_eq!(branches(&c, a1), None);
    switch(&mut c, e1);
    assert_eq!(sent(&c), ["q1, edited", "a1 to the edit"]);
}

#[test]
fn a_switch_to_an_entry_deleted_since_is_left_alone() {
    let mut c = Conversation::default();
    user(&mut c, "q1", None);
    answer(&mut c, "a1", false);
    switch(&mut c, EntryId(99));
    assert_eq!(sent(&c), ["q1", "a1"]);
}
