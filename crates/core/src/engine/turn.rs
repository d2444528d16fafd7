//! A turn's life: the user's message is appended and a request goes out;
//! the reply entry is appended when the first part of it arrives; each event
//! is folded into it once; the turn ends complete, cancelled, interrupted
//! (part arrived) or as a failed send (nothing arrived), or waits for tool
//! results and goes on. Events of any other turn (a cancelled stream's late
//! tokens) are ignored by their turn id.

use std::mem;

use super::{Engine, Now, Output, SendError, Turn, TurnRequest, What};
use crate::config::ProviderConfig;
use crate::engine::history;
use supchat_api::{ChatOptions, StreamEvent};
use supchat_api::{Shown, fold};
use supchat_chat::Role;
use supchat_chat::{AssistantEntry, EntryId, EntryKind, ReplyEnd, TurnStats};

impl Engine {
    /// Appends the user's message and starts a turn answering it.
    pub fn send(
        &mut self,
        text: String,
        provider: &ProviderConfig,
        options: ChatOptions,
        now: Now,
    ) -> Result<(TurnRequest, Vec<Output>), SendError> {
        self.send_with(text, Vec::new(), provider, options, now)
    }

    /// Sends `text` as an edit of the earlier message `of`: the
    /// conversation goes on from there; what followed it stays, as an
    /// earlier branch that is no longer sent.
    pub fn send_edit(
        &mut self,
        of: EntryId,
        text: String,
        provider: &ProviderConfig,
        options: ChatOptions,
        now: Now,
    ) -> Result<(TurnRequest, Vec<Output>), SendError> {
        self.check_edit(of, &text)?;
        let attachments = match self.conversation.get(of).map(|e| &e.kind) {
            Some(EntryKind::User { attachments, .. }) => attachments.clone(),
            _ => return Err(SendError::NotNewest),
        };
        self.push_prompt(text, attachments, Some(of), provider, options, now)
    }

    /// Whether a message of `text`, with files or not, can be sent now.
    pub fn check_send(&self, text: &str, files: bool) -> Result<(), SendError> {
        if self.turn.is_some() {
            return Err(SendError::Busy);
        }
        if text.trim().is_empty() && !files {
            return Err(SendError::Empty);
        }
        Ok(())
    }

    /// Whether `text` can be sent now as an edit of the message `of` (which
    /// keeps its files).
    pub fn check_edit(&self, of: EntryId, text: &str) -> Result<(), SendError> {
        match self.conversation.get(of).map(|e| &e.kind) {
            Some(EntryKind::User { attachments, .. }) => {
                self.check_send(text, !attachments.is_empty())
            }
            _ => Err(SendError::NotNewest),
        }
    }

    /// Whether the newest message can be answered again now.
    pub fn check_retry(&self) -> Result<EntryId, SendError> {
        if self.turn.is_some() {
            return Err(SendError::Busy);
        }
        super::history::newest_prompt(&self.conversation).ok_or(SendError::Empty)
    }

    /// [`Engine::send`] with files attached to the message.
    pub fn send_with(
        &mut self,
        text: String,
        attachments: Vec<supchat_chat::Attachment>,
        provider: &ProviderConfig,
        options: ChatOptions,
        now: Now,
    ) -> Result<(TurnRequest, Vec<Output>), SendError> {
        self.push_prompt(text, attachments, None, provider, options, now)
    }

    pub(super) fn push_prompt(
        &mut self,
        text: String,
        attachments: Vec<supchat_chat::Attachment>,
        edit_of: Option<EntryId>,
        provider: &ProviderConfig,
        options: ChatOptions,
        now: Now,
    ) -> Result<(TurnRequest, Vec<Output>), SendError> {
        self.check_send(&text, !attachments.is_empty())?;
        let mut out = Vec::new();
        let prompt = self.push(
            &mut out,
            now,
            EntryKind::User {
                text,
                attachments,
                edit_of,
            },
        );
        let request = self.start(prompt, provider, options, now);
        Ok((request, out))
    }

    /// Sends the newest user message again (its send failed, say for a key
    /// that has since been replaced), without adding it a second time.
    pub fn resend(
        &mut self,
        prompt: EntryId,
        provider: &ProviderConfig,
        options: ChatOptions,
        now: Now,
    ) -> Result<TurnRequest, SendError> {
        if self.turn.is_some() {
            return Err(SendError::Busy);
        }
        if super::history::newest_prompt(&self.conversation) != Some(prompt) {
            return Err(SendError::NotNewest);
        }
        Ok(self.start(prompt, provider, options, now))
    }

    /// Answers the newest message of the user again (with this provider,
    /// perhaps another one): the earlier answer stays in the conversation,
    /// and the new one replaces it in what is sent from now on.
    pub fn retry(
        &mut self,
        provider: &ProviderConfig,
        options: ChatOptions,
        now: Now,
    ) -> Result<TurnRequest, SendError> {
        let prompt = self.check_retry()?;
        let mut request = self.start(prompt, provider, options, now);
        if let Some(t) = self.turn.as_mut() {
            t.retry = true;
        }
        // What answered it before is not sent with it.
        if let Some(last_user) = request.messages.iter().rposition(|m| m.role == Role::User) {
            request.messages.truncate(last_user + 1);
        }
        Ok(request)
    }

    /// Starts a turn answering the user message `prompt`.
    pub(super) fn start(
        &mut self,
        prompt: EntryId,
        provider: &ProviderConfig,
        options: ChatOptions,
        now: Now,
    ) -> TurnRequest {
        self.last_turn += 1;
        let turn = Turn {
            id: self.last_turn,
            provider: provider.clone(),
            options,
            prompt,
            reply: None,
            early: Default::default(),
            started: now.mono,
            first_output: None,
            chars: 0,
            deltas: 0,
            steps: 0,
            awaiting_tools: false,
            retry: false,
            compare: None,
        };
        let request = self.request_for(&turn);
        self.turn = Some(turn);
        request
    }

    pub(super) fn request_for(&self, t: &Turn) -> TurnRequest {
        TurnRequest {
            turn: t.id,
            provider: t.provider.clone(),
            messages: history::messages(&self.conversation, t.options.tools.is_some()),
            options: t.options.clone(),
        }
    }

    /// The turn `turn` if it is the one streaming now.
    pub(super) fn streaming(&mut self, turn: u64) -> Option<&mut Turn> {
        self.turn
            .as_mut()
            .filter(|t| t.id == turn && !t.awaiting_tools)
    }

    /// Folds one stream event of `turn` into its reply.
    pub fn on_event(&mut self, turn: u64, ev: &StreamEvent, now: Now) -> Vec<Output> {
        let mut out = Vec::new();
        let Some(t) = self.streaming(turn) else {
            return out;
        };
        if let StreamEvent::Notice(n) = ev {
            out.push(Output::Notice(n.clone()));
            return out;
        }
        // The wire is the driver's (the inspector), not the reply's.
        if let StreamEvent::Wire(_) = ev {
            return out;
        }
        let id = match t.reply {
            Some(id) => id,
            None if !ev.is_output() => {
                fold::apply(&mut t.early, ev);
                return out;
            }
            None => self.open_reply(&mut out, now),
        };
        if let Some(what) = self.fold(id, ev, now) {
            self.emit(&mut out, id, what);
        }
        out
    }

    pub(super) fn fold(&mut self, id: EntryId, ev: &StreamEvent, now: Now) -> Option<What> {
        let tail_only = self.keep_tail_only;
        let t = self.turn.as_mut()?;
        let a = self.conversation.assistant_mut(id)?;
        if tail_only {
            keep_tail(&mut a.reply.text);
            keep_tail(&mut a.reply.reasoning);
        }
        let what = match fold::apply(&mut a.reply, ev) {
            Some(Shown::Text(s)) => {
                if a.reasoning_took.is_none() && !a.reply.reasoning.is_empty() {
                    a.reasoning_took = Some(now.mono.saturating_duration_since(t.started));
                }
                t.chars += s.chars().count();
                t.deltas += 1;
                t.first_output.get_or_insert(now.mono);
                What::Text(s)
            }
            Some(Shown::Reasoning(r)) => {
                t.chars += r.chars().count();
                t.deltas += 1;
                t.first_output.get_or_insert(now.mono);
                What::Reasoning(r)
            }
            Some(Shown::Restart) => What::Restarted,
            Some(Shown::StartOver) => What::StartedOver,
            None => match ev {
                StreamEvent::ToolCall(_) => {
                    t.first_output.get_or_insert(now.mono);
                    What::ToolCall
                }
                StreamEvent::SupAi(_) => What::SupAi,
                _ => What::Meta,
            },
        };
        Some(what)
    }

    /// Appends the reply entry, with what arrived before it.
    pub(super) fn open_reply(&mut self, out: &mut Vec<Output>, now: Now) -> EntryId {
        let Some(t) = self.turn.as_mut() else {
            return EntryId(0);
        };
        if let Some(id) = t.reply {
            return id;
        }
        let entry = AssistantEntry {
            answerer: t.provider.answerer(),
            reply: mem::take(&mut t.early),
            end: ReplyEnd::Streaming,
            stats: None,
            reasoning_took: None,
            // The first reply of a retry supersedes the earlier answer.
            retry: t.retry && t.steps == 0,
            compare: t.compare,
        };
        let id = self.push(out, now, EntryKind::Assistant(Box::new(entry)));
        if let Some(t) = self.turn.as_mut() {
            t.reply = Some(id);
        }
        id
    }

    /// The figures of the current request, as of `now`.
    pub(super) fn figures(&self, now: std::time::Instant) -> TurnStats {
        let Some(t) = &self.turn else {
            return TurnStats::default();
        };
        let usage = match t.reply {
            Some(id) => self.conversation.assistant(id).and_then(|a| a.reply.usage),
            None => t.early.usage,
        };
        let mut stats = TurnStats {
            ttft: t
                .first_output
                .map(|f| f.saturating_duration_since(t.started)),
            duration: now.saturating_duration_since(t.started),
            usage,
            ..TurnStats::default()
        };
        stats.finish(t.chars, t.deltas);
        stats.cost = usage
            .as_ref()
            .and_then(|u| crate::cost::of(&t.provider, t.provider.model_label(), u));
        stats
    }

    /// Ends the reply `id` as `end`; returns the turn's figures.
    pub(super) fn close_reply(
        &mut self,
        out: &mut Vec<Output>,
        id: EntryId,
        end: ReplyEnd,
        now: Now,
    ) -> TurnStats {
        let stats = self.figures(now.mono);
        if let Some(a) = self.conversation.assistant_mut(id) {
            a.end = end;
            a.stats = Some(stats.clone());
            a.reply.settle_tool_call_ids(id.0);
        }
        self.emit(out, id, What::Ended);
        stats
    }
}

/// Cuts `s` to about its last 4 KiB once it passed 8 KiB.
fn keep_tail(s: &mut String) {
    const KEEP: usize = 4096;
    if s.len() <= 2 * KEEP {
        return;
    }
    let mut cut = s.len() - KEEP;
    while !s.is_char_boundary(cut) {
        cut += 1;
    }
    s.drain(..cut);
}
