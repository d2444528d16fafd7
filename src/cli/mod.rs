//! The command line: arguments (clap) and the subcommands that need no
//! screen (`ask`, `models`, `config`). Exit codes: 0 success, 1 the request
//! failed, 2 bad usage or configuration, 130 interrupted.

mod ask;
mod choosing;
mod config_cmd;
mod generated;
mod help;
mod mcp_cmd;
mod models;
mod out;
pub mod sessions;
mod usage_errors;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use choosing::Choosing;
use supchat_core::config::{self, Config, ConfigLocation};

pub const EXIT_FAILED: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_INTERRUPTED: u8 = 130;
pub use help::parse;
pub use out::EXIT_BROKEN_PIPE;

#[derive(Debug, Parser)]
// The words of `--help` (about, each argument's and subcommand's help,
// the headings) are the catalogue's: see `help.rs`; the comments below
// say what each one is for.
#[command(name = "supchat", version)]
pub struct Cli {
    // Config file to use (default: $SUPCHAT_CONFIG, then <config dir>/supchat/config.toml)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    // Try the chat offline: a built-in server streams scripted replies (no key needed)
    #[arg(long)]
    pub demo: bool,
    // The interface's language: en or zh-CN (default: `language` in the
    // config, else LC_ALL, LC_MESSAGES, LANG)
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<supchat_i18n::Lang>,
    // Resume a saved session: by id (a unique prefix is enough), or pick one from the list
    #[arg(long, value_name = "ID", num_args = 0..=1, default_missing_value = "", conflicts_with = "continue_")]
    pub resume: Option<String>,
    // Resume the latest session
    #[arg(long = "continue", short = 'c')]
    pub continue_: bool,
    // Save nothing (the same as save_sessions = false in the config)
    #[arg(long)]
    pub no_save: bool,
    #[command(flatten)]
    pub choosing: Choosing,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    // Ask one question and stream the reply to stdout
    Ask(AskArgs),
    // List the models a provider offers (Sup.ai: its modes and model ids)
    Models(ModelsArgs),
    // Show where the config is, what it says, and whether it is valid
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    // MCP servers: start each enabled one once and list its state and tools
    Mcp {
        #[command(subcommand)]
        action: McpAction,
    },
    // List, show, export, import, rename, delete or search saved sessions
    Sessions {
        #[command(subcommand)]
        action: sessions::SessionsAction,
    },
    // Print a shell completion script: bash, zsh, fish, elvish or powershell
    Completions {
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    // Print the man page (roff; `supchat man | man -l -`), or a
    // subcommand's (`supchat man ask`, `supchat man sessions`)
    Man {
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct AskArgs {
    #[command(flatten)]
    pub choosing: Choosing,
    // A system prompt (instead of the configured one)
    #[arg(short, long, value_name = "TEXT")]
    pub system: Option<String>,
    // Wait for the whole reply instead of streaming it
    #[arg(long)]
    pub no_stream: bool,
    // Do not print the model's reasoning (normally on stderr)
    #[arg(long)]
    pub no_reasoning: bool,
    // Print time to first token, tokens/s and usage to stderr
    #[arg(long)]
    pub stats: bool,
    // Print the reply as received, control characters included
    #[arg(long)]
    pub raw: bool,
    // Add this turn to the latest saved session (and save it)
    #[arg(long = "continue", short = 'c', conflicts_with = "session")]
    pub continue_: bool,
    // Add this turn to the saved session ID (a unique prefix is enough)
    #[arg(long, value_name = "ID")]
    pub session: Option<String>,
    // Run every tool call without asking (else tools with approve = "ask"
    // are asked about on a terminal, and declined when stdin is not one)
    #[arg(short = 'y', long)]
    pub yes: bool,
    #[arg(long, value_name = "TARGET,TARGET", value_delimiter = ',')]
    pub compare: Vec<String>,
    #[arg(long, requires = "compare")]
    pub json: bool,
    // Write what goes over the wire to FILE, as JSON lines (appended)
    #[arg(long, value_name = "FILE")]
    pub wire: Option<std::path::PathBuf>,
    // The prompt; `-` or none reads it from stdin when stdin is piped.
    // Options may come after it; put `--` before a prompt that starts with `-`
    #[arg(value_name = "PROMPT")]
    pub prompt: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ModelsArgs {
    // Provider to list (default: default_provider from the config)
    #[arg(short, long)]
    pub provider: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum McpAction {
    // Start each enabled server once (at most its startup timeout) and
    // list it: ready with its tools, or failed with why and its stderr.
    // Exits 2 when one failed
    List,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    // Print the path of the config file in use
    Path,
    // Print the effective configuration, keys redacted
    Show,
    // Validate the config, say where each provider's key comes from, and
    // start each enabled MCP server once (exit 2 when one fails)
    Check,
}

/// Prints `supchat: message` on stderr (cleaned; a closed stderr is
/// ignored) and gives `code`.
pub fn fail(code: u8, message: impl std::fmt::Display) -> ExitCode {
    out::warn(message);
    ExitCode::from(code)
}

/// Loads the configuration, or prints the error (file, line, key).
pub fn load_config(
    cli_path: Option<&std::path::Path>,
) -> Result<(Config, Option<ConfigLocation>), ExitCode> {
    let loc = config::locate(cli_path);
    match config::load(loc.as_ref()) {
        Ok(c) => Ok((c, loc)),
        Err(e) => Err(fail(EXIT_USAGE, e)),
    }
}

fn parse_lang(s: &str) -> Result<supchat_i18n::Lang, String> {
    supchat_i18n::Lang::parse(s)
        .ok_or_else(|| supchat_i18n::tr!("cli-not-a-lang", value = format!("{s:?}")))
}

/// The language from `--lang`, else the config's, else the environment's.
fn choose_lang(flag: Option<supchat_i18n::Lang>, cfg: Option<&Config>) {
    let lang = flag
        .or_else(|| cfg.and_then(|c| c.language))
        .unwrap_or_else(|| supchat_i18n::Lang::from_env(|k| std::env::var(k).ok()));
    supchat_i18n::set(lang);
}

/// Runs a subcommand.
pub async fn run(cli: Cli) -> ExitCode {
    use std::io::IsTerminal;
    // The language until the config is read was decided with the command
    // line (`parse`); `--lang` is said again for a `Cli` made otherwise.
    if let Some(lang) = cli.lang {
        supchat_i18n::set(lang);
    }
    let screen = cli.command.is_none();
    if screen && !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return fail(EXIT_USAGE, supchat_i18n::tr!("cli-screen-needs-terminal"));
    }
    if (cli.resume.is_some() || cli.continue_) && cli.command.is_some() {
        return fail(EXIT_USAGE, supchat_i18n::tr!("cli-resume-with-subcommand"));
    }
    if cli.demo && cli.command.is_some() {
        return fail(EXIT_USAGE, supchat_i18n::tr!("cli-demo-with-subcommand"));
    }
    if cli.choosing.any() && cli.command.is_some() {
        return fail(
            EXIT_USAGE,
            supchat_i18n::tr!("cli-choosing-before-subcommand"),
        );
    }
    if cli.demo {
        return run_demo(cli.config.as_deref(), &cli.choosing, cli.lang).await;
    }
    // Made from the definitions alone: no config needed.
    if let Some(code) = cli.command.as_ref().and_then(generated::generated) {
        return code;
    }
    let (cfg, loc) = match load_config(cli.config.as_deref()) {
        Ok(x) => x,
        Err(code) => return code,
    };
    choose_lang(cli.lang, Some(&cfg));
    let Some(command) = cli.command else {
        return run_screen(&cli, cfg, loc).await;
    };
    match command {
        Command::Ask(args) => ask::run(args, &cfg).await,
        Command::Models(args) => models::run(args, &cfg).await,
        Command::Config { action } => config_cmd::run(action, &cfg, loc.as_ref()).await,
        Command::Mcp {
            action: McpAction::List,
        } => mcp_cmd::list(&cfg).await,
        Command::Sessions { action } => sessions::run(action, &cfg),
        Command::Completions { .. } | Command::Man { .. } => ExitCode::SUCCESS,
    }
}

/// `--demo`: the chat screen against a scripted server on loopback,
/// saving nothing, with the keys and theme of the user's config.
async fn run_demo(
    config: Option<&std::path::Path>,
    flags: &Choosing,
    lang: Option<supchat_i18n::Lang>,
) -> ExitCode {
    let (server, mut cfg) = match crate::demo::start().await {
        Ok(x) => x,
        Err(e) => {
            return fail(
                EXIT_FAILED,
                supchat_i18n::tr!("cli-demo-cannot-start", error = e.to_string()),
            );
        }
    };
    // The user's keys and colours, when their config reads (its providers
    // are not used: the demo talks to its own server); when it does not,
    // the screen says so.
    let notice = match config::load(config::locate(config).as_ref()) {
        Ok(user) => {
            choose_lang(lang, Some(&user));
            cfg.keymap = user.keymap;
            cfg.theme = user.theme;
            None
        }
        Err(e) => Some(supchat_i18n::tr!(
            "cli-demo-config-not-used",
            error = supchat_chat::text::sanitize_line(&e.to_string())
        )),
    };
    let plan = supchat_core::session::Plan {
        open: supchat_core::session::Open::New,
        save: false,
        preset: None,
    };
    if let Err(e) = check_choices(flags, &cfg) {
        return fail(EXIT_USAGE, e);
    }
    let choose = |c: &mut supchat_core::session::Choices| flags.apply(c);
    let start = crate::tui::Start {
        demo: true,
        choose: flags.any().then_some(&choose),
        notice,
    };
    let result = crate::tui::run_with(&cfg, None, plan, start).await;
    drop(server);
    screen_ended(result)
}

/// The chat screen: a new conversation, or the one `--resume` or
/// `--continue` names, with the choices made last.
async fn run_screen(cli: &Cli, mut cfg: Config, loc: Option<ConfigLocation>) -> ExitCode {
    use supchat_core::session::{Open, Plan as SessionPlan};
    use supchat_core::store::StoreError;
    let open = if cli.continue_ {
        Open::Latest
    } else {
        match cli.resume.as_deref() {
            Some("") => Open::Pick,
            Some(id) => Open::Id(id.to_owned()),
            None => Open::New,
        }
    };
    // A wrong id is a usage error, said before the screen opens.
    if let Open::Id(prefix) = &open
        && let Ok(store) = sessions::open_store_for_reading(&cfg)
        && let Err(e @ (StoreError::NotFound(_) | StoreError::Ambiguous { .. })) =
            store.resolve(prefix)
    {
        return fail(
            EXIT_USAGE,
            supchat_i18n::tr!("cli-resume-bad-id", error = e.to_string()),
        );
    }
    let plan = SessionPlan {
        open,
        save: !cli.no_save && cfg.save_sessions,
        preset: cli.choosing.preset.clone(),
    };
    if let Some(name) = &cli.choosing.preset
        && let Err(e) = cfg.select_preset(name)
    {
        return fail(EXIT_USAGE, format!("--prompt: {e}"));
    }
    // The chat goes on with the provider, models and modes chosen last.
    if let Some(p) = supchat_core::config::state::path_for(&cfg) {
        supchat_core::config::state::load(&p).apply(&mut cfg);
    }
    // Then what the command line chooses (the preset is the plan's):
    // checked here, so that a mistake is said before the screen opens.
    let flags = Choosing {
        preset: None,
        ..cli.choosing.clone()
    };
    if let Err(e) = check_choices(&flags, &cfg) {
        return fail(EXIT_USAGE, e);
    }
    let choose = |c: &mut supchat_core::session::Choices| flags.apply(c);
    let start = crate::tui::Start {
        choose: flags.any().then_some(&choose),
        ..Default::default()
    };
    screen_ended(crate::tui::run_with(&cfg, loc.map(|l| l.path), plan, start).await)
}

/// The exit code of the chat screen: 128 + the signal that ended it
/// (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP), as a shell reports.
fn screen_ended(result: Result<Option<i32>, String>) -> ExitCode {
    match result {
        Ok(None) => ExitCode::SUCCESS,
        Ok(Some(signal)) => ExitCode::from(u8::try_from(128 + signal).unwrap_or(EXIT_FAILED)),
        Err(e) => fail(EXIT_FAILED, e),
    }
}

/// Makes the command line's choices on a copy, so that a mistake is said
/// before the screen opens.
fn check_choices(flags: &Choosing, cfg: &Config) -> Result<(), String> {
    if !flags.any() {
        return Ok(());
    }
    flags.apply(&mut supchat_core::session::Choices::new(cfg))
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
