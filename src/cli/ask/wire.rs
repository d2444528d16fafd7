//! `ask --wire FILE`: what went over the wire, as JSON lines, one per
//! thing seen (a request with the key masked, a response's status and
//! headers, a line of the body as it arrived, a failure), each with its
//! turn, provider, attempt and time since the request. The file is the
//! user's alone (0600); appended to, so several runs can share one.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use supchat_api::event::Wire;
use supchat_i18n::tr;

pub(crate) struct WireFile {
    out: Mutex<std::io::BufWriter<std::fs::File>>,
    path: PathBuf,
    /// A write failed (said once).
    failed: AtomicBool,
}

impl WireFile {
    pub(crate) fn open(path: &Path) -> Result<Self, String> {
        let file = supchat_core::private::options()
            .append(true)
            .create(true)
            .open(path)
            .map_err(|e| {
                tr!(
                    "cli-wire-cannot-open",
                    path = path.display().to_string(),
                    why = supchat_i18n::io_reason(&e)
                )
            })?;
        // An existing file of the user's becomes theirs alone too.
        supchat_core::private::tighten(path, 0o600);
        Ok(Self {
            out: Mutex::new(std::io::BufWriter::new(file)),
            path: path.to_owned(),
            failed: AtomicBool::new(false),
        })
    }

    /// One line; a failure is said on stderr once, and the run goes on.
    pub(crate) fn write(&self, turn: u64, provider: &str, w: &Wire) {
        let mut o = serde_json::json!({ "turn": turn, "provider": provider });
        if let (Some(o), Ok(serde_json::Value::Object(w))) =
            (o.as_object_mut(), serde_json::to_value(w))
        {
            o.extend(w);
        }
        let mut out = self.out.lock().unwrap_or_else(|p| p.into_inner());
        if let Err(e) = writeln!(out, "{o}") {
            self.said(&e);
        }
    }

    pub(crate) fn finish(&self) {
        let mut out = self.out.lock().unwrap_or_else(|p| p.into_inner());
        if let Err(e) = out.flush() {
            self.said(&e);
        }
    }

    /// A write failed: the file is incomplete (the exit code says so).
    pub(crate) fn failed(&self) -> bool {
        self.failed.load(Ordering::Relaxed)
    }

    fn said(&self, e: &std::io::Error) {
        if !self.failed.swap(true, Ordering::Relaxed) {
            eprintln!(
                "{}",
                tr!(
                    "cli-wire-cannot-write",
                    path = self.path.display().to_string(),
                    why = supchat_i18n::io_reason(e)
                )
            );
        }
    }
}
