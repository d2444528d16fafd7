//! The one place an action of the chat is carried out, however it was
//! asked for: its key (as `[keys]` binds it), `/name` typed in the input
//! box, or the palette. What each action is, is the command table's
//! (`config::commands`).

use super::complete::ATTACH_PICKER;
use super::{App, Cause, Effect, Popup};
use supchat_core::config::ProviderKind;
use supchat_core::config::commands::Action;
use supchat_core::engine::Now;

/// How an action was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Via {
    /// Its key: F2 and F3 cycle where `/provider` and `/mode` pick.
    Key,
    /// By name (`/name ARG`, or the palette without one).
    Named(Option<String>),
}

impl App {
    /// The key bound to `action` now, as the screen names it (`F5`);
    /// empty when it has none.
    pub fn key(&self, action: Action) -> String {
        self.keymap.label(action)
    }

    /// Carries out `action`.
    pub(super) fn dispatch(&mut self, action: Action, via: Via, now: Now) -> Vec<Effect> {
        let t = now.mono;
        let by_key = via == Via::Key;
        let arg = match via {
            Via::Named(a) => a,
            Via::Key => None,
        };
        match action {
            Action::Help => self.layers.open_popup(Popup::Help { scroll: 0 }),
            Action::Mcp => self.open_mcp(arg, t),
            Action::Lang => self.switch_lang(arg, t),
            Action::Palette => self.open_palette(),
            Action::Find => self.open_find(arg),
            Action::SelectUp => self.move_selection(true, t),
            Action::SelectDown => self.move_selection(false, t),
            Action::New => return self.new_conversation(t),
            Action::Retry => return self.retry(arg.as_deref(), now),
            Action::Compare => self.arm_compare(arg, t),
            Action::Inspect => self.open_inspect(t),
            Action::Provider if by_key => self.next_provider(t),
            Action::Provider => match arg {
                Some(a) => self.choose_provider(&a, t),
                None => self.open_provider_picker(),
            },
            Action::Model => match arg {
                Some(m) if self.current().kind == ProviderKind::OpenAi => {
                    let i = self.session.choices().current_index();
                    self.session.choices_mut().set_model(i, m);
                    self.said_next(t);
                }
                // Sup.ai: the allow-list becomes that one model.
                Some(m) => {
                    let i = self.session.choices().current_index();
                    let shown = supchat_chat::text::sanitize_line(&m);
                    self.session.choices_mut().set_allow_list(i, vec![m]);
                    let picker = self.key(Action::Model);
                    self.notice(
                        Cause::NextMessage,
                        supchat_i18n::tr!("flash-supai-only", model = shown, key = picker),
                        t,
                    );
                }
                None => return self.open_model_picker(),
            },
            Action::Mode if by_key => self.next_mode(t),
            Action::Mode => match arg {
                Some(m) => self.choose_mode(&m, t),
                None => self.open_mode_picker(t),
            },
            Action::Prompt => match arg.as_deref() {
                Some("none") => self.use_preset(None, t),
                Some(n) => self.use_preset(Some(n), t),
                None => self.open_prompt_picker(t),
            },
            Action::Sessions => return self.open_session_list_with(arg, t),
            Action::Attach => return vec![Effect::CompletePath(ATTACH_PICKER.to_owned())],
            Action::Export => return self.export(arg, now).into_iter().collect(),
            Action::Details => self.toggle_supai_chunks(t),
            Action::Panel => self.toggle_supai_panel(t),
            Action::Reasoning => self.toggle_reasoning(t),
            // As in a shell, Ctrl+L also draws the screen again whole.
            Action::Long => {
                self.toggle_long(t);
                return vec![Effect::Repaint];
            }
            Action::Editor => return vec![Effect::OpenEditor(self.draft())],
            Action::Copy => return self.copy_last_reply(t),
            Action::Code => self.open_code_picker(t),
            Action::Quit => return self.quit(now),
        }
        Vec::new()
    }
}
