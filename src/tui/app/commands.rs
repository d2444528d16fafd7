//! Commands by name, so that nothing depends on F-keys (VS Code's terminal
//! takes F1; many laptops need Fn): slash commands typed in the input box
//! (`/model gpt-4.1`, `/retry supai`), completed with Tab and hinted above
//! the box as you type, and the command palette (Ctrl+P) listing them all
//! with their keys. A message that starts with `/` is sent as `//…`.

use std::time::Instant;

use super::dispatch::Via;
use super::picker::{Picker, PickerKind};
use super::{App, Cause, Effect, Popup};
use supchat_core::config::commands::{Action, COMMANDS, Command, by_slash, completions};
use supchat_core::config::{ProviderKind, SUPAI_MODES};
use supchat_core::engine::Now;

impl App {
    /// The commands the draft is typing (`/mo` → model, mode), while it
    /// is a lone `/word`.
    /// The files the draft's `@path`s name, as chips shown above the box
    /// before it is sent, with why each will be asked about.
    pub fn attach_chips(&self) -> Vec<(String, Vec<&'static str>)> {
        let lines = self.input.lines();
        if lines.iter().all(|l| !l.contains('@')) {
            return Vec::new();
        }
        supchat_core::attach::chips(&lines.join("\n"), self.draft_had_paste)
    }

    pub fn command_hints(&self) -> Vec<&'static Command> {
        let lines = self.input.lines();
        match lines {
            [one] if one.starts_with('/') && !one.starts_with("//") && !one.contains(' ') => {
                completions(one)
            }
            _ => Vec::new(),
        }
    }

    /// A command as the palette and the hints show it: its name, what it
    /// takes, its key as bound now, and what it does; the key before the
    /// words, so that a narrow screen cuts the words, not the key.
    pub fn command_line(&self, c: &Command) -> String {
        let name = c.slash.unwrap_or_default();
        let key = self.key(c.action);
        let key = match c.key.and_then(|k| k.does()) {
            _ if key.is_empty() => String::new(),
            Some(does) => format!(
                " · {}",
                supchat_i18n::tr!("palette-key-does", key = key.as_str(), does = does)
            ),
            None => format!(" · {key}"),
        };
        format!("/{name} {}{key} · {}", c.args, c.does()).replace("  ·", " ·")
    }

    /// Enter on a draft that starts with `/`: the command it names. The
    /// draft is cleared when it ran, kept when it is not a command.
    pub(super) fn run_slash(&mut self, line: &str, now: Now) -> Vec<Effect> {
        let body = line.trim().trim_start_matches('/');
        let (name, arg) = match body.split_once(char::is_whitespace) {
            Some((n, a)) => (n, Some(a.trim()).filter(|a| !a.is_empty())),
            None => (body, None),
        };
        let matching = completions(name);
        let found = matching
            .iter()
            .find(|c| c.slash == Some(name))
            .or(match matching.as_slice() {
                [only] => Some(only),
                _ => None,
            });
        let Some(cmd) = found else {
            let names = |cs: &[&Command]| {
                cs.iter()
                    .filter_map(|c| c.slash.map(|s| format!("/{s}")))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let said = if matching.is_empty() {
                let all: Vec<&Command> = COMMANDS.iter().collect();
                supchat_i18n::tr!(
                    "flash-no-command",
                    name = name,
                    key = self.key(Action::Palette),
                    names = names(&all)
                )
            } else {
                supchat_i18n::tr!(
                    "flash-command-could-be",
                    name = name,
                    names = names(&matching).replace(' ', &supchat_i18n::tr("words-or"))
                )
            };
            self.flash(supchat_chat::text::sanitize_line(&said), now.mono);
            return Vec::new();
        };
        // The line goes; it comes back when the command refuses what it
        // was given (a name that could be several, an unknown mode), to be
        // put right.
        let typed = self.draft();
        self.slash_refused = false;
        self.input = self.new_input();
        let effects = self.dispatch(cmd.action, Via::Named(arg.map(str::to_owned)), now);
        if self.slash_refused {
            self.input = self.new_input();
            self.input.insert_str(typed);
        }
        effects
    }

    /// A command refused what it was given: said, and the line typed is
    /// given back.
    pub(super) fn refuse(&mut self, why: impl Into<String>, now: Instant) {
        self.slash_refused = true;
        self.flash(why, now);
    }

    pub(super) fn said_next(&mut self, now: Instant) {
        let label = self.current().label();
        self.notice(
            Cause::NextMessage,
            supchat_i18n::tr!("next-message-goes", label = label),
            now,
        );
    }

    /// The provider named (or the only one whose name starts so).
    pub(super) fn choose_provider(&mut self, name: &str, now: Instant) {
        match self.session.choices_mut().select(name) {
            Ok(()) => self.said_next(now),
            Err(why) => self.refuse(supchat_chat::text::sanitize_line(&why), now),
        }
    }

    pub(super) fn choose_mode(&mut self, mode: &str, now: Instant) {
        match self.session.choices_mut().set_mode(mode) {
            Ok(()) => self.said_next(now),
            Err(why) => self.refuse(supchat_chat::text::sanitize_line(&why), now),
        }
    }

    /// The palette: every command by name, with its key; typing filters.
    pub(super) fn open_palette(&mut self) {
        let commands = COMMANDS.iter().filter(|c| c.slash.is_some());
        let labels = commands.clone().map(|c| self.command_line(c)).collect();
        let values = commands
            .filter_map(|c| c.slash.map(str::to_owned))
            .collect();
        let picker = Picker::new(
            PickerKind::Command,
            supchat_i18n::tr("picker-title-commands"),
            labels,
            values,
        );
        self.layers.open_popup(Popup::Picker(Box::new(picker)));
    }

    /// `/provider` alone: the providers, the one in use marked.
    pub(super) fn open_provider_picker(&mut self) {
        let labels = self
            .providers()
            .iter()
            .map(|p| format!("{} · {}", p.name, p.label()))
            .collect();
        let values = self.providers().iter().map(|p| p.name.clone()).collect();
        let mut picker = Picker::new(
            PickerKind::Provider,
            supchat_i18n::tr("picker-title-provider"),
            labels,
            values,
        );
        picker.set_current(&self.current().name.clone());
        self.layers.open_popup(Popup::Picker(Box::new(picker)));
    }

    /// `/mode` alone: Sup.ai's modes.
    pub(super) fn open_mode_picker(&mut self, now: Instant) {
        if self.current().kind != ProviderKind::SupAi
            && !self
                .providers()
                .iter()
                .any(|p| p.kind == ProviderKind::SupAi)
        {
            self.flash(supchat_i18n::tr("flash-no-supai"), now);
            return;
        }
        let modes: Vec<String> = SUPAI_MODES.iter().map(|m| (*m).to_owned()).collect();
        let mut picker = Picker::new(
            PickerKind::Mode,
            supchat_i18n::tr("picker-title-mode"),
            modes.clone(),
            modes,
        );
        if self.current().kind == ProviderKind::SupAi {
            picker.set_current(&self.current().mode.clone());
        }
        self.layers.open_popup(Popup::Picker(Box::new(picker)));
    }

    /// A picker of commands, providers or modes chose `value`.
    pub(super) fn chose(&mut self, kind: &PickerKind, value: String, clock: Now) -> Vec<Effect> {
        let now = clock.mono;
        match kind {
            PickerKind::Command => match by_slash(&value) {
                Some(c) => self.dispatch(c.action, Via::Named(None), clock),
                None => Vec::new(),
            },
            PickerKind::Provider => {
                self.choose_provider(&value, now);
                Vec::new()
            }
            PickerKind::Mode => {
                self.choose_mode(&value, now);
                Vec::new()
            }
            PickerKind::Attach => {
                let mention = supchat_core::attach::mention(&value);
                let text = if self.input.is_empty() || self.draft().ends_with(' ') {
                    format!("{mention} ")
                } else {
                    format!(" {mention} ")
                };
                self.input.insert_str(text);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Ctrl+N, `/new`: not while a reply streams (it would be stopped
    /// unseen); queued messages are dropped with a word.
    pub(super) fn new_conversation(&mut self, now: Instant) -> Vec<Effect> {
        if self.is_busy() {
            // `/new` typed comes back, to send once the reply is over.
            self.slash_refused = true;
            self.notice(
                Cause::Turn,
                supchat_i18n::tr!("flash-new-while-streaming", key = self.key(Action::New)),
                now,
            );
            return Vec::new();
        }
        if !self.queue.is_empty() {
            let n = self.queue.len();
            self.queue.clear();
            self.flash(supchat_i18n::tr!("flash-queue-dropped", n = n), now);
            self.quiet_new_session = true;
        }
        vec![Effect::NewSession]
    }

    /// `/retry [PROVIDER]`: the last message answered again (by another
    /// provider once, when one is named).
    pub(super) fn retry(&mut self, provider: Option<&str>, now: Now) -> Vec<Effect> {
        if self.is_busy() {
            self.refuse(supchat_i18n::tr("flash-still-streaming"), now.mono);
            return Vec::new();
        }
        match self.session.retry(provider, now) {
            Ok(outs) => {
                self.end_notice(Cause::NextMessage);
                self.follow();
                self.present(outs, now);
            }
            Err(e) => self.refuse(supchat_chat::text::sanitize_line(&e.to_string()), now.mono),
        }
        Vec::new()
    }

    /// `/export [FILE]`: the conversation as Markdown, written off the loop.
    pub(super) fn export(&mut self, path: Option<String>, clock: Now) -> Option<Effect> {
        let now = clock.mono;
        if self.conversation().is_empty() {
            self.flash(supchat_i18n::tr("flash-nothing-to-export"), now);
            return None;
        }
        let title = self.session.title().unwrap_or("conversation").to_owned();
        let id = self.session_id().cloned().unwrap_or_else(|| {
            supchat_core::store::SessionId::new(supchat_chat::Timestamp::from_system(clock.wall))
        });
        let meta = supchat_core::store::SessionMeta::of(id.clone(), title, self.conversation());
        // `/export [json] [--reasoning] [FILE]`, in any order; a FILE ending
        // in .json means JSON too.
        let mut json = false;
        let mut reasoning = false;
        let mut file = None;
        for word in path.as_deref().unwrap_or("").split_whitespace() {
            match word {
                "json" => json = true,
                "md" => json = false,
                "--reasoning" | "reasoning" => reasoning = true,
                f => file = Some(f.to_owned()),
            }
        }
        json |= file.as_deref().is_some_and(|f| f.ends_with(".json"));
        let text = if json {
            supchat_core::store::export::to_json(&meta, self.conversation())
        } else {
            supchat_core::store::export::to_markdown(&meta, self.conversation(), reasoning)
        };
        let ext = if json { "json" } else { "md" };
        let path = file.map_or_else(
            || std::path::PathBuf::from(format!("supchat-{id}.{ext}")),
            |p| supchat_core::config::expand_home(&p),
        );
        self.flash(supchat_i18n::tr("flash-exporting"), now);
        Some(Effect::Export { path, text })
    }
}

impl App {}
