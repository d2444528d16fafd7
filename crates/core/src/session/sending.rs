//! What the user sends: a message, an edit of an earlier one, a retry
//! (perhaps with another provider), a resend after a failed send; a turn
//! deleted; another branch taken.

use supchat_chat::{Attachment, EntryId, title_from};

use super::{ChatSession, Out};
use crate::engine::{Now, SendError};

/// Why a retry could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetryError {
    Send(SendError),
    /// No provider of that name.
    Provider(String),
}

impl std::fmt::Display for RetryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RetryError::Send(SendError::Empty) => {
                f.write_str(&supchat_i18n::tr!("core-retry-nothing"))
            }
            RetryError::Send(e) => e.fmt(f),
            RetryError::Provider(why) => f.write_str(why),
        }
    }
}

impl ChatSession {
    /// Sends a message of the user's (with files attached) to the current
    /// provider.
    pub fn send(
        &mut self,
        text: String,
        files: Vec<Attachment>,
        now: Now,
    ) -> Result<Vec<Out>, SendError> {
        if self.is_busy() {
            return Err(SendError::Busy);
        }
        // Checked before the system prompt goes in: a send refused changes
        // nothing.
        self.engine.check_send(&text, !files.is_empty())?;
        let title = title_from(&text);
        let (provider, options, mut out) = self.prepare(now);
        let (request, outs) = self
            .engine
            .send_with(text, files, &provider, options, now)?;
        self.title.get_or_insert(title);
        self.present(outs, now, &mut out);
        out.push(Out::Send(Box::new(request)));
        Ok(out)
    }

    /// Sends `text` as an edit of the earlier message `of`: the
    /// conversation goes on from there (what followed stays, as an earlier
    /// branch no longer sent).
    pub fn send_edit(
        &mut self,
        of: EntryId,
        text: String,
        now: Now,
    ) -> Result<Vec<Out>, SendError> {
        if self.is_busy() {
            return Err(SendError::Busy);
        }
        self.engine.check_edit(of, &text)?;
        let (provider, options, mut out) = self.prepare(now);
        let (request, outs) = self.engine.send_edit(of, text, &provider, options, now)?;
        self.present(outs, now, &mut out);
        out.push(Out::Send(Box::new(request)));
        Ok(out)
    }

    /// Answers the newest message again: with `provider` once (the next
    /// message goes where it went before), else with the current one. The
    /// earlier answer stays; the new one is what is sent from then on.
    pub fn retry(&mut self, provider: Option<&str>, now: Now) -> Result<Vec<Out>, RetryError> {
        if self.is_busy() {
            return Err(RetryError::Send(SendError::Busy));
        }
        let once = match provider {
            Some(name) => Some(self.choices.find(name).map_err(RetryError::Provider)?),
            None => None,
        };
        self.engine.check_retry().map_err(RetryError::Send)?;
        let (current, _, mut out) = self.prepare(now);
        let provider = match once {
            Some(i) => self.choices.providers()[i].clone(),
            None => current,
        };
        let options = self.options_for(&provider);
        let request = self
            .engine
            .retry(&provider, options, now)
            .map_err(RetryError::Send)?;
        out.push(Out::Send(Box::new(request)));
        Ok(out)
    }

    /// Sends the newest message again to `provider` (its send failed, say
    /// for a key since replaced), without adding it a second time.
    pub fn resend(
        &mut self,
        prompt: EntryId,
        provider: &str,
        now: Now,
    ) -> Result<Vec<Out>, SendError> {
        let p = self
            .choices
            .provider(provider)
            .cloned()
            .ok_or(SendError::NotNewest)?;
        let options = self.options_for(&p);
        let request = self.engine.resend(prompt, &p, options, now)?;
        Ok(vec![Out::Send(Box::new(request))])
    }

    /// Deletes the turn of the message `prompt` (and from the saved session).
    pub fn delete_turn(&mut self, prompt: EntryId, now: Now) -> Result<Vec<Out>, SendError> {
        let outs = self.engine.delete_turn(prompt)?;
        let mut out = Vec::new();
        self.present(outs, now, &mut out);
        Ok(out)
    }

    /// Goes to the branch `step` away from the message or answer `at`
    /// (saved with the session): what it says, and the changes.
    pub fn switch_branch(
        &mut self,
        at: EntryId,
        step: isize,
        now: Now,
    ) -> Result<(EntryId, String, Vec<Out>), SendError> {
        let (to, i, n, outs) = self.engine.switch_branch(at, step, now)?;
        let id = match self.engine.conversation().get(to).map(|e| &e.kind) {
            Some(supchat_chat::EntryKind::User { .. }) => "core-branch-message-now",
            _ => "core-branch-answer-now",
        };
        let mut out = Vec::new();
        self.present(outs, now, &mut out);
        Ok((
            to,
            supchat_i18n::tr!(id, i = (i + 1).to_string(), n = n.to_string()),
            out,
        ))
    }
}
