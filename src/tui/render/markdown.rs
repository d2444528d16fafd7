//! Markdown to styled logical lines (wrapped later, per width): headings,
//! emphasis, strikethrough, lists (nested, ordered, tasks), block quotes,
//! tables, links, inline code, rules and fenced code with highlighting.
//! The input is already free of terminal control sequences.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;

use super::highlight::highlight;
use super::wrap::{StyledLine, Wrap, width, wrap_line};
use crate::tui::theme::Theme;

/// Renders a markdown document into logical lines, for a view `width`
/// cells wide (tables are laid out to fit it; everything else is wrapped
/// later).
pub fn render(src: &str, width: usize, th: Theme) -> Vec<StyledLine> {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    let mut r = Renderer {
        width,
        th,
        ..Renderer::default()
    };
    for ev in Parser::new_ext(src, opts) {
        r.on_event(ev);
    }
    r.flush();
    while r
        .out
        .last()
        .is_some_and(|l| l.spans.is_empty() && l.prefix.iter().all(|s| s.content.trim().is_empty()))
    {
        r.out.pop();
    }
    r.out
}

/// The fenced and indented code blocks of a document: (language, code).
pub fn code_blocks(src: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut cur: Option<(String, String)> = None;
    for ev in Parser::new_ext(src, Options::empty()) {
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => {
                        l.split_whitespace().next().unwrap_or("").to_owned()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                cur = Some((lang, String::new()));
            }
            Event::Text(t) => {
                if let Some((_, code)) = cur.as_mut() {
                    code.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => out.extend(cur.take()),
            _ => {}
        }
    }
    out
}

#[derive(Debug)]
enum Container {
    Quote,
    List(Option<u64>),
    /// A list item; `marker` is drawn on its first line only.
    Item {
        marker: String,
        used: bool,
    },
}

#[derive(Debug, Default)]
struct Table {
    align: Vec<Alignment>,
    rows: Vec<Vec<Vec<Span<'static>>>>,
    cell: Vec<Span<'static>>,
    row: Vec<Vec<Span<'static>>>,
    header_rows: usize,
}

#[derive(Default)]
struct Renderer {
    out: Vec<StyledLine>,
    spans: Vec<Span<'static>>,
    styles: Vec<Style>,
    containers: Vec<Container>,
    /// A blank line is due before the next block.
    gap: bool,
    code: Option<(String, String)>,
    table: Option<Table>,
    link: Option<String>,
    heading: Option<HeadingLevel>,
    /// The view's width in cells.
    width: usize,
    th: Theme,
}

impl Renderer {
    fn style(&self) -> Style {
        self.styles
            .iter()
            .fold(Style::default(), |a, s| a.patch(*s))
    }

    fn push_text(&mut self, text: &str, style: Style) {
        if let Some(t) = self.table.as_mut() {
            t.cell.push(Span::styled(text.to_owned(), style));
        } else {
            self.spans.push(Span::styled(text.to_owned(), style));
        }
    }

    /// Prefixes for the next line: quote bars and list markers.
    fn prefixes(&mut self) -> (Vec<Span<'static>>, Vec<Span<'static>>) {
        let mut first = Vec::new();
        let mut cont = Vec::new();
        for c in &mut self.containers {
            match c {
                Container::Quote => {
                    first.push(Span::styled("│ ", self.th.quote()));
                    cont.push(Span::styled("│ ", self.th.quote()));
                }
                Container::List(_) => {}
                Container::Item { marker, used } => {
                    let pad = " ".repeat(width(marker));
                    if *used {
                        first.push(Span::raw(pad.clone()));
                    } else {
                        first.push(Span::styled(marker.clone(), self.th.accent()));
                        *used = true;
                    }
                    cont.push(Span::raw(pad));
                }
            }
        }
        let limit = self.prefix_limit();
        (
            cap_prefix(first, limit, self.th),
            cap_prefix(cont, limit, self.th),
        )
    }

    /// The most cells quote bars and list indents may take: a third of the
    /// view, so that deep nesting never leaves text a column wide (and a
    /// reply's rows, each with its prefix, grow with the text, not with
    /// text × depth).
    fn prefix_limit(&self) -> usize {
        (self.width / 3).max(4)
    }

    fn gap_line(&mut self) {
        if self.gap && !self.out.is_empty() {
            let bars: Vec<Span<'static>> = self
                .containers
                .iter()
                .filter(|c| matches!(c, Container::Quote))
                .map(|_| Span::styled("│ ", self.th.quote()))
                .collect();
            let bars = cap_prefix(bars, self.prefix_limit(), self.th);
            self.out.push(StyledLine {
                prefix: bars,
                ..Default::default()
            });
        }
        self.gap = false;
    }

    /// Ends the current line of inline text, if any.
    fn flush(&mut self) {
        if self.spans.is_empty() {
            return;
        }
        self.gap_line();
        let (prefix, cont_prefix) = self.prefixes();
        let spans = std::mem::take(&mut self.spans);
        self.out.push(StyledLine {
            prefix,
            cont_prefix,
            spans,
            wrap: Some(Wrap::Word),
            line_style: None,
        });
    }

    fn on_event(&mut self, ev: Event<'_>) {
        match ev {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                if let Some((_, buf)) = self.code.as_mut() {
                    buf.push_str(&t);
                } else {
                    let st = self.style();
                    self.push_text(&t, st);
                }
            }
            Event::Code(t) => {
                let st = self.style().patch(self.th.inline_code());
                self.push_text(&t, st);
            }
            // Models mean their single newlines (verse, addresses, steps):
            // a soft break is kept as a line break, as chat UIs do.
            Event::SoftBreak | Event::HardBreak => self.flush(),
            Event::Rule => {
                self.flush();
                self.gap_line();
                self.out.push(StyledLine {
                    spans: vec![Span::styled("─".repeat(40), self.th.dim())],
                    wrap: None,
                    ..Default::default()
                });
                self.gap = true;
            }
            Event::TaskListMarker(done) => {
                let mark = if done { "[x] " } else { "[ ] " };
                self.push_text(mark, self.th.accent());
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                let st = self.style().patch(self.th.dim());
                self.push_text(t.trim_end_matches('\n'), st);
            }
            Event::FootnoteReference(t) => self.push_text(&format!("[{t}]"), self.th.dim()),
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.push_text(&t, self.th.inline_code());
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {}
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = Some(level);
                let mut st = self.th.heading();
                if level == HeadingLevel::H1 {
                    st = st.add_modifier(Modifier::UNDERLINED);
                }
                self.styles.push(st);
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.gap_line();
                self.containers.push(Container::Quote);
            }
            Tag::CodeBlock(kind) => {
                self.flush();
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Tag::List(start) => {
                self.flush();
                if !self
                    .containers
                    .iter()
                    .any(|c| matches!(c, Container::Item { .. }))
                {
                    self.gap_line();
                }
                self.containers.push(Container::List(start));
            }
            Tag::Item => {
                self.flush();
                let marker = match self.containers.last_mut() {
                    Some(Container::List(Some(n))) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "• ".to_owned(),
                };
                self.containers.push(Container::Item {
                    marker,
                    used: false,
                });
            }
            Tag::Emphasis => self
                .styles
                .push(Style::default().add_modifier(Modifier::ITALIC)),
            Tag::Strong => self
                .styles
                .push(Style::default().add_modifier(Modifier::BOLD)),
            Tag::Strikethrough => self
                .styles
                .push(Style::default().add_modifier(Modifier::CROSSED_OUT)),
            Tag::Link { dest_url, .. } => {
                self.link = Some(dest_url.to_string());
                self.styles.push(self.th.link());
            }
            Tag::Image { dest_url, .. } => {
                self.push_text("[image: ", self.th.dim());
                self.link = Some(dest_url.to_string());
            }
            Tag::Table(align) => {
                self.flush();
                self.table = Some(Table {
                    align,
                    ..Default::default()
                });
            }
            Tag::TableHead | Tag::TableRow | Tag::TableCell => {}
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.flush();
                self.gap = true;
            }
            TagEnd::Heading(_) => {
                self.flush();
                self.styles.pop();
                self.heading = None;
                self.gap = true;
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.containers.pop();
                self.gap = true;
            }
            TagEnd::CodeBlock => {
                if let Some((lang, code)) = self.code.take() {
                    self.code_block(&lang, &code);
                }
                self.gap = true;
            }
            TagEnd::List(_) => {
                self.flush();
                self.containers.pop();
                self.gap = true;
            }
            TagEnd::Item => {
                self.flush();
                self.containers.pop();
                // Items of a tight list follow each other without a gap.
                self.gap = false;
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.styles.pop();
            }
            TagEnd::Link => {
                self.styles.pop();
                self.link_target();
            }
            TagEnd::Image => {
                self.link_target();
                self.push_text("]", self.th.dim());
            }
            TagEnd::TableCell => {
                if let Some(t) = self.table.as_mut() {
                    let cell = std::mem::take(&mut t.cell);
                    t.row.push(cell);
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                    if tag == TagEnd::TableHead {
                        t.header_rows = t.rows.len();
                    }
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.table_lines(t);
                }
                self.gap = true;
            }
            _ => {}
        }
    }

    fn link_target(&mut self) {
        if let Some(url) = self.link.take() {
            let shown: String = self
                .spans
                .iter()
                .rev()
                .take(1)
                .map(|s| s.content.to_string())
                .collect();
            if !url.is_empty() && shown != url && !url.starts_with('#') {
                self.push_text(&format!(" ({url})"), self.th.dim());
            }
        }
    }

    fn code_block(&mut self, lang: &str, code: &str) {
        self.gap_line();
        let (prefix, _) = self.prefixes();
        let frame = CodeFrame::new(&prefix, lang, self.th);
        self.out.push(frame.head.clone());
        for spans in highlight(code, lang, self.th) {
            self.out.push(frame.line(spans));
        }
        self.out.push(frame.foot.clone());
    }

    fn table_lines(&mut self, t: Table) {
        self.gap_line();
        let (prefix, _) = self.prefixes();
        let cols = t.rows.iter().map(Vec::len).max().unwrap_or(0);
        if cols == 0 {
            return;
        }
        let natural: Vec<usize> = (0..cols)
            .map(|i| {
                t.rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(|c| spans_width(c))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        // `│ a │ b │`: two cells of border each side, three between.
        let room = self
            .width
            .saturating_sub(spans_width(&prefix) + 3 * cols + 1);
        let Some(widths) = fit_columns(&natural, room) else {
            // Not even a few cells a column: the table as is, cut hard.
            return self.table_rows(&t, &prefix, &natural, Wrap::Hard);
        };
        self.table_rows(&t, &prefix, &widths, Wrap::Word);
    }

    /// The rows of `t` with columns `widths` wide; a cell wider than its
    /// column wraps inside it (`Wrap::Word`), or the row is cut (`Hard`).
    fn table_rows(&mut self, t: &Table, prefix: &[Span<'static>], widths: &[usize], wrap: Wrap) {
        let border = self.th.border();
        for (ri, row) in t.rows.iter().enumerate() {
            let bold = ri < t.header_rows;
            let cells: Vec<Vec<Vec<Span<'static>>>> = widths
                .iter()
                .enumerate()
                .map(|(ci, w)| {
                    let mut cell = row.get(ci).cloned().unwrap_or_default();
                    if bold {
                        for s in &mut cell {
                            s.style = s.style.add_modifier(Modifier::BOLD);
                        }
                    }
                    if wrap == Wrap::Hard {
                        return vec![cell];
                    }
                    wrap_line(&StyledLine::plain(cell), *w)
                        .into_iter()
                        .map(|l| l.spans)
                        .collect()
                })
                .collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            for line in 0..height {
                let mut spans = Vec::new();
                for (ci, w) in widths.iter().enumerate() {
                    spans.push(Span::styled(if ci == 0 { "│ " } else { " │ " }, border));
                    let part = cells[ci].get(line).cloned().unwrap_or_default();
                    let pad = w.saturating_sub(spans_width(&part));
                    let (left, right) = match t.align.get(ci) {
                        Some(Alignment::Right) => (pad, 0),
                        Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                        _ => (0, pad),
                    };
                    spans.push(Span::raw(" ".repeat(left)));
                    spans.extend(part);
                    spans.push(Span::raw(" ".repeat(right)));
                }
                spans.push(Span::styled(" │", border));
                self.out.push(StyledLine {
                    prefix: prefix.to_vec(),
                    cont_prefix: prefix.to_vec(),
                    spans,
                    wrap: Some(Wrap::Hard),
                    line_style: None,
                });
            }
            if ri + 1 == t.header_rows {
                let rule: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
                self.out.push(StyledLine {
                    prefix: prefix.to_vec(),
                    spans: vec![Span::styled(format!("├{}┤", rule.join("┼")), border)],
                    wrap: Some(Wrap::Hard),
                    ..Default::default()
                });
            }
        }
    }
}

/// How a fenced code block is drawn under a `prefix` (of a list item or a
/// quote): a head naming the language, a gutter before each line (a
/// continuation mark on rows that continue a line too long for the
/// screen, so the wrap is not taken for a line break in the code), a foot.
#[derive(Debug, Clone)]
pub struct CodeFrame {
    pub head: StyledLine,
    gutter: Vec<Span<'static>>,
    cont: Vec<Span<'static>>,
    pub foot: StyledLine,
}

impl CodeFrame {
    pub fn new(prefix: &[Span<'static>], lang: &str, th: Theme) -> Self {
        let label = if lang.trim().is_empty() {
            "code".to_owned()
        } else {
            lang.trim().to_owned()
        };
        let mut head = prefix.to_vec();
        head.push(Span::styled(format!("╭─ {label}"), th.code_gutter()));
        let blank: Vec<Span<'static>> = prefix
            .iter()
            .map(|s| Span::styled(" ".repeat(width(&s.content)), s.style))
            .collect();
        let mut gutter = blank.clone();
        gutter.push(Span::styled("│ ", th.code_gutter()));
        let mut cont = blank.clone();
        cont.push(Span::styled("↪ ", th.code_gutter()));
        let mut foot = blank;
        foot.push(Span::styled("╰─", th.code_gutter()));
        Self {
            head: StyledLine {
                prefix: head,
                wrap: None,
                ..Default::default()
            },
            gutter,
            cont,
            foot: StyledLine {
                prefix: foot,
                wrap: None,
                ..Default::default()
            },
        }
    }

    /// A line of code, highlighted.
    pub fn line(&self, spans: Vec<Span<'static>>) -> StyledLine {
        StyledLine {
            prefix: self.gutter.clone(),
            cont_prefix: self.cont.clone(),
            spans,
            wrap: Some(Wrap::Hard),
            line_style: None,
        }
    }
}

/// `spans` cut to at most `limit` cells: the outermost parts go, and a
/// dotted bar says that some did.
fn cap_prefix(mut spans: Vec<Span<'static>>, limit: usize, th: Theme) -> Vec<Span<'static>> {
    if spans_width(&spans) <= limit {
        return spans;
    }
    while spans.len() > 1 && spans_width(&spans) + 2 > limit {
        spans.remove(0);
    }
    spans.insert(0, Span::styled("┆ ", th.quote()));
    spans
}

fn spans_width(spans: &[Span<'_>]) -> usize {
    spans.iter().map(|s| width(&s.content)).sum()
}

/// Column widths that fit `room` cells: narrow columns keep their width,
/// the room left is shared among the wide ones in proportion to their
/// natural widths. `None` when fewer than a few cells a column would be left.
pub fn fit_columns(natural: &[usize], room: usize) -> Option<Vec<usize>> {
    const MIN: usize = 4;
    if natural.iter().sum::<usize>() <= room {
        return Some(natural.to_vec());
    }
    if room < MIN * natural.len() {
        return None;
    }
    let mut widths = natural.to_vec();
    let mut fixed = vec![false; natural.len()];
    // Columns no wider than an equal share of what is left keep their width.
    loop {
        let open: Vec<usize> = (0..natural.len()).filter(|&i| !fixed[i]).collect();
        let used: usize = (0..natural.len())
            .filter(|&i| fixed[i])
            .map(|i| widths[i])
            .sum();
        let left = room - used;
        let share = left / open.len().max(1);
        let narrow: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&i| natural[i] <= share)
            .collect();
        if narrow.is_empty() {
            let total: usize = open.iter().map(|&i| natural[i]).sum();
            let mut given = 0;
            for (k, &i) in open.iter().enumerate() {
                widths[i] = if k + 1 == open.len() {
                    left.saturating_sub(given).max(1)
                } else {
                    (left * natural[i] / total.max(1)).max(MIN)
                };
                given += widths[i];
            }
            return Some(widths);
        }
        for i in narrow {
            fixed[i] = true;
        }
    }
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
