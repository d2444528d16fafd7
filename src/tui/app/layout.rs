//! Where everything goes on the screen, worked out in one place from the
//! app's state and the screen's size: the frame is drawn into these areas,
//! and paging measures the conversation by them.

use ratatui::layout::{Constraint, Layout, Rect};

use super::App;
use crate::tui::input_box;

/// The screen's areas, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScreenLayout {
    pub header: Rect,
    /// The conversation.
    pub conversation: Rect,
    /// The Sup.ai run panel of the latest reply, when it shows: at the
    /// right on wide screens, else below the conversation.
    pub panel: Option<Rect>,
    /// The commands a `/word` in the draft may be.
    pub hints: Rect,
    pub queued: Rect,
    /// The tool call waiting for approval.
    pub approval: Rect,
    /// The input box, its top border included.
    pub input: Rect,
    pub footer: Rect,
}

impl App {
    /// The screen's layout for a frame of `area`.
    pub fn layout(&self, area: Rect) -> ScreenLayout {
        let [header, body, hints, queued, approval, input, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(self.hint_rows() as u16),
            Constraint::Length(self.queued_rows() as u16),
            Constraint::Length(self.approval_panel_rows(area) as u16),
            Constraint::Length(self.input_rows(area) as u16 + 1),
            Constraint::Length(1),
        ])
        .areas(area);
        let (conversation, panel) = self.split_for_panel(body);
        ScreenLayout {
            header,
            conversation,
            panel,
            hints,
            queued,
            approval,
            input,
            footer,
        }
    }

    /// The whole screen, as last told.
    pub fn screen(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    /// Rows of the conversation view, as the layout gives them.
    pub fn conversation_rows(&self) -> usize {
        usize::from(self.layout(self.screen()).conversation.height)
    }

    /// Room for the Sup.ai run panel of the latest reply, when it has a run
    /// and the panel is not folded: at the right on wide screens, else below.
    fn split_for_panel(&self, body: Rect) -> (Rect, Option<Rect>) {
        let Some((run, _)) = self.latest_run().filter(|(r, _)| !r.is_empty()) else {
            return (body, None);
        };
        if self.supai_panel_folded() {
            return (body, None);
        }
        if body.width >= 100 {
            let w = (body.width * 2 / 5).clamp(34, 60);
            let [left, right] =
                Layout::horizontal([Constraint::Min(40), Constraint::Length(w)]).areas(body);
            (left, Some(right))
        } else {
            let rows = u16::try_from(run.threads.len())
                .unwrap_or(u16::MAX)
                .saturating_mul(2)
                .saturating_add(3);
            let h = rows.min(body.height / 2).max(3.min(body.height));
            let [top, bottom] =
                Layout::vertical([Constraint::Min(1), Constraint::Length(h)]).areas(body);
            (top, Some(bottom))
        }
    }

    /// Rows of the approval panel on a screen of `area`, while a tool call
    /// waits (it sits above the input box).
    fn approval_panel_rows(&self, area: Rect) -> usize {
        self.approval()
            .map_or(0, |a| super::approval_rows(&a, area.height, area.width))
    }

    /// Rows hinting at the commands a `/word` in the draft may be (four
    /// at most).
    fn hint_rows(&self) -> usize {
        match self.command_hints().len() {
            0 => usize::from(!self.attach_chips().is_empty()),
            n => n.min(4),
        }
    }

    /// Rows showing queued messages: one each, three at most.
    fn queued_rows(&self) -> usize {
        self.queue.len().min(3)
    }

    /// Height of the input box on a screen of `area`: the draft's wrapped
    /// rows (at least one, at most a third of the screen).
    fn input_rows(&self, area: Rect) -> usize {
        if self.layers.find().is_some() {
            return 1;
        }
        let cap = usize::from(input_box::cap(area.height));
        input_box::screen_rows(&self.input).min(cap)
    }
}
