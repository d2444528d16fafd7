//! A server's tool list as supchat keeps it: read page by page with
//! caps (a server paging for ever, a schema too big to send with every
//! request), and what its status row notes of it.

use rmcp::service::RoleClient;

use super::ServerTool;
use crate::config::mcp::McpServerConfig;
use crate::said::Said;

/// Tools kept of one server (a server listing more is cut).
pub(super) const MOST_PER_SERVER: usize = 1000;
/// Bytes of a tool's description kept.
const MOST_DESCRIPTION: usize = 8 * 1024;

/// Pages of a tool list read at most.
const MOST_PAGES: usize = 100;
/// Bytes of a tool's input schema kept (a bigger one is left out: it
/// would go with every request).
const MOST_SCHEMA: usize = 64 * 1024;
/// Bytes of a whole tool list read at most.
const MOST_LIST_BYTES: usize = 8 * 1024 * 1024;

/// A server's tools, read page by page: at most [`MOST_PAGES`] pages,
/// [`MOST_PER_SERVER`] tools and [`MOST_LIST_BYTES`] (a server
/// paging for ever is cut there); a tool whose schema is over
/// [`MOST_SCHEMA`] is left out.
pub(super) async fn list_tools(peer: &rmcp::service::Peer<RoleClient>) -> Result<Listed, Said> {
    let mut listed = Listed::default();
    let mut cursor: Option<String> = None;
    let mut bytes = 0;
    for _ in 0..MOST_PAGES {
        let params = rmcp::model::PaginatedRequestParams::default().with_cursor(cursor.take());
        let page = peer
            .list_tools(Some(params))
            .await
            .map_err(|e| Said::new("core-mcp-list-failed").with("why", e.to_string()))?;
        for t in page.tools {
            let schema = serde_json::Value::Object((*t.input_schema).clone());
            let size = schema.to_string().len();
            bytes += size + t.description.as_deref().map_or(0, str::len);
            listed.count += 1;
            if size > MOST_SCHEMA {
                listed.left_out.push(
                    Said::new("core-mcp-schema-too-big")
                        .with("tool", t.name.to_string())
                        .with("kib", (size / 1024).to_string())
                        .with("most", (MOST_SCHEMA / 1024).to_string()),
                );
                continue;
            }
            listed.tools.push(ServerTool {
                name: t.name.into_owned(),
                description: cut(t.description.as_deref().unwrap_or(""), MOST_DESCRIPTION),
                schema,
            });
        }
        if listed.count >= MOST_PER_SERVER || bytes >= MOST_LIST_BYTES {
            listed.left_out.push(
                Said::new("core-mcp-list-cut")
                    .with("n", listed.count.to_string())
                    .with("kib", (bytes / 1024).to_string()),
            );
            break;
        }
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    listed.tools.truncate(MOST_PER_SERVER);
    Ok(listed)
}

/// What a ready server's row notes: what of its list was left out, and
/// names in its allow and deny lists or `tools.NAME` it does not list (a
/// typo there hides a tool without a word otherwise).
pub(super) fn notes(cfg: &McpServerConfig, listed: &Listed) -> Vec<String> {
    let mut notes: Vec<String> = listed
        .left_out
        .iter()
        .map(|n| supchat_i18n::tr!("core-mcp-left-out", what = n.text()))
        .collect();
    let has = |n: &str| listed.tools.iter().any(|t| t.name == n);
    let lists = [
        (
            "enabled_tools",
            cfg.enabled_tools.clone().unwrap_or_default(),
        ),
        ("disabled_tools", cfg.disabled_tools.clone()),
        ("tools.NAME", cfg.tool_approve.keys().cloned().collect()),
    ];
    for (key, names) in lists {
        let unknown: Vec<String> = names.into_iter().filter(|n| !has(n)).collect();
        if !unknown.is_empty() {
            notes.push(supchat_i18n::tr!(
                "core-mcp-unlisted",
                key = key,
                names = unknown.join(", ")
            ));
        }
    }
    notes
}

/// Text cut to at most `most` bytes, at a character's edge.
pub(super) fn cut(s: &str, most: usize) -> String {
    if s.len() <= most {
        return s.to_owned();
    }
    let mut end = most;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// A server's tools as read: those kept, how many it listed, and what was
/// left out (said in its row).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Listed {
    pub(crate) tools: Vec<ServerTool>,
    pub(crate) count: usize,
    pub(crate) left_out: Vec<Said>,
}
