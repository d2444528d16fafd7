//! Setting up a new chat screen: the demo, the terminal's new-line key,
//! the colours, the config file, a conversation or session to show at
//! start.

use super::*;

impl App {
    /// The demo (`--demo`): the header says so, and the empty chat says
    /// what to try.
    pub fn with_demo(mut self, demo: bool) -> Self {
        self.demo = demo;
        self
    }

    /// Whether this terminal tells Shift+Enter from Enter (the hints then
    /// offer it for a new line; else Ctrl+J, which works everywhere).
    pub fn with_shift_enter(mut self, works: bool) -> Self {
        self.newline_key = if works { "Shift+Enter" } else { NEWLINE_KEY };
        self.input = self.new_input();
        self
    }

    /// An empty input box.
    pub(super) fn new_input(&self) -> TextArea<'static> {
        new_input(self.newline_key, &self.key(Action::Help), self.theme)
    }

    /// Draws in `theme`'s styles.
    pub fn with_theme(mut self, theme: Theme) -> Self {
        self.theme = theme;
        self.input = self.new_input();
        self
    }

    /// The styles everything on screen is drawn in.
    pub fn theme(&self) -> Theme {
        self.theme
    }

    /// Saves a typed key to this config file.
    pub fn with_config_path(mut self, path: Option<PathBuf>) -> Self {
        if path.is_some() {
            self.config_path = path;
        }
        self
    }

    /// Continues `conversation`, not saved: the screen is rebuilt from it
    /// alone.
    pub fn with_conversation(mut self, conversation: Conversation) -> Self {
        self.cells = Cells::project(&conversation);
        self.session.load(conversation);
        self.live = None;
        self.recount();
        self
    }

    /// Starts as start-up found: a resumed session or a new one, and what
    /// went wrong with saving.
    pub fn with_startup(
        mut self,
        startup: Startup,
        saving: bool,
        available: bool,
        now: Now,
    ) -> Self {
        self.sessions_available = available;
        if let Some(opened) = startup.opened {
            let _ = self.show_session(opened, now);
        } else {
            self.session.start_new(startup.new);
        }
        if let Some(p) = startup.problem {
            if saving {
                self.flash(p, now.mono);
            } else {
                self.save_problem = Some(p);
            }
        }
        if let Some(p) = startup.save_problem {
            self.save_problem = Some(p);
        }
        self.sessions_problem = (!available).then(|| {
            self.save_problem
                .clone()
                .unwrap_or_else(|| supchat_i18n::tr("not-saved-this-run"))
        });
        if startup.pick && available {
            self.startup_effects = self.open_session_list(now.mono);
        }
        self
    }

    /// What start-up asks the runtime to do (list the sessions for
    /// `--resume` without an id).
    pub fn take_startup_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.startup_effects)
    }
}
