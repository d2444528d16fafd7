//! `supchat ask`: one question, the reply streamed to stdout as it arrives,
//! reasoning and notices on stderr. Model text is untrusted: when stdout is a
//! terminal its control sequences are removed unless `--raw`.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use super::{AskArgs, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE, fail};
use crate::api::{ChatOptions, Notice, ProviderClient, Shown, StreamEvent, TurnEnd};
use crate::chat::{FinishReason, Message};
use crate::config::{Config, ProviderConfig, ProviderKind, quirks};
use crate::text::Sanitizer;

pub async fn run(args: AskArgs, cfg: &Config) -> ExitCode {
    let provider = match provider_for(&args, cfg) {
        Ok(p) => p,
        Err(m) => return fail(EXIT_USAGE, m),
    };
    let prompt = match read_prompt(&args.prompt) {
        Ok(p) => p,
        Err(m) => return fail(EXIT_USAGE, m),
    };
    let key = match provider.key.resolve(&provider.name) {
        Ok(k) => k,
        Err(m) => return fail(EXIT_USAGE, m),
    };
    let client = match ProviderClient::new(provider, key) {
        Ok(c) => c,
        Err(e) => return fail(EXIT_FAILED, e),
    };
    let quirks = quirks::default_path();
    let base_url = client.provider().base_url.clone();
    if quirks
        .as_deref()
        .is_some_and(|q| quirks::rejects_stream_options(q, &base_url))
    {
        client.skip_stream_options();
    }
    let mut messages = Vec::new();
    if let Some(s) = args.system.as_deref().filter(|s| !s.trim().is_empty()) {
        messages.push(Message::system(s));
    }
    messages.push(Message::user(prompt));
    let options = ChatOptions {
        stream: args.no_stream.then_some(false),
        ..Default::default()
    };
    let mut out = Printer::new(&args);
    let turn = {
        let mut sink = |ev: &StreamEvent| out.on_event(ev);
        let chat = client.chat(&messages, &options, &mut sink);
        tokio::select! {
            t = chat => t,
            _ = tokio::signal::ctrl_c() => {
                out.end_line();
                return fail(EXIT_INTERRUPTED, "cancelled");
            }
        }
    };
    out.end_line();
    if out.dropped_stream_options
        && let Some(q) = &quirks
    {
        quirks::remember_no_stream_options(q, &base_url);
    }
    if args.stats {
        eprintln!("supchat: {}", turn.stats.summary());
    }
    if let TurnEnd::Failed(e) = &turn.end {
        return fail(EXIT_FAILED, e);
    }
    match turn.reply.finish {
        Some(FinishReason::Length) => {
            eprintln!("supchat: the reply was cut at the output token limit (max_tokens)");
        }
        Some(FinishReason::ContentFilter) => {
            eprintln!("supchat: the provider withheld part of the reply (content filter)");
        }
        _ => {}
    }
    for call in turn.reply.finished_tool_calls() {
        eprintln!(
            "supchat: the model asked to call {}({})",
            call.name, call.arguments
        );
    }
    ExitCode::SUCCESS
}

/// The provider with this command's overrides applied.
fn provider_for(args: &AskArgs, cfg: &Config) -> Result<ProviderConfig, String> {
    let mut p = cfg.select(args.provider.as_deref())?.clone();
    match p.kind {
        ProviderKind::OpenAi => {
            if args.mode.is_some() {
                return Err(format!(
                    "--mode is for Sup.ai providers; \"{}\" takes --model",
                    p.name
                ));
            }
            if let Some(m) = args.model.as_deref().filter(|m| !m.trim().is_empty()) {
                p.model = m.to_owned();
            }
        }
        ProviderKind::SupAi => {
            if args.model.is_some() {
                return Err(format!(
                    "\"{}\" is a Sup.ai provider: choose a --mode (auto, fast, thinking, deep-thinking, expert); its model allow-list is `models` in the config",
                    p.name
                ));
            }
            if let Some(m) = args.mode.as_deref().filter(|m| !m.trim().is_empty()) {
                p.mode = m.to_owned();
            }
        }
    }
    Ok(p)
}

/// The prompt from the arguments, stdin, or both (`cat f | supchat ask "sum up"`).
fn read_prompt(words: &[String]) -> Result<String, String> {
    let from_args = words.join(" ");
    let stdin = std::io::stdin();
    let wants_stdin = from_args == "-" || !stdin.is_terminal();
    let mut piped = String::new();
    if wants_stdin {
        stdin
            .lock()
            .read_to_string(&mut piped)
            .map_err(|e| format!("cannot read the prompt from stdin: {e}"))?;
    }
    let prompt = match from_args.as_str() {
        "-" | "" => piped,
        _ if piped.trim().is_empty() => from_args,
        _ => format!("{from_args}\n\n{piped}"),
    };
    if prompt.trim().is_empty() {
        return Err("nothing to ask: give a prompt, or pipe one in".to_owned());
    }
    Ok(prompt)
}

/// Writes the reply as it streams: answer to stdout, reasoning to stderr.
struct Printer {
    reply: crate::api::Reply,
    clean_out: Option<Sanitizer>,
    clean_err: Sanitizer,
    show_reasoning: bool,
    dim: bool,
    in_reasoning: bool,
    wrote_text: bool,
    last_char: Option<char>,
    /// stdout is gone (`| head`): stop writing, without a message.
    closed: bool,
    /// The server rejected `stream_options` (worth remembering).
    dropped_stream_options: bool,
}

impl Printer {
    fn new(args: &AskArgs) -> Self {
        let tty = std::io::stdout().is_terminal();
        Self {
            reply: Default::default(),
            clean_out: (tty && !args.raw).then(Sanitizer::new),
            clean_err: Sanitizer::new(),
            show_reasoning: !args.no_reasoning,
            dim: std::io::stderr().is_terminal(),
            in_reasoning: false,
            wrote_text: false,
            last_char: None,
            closed: false,
            dropped_stream_options: false,
        }
    }

    fn on_event(&mut self, ev: &StreamEvent) {
        if let StreamEvent::Notice(n) = ev {
            self.leave_reasoning();
            eprintln!("supchat: {n}");
            self.dropped_stream_options |= *n == Notice::DroppedStreamOptions;
        }
        match self.reply.apply(ev) {
            Some(Shown::Text(t)) => self.text(&t),
            Some(Shown::Reasoning(r)) if self.show_reasoning => self.reasoning(&r),
            Some(Shown::Restart) => {
                self.end_line();
                eprintln!("supchat: Sup.ai restarted its answer; the new one follows");
            }
            _ => {}
        }
    }

    fn text(&mut self, t: &str) {
        self.leave_reasoning();
        let t = match &mut self.clean_out {
            Some(s) => s.clean(t),
            None => t.to_owned(),
        };
        if t.is_empty() || self.closed {
            return;
        }
        let mut out = std::io::stdout().lock();
        if out
            .write_all(t.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            self.closed = true;
        }
        self.wrote_text = true;
        self.last_char = t.chars().last();
    }

    fn reasoning(&mut self, r: &str) {
        let r = self.clean_err.clean(r);
        let mut err = std::io::stderr().lock();
        if !self.in_reasoning && self.dim {
            let _ = err.write_all(b"\x1b[2m");
        }
        self.in_reasoning = true;
        let _ = err.write_all(r.as_bytes());
        let _ = err.flush();
    }

    fn leave_reasoning(&mut self) {
        if self.in_reasoning {
            let end: &[u8] = if self.dim { b"\x1b[0m\n" } else { b"\n" };
            let _ = std::io::stderr().write_all(end);
            self.in_reasoning = false;
        }
    }

    /// Ends the answer with a newline, so the shell prompt starts on its own line.
    fn end_line(&mut self) {
        self.leave_reasoning();
        if self.wrote_text && self.last_char != Some('\n') && !self.closed {
            let _ = std::io::stdout().write_all(b"\n");
            self.last_char = Some('\n');
        }
    }
}
