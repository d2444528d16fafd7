//! `supchat ask` on plain stdout and stderr: the answer to stdout as it
//! streams, reasoning (dimmed on a terminal) and notices on stderr. On a
//! terminal with colour the answer is what the chat screen's renderer makes
//! of it, printed a row at a time as rows settle; elsewhere it is the text
//! as it comes. What the server sent is untrusted: on a terminal its
//! control sequences are removed (unless `--raw` for the answer); notices
//! are always cleaned.
//! Presents the chat session's outputs; decides nothing about the turn.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::sync::Arc;

use tokio::sync::Notify;

use crossterm::style::{Attribute, SetAttribute};
use ratatui::backend::IntoCrossterm;
use ratatui::text::Line;

use super::render::stream::StreamMarkdown;
use super::theme::Theme;

use supchat_chat::Conversation;
use supchat_chat::text::{Sanitizer, sanitize};
use supchat_core::engine::{TurnOver, What};
use supchat_core::session::Out;

pub struct AskPrinter {
    clean_out: Option<Sanitizer>,
    /// The answer rendered as the screen renders it (a terminal, not
    /// `--raw`, colour on).
    md: Option<Rendered>,
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
    /// The answer's text as received and printed (kept to check a reply
    /// asked for again after its stream broke off).
    printed: String,
    /// While a reply asked for again repeats what was printed: how much of
    /// it has come again (nothing is printed until it goes past it).
    replay: Option<usize>,
    /// The reply asked for again began otherwise than what was printed:
    /// the run stops (exit 1).
    diverged: bool,
    /// `printed` holds all that was printed (it is kept up to a bound).
    printed_all: bool,
    /// The answer is not printed (`--json` prints it whole at the end).
    quiet: bool,
}

/// The most of a printed answer kept to check a reply asked for again.
const REPLAY_KEEP: usize = 1 << 20;

impl AskPrinter {
    /// `raw`: the answer as received even on a terminal. `gone` is told
    /// when the answer can no longer be written.
    pub fn new(raw: bool, show_reasoning: bool, gone: Arc<Notify>, theme: Theme) -> Self {
        let tty = std::io::stdout().is_terminal();
        let colour = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Self {
            clean_out: (tty && !raw).then(Sanitizer::new),
            md: (tty && !raw && colour).then(|| Rendered::for_terminal(theme)),
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
            printed: String::new(),
            replay: None,
            diverged: false,
            printed_all: true,
            quiet: false,
        }
    }

    /// Prints no answer on stdout (its reasoning and notices still go to
    /// stderr): for `--json`, which prints it whole once it ended.
    #[must_use]
    pub fn quiet(mut self) -> Self {
        self.quiet = true;
        self.clean_out = None;
        self.md = None;
        self
    }

    /// How the turn ended, once it did.
    pub fn turn_over(&self) -> Option<&TurnOver> {
        self.over.as_ref()
    }

    pub fn present(&mut self, conv: &Conversation, o: &Out) {
        match o {
            Out::Changed(c) => {
                match &c.what {
                    // A new reply (after tool results): what is checked
                    // after a retry is its own text only.
                    What::Added
                        if matches!(
                            conv.get(c.entry).map(|e| &e.kind),
                            Some(supchat_chat::EntryKind::Assistant(_))
                        ) =>
                    {
                        self.printed.clear();
                        self.printed_all = true;
                        self.replay = None;
                    }
                    // Ended while still repeating what was printed: the
                    // reply asked again is shorter than what is shown.
                    What::Ended if self.replay.is_some() => {
                        self.replay = None;
                        self.diverged = true;
                        self.gone.notify_one();
                    }
                    What::Text(t) => self.text(t),
                    // The stream broke off and the reply is asked for again:
                    // what was printed stays, and the new reply must begin with
                    // it (the rest is printed), or the run stops.
                    What::StartedOver if self.printed_all && !self.printed.is_empty() => {
                        self.replay = Some(0);
                        self.note(&supchat_i18n::tr("print-started-over"));
                    }
                    // Nothing printed yet: the new reply is simply printed.
                    What::StartedOver if self.printed_all => {}
                    // Too much was printed to check the new reply against.
                    What::StartedOver => {
                        self.diverged = true;
                        self.gone.notify_one();
                    }
                    What::Reasoning(r) if self.show_reasoning => self.reasoning(r),
                    What::Restarted => {
                        self.end_line();
                        self.note(&supchat_i18n::tr("print-restarted"));
                        if let Some(md) = &mut self.md {
                            md.restart();
                        }
                    }
                    _ => {}
                }
            }
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

    /// The reply asked for again began otherwise than what was printed.
    pub fn diverged(&self) -> bool {
        self.diverged
    }

    /// Of `t`, what is new: none while a reply asked for again repeats
    /// what was printed, the part past it once it goes on.
    fn past_replay<'t>(&mut self, t: &'t str) -> Option<&'t str> {
        let Some(pos) = self.replay else {
            return Some(t);
        };
        let expected = &self.printed[pos..];
        if let Some(rest) = expected.strip_prefix(t) {
            let done = rest.is_empty();
            self.replay = (!done).then_some(pos + t.len());
            return None;
        }
        if let Some(new) = t.strip_prefix(expected) {
            self.replay = None;
            return Some(new);
        }
        self.replay = None;
        self.diverged = true;
        self.gone.notify_one();
        None
    }

    fn text(&mut self, t: &str) {
        let Some(t) = self.past_replay(t) else {
            return;
        };
        if self.diverged {
            return;
        }
        if self.printed.len() + t.len() <= REPLAY_KEEP {
            self.printed.push_str(t);
        } else {
            self.printed_all = false;
        }
        self.leave_reasoning();
        let t = match &mut self.clean_out {
            Some(s) => s.clean(t),
            None => t.to_owned(),
        };
        let t = match &mut self.md {
            Some(m) => m.push(&t),
            None => t,
        };
        if t.is_empty() || self.failed.is_some() || self.quiet {
            return;
        }
        self.wrote_text = true;
        let mut out = std::io::stdout().lock();
        if let Err(e) = out.write_all(t.as_bytes()).and_then(|()| out.flush()) {
            self.failed = Some(e);
            self.gone.notify_one();
        }
        self.last_char = match &self.md {
            Some(_) => Some('\n'),
            None => t.chars().last(),
        };
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
        if let Some(rest) = self.md.as_mut().map(Rendered::finish)
            && !rest.is_empty()
            && self.failed.is_none()
        {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(rest.as_bytes()).and_then(|()| out.flush());
            // Rows are printed whole, each ending its line.
            self.last_char = Some('\n');
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

/// The answer as the chat screen's renderer makes it, for a terminal: rows
/// are printed once, as they settle (a long paragraph a row at a time),
/// the rest when the answer ends. Only the unit being written is kept.
pub struct Rendered {
    md: StreamMarkdown,
    /// The text of the unit being written.
    src: String,
    /// Rows of it already printed.
    printed: usize,
    width: usize,
    generation: u64,
}

impl Rendered {
    /// For the terminal on stdout, at its width.
    fn for_terminal(theme: Theme) -> Self {
        let width = crossterm::terminal::size().map_or(80, |(w, _)| w.max(20));
        Self::new(usize::from(width), theme)
    }

    pub fn new(width: usize, theme: Theme) -> Self {
        Self {
            md: StreamMarkdown::eager().with_theme(theme),
            src: String::new(),
            printed: 0,
            width,
            generation: 0,
        }
    }

    /// The rows `delta` settled, as terminal text.
    pub fn push(&mut self, delta: &str) -> String {
        self.src.push_str(delta);
        self.md.update(&self.src, self.width, self.generation);
        let settled = self.md.settled();
        let out = ansi(self.md.lines().take(settled).skip(self.printed));
        self.printed = settled;
        if self.md.at_boundary() {
            self.md = self.md.continuing();
            self.src.clear();
            self.printed = 0;
        }
        out
    }

    /// The rows not printed yet: the answer ended.
    pub fn finish(&mut self) -> String {
        let out = ansi(self.md.lines().skip(self.printed));
        self.md = self.md.afresh();
        self.src.clear();
        self.printed = 0;
        out
    }

    /// A new answer replaces the one being written (Sup.ai restarted).
    pub fn restart(&mut self) {
        self.generation += 1;
        self.md = self.md.afresh();
        self.src.clear();
        self.printed = 0;
    }
}

/// Rows as terminal text: each span in its style, each row its own line.
fn ansi<'a>(rows: impl Iterator<Item = &'a Line<'static>>) -> String {
    let mut out = String::new();
    for row in rows {
        for span in &row.spans {
            let style = row.style.patch(span.style).into_crossterm();
            let _ = write!(out, "{}", style.apply(span.content.as_ref()));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Terminal text without its styles.
    fn plain(s: &str) -> String {
        supchat_chat::text::sanitize(s)
    }

    #[test]
    fn the_answer_is_printed_a_row_at_a_time_as_the_screen_renders_it() {
        let mut r = Rendered::new(30, Theme::default());
        let mut out = r.push("# Plan\n\nA paragraph that goes on and on ");
        assert_eq!(plain(&out), "Plan\n\n", "a finished unit, not the open one");
        for _ in 0..40 {
            out.push_str(&r.push("and on "));
        }
        // 312 bytes at 30 columns: 11 rows, of which all but about two are
        // printed before the paragraph ends.
        assert!(
            plain(&out).lines().count() >= 2 + 7,
            "a long paragraph is printed before it ends:\n{}",
            plain(&out)
        );
        out.push_str(&r.finish());
        let printed = plain(&out);
        let rows: Vec<&str> = printed.lines().map(str::trim_end).collect();
        let whole = crate::tui::render::stream::wrap_all(
            &format!(
                "# Plan\n\nA paragraph that goes on and on {}",
                "and on ".repeat(40)
            ),
            30,
            crate::tui::theme::Theme::default(),
        );
        let want: Vec<String> = whole
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
            })
            .collect();
        let want: Vec<&str> = want.iter().map(|s| s.trim_end()).collect();
        assert_eq!(rows, want, "row for row what the screen shows");
        assert!(out.contains("\u{1b}["), "in colour");
    }
}
