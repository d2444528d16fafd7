//! What can go wrong with the session database, in words.

use std::path::PathBuf;

use super::SCHEMA_VERSION;

#[derive(Debug)]
pub enum StoreError {
    Open { path: PathBuf, detail: String },
    Corrupt { path: PathBuf, detail: String },
    TooNew { path: PathBuf, found: i64 },
    NotFound(String),
    Ambiguous { prefix: String, ids: Vec<String> },
    InUse { id: String, pid: u32 },
    Sql(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use supchat_i18n::tr;
        let said = match self {
            StoreError::Open { path, detail } => tr!(
                "core-store-open",
                path = path.display().to_string(),
                detail = detail.as_str()
            ),
            StoreError::Corrupt { path, detail } => tr!(
                "core-store-corrupt",
                path = path.display().to_string(),
                detail = detail.as_str()
            ),
            StoreError::TooNew { path, found } => tr!(
                "core-store-too-new",
                path = path.display().to_string(),
                found = found.to_string(),
                known = SCHEMA_VERSION.to_string()
            ),
            StoreError::NotFound(what) => tr!("core-store-not-found", id = what.as_str()),
            StoreError::Ambiguous { prefix, ids } => tr!(
                "core-store-ambiguous",
                prefix = prefix.as_str(),
                ids = ids.join(", ")
            ),
            StoreError::InUse { id, pid } => {
                tr!("core-store-in-use", id = id.as_str(), pid = pid.to_string())
            }
            StoreError::Sql(why) => tr!("core-store-sql", why = why.as_str()),
        };
        f.write_str(&said)
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sql(e.to_string())
    }
}

pub(super) fn is_corruption(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}
