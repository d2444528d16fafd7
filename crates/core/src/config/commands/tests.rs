//! The command table: one row per action, one name per key.

use super::*;

#[test]
fn every_action_has_one_row_and_names_are_unique() {
    let mut actions: Vec<Action> = COMMANDS.iter().map(|c| c.action).collect();
    actions.sort();
    actions.dedup();
    assert_eq!(actions.len(), COMMANDS.len(), "one row per action");
    assert_eq!(command(Action::Quit).slash, Some("quit"));
    for names in [
        COMMANDS.iter().filter_map(|c| c.slash).collect::<Vec<_>>(),
        COMMANDS
            .iter()
            .filter_map(|c| c.key.map(|k| k.name))
            .collect(),
    ] {
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len(), "no name twice: {names:?}");
    }
    assert!(
        COMMANDS
            .iter()
            .all(|c| c.slash.is_some() || c.key.is_some())
    );
    // Every key is listed once.
    for c in COMMANDS.iter().filter(|c| c.key.is_some()) {
        let n = KEYS
            .iter()
            .filter(|r| **r == KeyRow::Bound(c.action))
            .count();
        assert_eq!(n, 1, "{:?} is listed {n} times among the keys", c.action);
    }
}
