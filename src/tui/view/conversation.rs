//! The conversation pane. Scrolling is anchored at the bottom, so a frame
//! wraps only the cells it shows (from the newest up), whatever the length of
//! the conversation. Finished cells keep their wrapped lines per (revision,
//! width); the live reply re-renders only its growing tail. Lines are drawn
//! by reference: a frame copies nothing but what it draws.

use crate::tui::theme::Theme;
use std::collections::HashMap;
use std::time::Instant;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::app::{App, Scroll, ViewReport};
use crate::tui::cells::{Cell, CellKind, LiveReply, count_words};
use crate::tui::render::stream::{StreamMarkdown, wrap_all};
use crate::tui::render::wrap::{StyledLine, Wrap, width as text_width, wrap_line};
use supchat_chat::text::{sanitize, sanitize_line, visible, visible_line};
use supchat_chat::{AssistantEntry, EntryKind};
use supchat_core::config::commands::Action;

/// Width of the label column ("you", "ai").
pub const GUTTER: usize = 6;
const SPINNER: &[&str] = &["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

struct Cached {
    rev: u64,
    width: usize,
    label: Span<'static>,
    lines: Vec<Line<'static>>,
}

/// Live rendering state of the reply that is streaming.
struct Live {
    id: u64,
    head: Vec<Line<'static>>,
    reasoning: StreamMarkdown,
    show_reasoning: bool,
    /// A blank line between the reasoning and the answer.
    foot_gap: bool,
    text: StreamMarkdown,
    foot: Vec<Line<'static>>,
}

impl Default for Live {
    fn default() -> Self {
        Self::new(0, Theme::default())
    }
}

impl Live {
    fn new(id: u64, th: Theme) -> Self {
        Self {
            id,
            head: Vec::new(),
            reasoning: StreamMarkdown::plain(th.reasoning()),
            show_reasoning: false,
            foot_gap: false,
            text: StreamMarkdown::default().with_theme(th),
            foot: Vec::new(),
        }
    }

    fn len(&self) -> usize {
        let r = if self.show_reasoning {
            self.reasoning.len()
        } else {
            0
        };
        self.head.len() + r + usize::from(self.foot_gap) + self.text.len() + self.foot.len()
    }

    fn lines(&self) -> impl Iterator<Item = &Line<'static>> + '_ {
        let reasoning = self
            .show_reasoning
            .then(|| self.reasoning.lines())
            .into_iter()
            .flatten();
        let gap = self.foot_gap.then_some(&BLANK);
        self.head
            .iter()
            .chain(reasoning)
            .chain(gap)
            .chain(self.text.lines())
            .chain(self.foot.iter())
    }
}

static BLANK: Line<'static> = Line {
    style: ratatui::style::Style::new(),
    alignment: None,
    spans: Vec::new(),
};

/// Wrapped lines kept between frames.
#[derive(Default)]
pub struct ViewCache {
    cells: HashMap<u64, Cached>,
    live: Live,
    /// The newest cell and its rows at the last frame, to keep a scrolled-up
    /// view still while that cell grows.
    newest: Option<(u64, usize)>,
    /// The input box as last drawn off screen, and the draft revision it
    /// shows: redrawn only when the draft (or the screen size) changed.
    pub(super) input: Option<(u64, ratatui::buffer::Buffer)>,
}

fn plain_line(text: &str, style: ratatui::style::Style) -> StyledLine {
    StyledLine {
        spans: vec![Span::styled(text.to_owned(), style)],
        wrap: Some(Wrap::Word),
        ..Default::default()
    }
}

fn plain(text: &str, style: ratatui::style::Style, width: usize) -> Vec<Line<'static>> {
    text.split('\n')
        .flat_map(|l| wrap_line(&plain_line(l, style), width))
        .collect()
}

fn label_of(cell: &Cell, th: Theme) -> Span<'static> {
    match &cell.kind {
        CellKind::User(_) => Span::styled("you", th.user()),
        CellKind::Reply(_) => Span::styled("ai", th.assistant()),
        CellKind::Failed(_) => Span::styled("error", th.error_title()),
        CellKind::ToolCall { .. } => Span::styled("tool", th.tool()),
    }
}

/// The live reply, if cell `i` shows it.
fn live_at(app: &App, i: usize) -> Option<&LiveReply> {
    app.live().filter(|l| l.cell == i)
}

impl ViewCache {
    /// Makes sure the lines of cell `i` are ready; returns their count.
    fn prepare(&mut self, app: &App, i: usize, width: usize, now: Instant) -> usize {
        let inner = width.saturating_sub(GUTTER).max(8);
        let cell = &app.cells().list[i];
        if let Some(l) = live_at(app, i) {
            self.prepare_live(app, cell, l, inner, now);
            return self.live.len().max(1);
        }
        let hit = self
            .cells
            .get(&cell.id)
            .is_some_and(|c| c.rev == cell.rev && c.width == width);
        if !hit {
            let lines = render_cell(app, cell, inner);
            self.cells.insert(
                cell.id,
                Cached {
                    rev: cell.rev,
                    width,
                    label: label_of(cell, app.theme()),
                    lines,
                },
            );
        }
        self.cells.get(&cell.id).map_or(1, |c| c.lines.len().max(1))
    }

    fn prepare_live(&mut self, app: &App, cell: &Cell, a: &LiveReply, inner: usize, now: Instant) {
        let th = app.theme();
        if self.live.id != cell.id {
            self.live = Live::new(cell.id, th);
        }
        let entry = cell.entry().and_then(|id| app.conversation().assistant(id));
        let live = &mut self.live;
        live.head.clear();
        live.show_reasoning = false;
        live.foot_gap = false;
        if !a.reasoning.is_empty() {
            if app.reasoning_folded() {
                let took = entry
                    .and_then(|e| e.reasoning_took)
                    .unwrap_or_else(|| now.saturating_duration_since(a.started));
                live.head.push(folded_reasoning(
                    a.reasoning_words,
                    took,
                    &app.key(Action::Reasoning),
                    th,
                ));
            } else {
                live.head
                    .push(Line::from(Span::styled("▾ reasoning", th.dim())));
                live.reasoning.update(&a.reasoning, inner, 0);
                live.show_reasoning = true;
            }
        }
        live.text.update(&a.text, inner, a.generation);
        // A blank line between the reasoning and the answer.
        if !a.reasoning.is_empty() && !live.text.is_empty() {
            live.foot_gap = true;
        }
        live.foot.clear();
        match entry {
            Some(e) => live.foot.extend(tool_lines(e, inner, th)),
            None => {
                let elapsed = now.saturating_duration_since(a.started);
                let frame = (elapsed.as_millis() / 100) as usize % SPINNER.len();
                live.foot.push(Line::from(Span::styled(
                    format!(
                        "{} waiting for {}… {:.1}s",
                        SPINNER[frame],
                        sanitize_line(&a.source),
                        elapsed.as_secs_f64()
                    ),
                    th.dim(),
                )));
            }
        }
    }

    /// Draws the visible window of the conversation and reports what it
    /// measured of the conversation's extent.
    pub fn draw(&mut self, app: &App, full: Rect, buf: &mut Buffer, now: Instant) -> ViewReport {
        let th = app.theme();
        // A reply that ended is drawn from its cell: what was built while it
        // streamed goes (it is as big as the reply).
        if app.live().is_none() && self.live.id != 0 {
            self.live = Live::default();
        }
        let mut scroll = app.scroll();
        let width = full.width as usize;
        let grew = self.newest_growth(app, width, now);
        let jumped = scroll.to_cell.map(|cell| {
            let cell = cell.min(app.cells().list.len());
            let top: usize = (0..cell).map(|j| self.rows_of(app, j, width, now)).sum();
            scroll.from_top = Some(top);
            top
        });
        // Scrolled up, the last row is the "more below" marker's own, so it
        // never covers a line of the conversation.
        let marked_area = Rect {
            height: full.height.saturating_sub(1),
            ..full
        };
        let mut from_top = scroll
            .from_top
            .filter(|_| full.height > 2)
            .map(|top| self.window_from_top(app, width, marked_area.height as usize, top, now));
        // Anchored at the top with the end in view but rows left blank
        // below (a jump to one of the last cells, a turn deleted): the end
        // goes to the bottom instead, in this very frame.
        let bottomed = from_top
            .as_ref()
            .is_some_and(|(_, _, r)| r.reached_end && r.blank_below > 0);
        if bottomed {
            from_top = None;
            scroll = Scroll::default();
        }
        let marked = !scroll.following() && full.height > 2;
        let area = if marked { marked_area } else { full };
        let rows = area.height as usize;
        let (shown, skip, mut report) = match from_top {
            Some(w) => w,
            None => self.window_from_bottom(app, width, rows, scroll.from_bottom + grew, now),
        };
        if scroll.from_top.is_none() && scroll.from_bottom > 0 {
            report.grew = grew;
        }
        // The app follows the end from now on.
        report.reached_end |= bottomed;
        report.top = jumped;
        self.paint(app, area, buf, &shown, skip);
        if marked && !report.reached_end {
            let note = match scroll.from_top {
                Some(_) => " ↓ more below · End follows ".to_owned(),
                // As far as the view could go (the app clamps its scroll
                // to this after the frame).
                None => {
                    let rows = report
                        .max_from_bottom
                        .map_or(scroll.from_bottom, |m| scroll.from_bottom.min(m));
                    format!(" ↓ {rows} more rows · End follows ")
                }
            };
            let w = text_width(&note) as u16;
            if w < full.width {
                let line = Line::from(Span::styled(note, th.selected()));
                buf.set_line(full.right() - w, full.bottom() - 1, &line, w);
            }
        }
        report
    }

    /// Rows of cell `i` on screen, the gap line before it included.
    fn rows_of(&mut self, app: &App, i: usize, width: usize, now: Instant) -> usize {
        self.prepare(app, i, width, now) + usize::from(i > 0)
    }

    /// Rows the newest cell gained since the last frame while the view was
    /// scrolled up (0 when following, or when the newest cell is another).
    fn newest_growth(&mut self, app: &App, width: usize, now: Instant) -> usize {
        let Some(last) = app.cells().list.len().checked_sub(1) else {
            self.newest = None;
            return 0;
        };
        let id = app.cells().list[last].id;
        let rows = self.rows_of(app, last, width, now);
        let grew = match self.newest {
            Some((prev_id, prev_rows)) if prev_id == id && !app.scroll().following() => {
                rows.saturating_sub(prev_rows)
            }
            _ => 0,
        };
        self.newest = Some((id, rows));
        grew
    }

    /// The newest cells, up to the window: (cell, rows) top to bottom, and
    /// the rows to skip at the top. `from_bottom` rows are left below.
    fn window_from_bottom(
        &mut self,
        app: &App,
        width: usize,
        rows: usize,
        from_bottom: usize,
        now: Instant,
    ) -> (Vec<(usize, usize)>, usize, ViewReport) {
        let need = from_bottom + rows;
        let mut shown = Vec::new();
        let mut total = 0;
        let mut reached_top = true;
        for i in (0..app.cells().list.len()).rev() {
            if total >= need {
                reached_top = false;
                break;
            }
            let h = self.rows_of(app, i, width, now);
            total += h;
            shown.push((i, h));
        }
        shown.reverse();
        let report = ViewReport {
            max_from_bottom: reached_top.then(|| total.saturating_sub(rows)),
            ..ViewReport::default()
        };
        (shown, total.saturating_sub(need), report)
    }

    /// The oldest cells from `top` rows down, for the window.
    fn window_from_top(
        &mut self,
        app: &App,
        width: usize,
        rows: usize,
        top: usize,
        now: Instant,
    ) -> (Vec<(usize, usize)>, usize, ViewReport) {
        let mut shown = Vec::new();
        let mut above = 0;
        let mut filled = 0;
        let n = app.cells().list.len();
        let mut i = 0;
        while i < n && filled < rows {
            let h = self.rows_of(app, i, width, now);
            if above + h <= top && shown.is_empty() {
                above += h;
            } else {
                if shown.is_empty() {
                    filled = above + h - top;
                } else {
                    filled += h;
                }
                shown.push((i, h));
            }
            i += 1;
        }
        let reached_end = i == n && filled <= rows;
        let report = ViewReport {
            reached_end,
            blank_below: if reached_end { rows - filled } else { 0 },
            ..ViewReport::default()
        };
        (shown, top.saturating_sub(above), report)
    }

    fn paint(
        &self,
        app: &App,
        area: Rect,
        buf: &mut Buffer,
        shown: &[(usize, usize)],
        mut skip: usize,
    ) {
        let th = app.theme();
        let mut y = area.y;
        let bottom = area.y + area.height;
        let content_x = area.x + GUTTER as u16;
        let content_w = area.width.saturating_sub(GUTTER as u16);
        for &(i, rows) in shown {
            if y >= bottom {
                break;
            }
            // Cells wholly above the window are passed over without a look.
            if skip >= rows {
                skip -= rows;
                continue;
            }
            let cell = &app.cells().list[i];
            let live = live_at(app, i).is_some();
            let (label, lines): (Span<'static>, Box<dyn Iterator<Item = &Line<'static>>>) = if live
            {
                (label_of(cell, th), Box::new(self.live.lines()))
            } else {
                match self.cells.get(&cell.id) {
                    Some(c) => (c.label.clone(), Box::new(c.lines.iter())),
                    None => continue,
                }
            };
            let gap = usize::from(i > 0);
            let start = std::mem::take(&mut skip);
            if gap == 1 && start == 0 {
                y += 1; // the blank line between cells
            }
            // Skipping reaches into a long cell by `nth` (O(1) over slices),
            // never line by line.
            let mut lines = lines;
            let first = start.saturating_sub(gap);
            if first > 0 && lines.nth(first - 1).is_none() {
                continue;
            }
            for (k, l) in lines.enumerate() {
                if y >= bottom {
                    break;
                }
                if first + k == 0 {
                    if app.selected() == Some(i) {
                        let l = Span::styled(label.content.clone(), th.found());
                        buf.set_span(area.x, y, &l, GUTTER as u16 - 1);
                    } else {
                        buf.set_span(area.x, y, &label, GUTTER as u16 - 1);
                    }
                }
                buf.set_line(content_x, y, l, content_w);
                if let Some(q) = app.highlight() {
                    mark_matches(buf, content_x, y, content_w, l, q, th);
                }
                y += 1;
            }
        }
    }

    /// Forgets cells that no longer exist (see [`mark_matches`] below).
    pub fn retain(&mut self, ids: impl Iterator<Item = u64>) {
        let keep: std::collections::HashSet<u64> = ids.collect();
        self.cells.retain(|id, _| keep.contains(id));
    }
}

/// Highlights every match of `query` (any case) in the drawn row `line`.
fn mark_matches(
    buf: &mut Buffer,
    x0: u16,
    y: u16,
    w: u16,
    line: &Line<'_>,
    query: &str,
    th: Theme,
) {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let lower = text.to_lowercase();
    let q = query.to_lowercase();
    // Lowercasing can change lengths (rare letters); then nothing is marked
    // rather than the wrong cells.
    if q.is_empty() || lower.len() != text.len() {
        return;
    }
    let style = th.found();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(&q) {
        let start = from + pos;
        let end = start + q.len();
        let col = text_width(&text[..start]) as u16;
        let len = text_width(&text[start..end]) as u16;
        for dx in col..(col + len).min(w) {
            if let Some(cell) = buf.cell_mut((x0 + dx, y)) {
                cell.set_style(style);
            }
        }
        from = end;
    }
}

fn folded_reasoning(
    words: usize,
    took: std::time::Duration,
    key: &str,
    th: Theme,
) -> Line<'static> {
    Line::from(Span::styled(
        format!(
            "▸ reasoning: {words} word{}, {:.1}s ({key} shows it)",
            if words == 1 { "" } else { "s" },
            took.as_secs_f64()
        ),
        th.dim(),
    ))
}

/// Messages longer than this many lines (a paste, mostly) are shown folded.
const LONG_MESSAGE: usize = 12;
/// The lines a folded message shows.
const FOLDED_SHOWS: usize = 4;

/// A message of yours: whole, or a long one folded to its start and a line
/// saying how much is hidden (Ctrl+L shows every long message whole).
fn user_lines(app: &App, text: &str, inner: usize) -> Vec<Line<'static>> {
    let th = app.theme();
    let clean = sanitize(text);
    let count = clean.lines().count();
    if count <= LONG_MESSAGE || app.long_messages_open() {
        return plain(&clean, th.base(), inner);
    }
    let head: Vec<&str> = clean.lines().take(FOLDED_SHOWS).collect();
    let mut out = plain(&head.join("\n"), th.base(), inner);
    let chars = clean.chars().count();
    out.push(Line::from(Span::styled(
        format!(
            "▸ {} more lines ({count} in all, {chars} characters) · {} shows them",
            count - FOLDED_SHOWS,
            app.key(Action::Long)
        ),
        th.dim(),
    )));
    out
}

/// The files attached to a message, one chip each: `📎 notes.txt · 1.2 KiB`.
fn attachment_chips(
    files: &[supchat_chat::Attachment],
    inner: usize,
    th: Theme,
) -> Vec<Line<'static>> {
    if files.is_empty() {
        return Vec::new();
    }
    let size = |b: u64| {
        if b >= 1024 * 1024 {
            format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0))
        } else if b >= 1024 {
            format!("{:.1} KiB", b as f64 / 1024.0)
        } else {
            format!("{b} B")
        }
    };
    let chips: Vec<String> = files
        .iter()
        .map(|f| {
            let icon = if f.is_image() { "📷" } else { "📎" };
            format!("{icon} {} · {}", visible_line(&f.name), size(f.bytes))
        })
        .collect();
    plain(&chips.join("   "), th.accent(), inner)
}

/// Who answered and how fast: `— Supage · claude-sonnet-4-6 · 2.1s · 85 tok/s`.
/// The model is the one the server reported, when it said which.
fn signature(a: &AssistantEntry) -> String {
    let label = match &a.reply.model {
        Some(m) if *m != a.answerer.model => {
            format!(
                "{} · {m}",
                supchat_core::config::display_name(&a.answerer.provider)
            )
        }
        _ => a.answerer.label(),
    };
    let mut parts = vec![format!("— {}", sanitize_line(&label))];
    if let Some(s) = &a.stats {
        if !s.duration.is_zero() {
            parts.push(format!("{:.1}s", s.duration.as_secs_f64()));
        }
        if let Some(r) = s.tokens_per_sec {
            parts.push(format!(
                "{}{r:.0} tok/s",
                if s.estimated { "~" } else { "" }
            ));
        }
    }
    parts.join(" · ")
}

/// Rows of a call's arguments shown while they stream (the end of them).
const LIVE_ARGS_ROWS: usize = 8;

/// The calls of a reply being written, as they arrive: each by its name,
/// with the end of its arguments so far.
fn tool_lines(a: &AssistantEntry, inner: usize, th: Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for call in a.reply.tool_calls.iter().filter(|c| !c.name.is_empty()) {
        out.extend(plain(
            &format!("⚙ {}", visible_line(&call.name)),
            th.tool(),
            inner,
        ));
        // Only the tail is wrapped: arguments may run to many kilobytes.
        let tail_from = call
            .arguments
            .len()
            .saturating_sub(LIVE_ARGS_ROWS * inner * 4);
        let mut from = tail_from;
        while !call.arguments.is_char_boundary(from) {
            from += 1;
        }
        let rows = plain(&visible(&call.arguments[from..]), th.dim(), inner);
        let skip = rows.len().saturating_sub(LIVE_ARGS_ROWS);
        if skip > 0 || from > 0 {
            // Bytes, not characters: counting would scan it all every frame.
            let kib = call.arguments.len().div_ceil(1024);
            out.push(Line::from(Span::styled(
                format!("… {kib} KiB so far"),
                th.dim(),
            )));
        }
        out.extend(rows.into_iter().skip(skip));
    }
    out
}

/// A finished reply: reasoning (or its folded line), the answer, the Sup.ai
/// run summary, why it stopped if not normally, and who answered.
fn reply_lines(app: &App, a: &AssistantEntry, inner: usize) -> Vec<Line<'static>> {
    let th = app.theme();
    let mut body = Vec::new();
    let reasoning = sanitize(&a.reply.reasoning);
    let text = sanitize(&a.reply.text);
    if !reasoning.is_empty() {
        if app.reasoning_folded() {
            let took = a.reasoning_took.unwrap_or_default();
            body.push(folded_reasoning(
                count_words(&reasoning),
                took,
                &app.key(Action::Reasoning),
                th,
            ));
        } else {
            body.push(Line::from(Span::styled("▾ reasoning", th.dim())));
            body.extend(plain(&reasoning, th.reasoning(), inner));
        }
        if !text.is_empty() {
            body.push(Line::default());
        }
    }
    body.extend(wrap_all(&text, inner, th));
    if !a.reply.supai.is_empty() {
        body.extend(plain(
            &super::supai::summary(&a.reply.supai),
            th.dim(),
            inner,
        ));
    }
    if let Some(note) = a.end_note() {
        let (mark, style) = if note.is_warning() {
            ("⚠", th.warning())
        } else {
            ("⊘", th.dim())
        };
        body.extend(plain(&sanitize(&format!("{mark} {note}")), style, inner));
    }
    body.extend(plain(&signature(a), th.dim(), inner));
    body
}

/// Lines of a tool's output shown while folded.
const TOOL_OUTPUT_SHOWS: usize = 6;

/// The `index`th call of a reply: its name, its arguments as indented JSON
/// when they parse, what became of it, and its output (folded to its first
/// lines unless Ctrl+L shows long things whole).
fn tool_call_lines(
    app: &App,
    reply: supchat_chat::EntryId,
    index: usize,
    inner: usize,
) -> Vec<Line<'static>> {
    let th = app.theme();
    let conv = app.conversation();
    let Some(call) = conv
        .assistant(reply)
        .and_then(|a| a.reply.finished_tool_calls().into_iter().nth(index))
    else {
        return Vec::new();
    };
    // Exactly what the model asked for: anything invisible is escaped.
    let mut body = plain(&format!("⚙ {}", visible_line(&call.name)), th.tool(), inner);
    let pretty = serde_json::from_str::<serde_json::Value>(&call.arguments)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| call.arguments.clone());
    body.extend(plain(&visible(&pretty), th.base(), inner));
    let pending = app
        .tool_batch()
        .filter(|b| b.reply == reply)
        .and_then(|b| b.state_of(&call.id));
    let result = conv.tool_result(reply, &call.id).or(match pending {
        Some(supchat_core::tools::State::Finished(r)) => Some(r),
        _ => None,
    });
    let Some(r) = result else {
        let status = match pending {
            Some(supchat_core::tools::State::Asking) => {
                "… waiting for your answer: y runs it, n declines, a always".to_owned()
            }
            Some(
                supchat_core::tools::State::Approved(_) | supchat_core::tools::State::Running(_),
            ) => "… running".to_owned(),
            _ if app.tools_offered() => {
                "no result: the turn ended (or supchat stopped) before this call had one".to_owned()
            }
            _ => "not run: no tools are configured ([[tools]] and enabled_tools in the config)"
                .to_owned(),
        };
        body.extend(plain(&status, th.dim(), inner));
        return body;
    };
    let clean = sanitize(&r.content);
    let lines = clean.lines().count();
    let chars = clean.chars().count();
    let how = r
        .approval
        .map(|a| format!(" · {}", a.describe()))
        .unwrap_or_default();
    let (mark, style) = if r.is_error {
        ("✗", th.warning())
    } else {
        ("✓", th.dim())
    };
    let size = format!(
        "{lines} line{}, {chars} character{}",
        if lines == 1 { "" } else { "s" },
        if chars == 1 { "" } else { "s" }
    );
    let size = if r.content == supchat_core::tools::NO_OUTPUT {
        "no output".to_owned()
    } else {
        size
    };
    body.extend(plain(&format!("{mark} {size}{how}"), style, inner));
    if r.content == supchat_core::tools::NO_OUTPUT {
        return body;
    }
    let open = app.long_messages_open() || lines <= TOOL_OUTPUT_SHOWS + 1;
    let shown: Vec<&str> = if open {
        clean.lines().collect()
    } else {
        clean.lines().take(TOOL_OUTPUT_SHOWS).collect()
    };
    for l in shown {
        body.extend(wrap_line(
            &StyledLine {
                prefix: vec![Span::styled("│ ", th.border())],
                cont_prefix: vec![Span::styled("│ ", th.border())],
                spans: vec![Span::styled(l.to_owned(), th.dim())],
                wrap: Some(Wrap::Hard),
                ..Default::default()
            },
            inner,
        ));
    }
    if !open {
        body.push(Line::from(Span::styled(
            format!(
                "▸ {} more lines · {} shows them",
                lines - TOOL_OUTPUT_SHOWS,
                app.key(Action::Long)
            ),
            th.dim(),
        )));
    }
    body
}

fn render_cell(app: &App, cell: &Cell, inner: usize) -> Vec<Line<'static>> {
    let th = app.theme();
    let mut body = render_cell_body(app, cell, inner);
    // An earlier answer, or a message of an earlier branch: shown dimmed,
    // and said to be no longer sent.
    if let Some(id) = cell.entry()
        && matches!(cell.kind, CellKind::User(_) | CellKind::Reply(Some(_)))
        && app.superseded(id)
    {
        for l in &mut body {
            for s in &mut l.spans {
                s.style = s.style.add_modifier(ratatui::style::Modifier::DIM);
            }
        }
        body.insert(
            0,
            Line::from(Span::styled(
                "⤷ not sent any more: a retry or an edit replaced it",
                th.dim(),
            )),
        );
    }
    body
}

fn render_cell_body(app: &App, cell: &Cell, inner: usize) -> Vec<Line<'static>> {
    let th = app.theme();
    let conv = app.conversation();
    let entry = cell.entry().and_then(|id| conv.get(id));
    match (&cell.kind, entry.map(|e| &e.kind)) {
        (
            CellKind::User(_),
            Some(EntryKind::User {
                text,
                attachments,
                edit_of,
            }),
        ) => {
            let mut body = Vec::new();
            if edit_of.is_some() {
                body.extend(plain(
                    "✎ an edit of an earlier message: the conversation goes on from here (the earlier branch stays above)",
                    th.dim(),
                    inner,
                ));
            }
            body.extend(user_lines(app, text, inner));
            body.extend(attachment_chips(attachments, inner, th));
            body
        }
        (CellKind::Reply(_), Some(EntryKind::Assistant(a))) => reply_lines(app, a, inner),
        (CellKind::Failed(_), Some(EntryKind::FailedSend(f))) => {
            let mut body = plain(f.title(), th.error_title(), inner);
            body.extend(plain(&sanitize(&f.error), th.error(), inner));
            body
        }
        (CellKind::ToolCall { reply, index }, _) => tool_call_lines(app, *reply, *index, inner),
        _ => Vec::new(),
    }
}
