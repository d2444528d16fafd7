//! MCP servers on the chat screen: the `/mcp` panel (one row per server:
//! starting, ready with its tools, failed with why, off; restart one, turn
//! one off or on for this session), and a word in the footer when a server
//! becomes ready or fails.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Effect, Popup};
use supchat_core::config::commands::Action;
use supchat_core::mcp::{Hub, Row, Status};

impl App {
    /// The MCP servers of this run: their tools are offered from now on.
    pub fn with_mcp(mut self, hub: Hub) -> Self {
        if !hub.is_empty() {
            self.session.set_mcp(hub.clone());
            self.mcp = Some(hub);
        }
        self
    }

    /// MCP servers failed and still starting, as last told (for the
    /// footer).
    pub fn mcp_state(&self) -> (usize, usize) {
        self.mcp_state
    }

    /// One row per MCP server, as it is now (none: no server configured).
    pub fn mcp_rows(&self) -> Vec<Row> {
        self.mcp.as_ref().map(Hub::rows).unwrap_or_default()
    }

    /// `/mcp` (the panel), `/mcp restart NAME`, `/mcp off NAME`, `/mcp on
    /// NAME`.
    pub(super) fn open_mcp(&mut self, arg: Option<String>, t: Instant) {
        let Some(arg) = arg.filter(|a| !a.trim().is_empty()) else {
            self.layers.open_popup(Popup::Mcp { selected: 0 });
            return;
        };
        let mut words = arg.split_whitespace();
        let (verb, name) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
        let Some(hub) = self.mcp.clone() else {
            return self.flash(supchat_i18n::tr("mcp-none-configured"), t);
        };
        if name.is_empty() {
            return self.flash(supchat_i18n::tr("mcp-usage"), t);
        }
        let known = hub.rows().iter().any(|r| r.name == name);
        let shown = supchat_chat::text::sanitize_line(name);
        match verb {
            _ if !known => {
                let names: Vec<String> = hub.rows().into_iter().map(|r| r.name).collect();
                self.flash(
                    supchat_i18n::tr!(
                        "mcp-unknown",
                        name = shown.as_str(),
                        names = names.join(", ")
                    ),
                    t,
                );
            }
            "on" if hub.is_on(name) => {
                self.flash(
                    supchat_i18n::tr!("mcp-on-already", name = shown.as_str()),
                    t,
                );
            }
            "restart" | "on" => {
                hub.start(name);
                self.flash(supchat_i18n::tr!("mcp-starting", name = shown.as_str()), t);
            }
            "off" => {
                hub.stop(name);
            }
            _ => self.flash(supchat_i18n::tr("mcp-usage"), t),
        }
    }

    /// Keys in the MCP panel: ↑ ↓ select, r restarts, Space turns off or
    /// on; Esc, Enter, q or the panel's own key close it.
    pub(super) fn on_mcp_key(&mut self, k: KeyEvent, action: Option<Action>) -> Vec<Effect> {
        let ctrl_c = k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL);
        let close = ctrl_c
            || action == Some(Action::Mcp)
            || matches!(k.code, KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q'));
        let rows = self.mcp_rows();
        let Some(Popup::Mcp { selected }) = self.layers.popup_mut() else {
            return Vec::new();
        };
        let last = rows.len().saturating_sub(1);
        *selected = (*selected).min(last);
        let name = rows.get(*selected).map(|r| r.name.clone());
        match k.code {
            _ if close => self.layers.close_popup(),
            KeyCode::Down => *selected = (*selected + 1).min(last),
            KeyCode::Up => *selected = selected.saturating_sub(1),
            KeyCode::Home => *selected = 0,
            KeyCode::End => *selected = last,
            KeyCode::Char('r') => {
                if let (Some(hub), Some(n)) = (&self.mcp, name) {
                    hub.start(&n);
                }
            }
            KeyCode::Char(' ') => {
                if let (Some(hub), Some(n)) = (&self.mcp, name) {
                    hub.toggle(&n);
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// A server's state changed: said in the footer when it became ready
    /// or failed (once per change).
    pub(super) fn on_mcp_changed(&mut self, t: Instant) {
        let rows = self.mcp_rows();
        self.mcp_state = (
            rows.iter()
                .filter(|r| matches!(r.status, Status::Failed(_)))
                .count(),
            rows.iter()
                .filter(|r| matches!(r.status, Status::Starting))
                .count(),
        );
        let mut said = Vec::new();
        for r in &rows {
            let now = match &r.status {
                Status::Ready { offered, .. } => format!("ready:{offered}"),
                Status::Failed(_) => "failed".to_owned(),
                Status::Starting => "starting".to_owned(),
                Status::Off => "off".to_owned(),
            };
            let before = self.mcp_seen.insert(r.name.clone(), now.clone());
            if before.as_deref() == Some(now.as_str()) {
                continue;
            }
            let name = supchat_chat::text::sanitize_line(&r.name);
            match &r.status {
                Status::Failed(why) => said.push(supchat_i18n::tr!(
                    "mcp-failed",
                    name = name.as_str(),
                    why = supchat_chat::text::sanitize_line(why),
                    key = self.key(Action::Mcp)
                )),
                Status::Ready { offered, .. } => {
                    said.push(supchat_i18n::tr!(
                        "mcp-ready",
                        name = name.as_str(),
                        n = *offered
                    ));
                }
                Status::Off if before.is_some() => {
                    said.push(supchat_i18n::tr!("mcp-off", name = name.as_str()));
                }
                _ => {}
            }
        }
        if !said.is_empty() {
            let failed = rows.iter().any(|r| matches!(r.status, Status::Failed(_)));
            let long = std::time::Duration::from_secs(if failed { 10 } else { 4 });
            self.notice_for(super::Cause::Info, said.join(" · "), t, long);
        }
    }
}
