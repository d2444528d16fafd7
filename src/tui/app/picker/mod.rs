//! Pickers: the model of an openai-kind provider (its `/models`, or any
//! name typed), Sup.ai's model allow-list (several; none means all), and a
//! code block to copy. Typing filters (fuzzy); the draft is left untouched.

mod model;

pub use model::{Allow, Picker, PickerKind, Row};

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Effect, Popup};
use supchat_api::models::SupAiCatalog;
use supchat_core::config::ProviderKind;
use supchat_core::engine::Now;

impl App {
    /// F4: the model picker for the current provider.
    pub(super) fn open_model_picker(&mut self) -> Vec<Effect> {
        let idx = self.session.choices().current_index();
        let p = self.current().clone();
        let picker = match p.kind {
            ProviderKind::OpenAi => {
                let ids = self
                    .models
                    .get(&p.name)
                    .cloned()
                    .unwrap_or_else(|| vec![p.model.clone()]);
                let mut pk = Picker::new(
                    PickerKind::Model(idx),
                    supchat_i18n::tr!("picker-title-model", provider = p.name.as_str()),
                    ids.clone(),
                    ids,
                );
                pk.set_current(&p.model);
                pk
            }
            ProviderKind::SupAi => {
                let ids = self
                    .models
                    .get(&p.name)
                    .cloned()
                    .unwrap_or_else(|| SupAiCatalog::bundled().models);
                let mut pk = Picker::new(
                    PickerKind::SupAiModels(idx),
                    supchat_i18n::tr!("picker-title-allow-list", provider = p.name.as_str()),
                    ids.clone(),
                    ids,
                );
                pk.chosen = p.models.iter().cloned().collect();
                pk
            }
        };
        let mut picker = picker;
        let fetch = !self.models.contains_key(&p.name);
        if fetch {
            picker.note = Some(supchat_i18n::tr("picker-loading"));
        }
        self.layers.open_popup(Popup::Picker(Box::new(picker)));
        if fetch {
            vec![Effect::FetchModels(Box::new(p))]
        } else {
            Vec::new()
        }
    }

    /// The list of models for a provider arrived (or could not be had).
    pub(super) fn on_models_loaded(&mut self, provider: &str, result: Result<Vec<String>, String>) {
        let for_this = |k: &PickerKind, app: &App| match k {
            PickerKind::Model(i) | PickerKind::SupAiModels(i) => {
                app.providers().get(*i).is_some_and(|p| p.name == provider)
            }
            _ => false,
        };
        let open = matches!(self.layers.popup(), Some(Popup::Picker(p)) if for_this(&p.kind, self));
        match result {
            Ok(ids) => {
                self.models.insert(provider.to_owned(), ids.clone());
                if open && let Some(Popup::Picker(p)) = self.layers.popup_mut() {
                    let mut ids = ids;
                    if let PickerKind::Model(i) = p.kind {
                        let current = self.session.choices().providers()[i].model.clone();
                        if !ids.contains(&current) {
                            ids.insert(0, current);
                        }
                    }
                    p.set_items(ids.clone(), ids);
                    p.note = None;
                }
            }
            Err(why) => {
                if open && let Some(Popup::Picker(p)) = self.layers.popup_mut() {
                    p.note = Some(match p.kind {
                        PickerKind::Model(_) => {
                            supchat_i18n::tr!("picker-no-list", why = why.as_str())
                        }
                        _ => supchat_i18n::tr!("picker-built-in-list", why = why.as_str()),
                    });
                }
            }
        }
    }

    /// Ctrl+O: a picker of the code blocks in the conversation, newest first.
    pub(super) fn open_code_picker(&mut self, now: Instant) {
        let texts: Vec<String> = self.reply_texts().map(|t| t.into_owned()).collect();
        self.open_code_picker_in(&texts, &supchat_i18n::tr("flash-no-code-yet"), now);
    }

    /// A picker of the code blocks of `texts` (a block repeated, say by a
    /// retry, is listed once); `none` is said when there is none.
    pub(super) fn open_code_picker_in(&mut self, texts: &[String], none: &str, now: Instant) {
        let mut labels = Vec::new();
        let mut values = Vec::new();
        for text in texts {
            for (lang, code) in crate::tui::render::markdown::code_blocks(text) {
                if values.contains(&code) {
                    continue;
                }
                let first = code
                    .lines()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("")
                    .trim();
                let lang = if lang.is_empty() {
                    "code".to_owned()
                } else {
                    lang
                };
                let n = code.lines().count();
                let s = if n == 1 { "" } else { "s" };
                labels.push(format!("{lang} · {n} line{s} · {first}"));
                values.push(code);
            }
        }
        if values.is_empty() {
            self.flash(none, now);
            return;
        }
        let picker = Picker::new(
            PickerKind::CodeBlock,
            supchat_i18n::tr("picker-title-code"),
            labels,
            values,
        );
        self.layers.open_popup(Popup::Picker(Box::new(picker)));
    }

    pub(super) fn on_picker_key(&mut self, k: KeyEvent, now: Now) -> Vec<Effect> {
        let Some(Popup::Picker(p)) = self.layers.popup_mut() else {
            return Vec::new();
        };
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match k.code {
            KeyCode::Esc => self.layers.close_popup(),
            KeyCode::Char('c') if ctrl => self.layers.close_popup(),
            KeyCode::Char('d') if ctrl && p.multi() => p.chosen.clear(),
            KeyCode::Up => p.move_cursor(-1),
            KeyCode::Down => p.move_cursor(1),
            KeyCode::PageUp => p.move_cursor(-10),
            KeyCode::PageDown => p.move_cursor(10),
            KeyCode::Char(' ') if p.multi() => p.toggle(),
            KeyCode::Backspace => {
                p.query.pop();
                p.cursor = 0;
                p.refilter();
                if p.query.is_empty() {
                    p.cursor_to_current();
                }
            }
            KeyCode::Char(c) if !ctrl && !k.modifiers.contains(KeyModifiers::ALT) => {
                p.type_str(c.encode_utf8(&mut [0; 4]))
            }
            KeyCode::Enter => return self.choose(now),
            _ => {}
        }
        Vec::new()
    }

    fn choose(&mut self, clock: Now) -> Vec<Effect> {
        let now = clock.mono;
        let Some(Popup::Picker(p)) = self.layers.take_popup() else {
            return Vec::new();
        };
        match p.kind {
            PickerKind::Model(i) => {
                if let Some(v) = p.current_value() {
                    self.session.choices_mut().set_model(i, v);
                    let label = self.providers()[i].label();
                    self.notice(
                        super::Cause::NextMessage,
                        supchat_i18n::tr!("next-message-goes", label = label),
                        now,
                    );
                }
            }
            PickerKind::SupAiModels(i) => {
                let what = match p.allow() {
                    Allow::All => supchat_i18n::tr("supai-use-all"),
                    Allow::Only(m) => supchat_i18n::tr!("supai-use-only", model = m.as_str()),
                    Allow::Chosen(n) => supchat_i18n::tr!("supai-use-chosen", n = n),
                };
                let models = match p.allow() {
                    Allow::All => Vec::new(),
                    Allow::Only(m) => vec![m],
                    Allow::Chosen(_) => p.chosen.into_iter().collect(),
                };
                self.session.choices_mut().set_allow_list(i, models);
                self.notice(
                    super::Cause::NextMessage,
                    supchat_i18n::tr!("flash-supai-will-use", what = what),
                    now,
                );
            }
            PickerKind::Command | PickerKind::Provider | PickerKind::Mode | PickerKind::Attach => {
                if let Some(v) = p.current_value() {
                    return self.chose(&p.kind, v, clock);
                }
            }
            PickerKind::CompareTargets if !(2..=4).contains(&p.chosen.len()) => {
                // Kept open, ticks and all: it says how many it takes.
                let n = p.chosen.len();
                self.layers.open_popup(Popup::Picker(p));
                self.flash(supchat_i18n::tr!("flash-compare-tick", n = n), now);
            }
            PickerKind::CompareTargets => {
                // In the list's order.
                let chosen: Vec<String> = p
                    .values
                    .iter()
                    .filter(|v| p.chosen.contains(*v))
                    .cloned()
                    .collect();
                let refused = supchat_core::session::Target::parse_all(
                    chosen.iter().map(String::as_str),
                    self.session.choices(),
                )
                .err();
                match refused {
                    // Kept open, ticks and all, saying why (no key).
                    Some(why) => {
                        self.layers.open_popup(Popup::Picker(p));
                        self.flash(why, now);
                    }
                    None => self.arm_compare(Some(chosen.join(" ")), now),
                }
            }
            PickerKind::Prompt => {
                if let Some(name) = p.current_value() {
                    self.use_preset(Some(name.as_str()).filter(|n| !n.is_empty()), now);
                }
            }
            PickerKind::CodeBlock => {
                if let Some(code) = p.current_value() {
                    self.flash(supchat_i18n::tr("flash-copying-code"), now);
                    return vec![Effect::Copy(code)];
                }
            }
        }
        Vec::new()
    }
}
