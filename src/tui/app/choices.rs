//! The keys that change what the next message goes to, and the Sup.ai
//! panel: what they change is the chat session's; here is what is said.

use std::time::Instant;

use super::App;
use super::flash::Cause;
use supchat_core::config::commands::Action;

impl App {
    /// F2: the next configured provider.
    pub(super) fn next_provider(&mut self, now: Instant) {
        self.session.choices_mut().next_provider();
        self.said_next(now);
    }

    /// F3: on a Sup.ai provider, its next mode; else switches to the
    /// (first) Sup.ai provider, keeping its mode.
    pub(super) fn next_mode(&mut self, now: Instant) {
        match self.session.choices_mut().next_mode() {
            Ok(()) => self.said_next(now),
            Err(why) => self.flash(why, now),
        }
    }

    /// F6: Sup.ai's own frames on or off for the next message.
    pub(super) fn toggle_supai_chunks(&mut self, now: Instant) {
        let Some(on) = self.session.choices_mut().toggle_supai_chunks() else {
            let name = supchat_core::config::display_name(&self.current().name).to_owned();
            self.flash(
                supchat_i18n::tr!(
                    "flash-details-supai-only",
                    name = name,
                    key = self.key(Action::Mode)
                ),
                now,
            );
            return;
        };
        self.notice(
            Cause::NextMessage,
            supchat_i18n::tr(if on {
                "flash-details-on"
            } else {
                "flash-details-off"
            }),
            now,
        );
    }

    /// F7: folds or shows the Sup.ai run panel, when there is a run to show.
    pub(super) fn toggle_supai_panel(&mut self, now: Instant) {
        let has_run = self.latest_run().is_some_and(|(run, _)| !run.is_empty());
        if !has_run {
            let key = self.key(Action::Details);
            self.flash(supchat_i18n::tr!("flash-no-supai-run", key = key), now);
            return;
        }
        self.supai_panel_open = Some(self.supai_panel_folded());
    }
}
