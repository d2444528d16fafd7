//! Rows: how a session's meta and an entry are written and read back, and
//! the text of an entry that search indexes.

use rusqlite::{Connection, params};

use super::StoreError;
use crate::store::{SessionId, SessionMeta, search};
use supchat_chat::{Entry, EntryKind, Timestamp};

/// The text of an entry that search looks in.
pub(super) fn searchable(kind: &EntryKind) -> Option<&str> {
    match kind {
        EntryKind::User { text, .. } | EntryKind::System { text, .. } => Some(text),
        EntryKind::Assistant(a) => Some(&a.reply.text),
        EntryKind::ToolResult(r) => Some(&r.content),
        EntryKind::FailedSend(_) | EntryKind::Switch { .. } => None,
    }
}

pub(super) fn kind_name(kind: &EntryKind) -> &'static str {
    match kind {
        EntryKind::System { .. } => "system",
        EntryKind::User { .. } => "user",
        EntryKind::Assistant(_) => "assistant",
        EntryKind::ToolResult(_) => "tool_result",
        EntryKind::FailedSend(_) => "failed_send",
        EntryKind::Switch { .. } => "switch",
    }
}

pub(super) fn meta_of(row: &rusqlite::Row<'_>) -> rusqlite::Result<SessionMeta> {
    Ok(SessionMeta {
        id: SessionId(row.get(0)?),
        title: row.get(1)?,
        created: Timestamp(row.get::<_, i64>(2)?.max(0) as u64),
        updated: Timestamp(row.get::<_, i64>(3)?.max(0) as u64),
        provider: row.get(4)?,
        model: row.get(5)?,
        messages: row.get::<_, i64>(6)?.max(0) as u64,
        // Unreadable or absent (an older database): no figure.
        spent: row
            .get::<_, String>(7)
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default(),
    })
}

/// Saves a session's meta. A saved title stays (it changes only by
/// `rename`, so that a title set elsewhere, `supchat sessions rename` while
/// the chat has the session open, is not undone by the chat's next write),
/// unless it is the placeholder of a session that had no prompt yet.
pub(super) fn put_meta_in(
    conn: &Connection,
    m: &SessionMeta,
    has_spent: bool,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO sessions(id, title, created, updated, provider, model, messages)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(id) DO UPDATE SET
           title = CASE WHEN sessions.title = 'untitled' THEN excluded.title ELSE sessions.title END,
           updated = excluded.updated,
           provider = excluded.provider, model = excluded.model, messages = excluded.messages",
        params![
            m.id.as_str(),
            m.title,
            ms(m.created),
            ms(m.updated),
            m.provider,
            m.model,
            i64::try_from(m.messages).unwrap_or(i64::MAX)
        ],
    )?;
    // After the row exists (a new session's is made just above).
    if has_spent {
        let spent = serde_json::to_string(&m.spent).unwrap_or_default();
        conn.execute(
            "UPDATE sessions SET spent = ?2 WHERE id = ?1",
            params![m.id.as_str(), spent],
        )?;
    }
    Ok(())
}

/// Saves an entry and its text for search, inside the caller's
/// transaction: its row in the index is the entry's rowid.
pub(super) fn put_entry_in(
    conn: &Connection,
    session: &SessionId,
    e: &Entry,
) -> Result<(), StoreError> {
    let body = serde_json::to_string(&e.kind).map_err(|e| StoreError::Sql(e.to_string()))?;
    let id = i64::try_from(e.id.0).unwrap_or(i64::MAX);
    let n: i64 = conn.query_row(
        "INSERT INTO entries(session, id, at, kind, body) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(session, id) DO UPDATE SET at = excluded.at, kind = excluded.kind,
           body = excluded.body
         RETURNING n",
        params![session.as_str(), id, ms(e.at), kind_name(&e.kind), body],
        |r| r.get(0),
    )?;
    conn.execute("DELETE FROM entries_fts WHERE rowid = ?1", params![n])?;
    index_entry(conn, n, &e.kind)
}

/// Puts an entry's text in the search index, as row `n`.
pub(super) fn index_entry(conn: &Connection, n: i64, kind: &EntryKind) -> Result<(), StoreError> {
    if let Some(text) = searchable(kind).filter(|t| !t.is_empty()) {
        conn.execute(
            "INSERT INTO entries_fts(rowid, text) VALUES (?1, ?2)",
            params![n, search::index_text(text)],
        )?;
    }
    Ok(())
}

pub(super) fn ms(t: Timestamp) -> i64 {
    i64::try_from(t.0).unwrap_or(i64::MAX)
}
