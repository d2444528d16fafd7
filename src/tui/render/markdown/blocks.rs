//! The blocks that are laid out, not just wrapped: code in a frame (a
//! gutter, highlighted lines), and tables fitted to the width.

use pulldown_cmark::Alignment;
use ratatui::style::Modifier;
use ratatui::text::Span;

use super::super::highlight::highlight;
use super::super::wrap::{StyledLine, Wrap, width, wrap_line};
use super::{Renderer, Table};
use crate::tui::theme::Theme;

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
pub(super) fn cap_prefix(
    mut spans: Vec<Span<'static>>,
    limit: usize,
    th: Theme,
) -> Vec<Span<'static>> {
    if spans_width(&spans) <= limit {
        return spans;
    }
    while spans.len() > 1 && spans_width(&spans) + 2 > limit {
        spans.remove(0);
    }
    spans.insert(0, Span::styled("┆ ", th.quote()));
    spans
}

pub(super) fn spans_width(spans: &[Span<'_>]) -> usize {
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

impl Renderer {
    pub(super) fn code_block(&mut self, lang: &str, code: &str) {
        self.gap_line();
        let (prefix, _) = self.prefixes();
        let frame = CodeFrame::new(&prefix, lang, self.th);
        self.out.push(frame.head.clone());
        for spans in highlight(code, lang, self.th) {
            self.out.push(frame.line(spans));
        }
        self.out.push(frame.foot.clone());
    }

    pub(super) fn table_lines(&mut self, t: Table) {
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
    pub(super) fn table_rows(
        &mut self,
        t: &Table,
        prefix: &[Span<'static>],
        widths: &[usize],
        wrap: Wrap,
    ) {
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
