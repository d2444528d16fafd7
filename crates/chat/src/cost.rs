//! What a reply cost: its tokens at a price per million, in a currency;
//! added up per currency for a session. Never a made-up number: no price,
//! or a count the server did not give, is no cost.

use serde::{Deserialize, Serialize};

use crate::{Conversation, EntryKind, Usage};

/// A price per million input and output tokens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Price {
    pub input: f64,
    pub output: f64,
}

/// An amount of money, as charged for a reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cost {
    pub amount: f64,
    /// `USD`, `CNY`, `EUR` or whatever the config names.
    pub currency: String,
}

// An amount is never NaN (`of` makes none, and sums stay finite), so
// equality is total.
impl Eq for Cost {}

impl Cost {
    /// The cost of `usage` at `price`: none unless both counts came.
    pub fn of(usage: &Usage, price: Price, currency: &str) -> Option<Cost> {
        let (i, o) = (usage.prompt_tokens?, usage.completion_tokens?);
        let amount = (i as f64 * price.input + o as f64 * price.output) / 1e6;
        (amount.is_finite() && amount >= 0.0).then(|| Cost {
            amount,
            currency: currency.to_owned(),
        })
    }

    /// Whether it can be shown and added: a finite amount from 0, in a
    /// currency of 1-8 letters (one read from a file may be anything).
    pub fn is_sound(&self) -> bool {
        self.amount.is_finite()
            && self.amount >= 0.0
            && (1..=8).contains(&self.currency.len())
            && self.currency.chars().all(|c| c.is_ascii_alphabetic())
    }

    /// `$0.0042`, `¥1.20`, `0.031 CHF`: more digits for small amounts, so
    /// that a cheap reply does not read as nothing (`<$0.0001` below that).
    pub fn label(&self) -> String {
        // `-0.0` reads as 0.
        let a = (self.amount + 0.0).max(0.0);
        if a > 0.0 && a < 0.000_05 {
            return self.with_sign("<", "0.0001");
        }
        let digits = if a == 0.0 || a >= 1.0 {
            2
        } else if a >= 0.01 {
            3
        } else {
            4
        };
        // Absurd amounts (a server's absurd usage) stay readable.
        let n = if a >= 1e9 {
            format!("{a:.3e}")
        } else {
            format!("{a:.digits$}")
        };
        self.with_sign("", &n)
    }

    /// `n` with the currency's sign (`$`, `€`, `£`, `¥`) or code after it,
    /// `before` first (`<`).
    fn with_sign(&self, before: &str, n: &str) -> String {
        match self.currency.as_str() {
            "USD" => format!("{before}${n}"),
            "EUR" => format!("{before}€{n}"),
            "GBP" => format!("{before}£{n}"),
            "CNY" | "RMB" | "JPY" => format!("{before}¥{n}"),
            c => format!("{before}{n} {c}"),
        }
    }
}

/// What the replies of `conv` cost, every branch counted (each was paid
/// for), a sum per currency in the order first seen; empty when no reply
/// had a price.
pub fn total(conv: &Conversation) -> Vec<Cost> {
    let mut sums: Vec<Cost> = Vec::new();
    for e in conv.entries() {
        let EntryKind::Assistant(a) = &e.kind else {
            continue;
        };
        // A cost read from a file may be anything: only sound ones count.
        let Some(c) = a
            .stats
            .as_ref()
            .and_then(|s| s.cost.as_ref())
            .filter(|c| c.is_sound())
        else {
            continue;
        };
        match sums.iter_mut().find(|s| s.currency == c.currency) {
            // Absurd figures (a lying server) stay a number.
            Some(s) => s.amount = (s.amount + c.amount).min(f64::MAX),
            None => sums.push(c.clone()),
        }
    }
    sums
}

/// `$0.12`, or `$0.12 + ¥0.40` when replies were priced in two currencies.
pub fn labels(costs: &[Cost]) -> Option<String> {
    (!costs.is_empty()).then(|| {
        costs
            .iter()
            .map(Cost::label)
            .collect::<Vec<_>>()
            .join(" + ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(i: Option<u64>, o: Option<u64>) -> Usage {
        Usage {
            prompt_tokens: i,
            completion_tokens: o,
            ..Usage::default()
        }
    }

    #[test]
    fn a_turn_costs_its_tokens_at_the_price() {
        let p = Price {
            input: 3.0,
            output: 15.0,
        };
        // 1,200 in and 350 out at $3/$15 per million: 0.0036 + 0.00525.
        let c = Cost::of(&usage(Some(1200), Some(350)), p, "USD").unwrap();
        assert!((c.amount - 0.008_85).abs() < 1e-12, "{c:?}");
        assert_eq!(c.label(), "$0.0089");
        assert_eq!(Cost::of(&usage(None, Some(350)), p, "USD"), None);
        assert_eq!(Cost::of(&usage(Some(1), None), p, "USD"), None);
        let big = Cost::of(&usage(Some(u64::MAX), Some(u64::MAX)), p, "USD").unwrap();
        assert!(big.label().starts_with('$') && big.label().contains('e'));
        let yuan = Cost {
            amount: 1.2,
            currency: "CNY".into(),
        };
        assert_eq!(yuan.label(), "¥1.20");
        let other = Cost {
            amount: 0.031,
            currency: "CHF".into(),
        };
        assert_eq!(other.label(), "0.031 CHF");
        // Tiny is not nothing; -0 is 0.
        let tiny = Cost::of(&usage(Some(1), Some(1)), p, "USD").unwrap();
        assert_eq!(tiny.label(), "<$0.0001");
        let zero = Cost {
            amount: -0.0,
            currency: "EUR".into(),
        };
        assert_eq!(zero.label(), "€0.00");
        // What a file may hold is not added.
        for bad in [
            (f64::INFINITY, "USD"),
            (-5.0, "USD"),
            (1.0, "x\u{1b}[31m"),
            (1.0, ""),
        ] {
            let c = Cost {
                amount: bad.0,
                currency: bad.1.into(),
            };
            assert!(!c.is_sound(), "{c:?}");
        }
    }
}
