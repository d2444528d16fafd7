//! The names tools of MCP servers are offered under: `mcp__SERVER__TOOL`,
//! cleaned to what the chat APIs accept (`[a-zA-Z0-9_-]`, at most 64),
//! with a short hash of the server and tool when two would be the same;
//! and how the screen shows them (`SERVER · TOOL`).

use std::borrow::Cow;
use std::collections::HashSet;

/// What every MCP tool's offered name starts with.
pub const PREFIX: &str = "mcp__";

/// The longest function name the chat APIs take.
const MOST: usize = 64;

/// `s` with every character outside `[a-zA-Z0-9_-]` made `_`.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// FNV-1a, 32 bits: a short, stable tag of the server and the tool's own
/// name (not for security; a name is only told apart from another).
fn tag(server: &str, tool: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in server.bytes().chain([0]).chain(tool.bytes()) {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{:06x}", h & 0x00ff_ffff)
}

/// Names for `pairs` (server, tool), in order: each `mcp__SERVER__TOOL`
/// cleaned and cut to 64; a name already given (or in `taken`) gets a
/// hash suffix instead. The same pairs in the same order always give the
/// same names.
pub fn offered_names(pairs: &[(&str, &str)], taken: &HashSet<String>) -> Vec<String> {
    let mut given: HashSet<String> = taken.clone();
    pairs
        .iter()
        .map(|(server, tool)| {
            let plain = cut(&format!("{PREFIX}{}__{}", clean(server), clean(tool)), MOST);
            let name = if given.contains(&plain) || plain.len() < PREFIX.len() + 3 {
                let suffix = format!("_{}", tag(server, tool));
                let mut n = format!("{}{suffix}", cut(&plain, MOST - suffix.len()));
                // Two hashes the same as well: count on.
                let mut i = 2;
                while given.contains(&n) {
                    let more = format!("{suffix}{i}");
                    n = format!("{}{more}", cut(&plain, MOST - more.len()));
                    i += 1;
                }
                n
            } else {
                plain
            };
            given.insert(name.clone());
            name
        })
        .collect()
}

/// `s` cut to at most `n` bytes (it is ASCII here).
fn cut(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// How the screen shows a tool's name: `SERVER · TOOL` for an MCP tool
/// (a server's name has no `__`), else the name as it is.
pub fn display_name(name: &str) -> Cow<'_, str> {
    match name
        .strip_prefix(PREFIX)
        .and_then(|rest| rest.split_once("__"))
    {
        Some((server, tool)) if !server.is_empty() && !tool.is_empty() => {
            Cow::Owned(format!("{server} · {tool}"))
        }
        _ => Cow::Borrowed(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_cut_and_kept_apart() {
        let long = "t".repeat(80);
        let pairs = [
            ("fs", "read_file"),
            ("fs", "read.file"),
            ("git", "status"),
            ("fs", long.as_str()),
            ("fs", "读文件"),
            ("fs", "读写"),
        ];
        let names = offered_names(&pairs, &HashSet::new());
        assert_eq!(names[0], "mcp__fs__read_file");
        assert!(names[1].starts_with("mcp__fs__read_file_"), "{}", names[1]);
        assert_ne!(names[0], names[1]);
        assert_eq!(names[2], "mcp__git__status");
        assert_eq!(names[3].len(), 64);
        assert_ne!(names[4], names[5], "two non-ASCII names stay apart");
        let unique: HashSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        for n in &names {
            assert!(n.len() <= 64, "{n}");
            assert!(
                n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
                "{n}"
            );
        }
        assert_eq!(names, offered_names(&pairs, &HashSet::new()), "stable");
        let taken: HashSet<String> = ["mcp__git__status".to_owned()].into();
        assert_ne!(
            offered_names(&[("git", "status")], &taken)[0],
            "mcp__git__status"
        );
    }

    #[test]
    fn the_screen_shows_server_and_tool() {
        assert_eq!(display_name("mcp__fs__read_file"), "fs · read_file");
        assert_eq!(display_name("mcp__fs__a__b"), "fs · a__b");
        assert_eq!(display_name("read_file"), "read_file");
        assert_eq!(display_name("mcp__x"), "mcp__x");
    }
}
