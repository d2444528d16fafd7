//! Carrying out what `ask`'s chat session decides, one step after another:
//! requests are sent and streamed to the printer, tool calls are asked
//! about on the terminal (or approved, or declined, as the policy says) and
//! run, and what is to be saved goes to the journal.

use std::collections::VecDeque;
use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use supchat_api::StreamEvent;
use supchat_chat::text::visible_line;
use supchat_chat::{Approval, EntryKind};
use supchat_core::engine::{ClientPool, Now, TurnRequest};
use supchat_core::session::{ChatSession, Out, Records};
use supchat_core::tools::{Answer, Job};

use crate::tui::print::AskPrinter;
use supchat_i18n::tr;

/// Who can be asked about a tool call: a terminal on stdin and stderr.
pub fn can_ask() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Why calls that ask before they run are declined.
fn why_not_asked() -> String {
    if std::io::stdin().is_terminal() {
        tr!("cli-ask-no-stderr-terminal")
    } else {
        tr!("cli-ask-no-stdin-terminal")
    }
}

pub struct Driver<'a> {
    pub out: &'a mut AskPrinter,
    pub records: Option<&'a Records>,
    pub pool: &'a Arc<ClientPool>,
    /// Set when the run is stopped: a tool still running is killed.
    pub cancel: &'a Arc<AtomicBool>,
    /// Nobody is asked: declines are said as they happen, with why.
    pub asks: bool,
    request: Option<Box<TurnRequest>>,
    jobs: Vec<(u64, Job)>,
    /// Tools that may run at once (`max_parallel_tools`).
    slots: Arc<tokio::sync::Semaphore>,
    /// `--wire FILE`: where what goes over the wire is written.
    pub wire: Option<&'a super::wire::WireFile>,
}

impl<'a> Driver<'a> {
    pub fn new(
        out: &'a mut AskPrinter,
        records: Option<&'a Records>,
        pool: &'a Arc<ClientPool>,
        cancel: &'a Arc<AtomicBool>,
        asks: bool,
        parallel: u32,
    ) -> Self {
        Self {
            out,
            records,
            pool,
            cancel,
            asks,
            request: None,
            jobs: Vec::new(),
            slots: Arc::new(tokio::sync::Semaphore::new(parallel.max(1) as usize)),
            wire: None,
        }
    }

    /// Carries out `outs` and all that follows from them, until the turn
    /// is over.
    pub async fn run(&mut self, s: &mut ChatSession, outs: Vec<Out>) {
        let mut queue: VecDeque<Out> = outs.into();
        loop {
            while let Some(o) = queue.pop_front() {
                self.handle(s, o);
            }
            if self.asks && s.asking().is_some() {
                let answer = self.ask(s).await;
                queue.extend(s.answer(answer, Now::read()));
                continue;
            }
            if !self.jobs.is_empty() {
                queue.extend(self.run_tools(s).await);
                continue;
            }
            let Some(request) = self.request.take() else {
                return;
            };
            queue.extend(self.send(s, &request).await);
        }
    }

    /// Saves what needs it (also on the way out, after a cancel).
    pub fn save_all(&mut self, s: &ChatSession, outs: Vec<Out>) {
        for o in outs {
            self.handle(s, o);
        }
    }

    fn handle(&mut self, s: &ChatSession, o: Out) {
        match o {
            Out::Send(r) => self.request = Some(r),
            Out::RunTools { turn, jobs } => self.jobs.extend(jobs.into_iter().map(|j| (turn, j))),
            Out::Save(w) => {
                if let Some(r) = self.records {
                    r.write(w);
                }
            }
            Out::ToolsBegan { .. } => self.say_calls(s),
            Out::Declined(names) => {
                for (name, why) in names {
                    let asks = match why {
                        Some(why) => tr!("cli-ask-asks-because", why = visible_line(&why)),
                        None => tr!("cli-ask-asks-before"),
                    };
                    self.out.note(&tr!(
                        "cli-ask-declined-unasked",
                        name = visible_line(&name),
                        asks = asks,
                        why = why_not_asked()
                    ));
                }
            }
            Out::Changed(c) => {
                self.say_result(s, c.entry);
                self.out.present(s.conversation(), &Out::Changed(c));
            }
            Out::StopRequest(_) | Out::StopTools(_) => {}
            other => self.out.present(s.conversation(), &other),
        }
    }

    /// Each call of the batch that began, on its own line.
    fn say_calls(&mut self, s: &ChatSession) {
        self.out.end_line();
        let Some(b) = s.batch() else { return };
        for it in &b.items {
            self.out.note(&format!(
                "⚙ {} {}",
                supchat_core::mcp::display_name(&it.call.name),
                short(&args_line(&it.call.arguments), 300)
            ));
        }
    }

    /// How a call went, once its result is in the conversation.
    fn say_result(&mut self, s: &ChatSession, entry: supchat_chat::EntryId) {
        let Some(EntryKind::ToolResult(r)) = s.conversation().get(entry).map(|e| &e.kind) else {
            return;
        };
        // Not run at all: the notice that follows says why, once.
        if r.approval.is_none() && r.content.starts_with(super::for_model::NOT_RUN) {
            return;
        }
        let name = supchat_chat::text::sanitize_line(&supchat_core::mcp::display_name(&r.name));
        let line = match r.approval {
            // Said when it was declined, with why.
            Some(Approval::Declined) if !self.asks => return,
            Some(Approval::Declined) => tr!("cli-ask-tool-declined", name = name),
            _ if r.is_error => {
                let first = r.content.lines().next().unwrap_or("");
                tr!("cli-ask-tool-failed", name = name, why = short(first, 200))
            }
            _ => tr!(
                "cli-ask-tool-returned",
                name = name,
                n = r.content.chars().count()
            ),
        };
        self.out.note(&line);
    }

    /// Asks about the call waiting for a yes, on the terminal.
    async fn ask(&mut self, s: &ChatSession) -> Answer {
        let Some(call) = s.asking() else {
            return Answer::No;
        };
        let what = s
            .toolbox()
            .get(&call.name)
            .map(|t| t.what_runs())
            .unwrap_or_default();
        let why = s
            .batch()
            .and_then(|b| b.asking().and_then(|i| b.items[i].why.clone()))
            .map(|w| tr!("cli-ask-prompt-because", why = visible_line(&w)))
            .unwrap_or_default();
        self.out.ask(&tr!(
            "cli-ask-prompt",
            name = visible_line(&call.name),
            args = short(&visible_line(&args_line(&call.arguments)), 300),
            what = what,
            because = why
        ));
        let line = tokio::task::spawn_blocking(|| {
            let mut s = String::new();
            std::io::stdin().read_line(&mut s).map(|_| s)
        })
        .await;
        self.out.answered();
        match line.ok().and_then(Result::ok).as_deref().map(str::trim) {
            Some("y" | "Y" | "yes") => Answer::Yes,
            Some("a" | "A" | "always") => Answer::Always,
            Some("n" | "N" | "no" | "") => Answer::No,
            Some(other) => {
                self.out.note(&tr!(
                    "cli-ask-bad-answer",
                    answer = format!("{:?}", visible_line(other))
                ));
                Answer::No
            }
            // End of input (Ctrl+D).
            None => Answer::No,
        }
    }

    /// Runs the approved calls side by side (each a blocking job), at most
    /// `max_parallel_tools` at once.
    async fn run_tools(&mut self, s: &mut ChatSession) -> Vec<Out> {
        let mut running = Vec::new();
        for (turn, job) in std::mem::take(&mut self.jobs) {
            let index = job.index;
            let flag = Arc::clone(self.cancel);
            let slots = Arc::clone(&self.slots);
            running.push((
                turn,
                index,
                tokio::spawn(async move {
                    let _slot = slots.acquire_owned().await.ok()?;
                    tokio::task::spawn_blocking(move || job.run(&flag))
                        .await
                        .ok()
                }),
            ));
        }
        let mut outs = Vec::new();
        for (turn, index, h) in running {
            if let Ok(Some(r)) = h.await {
                outs.extend(s.tool_done(turn, index, r, Now::read()));
            }
        }
        outs
    }

    /// Sends one request, streaming what arrives to the printer.
    async fn send(&mut self, s: &mut ChatSession, request: &TurnRequest) -> Vec<Out> {
        let turn = request.turn;
        let pool = Arc::clone(self.pool);
        let end = {
            let provider = request.provider.name.as_str();
            let mut sink = |ev: &StreamEvent| {
                if let StreamEvent::Wire(w) = ev {
                    if let Some(f) = self.wire {
                        f.write(turn, provider, w);
                    }
                    return;
                }
                for o in s.on_event(turn, ev, Now::read()) {
                    self.handle(s, o);
                }
            };
            pool.run(request, &mut sink).await
        };
        s.on_end(turn, end, Now::read())
    }
}

/// `s` on one line, cut to `max` cells (the one cut of the screen).
/// A call's arguments as one line: JSON written again, so that text the
/// model escaped (`\u7ec8`) reads as itself; else as they came.
fn args_line(raw: &str) -> String {
    serde_json::from_str::<serde_json::Value>(raw)
        .map(|v| v.to_string())
        .unwrap_or_else(|_| raw.to_owned())
}

fn short(s: &str, max: usize) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::tui::render::wrap::cut(&one, max)
}
