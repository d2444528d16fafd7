//! A compare: one question to 2-4 targets at once, with the same history.
//! The question joins the conversation once; each target answers it in a
//! lane, a [`ChatSession`] forked from this one that saves nothing and whose
//! turn runs as any turn does (stream, tool calls asked about as usual,
//! the requests after them). When every lane has ended, their answers join
//! the conversation as branches of that turn ([`ChatSession::adopt`]).

use supchat_chat::{Attachment, EntryId};

use super::{ChatSession, Choices, Out};
use crate::config::ProviderKind;
use crate::engine::{Now, SendError};

/// What a compare asks: a provider, with a model (or a Sup.ai mode) after
/// a `:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub provider: String,
    pub model: Option<String>,
}

impl Target {
    /// `supage`, `supage:claude-opus-4-1`, `supai:fast`.
    pub fn parse(s: &str) -> Target {
        let (provider, model) = match s.trim().split_once(':') {
            Some((p, m)) => (p, Some(m.trim()).filter(|m| !m.is_empty())),
            None => (s, None),
        };
        Target {
            provider: provider.trim().to_owned(),
            model: model.map(str::to_owned),
        }
    }

    /// The targets of a compare, each checked against the providers: 2 to
    /// 4 of them, each naming its provider.
    pub fn parse_all<'a>(
        words: impl IntoIterator<Item = &'a str>,
        choices: &Choices,
    ) -> Result<Vec<Target>, String> {
        let list: Vec<Target> = words
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .map(Target::parse)
            .collect();
        if !(2..=4).contains(&list.len()) {
            return Err(supchat_i18n::tr!("core-compare-count", n = list.len()));
        }
        if list.iter().any(|t| t.provider.is_empty()) {
            return Err(supchat_i18n::tr("core-compare-no-provider"));
        }
        let mut seen = Vec::new();
        for t in &list {
            let mut c = choices.clone();
            t.choose(&mut c)?;
            let p = c.current();
            // Said before anything is sent, as `ask --compare` does.
            if let Some(why) = p.key.plainly_missing(&p.name) {
                return Err(why);
            }
            let label = p.label();
            if seen.contains(&label) {
                return Err(supchat_i18n::tr!("core-compare-twice", target = label));
            }
            seen.push(label);
        }
        Ok(list)
    }

    /// The next message goes to this target.
    pub fn choose(&self, c: &mut Choices) -> Result<(), String> {
        c.select(&self.provider)?;
        match &self.model {
            Some(m) if c.current().kind == ProviderKind::SupAi => c.set_mode(m),
            Some(m) => {
                let i = c.current_index();
                c.set_model(i, m.clone());
                Ok(())
            }
            None => Ok(()),
        }
    }
}

/// A lane of a compare: its target's session and what its turn sends.
pub struct Lane {
    pub session: ChatSession,
    /// `Supage · claude-sonnet-4-6`: the provider and model it asks.
    pub label: String,
}

impl Lane {
    /// Its target answered the question whole (not stopped, not broken
    /// off, not failed): an answer to go on with.
    pub fn answered(&self, question: EntryId) -> bool {
        use supchat_chat::{EntryKind, ReplyEnd};
        let conv = self.session.conversation();
        let last = conv
            .entries()
            .iter()
            .filter(|e| e.id > question)
            .rfind(|e| matches!(e.kind, EntryKind::Assistant(_) | EntryKind::FailedSend(_)));
        matches!(last.map(|e| &e.kind), Some(EntryKind::Assistant(a)) if a.end == ReplyEnd::Complete)
    }
}

/// A compare begun: the question, its lanes, and what to carry out.
pub struct Begun {
    pub question: EntryId,
    pub lanes: Vec<Lane>,
    /// For the conversation (the question added, saved) and then for each
    /// lane, in order (its request).
    pub outs: Vec<Out>,
    pub lane_outs: Vec<Vec<Out>>,
}

impl ChatSession {
    /// Puts `text` (with files) to every target at once: the message joins
    /// the conversation, and each target answers it in a lane of its own.
    /// Nothing changes when a target is not known or the message cannot go.
    pub fn compare(
        &mut self,
        text: String,
        files: Vec<Attachment>,
        targets: &[Target],
        now: Now,
    ) -> Result<Begun, String> {
        if self.is_busy() {
            return Err(SendError::Busy.to_string());
        }
        self.engine
            .check_send(&text, !files.is_empty())
            .map_err(|e| e.to_string())?;
        let mut chosen = Vec::with_capacity(targets.len());
        for t in targets {
            let mut c = self.choices.clone();
            t.choose(&mut c)?;
            chosen.push(c);
        }
        let title = supchat_chat::title_from(&text);
        let (_, _, mut outs) = self.prepare(now);
        let (question, added) = self
            .engine
            .add_prompt(text, files, now)
            .map_err(|e| e.to_string())?;
        self.title.get_or_insert(title);
        self.present(added, now, &mut outs);
        let mut lanes = Vec::with_capacity(chosen.len());
        let mut lane_outs = Vec::with_capacity(chosen.len());
        for (n, choices) in (1u64..).zip(chosen) {
            let mut session = self.fork(n, choices);
            // The target's own system prompt, if it has one: in the lane
            // only (it does not join the conversation).
            session.sync_system(now, &mut Vec::new());
            let name = session.current().name.clone();
            let label = session.current().label();
            lane_outs.push(
                session
                    .resend(question, &name, now)
                    .map_err(|e| e.to_string())?,
            );
            lanes.push(Lane { session, label });
        }
        Ok(Begun {
            question,
            lanes,
            outs,
            lane_outs,
        })
    }

    /// The turn under way answers a compare as target `n` (from 1): said
    /// so where its replies are shown and exported.
    pub fn mark_compare(&mut self, n: u8) {
        self.engine.mark_compare(n);
    }

    /// A session for lane `n` of a compare, asking what `choices` choose:
    /// the conversation as it is, the same tools and what was allowed of
    /// them; nothing of it is saved (its answers join this session's).
    fn fork(&self, n: u64, choices: Choices) -> ChatSession {
        ChatSession {
            engine: self.engine.fork(n),
            choices,
            toolbox: self.toolbox.clone(),
            approvals: self.approvals,
            allowed: self.allowed.clone(),
            batch: None,
            recorder: None,
            id: None,
            title: self.title.clone(),
            base_options: self.base_options.clone(),
        }
    }

    /// The lanes' answers to `question` join the conversation (and the
    /// saved session), lane after lane, `goes_on` last: each a branch of
    /// that turn, the last one the branch that goes on (see
    /// [`Lane::answered`] for the one to choose). Tools allowed for the
    /// session in a lane stay allowed.
    pub fn adopt(
        &mut self,
        question: EntryId,
        lanes: &[Lane],
        goes_on: usize,
        now: Now,
    ) -> Result<Vec<Out>, SendError> {
        if lanes.iter().any(|l| l.session.is_busy()) || self.is_busy() {
            return Err(SendError::Busy);
        }
        let mut order: Vec<usize> = (0..lanes.len()).filter(|&i| i != goes_on).collect();
        order.extend((goes_on < lanes.len()).then_some(goes_on));
        let mut out = Vec::new();
        for (k, &i) in order.iter().enumerate() {
            let n = u8::try_from(i + 1).unwrap_or(u8::MAX);
            let outs = self
                .engine
                .adopt(lanes[i].session.engine(), question, n, k > 0)?;
            self.present(outs, now, &mut out);
            self.allowed
                .extend(lanes[i].session.allowed.iter().cloned());
        }
        Ok(out)
    }
}
