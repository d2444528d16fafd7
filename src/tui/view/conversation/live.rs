//! The reply being written, as the pane draws it: its head, its reasoning
//! and its answer, each a growing render of its own (only their tails are
//! rendered again as text arrives), and what goes under it.

use ratatui::text::Line;

use crate::tui::render::stream::StreamMarkdown;
use crate::tui::theme::Theme;

/// Live rendering state of the reply that is streaming.
pub(super) struct Live {
    pub(super) id: u64,
    pub(super) head: Vec<Line<'static>>,
    pub(super) reasoning: StreamMarkdown,
    pub(super) show_reasoning: bool,
    /// A blank line between the reasoning and the answer.
    pub(super) foot_gap: bool,
    pub(super) text: StreamMarkdown,
    pub(super) foot: Vec<Line<'static>>,
}

impl Default for Live {
    fn default() -> Self {
        Self::new(0, Theme::default())
    }
}

impl Live {
    pub(super) fn new(id: u64, th: Theme) -> Self {
        Self {
            id,
            head: Vec::new(),
            reasoning: StreamMarkdown::plain(th.reasoning()),
            show_reasoning: false,
            foot_gap: false,
            text: StreamMarkdown::default().with_theme(th),
            foot: Vec::new(),
        }
    }

    /// Rows of the answer and of what is under it.
    pub(super) fn answer_and_foot(&self) -> (usize, usize) {
        (self.text.len(), self.foot.len())
    }

    pub(super) fn len(&self) -> usize {
        let r = if self.show_reasoning {
            self.reasoning.len()
        } else {
            0
        };
        self.head.len() + r + usize::from(self.foot_gap) + self.text.len() + self.foot.len()
    }

    pub(super) fn lines(&self) -> impl Iterator<Item = &Line<'static>> + '_ {
        let reasoning = self
            .show_reasoning
            .then(|| self.reasoning.lines())
            .into_iter()
            .flatten();
        let gap = self.foot_gap.then_some(&BLANK);
        self.head
            .iter()
            .chain(reasoning)
            .chain(gap)
            .chain(self.text.lines())
            .chain(self.foot.iter())
    }
}

static BLANK: Line<'static> = Line {
    style: ratatui::style::Style::new(),
    alignment: None,
    spans: Vec::new(),
};
