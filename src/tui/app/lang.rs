//! `/lang`: the interface's language, changed while the chat runs; the
//! screen is drawn again in it at once.

use std::time::Instant;

use super::App;
use supchat_i18n::{Lang, tr};

impl App {
    /// `/lang en`, `/lang zh-CN`; without one, the other language.
    pub(super) fn switch_lang(&mut self, arg: Option<String>, t: Instant) {
        let lang = match arg.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
            None => match supchat_i18n::current() {
                Lang::En => Lang::ZhCn,
                Lang::ZhCn => Lang::En,
            },
            Some(a) => match Lang::parse(a) {
                Some(l) => l,
                None => {
                    let name = supchat_chat::text::sanitize_line(a);
                    return self.flash(supchat_i18n::tr!("lang-unknown", name = name), t);
                }
            },
        };
        supchat_i18n::set(lang);
        // What is drawn from the catalogues is drawn again: the cells, the
        // input box's hint (a draft typed is kept).
        let hint = supchat_i18n::tr!(
            "input-placeholder",
            newline = self.newline_key,
            help = self.key(supchat_core::config::commands::Action::Help)
        );
        self.input.set_placeholder_text(hint);
        self.cells.touch_all();
        self.flash(tr("lang-now"), t);
    }
}
