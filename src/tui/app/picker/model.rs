//! A picker as data: its kind, its rows and what they give, the query
//! typed and the rows it matches (fuzzy), the cursor, and for the pickers
//! that take several (Sup.ai's allow-list, a compare's targets) what is
//! ticked.

use std::collections::BTreeSet;

use crate::tui::fuzzy;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerKind {
    /// The model of the provider at this index; free text is allowed.
    Model(usize),
    /// The `models` allow-list of the Sup.ai provider at this index.
    SupAiModels(usize),
    /// A code block of the conversation, to copy.
    CodeBlock,
    /// A prompt preset (the empty value: none).
    Prompt,
    /// A command of the palette (Ctrl+P).
    Command,
    /// The provider for the next message.
    Provider,
    /// A Sup.ai mode.
    Mode,
    /// A file to attach (`/attach`).
    Attach,
    /// The targets of a compare (several).
    CompareTargets,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub kind: PickerKind,
    pub title: String,
    /// What each row shows, and what choosing it gives.
    pub labels: Vec<String>,
    pub values: Vec<String>,
    pub query: String,
    /// Indices of the rows that match the query, best first.
    pub filtered: Vec<usize>,
    pub cursor: usize,
    /// Multi-select: the values chosen.
    pub chosen: BTreeSet<String>,
    /// The value in use now (marked, and where the cursor starts).
    pub current: Option<String>,
    /// Loading, or why the list is incomplete.
    pub note: Option<String>,
}

/// A row of the picker as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// Sup.ai: no allow-list, every model (shown while nothing is typed).
    All,
    Item(usize),
    /// The last row of a model picker: the typed text itself, a model the
    /// list does not know.
    Free(String),
}

/// What Enter in a Sup.ai allow-list picker sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Allow {
    All,
    Only(String),
    Chosen(usize),
}

impl Picker {
    pub fn new(kind: PickerKind, title: String, labels: Vec<String>, values: Vec<String>) -> Self {
        let mut p = Self {
            kind,
            title,
            labels,
            values,
            query: String::new(),
            filtered: Vec::new(),
            cursor: 0,
            chosen: BTreeSet::new(),
            current: None,
            note: None,
        };
        p.refilter();
        p
    }

    pub fn multi(&self) -> bool {
        matches!(
            self.kind,
            PickerKind::SupAiModels(_) | PickerKind::CompareTargets
        )
    }

    /// Marks `value` as the one in use and puts the cursor on it.
    pub fn set_current(&mut self, value: &str) {
        self.current = Some(value.to_owned());
        self.cursor_to_current();
    }

    pub(super) fn cursor_to_current(&mut self) {
        let Some(cur) = &self.current else { return };
        if let Some(i) = (0..self.rows_len())
            .find(|&i| matches!(self.row(i), Some(Row::Item(x)) if self.values[x] == *cur))
        {
            self.cursor = i;
        }
    }

    pub(super) fn refilter(&mut self) {
        self.filtered = fuzzy::filter(&self.query, &self.labels);
        self.cursor = self.cursor.min(self.rows_len().saturating_sub(1));
    }

    /// Replaces the list (after it was fetched), keeping query and choices.
    pub fn set_items(&mut self, labels: Vec<String>, values: Vec<String>) {
        self.labels = labels;
        self.values = values;
        self.refilter();
        if self.query.is_empty() {
            self.cursor_to_current();
        }
    }

    fn all_row(&self) -> bool {
        matches!(self.kind, PickerKind::SupAiModels(_)) && self.query.trim().is_empty()
    }

    fn free_row(&self) -> Option<String> {
        let q = self.query.trim();
        let free = matches!(self.kind, PickerKind::Model(_))
            && !q.is_empty()
            && !self.values.iter().any(|v| v == q);
        free.then(|| q.to_owned())
    }

    pub fn rows_len(&self) -> usize {
        usize::from(self.all_row()) + self.filtered.len() + usize::from(self.free_row().is_some())
    }

    pub fn row(&self, i: usize) -> Option<Row> {
        let i = match (self.all_row(), i) {
            (true, 0) => return Some(Row::All),
            (true, i) => i - 1,
            (false, i) => i,
        };
        match self.filtered.get(i) {
            Some(&x) => Some(Row::Item(x)),
            None if i == self.filtered.len() => self.free_row().map(Row::Free),
            None => None,
        }
    }

    pub(super) fn current_value(&self) -> Option<String> {
        match self.row(self.cursor)? {
            Row::Free(f) => Some(f),
            Row::Item(i) => self.values.get(i).cloned(),
            Row::All => None,
        }
    }

    /// What Enter would send, for a Sup.ai allow-list: the ticked models;
    /// with none ticked, the highlighted one alone, or all on the "all" row.
    pub fn allow(&self) -> Allow {
        if !self.chosen.is_empty() {
            return Allow::Chosen(self.chosen.len());
        }
        match self.row(self.cursor) {
            Some(Row::Item(i)) => Allow::Only(self.values[i].clone()),
            _ => Allow::All,
        }
    }

    /// Space: ticks or unticks the highlighted model; on "all", unticks all.
    pub(super) fn toggle(&mut self) {
        match self.row(self.cursor) {
            Some(Row::All) => self.chosen.clear(),
            Some(Row::Item(i)) => {
                let v = self.values[i].clone();
                if !self.chosen.remove(&v) {
                    self.chosen.insert(v);
                }
            }
            _ => {}
        }
    }

    /// Adds to the query (typed or pasted); the best match is highlighted.
    pub fn type_str(&mut self, s: &str) {
        self.query.push_str(s);
        self.cursor = 0;
        self.refilter();
    }

    pub(super) fn move_cursor(&mut self, by: isize) {
        let n = self.rows_len();
        if n == 0 {
            return;
        }
        self.cursor = (self.cursor as isize + by).clamp(0, n as isize - 1) as usize;
    }
}
