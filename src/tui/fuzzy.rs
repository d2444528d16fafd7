//! Fuzzy filtering for pickers, by nucleo's matcher (the one helix uses):
//! the query's characters in order, case-insensitive, with bonuses for word
//! starts and runs; words of the query separated by spaces must each match.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// Indices of the items matching `query`, best first; ties go to the
/// shorter item, then keep their order. An empty query keeps every item in
/// its order.
pub fn filter<S: AsRef<str>>(query: &str, items: &[S]) -> Vec<usize> {
    if query.trim().is_empty() {
        return (0..items.len()).collect();
    }
    // Model ids are path-like (`anthropic/claude-opus-4.1`): `/` starts a word.
    let mut matcher = Matcher::new(Config::DEFAULT.match_paths());
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, usize, usize)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, it)| {
            let it = it.as_ref();
            let score = pattern.score(Utf32Str::new(it, &mut buf), &mut matcher)?;
            Some((score, it.chars().count(), i))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    scored.into_iter().map(|(_, _, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use supchat_api::models::SupAiCatalog;

    fn best<'a>(query: &str, items: &'a [String]) -> Vec<&'a str> {
        filter(query, items)
            .into_iter()
            .take(3)
            .map(|i| items[i].as_str())
            .collect()
    }

    #[test]
    fn subsequence_in_order_case_insensitive() {
        let items = ["openai/GPT-5.2".to_owned()];
        assert_eq!(filter("gpt5", &items), vec![0]);
        assert!(filter("5gpt", &items).is_empty());
        assert_eq!(filter("", &["b", "a"]), vec![0, 1]);
    }

    #[test]
    fn the_obvious_model_ranks_first_on_the_bundled_supai_list() {
        let ids = SupAiCatalog::bundled().models;
        let opus = best("opus", &ids);
        assert!(opus[0].contains("opus"), "{opus:?}");
        let sonnet = best("sonnet 4.6", &ids);
        assert!(sonnet[0].contains("sonnet-4.6"), "{sonnet:?}");
        let gpt5 = best("gpt-5", &ids);
        assert!(gpt5[0].contains("gpt-5"), "{gpt5:?}");
    }

    #[test]
    fn word_starts_beat_scattered_letters() {
        let items: Vec<String> = [
            "cohere/command-a-vision",
            "anthropic/claude-sonnet-4.6",
            "anthropic/claude-sonnet-4.5",
        ]
        .map(str::to_owned)
        .to_vec();
        assert_eq!(filter("cs46", &items)[0], 1);
        assert_eq!(filter("sonnet", &items), vec![1, 2]);
    }
}
