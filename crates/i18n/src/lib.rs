//! What supchat says, in English and Simplified Chinese: Fluent
//! catalogues (`locales/en/*.ftl`, `locales/zh-CN/*.ftl`, one file per
//! part of supchat, built into the binary) read with `fluent-bundle`, and
//! the language in use for this process.
//!
//! The language follows `LC_ALL`, `LC_MESSAGES`, `LANG` (the first set):
//! `zh_CN`, `zh_SG`, `zh_Hans`, `zh` read Chinese, anything else English;
//! the config's `language` and `--lang` set it outright, and the chat's
//! `/lang` changes it while it runs. A message missing from Chinese falls
//! back to English (a test keeps the two catalogues equal).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language of supchat's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    ZhCn,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// As the config and `--lang` write it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// `en`, `zh-CN` (also `zh`, `zh_CN`, `zh-Hans`, any case).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        match s.as_str() {
            "en" | "en-us" | "en-gb" | "english" => Some(Lang::En),
            "zh" | "zh-cn" | "zh-sg" | "zh-hans" | "zh-hans-cn" | "chinese" => Some(Lang::ZhCn),
            _ => None,
        }
    }

    /// The language a locale names (`zh_CN.UTF-8`, `zh_Hans`, `C`): Chinese
    /// for Simplified Chinese locales, else English.
    pub fn from_locale(locale: &str) -> Lang {
        let name = locale
            .split(['.', '@'])
            .next()
            .unwrap_or("")
            .replace('-', "_")
            .to_ascii_lowercase();
        match name.as_str() {
            "zh" | "zh_cn" | "zh_sg" | "zh_hans" | "zh_hans_cn" | "zh_hans_sg" => Lang::ZhCn,
            _ => Lang::En,
        }
    }

    /// The language of the environment: the first of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` that is set (given as a look-up, for tests).
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|k| var(k).filter(|v| !v.trim().is_empty()))
            .map_or(Lang::En, |v| Lang::from_locale(&v))
    }

    fn index(self) -> u8 {
        match self {
            Lang::En => 0,
            Lang::ZhCn => 1,
        }
    }
}

/// The parts of supchat with a catalogue file each, in every language.
pub const PARTS: [&str; 5] = ["chat", "api", "core", "config", "cli"];

macro_rules! catalogue {
    ($lang:literal) => {
        [
            include_str!(concat!("../locales/", $lang, "/chat.ftl")),
            include_str!(concat!("../locales/", $lang, "/api.ftl")),
            include_str!(concat!("../locales/", $lang, "/core.ftl")),
            include_str!(concat!("../locales/", $lang, "/config.ftl")),
            include_str!(concat!("../locales/", $lang, "/cli.ftl")),
        ]
    };
}

/// The catalogues' sources, by language, a file per part (in the order of
/// [`PARTS`]).
pub const CATALOGUES: [(Lang, [&str; 5]); 2] = [
    (Lang::En, catalogue!("en")),
    (Lang::ZhCn, catalogue!("zh-CN")),
];

static CURRENT: AtomicU8 = AtomicU8::new(0);

thread_local! {
    /// A language for this thread alone (tests in both languages side by
    /// side in one process).
    static THIS_THREAD: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// The language from now on: the whole process's (or, where a test set
/// one for its thread, that thread's).
pub fn set(lang: Lang) {
    let own = THIS_THREAD.with(|t| {
        let own = t.get().is_some();
        if own {
            t.set(Some(lang));
        }
        own
    });
    if !own {
        CURRENT.store(lang.index(), Ordering::Relaxed);
    }
}

/// The language of this thread from now on, whatever the process's is:
/// for tests, which run side by side in threads of one process.
pub fn set_for_this_thread(lang: Lang) {
    THIS_THREAD.with(|t| t.set(Some(lang)));
}

/// The language in use.
pub fn current() -> Lang {
    if let Some(l) = THIS_THREAD.with(std::cell::Cell::get) {
        return l;
    }
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::ZhCn,
        _ => Lang::En,
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundles() -> &'static [Bundle; 2] {
    static B: OnceLock<[Bundle; 2]> = OnceLock::new();
    B.get_or_init(|| CATALOGUES.map(|(lang, files)| bundle(lang, &files)))
}

fn bundle(lang: Lang, files: &[&str]) -> Bundle {
    let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around values: a terminal would show
    // them, or not, at random.
    b.set_use_isolating(false);
    for src in files {
        // A broken entry is left out (a test keeps the catalogues whole).
        let res = FluentResource::try_new((*src).to_owned()).unwrap_or_else(|(res, _)| res);
        let _ = b.add_resource(res);
    }
    b
}

/// A value given to a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Str(String),
    Num(f64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_owned())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Str(s.clone())
    }
}
macro_rules! num_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Num(n as f64)
            }
        }
    )*};
}
num_arg!(usize, u64, u32, u16, i64, i32, f64);

/// Message `key` in `lang`, with `args`: English when `lang` lacks it, the
/// key itself when English does too.
pub fn tr_in(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    let b = &bundles()[usize::from(lang.index())];
    let Some(pattern) = b.get_message(key).and_then(|m| m.value()) else {
        return if lang == Lang::En {
            key.to_owned()
        } else {
            tr_in(Lang::En, key, args)
        };
    };
    let mut fargs = FluentArgs::new();
    for (name, v) in args {
        match v {
            Arg::Str(s) => fargs.set(*name, FluentValue::from(s.as_str())),
            Arg::Num(n) => fargs.set(*name, FluentValue::from(*n)),
        }
    }
    let mut errors = Vec::new();
    b.format_pattern(pattern, Some(&fargs), &mut errors)
        .into_owned()
}

/// Message `key` in the language in use.
pub fn tr(key: &str) -> String {
    tr_in(current(), key, &[])
}

/// Message `key` in the language in use, with `args`.
pub fn tr_args(key: &str, args: &[(&str, Arg)]) -> String {
    tr_in(current(), key, args)
}

/// How long ago, in the language in use: `just now`, `5 min ago`,
/// `3 h ago`, `yesterday`, `4 days ago` (`刚刚`, `5 分钟前`…); `None` from
/// 30 days on, where a date says more. A time ahead (a clock set wrong)
/// reads as now.
pub fn ago(secs: u64) -> Option<String> {
    const MIN: u64 = 60;
    const HOUR: u64 = 60 * MIN;
    const DAY: u64 = 24 * HOUR;
    Some(match secs {
        s if s < MIN => tr("ago-now"),
        s if s < HOUR => tr!("ago-minutes", n = s / MIN),
        s if s < DAY => tr!("ago-hours", n = s / HOUR),
        s if s < 2 * DAY => tr("ago-yesterday"),
        s if s < 30 * DAY => tr!("ago-days", n = s / DAY),
        _ => return None,
    })
}

/// A size in bytes, in the language in use: `900 B`, `1.2 KiB`, `3.4 MiB`,
/// `1.0 GiB` (Chinese writes `字节` for bytes).
pub fn size(bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    let (n, unit) = match bytes {
        n if n < 1024 => return tr!("size-bytes", n = n),
        n if n < 1024 * 1024 => (b / KIB, "KiB"),
        n if n < 1024 * 1024 * 1024 => (b / (KIB * KIB), "MiB"),
        _ => (b / (KIB * KIB * KIB), "GiB"),
    };
    tr!("size-units", n = format!("{n:.1}"), unit = unit)
}

/// What went wrong with a file or a connection, in the language in use:
/// the system's words (`No such file or directory (os error 2)`) for the
/// kinds a user meets, the system's own for the rest.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let id = match e.kind() {
        K::NotFound => "io-not-found",
        K::PermissionDenied => "io-permission-denied",
        K::ConnectionRefused => "io-connection-refused",
        K::ConnectionReset | K::ConnectionAborted => "io-connection-reset",
        K::TimedOut => "io-timed-out",
        K::AlreadyExists => "io-already-exists",
        K::IsADirectory => "io-is-a-directory",
        K::NotADirectory => "io-not-a-directory",
        K::StorageFull => "io-storage-full",
        K::ReadOnlyFilesystem => "io-read-only",
        K::InvalidData => "io-invalid-data",
        _ => return e.to_string(),
    };
    tr(id)
}

/// Whether the catalogues have message `key`.
pub fn has(key: &str) -> bool {
    bundles()[0].has_message(key)
}

/// `tr!("key")`, `tr!("key", name = value, n = 3)`: a message in the
/// language in use.
#[macro_export]
macro_rules! tr {
    ($key:expr) => {
        $crate::tr($key)
    };
    ($key:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::tr_args($key, &[$((stringify!($name), $crate::Arg::from($value))),+])
    };
}

/// The message ids of a catalogue's source.
pub fn ids(src: &str) -> Vec<String> {
    let res = FluentResource::try_new(src.to_owned()).unwrap_or_else(|(res, _)| res);
    res.entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests;
