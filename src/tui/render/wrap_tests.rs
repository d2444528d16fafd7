//! Wrapping and cutting text to a width: words, CJK, punctuation, emoji.

use super::*;

#[test]
fn text_is_cut_to_a_width_at_a_character_edge() {
    assert_eq!(cut("short", 10), "short");
    assert_eq!(cut("a longer line", 6), "a lon…");
    assert_eq!(cut("生命周期", 5), "生命…");
    assert_eq!(
        cut("生命周期", 6),
        "生命…",
        "a wide character is not halved"
    );
    assert_eq!(cut("ab👩‍💻cd", 4), "ab…");
    assert_eq!(width(&cut("ab👩‍💻cd", 5)), 5);
    assert_eq!(cut("x", 0), "");
}

#[test]
fn text_is_cut_between_words_and_a_dangling_separator_goes() {
    assert_eq!(
        cut("ttft 0.4s · 600 tok/s · 15↑ 120↓ · ctx 12k/200k", 38),
        "ttft 0.4s · 600 tok/s · 15↑ 120↓…"
    );
    assert_eq!(
        cut("Enter saves · Esc skips · F2 other provider", 34),
        "Enter saves · Esc skips…"
    );
    assert_eq!(
        cut("queued: it is sent when the reply ends", 37),
        "queued: it is sent when the reply…"
    );
    assert_eq!(cut("a · b · c", 6), "a · b…");
    assert_eq!(cut("a · b · c", 7), "a · b…");
    // Cut right before a space: the words are whole already.
    assert_eq!(cut("one two three", 8), "one two…");
    // After a Chinese character is between words.
    assert_eq!(cut("生命周期 lifetime", 7), "生命周…");
    // A word longer than half the room is cut inside.
    assert_eq!(
        cut("see https://example.com/a/very/long/path", 20),
        "see https://example…"
    );
}

fn rows(text: &str, max: usize, wrap: Wrap) -> Vec<String> {
    let line = StyledLine {
        spans: vec![Span::raw(text.to_owned())],
        wrap: Some(wrap),
        ..Default::default()
    };
    wrap_line(&line, max)
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}

#[test]
fn words_wrap_at_spaces() {
    assert_eq!(
        rows("the quick brown fox", 10, Wrap::Word),
        vec!["the quick", "brown fox"]
    );
}

#[test]
fn long_words_are_cut() {
    assert_eq!(
        rows("abcdefghij", 4, Wrap::Word),
        vec!["abcd", "efgh", "ij"]
    );
}

#[test]
fn cjk_wraps_between_characters_and_never_exceeds_width() {
    let r = rows("你好世界，这是一个测试", 7, Wrap::Word);
    assert_eq!(r, vec!["你好世", "界，这", "是一个", "测试"]);
    assert!(r.iter().all(|l| width(l) <= 7));
}

#[test]
fn chinese_rows_never_start_with_closing_or_end_with_opening_punctuation() {
    let r = rows("撤回最新排队的消息；否则停止回复", 18, Wrap::Word);
    assert_eq!(r, vec!["撤回最新排队的消", "息；否则停止回复"]);
    let r = rows("选择预设（[prompts.NAME]）", 12, Wrap::Word);
    assert!(r.iter().all(|l| !l.ends_with('（')), "{r:?}");
    for text in [
        "输入框中输入 /名称）也可",
        "甲乙丙丁戊，己庚辛壬癸。子丑寅卯",
    ] {
        for w in 4..12 {
            let r = rows(text, w, Wrap::Word);
            assert!(
                r.iter()
                    .skip(1)
                    .all(|l| !NO_ROW_START.iter().any(|p| l.starts_with(p))),
                "{w}: {r:?}"
            );
        }
    }
}

#[test]
fn mixed_cjk_and_latin() {
    assert_eq!(
        rows("Rust 的生命周期 lifetimes", 10, Wrap::Word),
        vec!["Rust 的生", "命周期", "lifetimes"]
    );
}

#[test]
fn zwj_emoji_is_one_unit() {
    let r = rows("ab👩‍👩‍👧cd", 3, Wrap::Hard);
    assert_eq!(r, vec!["ab", "👩‍👩‍👧c", "d"]);
}

#[test]
fn prefix_and_continuation() {
    let line = StyledLine {
        prefix: vec![Span::raw("• ")],
        cont_prefix: vec![Span::raw("  ")],
        spans: vec![Span::raw("one two three")],
        wrap: Some(Wrap::Word),
        ..Default::default()
    };
    let r: Vec<String> = wrap_line(&line, 9)
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    assert_eq!(r, vec!["• one two", "  three"]);
}
