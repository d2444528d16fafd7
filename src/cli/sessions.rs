//! `supchat sessions …`: list, show, export, import, delete, rename, search
//! and check the saved sessions.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use serde_json::json;

use super::{EXIT_FAILED, EXIT_USAGE, fail, out};
use supchat_chat::text::{sanitize_line, short_line};
use supchat_chat::{Timestamp, title_from};
use supchat_core::config::Config;
use supchat_core::store::export::{from_json, to_json, to_markdown, utc};
use supchat_core::store::{SessionId, SessionMeta, Store, StoreError, db_path};
use supchat_i18n::tr;

#[derive(Debug, Subcommand)]
pub enum SessionsAction {
    // List sessions, newest first
    List {
        // Print a JSON array (id, title, created, updated, provider, model, messages, cost)
        #[arg(long)]
        json: bool,
        // At most this many (at least 1)
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..))]
        limit: u64,
    },
    // Print a session as Markdown
    Show {
        // A session id, or a unique prefix of one
        id: String,
    },
    // Write a session to a file (or stdout)
    Export {
        id: String,
        #[arg(long, value_enum, default_value_t = Format::Md)]
        format: Format,
        // The file to write (default: stdout)
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        // Include the model's reasoning (Markdown)
        #[arg(long)]
        reasoning: bool,
    },
    // Read a session exported as JSON
    Import {
        file: PathBuf,
    },
    // Delete a session
    Delete {
        id: String,
    },
    // Give a session a new title
    Rename {
        id: String,
        #[arg(required = true)]
        title: Vec<String>,
    },
    // Search every session's text
    Search {
        #[arg(required = true)]
        query: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    // Check the database with SQLite's integrity check
    Check,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Md,
    Json,
}

/// The session database of this configuration, opened.
pub fn open_store(cfg: &Config) -> Result<Store, String> {
    let dir = cfg
        .data_dir()
        .ok_or_else(|| tr!("cli-sessions-no-data-dir"))?;
    Store::open(&db_path(&dir)).map_err(|e| e.to_string())
}

fn store_error(e: StoreError) -> ExitCode {
    let code = match e {
        StoreError::NotFound(_) | StoreError::Ambiguous { .. } => EXIT_USAGE,
        _ => EXIT_FAILED,
    };
    fail(code, e)
}

/// The database, read-only when this process may not write it.
pub fn open_store_for_reading(cfg: &Config) -> Result<Store, String> {
    let dir = cfg
        .data_dir()
        .ok_or_else(|| tr!("cli-sessions-no-data-dir"))?;
    Store::open_for_reading(&db_path(&dir)).map_err(|e| e.to_string())
}

pub fn run(action: SessionsAction, cfg: &Config) -> ExitCode {
    let reads_only = matches!(
        action,
        SessionsAction::List { .. }
            | SessionsAction::Show { .. }
            | SessionsAction::Export { .. }
            | SessionsAction::Search { .. }
            | SessionsAction::Check
    );
    let opened = if reads_only {
        open_store_for_reading(cfg)
    } else {
        open_store(cfg)
    };
    let mut store = match opened {
        Ok(s) => s,
        Err(e) => return fail(EXIT_FAILED, e),
    };
    let result = match action {
        SessionsAction::List { json, limit } => {
            let limit = usize::try_from(limit).unwrap_or(usize::MAX);
            return out::finish(list(&store, json, limit));
        }
        SessionsAction::Show { id } => export(&store, &id, Format::Md, None, false),
        SessionsAction::Export {
            id,
            format,
            output,
            reasoning,
        } => export(&store, &id, format, output, reasoning),
        SessionsAction::Import { file } => import(&mut store, &file),
        SessionsAction::Delete { id } => store.resolve(&id).and_then(|id| {
            store.delete(&id)?;
            out::warn(tr!(
                "cli-sessions-deleted",
                id = short_line(id.as_str(), 64)
            ));
            Ok(ExitCode::SUCCESS)
        }),
        SessionsAction::Rename { id, title } => {
            let title = title_from(&title.join(" "));
            if title.is_empty() {
                return fail(EXIT_USAGE, tr!("cli-sessions-title-empty"));
            }
            store.resolve(&id).and_then(|id| {
                store.rename(&id, &title)?;
                Ok(ExitCode::SUCCESS)
            })
        }
        SessionsAction::Search { query, json } => {
            return out::finish(search(&store, &query.join(" "), json));
        }
        SessionsAction::Check => return out::finish(check(&store)),
    };
    result.unwrap_or_else(store_error)
}

fn list(store: &Store, json: bool, limit: usize) -> io::Result<ExitCode> {
    let sessions = match store.list(limit) {
        Ok(s) => s,
        Err(e) => return Ok(store_error(e)),
    };
    let mut o = io::stdout().lock();
    if json {
        let items: Vec<_> = sessions.iter().map(meta_json).collect();
        writeln!(
            o,
            "{}",
            serde_json::to_string_pretty(&items).unwrap_or_default()
        )?;
    } else {
        // Each id as far as it names its session alone.
        let short = store.short_ids().unwrap_or_default();
        let shown =
            |id: &SessionId| short_line(short.get(id).map_or(id.as_str(), String::as_str), 64);
        let width = sessions
            .iter()
            .map(|m| shown(&m.id).len())
            .max()
            .unwrap_or(0);
        for m in &sessions {
            writeln!(
                o,
                "{:width$}  {}  {}  {}  {}",
                shown(&m.id),
                utc(m.updated),
                // Right-aligned by what the terminal shows (条消息 is wide),
                // with what its replies cost when known.
                match m.spent_label() {
                    Some(c) => format!("{} · {c}", right_aligned(&m.messages_label(), 13)),
                    None => right_aligned(&m.messages_label(), 13),
                },
                short_line(
                    &m.answered_by()
                        .unwrap_or_else(|| tr!("cli-sessions-no-reply")),
                    80
                ),
                short_line(&m.title, TITLE_MOST)
            )?;
        }
        if sessions.is_empty() {
            out::warn(tr!("cli-sessions-none"));
        }
    }
    o.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn meta_json(m: &SessionMeta) -> serde_json::Value {
    json!({
        "id": m.id,
        "title": m.title,
        "created": utc(m.created),
        "updated": utc(m.updated),
        "created_ms": m.created.0,
        "updated_ms": m.updated.0,
        "provider": m.provider,
        "model": m.model,
        "messages": m.messages,
        "cost": m.spent,
    })
}

fn export(
    store: &Store,
    id: &str,
    format: Format,
    output: Option<PathBuf>,
    reasoning: bool,
) -> Result<ExitCode, StoreError> {
    let id = store.resolve(id)?;
    let (meta, conv) = store.load(&id)?;
    let text = match format {
        Format::Md => to_markdown(&meta, &conv, reasoning),
        Format::Json => to_json(&meta, &conv),
    };
    Ok(match output {
        Some(path) => match supchat_core::private::write(&path, text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(
                EXIT_FAILED,
                tr!(
                    "cli-cannot-write-file",
                    path = path.display().to_string(),
                    error = supchat_i18n::io_reason(&e)
                ),
            ),
        },
        None => {
            // Markdown on a terminal is model text: cleaned of escapes.
            let text = if format == Format::Md && io::IsTerminal::is_terminal(&io::stdout()) {
                supchat_chat::text::sanitize(&text)
            } else {
                text
            };
            let mut o = io::stdout().lock();
            out::finish(
                o.write_all(text.as_bytes())
                    .and_then(|()| o.flush())
                    .map(|()| ExitCode::SUCCESS),
            )
        }
    })
}

/// The most of a title a list prints (JSON gives it whole).
const TITLE_MOST: usize = 100;

fn import(store: &mut Store, file: &PathBuf) -> Result<ExitCode, StoreError> {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            return Ok(fail(
                EXIT_USAGE,
                tr!(
                    "cli-cannot-read-file",
                    path = file.display().to_string(),
                    error = supchat_i18n::io_reason(&e)
                ),
            ));
        }
    };
    let (mut meta, conv) = match from_json(&text) {
        Ok(x) => x,
        Err(e) => return Ok(fail(EXIT_USAGE, format!("{}: {e}", file.display()))),
    };
    // An id already here gets a new one: an import never overwrites. So
    // does one that is not an id (escapes, spaces, a path): said, cleaned.
    if !SessionId::is_valid(meta.id.as_str()) {
        out::warn(tr!(
            "cli-sessions-bad-id",
            id = format!("{:?}", short_line(meta.id.as_str(), 80))
        ));
        meta.id = SessionId::new(Timestamp::from_system(std::time::SystemTime::now()));
    } else if store.meta(&meta.id).is_ok() {
        meta.id = SessionId::new(Timestamp::from_system(std::time::SystemTime::now()));
    }
    store.put_session(&meta, &conv)?;
    let mut o = io::stdout().lock();
    let _ = writeln!(o, "{}", meta.id);
    Ok(ExitCode::SUCCESS)
}

fn search(store: &Store, query: &str, json: bool) -> io::Result<ExitCode> {
    let hits = match store.search(query, 50) {
        Ok(h) => h,
        Err(e) => return Ok(store_error(e)),
    };
    let mut o = io::stdout().lock();
    if json {
        let items: Vec<_> = hits
            .iter()
            .map(|h| {
                json!({"id": h.session, "title": h.title, "entry": h.entry, "message": h.message, "snippet": h.snippet, "updated": utc(h.updated)})
            })
            .collect();
        writeln!(
            o,
            "{}",
            serde_json::to_string_pretty(&items).unwrap_or_default()
        )?;
    } else {
        let short = store.short_ids().unwrap_or_default();
        let shown =
            |id: &SessionId| short_line(short.get(id).map_or(id.as_str(), String::as_str), 64);
        let width = hits
            .iter()
            .map(|h| shown(&h.session).len())
            .max()
            .unwrap_or(0);
        for h in &hits {
            // `#3`: which message of the session matched (as the chat's
            // search counts them: the user's and replies).
            writeln!(
                o,
                "{:width$}  #{:<3} {}  {}",
                shown(&h.session),
                h.message,
                short_line(&h.title, TITLE_MOST),
                short_line(&h.snippet, 200)
            )?;
        }
        if hits.is_empty() {
            out::warn(tr!(
                "cli-sessions-no-match",
                query = format!("{:?}", sanitize_line(query))
            ));
        }
    }
    o.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn check(store: &Store) -> io::Result<ExitCode> {
    let mut o = io::stdout().lock();
    match store.check() {
        Ok(c) if c.rows == ["ok"] && c.notes.is_empty() => {
            writeln!(
                o,
                "{}",
                tr!(
                    "cli-sessions-check-ok",
                    path = store.path().display().to_string()
                )
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Ok(c) if c.rows == ["ok"] => {
            writeln!(
                o,
                "{}",
                tr!(
                    "cli-sessions-check-ok-notes",
                    path = store.path().display().to_string(),
                    notes = c.notes.join("; ")
                )
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Ok(c) => {
            writeln!(
                o,
                "{}",
                tr!(
                    "cli-sessions-check-found",
                    path = store.path().display().to_string()
                )
            )?;
            for r in c.rows.iter().chain(&c.notes) {
                writeln!(o, "  {}", sanitize_line(r))?;
            }
            Ok(ExitCode::from(EXIT_FAILED))
        }
        Err(e) => Ok(store_error(e)),
    }
}

/// `s` after spaces up to `cells` columns of the terminal.
fn right_aligned(s: &str, cells: usize) -> String {
    let w = crate::tui::render::wrap::width(s);
    format!("{}{s}", " ".repeat(cells.saturating_sub(w)))
}
