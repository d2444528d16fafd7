//! clap's usage errors in Chinese. clap words its errors in English only,
//! but lets a program read what went wrong (the kind, the argument, the
//! value, what it could be) and say it itself: here, from the catalogue.
//! English keeps clap's own wording (with its colours and tips).

use clap::Command;
use clap::error::{ContextKind, ContextValue, Error, ErrorKind};
use supchat_i18n::tr;

/// Whether the error is one of clap's outputs that are not errors
/// (`--help`, `--version`), which stay as clap prints them.
pub fn is_usage_error(e: &Error) -> bool {
    !matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    )
}

/// The error as the catalogue says it: what went wrong, what it could have
/// been, the usage line and where to read more.
pub fn say(e: &Error, cmd: &mut Command) -> String {
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut what = match e.kind() {
        ErrorKind::UnknownArgument => tr!("cli-err-unknown-arg", arg = arg),
        ErrorKind::InvalidSubcommand => {
            let sub = context(e, ContextKind::InvalidSubcommand).unwrap_or(arg);
            tr!("cli-err-unknown-sub", sub = sub)
        }
        ErrorKind::InvalidValue if value.is_empty() => tr!("cli-err-no-value", arg = arg),
        ErrorKind::InvalidValue => tr!("cli-err-bad-value", arg = arg, value = value),
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(ToString::to_string)
                .unwrap_or_default();
            // A number's parser says it in English (whatever wraps it).
            let number_words = ["", "x", "-1", "99999999999999999999999"]
                .map(|s| s.parse::<u64>().err().map(|e| e.to_string()));
            let why = if number_words.contains(&Some(why.clone())) {
                tr("cli-err-not-a-number")
            } else {
                why
            };
            tr!("cli-err-invalid", arg = arg, value = value, why = why)
        }
        ErrorKind::MissingRequiredArgument => tr!("cli-err-missing", args = arg),
        ErrorKind::MissingSubcommand => tr!("cli-err-missing-sub"),
        ErrorKind::ArgumentConflict => {
            let other = context(e, ContextKind::PriorArg).unwrap_or_default();
            tr!("cli-err-conflict", arg = arg, other = other)
        }
        ErrorKind::NoEquals => tr!("cli-err-no-equals", arg = arg),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            tr!("cli-err-value-count", arg = arg)
        }
        ErrorKind::InvalidUtf8 => tr!("cli-err-utf8"),
        // Anything else keeps clap's words.
        _ => return e.render().to_string(),
    };
    if let Some(valid) = context(e, ContextKind::ValidValue) {
        what.push_str(&tr!("cli-err-possible", values = valid));
    }
    if let Some(s) = context(e, ContextKind::SuggestedArg)
        .or_else(|| context(e, ContextKind::SuggestedSubcommand))
        .or_else(|| context(e, ContextKind::SuggestedValue))
    {
        what.push_str(&tr!("cli-err-did-you-mean", suggestion = s));
    }
    // The usage of the subcommand at fault, as clap found it.
    let usage = context(e, ContextKind::Usage).unwrap_or_else(|| cmd.render_usage().to_string());
    let usage = usage
        .trim()
        .strip_prefix("Usage:")
        .unwrap_or(usage.trim())
        .trim()
        .to_owned();
    format!(
        "{}\n\n{}\n\n{}\n",
        tr!("cli-err", what = what),
        tr!("cli-err-usage", usage = usage),
        tr("cli-err-more")
    )
}

/// A value of the error's context as text (lists joined as the language
/// joins them: `, ` or `、`).
fn context(e: &Error, kind: ContextKind) -> Option<String> {
    let s = match e.get(kind)? {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(v) => v.join(&tr("cli-err-list-sep")),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(v) => v
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        ContextValue::Number(n) => n.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}
