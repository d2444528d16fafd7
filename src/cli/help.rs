//! `--help` in the language in use. The derive (`Cli`) is the structure;
//! every word of the help comes from the catalogue (`cli.ftl`), by an id
//! made from the names: `cli-about`, `cli-sub-sessions-list` for a
//! subcommand, `cli-arg-ask-continue` for an argument of one (else
//! `cli-arg-continue`, an argument's help wherever it appears), with
//! `-long` for the longer text `--help` shows. The headings come from a
//! help template per command; clap's own flags (`-h`, `-V`) and its `help`
//! subcommand get theirs once clap has made them. The language is decided
//! before the command line is read ([`early_lang`]), so that `--help`
//! speaks it.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Command, CommandFactory, FromArgMatches};
use supchat_i18n::{Lang, tr_in};

use super::Cli;

/// Reads the command line as [`Cli`], `--help` and clap's errors in the
/// language decided first from `--lang`, the config's `language` and the
/// environment. Exits on `--help`, `--version` and a usage error.
pub fn parse() -> Cli {
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = early_lang(&args, |k| std::env::var(k).ok());
    supchat_i18n::set(lang);
    let mut cmd = command_in(lang);
    let matches = match cmd.try_get_matches_from_mut(args) {
        Ok(m) => m,
        // clap says its errors in English: in Chinese, supchat does.
        Err(e) if lang == Lang::ZhCn && super::usage_errors::is_usage_error(&e) => {
            eprint!("{}", super::usage_errors::say(&e, &mut cmd));
            std::process::exit(e.exit_code());
        }
        Err(e) => e.exit(),
    };
    match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.format(&mut cmd).exit(),
    }
}

/// The language before the command line is parsed: `--lang X` (or
/// `--lang=X`), else the config's `language` (of `--config FILE` or the
/// usual place; only a regular file is read, so that a pipe given as the
/// config is not used up), else `LC_ALL`, `LC_MESSAGES`, `LANG`.
pub fn early_lang(args: &[OsString], var: impl Fn(&str) -> Option<String>) -> Lang {
    let (flag, config) = early_flags(args);
    flag.or_else(|| {
        let loc = supchat_core::config::locate(config.as_deref())?;
        if !loc.path.is_file() {
            return None;
        }
        supchat_core::config::load(Some(&loc)).ok()?.language
    })
    .unwrap_or_else(|| Lang::from_env(var))
}

/// `--lang` and `--config` as given before any `--` (a wrong language is
/// left to clap to say).
fn early_flags(args: &[OsString]) -> (Option<Lang>, Option<PathBuf>) {
    let (mut lang, mut config) = (None, None);
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        let Some(a) = a.to_str() else { continue };
        if a == "--" {
            break;
        }
        if a == "--lang" {
            lang = it.next().and_then(|v| v.to_str()).and_then(Lang::parse);
        } else if let Some(v) = a.strip_prefix("--lang=") {
            lang = Lang::parse(v);
        } else if a == "--config" {
            config = it.next().map(PathBuf::from);
        } else if let Some(v) = a.strip_prefix("--config=") {
            config = Some(PathBuf::from(v));
        }
    }
    (lang, config)
}

/// The command line's definition with its help in `lang`, as the derive
/// gives it (not built: the man page and completions are made from it).
pub fn unbuilt_in(lang: Lang) -> Command {
    words(Cli::command(), "", lang)
}

/// The command line's definition with its help in `lang`, built (clap's
/// `-h`, `-V` and `help` made and worded too).
pub fn command_in(lang: Lang) -> Command {
    // Before clap builds: whether there is longer help to show is decided
    // from these words.
    let mut cmd = unbuilt_in(lang);
    cmd.build();
    finish(cmd, lang)
}

/// A message of the catalogue, when it has `id`.
fn text(lang: Lang, id: &str) -> Option<String> {
    supchat_i18n::has(id).then(|| tr_in(lang, id, &[]))
}

/// An id's part for a name: `continue_` reads `continue`, `no_save`
/// `no-save`.
fn id_part(name: &str) -> String {
    name.trim_end_matches('_').replace('_', "-")
}

/// The ids of an argument's help, most particular first.
pub(super) fn arg_ids(path: &str, arg: &str) -> [String; 2] {
    let arg = id_part(arg);
    if path.is_empty() {
        [format!("cli-arg-{arg}"), format!("cli-arg-{arg}")]
    } else {
        [format!("cli-arg-{path}-{arg}"), format!("cli-arg-{arg}")]
    }
}

/// The id of a command's about.
pub(super) fn about_id(path: &str) -> String {
    if path.is_empty() {
        "cli-about".to_owned()
    } else {
        format!("cli-sub-{path}")
    }
}

/// The subcommand `name`'s path below `path`.
fn sub_path(path: &str, name: &str) -> String {
    if path.is_empty() {
        id_part(name)
    } else {
        format!("{path}-{}", id_part(name))
    }
}

/// The about and the arguments' help of `cmd` (at `path`) and of its
/// subcommands.
fn words(mut cmd: Command, path: &str, lang: Lang) -> Command {
    let about = about_id(path);
    if let Some(t) = text(lang, &about) {
        cmd = cmd.about(t);
    }
    if let Some(t) = text(lang, &format!("{about}-long")) {
        cmd = cmd.long_about(t);
    }
    let args: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().as_str().to_owned())
        .collect();
    for id in args {
        let ids = arg_ids(path, &id);
        cmd = cmd.mut_arg(&id, |mut a| {
            if let Some(t) = ids.iter().find_map(|i| text(lang, i)) {
                a = a.help(t);
            }
            if let Some(t) = ids.iter().find_map(|i| text(lang, &format!("{i}-long"))) {
                a = a.long_help(t);
            }
            if lang == Lang::En {
                a
            } else {
                values_said(a, lang)
            }
        });
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in subs {
        let p = sub_path(path, &name);
        cmd = cmd.mut_subcommand(&name, |s| words(s, &p, lang));
    }
    cmd
}

/// An argument's default and possible values said in `lang` (clap says
/// them in English only): after its help, clap's own left out.
fn values_said(a: clap::Arg, lang: Lang) -> clap::Arg {
    if !a.get_action().takes_values() {
        return a;
    }
    let mut said = Vec::new();
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !a.is_hide_default_value_set() {
        let value = defaults.join(", ");
        said.push(tr_in(lang, "cli-help-default", &[("value", value.into())]));
    }
    let possible: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_owned())
        .collect();
    if !possible.is_empty() && !a.is_hide_possible_values_set() {
        let values = possible.join(", ");
        said.push(tr_in(
            lang,
            "cli-help-possible",
            &[("values", values.into())],
        ));
    }
    if said.is_empty() {
        return a;
    }
    let help = match a.get_help() {
        Some(h) => format!("{h} {}", said.join(" ")),
        None => said.join(" "),
    };
    a.hide_default_value(true)
        .hide_possible_values(true)
        .help(help)
}

/// What clap made when it built `cmd`, worded: `-h`, `-V`, the `help`
/// subcommand; and every command's headings (a help template).
fn finish(mut cmd: Command, lang: Lang) -> Command {
    let args: Vec<(String, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().as_str().to_owned(), a.get_long_help().is_some()))
        .collect();
    for (id, long) in args {
        match id.as_str() {
            "help" if long => {
                cmd = cmd.mut_arg("help", |a| {
                    a.help(tr_in(lang, "cli-flag-help-more", &[]))
                        .long_help(tr_in(lang, "cli-flag-help-summary", &[]))
                });
            }
            "help" => cmd = cmd.mut_arg("help", |a| a.help(tr_in(lang, "cli-flag-help", &[]))),
            "version" => {
                cmd = cmd.mut_arg("version", |a| a.help(tr_in(lang, "cli-flag-version", &[])));
            }
            _ => {}
        }
    }
    let template = template(&cmd, lang);
    cmd = cmd.help_template(template);
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in subs {
        cmd = cmd.mut_subcommand(&name, |mut s| {
            // clap's `help` subcommand (and its argument).
            if name == "help" {
                s = s.about(tr_in(lang, "cli-sub-help", &[]));
                if s.get_arguments().any(|a| a.get_id() == "subcommand") {
                    s = s.mut_arg("subcommand", |a| {
                        a.help(tr_in(lang, "cli-arg-help-subcommand", &[]))
                    });
                }
            }
            finish(s, lang)
        });
    }
    cmd
}

/// clap's help layout with the headings in `lang`: the usage, then the
/// sections that have something to list.
fn template(cmd: &Command, lang: Lang) -> String {
    let styles = cmd.get_styles();
    let (usage, header) = (styles.get_usage(), styles.get_header());
    let heading =
        |id: &str, tag: &str| format!("{header}{}{header:#}\n{{{tag}}}", tr_in(lang, id, &[]));
    let mut sections = Vec::new();
    // As clap lists them: its `help` subcommand alone is no section.
    if cmd
        .get_subcommands()
        .any(|s| s.get_name() != "help" && !s.is_hide_set())
    {
        sections.push(heading("cli-heading-commands", "subcommands"));
    }
    if cmd.get_positionals().any(|a| !a.is_hide_set()) {
        sections.push(heading("cli-heading-arguments", "positionals"));
    }
    if cmd
        .get_arguments()
        .any(|a| !a.is_positional() && !a.is_hide_set())
    {
        sections.push(heading("cli-heading-options", "options"));
    }
    // No space after a full-width colon.
    let said = tr_in(lang, "cli-heading-usage", &[]);
    let space = if said.ends_with('：') { "" } else { " " };
    let mut t =
        format!("{{before-help}}{{about-with-newline}}\n{usage}{said}{usage:#}{space}{{usage}}");
    if !sections.is_empty() {
        t.push_str("\n\n");
        t.push_str(&sections.join("\n\n"));
    }
    t.push_str("{after-help}");
    t
}

#[cfg(test)]
#[path = "help_tests.rs"]
mod tests;
