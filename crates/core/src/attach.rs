//! Files attached to a message: `@path` words of a draft that name a file.
//! A text file (UTF-8, at most 256 KiB) goes as a fenced block with its
//! name; an image (PNG, JPEG, WebP or GIF by its first bytes, at most
//! 5 MiB) as an `image_url` data URL. Blocking: run off the event loop.

use std::io::Read;
use std::path::{Path, PathBuf};

use supchat_chat::Attachment;

pub const TEXT_CAP: u64 = 256 * 1024;
pub const IMAGE_CAP: u64 = 5 * 1024 * 1024;

/// The `@word`s of `text` (at its start or after white space), without the
/// `@` and with trailing punctuation taken off.
pub fn candidates(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        let Some(rest) = word.strip_prefix('@') else {
            continue;
        };
        let rest = rest.trim_end_matches([',', ';', ':', '!', '?', ')', '.']);
        // `@` alone, or an address like `@alice` with no dot or slash, is
        // only kept when such a file exists (the loader checks).
        if !rest.is_empty() && !out.iter().any(|p| p == rest) {
            out.push(rest.to_owned());
        }
    }
    out
}

/// Where `word` points, from `cwd` (`~/` from home).
pub fn resolve(word: &str, cwd: &Path) -> PathBuf {
    let p = crate::config::expand_home(word);
    if p.is_absolute() { p } else { cwd.join(p) }
}

/// The image type of `head`, from its first bytes.
fn image_type(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if head.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// Loads the `@word`s of `text` that name regular files. Words that name
/// nothing stay plain text; a file that cannot be attached is an error
/// saying why (too big, binary, unreadable).
pub fn load(text: &str, cwd: &Path) -> Result<Vec<Attachment>, String> {
    let mut out = Vec::new();
    for word in candidates(text) {
        let path = resolve(&word, cwd);
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        out.push(load_one(&word, &path, meta.len())?);
    }
    Ok(out)
}

fn load_one(name: &str, path: &Path, size: u64) -> Result<Attachment, String> {
    let err = |e: std::io::Error| format!("cannot attach {name}: {e}");
    let mut f = std::fs::File::open(path).map_err(err)?;
    let mut data = Vec::new();
    f.by_ref()
        .take(IMAGE_CAP + 1)
        .read_to_end(&mut data)
        .map_err(err)?;
    if let Some(mime) = image_type(&data) {
        if data.len() as u64 > IMAGE_CAP {
            return Err(format!(
                "cannot attach {name}: the image is {} MiB; at most {} MiB",
                size / (1024 * 1024),
                IMAGE_CAP / (1024 * 1024)
            ));
        }
        return Ok(Attachment {
            name: name.to_owned(),
            mime: mime.to_owned(),
            data: supchat_chat::text::base64(&data),
            bytes: data.len() as u64,
        });
    }
    if data.len() as u64 > TEXT_CAP {
        return Err(format!(
            "cannot attach {name}: {} KiB is too long for a text file (at most {} KiB)",
            size / 1024,
            TEXT_CAP / 1024
        ));
    }
    if data.contains(&0) {
        return Err(format!(
            "cannot attach {name}: it is not text (and not a PNG, JPEG, WebP or GIF image)"
        ));
    }
    let text = String::from_utf8(data)
        .map_err(|_| format!("cannot attach {name}: it is not UTF-8 text"))?;
    Ok(Attachment {
        name: name.to_owned(),
        mime: "text/plain".to_owned(),
        bytes: text.len() as u64,
        data: text,
    })
}

/// File names under `cwd` that complete `partial` (`src/ma` → `src/main.rs`),
/// at most `max`, sorted; folders end in `/`.
pub fn complete(partial: &str, cwd: &Path, max: usize) -> Vec<String> {
    let (dir_part, stem) = match partial.rfind('/') {
        Some(i) => (&partial[..=i], &partial[i + 1..]),
        None => ("", partial),
    };
    let dir = resolve(if dir_part.is_empty() { "." } else { dir_part }, cwd);
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = read
        .filter_map(Result::ok)
        .take(10_000)
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            if !n.starts_with(stem) || (n.starts_with('.') && !stem.starts_with('.')) {
                return None;
            }
            let slash = if e.file_type().is_ok_and(|t| t.is_dir()) {
                "/"
            } else {
                ""
            };
            Some(format!("{dir_part}{n}{slash}"))
        })
        .collect();
    names.sort();
    names.truncate(max);
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_with_an_at_that_name_files_are_attached() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("notes.txt"), "生命周期\n").unwrap();
        let png = [
            0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0, 0, 13,
        ];
        std::fs::write(d.path().join("shot.png"), png).unwrap();
        std::fs::write(d.path().join("blob.bin"), [1, 0, 2]).unwrap();
        assert_eq!(
            candidates("see @notes.txt, and @shot.png! mail @alice"),
            ["notes.txt", "shot.png", "alice"]
        );
        let got = load("see @notes.txt and @shot.png, not @alice", d.path()).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(
            (
                got[0].name.as_str(),
                got[0].mime.as_str(),
                got[0].data.as_str()
            ),
            ("notes.txt", "text/plain", "生命周期\n")
        );
        assert_eq!(got[1].mime, "image/png");
        assert_eq!(got[1].data, supchat_chat::text::base64(&png));
        let e = load("@blob.bin", d.path()).unwrap_err();
        assert!(e.contains("not text"), "{e}");
        std::fs::write(d.path().join("big.txt"), "x".repeat(TEXT_CAP as usize + 1)).unwrap();
        assert!(load("@big.txt", d.path()).unwrap_err().contains("too long"));
    }

    #[test]
    fn names_complete_in_the_folder() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("src")).unwrap();
        std::fs::write(d.path().join("src/main.rs"), "").unwrap();
        std::fs::write(d.path().join("notes.txt"), "").unwrap();
        std::fs::write(d.path().join(".hidden"), "").unwrap();
        assert_eq!(complete("no", d.path(), 10), ["notes.txt"]);
        assert_eq!(complete("", d.path(), 10), ["notes.txt", "src/"]);
        assert_eq!(complete("src/m", d.path(), 10), ["src/main.rs"]);
    }
}
