//! Saved sessions on screen: the list, a search hit opened, new
//! conversations.

use super::*;

#[test]
fn the_session_list() {
    use supchat_chat::Timestamp;
    use supchat_core::store::{Hit, SessionId, SessionMeta};
    let meta = |id: &str, title: &str, at: u64, provider: &str, model: &str, n: u64| SessionMeta {
        id: SessionId(id.into()),
        title: title.into(),
        created: Timestamp(at),
        updated: Timestamp(at + 60_000),
        provider: provider.into(),
        model: model.into(),
        messages: n,
        spent: Vec::new(),
    };
    let mut sessions = vec![
        meta(
            "1a23000000000001",
            "How do lifetimes work?",
            1_796_154_300_000,
            "supage",
            "claude-sonnet-4-6",
            12,
        ),
        meta(
            "1a22000000000002",
            "生命周期是什么",
            1_796_054_300_000,
            "supai",
            "thinking",
            4,
        ),
        meta(
            "1a21000000000003",
            "Review this diff",
            1_795_954_300_000,
            "supage",
            "claude-opus-4-1",
            30,
        ),
        // Sent once, never answered: no provider to show, one message.
        meta(
            "1a20000000000004",
            "Unanswered",
            1_795_854_300_000,
            "",
            "",
            1,
        ),
    ];
    // What the first one's replies cost.
    sessions[0].spent = vec![supchat_chat::cost::Cost {
        amount: 0.4213,
        currency: "USD".into(),
    }];
    let build = |s: &mut Scene, query: &str| {
        let t = s.t0;
        s.app = App::new(&Config::default(), s.app.size()).with_startup(
            Default::default(),
            true,
            true,
            t,
        );
        s.app.update(key(KeyCode::F(5)), t);
        s.type_text(query);
        let hits = if query.is_empty() {
            Vec::new()
        } else {
            let hit = |session: &str, title: &str, message, snippet: &str| Hit {
                session: SessionId(session.into()),
                title: title.into(),
                entry: message + 1,
                message,
                snippet: snippet.into(),
                updated: Timestamp(1_795_954_360_000),
            };
            // Two hits in one session are grouped under its title, in
            // the order of its first.
            vec![
                hit(
                    "1a21000000000003",
                    "Review this diff",
                    3,
                    "the [lifetime] of the borrow ends here",
                ),
                hit(
                    "2b21000000000004",
                    "Borrowing",
                    2,
                    "a [lifetime] is a region",
                ),
                hit(
                    "1a21000000000003",
                    "Review this diff",
                    7,
                    "so the [lifetime] needs a name",
                ),
            ]
        };
        s.app.update(
            Event::SessionsListed {
                query: query.into(),
                result: Ok((sessions.clone(), hits)),
            },
            t,
        );
        0
    };
    each_size("sessions", |s| build(s, ""));
    each_size("sessions_search", |s| build(s, "lifet"));
    supchat_i18n::set_for_this_thread(supchat_i18n::Lang::ZhCn);
    each_size("zh_sessions", |s| build(s, ""));
    each_size("zh_sessions_search", |s| build(s, "lifet"));
}

#[test]
fn a_search_hit_opens_its_session_at_the_message() {
    use supchat::tui::app::Effect;
    use supchat_chat::{
        Answerer, AssistantEntry, Conversation, Entry, EntryId, EntryKind, Reply, ReplyEnd,
        Timestamp,
    };
    use supchat_core::config::ProviderKind;
    use supchat_core::session::Opened;
    use supchat_core::store::{Hit, SessionId, SessionMeta};
    let id = SessionId("1a21000000000003".into());
    let meta = SessionMeta {
        id: id.clone(),
        title: "Forty questions".into(),
        created: Timestamp(1_795_954_300_000),
        updated: Timestamp(1_795_954_360_000),
        provider: "supage".into(),
        model: "claude-sonnet-4-6".into(),
        messages: 80,
        spent: Vec::new(),
    };
    let mut entries = Vec::new();
    for i in 0..40u64 {
        entries.push(Entry {
            id: EntryId(2 * i + 1),
            at: Timestamp(1_795_954_300_000 + i),
            kind: EntryKind::User {
                text: format!("question {i}"),
                attachments: Vec::new(),
                edit_of: None,
            },
        });
        let text = if i == 10 {
            "the lifetime of the borrow ends here".to_owned()
        } else {
            format!("answer {i}")
        };
        entries.push(Entry {
            id: EntryId(2 * i + 2),
            at: Timestamp(1_795_954_300_000 + i),
            kind: EntryKind::Assistant(Box::new(AssistantEntry {
                answerer: Answerer {
                    provider: "supage".into(),
                    kind: ProviderKind::OpenAi,
                    model: "claude-sonnet-4-6".into(),
                    models: Vec::new(),
                },
                reply: Reply {
                    text,
                    ..Reply::default()
                },
                end: ReplyEnd::Complete,
                stats: None,
                reasoning_took: None,
                retry: false,
                compare: None,
            })),
        });
    }
    let conv = Conversation::from_entries(entries).unwrap();
    each_size("search_hit_opened", |s| {
        let t = s.t0;
        s.app = App::new(&Config::default(), s.app.size()).with_startup(
            Default::default(),
            true,
            true,
            t,
        );
        s.app.update(key(KeyCode::F(5)), t);
        s.type_text("lifet");
        let hit = Hit {
            session: id.clone(),
            title: meta.title.clone(),
            entry: 22,
            message: 12,
            snippet: "the [lifetime] of the borrow ends here".into(),
            updated: meta.updated,
        };
        s.app.update(
            Event::SessionsListed {
                query: "lifet".into(),
                result: Ok((Vec::new(), vec![hit])),
            },
            t,
        );
        assert_eq!(
            s.app.update(key(KeyCode::Enter), t),
            vec![Effect::OpenSession(id.clone())]
        );
        let opened = Opened {
            meta: meta.clone(),
            conversation: conv.clone(),
            recorder: None,
            notice: None,
        };
        s.app.update(Event::SessionOpened(Ok(Box::new(opened))), t);
        0
    });
}

#[test]
fn each_new_conversation_shows_what_was_typed_in_it() {
    let mut s = Scene::new(80, 24);
    let mut cache = ViewCache::default();
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut screen = |s: &mut Scene| {
        let now = s.at(2000);
        let mut report = Default::default();
        term.draw(|f| report = draw(f, &s.app, &mut cache, now.mono))
            .unwrap();
        s.app.update(Event::Drawn(report), now);
        format!("{}", term.backend())
    };
    for (i, prompt) in ["AAA first", "CCC new", "DDD new"].iter().enumerate() {
        if i > 0 {
            let t = s.at(1900);
            s.app.update(Event::NewSessionReady(None), t);
        }
        s.send(prompt);
        s.text("an answer", 100);
        s.done(1500);
        let shown = screen(&mut s);
        assert!(shown.contains(prompt), "{prompt} is on screen:\n{shown}");
        assert!(
            i == 0 || !shown.contains("AAA first"),
            "an old prompt is drawn in a new conversation:\n{shown}"
        );
    }
}
