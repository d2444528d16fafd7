//! `--help` from the catalogue: every help text found by its id, the
//! English as it was, the Chinese with its own headings.

use std::collections::BTreeSet;
use std::ffi::OsString;

use clap::CommandFactory;
use supchat_i18n::Lang;

use super::*;

/// The help ids made from the names of the command line (every one has
/// its text in both catalogues).
const HELP_IDS: &[&str] = &[
    "cli-about",
    "cli-about-long",
    "cli-arg-config",
    "cli-arg-demo",
    "cli-arg-lang",
    "cli-arg-resume",
    "cli-arg-continue",
    "cli-arg-no-save",
    "cli-arg-provider",
    "cli-arg-model",
    "cli-arg-mode",
    "cli-arg-models",
    "cli-arg-preset",
    "cli-sub-ask",
    "cli-arg-ask-system",
    "cli-arg-ask-no-stream",
    "cli-arg-ask-no-reasoning",
    "cli-arg-ask-stats",
    "cli-arg-ask-compare",
    "cli-arg-ask-json",
    "cli-arg-ask-wire",
    "cli-arg-ask-raw",
    "cli-arg-ask-continue",
    "cli-arg-ask-session",
    "cli-arg-ask-yes",
    "cli-arg-ask-prompt",
    "cli-sub-models",
    "cli-arg-models-provider",
    "cli-sub-config",
    "cli-sub-config-path",
    "cli-sub-config-show",
    "cli-sub-config-check",
    "cli-sub-mcp",
    "cli-sub-mcp-list",
    "cli-sub-sessions",
    "cli-sub-sessions-list",
    "cli-arg-sessions-list-json",
    "cli-arg-sessions-list-limit",
    "cli-sub-sessions-show",
    "cli-arg-sessions-show-id",
    "cli-sub-sessions-export",
    "cli-arg-sessions-export-output",
    "cli-arg-sessions-export-reasoning",
    "cli-sub-sessions-import",
    "cli-sub-sessions-delete",
    "cli-sub-sessions-rename",
    "cli-sub-sessions-search",
    "cli-sub-sessions-check",
    "cli-sub-completions",
    "cli-sub-man",
];

/// The ids of the catalogue that the command line's names lead to.
fn found(cmd: &clap::Command, path: &str, out: &mut BTreeSet<String>) {
    let about = about_id(path);
    for id in [about.clone(), format!("{about}-long")] {
        if supchat_i18n::has(&id) {
            out.insert(id);
        }
    }
    for a in cmd.get_arguments() {
        let ids = arg_ids(path, a.get_id().as_str());
        for suffix in ["", "-long"] {
            if let Some(id) = ids
                .iter()
                .map(|i| format!("{i}{suffix}"))
                .find(|i| supchat_i18n::has(i))
            {
                out.insert(id);
            }
        }
    }
    for s in cmd.get_subcommands() {
        let p = if path.is_empty() {
            s.get_name().to_owned()
        } else {
            format!("{path}-{}", s.get_name())
        };
        found(s, &p, out);
    }
}

#[test]
fn every_help_id_is_found_and_every_one_found_is_listed() {
    let mut seen = BTreeSet::new();
    found(&Cli::command(), "", &mut seen);
    let listed: BTreeSet<String> = HELP_IDS.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(seen, listed);
    // Each in Chinese too, not English's.
    for id in HELP_IDS {
        let zh = supchat_i18n::tr_in(Lang::ZhCn, id, &[]);
        assert_ne!(zh, supchat_i18n::tr_in(Lang::En, id, &[]), "{id}");
    }
}

#[test]
fn the_worded_command_line_is_consistent() {
    for lang in Lang::ALL {
        command_in(lang).debug_assert();
    }
}

fn help(lang: Lang, args: &[&str]) -> String {
    let mut cmd = command_in(lang);
    let e = cmd
        .try_get_matches_from_mut(std::iter::once("supchat").chain(args.iter().copied()))
        .unwrap_err();
    assert_eq!(e.kind(), clap::error::ErrorKind::DisplayHelp, "{e}");
    e.to_string()
}

#[test]
fn english_help_reads_as_clap_writes_it() {
    let top = help(Lang::En, &["--help"]);
    assert!(top.starts_with("Chat with Supage, Sup.ai and any OpenAI-compatible API from the terminal.\n\nWith no command,"), "{top}");
    for part in [
        "\nUsage: supchat [OPTIONS] [COMMAND]\n\nCommands:\n  ask          Ask one question",
        "\n  help         Print this message or the help of the given subcommand(s)\n\nOptions:\n      --config <FILE>\n          Config file to use",
        "  -h, --help\n          Print help (see a summary with '-h')\n\n  -V, --version\n          Print version\n",
    ] {
        assert!(top.contains(part), "{part:?} in\n{top}");
    }
    let ask = help(Lang::En, &["ask", "-h"]);
    assert!(ask.starts_with("Ask one question and stream the reply to stdout\n\nUsage: supchat ask [OPTIONS] [PROMPT]...\n\nArguments:\n  [PROMPT]...  The prompt;"), "{ask}");
    assert!(
        ask.contains("\n\nOptions:\n      --config <FILE> "),
        "{ask}"
    );
    assert!(
        ask.ends_with("  -h, --help                     Print help\n"),
        "{ask:?}"
    );
    let export = help(Lang::En, &["sessions", "export", "--help"]);
    assert!(
        export.contains("--format <FORMAT>  [default: md] [possible values: md, json]"),
        "{export}"
    );
    let check = help(Lang::En, &["config", "check", "-h"]);
    assert!(
        check.contains("\n\nUsage: supchat config check [OPTIONS]\n\nOptions:\n"),
        "{check}"
    );
}

#[test]
fn chinese_help_has_chinese_headings_and_words() {
    let top = help(Lang::ZhCn, &["--help"]);
    for part in [
        "在终端里与 Supage、Sup.ai 及任何兼容 OpenAI 的 API 聊天。",
        "用法：supchat [OPTIONS] [COMMAND]",
        "\n\n命令：\n  ask          提一个问题",
        "显示本帮助，或指定子命令的帮助",
        "\n\n选项：\n      --config <FILE>\n          使用的配置文件",
        "显示帮助（-h 查看摘要）",
        "显示版本",
    ] {
        assert!(top.contains(part), "{part:?} in\n{top}");
    }
    let export = help(Lang::ZhCn, &["sessions", "export", "-h"]);
    for part in [
        "参数：\n  <ID>",
        "[默认：md] [可选值：md, json]",
        "要写入的文件（默认：stdout）",
    ] {
        assert!(export.contains(part), "{part:?} in\n{export}");
    }
    assert!(
        !export.contains("Options") && !export.contains("Print help"),
        "{export}"
    );
}

fn os(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

#[test]
fn the_language_is_read_before_the_command_line_is_parsed() {
    assert_eq!(
        early_flags(&os(&["supchat", "--lang", "zh-CN", "--help"])).0,
        Some(Lang::ZhCn)
    );
    assert_eq!(
        early_flags(&os(&["supchat", "ask", "--lang=zh", "-h"])).0,
        Some(Lang::ZhCn)
    );
    // After `--` it is the prompt's text.
    assert_eq!(
        early_flags(&os(&["supchat", "ask", "--", "--lang", "zh-CN"])).0,
        None
    );
    assert_eq!(
        early_flags(&os(&["supchat", "--config=/x/c.toml"])).1,
        Some(std::path::PathBuf::from("/x/c.toml"))
    );
    // No flag, no config file: the environment's.
    let args = os(&["supchat", "--config", "/nonexistent/supchat.toml", "-h"]);
    let env = |k: &str| (k == "LANG").then(|| "zh_CN.UTF-8".to_owned());
    assert_eq!(early_lang(&args, env), Lang::ZhCn);
    assert_eq!(early_lang(&args, |_| None), Lang::En);
}

#[test]
fn the_config_language_decides_when_no_flag_does() {
    let dir = std::env::temp_dir().join(format!("supchat-help-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    std::fs::write(&path, "language = \"zh-CN\"\n").unwrap();
    let p = path.to_str().unwrap();
    assert_eq!(
        early_lang(&os(&["supchat", "--config", p, "-h"]), |_| None),
        Lang::ZhCn
    );
    assert_eq!(
        early_lang(&os(&["supchat", "--config", p, "--lang", "en"]), |_| None),
        Lang::En
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
