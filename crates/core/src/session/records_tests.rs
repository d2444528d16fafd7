use super::*;
use supchat_chat::EntryKind;

/// A database that cannot be written (a read-only mount): `--continue`
/// resumes the session to read and go on from, saving nothing, and
/// says so; it does not refuse.
#[test]
fn a_database_that_cannot_be_written_is_resumed_without_saving() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("sessions.db");
    let id = SessionId::new(now());
    {
        let mut store = Store::open(&path).unwrap();
        let mut conv = supchat_chat::Conversation::default();
        conv.push(
            now(),
            EntryKind::User {
                text: "hello".into(),
                attachments: Vec::new(),
                edit_of: None,
            },
        );
        let meta = SessionMeta::of(id.clone(), "hello".into(), &conv);
        store.put_session(&meta, &conv).unwrap();
    }
    let reader = Store::open_read_only(&path).unwrap();
    let journal = Journal::start_later(d.path().join("nowhere/x.db"), Box::new(|_| {}));
    let records = Records::from_parts(Some(reader), Some(journal));
    let opened = records.open_id(&id, WhenHeld::Refuse).unwrap();
    assert_eq!(opened.conversation.len(), 1);
    assert!(opened.recorder.is_none(), "nothing is saved");
    assert!(
        opened.notice.unwrap().starts_with("resumed without saving"),
        "said"
    );
}
