//! What is made from the command line's own definition, so that it never
//! falls behind it: `supchat completions SHELL` and `supchat man` (with the
//! chat's keys and commands, the configuration, the files and the
//! environment).

use std::process::ExitCode;

use super::{Command, EXIT_FAILED, EXIT_USAGE, fail, out};

/// A man page from the command line's definition; the top page also lists
/// the chat's keys and commands, from the one command table.
fn man_page(page: clap::Command, top: bool, out: &mut Vec<u8>) -> std::io::Result<()> {
    let man = clap_mangen::Man::new(page);
    if !top {
        return man.render(out);
    }
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    man.render_subcommands_section(out)?;
    chat_sections(out)?;
    setup_sections(out)?;
    // No EXTRA or AUTHORS: the command line has neither after-help text
    // nor authors, and empty headings are noise.
    man.render_version_section(out)
}

/// Markdown's marks are not roff's: `code` and [links](#…) as plain text.
fn plain(s: &str) -> String {
    let s = s.replace('`', "");
    let mut out = String::new();
    let mut rest = s.as_str();
    while let Some(i) = rest.find("](") {
        let (Some(open), Some(end)) = (rest[..i].rfind('['), rest[i..].find(')')) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..i]);
        rest = &rest[i + end + 1..];
    }
    out.push_str(rest);
    out
}

/// CONFIGURATION (the example config, every key with its default), FILES
/// and ENVIRONMENT, in roff.
fn setup_sections(out: &mut Vec<u8>) -> std::io::Result<()> {
    use clap_mangen::roff::{Roff, bold, roman};
    use supchat_core::config::places::{ENVIRONMENT, EXIT_CODES, FILES};
    let mut r = Roff::new();
    r.control("SH", ["CONFIGURATION"]);
    r.text([roman(
        "TOML, read from the first of: --config FILE; the file SUPCHAT_CONFIG names; $XDG_CONFIG_HOME/supchat/config.toml. Every key, with its default:",
    )]);
    r.control("PP", []);
    r.control("nf", []);
    r.control("RS", ["4"]);
    for line in include_str!("../../config.example.toml").lines() {
        r.text([roman(line)]);
    }
    r.control("RE", []);
    r.control("fi", []);
    for (title, rows) in [
        ("FILES", FILES),
        ("ENVIRONMENT", ENVIRONMENT),
        ("EXIT STATUS", EXIT_CODES),
    ] {
        r.control("SH", [title]);
        for (name, doc) in rows {
            r.control("TP", []);
            r.text([bold(*name)]);
            r.text([roman(plain(doc))]);
        }
    }
    r.to_writer(out)
}

/// KEYS and COMMANDS IN THE CHAT, in roff.
fn chat_sections(out: &mut Vec<u8>) -> std::io::Result<()> {
    use clap_mangen::roff::{Roff, bold, roman};
    use supchat_core::config::commands::{command_rows, key_rows};
    let mut r = Roff::new();
    r.control("SH", ["KEYS IN THE CHAT"]);
    r.text([roman(
        "As bound by default; [keys] in the config binds them anew.",
    )]);
    for (key, doc) in key_rows() {
        r.control("TP", []);
        r.text([bold(key)]);
        r.text([roman(plain(&doc))]);
    }
    r.control("SH", ["COMMANDS IN THE CHAT"]);
    r.text([roman("Typed in the input box, or picked from the palette.")]);
    for (usage, key, doc) in command_rows() {
        r.control("TP", []);
        let key = if key.is_empty() {
            key
        } else {
            format!("  ({key})")
        };
        r.text([bold(usage), roman(key)]);
        r.text([roman(plain(&doc))]);
    }
    r.to_writer(out)
}

/// `supchat completions SHELL` and `supchat man`: made from the command
/// line's own definition, so they never fall behind it.
pub(super) fn generated(command: &Command) -> Option<ExitCode> {
    // In English, as the rest of the man page.
    let mut cmd = super::help::unbuilt_in(supchat_i18n::Lang::En);
    let mut out = Vec::new();
    match command {
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut cmd, "supchat", &mut out);
        }
        Command::Man { command } => {
            let page = match command {
                None => cmd,
                Some(name) => {
                    cmd.build();
                    let Some(sub) = cmd.find_subcommand(name).cloned() else {
                        let names: Vec<String> = cmd
                            .get_subcommands()
                            .map(|c| c.get_name().to_owned())
                            .filter(|n| n != "help")
                            .collect();
                        return Some(fail(
                            EXIT_USAGE,
                            format!("no command {name:?} (commands: {})", names.join(", ")),
                        ));
                    };
                    // Named as the top page refers to it: supchat-ask(1).
                    let full = format!("supchat-{}", sub.get_name());
                    sub.name(full)
                }
            };
            let top = command.is_none();
            if let Err(e) = man_page(page, top, &mut out) {
                return Some(fail(EXIT_FAILED, format!("cannot make the man page: {e}")));
            }
        }
        _ => return None,
    }
    Some(out::finish(
        std::io::Write::write_all(&mut std::io::stdout().lock(), &out).map(|()| ExitCode::SUCCESS),
    ))
}
