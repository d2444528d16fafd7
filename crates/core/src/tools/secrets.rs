//! What the file built-ins may not read without asking: supchat's own
//! files (the config holds keys, the data folder every conversation), and
//! the places where keys live (`.ssh`, `.gnupg`, `.aws`, `.env`, `*.pem`,
//! `*key*` …). One list, here; `secret_paths` in the config adds to it.
//! Started in the home folder itself, every file call asks.
//!
//! The patterns are matched by hand (a `*` wildcard on a name, a leading
//! folder on a path): a glob crate would bring more than these few lines.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::said::Said;

/// Folders (and dotfiles) that hold keys, wherever they are met in a path.
const KEY_PLACES: &[&str] = &[
    ".ssh",
    ".gnupg",
    ".aws",
    ".azure",
    ".kube",
    ".docker",
    ".password-store",
    ".netrc",
    ".npmrc",
    ".pypirc",
    ".pgpass",
    ".git-credentials",
    ".vault-token",
];

/// Paths (from the folder) that hold keys.
const KEY_PATHS: &[&str] = &[
    ".config/gcloud",
    ".config/gh",
    ".config/rclone",
    ".local/share/keyrings",
    ".git/config",
];

/// File names that look like keys: `*` is any run of characters; matched
/// without regard to case.
const KEY_NAMES: &[&str] = &[
    ".env*",
    "*.env",
    ".bash_history",
    ".zsh_history",
    ".gitconfig",
    "*.pem",
    "*.key",
    "*.p12",
    "*.pfx",
    "*.kdbx",
    "*.asc",
    "id_rsa*",
    "id_dsa*",
    "id_ecdsa*",
    "id_ed25519*",
    "*_key",
    "*_key.*",
    "*-key",
    "*-key.*",
    "*apikey*",
    "*api_key*",
    "*api-key*",
    "*secret*",
    "*_token",
    "*_token.*",
    "*-token",
    "*.token",
    "token.json",
    "*credential*",
    "*password*",
];

/// What asks before a file built-in reads it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Secrets {
    home: Option<PathBuf>,
    /// supchat's own folders and files: the config's, the data folder.
    own: Vec<PathBuf>,
    /// `secret_paths` from the config.
    extra: Vec<String>,
    /// Device and inode of supchat's own files (the config): a hard link
    /// to one, under another name, is still it.
    own_ids: Vec<(u64, u64)>,
}

impl Secrets {
    pub fn new(cfg: &Config) -> Self {
        // The config file itself (not its folder: a project may keep one
        // beside its code), the data folder, supchat's config folder.
        let mut own: Vec<PathBuf> = Vec::new();
        own.extend(cfg.path.clone());
        own.extend(cfg.data_dir());
        own.extend(
            crate::config::quirks::default_path()
                .as_deref()
                .and_then(Path::parent)
                .map(Path::to_owned),
        );
        if let Some(d) = directories::BaseDirs::new() {
            own.push(d.config_dir().join("supchat"));
        }
        // As the file tools see them: canonical where they exist.
        let own: Vec<PathBuf> = own
            .into_iter()
            .map(|p| p.canonicalize().unwrap_or(p))
            .collect();
        let own_ids = own.iter().filter_map(|p| file_id(p)).collect();
        Self {
            own_ids,
            home: directories::BaseDirs::new()
                .map(|d| d.home_dir().to_owned())
                .map(|h| h.canonicalize().unwrap_or(h)),
            own,
            extra: cfg.tools.secret_paths.clone(),
        }
    }

    /// Why a file built-in's call on `rel` (relative to `root`, canonical)
    /// asks the user first; none when it may run as usual. Only the path as
    /// named: this runs where nothing may block (a disk that hangs). The
    /// file a path leads to (a link, a hard link) is judged when it is
    /// opened ([`Secrets::why_opened`]).
    pub fn why_ask(&self, root: &Path, rel: &str) -> Option<String> {
        self.reason_to_ask(root, rel).map(|s| s.text())
    }

    /// [`Secrets::why_ask`], not yet in words (said to the user, and in
    /// English to the model).
    pub fn reason_to_ask(&self, root: &Path, rel: &str) -> Option<Said> {
        if self.home.as_deref() == Some(root) {
            return Some(Said::new("core-secret-home"));
        }
        self.why_path(root, &root.join(rel))
    }

    /// Why the file opened at `real` (its real path), device `dev` and
    /// inode `ino`, needs the user's yes: the path it really is, or a hard
    /// link to supchat's own config. In English: the model is told it.
    pub fn why_opened(&self, root: &Path, real: &Path, dev: u64, ino: u64) -> Option<String> {
        if self.own_ids.contains(&(dev, ino)) {
            return Some(Said::new("core-secret-own-config").english());
        }
        self.why_path(root, real).map(|s| s.english())
    }

    /// Why `path` (under `root`) asks.
    fn why_path(&self, root: &Path, path: &Path) -> Option<Said> {
        if let Some(own) = self.own.iter().find(|o| path.starts_with(o)) {
            return Some(
                Said::new("core-secret-own-files").with("path", own.display().to_string()),
            );
        }
        // Started above the home folder (in /home, say): into it asks.
        if let Some(home) = self.home.as_deref()
            && home.starts_with(root)
            && path.starts_with(home)
        {
            return Some(Said::new("core-secret-into-home"));
        }
        let parts = normal_parts(path.strip_prefix(root).unwrap_or(path));
        if let Some(why) = secret_reason(&parts) {
            return Some(why);
        }
        self.extra
            .iter()
            .find(|pat| {
                let pat_parts = normal_parts(Path::new(pat.as_str()));
                if pat.contains('/') {
                    // A path from the folder: its parts, each a pattern.
                    pat_parts.len() <= parts.len()
                        && pat_parts.iter().zip(&parts).all(|(p, n)| matches(p, n))
                } else {
                    parts.iter().any(|n| matches(pat, n))
                }
            })
            .map(|pat| Said::new("core-secret-pattern").with("pattern", pat.clone()))
    }
}

/// The names of `path`'s parts (`.`, `/` and the like left out).
pub fn normal_parts(path: &Path) -> Vec<String> {
    path.components()
        .filter_map(|c| match c {
            std::path::Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect()
}

/// The device and inode of the file `path` leads to.
fn file_id(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        m.is_file().then(|| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Why a path's parts look like a secret: a folder that holds keys, or a
/// name like one, in the language in use. None when nothing does.
pub fn looks_secret(parts: &[String]) -> Option<String> {
    secret_reason(parts).map(|s| s.text())
}

/// [`looks_secret`], not yet in words.
fn secret_reason(parts: &[String]) -> Option<Said> {
    if let Some(p) = parts.iter().find(|p| KEY_PLACES.contains(&p.as_str())) {
        return Some(Said::new("core-secret-holds-keys").with("path", p.clone()));
    }
    let joined = parts.join("/");
    if let Some(p) = KEY_PATHS.iter().find(|p| joined.contains(*p)) {
        return Some(Said::new("core-secret-holds-keys").with("path", *p));
    }
    parts
        .iter()
        .find(|p| KEY_NAMES.iter().any(|pat| matches(pat, p)))
        .map(|p| Said::new("core-secret-looks-like-key").with("name", p.clone()))
}

/// `name` against `pattern`, where `*` is any run of characters; case
/// does not matter.
fn matches(pattern: &str, name: &str) -> bool {
    let (p, n) = (pattern.to_ascii_lowercase(), name.to_ascii_lowercase());
    let pieces: Vec<&str> = p.split('*').collect();
    let [first, middle @ .., last] = pieces.as_slice() else {
        return p == n;
    };
    if pieces.len() == 1 {
        return p == n;
    }
    if !n.starts_with(first) || n.len() < first.len() + last.len() || !n.ends_with(last) {
        return false;
    }
    let mut rest = &n[first.len()..n.len() - last.len()];
    for m in middle {
        match rest.find(m) {
            Some(i) => rest = &rest[i + m.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets() -> Secrets {
        Secrets {
            home: Some(PathBuf::from("/home/ada")),
            own: vec![PathBuf::from("/home/ada/.config/supchat")],
            extra: vec!["*.kdbx".into(), "private/".into(), "conf/*.yml".into()],
            own_ids: Vec::new(),
        }
    }

    #[test]
    fn key_places_names_own_files_and_home_ask() {
        let s = secrets();
        let work = Path::new("/home/ada/work");
        let asks = |rel: &str| s.why_ask(work, rel);
        assert!(asks("src/main.rs").is_none());
        for ordinary in ["src/keys.rs", "keyboard.c", "monkey.py", "tokenizer.rs"] {
            assert!(asks(ordinary).is_none(), "{ordinary}");
        }
        assert!(asks("README.md").is_none());
        assert_eq!(asks(".ssh/id_ed25519").as_deref(), Some(".ssh holds keys"));
        assert!(asks("deploy/.env").is_some());
        assert!(asks(".env.local").is_some());
        assert!(asks("certs/server.PEM").is_some());
        assert!(asks("api_key.txt").is_some());
        assert!(asks(".config/gcloud/credentials.db").is_some());
        assert!(asks("vault.kdbx").is_some(), "secret_paths");
        assert!(asks("private/notes.md").is_some(), "secret_paths folder");
        assert!(asks(".//private/notes.md").is_some(), "spelt another way");
        assert!(asks("conf/db.yml").is_some(), "a path pattern");
        assert!(asks("conf/db.json").is_none());
        for name in [
            ".envrc",
            ".env_prod",
            ".env-local",
            "prod.env",
            ".git/config",
        ] {
            assert!(asks(name).is_some(), "{name}");
        }
        assert!(asks(".gnupg").is_some(), "listing the folder asks too");
        let home = Path::new("/home/ada");
        assert!(
            s.why_ask(home, "notes.txt")
                .unwrap()
                .contains("home folder")
        );
        let own = s.why_ask(Path::new("/home/ada/.config"), "supchat/config.toml");
        assert!(own.unwrap().contains("supchat's own files"));
        // The folder above supchat's own lists names only: no question.
        assert!(s.why_ask(Path::new("/home/ada/.config"), ".").is_none());
        // Started above the home folder: into it asks.
        let above = s.why_ask(Path::new("/home"), "ada/.bashrc");
        assert_eq!(above.as_deref(), Some("it reaches into your home folder"));
    }

    /// The file a link leads to, and a hard link to the config file, are
    /// judged once opened (by their real path and inode).
    #[test]
    fn opened_files_are_judged_by_what_they_are() {
        let s = Secrets {
            home: None,
            own: vec![PathBuf::from("/w/supchat.toml")],
            extra: Vec::new(),
            own_ids: vec![(1, 42)],
        };
        let root = Path::new("/w");
        assert!(s.why_opened(root, Path::new("/w/.env"), 1, 7).is_some());
        assert!(
            s.why_opened(root, Path::new("/w/hard.txt"), 1, 42)
                .is_some()
        );
        assert!(
            s.why_opened(root, Path::new("/w/notes.txt"), 1, 8)
                .is_none()
        );
    }

    #[test]
    fn wildcards_match_names() {
        assert!(matches("*.pem", "a.pem"));
        assert!(matches("id_*", "id_ed25519"));
        assert!(matches("*key*", "MyKeys.json"));
        assert!(!matches("*.pem", "pem"));
        assert!(matches(".env", ".ENV"));
        assert!(!matches(".env", ".envrc"));
        assert!(matches("a*b*c", "axxbyyc"));
        assert!(!matches("a*b*c", "acb"));
    }
}
