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
const KEY_PATHS: &[&str] = &[".config/gcloud", ".config/gh", ".local/share/keyrings"];

/// File names that look like keys: `*` is any run of characters; matched
/// without regard to case.
const KEY_NAMES: &[&str] = &[
    ".env",
    ".env.*",
    "*.pem",
    "*.key",
    "*.p12",
    "*.pfx",
    "*.kdbx",
    "*.asc",
    "id_*",
    "*key*",
    "*secret*",
    "*token*",
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
        let own = own
            .into_iter()
            .map(|p| p.canonicalize().unwrap_or(p))
            .collect();
        Self {
            home: directories::BaseDirs::new()
                .map(|d| d.home_dir().to_owned())
                .map(|h| h.canonicalize().unwrap_or(h)),
            own,
            extra: cfg.tools.secret_paths.clone(),
        }
    }

    /// Why a file built-in's call on `rel` (relative to `root`, canonical)
    /// asks the user first; none when it may run as usual.
    pub fn why_ask(&self, root: &Path, rel: &str) -> Option<String> {
        if self.home.as_deref() == Some(root) {
            return Some(
                "supchat was started in your home folder: every file call asks".to_owned(),
            );
        }
        let full = root.join(rel);
        if let Some(own) = self.own.iter().find(|o| full.starts_with(o)) {
            return Some(format!(
                "it reaches supchat's own files ({}): keys and conversations",
                own.display()
            ));
        }
        let rel_path = Path::new(rel.trim_start_matches("./"));
        let parts: Vec<String> = rel_path
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if let Some(why) = looks_secret(&parts) {
            return Some(why);
        }
        let joined = parts.join("/");
        for pat in &self.extra {
            let hit = if pat.contains('/') {
                joined.starts_with(pat.trim_end_matches('/'))
            } else {
                parts.iter().any(|p| matches(pat, p))
            };
            if hit {
                return Some(format!("it matches secret_paths \"{pat}\""));
            }
        }
        None
    }
}

/// Why a path's parts look like a secret: a folder that holds keys, or a
/// name like one. None when nothing does.
pub fn looks_secret(parts: &[String]) -> Option<String> {
    if let Some(p) = parts.iter().find(|p| KEY_PLACES.contains(&p.as_str())) {
        return Some(format!("{p} holds keys"));
    }
    let joined = parts.join("/");
    if let Some(p) = KEY_PATHS.iter().find(|p| joined.contains(*p)) {
        return Some(format!("{p} holds keys"));
    }
    parts
        .iter()
        .find(|p| KEY_NAMES.iter().any(|pat| matches(pat, p)))
        .map(|p| format!("{p} looks like a key or a secret"))
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
            extra: vec!["*.kdbx".into(), "private/".into()],
        }
    }

    #[test]
    fn key_places_names_own_files_and_home_ask() {
        let s = secrets();
        let work = Path::new("/home/ada/work");
        let asks = |rel: &str| s.why_ask(work, rel);
        assert!(asks("src/main.rs").is_none());
        assert!(asks("README.md").is_none());
        assert_eq!(asks(".ssh/id_ed25519").as_deref(), Some(".ssh holds keys"));
        assert!(asks("deploy/.env").is_some());
        assert!(asks(".env.local").is_some());
        assert!(asks("certs/server.PEM").is_some());
        assert!(asks("api_key.txt").is_some());
        assert!(asks(".config/gcloud/credentials.db").is_some());
        assert!(asks("vault.kdbx").is_some(), "secret_paths");
        assert!(asks("private/notes.md").is_some(), "secret_paths folder");
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
