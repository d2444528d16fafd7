//! Markdown rendering: blocks, inline styles, tables, code and hostile
//! input.

use super::*;
use crate::tui::render::wrap::wrap_line;
use crate::tui::theme::Theme;

fn lines(src: &str, w: usize) -> Vec<String> {
    render(src, w, Theme::default())
        .iter()
        .flat_map(|l| wrap_line(l, w))
        .map(|l| {
            l.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
        })
        .collect()
}

#[test]
fn paragraphs_headings_and_emphasis() {
    let out = lines(
        "# Title\n\nSome *em* and **strong** text.\n\nSecond para.",
        40,
    );
    assert_eq!(
        out,
        vec!["Title", "", "Some em and strong text.", "", "Second para."]
    );
    let spans = render("a **b** `c`", 80, Theme::default());
    let styles: Vec<_> = spans[0]
        .spans
        .iter()
        .map(|s| (s.content.to_string(), s.style))
        .collect();
    assert!(styles[1].1.add_modifier.contains(Modifier::BOLD));
    assert_eq!(styles[3].1, Theme::default().inline_code());
}

#[test]
fn nested_lists_and_ordered_numbers() {
    let out = lines("- one\n- two\n  - inner\n\n3. three\n4. four", 40);
    assert_eq!(
        out,
        vec!["• one", "• two", "  • inner", "", "3. three", "4. four"]
    );
}

#[test]
fn list_item_wraps_under_its_text() {
    let out = lines("- a list item that wraps around", 14);
    assert_eq!(out, vec!["• a list item", "  that wraps", "  around"]);
}

#[test]
fn quotes_links_and_tasks() {
    let out = lines(
        "> quoted\n> text\n\nSee [docs](https://x.org).\n\n- [x] done",
        60,
    );
    assert_eq!(
        out,
        vec![
            "│ quoted",
            "│ text",
            "",
            "See docs (https://x.org).",
            "",
            "• [x] done"
        ]
    );
}

#[test]
fn fenced_code_is_framed_and_highlighted() {
    let out = lines("Code:\n\n```rust\nfn main() {}\n```\n", 40);
    assert_eq!(out, vec!["Code:", "", "╭─ rust", "│ fn main() {}", "╰─"]);
    let styled = render("```rust\nfn main() {}\n```", 80, Theme::default());
    assert!(styled[1].spans.len() > 1, "highlighted into several spans");
}

#[test]
fn tables_align_columns_with_wide_text() {
    let out = lines("| a | 名前 |\n|---|---:|\n| xyz | 1 |\n", 40);
    assert_eq!(
        out,
        vec!["│ a   │ 名前 │", "├─────┼──────┤", "│ xyz │    1 │"]
    );
}

#[test]
fn unfinished_markdown_does_not_break() {
    let out = lines("**bold but open\n\n```py\nprint(1)", 40);
    assert_eq!(
        out,
        vec!["**bold but open", "", "╭─ py", "│ print(1)", "╰─"]
    );
}

#[test]
fn a_wide_table_shrinks_its_columns_and_wraps_inside_cells() {
    let src = "| name | what it does |\n|---|---|\n| `fit_columns` | shares the room left among the wide columns in proportion to their natural widths |\n| x | short |\n";
    let out = lines(src, 40);
    for l in &out {
        assert!(width(l) <= 40, "{l:?} is {} wide", width(l));
    }
    // Every row keeps its borders: no row is broken across the screen edge.
    assert!(
        out.iter().all(|l| l.starts_with('│') || l.starts_with('├')),
        "{out:#?}"
    );
    let joined: String = out.join(" ");
    for word in ["shares", "proportion", "natural", "widths", "short"] {
        assert!(joined.contains(word), "{word} lost: {out:#?}");
    }
    assert!(out.len() > 4, "the long cell wrapped: {out:#?}");
    // Wide enough: the natural layout, one line a row.
    assert_eq!(lines(src, 200).len(), 4);
}

#[test]
fn column_widths_fit_the_room() {
    assert_eq!(fit_columns(&[3, 5], 20), Some(vec![3, 5]));
    let w = fit_columns(&[4, 60, 30], 40).unwrap();
    assert_eq!(w[0], 4, "a narrow column keeps its width");
    assert_eq!(w.iter().sum::<usize>(), 40);
    assert!(w[1] > w[2]);
    assert_eq!(fit_columns(&[50, 50, 50], 8), None, "too narrow to wrap in");
}

#[test]
fn wrapped_code_lines_carry_a_continuation_mark() {
    let src = "```\nlet a_very_long_name = compute(with, many, arguments, here);\nshort\n```";
    let out = lines(src, 30);
    assert!(out[1].starts_with("│ let a_very_long"), "{out:#?}");
    assert!(out[2].starts_with("↪ "), "{out:#?}");
    assert!(out.iter().any(|l| l == "│ short"), "{out:#?}");
}

#[test]
fn deep_nesting_is_drawn_within_a_third_of_the_width() {
    let src: String = (0..200)
        .map(|i| {
            format!(
                "{} line {i} of text that goes on for a while\n",
                ">".repeat(120)
            )
        })
        .collect();
    let rows = lines(&src, 80);
    assert!(rows.iter().all(|r| width(r) <= 80));
    let prefix = |r: &String| {
        r.chars()
            .take_while(|c| matches!(c, '│' | '┆' | ' '))
            .count()
    };
    assert!(
        rows.iter().all(|r| prefix(r) <= 80 / 3 + 2),
        "{:?}",
        &rows[..3]
    );
    assert!(rows[1].starts_with("┆ "), "{:?}", &rows[..3]);
    // The text keeps room: each line of it fits in a few rows, not a column.
    assert!(rows.len() < 200 * 4, "{} rows", rows.len());
}
