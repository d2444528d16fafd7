//! Tab in the input box: a `/command`'s name, the name after it (round the
//! names that fit, press by press), and an `@file` (in quotes when it has
//! spaces); the names a Tab found listed in the footer.

use std::time::Instant;

use super::picker::{Picker, PickerKind};
use super::{App, Effect, Popup};
use supchat_core::config::SUPAI_MODES;

/// What `/attach` asks the file lister for: the folder itself.
pub(super) const ATTACH_PICKER: &str = "";

impl App {
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
        let text = if first.args.is_empty() {
            format!("/{name}")
        } else {
            format!("/{name} ")
        };
        self.replace_line(&text);
        true
    }

    /// The one line of the draft becomes `text`, as an edit that undo
    /// takes back.
    fn replace_line(&mut self, text: &str) {
        use ratatui_textarea::CursorMove;
        self.input.move_cursor(CursorMove::Head);
        self.input.delete_line_by_end();
        self.input.insert_str(text);
        self.input_rev += 1;
    }

    /// Tab after `/provider s`, `/prompt r`, `/mode d`, `/model c`: the
    /// name it starts (the first, when several do).
    pub(super) fn complete_argument(&mut self, now: Instant) -> bool {
        self.end_notice(super::flash::Cause::Completions);
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
                    true => supchat_i18n::tr!("flash-complete-none", cmd = cmd),
                    false => supchat_i18n::tr!("flash-complete-no-start", cmd = cmd, typed = typed),
                },
                now,
            );
            return true;
        };
        if matching.len() > 1 {
            let all: Vec<&str> = matching.iter().map(|n| n.as_str()).collect();
            self.notice(
                super::flash::Cause::Completions,
                supchat_chat::text::sanitize_line(&supchat_i18n::tr!(
                    "flash-complete-next",
                    names = all.join(", ")
                )),
                now,
            );
        }
        self.replace_line(&format!("/{cmd} {found}"));
        self.arg_cycle = Some((typed, found));
        true
    }

    /// The `@word` just before the caret, without the `@`, if the caret
    /// ends one.
    pub(super) fn at_word(&self) -> Option<String> {
        self.at_word_typed().map(|(partial, _)| partial)
    }

    /// The `@word` the caret ends, and whether it is typed in quotes
    /// (`@"my fi`, a name with spaces).
    pub(super) fn at_word_typed(&self) -> Option<(String, bool)> {
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
                self.flash(supchat_i18n::tr("flash-no-file"), now);
                return;
            }
            let picker = Picker::new(
                PickerKind::Attach,
                supchat_i18n::tr("picker-title-attach"),
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
            self.flash(
                supchat_i18n::tr!("flash-no-file-starts", partial = partial),
                now,
            );
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
        // Back over it, then out in one edit (undo brings it back whole).
        for _ in 0..typed {
            self.input.move_cursor(ratatui_textarea::CursorMove::Back);
        }
        self.input.delete_str(typed);
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
                supchat_i18n::tr!("complete-in-all", n = names.len())
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
