//! The built-in tools: the date and time, reading a text file and listing a
//! folder. The two file tools are read-only and see only the working folder:
//! a path must be relative and may not use `..`; it is opened beneath the
//! opened folder (links followed only while they stay inside it, see
//! `beneath`), and the opened file is checked: only a regular file is read
//! (a FIFO is opened without blocking, then refused), and what is read is
//! capped.

use std::io::Read;
use std::path::{Component, Path};

use serde_json::{Value, json};

use crate::config::tools::Builtin;

/// Bytes of a file `read_file` returns.
pub const READ_CAP: usize = 64 * 1024;
/// Entries `list_dir` returns.
pub const LIST_CAP: usize = 1000;

/// The description and parameter schema sent for a built-in.
pub fn definition(b: Builtin) -> (&'static str, Value) {
    match b {
        Builtin::Now => (
            "The current date and time: UTC, the user's local time and time zone, and the weekday.",
            json!({"type": "object", "properties": {}}),
        ),
        Builtin::ReadFile => (
            "Read a UTF-8 text file in the user's working folder (at most 64 KiB are returned). The path is relative to that folder.",
            json!({"type": "object", "properties": {
                "path": {"type": "string", "description": "The file's path, relative to the working folder"}
            }, "required": ["path"]}),
        ),
        Builtin::ListDir => (
            "List a folder in the user's working folder: names (folders end in /, symbolic links in @) and file sizes.",
            json!({"type": "object", "properties": {
                "path": {"type": "string", "description": "The folder, relative to the working folder; \".\" for the folder itself"}
            }}),
        ),
    }
}

/// Runs a built-in; the text for the model, or the error it is told.
/// `guard`: what the opened file may not be without the user's yes (a
/// secret), for a call the user did not approve.
pub fn run(
    b: Builtin,
    args: &Value,
    root: &Path,
    guard: Option<&super::secrets::Secrets>,
) -> Result<String, String> {
    match b {
        Builtin::Now => Ok(now(std::time::SystemTime::now())),
        Builtin::ReadFile => {
            let path = args.get("path").and_then(Value::as_str).unwrap_or("");
            if path.trim().is_empty() {
                return Err("read_file needs a \"path\"".to_owned());
            }
            read_file(root, path, guard)
        }
        Builtin::ListDir => {
            let path = args.get("path").and_then(Value::as_str).unwrap_or(".");
            list_dir(root, if path.trim().is_empty() { "." } else { path }, guard)
        }
    }
}

/// The opened `file`, judged by where it really is (a link swapped after
/// the call was checked): refused when that needs the user's yes.
fn guarded(
    file: &std::fs::File,
    rel: &str,
    root: &Path,
    guard: Option<&super::secrets::Secrets>,
) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let Some(guard) = guard else { return Ok(()) };
    let at = format!("/proc/self/fd/{}", std::os::fd::AsRawFd::as_raw_fd(file));
    // What cannot be checked is not read.
    let checked = std::fs::read_link(at).and_then(|real| Ok((real, file.metadata()?)));
    let (real, meta) =
        checked.map_err(|e| format!("{rel:?}: the file opened cannot be checked ({e})"))?;
    match guard.why_opened(root, &real, meta.dev(), meta.ino()) {
        Some(why) => Err(format!(
            "{rel:?} leads to what needs the user's yes ({why}); it was not read"
        )),
        None => Ok(()),
    }
}

/// `rel` checked as a path the tools take: relative, without `..`.
pub fn relative(rel: &str) -> Result<&Path, String> {
    let p = Path::new(rel);
    if p.is_absolute() || p.has_root() {
        return Err(format!(
            "{rel:?} is an absolute path; only paths relative to the working folder are allowed"
        ));
    }
    if p.components().any(|c| c == Component::ParentDir) {
        return Err(format!(
            "{rel:?} uses \"..\"; only what is inside the working folder can be read"
        ));
    }
    Ok(p)
}

/// What went wrong, said after the path: `: no such file or folder`,
/// ` leads outside the working folder …`.
fn io_reason(e: &std::io::Error) -> String {
    match (e.kind(), e.raw_os_error()) {
        (std::io::ErrorKind::NotFound, _) => ": no such file or folder".to_owned(),
        (std::io::ErrorKind::PermissionDenied, _) => ": permission denied".to_owned(),
        // RESOLVE_BENEATH refused a link out; O_NOFOLLOW a link at all.
        (_, Some(libc::EXDEV | libc::ELOOP)) => {
            " leads outside the working folder (through a symbolic link)".to_owned()
        }
        (_, Some(libc::ENOTDIR)) => " is not a folder".to_owned(),
        _ => format!(": {e}"),
    }
}

/// `rel` opened beneath `root`, as a folder (`dir`) or a file.
fn open(root: &Path, rel: &str, dir: bool) -> Result<std::fs::File, String> {
    let p = relative(rel)?;
    super::beneath::open(root, p, dir).map_err(|e| format!("{rel:?}{}", io_reason(&e)))
}

fn read_file(
    root: &Path,
    rel: &str,
    guard: Option<&super::secrets::Secrets>,
) -> Result<String, String> {
    let file = open(root, rel, false)?;
    guarded(&file, rel, root, guard)?;
    // The opened file is what is checked (and then read).
    let meta = file
        .metadata()
        .map_err(|e| format!("{rel:?}{}", io_reason(&e)))?;
    if meta.is_dir() {
        return Err(format!("{rel:?} is a folder; list_dir lists it"));
    }
    if !meta.is_file() {
        return Err(format!("{rel:?} is not a regular file"));
    }
    let mut data = Vec::with_capacity(meta.len().min(READ_CAP as u64 + 1) as usize);
    file.take(READ_CAP as u64 + 1)
        .read_to_end(&mut data)
        .map_err(|e| format!("{rel:?}{}", io_reason(&e)))?;
    let truncated = data.len() > READ_CAP;
    data.truncate(READ_CAP);
    if data.contains(&0) {
        return Err(format!("{rel:?} is not a text file (it holds binary data)"));
    }
    let text = match std::str::from_utf8(&data) {
        Ok(t) => t,
        // A cut in the middle of a character is the cap's doing.
        Err(e) if truncated && data.len() - e.valid_up_to() < 4 && e.error_len().is_none() => {
            std::str::from_utf8(&data[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return Err(format!("{rel:?} is not UTF-8 text")),
    };
    let mut out = text.to_owned();
    if truncated {
        out.push_str(&format!(
            "\n[truncated: the first {} KiB of {} bytes]",
            READ_CAP / 1024,
            meta.len()
        ));
    }
    Ok(out)
}

fn list_dir(
    root: &Path,
    rel: &str,
    guard: Option<&super::secrets::Secrets>,
) -> Result<String, String> {
    let dir = open(root, rel, true).map_err(|e| {
        if e.ends_with("is not a folder") {
            format!("{rel:?} is not a folder; read_file reads a file")
        } else {
            e
        }
    })?;
    guarded(&dir, rel, root, guard)?;
    let reason = |e: std::io::Error| format!("{rel:?}{}", io_reason(&e));
    let mut rows = Vec::new();
    let mut total = 0usize;
    // The opened folder itself, through its descriptor (not its path,
    // which may have been swapped since).
    let at = format!("/proc/self/fd/{}", std::os::fd::AsRawFd::as_raw_fd(&dir));
    for entry in std::fs::read_dir(&at).map_err(reason)? {
        let Ok(entry) = entry else { continue };
        total += 1;
        // Keep the first names met, and count the rest: a folder may hold
        // millions.
        if rows.len() >= LIST_CAP * 4 {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let row = match entry.file_type() {
            Ok(t) if t.is_symlink() => format!("{name}@"),
            Ok(t) if t.is_dir() => format!("{name}/"),
            Ok(_) => match entry.metadata() {
                Ok(m) => format!("{name}  {} bytes", m.len()),
                Err(_) => name,
            },
            Err(_) => name,
        };
        rows.push(row);
    }
    rows.sort();
    let shown = rows.len().min(LIST_CAP);
    let mut out = format!(
        "{rel}: {total} entr{}\n",
        if total == 1 { "y" } else { "ies" }
    );
    for r in &rows[..shown] {
        out.push_str(r);
        out.push('\n');
    }
    if total > shown {
        out.push_str(&format!("[and {} more]\n", total - shown));
    }
    Ok(out)
}

/// The date and time for the model, as JSON.
fn now(t: std::time::SystemTime) -> String {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let utc = supchat_api::request::rfc3339_utc(t);
    let mut v = json!({ "utc": utc, "unix": secs });
    if let Some(local) = local_time(secs) {
        v["local"] = json!(local.0);
        v["timezone"] = json!(local.1);
        v["weekday"] = json!(local.2);
    }
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

/// The local time of `secs` (RFC 3339 with its offset), the zone's name and
/// the weekday, from the C library's time zone database.
#[cfg(unix)]
fn local_time(secs: u64) -> Option<(String, String, &'static str)> {
    const DAYS: [&str; 7] = [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ];
    let t = libc::time_t::try_from(secs).ok()?;
    // SAFETY: localtime_r writes only into `tm`, which is ours and zeroed;
    // it returns null on failure.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let ok = unsafe { !libc::localtime_r(&t, &mut tm).is_null() };
    if !ok {
        return None;
    }
    let off = tm.tm_gmtoff;
    let sign = if off < 0 { '-' } else { '+' };
    let off = off.unsigned_abs();
    let local = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        i64::from(tm.tm_year) + 1900,
        tm.tm_mon + 1,
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        off / 3600,
        off % 3600 / 60
    );
    let zone = if tm.tm_zone.is_null() {
        String::new()
    } else {
        // SAFETY: a non-null tm_zone points at a NUL-terminated name that
        // the C library keeps alive.
        unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }
            .to_string_lossy()
            .into_owned()
    };
    let day = DAYS.get(usize::try_from(tm.tm_wday).ok()?).copied()?;
    Some((local, zone, day))
}

#[cfg(not(unix))]
fn local_time(_secs: u64) -> Option<(String, String, &'static str)> {
    None
}

#[cfg(all(test, unix))]
#[path = "builtin_tests.rs"]
mod tests;
