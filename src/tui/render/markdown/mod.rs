//! Markdown to styled logical lines (wrapped later, per width): headings,
//! emphasis, strikethrough, lists (nested, ordered, tasks), block quotes,
//! tables, links, inline code, rules and fenced code with highlighting.
//! The input is already free of terminal control sequences.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;

mod blocks;

use blocks::cap_prefix;
pub use blocks::{CodeFrame, fit_columns};

use super::wrap::{StyledLine, Wrap, width};
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
}

#[cfg(test)]
mod tests;
