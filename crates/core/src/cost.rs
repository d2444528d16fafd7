//! The price of a reply: the config's (a model's own, else its
//! provider's), else a small built-in table of well-known models' list
//! prices in US dollars. A model in none of them has no price, and its
//! replies show tokens only.

use supchat_chat::Usage;
use supchat_chat::cost::{Cost, Price};

use crate::config::ProviderConfig;

/// List prices in US dollars per million input and output tokens, as the
/// vendors publish them (2025). Matched by the model id without a
/// `vendor/` prefix, `.` read as `-`, and an optional date or `-latest`
/// after it. The config's prices win over these.
const KNOWN: &[(&str, f64, f64)] = &[
    ("gpt-4o", 2.5, 10.0),
    ("gpt-4o-mini", 0.15, 0.6),
    ("gpt-4.1", 2.0, 8.0),
    ("gpt-4.1-mini", 0.4, 1.6),
    ("gpt-4.1-nano", 0.1, 0.4),
    ("o3-mini", 1.1, 4.4),
    ("o4-mini", 1.1, 4.4),
    ("claude-3-5-haiku", 0.8, 4.0),
    ("claude-sonnet-4", 3.0, 15.0),
    ("claude-sonnet-4-5", 3.0, 15.0),
    ("claude-opus-4", 15.0, 75.0),
    ("claude-opus-4-1", 15.0, 75.0),
];

/// The built-in price of `model`, if it is a well-known one.
pub fn known(model: &str) -> Option<Price> {
    let id = model
        .rsplit('/')
        .next()
        .unwrap_or(model)
        .to_ascii_lowercase()
        .replace('.', "-");
    let id = id.strip_suffix("-latest").unwrap_or(&id);
    KNOWN.iter().find_map(|(name, input, output)| {
        let name = name.replace('.', "-");
        let rest = id.strip_prefix(name.as_str())?;
        // A dated id (`claude-sonnet-4-20250514`) is the model; anything
        // else after the name is another model (`gpt-4o-mini`,
        // `claude-opus-4-5-…`), and older snapshots may be priced apart
        // (`gpt-4o-2024-05-13`): no price rather than a wrong one.
        let dated = rest
            .strip_prefix('-')
            .is_some_and(|d| d.len() == 8 && d.chars().all(|c| c.is_ascii_digit()));
        (rest.is_empty() || dated).then_some(Price {
            input: *input,
            output: *output,
        })
    })
}

/// The price of `model` at provider `p`, and its currency.
pub fn price<'a>(p: &'a ProviderConfig, model: &str) -> Option<(Price, &'a str)> {
    if let Some(m) = p.model_prices.get(model) {
        return Some((*m, &p.currency));
    }
    if let Some(m) = p.price {
        return Some((m, &p.currency));
    }
    // The table is in dollars: not for a provider priced in another money.
    (p.currency == "USD")
        .then(|| known(model))
        .flatten()
        .map(|k| (k, "USD"))
}

/// What `usage` cost at provider `p` for `model`, if both are known.
pub fn of(p: &ProviderConfig, model: &str, usage: &Usage) -> Option<Cost> {
    let (price, currency) = price(p, model)?;
    Cost::of(usage, price, currency)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ProviderKind;

    #[test]
    fn the_config_wins_over_the_table_and_unknown_models_have_no_price() {
        let mut p = ProviderConfig::defaults("x", ProviderKind::OpenAi, "http://127.0.0.1:1/v1");
        let usage = Usage {
            prompt_tokens: Some(1_000_000),
            completion_tokens: Some(1_000_000),
            ..Usage::default()
        };
        // Built in: $2.50 + $10.
        assert_eq!(
            of(&p, "gpt-4o", &usage).map(|c| c.label()),
            Some("$12.50".into())
        );
        assert_eq!(
            of(&p, "openai/gpt-4o", &usage).map(|c| c.amount),
            Some(12.5)
        );
        assert_eq!(
            of(&p, "claude-opus-4-1-20250805", &usage).map(|c| c.amount),
            Some(90.0)
        );
        // Another model with a known one's name before it: no price.
        assert_eq!(of(&p, "claude-opus-4-5-20251101", &usage), None);
        assert_eq!(of(&p, "gpt-4o-2024-05-13", &usage), None);
        assert_eq!(of(&p, "gpt-4o-mini", &usage).map(|c| c.amount), Some(0.75));
        assert_eq!(
            of(&p, "anthropic/claude-sonnet-4.5", &usage).map(|c| c.amount),
            Some(18.0)
        );
        assert_eq!(of(&p, "my-local-llama", &usage), None, "no made-up number");
        assert_eq!(of(&p, "gpt-4o-turbo-x", &usage), None);
        // The provider's price, then a model's own.
        p.price = Some(Price {
            input: 1.0,
            output: 2.0,
        });
        p.currency = "CNY".into();
        assert_eq!(
            of(&p, "gpt-4o", &usage).map(|c| c.label()),
            Some("¥3.00".into())
        );
        p.model_prices.insert(
            "big".into(),
            Price {
                input: 10.0,
                output: 20.0,
            },
        );
        assert_eq!(
            of(&p, "big", &usage).map(|c| c.label()),
            Some("¥30.00".into())
        );
        // In yuan without a price of its own: the dollar table is not used.
        p.price = None;
        assert_eq!(of(&p, "gpt-4o", &usage), None);
    }
}
