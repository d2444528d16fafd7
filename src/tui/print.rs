//! `supchat ask` on plain stdout and stderr: the answer to stdout as it
//! streams, reasoning (dimmed on a terminal) and notices on stderr. What the
//! server sent is untrusted: on a terminal its control sequences are
//! removed (unless `--raw` for the answer); notices are always cleaned.
//! Presents the chat session's outputs; decides nothing about the turn.

use std::io::{IsTerminal, Write};
use std::sync::Arc;

use tokio::sync::Notify;

use crossterm::style::{Attribute, SetAttribute};

use supchat_chat::Conversation;
use supchat_chat::text::{Sanitizer, sanitize};
use supchat_core::engine::{TurnOver, What};
use supchat_core::session::Out;

pub struct AskPrinter {
    clean_out: Option<Sanitizer>,
    /// Markdown styled as it streams (a terminal, not `--raw`, colour on).
    md: Option<super::mdstream::MdStream>,
    clean_err: Sanitizer,
    show_reasoning: bool,
    dim: bool,
    in_reasoning: bool,
    wrote_text: bool,
    last_char: Option<char>,
    /// Writing the answer failed (the reader went away, the disk is full):
    /// nothing more is written, and `gone` is told so the request stops.
    failed: Option<std::io::Error>,
    gone: Arc<Notify>,
    over: Option<TurnOver>,
    /// Tool calls were left unrun (the step limit, a cut-off reply).
    tools_not_run: bool,
    /// A question is on stderr, waiting for its answer on the same line.
    asking: bool,
}

impl AskPrinter {
    /// `raw`: the answer as received even on a terminal. `gone` is told
    /// when the answer can no longer be written.
    pub fn new(raw: bool, show_reasoning: bool, gone: Arc<Notify>) -> Self {
        let tty = std::io::stdout().is_terminal();
        let colour = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Self {
            clean_out: (tty && !raw).then(Sanitizer::new),
            md: (tty && !raw && colour).then(super::mdstream::MdStream::new),
            clean_err: Sanitizer::new(),
            show_reasoning,
            dim: std::io::stderr().is_terminal(),
            in_reasoning: false,
            wrote_text: false,
            last_char: None,
            failed: None,
            gone,
            over: None,
            tools_not_run: false,
            asking: false,
        }
    }

    /// How the turn ended, once it did.
    pub fn turn_over(&self) -> Option<&TurnOver> {
        self.over.as_ref()
    }

    pub fn present(&mut self, _conv: &Conversation, o: &Out) {
        match o {
            Out::Changed(c) => match &c.what {
                What::Text(t) => self.text(t),
                What::Reasoning(r) if self.show_reasoning => self.reasoning(r),
                What::Restarted => {
                    self.end_line();
                    self.note("Sup.ai restarted its answer; the new one follows");
                }
                _ => {}
            },
            Out::Notice(n) => {
                self.tools_not_run |= matches!(n, supchat_api::Notice::ToolsNotRun(_));
                self.note(&n.to_string());
            }
            Out::TurnOver(over) => self.over = Some(over.clone()),
            _ => {}
        }
    }

    /// Whether tool calls were left unrun.
    pub fn tools_not_run(&self) -> bool {
        self.tools_not_run
    }

    /// A question on stderr, the answer to be typed on the same line.
    pub fn ask(&mut self, question: &str) {
        self.leave_reasoning();
        let mut err = std::io::stderr();
        let _ = write!(err, "supchat: {}", sanitize(question));
        let _ = err.flush();
        self.asking = true;
    }

    /// The question was answered (the terminal moved to a new line).
    pub fn answered(&mut self) {
        self.asking = false;
    }

    /// `supchat: …` on its own line of stderr, cleaned.
    pub fn note(&mut self, line: &str) {
        self.leave_reasoning();
        if std::mem::take(&mut self.asking) {
            let _ = writeln!(std::io::stderr());
        }
        let _ = writeln!(std::io::stderr(), "supchat: {}", sanitize(line));
    }

    fn text(&mut self, t: &str) {
        self.leave_reasoning();
        let t = match &mut self.clean_out {
            Some(s) => s.clean(t),
            None => t.to_owned(),
        };
        let t = match &mut self.md {
            Some(m) => m.push(&t),
            None => t,
        };
        if t.is_empty() || self.failed.is_some() {
            return;
        }
        let mut out = std::io::stdout().lock();
        if let Err(e) = out.write_all(t.as_bytes()).and_then(|()| out.flush()) {
            self.failed = Some(e);
            self.gone.notify_one();
        }
        self.wrote_text = true;
        self.last_char = t.chars().last();
    }

    fn reasoning(&mut self, r: &str) {
        let r = self.clean_err.clean(r);
        let mut err = std::io::stderr().lock();
        if !self.in_reasoning && self.dim {
            let _ = crossterm::queue!(err, SetAttribute(Attribute::Dim));
        }
        self.in_reasoning = true;
        let _ = err.write_all(r.as_bytes());
        let _ = err.flush();
    }

    fn leave_reasoning(&mut self) {
        if self.in_reasoning {
            let mut err = std::io::stderr().lock();
            if self.dim {
                let _ = crossterm::queue!(err, SetAttribute(Attribute::Reset));
            }
            let _ = err.write_all(b"\n");
            let _ = err.flush();
            self.in_reasoning = false;
        }
    }

    /// Ends the answer with a newline, so the shell prompt starts on its own
    /// line, and leaves stderr's styles as they were (dim reasoning ends).
    pub fn end_line(&mut self) {
        if let Some(rest) = self.md.as_mut().map(super::mdstream::MdStream::finish)
            && !rest.is_empty()
            && self.failed.is_none()
        {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(rest.as_bytes()).and_then(|()| out.flush());
            // A closing reset is not text: the line's end is what went before.
            if let Some(c) = rest.trim_end_matches("\x1b[0m").chars().last() {
                self.last_char = Some(c);
            }
        }
        self.leave_reasoning();
        if std::mem::take(&mut self.asking) {
            let _ = writeln!(std::io::stderr());
        }
        if self.wrote_text && self.last_char != Some('\n') && self.failed.is_none() {
            let mut out = std::io::stdout().lock();
            if let Err(e) = out.write_all(b"\n").and_then(|()| out.flush()) {
                self.failed = Some(e);
            }
            self.last_char = Some('\n');
        }
    }

    /// Why the answer could not be written, if it could not.
    pub fn write_error(&self) -> Option<&std::io::Error> {
        self.failed.as_ref()
    }
}
