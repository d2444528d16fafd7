//! What supchat has learnt about servers, kept between runs: for now, the
//! base URLs that reject `stream_options` (so that every later run sends
//! its first request without it, instead of failing once first). A small
//! TOML file in the local data directory; losing it costs one request.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Serialize, Deserialize)]
struct QuirksFile {
    #[serde(default)]
    no_stream_options: Vec<String>,
}

/// `<data dir>/supchat/quirks.toml` (`$XDG_DATA_HOME` is honoured).
pub fn default_path() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.data_local_dir().join("supchat").join("quirks.toml"))
}

fn read(path: &Path) -> QuirksFile {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| toml::from_str(&t).ok())
        .unwrap_or_default()
}

/// Whether the server at `base_url` is known to reject `stream_options`.
pub fn rejects_stream_options(path: &Path, base_url: &str) -> bool {
    read(path).no_stream_options.iter().any(|u| u == base_url)
}

/// Remembers that the server at `base_url` rejects `stream_options`.
/// Failing to write is not an error worth showing: it only costs a request.
pub fn remember_no_stream_options(path: &Path, base_url: &str) {
    let mut q = read(path);
    if q.no_stream_options.iter().any(|u| u == base_url) {
        return;
    }
    q.no_stream_options.push(base_url.to_owned());
    let Ok(text) = toml::to_string(&q) else {
        return;
    };
    let _ = crate::private::write(path, text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_per_base_url_and_survives_garbage() {
        let path =
            std::env::temp_dir().join(format!("supchat-quirks-{}/q.toml", std::process::id()));
        let _ = std::fs::remove_file(&path);
        assert!(!rejects_stream_options(&path, "http://a/v1"));
        remember_no_stream_options(&path, "http://a/v1");
        remember_no_stream_options(&path, "http://a/v1");
        assert!(rejects_stream_options(&path, "http://a/v1"));
        assert!(!rejects_stream_options(&path, "http://b/v1"));
        assert_eq!(read(&path).no_stream_options.len(), 1);
        std::fs::write(&path, "not [toml").unwrap();
        assert!(
            !rejects_stream_options(&path, "http://a/v1"),
            "a broken file is ignored"
        );
    }
}
