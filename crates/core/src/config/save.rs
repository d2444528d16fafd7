//! Saving an API key typed into the chat screen: `api_key = "…"` goes into
//! the provider's table of the config file, edited with toml_edit so that
//! it is otherwise left as the user wrote it (comments, order, dotted keys
//! and inline tables kept). The result is validated before
//! it replaces the file, atomically, readable by its owner only (0600).

use std::io::Write;
use std::path::Path;

use supchat_i18n::tr;
use toml_edit::{DocumentMut, Item, Table, value};

use super::load_from_str;

/// The config text with `api_key` set for `provider`: edited in place
/// (toml_edit), so comments, order and the way the file writes the
/// provider (a `[providers.NAME]` table, dotted keys, an inline table) are
/// kept. An error when the text is not TOML.
pub fn with_api_key(text: &str, provider: &str, key: &str) -> Result<String, String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| tr!("conf-save-not-toml", error = e.message()))?;
    if doc.as_table().is_empty() {
        // Nothing but comments (kept where they are, above): the table goes
        // after them.
        let mut new = DocumentMut::new();
        set_key(&mut new, provider, key)?;
        let sep = match text.trim_end() {
            "" => "",
            _ if text.ends_with("\n\n") => "",
            _ if text.ends_with('\n') => "\n",
            _ => "\n\n",
        };
        return Ok(format!("{text}{sep}{new}"));
    }
    set_key(&mut doc, provider, key)?;
    Ok(doc.to_string())
}

/// Sets `providers.PROVIDER.api_key` in `doc`.
fn set_key(doc: &mut DocumentMut, provider: &str, key: &str) -> Result<(), String> {
    let providers = doc
        .entry("providers")
        .or_insert_with(|| {
            let mut t = Table::new();
            // `[providers.NAME]` headers, not an empty `[providers]`.
            t.set_implicit(true);
            Item::Table(t)
        })
        .as_table_like_mut()
        .ok_or_else(|| tr!("conf-save-providers-not-table"))?;
    let item = providers
        .entry(provider)
        .or_insert(Item::Table(Table::new()));
    let inline = item.is_inline_table();
    let table = item
        .as_table_like_mut()
        .ok_or_else(|| tr!("conf-save-provider-not-table", provider = provider))?;
    table.insert("api_key", value(key));
    if inline {
        // `{ a = 1, b = 2 }` spaced as written by hand.
        table.fmt();
    }
    Ok(())
}

/// An exclusive lock on a file beside `path`, held while it lives.
fn lock_beside(path: &Path) -> Result<std::fs::File, String> {
    let name = path
        .file_name()
        .map_or("config.toml".into(), |n| n.to_string_lossy().into_owned());
    let lock = path.with_file_name(format!(".{name}.lock"));
    if let Some(dir) = lock.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::private::create_dir(dir).map_err(|e| io_error("conf-cannot-create", dir, &e))?;
    }
    let f = crate::private::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .map_err(|e| io_error("conf-cannot-open", &lock, &e))?;
    f.lock()
        .map_err(|e| io_error("conf-cannot-lock", &lock, &e))?;
    Ok(f)
}

/// Writes `api_key` for `provider` into the config file at `path` (created,
/// with its folder, when missing).
pub fn save_api_key(path: &Path, provider: &str, key: &str) -> Result<(), String> {
    let key = key.trim();
    if key.is_empty() || key.chars().any(char::is_control) {
        return Err(tr!("conf-save-not-a-key"));
    }
    // One writer at a time: two supchats saving keys at once would each
    // read the old file and one key would be lost.
    let _lock = lock_beside(path)?;
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(io_error("conf-cannot-read", path, &e)),
    };
    let new = with_api_key(&text, provider, key).map_err(|e| {
        tr!(
            "conf-save-cannot-change",
            path = path.display().to_string(),
            error = e
        )
    })?;
    // Never write a file supchat itself could not read back.
    if let Err(e) = load_from_str(&new, path) {
        return Err(tr!("conf-save-would-be-invalid", error = e.to_string()));
    }
    // A symlinked config (dotfiles) is written where the link points, so
    // the link stays a link.
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            std::fs::canonicalize(path).map_err(|e| io_error("conf-save-bad-link", path, &e))?
        }
        _ => path.to_path_buf(),
    };
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    crate::private::create_dir(dir).map_err(|e| io_error("conf-cannot-create", dir, &e))?;
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
    write().map_err(|e| io_error("conf-cannot-write", &target, &e))
}

/// Message `id` of a file and what went wrong with it.
fn io_error(id: &str, path: &Path, e: &std::io::Error) -> String {
    tr!(
        id,
        path = path.display().to_string(),
        error = supchat_i18n::io_reason(e)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_a_table_to_an_empty_or_unrelated_file() {
        assert_eq!(
            with_api_key("", "supage", "su-1").unwrap(),
            "[providers.supage]\napi_key = \"su-1\"\n"
        );
        let t = "# mine\ndefault_provider = \"supai\"\n";
        assert_eq!(
            with_api_key(t, "supage", "su-1").unwrap(),
            "# mine\ndefault_provider = \"supai\"\n\n[providers.supage]\napi_key = \"su-1\"\n"
        );
    }

    #[test]
    fn edits_within_the_existing_table_only_and_keeps_comments() {
        let t = "[providers.supage]\n# my key\nmodel = \"x\"\n\n[providers.other]\napi_key = \"keep\"\n";
        let out = with_api_key(t, "supage", "su-2").unwrap();
        assert_eq!(
            out,
            "[providers.supage]\n# my key\nmodel = \"x\"\napi_key = \"su-2\"\n\n[providers.other]\napi_key = \"keep\"\n"
        );
        let again = with_api_key(&out, "supage", "su-3").unwrap();
        assert!(
            again.contains("api_key = \"su-3\"")
                && !again.contains("su-2")
                && again.contains("\"keep\"")
        );
        let quoted = with_api_key("[ providers . \"supai\" ] # x\n", "supai", "k\"q").unwrap();
        assert_eq!(quoted, "[ providers . \"supai\" ] # x\napi_key = 'k\"q'\n");
    }

    #[test]
    fn api_key_env_and_cmd_are_kept_beside_the_key() {
        let t = "[providers.supage]\napi_key_env = \"X\"\n";
        assert_eq!(
            with_api_key(t, "supage", "k").unwrap(),
            "[providers.supage]\napi_key_env = \"X\"\napi_key = \"k\"\n"
        );
    }

    #[test]
    fn dotted_keys_and_inline_tables_are_edited_in_their_own_style() {
        let dotted = "providers.supage.model = \"x\"  # mine\n";
        let out = with_api_key(dotted, "supage", "su-d").unwrap();
        assert_eq!(
            out,
            "providers.supage.model = \"x\"  # mine\nproviders.supage.api_key = \"su-d\"\n"
        );
        let inline = "providers = { supage = { model = \"x\" } }\n";
        let out = with_api_key(inline, "supage", "su-i").unwrap();
        assert_eq!(
            out,
            "providers = { supage = { model = \"x\", api_key = \"su-i\" } }\n"
        );
        assert!(with_api_key("providers = 3\n", "supage", "k").is_err());
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
        assert!(e.contains("not valid TOML"), "{e}");
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
            text.starts_with("# mine\n\n[providers.supage]") && text.contains("su-linked"),
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
    fn a_dotted_key_config_gets_the_key_saved() {
        let dir = std::env::temp_dir().join(format!("supchat-dotted-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config.toml");
        std::fs::write(&path, "providers.supage.model = \"x\"\n").unwrap();
        save_api_key(&path, "supage", "su-secret-value").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let cfg = super::super::load_from_str(&text, &path).unwrap();
        let p = cfg.provider("supage").unwrap();
        assert_eq!(p.model, "x");
        assert_eq!(p.key.inline.as_ref().unwrap().expose(), "su-secret-value");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
