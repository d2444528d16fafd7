//! A turn on screen. The app hands the engine the user's message, each
//! stream event and the end of the request (what the engine reports is
//! presented in `present.rs`); a failed send stays marked in the
//! conversation (Enter in an empty box sends it again). Events of a turn that is no
//! longer under way (a cancelled stream's late tokens) are ignored by the
//! engine, by their turn id.

use std::time::Instant;

use super::{App, Cause, Effect};
use supchat_api::{ApiError, StreamEvent};
use supchat_chat::{EntryId, EntryKind};
use supchat_core::engine::{Ended, Now, RunEnd, TurnOver};
use supchat_core::session::Out;

impl App {
    /// Sends `text` to the current provider; the effect starts the request.
    pub(super) fn start_turn(&mut self, text: String, now: Now) -> Option<Effect> {
        // `@file` words: the files are read off the loop first.
        if !supchat_core::attach::candidates(&text).is_empty() {
            self.flash(supchat_i18n::tr("flash-reading-attachments"), now.mono);
            // Sent again as it was after a word that attached nothing was
            // said: that word is text, as the user chose.
            let again = self.attach_refused.as_deref() == Some(text.as_str());
            let pasted = if self.draft_had_paste {
                supchat_core::attach::candidates(&text)
            } else {
                Vec::new()
            };
            let approved = if again {
                self.attach_asked.clone()
            } else {
                None
            };
            return Some(Effect::LoadAttachments {
                text,
                strict: !again,
                pasted,
                approved,
            });
        }
        self.draft_had_paste = false;
        self.start_turn_with(text, Vec::new(), now)
    }

    /// The files of a message were read (or one could not be attached:
    /// the message goes back into the input box, and why is said).
    pub(super) fn on_attachments(
        &mut self,
        text: String,
        result: Result<Vec<supchat_chat::Attachment>, String>,
        now: Now,
    ) -> Vec<Effect> {
        match result {
            Ok(files) => {
                self.attach_refused = None;
                self.attach_asked = None;
                self.draft_had_paste = false;
                self.end_notice(Cause::Info);
                self.flash = None;
                self.start_turn_with(text, files, now).into_iter().collect()
            }
            Err(why) => {
                if self.input.is_empty() {
                    self.input.insert_str(&text);
                }
                let first = self.attach_refused.as_deref() != Some(text.as_str());
                let question = supchat_core::attach::is_question(&why);
                self.attach_asked = question.then(|| why.clone());
                let said = if first && question {
                    supchat_i18n::tr!("flash-attach-confirm", why = why.as_str())
                } else if first && supchat_core::attach::names_nothing(&why) {
                    supchat_i18n::tr!("flash-attach-as-text", why = why.as_str())
                } else {
                    why
                };
                self.attach_refused = Some(text);
                self.flash(said, now.mono);
                Vec::new()
            }
        }
    }

    fn start_turn_with(
        &mut self,
        text: String,
        files: Vec<supchat_chat::Attachment>,
        now: Now,
    ) -> Option<Effect> {
        if self.is_busy() {
            // Read while another reply started (a queue): it waits its turn.
            self.queue.insert(0, text);
            return None;
        }
        // The compare view of the last one closes: this goes on from it.
        self.compare = None;
        if let Some(targets) = self.compare_next.take() {
            self.begin_compare(text, files, targets, now);
            return None;
        }
        match self.session.send(text, files, now) {
            Ok(outs) => {
                self.end_notice(Cause::NextMessage);
                self.present(outs, now);
            }
            Err(e) => self.flash(e.to_string(), now.mono),
        }
        None
    }

    /// A turn ended: the next queued message goes, unless the turn failed
    /// (then the queue waits, and Enter sends it).
    pub(super) fn after_turn(&mut self, ended: Ended, clock: Now) {
        let now = clock.mono;
        self.warn_if_context_full(now);
        if self.queue.is_empty() {
            return;
        }
        match ended {
            Ended::Answered(_) => {
                if let Some(e) = self.send_queued(clock) {
                    self.effects_out.push(e);
                }
            }
            Ended::Failed(_) if self.failed_prompt().is_some() => {
                let n = self.queue.len();
                self.flash(supchat_i18n::tr!("flash-queue-held-failed", n = n), now);
            }
            Ended::Cancelled(_) | Ended::Interrupted(_) | Ended::Failed(_) => {
                let n = self.queue.len();
                self.flash(supchat_i18n::tr!("flash-queue-held", n = n), now);
            }
        }
    }

    /// Past 90% of the model's context, a warning (the next request may be
    /// cut or refused).
    fn warn_if_context_full(&mut self, now: Instant) {
        let Some(limit) = self.current().context_window() else {
            return;
        };
        let (used, _) = supchat_chat::context::tokens(self.conversation());
        let share = used.saturating_mul(100) / limit.max(1);
        if share >= 90 {
            self.notice_for(
                Cause::Info,
                supchat_i18n::tr!("flash-context-full", share = share),
                now,
                std::time::Duration::from_secs(8),
            );
        }
    }

    /// Sends the oldest queued message.
    pub(super) fn send_queued(&mut self, now: Now) -> Option<Effect> {
        if self.queue.is_empty() || self.is_busy() {
            return None;
        }
        let text = self.queue.remove(0);
        self.follow();
        self.start_turn(text, now)
    }

    pub(super) fn on_stream(&mut self, turn: u64, ev: &StreamEvent, now: Now) {
        let outs = self.session.on_event(turn, ev, now);
        self.present(outs, now);
    }

    pub(super) fn on_turn_done(&mut self, turn: u64, end: RunEnd, now: Now) {
        // No key, or a key the server rejected: ask for one, then send the
        // message again.
        let key_wanted = match &end {
            RunEnd::NotSent(n) if n.key_missing => Some((n.message.clone(), false)),
            RunEnd::Failed(e @ ApiError::Auth { .. }) => Some((e.to_string(), true)),
            _ => None,
        };
        let provider = self
            .engine()
            .live()
            .filter(|l| l.turn == turn)
            .map(|l| l.provider.name.clone());
        let outs = self.session.on_end(turn, end, now);
        let failed_prompt = outs.iter().find_map(|o| match o {
            Out::TurnOver(TurnOver {
                ended: Ended::Failed(id),
                ..
            }) => match &self.conversation().get(*id)?.kind {
                EntryKind::FailedSend(f) => f.prompt,
                _ => None,
            },
            _ => None,
        });
        self.present(outs, now);
        if let (Some((message, rejected)), Some(provider)) = (key_wanted, provider) {
            self.ask_for_key(&provider, message, rejected, failed_prompt);
        }
    }

    /// Sends the failed message `prompt` again to `provider`.
    pub(super) fn resend(&mut self, prompt: EntryId, provider: &str, now: Now) -> Option<Effect> {
        let outs = self.session.resend(prompt, provider, now).ok()?;
        self.follow();
        self.present(outs, now);
        None
    }

    /// The newest message, when its send failed and nothing came after:
    /// Enter in an empty box sends it again.
    pub fn failed_prompt(&self) -> Option<EntryId> {
        if self.is_busy() {
            return None;
        }
        let conv = self.conversation();
        match &conv.entries().last()?.kind {
            EntryKind::FailedSend(f) => {
                let newest = supchat_core::engine::history::newest_prompt(conv);
                f.prompt.filter(|p| Some(*p) == newest)
            }
            _ => None,
        }
    }

    /// Esc / Ctrl+C: stops the turn under way (and its tools), keeping
    /// what arrived. False when nothing was under way.
    pub(super) fn cancel_turn(&mut self, now: Now) -> bool {
        if self.compare.as_ref().is_some_and(|c| c.running()) {
            return self.stop_lanes(None, now);
        }
        if !self.session.is_busy() {
            return false;
        }
        if let Some(l) = self.session.engine().live() {
            let turn = l.turn;
            self.wire.stopped(turn);
        }
        let outs = self.session.cancel(now);
        self.present(outs, now);
        true
    }
}
