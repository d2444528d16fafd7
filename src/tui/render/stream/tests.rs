//! The streaming renderer against whole renders of the same text.

use super::*;

fn text(lines: Vec<&Line<'static>>) -> Vec<String> {
    lines
        .into_iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}

const DOC: &str = "# Title\n\nFirst paragraph with *style*.\n\n```rust\nfn main() {\n    println!(\"hi\");\n}\n```\nAfter the fence.\n\n- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\nEnd 你好。";

#[test]
fn streamed_equals_whole_for_any_growth_pattern() {
    let whole = text(wrap_all(DOC, 30, Theme::default()).iter().collect());
    for step in [1usize, 2, 3, 7, 16] {
        let mut s = StreamMarkdown::default();
        let mut end = 0;
        while end < DOC.len() {
            end = (end + step).min(DOC.len());
            while !DOC.is_char_boundary(end) {
                end += 1;
            }
            s.update(&DOC[..end], 30, 0);
        }
        assert_eq!(text(s.lines().collect()), whole, "step {step}");
        assert_eq!(s.len(), whole.len());
    }
}

#[test]
fn committed_units_are_not_rerendered() {
    let mut s = StreamMarkdown::default();
    s.update("Para one.\n\nPara two is gro", 40, 0);
    assert_eq!(s.done, "Para one.\n\n".len());
    assert_eq!(s.committed.len(), 1);
    s.update("Para one.\n\nPara two is growing", 40, 0);
    assert_eq!(s.done, "Para one.\n\n".len(), "the tail alone changed");
}

#[test]
fn restart_and_width_change_start_over() {
    let mut s = StreamMarkdown::default();
    s.update("aaa\n\nbbb", 40, 0);
    s.update("new", 40, 0);
    assert_eq!(text(s.lines().collect()), vec!["new"]);
    s.update("new text here", 5, 0);
    assert_eq!(text(s.lines().collect()), vec!["new", "text", "here"]);
}

#[test]
fn a_fence_streamed_line_by_line_equals_the_whole_render() {
    let doc = "Here:\n\n```rust title\nfn main() {\n    let a_rather_long_line = vec![1, 2, 3, 4, 5, 6, 7, 8];\n}\n```\nDone.";
    let whole = text(wrap_all(doc, 30, Theme::default()).iter().collect());
    for step in [1usize, 5, 13] {
        let mut s = StreamMarkdown::default();
        let mut end = 0;
        while end < doc.len() {
            end = (end + step).min(doc.len());
            s.update(&doc[..end], 30, 0);
            // Mid-fence, nothing is drawn twice and the head is there.
            if s.open_fence.is_some() {
                let t = text(s.lines().collect());
                assert_eq!(t.iter().filter(|l| l.starts_with("╭─")).count(), 1);
            }
        }
        assert_eq!(text(s.lines().collect()), whole, "step {step}");
    }
}

#[test]
fn a_restarted_text_starts_over_even_when_longer() {
    let mut s = StreamMarkdown::default();
    s.update("stale paragraph\n\nstale tail", 40, 0);
    s.update("a new answer, longer than the old one\n\nand more", 40, 1);
    let t = text(s.lines().collect());
    assert!(t.iter().all(|l| !l.contains("stale")), "{t:?}");
    assert_eq!(t[0], "a new answer, longer than the old one");
}

#[test]
fn a_long_paragraph_rewrapped_from_its_last_row_equals_the_whole_render() {
    let doc = "A long paragraph with *emphasis that closes late* and `code`, 中文的句子也在这里换行, and words that wrap again and again at a narrow width, then **bold** at the end";
    let whole = text(wrap_all(doc, 20, Theme::default()).iter().collect());
    for step in [1usize, 3, 7] {
        let mut s = StreamMarkdown::default();
        let mut end = 0;
        while end < doc.len() {
            end = (end + step).min(doc.len());
            while !doc.is_char_boundary(end) {
                end += 1;
            }
            s.update(&doc[..end], 20, 0);
            // Styles too, row for row.
            let now = wrap_all(&doc[..end], 20, Theme::default());
            let got: Vec<Line<'static>> = s.lines().cloned().collect();
            assert_eq!(got, now, "at {end}, step {step}");
        }
        assert_eq!(text(s.lines().collect()), whole);
    }
}

#[test]
fn a_very_long_paragraph_in_pieces_equals_the_whole_render() {
    let sentence = "The borrow checker compares *lifetimes* so that no `reference` outlives its data_here, and that is [the point](https://x.y). ";
    let doc = format!("Intro.\n\n{}", sentence.repeat(120));
    for width in [40, 57] {
        let mut s = StreamMarkdown::default();
        let mut end = 0;
        let mut checked = 0;
        while end < doc.len() {
            end = (end + 61).min(doc.len());
            while !doc.is_char_boundary(end) {
                end += 1;
            }
            s.update(&doc[..end], width, 0);
            if end % 7 == 0 || end == doc.len() || s.para.is_some() && checked < 40 {
                let want = wrap_all(&doc[..end], width, Theme::default());
                let got: Vec<Line<'static>> = s.lines().cloned().collect();
                assert_eq!(got, want, "at {end} of {}, width {width}", doc.len());
                assert_eq!(s.len(), want.len());
                checked += 1;
            }
        }
        let p = s.para.as_ref().expect("the paragraph went into pieces");
        assert!(
            p.start > doc.len() / 2,
            "most of it is drawn for good: {}",
            p.start
        );
    }
}

/// Soft breaks in a paragraph of megabytes: it is drawn in pieces too
/// (it used to be rendered whole on every update, a cost growing with it).
#[test]
fn a_long_paragraph_with_soft_breaks_goes_in_pieces_and_equals_the_whole() {
    let sentence = "A line of the *same* paragraph with `code` in it, and more words to wrap,\nthen the next line goes on. ";
    let doc = format!("Intro.\n\n{}", sentence.repeat(150));
    for width in [40, 57] {
        let mut s = StreamMarkdown::default();
        let mut end = 0;
        while end < doc.len() {
            end = (end + 53).min(doc.len());
            s.update(&doc[..end], width, 0);
            if end % 5 == 0 || end == doc.len() {
                let want = wrap_all(&doc[..end], width, Theme::default());
                let got: Vec<Line<'static>> = s.lines().cloned().collect();
                assert_eq!(
                    text(got.iter().collect()),
                    text(want.iter().collect()),
                    "at {end}, width {width}"
                );
                assert_eq!(got, want, "at {end}, width {width}");
            }
        }
        let p = s.para.as_ref().expect("the paragraph went into pieces");
        assert!(p.start > doc.len() * 3 / 4, "drawn for good: {}", p.start);
    }
}

/// Plain text of one line of any length (reasoning with no newline): the
/// rows but the last are settled as they come, and equal the whole wrap.
#[test]
fn a_plain_line_of_any_length_settles_its_rows_as_they_come() {
    let style = Style::new().italic();
    let doc = "thinking about the question, word after word, 思考一下 again ".repeat(200);
    let mut s = StreamMarkdown::plain(style);
    let mut end = 0;
    while end < doc.len() {
        end = (end + 17).min(doc.len());
        while !doc.is_char_boundary(end) {
            end += 1;
        }
        s.update(&doc[..end], 30, 0);
        let want = crate::tui::render::wrap::plain(&doc[..end], style, 30);
        let got: Vec<Line<'static>> = s.lines().cloned().collect();
        assert_eq!(got, want, "at {end}");
        assert!(
            s.tail.iter().all(|t| t.rows.len() <= 3),
            "only the last rows stay open"
        );
        assert!(s.settled() + 3 >= want.len());
    }
}

/// What a reader printing each row once (`ask`) ends up with, fed `doc`
/// in steps of `step` bytes: settled rows as they settle, a fresh renderer
/// at each unit's end, the rest at the end.
fn printed_once(doc: &str, width: usize, step: usize) -> Vec<Line<'static>> {
    let mut s = StreamMarkdown::eager();
    let (mut src, mut printed, mut out) = (String::new(), 0, Vec::new());
    let mut end = 0;
    while end < doc.len() {
        let from = end;
        end = (end + step).min(doc.len());
        while !doc.is_char_boundary(end) {
            end += 1;
        }
        src.push_str(&doc[from..end]);
        s.update(&src, width, 0);
        let settled = s.settled();
        let rows: Vec<Line<'static>> = s.lines().cloned().collect();
        // Rows already printed never change.
        assert_eq!(&rows[..printed], &out[out.len() - printed..], "at {end}");
        out.extend(rows[printed..settled].iter().cloned());
        printed = settled;
        if s.at_boundary() {
            s = s.continuing();
            src.clear();
            printed = 0;
        }
    }
    out.extend(s.lines().skip(printed).cloned());
    out
}

#[test]
fn rows_printed_once_as_they_settle_equal_the_whole_render() {
    let long = format!(
        "Intro.\n\n{}\n\nAfter.",
        "The borrow checker compares *lifetimes* so that no `reference` outlives its data. "
            .repeat(60)
    );
    for doc in [DOC, long.as_str()] {
        let whole = text(wrap_all(doc, 40, Theme::default()).iter().collect());
        for step in [1usize, 7, 64] {
            let got = printed_once(doc, 40, step);
            assert_eq!(text(got.iter().collect()), whole, "step {step}");
        }
    }
}

#[test]
fn an_eager_renderer_settles_a_paragraph_a_row_or_two_behind_the_text() {
    let doc = "word ".repeat(120);
    let mut s = StreamMarkdown::eager();
    s.update(&doc, 40, 0);
    let rows = s.len();
    assert!(
        s.settled() + 6 >= rows && s.settled() > 0,
        "{} of {rows} rows settled",
        s.settled()
    );
    let mut lazy = StreamMarkdown::default();
    lazy.update(&doc, 40, 0);
    assert_eq!(
        lazy.settled(),
        0,
        "the screen's renderer waits for longer ones"
    );
}

#[test]
fn plain_text_is_wrapped_line_by_line_and_only_the_last_line_again() {
    let style = Style::new().italic();
    let mut s = StreamMarkdown::plain(style);
    s.update("first line\nsecond *not markdown* and longer", 12, 0);
    let t = text(s.lines().collect());
    assert_eq!(t, ["first line", "second *not", "markdown*", "and longer"]);
    assert_eq!(
        s.settled(),
        3,
        "the last row of the line being written may still change"
    );
    assert!(
        s.lines()
            .all(|l| l.spans.iter().all(|sp| sp.style == style))
    );
    s.update("first line\nsecond *not markdown* and longer\n", 12, 0);
    assert_eq!(s.settled(), 4);
    assert!(s.at_boundary());
}

/// A fence of megabytes streams: its first part highlighted, the rest
/// plain (highlighting it all would cost more than receiving it).
#[test]
fn a_huge_fence_is_highlighted_up_to_a_budget_then_streams_plain() {
    let line = "let value = compute(42); // the answer\n";
    let n = 2 * HIGHLIGHT_LIVE / line.len();
    let doc = format!("```rust\n{}", line.repeat(n));
    let mut s = StreamMarkdown::default();
    let mut end = 0;
    while end < doc.len() {
        end = (end + 997).min(doc.len());
        s.update(&doc[..end], 80, 0);
    }
    let rows: Vec<&Line<'static>> = s.lines().collect();
    let coloured = |l: &Line<'_>| l.spans.iter().skip(1).any(|sp| sp.style.fg.is_some());
    assert!(coloured(rows[2]), "the start is highlighted: {:?}", rows[2]);
    let last = rows[rows.len() - 2];
    assert!(!coloured(last), "the end streams plain: {last:?}");
    assert_eq!(
        text(vec![last]),
        ["│ let value = compute(42); // the answer"]
    );
    assert!(rows.len() > n, "every line is drawn: {} rows", rows.len());
}

/// A paragraph drawn in pieces and then ended by a blank line keeps its
/// pieces (it is not rendered whole again) and still equals the whole
/// render; so does one that arrived at once, in many pieces.
#[test]
fn a_paragraph_in_pieces_ends_as_the_whole_render_draws_it() {
    let sentence = "Words with *marks* and `code` go on, soft\nbreaks too, and more words. ";
    let doc = format!("Intro.\n\n{}\n\nAfter it.\n", sentence.repeat(3000));
    for step in [89, doc.len()] {
        let mut s = StreamMarkdown::default();
        let mut end = 0;
        while end < doc.len() {
            end = (end + step).min(doc.len());
            s.update(&doc[..end], 50, 0);
        }
        let want = wrap_all(&doc, 50, Theme::default());
        let got: Vec<Line<'static>> = s.lines().cloned().collect();
        assert_eq!(got, want, "step {step}");
    }
}

/// Long units that are no paragraph (a fence in a list, a table) are cut
/// as they stream: what is rendered again per update stays bounded, the
/// fence stays boxed and the table a table.
#[test]
fn long_lists_fences_in_lists_and_tables_stream_in_pieces() {
    let mut doc = String::from("- an item with code:\n\n   ```rust\n");
    for i in 0..2500 {
        doc.push_str(&format!("   let v_{i:07} = {i};\n"));
    }
    doc.push_str("   ```\n\n| name | value |\n|---|---|\n");
    for i in 0..2500 {
        doc.push_str(&format!("| row {i:07} | some value |\n"));
    }
    let mut s = StreamMarkdown::default();
    let mut end = 0;
    let mut most_open = 0;
    while end < doc.len() {
        end = (end + 8191).min(doc.len());
        s.update(&doc[..end], 60, 0);
        most_open = most_open.max(s.line_start - s.done);
    }
    assert!(
        most_open < 2 * UNIT_MOST,
        "the open unit stays short: {most_open}"
    );
    let rows = text(s.lines().collect());
    let code: Vec<&String> = rows.iter().filter(|r| r.contains("let v_")).collect();
    assert_eq!(code.len(), 2500);
    assert!(code.iter().all(|r| r.contains('│')), "every line boxed");
    let table: Vec<&String> = rows.iter().filter(|r| r.contains("row 0")).collect();
    assert_eq!(table.len(), 2500);
    assert!(table.iter().all(|r| !r.contains("| row")), "no raw pipes");
}

/// A line of megabytes with no newline, in a fence or in a list item,
/// streams at a cost per row: what is drawn again per update stays small,
/// and every character is drawn.
#[test]
fn a_line_of_megabytes_in_a_fence_or_a_list_item_streams_in_pieces() {
    let line = "abcd efgh ".repeat(60_000);
    for (doc, opening) in [
        (format!("```json\n{line}"), "fence"),
        (format!("- {line}"), "list item"),
    ] {
        let mut s = StreamMarkdown::default();
        let mut end = 0;
        let mut most_open = 0;
        while end < doc.len() {
            end = (end + 9_973).min(doc.len());
            s.update(&doc[..end], 60, 0);
            // (A paragraph in pieces keeps open only what follows them.)
            let from = s
                .para
                .as_ref()
                .map_or(s.line_start.max(s.done), |p| p.start);
            most_open = most_open.max(end - from);
        }
        assert!(
            most_open <= para::FORCE + 10_000,
            "{opening}: the open part stays bounded: {most_open}"
        );
        let drawn: usize = s
            .lines()
            .flat_map(|l| l.spans.iter())
            .map(|sp| sp.content.matches('a').count())
            .sum();
        assert_eq!(drawn, 60_000, "{opening}: every character drawn");
    }
}

/// Many small fences share one highlighting budget: past it, the next
/// fences stream uncoloured (the finished reply colours what is on screen).
#[test]
fn many_small_fences_share_one_highlighting_budget() {
    let unit = "Some words.\n\n```rust\nlet value = compute(42);\n```\n\n";
    let doc = unit.repeat(2 * HIGHLIGHT_LIVE / 25);
    let mut s = StreamMarkdown::default();
    let mut end = 0;
    while end < doc.len() {
        end = (end + 4001).min(doc.len());
        s.update(&doc[..end], 80, 0);
    }
    let rows: Vec<&Line<'static>> = s
        .lines()
        .filter(|l| text(vec![l])[0].contains("let value"))
        .collect();
    let coloured = |l: &Line<'_>| l.spans.iter().skip(1).any(|sp| sp.style.fg.is_some());
    assert!(coloured(rows[0]), "the first fences are highlighted");
    assert!(
        !coloured(rows[rows.len() - 1]),
        "the last ones stream plain"
    );
}
