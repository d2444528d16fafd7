//! What full-text search needs around SQLite's FTS5: the text given to
//! the index, the query given to it, and the snippet shown for a hit.
//!
//! FTS5's `unicode61` tokenizer splits words at spaces and punctuation,
//! which Chinese and Japanese text does not have: a whole sentence would be
//! one token, and searching a word in it would find nothing. So every
//! Chinese or Japanese character is indexed as a token of its own, and a
//! query word is searched as the phrase of its characters (consecutive,
//! so a substring). FTS5 cannot tokenize this way itself without a
//! tokenizer written in C, and its `trigram` tokenizer misses the
//! two-character words most Chinese words are.
//!
//! The index keeps no copy of the text (it is in the entries already), so
//! the snippet is cut here from the entry's own text.

use std::borrow::Cow;

/// A Chinese or Japanese character (ideographs, kana, their punctuation):
/// text written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF     // hiragana, katakana
        | 0x3400..=0x4DBF   // CJK extension A
        | 0x4E00..=0x9FFF   // CJK unified ideographs
        | 0xF900..=0xFAFF   // CJK compatibility ideographs
        | 0x20000..=0x3134F // extensions B to G
    )
}

/// The text as the index sees it: each Chinese or Japanese character a
/// word of its own.
pub fn index_text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_cjk) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    for c in text.chars() {
        if is_cjk(c) {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The FTS5 query for what the user typed: each word a quoted phrase (so
/// nothing typed is FTS syntax), all of them required, the last one a
/// prefix (typing `lifet` finds `lifetimes`). None when nothing in it can
/// be searched.
pub fn fts_query(query: &str) -> Option<String> {
    let phrases: Vec<String> = query
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| format!("\"{}\"", index_text(w).replace('"', "\"\"")))
        .collect();
    if phrases.is_empty() {
        return None;
    }
    Some(format!("{}*", phrases.join(" ")))
}

/// The words to mark in a snippet: the letters and digits of each query
/// word, lowercased.
fn terms(query: &str) -> Vec<String> {
    query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The bytes of `text` from its start that spell `term` (lowercase),
/// compared case-insensitively; none when it does not start with it.
fn match_at(text: &str, term: &str) -> Option<usize> {
    let mut want = term.chars().peekable();
    for (i, c) in text.char_indices() {
        for l in c.to_lowercase() {
            match want.next() {
                Some(w) if w == l => {}
                Some(_) => return None,
                // The term ended inside this letter's lowercase: the
                // letter is matched whole (never a match of nothing).
                None => return Some(i + c.len_utf8()),
            }
        }
        if want.peek().is_none() {
            return Some(i + c.len_utf8());
        }
    }
    None
}

/// How far into a long text a snippet looks for the match.
const LOOK: usize = 256 * 1024;
/// Characters of the snippet before the first match, and in all.
const BEFORE: usize = 30;
const WIDTH: usize = 110;

/// A line of `text` around the first place `query` matches, the matches
/// in `[` `]`, runs of white space as one space, `…` where it was cut.
pub fn snippet(text: &str, query: &str) -> String {
    let terms = terms(query);
    let (from, look) = window(text, &terms);
    let hay = &text[from..look];
    // A match of a word starts a word (FTS5 matched words); a match of
    // Chinese or Japanese may start anywhere.
    let matches_at = |i: usize| -> Option<usize> {
        let prev = hay[..i].chars().next_back();
        terms.iter().find_map(|t| {
            let cjk = t.chars().next().is_some_and(is_cjk);
            if cjk {
                return match_at(&hay[i..], t);
            }
            if prev.is_some_and(char::is_alphanumeric) {
                return None;
            }
            // The whole word is marked, as FTS5 matched it.
            let len = match_at(&hay[i..], t)?;
            let rest = hay[i + len..]
                .char_indices()
                .find(|&(_, c)| !c.is_alphanumeric() || is_cjk(c))
                .map_or(hay.len() - i - len, |(j, _)| j);
            Some(len + rest)
        })
    };
    let first = hay
        .char_indices()
        .find(|&(i, _)| matches_at(i).is_some())
        .map_or(0, |(i, _)| i);
    let start = lead_in(hay, first);
    let (mut out, cut) = marked(hay, start, &matches_at);
    if from > 0 && start == 0 {
        out.insert(0, '…');
    }
    if cut || look < text.len() {
        out.push('…');
    }
    out
}

/// The part of `text` a snippet looks in: the first `LOOK` bytes, or in a
/// longer text the first such window that holds a term (found by a plain
/// search of the lowercased window, so that a reply of megabytes is looked
/// through at the speed of a substring search).
fn window(text: &str, terms: &[String]) -> (usize, usize) {
    let end_at = |from: usize| {
        let mut end = text.len().min(from + LOOK);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        end
    };
    let first = (0, end_at(0));
    let holds = |hay: &str| {
        let lower = hay.to_lowercase();
        terms.iter().any(|t| lower.contains(t.as_str()))
    };
    if text.len() <= LOOK || terms.is_empty() || holds(&text[..first.1]) {
        return first;
    }
    // Windows overlap, so that a match across an edge is whole in one.
    let mut from = first.1;
    while from < text.len() {
        let mut start = from.saturating_sub(1024);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let end = end_at(start);
        if holds(&text[start..end]) {
            return (start, end);
        }
        if end >= text.len() {
            break;
        }
        from = end;
    }
    first
}

/// Where a snippet starts: back from the first match, to the start of a
/// word where there is one near.
fn lead_in(hay: &str, first: usize) -> usize {
    let mut start = first;
    for (n, (i, c)) in hay[..first].char_indices().rev().enumerate() {
        if n >= BEFORE {
            break;
        }
        start = i;
        if c.is_whitespace() && n > BEFORE / 2 {
            break;
        }
    }
    start
}

/// `hay` from `start` on one line, `WIDTH` characters at most, with the
/// matches (`matches_at` a position: the length matched there) in
/// brackets; and whether it was cut.
fn marked(hay: &str, start: usize, matches_at: &dyn Fn(usize) -> Option<usize>) -> (String, bool) {
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut shown = 0;
    let mut space = false;
    let mut i = start;
    let mut cut = false;
    while i < hay.len() {
        if shown >= WIDTH {
            cut = true;
            break;
        }
        if let Some(len) = matches_at(i) {
            if space {
                out.push(' ');
                space = false;
            }
            out.push('[');
            for c in hay[i..i + len].chars() {
                out.push(if c.is_whitespace() { ' ' } else { c });
                shown += 1;
            }
            out.push(']');
            i += len;
            continue;
        }
        let Some(c) = hay[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if c.is_whitespace() {
            space = !out.is_empty() && !out.ends_with('…');
            continue;
        }
        if space {
            out.push(' ');
            shown += 1;
            space = false;
        }
        out.push(c);
        shown += 1;
    }
    (out, cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_indexed_a_character_at_a_time() {
        assert_eq!(index_text("lifetimes"), "lifetimes");
        assert_eq!(index_text("生命周期ok"), " 生  命  周  期 ok");
        assert_eq!(fts_query("生命 lifet").unwrap(), "\" 生  命 \" \"lifet\"*");
    }

    #[test]
    fn a_query_is_never_fts_syntax() {
        assert_eq!(fts_query("a\"b OR c").unwrap(), "\"a\"\"b\" \"OR\" \"c\"*");
        assert_eq!(fts_query("  -- ; "), None);
        assert_eq!(fts_query(""), None);
    }

    #[test]
    fn the_snippet_marks_the_words_around_the_first_match() {
        let text = "Ownership first.\n\nThe borrow checker compares Lifetimes so that no reference outlives its data.";
        assert_eq!(
            snippet(text, "lifet"),
            "…checker compares [Lifetimes] so that no reference outlives its data."
        );
        assert_eq!(
            snippet(text, "borrow check"),
            "Ownership first. The [borrow] [checker] compares Lifetimes so that no reference outlives its data."
        );
        // Inside a word is not a match of a word.
        assert_eq!(snippet("unborrowed", "borrow"), "unborrowed");
    }

    #[test]
    fn chinese_matches_anywhere_and_long_text_is_cut() {
        let text = format!(
            "{}生命周期是引用有效的范围{}",
            "前".repeat(50),
            "后".repeat(200)
        );
        let s = snippet(&text, "生命");
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("[生命]周期"), "{s}");
        assert!(s.chars().count() <= WIDTH + 4, "{}", s.chars().count());
    }

    #[test]
    fn odd_letters_do_not_break_it() {
        // Lowercasing changes the length of some letters.
        assert_eq!(snippet("İstanbul and more", "i"), "[İstanbul] and more");
        assert_eq!(
            snippet("İstanbul and more", "i\u{307}"),
            "[İstanbul] and more"
        );
        assert_eq!(snippet("ǅemal", "ǆe"), "[ǅemal]");
        assert_eq!(snippet("", "x"), "");
        assert_eq!(snippet("no match here", "zzz"), "no match here");
        // Deep in a reply of megabytes, the match is still found.
        let long = format!(
            "{}the Needle is here{}",
            "hay ".repeat(500_000),
            " more".repeat(100)
        );
        let s = snippet(&long, "needle");
        assert!(s.contains("[Needle] is here"), "{s}");
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
    }
}
