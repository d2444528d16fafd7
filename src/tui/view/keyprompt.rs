//! The popup asking for a missing API key. The key is never shown: only a
//! dot per character and how many there are.

use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph};

use crate::tui::app::keyprompt::KeyPrompt;
use crate::tui::render::wrap::{StyledLine, wrap_line};
use supchat_chat::text::sanitize_line;
use supchat_core::config::ProviderConfig;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    p: &KeyPrompt,
    provider: &ProviderConfig,
    path: Option<&std::path::Path>,
    other_provider_key: &str,
    th: Theme,
) {
    let w = area.width.saturating_sub(4).clamp(20, 72).min(area.width);
    let inner_w = w.saturating_sub(4) as usize;
    let logical = says(p, provider, path, inner_w, th);
    let lines: Vec<Line<'static>> = logical
        .into_iter()
        .flat_map(|spans| wrap_line(&StyledLine::plain(spans), inner_w))
        .collect();
    let h = (lines.len() as u16 + 2).min(area.height);
    let popup = super::centered(area, w, h);
    super::clear_popup(frame, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .padding(Padding::horizontal(1))
        .border_style(th.warning())
        .title(Span::styled(
            format!(
                " {} ",
                supchat_i18n::tr!(
                    if p.rejected && provider.key.is_configured() {
                        "key-title-rejected"
                    } else {
                        "key-title-none"
                    },
                    provider = sanitize_line(&provider.name)
                )
            ),
            th.strong_accent(),
        ))
        .title_bottom(Span::styled(
            super::border_text(
                &supchat_i18n::tr!("key-keys", other = other_provider_key),
                popup.width,
            ),
            th.dim(),
        ));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

/// What the prompt says, line by line before wrapping: why a key is
/// asked for, where it goes, and the key typed so far (as dots).
fn says(
    p: &KeyPrompt,
    provider: &ProviderConfig,
    path: Option<&std::path::Path>,
    inner_w: usize,
    th: Theme,
) -> Vec<Vec<Span<'static>>> {
    let mut logical: Vec<Vec<Span<'static>>> = Vec::new();
    match &provider.key.env {
        _ if p.rejected => {
            logical.push(vec![Span::styled(sanitize_line(&p.message), th.warning())]);
            // No key was sent (none configured): the server wants one.
            logical.push(vec![Span::raw(supchat_i18n::tr(
                if provider.key.is_configured() {
                    "key-give-another"
                } else {
                    "key-give-one"
                },
            ))]);
        }
        Some(var) => {
            logical.push(vec![Span::styled(
                supchat_i18n::tr!("key-none-found", provider = sanitize_line(&provider.name)),
                th.warning(),
            )]);
            logical.push(vec![
                Span::raw(supchat_i18n::tr("key-env-before")),
                Span::styled(sanitize_line(var), th.key()),
                Span::raw(supchat_i18n::tr("key-env-after")),
            ]);
        }
        // The reason says what failed (a key command, say).
        None => logical.push(vec![Span::styled(sanitize_line(&p.message), th.warning())]),
    }
    let where_ = path.map_or(supchat_i18n::tr("key-the-config"), |p| {
        p.display().to_string()
    });
    logical.push(vec![Span::raw(supchat_i18n::tr!(
        "key-paste",
        path = sanitize_line(&where_)
    ))]);
    if let Some(help) = provider.key_help() {
        logical.push(vec![Span::raw(format!("• {help}"))]);
    }
    if p.resend.is_some() {
        logical.push(vec![Span::styled(supchat_i18n::tr("key-resend"), th.dim())]);
    }
    logical.push(Vec::new());
    let n = p.typed.chars();
    let dots = "•".repeat(n.min(inner_w.saturating_sub(24)));
    let shown = if n == 0 {
        String::new()
    } else {
        format!("{dots} {}", supchat_i18n::tr!("key-typed", n = n))
    };
    logical.push(vec![
        Span::styled(supchat_i18n::tr("key-label"), th.accent()),
        Span::raw(shown),
    ]);
    if p.saving {
        logical.push(vec![Span::styled(supchat_i18n::tr("key-saving"), th.dim())]);
    }
    if let Some(e) = &p.error {
        logical.push(vec![Span::styled(sanitize_line(e), th.error())]);
    }
    logical
}
