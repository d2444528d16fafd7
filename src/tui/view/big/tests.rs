use super::*;
use crate::tui::render::stream::wrap_all;

const INNER: usize = 60;

fn texts<'a>(text: &'a str, reasoning: &'a str) -> Texts<'a> {
    Texts {
        text,
        reasoning,
        inner: INNER,
        th: Theme::default(),
    }
}

fn rows_text(lines: &[Line<'_>]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}

/// Paragraphs (some with soft breaks), and a fence longer than a piece.
fn long_markdown() -> String {
    let mut s = String::new();
    for i in 0..4000 {
        s.push_str(&format!(
            "Paragraph {i} says *something* about `code`,\nand goes on a second line with more words in it.\n\n"
        ));
    }
    s.push_str("```\n");
    for i in 0..6000 {
        s.push_str(&format!("let x{i} = compute({i}); // a line of code\n"));
    }
    s.push_str("```\n\nThe end.\n");
    s
}

fn all_laid(big: &mut Big, t: &Texts) -> Vec<Line<'static>> {
    big.fit_range(0, usize::MAX, t, 1);
    big.lines_from(0).cloned().collect()
}

#[test]
fn a_long_reply_by_blocks_is_drawn_as_the_whole_render_draws_it() {
    let text = long_markdown();
    assert!(text.len() > BIG);
    let parts = markdown_blocks(&text, Field::Text, INNER);
    assert!(parts.len() > 10, "cut into blocks: {}", parts.len());
    let mut big = Big::new(parts);
    let t = texts(&text, "");
    let whole = wrap_all(&text, INNER, Theme::default());
    let by_blocks = all_laid(&mut big, &t);
    assert_eq!(rows_text(&by_blocks), rows_text(&whole));
    assert_eq!(by_blocks, whole, "the same styles too");
    assert_eq!(big.rows(), whole.len());
}

#[test]
fn reasoning_by_blocks_is_the_plain_text_whole() {
    let reasoning = "I think about it, and then some more, line after line.\n".repeat(10_000);
    let mut big = Big::new(plain_blocks(&reasoning, Field::Reasoning, INNER));
    let t = texts("", &reasoning);
    let th = Theme::default();
    let whole = plain(&reasoning, th.reasoning(), INNER);
    assert_eq!(all_laid(&mut big, &t), whole);
}

#[test]
fn only_the_rows_in_view_are_laid_out_and_what_is_kept_is_bounded() {
    let text = long_markdown().repeat(8);
    let t = texts(&text, "");
    let mut big = Big::new(markdown_blocks(&text, Field::Text, INNER));
    let estimate = big.rows();
    // The window at the bottom: its rows are the whole render's last rows.
    big.fit_bottom(0, 40, &t, 1);
    assert!(big.kept <= 2 * (PIECE + BLOCK), "kept {}", big.kept);
    let total = big.rows();
    let shown: Vec<_> = big.lines_from(total - 40).cloned().collect();
    // The text repeats: its end is drawn as one repetition's end.
    let tail = wrap_all(&long_markdown(), INNER, Theme::default());
    assert_eq!(
        rows_text(&shown)[30..],
        rows_text(&tail)[tail.len() - 10..],
        "the end of the reply"
    );
    // Walking the whole reply a window at a time keeps a bounded amount.
    let mut at = 0;
    let mut tick = 2;
    while at < big.rows() {
        big.fit_range(at, at + 40, &t, tick);
        assert!(big.kept <= KEEP + 2 * (PIECE + BLOCK), "kept {}", big.kept);
        at += 40;
        tick += 1;
    }
    // Every row is now counted: the estimate was near.
    let real = big.rows();
    assert!(
        estimate * 10 > real * 8 && estimate * 10 < real * 12,
        "{estimate} vs {real}"
    );
}

#[test]
fn a_line_longer_than_a_block_is_cut_at_a_space() {
    let text = "word ".repeat(100_000);
    let parts = markdown_blocks(&text, Field::Text, INNER);
    assert!(parts.len() >= 5, "{}", parts.len());
    for p in &parts {
        let Part::Block(b) = p else { panic!() };
        assert!(b.range.len() <= PIECE + BLOCK);
        assert!(text[b.range.clone()].starts_with('w'));
    }
    let one = "界".repeat(200_000);
    let mut big = Big::new(markdown_blocks(&one, Field::Text, INNER));
    let t = texts(&one, "");
    let rows = all_laid(&mut big, &t);
    let cells: usize = rows
        .iter()
        .map(|l| crate::tui::render::wrap::width(&rows_text(std::slice::from_ref(l))[0]))
        .sum();
    assert_eq!(
        cells, 400_000,
        "every character is drawn, none is split: {rows:?}"
    );
}

/// A fence in a list item and a table, each longer than a piece: the
/// fence goes on boxed in every piece, the table keeps its columns (its
/// head drawn again), nothing shows as raw markdown.
#[test]
fn a_long_fence_in_a_list_and_a_long_table_stay_what_they_are() {
    let mut text = String::from("- an item with code:\n\n   ```rust\n");
    for i in 0..4000 {
        text.push_str(&format!("   let v_{i:07} = {i};\n"));
    }
    text.push_str("   ```\n\n| name | value |\n|---|---|\n");
    for i in 0..6000 {
        text.push_str(&format!("| row {i:07} | some value |\n"));
    }
    text.push_str("\nThe end.\n");
    let mut big = Big::new(markdown_blocks(&text, Field::Text, INNER));
    let t = texts(&text, "");
    let rows = rows_text(&all_laid(&mut big, &t));
    let code: Vec<&String> = rows.iter().filter(|r| r.contains("let v_")).collect();
    assert_eq!(code.len(), 4000);
    assert!(code.iter().all(|r| r.contains('│')), "every line boxed");
    let table: Vec<&String> = rows.iter().filter(|r| r.contains("row 0")).collect();
    assert_eq!(table.len(), 6000);
    assert!(table.iter().all(|r| !r.contains("| row")), "no raw pipes");
    assert!(rows.iter().any(|r| r.contains("The end.")));
}

/// A table in a quote, longer than a piece, stays a table in its quote.
#[test]
fn a_long_table_in_a_quote_stays_a_table() {
    let mut text = String::from("> | name | value |\n> |---|---|\n");
    for i in 0..6000 {
        text.push_str(&format!("> | q{i:07} | v |\n"));
    }
    let mut big = Big::new(markdown_blocks(&text, Field::Text, INNER));
    let t = texts(&text, "");
    let rows = rows_text(&all_laid(&mut big, &t));
    let table: Vec<&String> = rows.iter().filter(|r| r.contains(" q0")).collect();
    assert_eq!(table.len(), 6000);
    assert!(table.iter().all(|r| !r.contains("| q")), "no raw pipes");
}
