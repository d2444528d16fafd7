//! Words said to the user and, the same reason, to the model: a message
//! of the catalogues with its values, put into words where it is used (in
//! the language in use on the screen, in English for the model).

use supchat_i18n::{Arg, Lang, tr_in};

/// A message of the catalogues (`core-…`) and its values, not yet words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    id: &'static str,
    args: Vec<(&'static str, String)>,
}

impl Said {
    pub fn new(id: &'static str) -> Self {
        Self {
            id,
            args: Vec::new(),
        }
    }

    /// With value `name` (a `{ $name }` of the message).
    #[must_use]
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// Each value through `f` (a server's words scrubbed and cut).
    #[must_use]
    pub fn map_values(mut self, f: impl Fn(&str) -> String) -> Self {
        for (_, v) in &mut self.args {
            *v = f(v);
        }
        self
    }

    /// In `lang`.
    pub fn in_lang(&self, lang: Lang) -> String {
        let args: Vec<(&str, Arg)> = self
            .args
            .iter()
            .map(|(k, v)| (*k, Arg::from(v.as_str())))
            .collect();
        tr_in(lang, self.id, &args)
    }

    /// In the language in use: for the screen.
    pub fn text(&self) -> String {
        self.in_lang(supchat_i18n::current())
    }

    /// In English: for the model.
    pub fn english(&self) -> String {
        self.in_lang(Lang::En)
    }
}

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}
