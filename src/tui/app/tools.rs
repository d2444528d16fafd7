//! Tool calls on screen: when a reply calls tools, each call is checked and
//! approved (the config, the session's "always", or the user in the
//! approval panel that takes the input box's place: y runs, n declines, a
//! allows the tool for the rest of the session, Esc cancels the turn; the
//! conversation stays scrollable), the approved ones run off the loop, and
//! once every call has its result the turn goes on by itself.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Effect};
use crate::tui::cells::{CellKind, LiveReply};
use supchat_chat::{EntryId, ToolCall, ToolResult};
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
    /// This call's place among those waiting, and how many wait.
    pub position: usize,
    pub waiting: usize,
    /// Rows of the arguments scrolled away.
    pub scroll: usize,
    /// Until then, keys still go to the draft (the panel came up while the
    /// user was typing): a stray letter answers nothing.
    pub armed_at: Option<Instant>,
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
    let want = args + 3;
    want.min(usize::from(screen_rows) / 2).max(5)
}

impl App {
    /// The reply `reply` of `turn` called these tools: check them, and run
    /// those that need no one's yes.
    pub(super) fn begin_tools(
        &mut self,
        turn: u64,
        reply: EntryId,
        calls: Vec<ToolCall>,
        now: Instant,
    ) {
        let batch = Batch::new(turn, reply, calls, &self.toolbox, &self.allowed_tools);
        self.tools = Some(batch);
        self.approval_scroll = 0;
        self.approval_armed_at = Some(now + ARMING);
        self.advance_tools(Now {
            mono: now,
            wall: std::time::SystemTime::now(),
        });
    }

    /// Starts what is approved; once every call has a result, hands them to
    /// the engine and sends the next request.
    fn advance_tools(&mut self, now: Now) {
        let Some(batch) = &mut self.tools else { return };
        let jobs = batch.take_jobs(&self.toolbox);
        let turn = batch.turn;
        if !jobs.is_empty() {
            self.effects_out.push(Effect::RunTools { turn, jobs });
        }
        self.touch_tool_cells();
        if !self.tools.as_ref().is_some_and(Batch::is_done) {
            return;
        }
        let Some(batch) = self.tools.take() else {
            return;
        };
        match self.engine.tool_results(turn, batch.results(), now) {
            Ok((request, outs)) => {
                self.present(outs, now.mono);
                let cell = self.cells.push(CellKind::Reply(None));
                let source = request.provider.label();
                self.live = Some(LiveReply::new(cell, source, now.mono));
                self.effects_out.push(Effect::StartTurn(Box::new(request)));
            }
            Err(e) => self.flash(e.to_string(), now.mono),
        }
    }

    /// A tool finished.
    pub(super) fn on_tool_done(&mut self, turn: u64, index: usize, result: ToolResult, now: Now) {
        match &mut self.tools {
            Some(b) if b.turn == turn => b.finish(index, result),
            // A cancelled turn's tool: its result is not wanted.
            _ => return,
        }
        self.advance_tools(now);
    }

    /// The tool cells of the batch show their state (waiting, running).
    fn touch_tool_cells(&mut self) {
        let Some(reply) = self.tools.as_ref().map(|b| b.reply) else {
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
        !self.toolbox.is_empty()
    }

    /// The calls under way, if any.
    pub fn tool_batch(&self) -> Option<&Batch> {
        self.tools.as_ref()
    }

    /// What the approval panel shows, while a call waits for the user.
    pub fn approval(&self) -> Option<Approval> {
        let b = self.tools.as_ref()?;
        let i = b.asking()?;
        let call = &b.items[i].call;
        let arguments = serde_json::from_str::<serde_json::Value>(&call.arguments)
            .ok()
            .and_then(|v| serde_json::to_string_pretty(&v).ok())
            .unwrap_or_else(|| call.arguments.clone());
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
            .toolbox
            .get(&call.name)
            .map(|t| t.what_runs())
            .unwrap_or_default();
        Some(Approval {
            tool: call.name.clone(),
            arguments,
            runs,
            position: before + 1,
            waiting: before + waiting,
            scroll: self.approval_scroll,
            armed_at: self.approval_armed_at,
        })
    }

    /// Keys while a call waits for approval: the answer, scrolling, and
    /// what always works (quit, suspend, cancel).
    pub(super) fn on_approval_key(&mut self, k: KeyEvent, clock: Now) -> Option<Vec<Effect>> {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        // Not armed yet: the key is the draft's, and the wait starts over.
        if self.approval_armed_at.is_some_and(|t| clock.mono < t) {
            let typing = matches!(
                k.code,
                KeyCode::Char(_) | KeyCode::Backspace | KeyCode::Delete | KeyCode::Enter
            );
            if typing && !ctrl {
                self.approval_armed_at = Some(clock.mono + ARMING);
            }
            return None;
        }
        let answer = match k.code {
            KeyCode::Char('y' | 'Y') if !ctrl => Answer::Yes,
            KeyCode::Char('n' | 'N') if !ctrl => Answer::No,
            KeyCode::Char('a' | 'A') if !ctrl => Answer::Always,
            KeyCode::Up => {
                self.approval_scroll = self.approval_scroll.saturating_sub(1);
                return Some(Vec::new());
            }
            KeyCode::Down => {
                self.approval_scroll = self.approval_scroll.saturating_add(1);
                return Some(Vec::new());
            }
            // Scrolling, Esc, Ctrl+C, Ctrl+Q, Ctrl+Z and the F-keys go on
            // as usual; typing does not reach the hidden draft.
            KeyCode::PageUp | KeyCode::PageDown | KeyCode::Home | KeyCode::End | KeyCode::Esc => {
                return None;
            }
            KeyCode::F(_) => return None,
            KeyCode::Char('c' | 'q' | 'z' | 't' | 'l') if ctrl => return None,
            _ => {
                self.flash(
                    "a tool call waits: y runs it, n declines, a always · Esc stops the turn",
                    clock.mono,
                );
                return Some(Vec::new());
            }
        };
        let b = self.tools.as_mut()?;
        let i = b.asking()?;
        b.answer(i, answer, &mut self.allowed_tools);
        if answer == Answer::Always
            && let Some(name) = b.items.get(i).map(|it| it.call.name.clone())
        {
            self.flash(
                format!("{name} runs without asking for the rest of this session"),
                clock.mono,
            );
        }
        self.approval_scroll = 0;
        // The next call that asks is armed at once: the user is answering.
        self.advance_tools(clock);
        // What it starts goes out through `effects_out`.
        Some(Vec::new())
    }

    /// Esc / Ctrl+C while tools wait or run: they are stopped with the
    /// turn; what did finish is kept.
    pub(super) fn cancel_tools(&mut self) -> Option<(Effect, Vec<ToolResult>)> {
        let b = self.tools.take()?;
        let turn = b.turn;
        Some((Effect::CancelTools(turn), b.cancelled()))
    }

    /// A new or opened conversation: what was allowed for the last one is
    /// not, and nothing queued for it is sent.
    pub(super) fn forget_tools(&mut self) {
        self.tools = None;
        self.allowed_tools.clear();
        // Messages queued for the old conversation are not sent to the new.
        self.queue.clear();
        self.selected = None;
        self.editing = None;
    }
}
