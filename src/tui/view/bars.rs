//! The bars: the header (where the next message goes, the conversation's
//! title), the footer (a message, or the keys that matter now, and the
//! figures of the live reply or the last one, with the context meter), the
//! command hints and the queued messages above the input box; each drawn
//! again only when what it shows changed.

use std::time::Instant;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{cut_to, spread, supai};
use crate::tui::app::App;
use crate::tui::render::wrap::width;
use crate::tui::theme::Theme;
use supchat_core::config::ProviderKind;
use supchat_core::config::commands::Action;
use supchat_i18n::tr;

/// The header's line, `w` cells wide.
pub(super) fn header(app: &App, w: usize) -> Line<'static> {
    let th = app.theme();
    let p = app.current();
    let mut left = vec![
        Span::styled(" supchat ", th.strong_accent()),
        Span::styled("─ ", th.border()),
        Span::styled(
            supchat_chat::text::sanitize_line(&p.label()),
            th.base().add_modifier(ratatui::style::Modifier::BOLD),
        ),
    ];
    if p.kind == ProviderKind::SupAi {
        if !p.models.is_empty() {
            left.push(Span::styled(
                format!(" · {}", supai::models(p.models.len())),
                th.dim(),
            ));
        }
        if p.include_supai_chunks {
            left.push(Span::styled(
                format!(" · {}", supchat_i18n::tr("header-run-details")),
                th.accent(),
            ));
        }
    }
    if let Some(name) = app.preset_name() {
        left.push(Span::styled(
            format!(" · prompt {}", supchat_chat::text::sanitize_line(name)),
            th.accent(),
        ));
    }
    left.push(Span::raw(" "));
    // Short of room: the name goes first, then the label is cut, so that
    // what is chosen (a preset, run details) still shows.
    let total = |l: &[Span]| l.iter().map(|s| width(&s.content)).sum::<usize>();
    if total(&left) > w {
        left[0] = Span::raw(" ");
        left.remove(1);
        let others = total(&left) - width(&left[1].content);
        if others + 8 <= w {
            left[1].content = cut_to(&left[1].content, w - others).into();
        }
    }
    let right = vec![Span::styled(
        format!(" {} ", supchat_chat::text::short_line(&app.title(), 200)),
        th.dim(),
    )];
    spread(left, right, w, "─", th)
}

fn key_hint(key: &str, what: &str, th: Theme) -> Vec<Span<'static>> {
    vec![
        Span::styled(key.to_owned(), th.key()),
        Span::styled(format!(" {what}  "), th.dim()),
    ]
}

/// The footer's line, `w` cells wide.
pub(super) fn footer(app: &App, w: usize, now: Instant) -> Line<'static> {
    let th = app.theme();
    let mut figures = figures(app, now, w.saturating_sub(2));
    let message = match (app.flash_message(), app.save_problem()) {
        (Some(msg), _) => Some((supchat_chat::text::sanitize_line(msg), th.warning())),
        (None, Some(why)) => Some((
            supchat_i18n::tr!(
                "footer-not-saved",
                why = supchat_chat::text::sanitize_line(why)
            ),
            th.error(),
        )),
        (None, None) => None,
    };
    // A message goes whole beside the figures, or alone, cut at a word.
    if let Some((m, _)) = &message
        && width(m) + width(&figures) + 3 > w
    {
        figures.clear();
    }
    let right = vec![Span::styled(figures.clone(), th.dim()), Span::raw(" ")];
    let room = w.saturating_sub(width(&figures) + 2);
    let mut left: Vec<Span<'static>> = vec![Span::raw(" ")];
    if let Some((m, style)) = message {
        left.push(Span::styled(cut_to(&m, w.saturating_sub(2)), style));
    } else {
        let hints: Vec<(String, String)> = if app.is_busy() {
            vec![
                ("Esc".to_owned(), tr("hint-stop")),
                (app.key(Action::Help), tr("hint-help")),
            ]
        } else {
            [
                (Action::Palette, "hint-commands"),
                (Action::Help, "hint-help"),
                (Action::Provider, "hint-provider"),
                (Action::Model, "hint-model"),
                (Action::Sessions, "hint-sessions"),
                (Action::Mode, "hint-mode"),
            ]
            .into_iter()
            .map(|(a, w)| (app.key(a), tr(w)))
            .collect()
        };
        // MCP servers that failed or still start: said before the hints.
        let mut used = 1;
        let mcp = match app.mcp_state() {
            (0, 0) => None,
            (0, n) => Some((supchat_i18n::tr!("mcp-footer-starting", n = n), th.dim())),
            (n, _) => Some((supchat_i18n::tr!("mcp-footer-failed", n = n), th.warning())),
        };
        if let Some((text, style)) = mcp {
            let key = app.key(Action::Mcp);
            let hw = width(&key) + width(&text) + 3;
            if used + hw <= room {
                used += hw;
                if !key.is_empty() {
                    left.push(Span::styled(key, th.key()));
                    left.push(Span::raw(" "));
                }
                left.push(Span::styled(format!("{text}  "), style));
            }
        }
        for (k, w) in hints.iter().filter(|(k, _)| !k.is_empty()) {
            let hint = key_hint(k, w, th);
            let hw: usize = hint.iter().map(|s| width(&s.content)).sum();
            if used + hw > room {
                break;
            }
            used += hw;
            left.extend(hint);
        }
    }
    spread(left, right, w, " ", th)
}

/// Live figures of the streaming reply, else those of the last turn, in
/// at most `room` cells when they can be: the least telling go first
/// (time to first token, then tokens/s, then the token counts), so that
/// what it cost stays in a narrow footer.
fn figures(app: &App, now: Instant, room: usize) -> String {
    if let Some(l) = app.engine().live() {
        let elapsed = now.saturating_duration_since(l.started).as_secs_f64();
        if l.awaiting_tools {
            return if app.approval().is_some() {
                tr("figures-waiting")
            } else {
                tr("figures-running-tools")
            };
        }
        return match l.first_output {
            None => format!("{elapsed:.1}s"),
            Some(t) => {
                let ttft = t.saturating_duration_since(l.started).as_secs_f64();
                let gen_secs = now.saturating_duration_since(t).as_secs_f64();
                let tokens = supchat_chat::estimate_tokens(l.chars, l.deltas);
                let rate = if gen_secs > 0.2 {
                    supchat_i18n::tr!("figures-rate", rate = format!("{:.0}", tokens / gen_secs))
                } else {
                    String::new()
                };
                supchat_i18n::tr!(
                    "figures-live",
                    ttft = format!("{ttft:.1}"),
                    rate = rate,
                    elapsed = format!("{elapsed:.1}")
                )
            }
        };
    }
    // Each part with how long it stays when room runs short (higher: kept
    // longer).
    let mut parts: Vec<(u8, String)> = Vec::new();
    let meter = context_meter(app);
    let Some(s) = app.last_stats() else {
        // A resumed conversation: what it cost so far, and its size.
        let spent =
            supchat_chat::cost::labels(app.spent()).map(|all| tr!("figures-spent", cost = all));
        return spent
            .into_iter()
            .chain(meter)
            .collect::<Vec<_>>()
            .join(" · ");
    };
    if let Some(t) = s.ttft {
        let secs = format!("{:.1}", t.as_secs_f64());
        parts.push((1, tr!("signature-ttft", secs = secs)));
    }
    if let Some(r) = s.tokens_per_sec {
        let tilde = if s.estimated { "~" } else { "" };
        parts.push((2, format!("{tilde}{r:.0} tok/s")));
    }
    if let Some(u) = s.usage {
        let n = |v: Option<u64>| v.map_or("?".to_owned(), |v| v.to_string());
        parts.push((
            3,
            format!("{}↑ {}↓", n(u.prompt_tokens), n(u.completion_tokens)),
        ));
    }
    // The reply's cost, and the session's when more than this reply's.
    if let Some(c) = s.cost.as_ref().filter(|c| c.is_sound()) {
        parts.push((5, c.label()));
    }
    let spent = app.spent();
    let more = spent.len() > 1 || spent.first().is_some_and(|t| Some(t) != s.cost.as_ref());
    if more && let Some(all) = supchat_chat::cost::labels(spent) {
        parts.push((6, tr!("figures-spent", cost = all)));
    }
    parts.extend(meter.map(|m| (4, m)));
    // Dropped, least telling first, until they fit (one is kept, cut).
    let joined = |p: &[(u8, String)]| {
        p.iter()
            .map(|(_, s)| s.as_str())
            .collect::<Vec<_>>()
            .join(" · ")
    };
    while parts.len() > 1 && width(&joined(&parts)) > room {
        let Some(i) = (0..parts.len()).min_by_key(|&i| parts[i].0) else {
            break;
        };
        parts.remove(i);
    }
    joined(&parts)
}

/// `ctx 12k/200k` (a `~` when estimated; the share when it nears the
/// limit), or the size alone when the model's context is not known.
fn context_meter(app: &App) -> Option<String> {
    let conv = app.conversation();
    if conv.is_empty() {
        return None;
    }
    let (used, estimated) = supchat_chat::context::tokens(conv);
    let tilde = if estimated { "~" } else { "" };
    let k = |n: u64| {
        if n >= 10_000 {
            format!("{}k", n / 1000)
        } else if n >= 1000 {
            format!("{:.1}k", n as f64 / 1000.0)
        } else {
            n.to_string()
        }
    };
    Some(match app.current().context_window() {
        Some(limit) => {
            let share = used.saturating_mul(100) / limit.max(1);
            if share >= 80 {
                format!(
                    "{} {tilde}{}/{} {share}%!",
                    tr("figures-ctx"),
                    k(used),
                    k(limit)
                )
            } else {
                format!("{} {tilde}{}/{}", tr("figures-ctx"), k(used), k(limit))
            }
        }
        None => format!("{} {tilde}{}", tr("figures-ctx"), k(used)),
    })
}

/// The commands a `/word` in the draft may be, a line each; Tab takes the
/// first.
pub(super) fn hint_lines(app: &App, area: Rect) -> Vec<Line<'static>> {
    let th = app.theme();
    if area.height == 0 {
        return Vec::new();
    }
    let w = usize::from(area.width).saturating_sub(2);
    let hints = app.command_hints();
    if hints.is_empty() {
        // The files the draft will attach, and why one will be asked about.
        let chips: Vec<String> = app
            .attach_chips()
            .into_iter()
            .map(|(name, why)| match why.as_slice() {
                [] => format!("📎 {}", supchat_chat::text::sanitize_line(&name)),
                _ => format!(
                    "📎 {} ({})",
                    supchat_chat::text::sanitize_line(&name),
                    why.join(", ")
                ),
            })
            .collect();
        return vec![Line::from(Span::styled(
            format!(" {}", cut_to(&chips.join("  "), w)),
            th.dim(),
        ))];
    }
    hints
        .iter()
        .take(usize::from(area.height))
        .enumerate()
        .map(|(i, c)| {
            let tab = if i == 0 { "  (Tab)" } else { "" };
            let text = cut_to(&format!("{}{tab}", app.command_line(c)), w);
            let style = if i == 0 { th.accent() } else { th.dim() };
            Line::from(Span::styled(format!(" {text}"), style))
        })
        .collect()
}

/// Messages waiting for the reply to end: a line each (the newest last),
/// or the count of those that do not fit.
pub(super) fn queued_lines(app: &App, area: Rect) -> Vec<Line<'static>> {
    let th = app.theme();
    let q = app.queued();
    if q.is_empty() || area.height == 0 {
        return Vec::new();
    }
    let rows = usize::from(area.height);
    let w = usize::from(area.width).saturating_sub(2);
    let mut lines = Vec::new();
    let hidden = q.len().saturating_sub(rows);
    if hidden > 0 {
        lines.push(Line::from(Span::styled(
            supchat_i18n::tr!("queued-more", n = hidden + 1),
            th.dim(),
        )));
    }
    let skip = q.len() - rows + usize::from(hidden > 0);
    for text in q.iter().skip(skip.min(q.len())) {
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let shown = cut_to(
            &supchat_i18n::tr!(
                "queued-line",
                text = supchat_chat::text::sanitize_line(first)
            ),
            w,
        );
        lines.push(Line::from(Span::styled(format!(" {shown}"), th.dim())));
    }
    lines
}

/// Draws a bar's `lines` in `area`, a row each; drawing `over` the last
/// frame, only when they are not what `key` says is there. Returns
/// whether it drew.
pub(super) fn draw_bar(
    buf: &mut Buffer,
    area: Rect,
    lines: &[Line<'_>],
    key: &mut u64,
    over: bool,
) -> bool {
    let k = key_of(&(area, lines));
    if over && *key == k {
        return false;
    }
    *key = k;
    if over {
        ratatui::widgets::Clear.render(area, buf);
    }
    for (line, y) in lines.iter().zip(area.top()..area.bottom()) {
        line.render(
            Rect {
                y,
                height: 1,
                ..area
            },
            buf,
        );
    }
    true
}

/// A key of what `v` is (equal values, equal keys).
pub(super) fn key_of(v: &impl std::hash::Hash) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(v)
}
