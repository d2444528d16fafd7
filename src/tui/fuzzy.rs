//! Fuzzy filtering for pickers: the query's characters must appear in order
//! (case-insensitive); matches at the start, after a separator, and in runs
//! score higher, so `cs46` finds `claude-sonnet-4.6` before `cohere/…`.

/// The score of `item` for `query`, or `None` when it does not match.
pub fn score(query: &str, item: &str) -> Option<i64> {
    if query.is_empty() {
        return Some(0);
    }
    let item_chars: Vec<char> = item.chars().flat_map(char::to_lowercase).collect();
    let mut total = 0i64;
    let mut pos = 0usize;
    let mut prev: Option<usize> = None;
    for q in query.chars().flat_map(char::to_lowercase) {
        if q == ' ' {
            continue;
        }
        let found = item_chars[pos..].iter().position(|c| *c == q)? + pos;
        let boundary =
            found == 0 || matches!(item_chars[found - 1], '/' | '-' | '_' | '.' | ' ' | ':');
        total += 10;
        if boundary {
            total += 8;
        }
        if prev.is_some_and(|p| p + 1 == found) {
            total += 6;
        }
        // Gaps cost a little.
        total -= (found - pos).min(10) as i64;
        prev = Some(found);
        pos = found + 1;
    }
    // Shorter items win ties.
    Some(total * 100 - item_chars.len() as i64)
}

/// Indices of the matching items, best first (stable for equal scores).
pub fn filter<S: AsRef<str>>(query: &str, items: &[S]) -> Vec<usize> {
    let mut scored: Vec<(i64, usize)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, it)| score(query, it.as_ref()).map(|s| (s, i)))
        .collect();
    if !query.is_empty() {
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    }
    scored.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsequence_in_order_case_insensitive() {
        assert!(score("gpt5", "openai/GPT-5.2").is_some());
        assert!(score("5gpt", "openai/gpt-5.2").is_none());
        assert!(score("", "anything").is_some());
    }

    #[test]
    fn boundaries_and_runs_rank_first() {
        let items = [
            "cohere/command-a-vision",
            "anthropic/claude-sonnet-4.6",
            "anthropic/claude-sonnet-4.5",
        ];
        let order = filter("cs46", &items);
        assert_eq!(order[0], 1);
        let order = filter("sonnet", &items);
        assert_eq!(
            order,
            vec![1, 2],
            "equal scores keep their order; non-matches dropped"
        );
    }

    #[test]
    fn empty_query_keeps_everything_in_order() {
        assert_eq!(filter("", &["b", "a"]), vec![0, 1]);
    }
}
