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

/// What `/attach` asks the file lister for: the folder itself.
pub(super) const ATTACH_PICKER: &str = "";

impl App {
    /// The commands the draft is typing (`/mo` → model, mode), while it
    /// is a lone `/word`.
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
        let key = match c.key.and_then(|k| k.does) {
            _ if key.is_empty() => String::new(),
            Some(does) => format!(" · {key}: {does}"),
            None => format!(" · {key}"),
        };
        format!("/{name} {}{key} · {}", c.args, c.does).replace("  ·", " ·")
    }

    /// Tab on a `/word`: completes it to the command it is the start of
    /// (the first, when several are).
    pub(super) fn complete_command(&mut self, now: Instant) -> bool {
        if self.complete_argument(now) {
            return true;
        }
        let hints = self.command_hints();
        let Some(first) = hints.first() else {
            return false;
        };
        let name = first.slash.unwrap_or_default();
        self.input = self.new_input();
        let text = if first.args.is_empty() {
            format!("/{name}")
        } else {
            format!("/{name} ")
        };
        self.input.insert_str(text);
        true
    }

    /// Tab after `/provider s`, `/prompt r`, `/mode d`, `/model c`: the
    /// name it starts (the first, when several do).
    fn complete_argument(&mut self, now: Instant) -> bool {
        let line = match self.input.lines() {
            [one] => one.clone(),
            _ => return false,
        };
        let Some((cmd, partial)) = line.strip_prefix('/').and_then(|l| l.split_once(' ')) else {
            return false;
        };
        if partial.contains(' ') {
            return false;
        }
        // Tab again on what the last Tab put in: the next name that starts
        // with what was typed.
        let (typed, after) = match &self.arg_cycle {
            Some((typed, shown)) if line == format!("/{cmd} {shown}") => {
                (typed.clone(), Some(shown.clone()))
            }
            _ => (partial.to_owned(), None),
        };
        let names: Vec<String> = match cmd {
            "provider" | "retry" => self.providers().iter().map(|p| p.name.clone()).collect(),
            "prompt" => std::iter::once("none".to_owned())
                .chain(
                    self.session
                        .choices()
                        .presets()
                        .iter()
                        .map(|p| p.name.clone()),
                )
                .collect(),
            "mode" => SUPAI_MODES.iter().map(|m| (*m).to_owned()).collect(),
            "model" => self
                .models
                .get(&self.current().name)
                .cloned()
                .unwrap_or_default(),
            _ => return false,
        };
        let matching: Vec<&String> = names.iter().filter(|n| n.starts_with(&typed)).collect();
        let next = match after {
            Some(shown) => matching
                .iter()
                .position(|n| **n == shown)
                .map_or(0, |i| (i + 1) % matching.len()),
            None => 0,
        };
        let Some(found) = matching.get(next).map(|n| (*n).clone()) else {
            // A command's argument: Tab is never a tab character here.
            self.flash(
                match typed.is_empty() {
                    true => format!("nothing to complete after /{cmd}"),
                    false => format!("nothing after /{cmd} starts with {typed}"),
                },
                now,
            );
            return true;
        };
        if matching.len() > 1 {
            let all: Vec<&str> = matching.iter().map(|n| n.as_str()).collect();
            self.notice(
                super::flash::Cause::Completions,
                supchat_chat::text::sanitize_line(&format!(
                    "{} · Tab for the next",
                    all.join(", ")
                )),
                now,
            );
        }
        self.input = self.new_input();
        self.input.insert_str(format!("/{cmd} {found}"));
        self.arg_cycle = Some((typed, found));
        true
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
                format!(
                    "no command /{name} ({} lists them: {}); // sends a message that starts with /",
                    self.key(Action::Palette),
                    names(&all)
                )
            } else {
                format!("/{name} could be {}", names(&matching).replace(' ', " or "))
            };
            self.flash(supchat_chat::text::sanitize_line(&said), now.mono);
            return Vec::new();
        };
        self.input = self.new_input();
        self.dispatch(cmd.action, Via::Named(arg.map(str::to_owned)), now)
    }

    pub(super) fn said_next(&mut self, now: Instant) {
        let label = self.current().label();
        self.notice(
            Cause::NextMessage,
            format!("next message goes to {label}"),
            now,
        );
    }

    /// The provider named (or the only one whose name starts so).
    pub(super) fn choose_provider(&mut self, name: &str, now: Instant) {
        match self.session.choices_mut().select(name) {
            Ok(()) => self.said_next(now),
            Err(why) => self.flash(supchat_chat::text::sanitize_line(&why), now),
        }
    }

    pub(super) fn choose_mode(&mut self, mode: &str, now: Instant) {
        match self.session.choices_mut().set_mode(mode) {
            Ok(()) => self.said_next(now),
            Err(why) => self.flash(why, now),
        }
    }

    /// The palette: every command by name, with its key; typing filters.
    pub(super) fn open_palette(&mut self) {
        let commands = COMMANDS.iter().filter(|c| c.slash.is_some());
        let labels = commands.clone().map(|c| self.command_line(c)).collect();
        let values = commands
            .filter_map(|c| c.slash.map(str::to_owned))
            .collect();
        let picker = Picker::new(PickerKind::Command, "commands".to_owned(), labels, values);
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
        let mut picker = Picker::new(PickerKind::Provider, "provider".to_owned(), labels, values);
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
            self.flash(
                "no Sup.ai provider is configured, so there are no modes",
                now,
            );
            return;
        }
        let modes: Vec<String> = SUPAI_MODES.iter().map(|m| (*m).to_owned()).collect();
        let mut picker = Picker::new(
            PickerKind::Mode,
            "Sup.ai mode".to_owned(),
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
        if self.session.is_busy() {
            self.notice(
                Cause::Turn,
                format!(
                    "a reply is still streaming: Esc stops it, then {}",
                    self.key(Action::New)
                ),
                now,
            );
            return Vec::new();
        }
        if !self.queue.is_empty() {
            let n = self.queue.len();
            self.queue.clear();
            self.flash(
                format!(
                    "{n} queued message{} dropped",
                    if n == 1 { "" } else { "s" }
                ),
                now,
            );
            self.quiet_new_session = true;
        }
        vec![Effect::NewSession]
    }

    /// `/retry [PROVIDER]`: the last message answered again (by another
    /// provider once, when one is named).
    pub(super) fn retry(&mut self, provider: Option<&str>, now: Now) -> Vec<Effect> {
        if self.session.is_busy() {
            self.flash("a reply is still streaming: Esc stops it first", now.mono);
            return Vec::new();
        }
        match self.session.retry(provider, now) {
            Ok(outs) => {
                self.end_notice(Cause::NextMessage);
                self.follow();
                self.present(outs, now);
            }
            Err(e) => self.flash(supchat_chat::text::sanitize_line(&e.to_string()), now.mono),
        }
        Vec::new()
    }

    /// `/export [FILE]`: the conversation as Markdown, written off the loop.
    pub(super) fn export(&mut self, path: Option<String>, clock: Now) -> Option<Effect> {
        let now = clock.mono;
        if self.conversation().is_empty() {
            self.flash("there is nothing to export yet", now);
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
        self.flash("exporting…", now);
        Some(Effect::Export { path, text })
    }
}

impl App {
    /// The `@word` just before the caret, without the `@`, if the caret
    /// ends one.
    fn at_word(&self) -> Option<String> {
        self.at_word_typed().map(|(partial, _)| partial)
    }

    /// The `@word` the caret ends, and whether it is typed in quotes
    /// (`@"my fi`, a name with spaces).
    fn at_word_typed(&self) -> Option<(String, bool)> {
        let ratatui_textarea::DataCursor(row, col) = self.input.cursor();
        let line = self.input.lines().get(row)?;
        let before: String = line.chars().take(col).collect();
        // An open quote: `@"` starting a word, not closed since.
        if let Some(i) = before.rfind("@\"")
            && before[..i]
                .chars()
                .next_back()
                .is_none_or(char::is_whitespace)
            && !before[i + 2..].contains('"')
        {
            return Some((before[i + 2..].to_owned(), true));
        }
        let word = before.rsplit(char::is_whitespace).next()?;
        word.strip_prefix('@').map(|w| (w.to_owned(), false))
    }

    /// Whether the caret ends an `@word` (Tab then completes a file name).
    pub(super) fn complete_at_word_peek(&self) -> bool {
        self.at_word().is_some()
    }

    /// Tab after `@par`: asks for the file names it may complete to.
    pub(super) fn complete_at_word(&mut self) -> Option<Effect> {
        self.at_word().map(Effect::CompletePath)
    }

    /// The names completing `@partial` arrived: one is put in, several
    /// give their common start and are listed. (For `/attach`, the folder's
    /// files in a picker.)
    pub(super) fn on_completions(&mut self, partial: &str, names: Vec<String>, now: Instant) {
        if partial == ATTACH_PICKER {
            if names.is_empty() {
                self.flash("there is no file in this folder to attach", now);
                return;
            }
            let picker = Picker::new(
                PickerKind::Attach,
                "attach a file".to_owned(),
                names.clone(),
                names,
            );
            self.layers.open_popup(Popup::Picker(Box::new(picker)));
            return;
        }
        if self.at_word().as_deref() != Some(partial) {
            return; // typed on meanwhile
        }
        let Some(first) = names.first() else {
            self.flash(format!("no file starts with {partial}"), now);
            return;
        };
        let mut common: String = first.clone();
        for n in &names[1..] {
            let len = common
                .chars()
                .zip(n.chars())
                .take_while(|(a, b)| a == b)
                .count();
            common = common.chars().take(len).collect();
        }
        // The `@word` as typed goes, and the completion takes its place:
        // in quotes when it has spaces, closed when it is one whole file.
        self.end_notice(super::flash::Cause::Completions);
        let quoted = self.at_word_typed().is_some_and(|(_, q)| q);
        let typed = partial.chars().count() + if quoted { 2 } else { 1 };
        for _ in 0..typed {
            self.input.delete_char();
        }
        let whole = names.len() == 1 && !common.ends_with('/');
        let text = match (whole, quoted || common.contains(char::is_whitespace)) {
            (true, _) => format!("{} ", supchat_core::attach::mention(&common)),
            (false, true) => format!("@\"{common}"),
            (false, false) => format!("@{common}"),
        };
        self.input.insert_str(text);
        if names.len() > 1 {
            // Names with spaces quoted, so the list reads unambiguously.
            let shown: Vec<String> = names
                .iter()
                .take(8)
                .map(|n| match n.contains(char::is_whitespace) {
                    true => format!("\"{n}\""),
                    false => n.clone(),
                })
                .collect();
            let more = if names.len() > 8 {
                format!(" … {} in all", names.len())
            } else {
                String::new()
            };
            self.notice(
                super::flash::Cause::Completions,
                supchat_chat::text::sanitize_line(&format!("{}{more}", shown.join("  "))),
                now,
            );
        }
        self.input_rev += 1;
    }
}
