//! The footer's short messages: one at a time, each until its time is up or
//! what it is about ends (a turn, the choice of the next message's
//! provider, the armed quit); and the timer that wakes the loop for them
//! and for a live reply's spinner.

use std::time::{Duration, Instant};

use super::App;

/// A short message in the footer: until when it shows, and what ends it
/// sooner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Flash {
    pub(super) text: String,
    pub(super) until: Instant,
    pub(super) cause: Cause,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cause {
    /// Ends only with its time.
    Info,
    /// About the turn under way (a retry): ends when its reply begins or
    /// the turn ends.
    Turn,
    /// Where the next message goes: ends when a message is sent.
    NextMessage,
    /// "Ctrl+C again to quit": ends with any other key.
    QuitArmed,
    /// The names a Tab could complete to: ends when the next completion
    /// comes.
    Completions,
    /// What the keys do with the selected message: ends with the
    /// selection.
    Selection,
}

impl App {
    /// When the runtime should wake the app although nothing happened:
    /// to animate the spinner and elapsed time while a reply is live.
    pub fn next_tick(&self, now: Instant) -> Option<Instant> {
        let mut next = self.flash.as_ref().map(|f| f.until);
        if self.is_busy() {
            let spin = now + Duration::from_millis(100);
            next = Some(next.map_or(spin, |n| n.min(spin)));
        }
        next
    }

    /// Drops an expired footer message.
    pub(super) fn expire_flash(&mut self, now: Instant) {
        if self.flash.as_ref().is_some_and(|f| f.until <= now) {
            self.flash = None;
        }
        if self.quit_armed.is_some_and(|until| until <= now) {
            self.quit_armed = None;
        }
    }

    /// A footer message that lasts a few seconds.
    pub(super) fn flash(&mut self, text: impl Into<String>, now: Instant) {
        self.notice(Cause::Info, text, now);
    }

    /// A footer message that also ends when `cause` ends.
    pub(super) fn notice(&mut self, cause: Cause, text: impl Into<String>, now: Instant) {
        self.notice_for(cause, text, now, Duration::from_secs(4));
    }

    /// A footer message that shows for `how_long` at most.
    pub(super) fn notice_for(
        &mut self,
        cause: Cause,
        text: impl Into<String>,
        now: Instant,
        how_long: Duration,
    ) {
        self.flash = Some(Flash {
            text: text.into(),
            until: now + how_long,
            cause,
        });
    }

    /// `cause` ended: so does its footer message.
    pub(super) fn end_notice(&mut self, cause: Cause) {
        if self.flash.as_ref().is_some_and(|f| f.cause == cause) {
            self.flash = None;
        }
    }
}
