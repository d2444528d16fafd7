//! Files attached to a message: `@path` words of a draft that name a file.
//! A text file (UTF-8, at most 256 KiB) goes as a fenced block with its
//! name; an image (PNG, JPEG, WebP or GIF by its first bytes, at most
//! 5 MiB) as an `image_url` data URL. Blocking: run off the event loop.

use std::io::Read;
use std::path::{Path, PathBuf};

use supchat_chat::Attachment;
use supchat_i18n::{Lang, tr, tr_in};

pub const TEXT_CAP: u64 = 256 * 1024;
pub const IMAGE_CAP: u64 = 5 * 1024 * 1024;

/// The `@word`s of `text` (at its start or after white space), without the
/// `@` and with trailing punctuation taken off; `@"a path with spaces"` in
/// double quotes is one.
pub fn candidates(text: &str) -> Vec<String> {
    mentions(text).into_iter().map(|(w, _)| w).collect()
}

/// [`candidates`], each with whether it was written in quotes (then it
/// must name a file).
fn mentions(text: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('@') {
        let starts_word = rest[..at]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace);
        let after = &rest[at + 1..];
        rest = after;
        if !starts_word {
            continue;
        }
        let (word, quoted) = match after.strip_prefix('"').and_then(|q| q.split_once('"')) {
            Some((quoted, tail)) => {
                rest = tail;
                (quoted, true)
            }
            None => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                let word = after[..end].trim_end_matches([',', ';', ':', '!', '?', ')', '.']);
                (word, false)
            }
        };
        // `@` alone, or an address like `@alice` with no dot or slash, is
        // only kept when such a file exists (the loader checks).
        if !word.is_empty() && !out.iter().any(|(p, _)| p == word) {
            out.push((word.to_owned(), quoted));
        }
    }
    out
}

/// How a path is written to attach it: `@path`, or `@"path"` when it has
/// white space.
pub fn mention(path: &str) -> String {
    if path.contains(char::is_whitespace) && !path.contains('"') {
        format!("@\"{path}\"")
    } else {
        format!("@{path}")
    }
}

/// The paths a paste names when it is dropped files, as terminals paste
/// them: `/abs/path`, `~/path`, `file:///path` (percent-encoded), maybe in
/// quotes, maybe with spaces escaped (`a\ b.png`), several apart by spaces
/// or lines. Empty when any word of it is not such a path (a sentence that
/// starts with one, say).
pub fn dropped(text: &str) -> Vec<String> {
    let paths: Option<Vec<String>> = pasted_words(text)
        .into_iter()
        .map(|w| dropped_path(&w))
        .collect();
    paths.unwrap_or_default()
}

/// The words of a paste as a shell would split them: quotes keep spaces,
/// a backslash keeps the next character.
fn pasted_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut chars = text.trim().chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\\') => word.extend(chars.next()),
            (None, '\'' | '"') => quote = Some(c),
            (None, c) if c.is_whitespace() => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            (None, c) => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// A dropped file's path from one word of a paste: a `file://` URL
/// decoded, or an absolute or home path to a file with an extension.
fn dropped_path(word: &str) -> Option<String> {
    let path = match word {
        url if url.starts_with("file://") => {
            let url = url::Url::parse(url).ok()?;
            url.to_file_path().ok()?.to_str()?.to_owned()
        }
        p => p.to_owned(),
    };
    let looks = (path.starts_with('/') || path.starts_with("~/"))
        && path.len() > 1
        && !path.contains('\n')
        && !path.ends_with('/')
        && path
            .rsplit('/')
            .next()
            .is_some_and(|name| name.contains('.'));
    looks.then_some(path)
}

/// Whether an `@word` reads as a path: it has a `/`, or its name an
/// extension of letters and digits (`notes.txt`, not `@alice` or `@v1.`).
pub fn looks_like_path(word: &str) -> bool {
    let name = word.rsplit('/').next().unwrap_or(word);
    word.contains('/')
        || name.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.is_empty()
                && (1..=5).contains(&ext.len())
                && ext.chars().all(|c| c.is_ascii_alphanumeric())
                && ext.chars().any(|c| c.is_ascii_alphabetic())
        })
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

/// What asks before files go with a message in the chat: `@path`s that
/// came in a paste (`pasted`), or that name a file outside the working
/// folder `cwd`, a hidden file, or one that looks like a secret. The
/// question to put, naming each and why; none when nothing asks.
pub fn to_confirm(text: &str, cwd: &Path, pasted: &[String]) -> Option<String> {
    let mut asks = Vec::new();
    for (word, _) in mentions(text) {
        let path = resolve(&word, cwd);
        if !path.is_file() {
            continue;
        }
        let real = path.canonicalize().unwrap_or(path);
        let cwd_real = cwd.canonicalize().unwrap_or_else(|_| cwd.to_owned());
        let mut why = Vec::new();
        if pasted.contains(&word) {
            why.push(tr!("core-attach-pasted"));
        }
        if !real.starts_with(&cwd_real) {
            why.push(tr!("core-attach-outside"));
        }
        // The path as written, and the file it leads to (a link named
        // notes.txt to .env is .env).
        let mut parts = crate::tools::secrets::normal_parts(Path::new(&word));
        if let Ok(inside) = real.strip_prefix(&cwd_real) {
            parts.extend(crate::tools::secrets::normal_parts(inside));
        }
        if parts
            .iter()
            .any(|p| p.starts_with('.') && p != "." && p != "..")
        {
            why.push(tr!("core-attach-hidden"));
        }
        why.extend(crate::tools::secrets::looks_secret(&parts));
        if !why.is_empty() {
            // Its name is enough: the whole path is in the input box.
            let name = Path::new(&word)
                .file_name()
                .map_or(word.clone(), |n| n.to_string_lossy().into_owned());
            asks.push(tr!(
                "core-attach-file-why",
                name = name,
                why = why.join(&tr!("core-attach-why-sep"))
            ));
        }
    }
    (!asks.is_empty()).then(|| {
        tr!(
            "core-attach-question",
            files = asks.join(&tr!("core-attach-files-sep"))
        )
    })
}

/// Whether `said` is [`to_confirm`]'s question (in any language: the
/// language may have changed since it was put).
pub fn is_question(said: &str) -> bool {
    said_as(said, "core-attach-question", "files")
}

/// Whether `said` is [`load`]'s error for an `@word` that looks like a
/// path but names nothing (Enter again sends it as text).
pub fn names_nothing(said: &str) -> bool {
    said_as(said, "core-attach-nothing-at", "word")
}

/// Whether `said` is message `id` (in any language) with any value `hole`.
fn said_as(said: &str, id: &str, hole: &str) -> bool {
    Lang::ALL.iter().any(|&lang| {
        let whole = tr_in(lang, id, &[(hole, "\u{0}".into())]);
        whole.split_once('\u{0}').is_some_and(|(before, after)| {
            said.len() > before.len() + after.len()
                && said.starts_with(before)
                && said.ends_with(after)
        })
    })
}

/// What the chat shows of the draft's `@path`s before it is sent: each
/// file's name, and why it will be asked about, judged from the words
/// alone (nothing is read: this runs as the user types). `pasted`: the
/// draft had a paste.
pub fn chips(text: &str, pasted: bool) -> Vec<(String, Vec<&'static str>)> {
    let lang = supchat_i18n::current();
    mentions(text)
        .into_iter()
        .filter(|(w, quoted)| *quoted || looks_like_path(w))
        .take(8)
        .map(|(word, _)| {
            let parts = crate::tools::secrets::normal_parts(Path::new(&word));
            let mut why = Vec::new();
            if pasted {
                why.push(chip_word(lang, 0));
            }
            if word.starts_with('/') || word.starts_with("~/") || word.contains("..") {
                why.push(chip_word(lang, 1));
            }
            if parts
                .iter()
                .any(|p| p.starts_with('.') && p != "." && p != "..")
            {
                why.push(chip_word(lang, 2));
            }
            if crate::tools::secrets::looks_secret(&parts).is_some() {
                why.push(chip_word(lang, 3));
            }
            let name = parts.last().cloned().unwrap_or(word);
            (name, why)
        })
        .collect()
}

/// The chips' words: pasted, outside the folder, hidden, looks secret.
const CHIPS: [&str; 4] = [
    "core-attach-chip-pasted",
    "core-attach-chip-outside",
    "core-attach-chip-hidden",
    "core-attach-chip-secret",
];

/// Chip word `i` of [`CHIPS`] in `lang`, made once (the chips are drawn
/// as the user types).
fn chip_word(lang: Lang, i: usize) -> &'static str {
    static WORDS: std::sync::OnceLock<Vec<[String; 4]>> = std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| {
        Lang::ALL
            .iter()
            .map(|&l| CHIPS.map(|id| tr_in(l, id, &[])))
            .collect()
    });
    let l = Lang::ALL.iter().position(|&l| l == lang).unwrap_or(0);
    words
        .get(l)
        .and_then(|w| w.get(i))
        .map_or("", String::as_str)
}

/// How [`to_confirm`]'s question starts in English ([`is_question`]
/// knows it in every language).
pub const CONFIRM: &str = "send";

/// Loads the `@word`s of `text` that name regular files. Words that name
/// nothing stay plain text; a file that cannot be attached is an error
/// saying why (too big, binary, unreadable). `strict`: a word that looks
/// like a path (a `/`, or a name with an extension) but names nothing is
/// an error too, so that a mistyped path is not sent as text unseen.
pub fn load(text: &str, cwd: &Path, strict: bool) -> Result<Vec<Attachment>, String> {
    let mut out = Vec::new();
    for (word, quoted) in mentions(text) {
        let path = resolve(&word, cwd);
        // An `@word` that names no file is text (`@alice`); one in quotes
        // was meant as a file.
        let meta = match std::fs::metadata(&path) {
            Ok(meta) if meta.is_file() => meta,
            Ok(_) if quoted => return Err(tr!("core-attach-is-folder", word = word.as_str())),
            // Not "nothing to attach": a quoted word is never sent as text
            // on a second Enter, so the chat must not offer that.
            Err(e) if quoted && e.kind() == std::io::ErrorKind::NotFound => {
                return Err(tr!("core-attach-no-such-quoted", word = word.as_str()));
            }
            Err(e) if quoted => {
                return Err(tr!(
                    "core-attach-cannot-quoted",
                    word = word.as_str(),
                    why = supchat_i18n::io_reason(&e)
                ));
            }
            Err(_) if strict && looks_like_path(&word) => {
                return Err(tr!("core-attach-nothing-at", word = word.as_str()));
            }
            _ => continue,
        };
        out.push(load_one(&word, &path, meta.len())?);
    }
    Ok(out)
}

fn load_one(name: &str, path: &Path, size: u64) -> Result<Attachment, String> {
    let err = |e: std::io::Error| {
        tr!(
            "core-attach-cannot",
            name = name,
            why = supchat_i18n::io_reason(&e)
        )
    };
    let mut f = std::fs::File::open(path).map_err(err)?;
    let mut data = Vec::new();
    f.by_ref()
        .take(IMAGE_CAP + 1)
        .read_to_end(&mut data)
        .map_err(err)?;
    if let Some(mime) = image_type(&data) {
        if data.len() as u64 > IMAGE_CAP {
            return Err(tr!(
                "core-attach-image-too-big",
                name = name,
                size = size.to_string(),
                cap = IMAGE_CAP.to_string(),
                mib = (IMAGE_CAP / (1024 * 1024)).to_string()
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
        return Err(tr!(
            "core-attach-text-too-long",
            name = name,
            size = size.to_string(),
            cap = TEXT_CAP.to_string(),
            kib = (TEXT_CAP / 1024).to_string()
        ));
    }
    if data.contains(&0) {
        return Err(tr!("core-attach-binary", name = name));
    }
    let text = String::from_utf8(data).map_err(|_| tr!("core-attach-not-utf8", name = name))?;
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
#[path = "attach_tests.rs"]
mod tests;
