//! The Sup.ai run panel: the mode and the models launched, each model's
//! state with its latest line, confidence scores, and who writes the
//! consensus, drawn live from Sup.ai's own frames.

use crate::tui::theme::Theme;
use std::time::Instant;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph};

use crate::tui::render::wrap::{StyledLine, width, wrap_line};
use supchat_chat::text::sanitize_line;
use supchat_chat::{SupAiRun, SupAiThread, ThreadState};

const SPINNER: &[&str] = &["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// The last non-empty line of a text, cleaned, cut to `max` cells from its end.
fn latest_line(text: &str, max: usize) -> String {
    let line = sanitize_line(
        text.lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or(""),
    );
    if width(&line) <= max {
        return line;
    }
    let mut out: Vec<char> = Vec::new();
    let mut w = 1;
    for c in line.chars().rev() {
        let cw = width(c.encode_utf8(&mut [0; 4]));
        if w + cw > max {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.reverse();
    format!("…{}", out.into_iter().collect::<String>())
}

/// A model id without its vendor: `openai/gpt-5.2` → `gpt-5.2`.
pub fn short_model(id: &str) -> &str {
    id.rsplit('/').next().unwrap_or(id)
}

/// `3 models`, `1 model`.
pub fn models(n: usize) -> String {
    supchat_i18n::tr!("supai-models", n = n)
}

/// A thread's lines; `frame` is the spinner's frame while the run is live.
fn thread_lines(t: &SupAiThread, w: usize, frame: Option<usize>, th: Theme) -> Vec<Line<'static>> {
    let (icon, state, style) = match (t.state, frame) {
        (ThreadState::Done, _) => ("✓", "supai-done", th.user()),
        (_, None) => ("◦", "supai-stopped", th.dim()),
        (ThreadState::Started, _) => ("·", "supai-started", th.dim()),
        (ThreadState::Thinking, Some(f)) => (SPINNER[f], "supai-thinking", th.accent()),
        (ThreadState::Answering, Some(f)) => (SPINNER[f], "supai-answering", th.warning()),
    };
    let state = supchat_i18n::tr(state);
    let name = short_model(t.model_id.as_deref().unwrap_or(&t.key)).to_owned();
    let conf = t
        .confidence
        .map(|c| format!(" {:.0}%", c * 100.0))
        .unwrap_or_default();
    let mut head = vec![
        Span::styled(format!("{icon} "), style),
        Span::raw(sanitize_line(&name)),
        Span::styled(format!(" {state}"), style),
    ];
    if !conf.is_empty() {
        head.push(Span::styled(conf, th.strong_accent()));
    }
    let mut out = vec![Line::from(head)];
    let src = if t.text.trim().is_empty() {
        &t.thinking
    } else {
        &t.text
    };
    let latest = latest_line(src, w.saturating_sub(2));
    if !latest.is_empty() && t.state != ThreadState::Done {
        out.push(Line::from(Span::styled(format!("  {latest}"), th.dim())));
    }
    out
}

/// The panel's lines at inner width `w`; `started` is when the run began,
/// while it is live.
pub fn panel_lines(
    run: &SupAiRun,
    w: usize,
    now: Instant,
    started: Option<Instant>,
    th: Theme,
) -> Vec<Line<'static>> {
    let frame = started
        .map(|s| (now.saturating_duration_since(s).as_millis() / 100) as usize % SPINNER.len());
    let mut lines = Vec::new();
    let threads: Vec<&SupAiThread> = run.threads.iter().filter(|t| !t.key.eq("main")).collect();
    let launched = if run.launched.is_empty() {
        threads.len()
    } else {
        run.launched.len()
    };
    let mode = run
        .mode
        .as_deref()
        .map(sanitize_line)
        .unwrap_or_else(|| "?".to_owned());
    lines.push(Line::from(vec![
        Span::styled(supchat_i18n::tr("supai-mode"), th.dim()),
        Span::styled(mode, th.strong_accent()),
        Span::styled(format!(" · {}", models(launched)), th.dim()),
    ]));
    for t in threads {
        lines.extend(thread_lines(t, w, frame, th));
    }
    if let Some(c) = &run.consensus_model {
        let main = run.thread("main");
        let state = match (main.map(|m| m.state), started) {
            (Some(ThreadState::Done), _) | (_, None) => "supai-wrote-consensus",
            _ => "supai-writes-consensus",
        };
        let state = supchat_i18n::tr(state);
        lines.push(Line::from(vec![
            Span::styled("★ ", th.warning()),
            Span::raw(sanitize_line(short_model(c))),
            Span::styled(format!(" {state}"), th.dim()),
        ]));
    }
    lines
}

/// Draws the panel; `fold_key` is the key that folds it.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    run: &SupAiRun,
    now: Instant,
    started: Option<Instant>,
    fold_key: &str,
    th: Theme,
) {
    super::clear_popup(frame, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .padding(Padding::horizontal(1))
        .border_style(th.border())
        .title(Span::styled(
            format!(" {} ", supchat_i18n::tr("supai-run")),
            th.strong_accent(),
        ))
        .title_bottom(Span::styled(
            super::border_text(
                &supchat_i18n::tr!("supai-folds", key = fold_key),
                area.width,
            ),
            th.dim(),
        ));
    let inner = block.inner(area);
    let w = inner.width as usize;
    let lines: Vec<Line<'static>> = panel_lines(run, w, now, started, th)
        .into_iter()
        .flat_map(|l| wrap_line(&StyledLine::plain(l.spans), w))
        .collect();
    // Newest state at the bottom stays in view when the panel is short.
    let skip = lines.len().saturating_sub(inner.height as usize) as u16;
    frame.render_widget(Paragraph::new(lines).block(block).scroll((skip, 0)), area);
}

/// One line for the message once the run is over.
pub fn summary(run: &SupAiRun) -> String {
    let mut parts = vec![supchat_i18n::tr("supai-run")];
    if let Some(m) = &run.mode {
        parts.push(format!(
            "{}{}",
            supchat_i18n::tr("supai-mode"),
            sanitize_line(m)
        ));
    }
    let n = if run.launched.is_empty() {
        run.threads.iter().filter(|t| t.key != "main").count()
    } else {
        run.launched.len()
    };
    parts.push(models(n));
    if let Some(c) = &run.consensus_model {
        parts.push(supchat_i18n::tr!(
            "supai-consensus-by",
            model = sanitize_line(short_model(c))
        ));
    }
    if !run.final_models.is_empty() {
        let mut names: Vec<String> = run
            .final_models
            .iter()
            .take(3)
            .map(|m| sanitize_line(short_model(m)))
            .collect();
        if run.final_models.len() > 3 {
            names.push(supchat_i18n::tr!(
                "supai-more",
                n = run.final_models.len() - 3
            ));
        }
        parts.push(supchat_i18n::tr!(
            "supai-answer-from",
            models = names.join(", ")
        ));
    }
    let scores: Vec<f64> = run.threads.iter().filter_map(|t| t.confidence).collect();
    if let (Some(lo), Some(hi)) = (
        scores.iter().copied().reduce(f64::min),
        scores.iter().copied().reduce(f64::max),
    ) {
        let (lo, hi) = ((lo * 100.0).round(), (hi * 100.0).round());
        if lo == hi {
            parts.push(supchat_i18n::tr!(
                "supai-confidence",
                range = format!("{lo:.0}%")
            ));
        } else {
            parts.push(supchat_i18n::tr!(
                "supai-confidence",
                range = format!("{lo:.0}–{hi:.0}%")
            ));
        }
    }
    parts.join(" · ")
}
