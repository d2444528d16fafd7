//! Tool calls on screen. The chat session runs the tool loop; here is the
//! approval panel that asks the user about a call that needs a yes (it sits
//! above the input box: y runs, n declines, a allows the tool for the rest
//! of the session, Esc cancels the turn; the conversation stays
//! scrollable), and the cells that show each call's state.

use std::time::{Duration, Instant};
use supchat_core::config::commands::Action;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::layers::{ApprovalLayer, Kind, Layer};
use super::{App, Effect};
use crate::tui::cells::CellKind;
use supchat_chat::ToolResult;
use supchat_core::engine::Now;
use supchat_core::tools::{Answer, Batch, State};

/// What the approval panel shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub tool: String,
    /// The arguments as indented JSON (as written when they do not parse).
    pub arguments: String,
    /// What runs: the command line, or the built-in.
    pub runs: String,
    /// Why a tool that runs without asking asks this time (a file built-in
    /// reaching a secret).
    pub why: Option<String>,
    /// This call's place among those waiting, and how many wait.
    pub position: usize,
    pub waiting: usize,
    /// Rows of the arguments scrolled away.
    pub scroll: usize,
    /// Until then, keys still go to the draft (the panel came up while the
    /// user was typing): a stray letter answers nothing.
    pub armed_at: Option<Instant>,
    /// The compare lane whose call it is (`2 Supage · m`).
    pub from: Option<String>,
}

/// How long the approval panel waits, after it appears and after each key
/// typed into the draft meanwhile, before y, n and a answer it.
pub const ARMING: Duration = Duration::from_millis(700);

/// The approval panel is this many rows at most (a third of the screen
/// would be too little for a long command, half is enough).
pub fn approval_rows(a: &Approval, screen_rows: u16, width: u16) -> usize {
    let screen_rows = screen_rows.saturating_sub(6);
    let inner = usize::from(width.saturating_sub(4)).max(10);
    let args: usize = a
        .arguments
        .lines()
        .map(|l| crate::tui::render::wrap::width(l).div_ceil(inner).max(1))
        .sum();
    // The top border (the title), "runs", the arguments, the bottom border
    // (the keys).
    // Up to two thirds of what the bars leave: the call is what matters
    // while it waits.
    let want = args + 3 + usize::from(a.why.is_some());
    want.min(usize::from(screen_rows) * 2 / 3).max(5)
}

impl App {
    /// The reply called tools: the calls' cells show their state.
    pub(super) fn begin_tools(&mut self) {
        self.touch_tool_cells();
    }

    /// The approval panel is open while a call waits for the user, and no
    /// longer: it comes up armed after a pause (the user may be typing),
    /// and stays armed while the user answers call after call.
    pub(super) fn sync_approval(&mut self, now: Instant) {
        match (
            self.asker().asking().is_some(),
            self.layers.approval().is_some(),
        ) {
            (true, false) => self.layers.open(Layer::Approval(ApprovalLayer {
                scroll: 0,
                armed_at: now + ARMING,
            })),
            (false, true) => self.layers.close(Kind::Approval),
            _ => {}
        }
    }

    /// A tool finished.
    pub(super) fn on_tool_done(&mut self, turn: u64, index: usize, result: ToolResult, now: Now) {
        let outs = self.session.tool_done(turn, index, result, now);
        self.touch_tool_cells();
        self.present(outs, now);
    }

    /// The tool cells of the batch show their state (waiting, running).
    pub(super) fn touch_tool_cells(&mut self) {
        let Some(reply) = self.session.batch().map(|b| b.reply) else {
            return;
        };
        for i in 0..self.cells.list.len() {
            if matches!(self.cells.list[i].kind, CellKind::ToolCall { reply: r, .. } if r == reply)
            {
                self.cells.touch(i);
            }
        }
    }

    /// Whether any tools are configured.
    pub fn tools_offered(&self) -> bool {
        !self.session.toolbox().is_empty()
    }

    /// The calls under way, if any.
    pub fn tool_batch(&self) -> Option<&Batch> {
        self.session.batch()
    }

    /// What the approval panel shows, while a call waits for the user.
    pub fn approval(&self) -> Option<Approval> {
        let b = self.asker().batch()?;
        let i = b.asking()?;
        let call = &b.items[i].call;
        let arguments = supchat_chat::text::pretty_json(&call.arguments);
        let waiting = b.asking_count();
        let before = b.items[..i]
            .iter()
            .filter(|it| {
                matches!(
                    it.state,
                    State::Finished(_) | State::Running(_) | State::Approved(_)
                )
            })
            .count();
        let runs = self
            .asker()
            .toolbox()
            .get(&call.name)
            .map(|t| t.what_runs())
            .unwrap_or_default();
        Some(Approval {
            tool: call.name.clone(),
            arguments,
            runs,
            why: b.items[i].why.clone(),
            position: before + 1,
            waiting: before + waiting,
            scroll: self.layers.approval().map_or(0, |l| l.scroll),
            armed_at: self.layers.approval().map(|l| l.armed_at),
            from: self.asking_lane().and_then(|i| {
                let c = self.compare.as_ref()?;
                Some(format!(
                    "{} {}",
                    i + 1,
                    supchat_chat::text::sanitize_line(&c.lanes[i].label)
                ))
            }),
        })
    }

    /// Keys while a call waits for approval: the answer, scrolling, and
    /// what always works (quit, suspend, cancel).
    pub(super) fn on_approval_key(&mut self, k: KeyEvent, clock: Now) -> Option<Vec<Effect>> {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let action = self.action_of(&k);
        // Not armed yet: the key is the draft's, and the wait starts over.
        let layer = self.layers.approval_mut()?;
        if clock.mono < layer.armed_at {
            let typing = matches!(
                k.code,
                KeyCode::Char(_) | KeyCode::Backspace | KeyCode::Delete | KeyCode::Enter
            );
            if typing && !ctrl {
                layer.armed_at = clock.mono + ARMING;
            }
            return None;
        }
        let answer = match k.code {
            KeyCode::Char('y' | 'Y') if !ctrl => Answer::Yes,
            KeyCode::Char('n' | 'N') if !ctrl => Answer::No,
            KeyCode::Char('a' | 'A') if !ctrl => Answer::Always,
            KeyCode::Up => {
                layer.scroll = layer.scroll.saturating_sub(1);
                return Some(Vec::new());
            }
            KeyCode::Down => {
                layer.scroll = layer.scroll.saturating_add(1);
                return Some(Vec::new());
            }
            // Scrolling, Esc, Ctrl+C, Ctrl+Z and the keys that look or
            // choose (quit, help, the pickers, folding) go on as usual;
            // typing does not reach the hidden draft.
            KeyCode::PageUp | KeyCode::PageDown | KeyCode::Home | KeyCode::End | KeyCode::Esc => {
                return None;
            }
            KeyCode::Char('c' | 'z') if ctrl => return None,
            _ if action.is_some_and(goes_on_while_asking) => return None,
            _ => {
                self.flash(supchat_i18n::tr("flash-tool-waits"), clock.mono);
                return Some(Vec::new());
            }
        };
        let name = self.asker().asking()?.name.clone();
        let lane = self.asking_lane();
        let outs = match (lane, self.compare.as_mut()) {
            (Some(i), Some(c)) => {
                let outs = c.lanes[i].session.answer(answer, clock);
                self.present_lane(i, outs, clock);
                Vec::new()
            }
            _ => self.session.answer(answer, clock),
        };
        if answer == Answer::Always {
            self.flash(
                supchat_i18n::tr!(
                    "flash-tool-always",
                    tool = supchat_core::mcp::display_name(&name).into_owned()
                ),
                clock.mono,
            );
        }
        if let Some(l) = self.layers.approval_mut() {
            l.scroll = 0;
        }
        // The next call that asks is armed at once: the user is answering.
        self.touch_tool_cells();
        self.present(outs, clock);
        // What it starts goes out through `effects_out`.
        Some(Vec::new())
    }

    /// A new or opened conversation: nothing queued for the last one is
    /// sent, and nothing of it stays selected.
    pub(super) fn forget_tools(&mut self) {
        self.queue.clear();
        // A compare's view and the wire kept are this conversation's (the
        // next one numbers its entries from 1 again).
        self.compare = None;
        self.compare_next = None;
        self.wire = Default::default();
        self.layers.close(Kind::Selection);
        self.editing = None;
    }
}

/// The actions whose keys work while a tool call waits for an answer:
/// quitting, the help, the pickers and what folds or shows.
fn goes_on_while_asking(action: Action) -> bool {
    matches!(
        action,
        Action::Quit
            | Action::Help
            | Action::Provider
            | Action::Mode
            | Action::Model
            | Action::Sessions
            | Action::Details
            | Action::Panel
            | Action::Prompt
            | Action::Reasoning
            | Action::Long
            | Action::Mcp
    )
}
