//! A compare's lanes: the same question put to several targets at once.
//! Each lane is an engine of its own, forked from the conversation once the
//! question is in it, so its turn (the stream, tool calls and results, the
//! requests after them) runs as any turn does, beside the others. When all
//! have ended, their entries join the conversation lane after lane: each
//! lane's answer is a branch of that turn, and the last one is the branch
//! that goes on, until another is chosen.

use super::{Engine, Now, Output, SendError, What};
use supchat_chat::{Attachment, EntryId, EntryKind};

/// Turn ids of lane `n` start at `n` times this past the conversation's
/// own: the events of every lane's requests come back to one place and
/// are told apart by their turn.
const LANE_TURNS: u64 = 1 << 32;

impl Engine {
    /// Appends the user's message without starting a turn: the lanes of a
    /// compare answer it.
    pub fn add_prompt(
        &mut self,
        text: String,
        attachments: Vec<Attachment>,
        now: Now,
    ) -> Result<(EntryId, Vec<Output>), SendError> {
        self.check_send(&text, !attachments.is_empty())?;
        let mut out = Vec::new();
        let id = self.push(
            &mut out,
            now,
            EntryKind::User {
                text,
                attachments,
                edit_of: None,
            },
        );
        Ok((id, out))
    }

    /// An engine for lane `lane` (from 1) of a compare: the conversation as
    /// it is, no turn under way, turn ids of its own.
    pub fn fork(&self, lane: u64) -> Engine {
        Engine {
            conversation: self.conversation.clone(),
            turn: None,
            last_turn: self
                .last_turn
                .saturating_add(lane.saturating_mul(LANE_TURNS)),
            max_tool_steps: self.max_tool_steps,
            keep_tail_only: false,
        }
    }

    /// The replies of the turn under way answer a compare (`ask
    /// --compare`, one target after another), as target `n` (from 1).
    pub fn mark_compare(&mut self, n: u8) {
        if let Some(t) = self.turn.as_mut() {
            t.compare = Some(n);
        }
    }

    /// Whether `turn` is the turn under way here (a lane's events and
    /// tool results are routed by it; those of a turn that ended are
    /// ignored, as in any engine).
    pub fn owns_turn(&self, turn: u64) -> bool {
        self.turn.as_ref().is_some_and(|t| t.id == turn)
    }

    /// The figures of the turn under way as of `now` (time to first
    /// token, tokens/s, usage, cost so far); none when no turn is.
    pub fn live_figures(&self, now: std::time::Instant) -> Option<supchat_chat::TurnStats> {
        self.turn.as_ref().map(|_| self.figures(now))
    }

    /// The entries lane `number` (from 1) added after `question` (the
    /// message the lanes answer) join the conversation, in their order; its first answer is a new answer to
    /// the question (a branch of the turn) when `branch`. Not while a turn
    /// is under way, here or in the lane.
    pub fn adopt(
        &mut self,
        lane: &Engine,
        question: EntryId,
        number: u8,
        branch: bool,
    ) -> Result<Vec<Output>, SendError> {
        if self.turn.is_some() || lane.turn.is_some() {
            return Err(SendError::Busy);
        }
        // The answers are to the newest message, as it still is.
        if super::history::newest_prompt(&self.conversation) != Some(question) {
            return Err(SendError::NotNewest);
        }
        let mut out = Vec::new();
        let mut first = true;
        for e in lane
            .conversation
            .entries()
            .iter()
            // A lane's own system prompt (its target's) stays the lane's.
            .filter(|e| e.id > question && !matches!(e.kind, EntryKind::System { .. }))
        {
            let mut kind = e.kind.clone();
            if let EntryKind::Assistant(a) = &mut kind {
                a.compare = Some(number);
                a.retry = branch && first;
                first = false;
            }
            let id = self.conversation.push(e.at, kind);
            self.emit(&mut out, id, What::Added);
        }
        self.last_turn = self.last_turn.max(lane.last_turn);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ProviderConfig, ProviderKind};
    use crate::engine::{RunEnd, history};
    use supchat_api::{ChatOptions, StreamEvent};
    use supchat_chat::Role;

    fn provider(name: &str, model: &str) -> ProviderConfig {
        let mut p = ProviderConfig::defaults(name, ProviderKind::OpenAi, "http://127.0.0.1:9/v1");
        p.model = model.to_owned();
        p
    }

    fn answer(e: &mut Engine, p: &ProviderConfig, prompt: EntryId, text: &str, now: Now) {
        let req = e.resend(prompt, p, ChatOptions::default(), now).unwrap();
        e.on_event(req.turn, &StreamEvent::Text(text.into()), now);
        e.on_end(req.turn, RunEnd::Complete, now);
    }

    #[test]
    fn lanes_answer_the_same_question_and_join_as_branches_of_its_turn() {
        let now = Now::read();
        let mut main = Engine::default();
        let (prompt, _) = main
            .add_prompt("Which is faster?".into(), Vec::new(), now)
            .unwrap();
        let (a, b) = (provider("a", "m1"), provider("b", "m2"));
        let (mut one, mut two) = (main.fork(1), main.fork(2));
        let r1 = one.resend(prompt, &a, ChatOptions::default(), now).unwrap();
        let r2 = two.resend(prompt, &b, ChatOptions::default(), now).unwrap();
        // Both ask the same: the question alone.
        assert_eq!(r1.messages, r2.messages);
        assert_eq!(r1.messages.len(), 1);
        assert_ne!(
            r1.turn, r2.turn,
            "each lane's requests have turns of their own"
        );
        one.on_event(r1.turn, &StreamEvent::Text("One says A.".into()), now);
        // An event of the other lane's turn is not this lane's.
        one.on_event(r2.turn, &StreamEvent::Text("stray".into()), now);
        one.on_end(r1.turn, RunEnd::Complete, now);
        two.on_event(r2.turn, &StreamEvent::Text("Two says B.".into()), now);
        two.on_end(r2.turn, RunEnd::Complete, now);

        let outs = main.adopt(&one, prompt, 1, false).unwrap();
        assert_eq!(outs.len(), 1);
        main.adopt(&two, prompt, 2, true).unwrap();
        let replies: Vec<_> = main
            .conversation()
            .entries()
            .iter()
            .filter_map(|e| match &e.kind {
                EntryKind::Assistant(a) => Some((a.reply.text.clone(), a.compare, a.retry)),
                _ => None,
            })
            .collect();
        assert_eq!(
            replies,
            [
                ("One says A.".to_owned(), Some(1), false),
                ("Two says B.".to_owned(), Some(2), true)
            ]
        );
        // The last lane goes on; the next question carries its answer only.
        let (next, _) = main.add_prompt("And why?".into(), Vec::new(), now).unwrap();
        answer(&mut main, &a, next, "Because.", now);
        let sent = history::messages(main.conversation(), false);
        let said: Vec<_> = sent.iter().map(|m| (m.role, m.content.as_str())).collect();
        assert_eq!(
            said,
            [
                (Role::User, "Which is faster?"),
                (Role::Assistant, "Two says B."),
                (Role::User, "And why?"),
                (Role::Assistant, "Because."),
            ]
        );
    }

    #[test]
    fn a_chosen_lane_is_the_branch_sent_and_a_busy_lane_is_not_adopted() {
        let now = Now::read();
        let mut main = Engine::default();
        let (prompt, _) = main.add_prompt("Q".into(), Vec::new(), now).unwrap();
        let p = provider("a", "m");
        let (mut one, mut two) = (main.fork(1), main.fork(2));
        answer(&mut one, &p, prompt, "first", now);
        let r2 = two.resend(prompt, &p, ChatOptions::default(), now).unwrap();
        assert_eq!(main.adopt(&one, prompt, 1, false).map(|_| ()), Ok(()));
        assert_eq!(
            main.adopt(&two, prompt, 2, true).map(|_| ()),
            Err(SendError::Busy)
        );
        // Answers to a message that is no longer the newest join nothing.
        let mut moved_on = main.fork(9);
        moved_on
            .add_prompt("another".into(), Vec::new(), now)
            .unwrap();
        assert_eq!(
            moved_on.adopt(&one, prompt, 1, false).map(|_| ()),
            Err(SendError::NotNewest)
        );
        two.on_event(r2.turn, &StreamEvent::Text("second".into()), now);
        two.on_end(r2.turn, RunEnd::Complete, now);
        main.adopt(&two, prompt, 2, true).unwrap();
        let first = main
            .conversation()
            .entries()
            .iter()
            .find(|e| matches!(&e.kind, EntryKind::Assistant(a) if a.compare == Some(1)))
            .map(|e| e.id)
            .unwrap();
        main.switch_branch(first, 0, now).unwrap();
        let (next, _) = main.add_prompt("Q2".into(), Vec::new(), now).unwrap();
        let req = main.resend(next, &p, ChatOptions::default(), now).unwrap();
        let texts: Vec<_> = req.messages.iter().map(|m| m.content.as_str()).collect();
        assert_eq!(texts, ["Q", "first", "Q2"]);
    }
}
