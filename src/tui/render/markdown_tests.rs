use super::*;
use crate::tui::render::wrap::wrap_line;

fn lines(src: &str, w: usize) -> Vec<String> {
    render(src)
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
    let spans = render("a **b** `c`");
    let styles: Vec<_> = spans[0]
        .spans
        .iter()
        .map(|s| (s.content.to_string(), s.style))
        .collect();
    assert!(styles[1].1.add_modifier.contains(Modifier::BOLD));
    assert_eq!(styles[3].1, theme::inline_code());
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
    let styled = render("```rust\nfn main() {}\n```");
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
