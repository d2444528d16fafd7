//! Saving an API key typed into the chat screen: `api_key = "…"` goes into
//! the provider's table of the config file, which is otherwise left as the
//! user wrote it (comments and order kept). The result is validated before
//! it replaces the file, atomically, readable by its owner only (0600).

use std::io::Write;
use std::path::Path;

use super::load_from_str;

fn is_header(line: &str) -> bool {
    line.trim_start().starts_with('[')
}

/// Whether `line` is the header `[providers.NAME]` (quoted or not).
fn is_table(line: &str, name: &str) -> bool {
    let t = line.split('#').next().unwrap_or("").trim();
    let Some(inner) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) else {
        return false;
    };
    if inner.starts_with('[') {
        return false;
    }
    let parts: Vec<String> = inner
        .split('.')
        .map(|p| p.trim().trim_matches('"').trim_matches('\'').to_owned())
        .collect();
    parts == ["providers", name]
}

fn is_key_line(line: &str) -> bool {
    let t = line.trim_start();
    t.strip_prefix("api_key")
        .is_some_and(|r| r.trim_start().starts_with('='))
}

/// The config text with `api_key` set for `provider`.
pub fn with_api_key(text: &str, provider: &str, key: &str) -> String {
    let value = toml::Value::String(key.to_owned()).to_string();
    let line = format!("api_key = {value}");
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    if let Some(h) = lines.iter().position(|l| is_table(l, provider)) {
        let end = lines[h + 1..]
            .iter()
            .position(|l| is_header(l))
            .map_or(lines.len(), |e| h + 1 + e);
        match lines[h + 1..end].iter().position(|l| is_key_line(l)) {
            Some(k) => lines[h + 1 + k] = line,
            None => lines.insert(h + 1, line),
        }
    } else {
        if lines.last().is_some_and(|l| !l.trim().is_empty()) {
            lines.push(String::new());
        }
        lines.push(format!("[providers.{provider}]"));
        lines.push(line);
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// An exclusive lock on a file beside `path`, held while it lives.
fn lock_beside(path: &Path) -> Result<std::fs::File, String> {
    let name = path
        .file_name()
        .map_or("config.toml".into(), |n| n.to_string_lossy().into_owned());
    let lock = path.with_file_name(format!(".{name}.lock"));
    if let Some(dir) = lock.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .map_err(|e| format!("cannot open {}: {e}", lock.display()))?;
    f.lock()
        .map_err(|e| format!("cannot lock {}: {e}", lock.display()))?;
    Ok(f)
}

/// Writes `api_key` for `provider` into the config file at `path` (created,
/// with its folder, when missing).
pub fn save_api_key(path: &Path, provider: &str, key: &str) -> Result<(), String> {
    let key = key.trim();
    if key.is_empty() || key.chars().any(char::is_control) {
        return Err("that is not a key (empty, or it has control characters)".to_owned());
    }
    // One writer at a time: two supchats saving keys at once would each
    // read the old file and one key would be lost.
    let _lock = lock_beside(path)?;
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let new = with_api_key(&text, provider, key);
    // Never write a file supchat itself could not read back. A file that
    // sets the provider with dotted keys (`providers.supage.model = …`)
    // cannot take a new table: say what to add by hand.
    if let Err(e) = load_from_str(&new, path) {
        return Err(
            if e.to_string().contains("duplicate") || text.contains(&format!("{provider}.")) {
                format!(
                    "{} sets provider \"{provider}\" in a way supchat cannot add to; add the line api_key = \"<your key>\" to it by hand (in [providers.{provider}], or as providers.{provider}.api_key = \"…\")",
                    path.display()
                )
            } else {
                format!("the config would not be valid after the change: {e}")
            },
        );
    }
    // A symlinked config (dotfiles) is written where the link points, so
    // the link stays a link.
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path).map_err(|e| {
            format!(
                "{} is a link to a file that cannot be read: {e}",
                path.display()
            )
        })?,
        _ => path.to_path_buf(),
    };
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let write = || -> std::io::Result<()> {
        // A private temporary file (0600) in the same folder, renamed over
        // the config: readers see the old file or the new one, never half.
        let mut tmp = tempfile::Builder::new()
            .prefix(".config.toml.")
            .tempfile_in(dir)?;
        tmp.write_all(new.as_bytes())?;
        tmp.as_file().sync_all()?;
        tmp.persist(&target).map_err(|e| e.error)?;
        Ok(())
    };
    write().map_err(|e| format!("cannot write {}: {e}", target.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_a_table_to_an_empty_or_unrelated_file() {
        assert_eq!(
            with_api_key("", "supage", "su-1"),
            "[providers.supage]\napi_key = \"su-1\"\n"
        );
        let t = "# mine\ndefault_provider = \"supai\"\n";
        assert_eq!(
            with_api_key(t, "supage", "su-1"),
            "# mine\ndefault_provider = \"supai\"\n\n[providers.supage]\napi_key = \"su-1\"\n"
        );
    }

    #[test]
    fn inserts_into_or_replaces_within_the_existing_table_only() {
        let t = "[providers.supage]\n# my key\nmodel = \"x\"\n\n[providers.other]\napi_key = \"keep\"\n";
        let out = with_api_key(t, "supage", "su-2");
        assert_eq!(
            out,
            "[providers.supage]\napi_key = \"su-2\"\n# my key\nmodel = \"x\"\n\n[providers.other]\napi_key = \"keep\"\n"
        );
        let again = with_api_key(&out, "supage", "su-3");
        assert!(
            again.contains("api_key = \"su-3\"")
                && !again.contains("su-2")
                && again.contains("\"keep\"")
        );
        let quoted = with_api_key("[ providers . \"supai\" ] # x\n", "supai", "k\"q");
        assert_eq!(quoted, "[ providers . \"supai\" ] # x\napi_key = 'k\"q'\n");
    }

    #[test]
    fn api_key_env_and_cmd_lines_are_not_mistaken_for_the_key() {
        let t = "[providers.supage]\napi_key_env = \"X\"\n";
        assert_eq!(
            with_api_key(t, "supage", "k"),
            "[providers.supage]\napi_key = \"k\"\napi_key_env = \"X\"\n"
        );
    }

    #[test]
    fn saves_atomically_with_owner_only_permissions() {
        let dir = std::env::temp_dir().join(format!("supchat-save-{}", std::process::id()));
        let path = dir.join("sub").join("config.toml");
        let _ = std::fs::remove_dir_all(&dir);
        save_api_key(&path, "supage", "su-new-key").unwrap();
        let cfg =
            super::super::load_from_str(&std::fs::read_to_string(&path).unwrap(), &path).unwrap();
        assert_eq!(
            cfg.provider("supage")
                .unwrap()
                .key
                .inline
                .as_ref()
                .unwrap()
                .expose(),
            "su-new-key"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(save_api_key(&path, "supage", "  ").is_err());
        std::fs::write(&path, "this is = not [valid\n").unwrap();
        let e = save_api_key(&path, "supage", "k").unwrap_err();
        assert!(e.contains("would not be valid"), "{e}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "this is = not [valid\n",
            "left as it was"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_config_stays_a_link_and_its_target_gets_the_key() {
        let dir = std::env::temp_dir().join(format!("supchat-link-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("dotfiles")).unwrap();
        let real = dir.join("dotfiles").join("supchat.toml");
        std::fs::write(&real, "# mine\n").unwrap();
        let link = dir.join("config.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        save_api_key(&link, "supage", "su-linked").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        let text = std::fs::read_to_string(&real).unwrap();
        assert!(
            text.starts_with("# mine\n") && text.contains("su-linked"),
            "{text}"
        );
        let leftovers = std::fs::read_dir(dir.join("dotfiles")).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file left behind");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn concurrent_saves_lose_no_key() {
        let dir = std::env::temp_dir().join(format!("supchat-race-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("config.toml");
        let run = |provider: &'static str, prefix: &'static str| {
            let path = path.clone();
            std::thread::spawn(move || {
                for i in 0..25 {
                    save_api_key(&path, provider, &format!("{prefix}-{i}")).unwrap();
                }
            })
        };
        let (a, b) = (run("supage", "su-a"), run("supai", "sa-b"));
        a.join().unwrap();
        b.join().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("su-a-24") && text.contains("sa-b-24"),
            "{text}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_dotted_key_config_gets_told_what_to_add() {
        let dir = std::env::temp_dir().join(format!("supchat-dotted-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config.toml");
        std::fs::write(&path, "providers.supage.model = \"x\"\n").unwrap();
        let e = save_api_key(&path, "supage", "su-secret-value").unwrap_err();
        assert!(e.contains("add the line api_key"), "{e}");
        assert!(!e.contains("su-secret-value"), "{e}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "providers.supage.model = \"x\"\n"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
