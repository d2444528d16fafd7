//! One conversation's life, for every front end (the chat screen and
//! `supchat ask` alike): the engine and its conversation; the choices of
//! what the next message goes to; who answers after a retry; the tool loop,
//! with an approval policy as its input; the saved session it is written
//! to; the system prompt each message carries.
//!
//! A [`ChatSession`] does no I/O and reads no clock: each call returns the
//! [`Out`]s a driver carries out (send a request, run tools, hand writes to
//! the journal) and presents (changes, notices). A front end decides how
//! things look and asks the user; it never decides what is sent or saved.

mod choices;
mod compare;
mod plan;
pub mod records;
mod sending;
mod tools;

use std::path::Path;

use supchat_api::{ChatOptions, Notice, StreamEvent};
use supchat_chat::{Conversation, title_from};

pub use choices::Choices;
pub use compare::{Begun, Lane, Target};
pub use plan::{Open, Opened, Plan, Startup, WhenHeld};
pub use records::Records;
pub use sending::RetryError;
pub use tools::Approvals;

use crate::config::{Config, ProviderConfig};
use crate::engine::{Change, Engine, Now, Output, RunEnd, TurnOver, TurnRequest};
use crate::store::{Recorder, SessionId, Write};
use crate::tools::{Batch, Job, Toolbox};

/// What a driver does, in order, after a call.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    /// The conversation changed: present it.
    Changed(Change),
    /// News that is not part of the conversation (a retry, a dropped option).
    Notice(Notice),
    /// Send this request: its events go to [`ChatSession::on_event`], its
    /// end to [`ChatSession::on_end`].
    Send(Box<TurnRequest>),
    /// Stop the request of this turn (cancelled).
    StopRequest(u64),
    /// The reply called tools: [`ChatSession::batch`] has them. Calls that
    /// wait for the user (see [`ChatSession::asking`]) are answered with
    /// [`ChatSession::answer`].
    ToolsBegan { turn: u64 },
    /// Calls declined without asking (the policy declines all): their
    /// names, and why each would have asked when not for its tool's
    /// `approve = "ask"` (a file built-in reaching a secret).
    Declined(Vec<(String, Option<String>)>),
    /// Run these approved calls off the event loop; each result goes to
    /// [`ChatSession::tool_done`].
    RunTools { turn: u64, jobs: Vec<Job> },
    /// Stop the tools of this turn that still run.
    StopTools(u64),
    /// Hand these to the journal.
    Save(Vec<Write>),
    /// Nothing more comes for this turn.
    TurnOver(TurnOver),
}

pub struct ChatSession {
    engine: Engine,
    choices: Choices,
    toolbox: Toolbox,
    approvals: Approvals,
    /// Tools the user allowed for the rest of the session ("always").
    allowed: std::collections::HashSet<String>,
    /// The calls of the reply that called tools, until all have results.
    batch: Option<Batch>,
    /// Saves the conversation, when it is saved.
    recorder: Option<Recorder>,
    /// The saved session shown (also when it is not written: `--no-save`).
    id: Option<SessionId>,
    /// From the first prompt, or the saved session's.
    title: Option<String>,
    /// What every request asks beyond the provider's defaults (tools are
    /// added to it).
    base_options: ChatOptions,
}

impl ChatSession {
    /// A new conversation with the choices of `cfg`; tools work in `root`.
    pub fn new(cfg: &Config, root: &Path) -> Self {
        let toolbox = Toolbox::new(cfg, root);
        let mut engine = Engine::default();
        engine.set_max_tool_steps(toolbox.max_steps());
        Self {
            engine,
            choices: Choices::new(cfg),
            toolbox,
            approvals: Approvals::Ask,
            allowed: Default::default(),
            batch: None,
            recorder: None,
            id: None,
            title: None,
            base_options: ChatOptions::default(),
        }
    }

    /// Streams replies, or not, whatever the providers say (`ask
    /// --no-stream`); none: as they say.
    pub fn set_stream(&mut self, stream: Option<bool>) {
        self.base_options.stream = stream;
    }

    fn options_for(&self, provider: &ProviderConfig) -> ChatOptions {
        self.toolbox.options(provider, self.base_options.clone())
    }

    /// The MCP servers' tools are offered too (read at each request).
    pub fn set_mcp(&mut self, hub: crate::mcp::Hub) {
        self.toolbox.set_mcp(hub);
    }

    /// How tool calls that need a yes are answered.
    pub fn set_approvals(&mut self, approvals: Approvals) {
        self.approvals = approvals;
    }

    /// A reply whose stream breaks off is asked for again (within the
    /// provider's `max_retries`), starting over in place: for a driver that
    /// can take back what it showed.
    pub fn retry_broken_streams(&mut self) {
        self.base_options.retry_broken = true;
    }

    /// Requests hand out what goes over the wire too
    /// ([`supchat_api::StreamEvent::Wire`]): the request inspector, `ask
    /// --wire`.
    pub fn record_wire(&mut self) {
        self.base_options.wire = true;
    }

    /// Replies keep only their last few kilobytes: for a driver that prints
    /// them as they come and saves nothing (no tools may need them again).
    pub fn keep_tail_only(&mut self) {
        self.engine.keep_tail_only();
    }

    pub fn conversation(&self) -> &Conversation {
        self.engine.conversation()
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn choices(&self) -> &Choices {
        &self.choices
    }

    /// Changing what the next message goes to.
    pub fn choices_mut(&mut self) -> &mut Choices {
        &mut self.choices
    }

    /// The provider the next message goes to.
    pub fn current(&self) -> &ProviderConfig {
        self.choices.current()
    }

    pub fn toolbox(&self) -> &Toolbox {
        &self.toolbox
    }

    /// A turn is under way (a reply is awaited, streams, or its tools run).
    pub fn is_busy(&self) -> bool {
        self.engine.is_busy()
    }

    /// The saved session this conversation is, if it is one (written to
    /// unless saving is off).
    pub fn id(&self) -> Option<&SessionId> {
        self.id.as_ref()
    }

    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The title the saved session has now, read back: set elsewhere
    /// (`supchat sessions rename`), it is taken without writing it again.
    pub fn saw_saved_title(&mut self, id: &SessionId, title: &str) {
        if self.id.as_ref() == Some(id) && self.title.as_deref() != Some(title) {
            self.title = Some(title.to_owned());
        }
    }

    /// Renames the conversation (and its saved session).
    pub fn rename(&mut self, title: String) -> Vec<Out> {
        self.title = Some(title.clone());
        match &mut self.recorder {
            Some(r) => vec![Out::Save(vec![r.rename(title)])],
            None => Vec::new(),
        }
    }

    /// Goes on with a saved conversation (`carry_on`: with the provider
    /// that answered last). What was allowed of tools is forgotten.
    pub fn resume(&mut self, opened: Opened, carry_on: bool) {
        let Opened {
            meta,
            conversation,
            recorder,
            ..
        } = opened;
        if carry_on {
            self.choices.carry_on(&conversation);
        }
        self.reset(Engine::new(conversation), recorder);
        let (text, preset) = match self.engine.system() {
            Some((t, p)) => (Some(t.to_owned()), p.map(str::to_owned)),
            None => (None, None),
        };
        self.choices.restore_preset(preset.as_deref());
        // A prompt no preset gave (`ask --system`, an earlier config) stays.
        if preset.is_none() {
            self.choices.keep_system(text.as_deref());
        }
        self.title = Some(meta.title);
        self.id = Some(meta.id);
    }

    /// Goes on with `conversation`, not saved (tests, benchmarks).
    pub fn load(&mut self, conversation: Conversation) {
        self.title = conversation.entries().iter().find_map(|e| match &e.kind {
            supchat_chat::EntryKind::User { text, .. } => Some(title_from(text)),
            _ => None,
        });
        self.reset(Engine::new(conversation), None);
        self.id = None;
    }

    /// An empty conversation, saved by `recorder` if given.
    pub fn start_new(&mut self, recorder: Option<Recorder>) {
        self.choices.keep_system(None);
        self.id = recorder.as_ref().map(|r| r.id().clone());
        self.reset(Engine::default(), recorder);
        self.title = None;
    }

    fn reset(&mut self, mut engine: Engine, recorder: Option<Recorder>) {
        engine.set_max_tool_steps(self.toolbox.max_steps());
        self.engine = engine;
        self.recorder = recorder;
        self.batch = None;
        self.allowed.clear();
    }

    /// One stream event of `turn`'s request.
    pub fn on_event(&mut self, turn: u64, ev: &StreamEvent, now: Now) -> Vec<Out> {
        let outs = self.engine.on_event(turn, ev, now);
        let mut out = Vec::new();
        self.present(outs, now, &mut out);
        out
    }

    /// The request of `turn` ended.
    pub fn on_end(&mut self, turn: u64, end: RunEnd, now: Now) -> Vec<Out> {
        let outs = self.engine.on_end(turn, end, now);
        let mut out = Vec::new();
        self.present(outs, now, &mut out);
        out
    }

    /// Stops the turn under way, keeping what arrived (and the results of
    /// tools that finished).
    pub fn cancel(&mut self, now: Now) -> Vec<Out> {
        let mut out = Vec::new();
        let done = match self.batch.take() {
            Some(b) => {
                out.push(Out::StopTools(b.turn));
                b.cancelled()
            }
            None => Vec::new(),
        };
        if let Some((turn, outs)) = self.engine.cancel_with(done, now) {
            out.push(Out::StopRequest(turn));
            self.present(outs, now, &mut out);
        }
        out
    }

    /// What a message needs before it goes: the provider, the request's
    /// options, and the system prompt made current.
    fn prepare(&mut self, now: Now) -> (ProviderConfig, ChatOptions, Vec<Out>) {
        let mut out = Vec::new();
        self.sync_system(now, &mut out);
        let provider = self.current().clone();
        let options = self.options_for(&provider);
        out.extend(
            self.toolbox
                .notes(&provider)
                .into_iter()
                .map(|n| Out::Notice(Notice::Tools(n))),
        );
        (provider, options, out)
    }

    /// A system prompt that differs from the one in the conversation is
    /// added (an empty one when there should be none any more).
    fn sync_system(&mut self, now: Now, out: &mut Vec<Out>) {
        let want = self.choices.system_for_next();
        let have = self.engine.system().map(|(t, _)| t.to_owned());
        let changed = match (&want, &have) {
            (Some(w), Some(h)) => w != h,
            (Some(_), None) => true,
            (None, Some(h)) => !h.is_empty(),
            (None, None) => false,
        };
        if changed {
            let preset = self.choices.preset().map(str::to_owned);
            let outs = self
                .engine
                .add_system(want.unwrap_or_default(), preset, now);
            self.present(outs, now, out);
        }
    }

    /// The engine's outputs as the driver's: changes are also saved; tool
    /// calls start the tool loop.
    fn present(&mut self, outs: Vec<Output>, now: Now, out: &mut Vec<Out>) {
        for o in outs {
            match o {
                Output::Changed(change) => {
                    if let Some(r) = &mut self.recorder {
                        let writes = r.on_change(self.engine.conversation(), &change, now.mono);
                        if !writes.is_empty() {
                            out.push(Out::Save(writes));
                        }
                    }
                    out.push(Out::Changed(change));
                }
                Output::Notice(n) => out.push(Out::Notice(n)),
                Output::ToolCalls { turn, reply, calls } => {
                    self.begin_tools(turn, reply, calls, now, out);
                }
                Output::TurnOver(over) => out.push(Out::TurnOver(over)),
            }
        }
    }
}

#[cfg(test)]
mod tests;
