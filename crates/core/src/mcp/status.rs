//! What the hub shows of its servers: a status row each, and the tools of
//! the ready ones as they are offered to the model (named so that none
//! clashes).

use std::collections::HashSet;
use std::sync::PoisonError;

use super::{Hub, Offered, Phase, Row, ServerTool, Status, names, notes};
use crate::config::mcp::McpServerConfig;

impl Hub {
    /// One row per server, in the config's order.
    pub fn rows(&self) -> Vec<Row> {
        self.inner
            .lock()
            .iter()
            .map(|s| Row {
                name: s.cfg.name.clone(),
                what: s.scrub(&s.cfg.what()),
                status: match &s.phase {
                    Phase::Off => Status::Off,
                    Phase::Starting => Status::Starting,
                    Phase::Ready { tools, .. } => Status::Ready {
                        tools: tools.count,
                        offered: tools.tools.iter().filter(|t| s.cfg.offers(&t.name)).count(),
                    },
                    Phase::Failed(why) => Status::Failed(why.text()),
                },
                stderr: s
                    .stderr
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .lines()
                    .iter()
                    .map(|l| s.scrub(l))
                    .collect(),
                notes: match &s.phase {
                    Phase::Ready { tools, .. } => notes(&s.cfg, tools),
                    _ => Vec::new(),
                },
                tools: match &s.phase {
                    Phase::Ready { tools, .. } => tools
                        .tools
                        .iter()
                        .filter(|t| s.cfg.offers(&t.name))
                        .map(|t| t.name.clone())
                        .collect(),
                    _ => Vec::new(),
                },
            })
            .collect()
    }

    /// The tools of the ready servers, as offered; names in `taken` (the
    /// other tools) are not given to any.
    pub fn offered(&self, taken: &HashSet<String>) -> Vec<Offered> {
        let servers = self.inner.lock();
        let mut found: Vec<(&McpServerConfig, &ServerTool)> = Vec::new();
        for s in servers.iter() {
            if let Phase::Ready { tools, .. } = &s.phase {
                found.extend(
                    tools
                        .tools
                        .iter()
                        .filter(|t| s.cfg.offers(&t.name))
                        .map(|t| (&s.cfg, t)),
                );
            }
        }
        let pairs: Vec<(&str, &str)> = found
            .iter()
            .map(|(c, t)| (c.name.as_str(), t.name.as_str()))
            .collect();
        let names = names::offered_names(&pairs, taken);
        found
            .into_iter()
            .zip(names)
            .map(|((c, t), name)| Offered {
                name,
                server: c.name.clone(),
                tool: t.name.clone(),
                description: t.description.clone(),
                schema: t.schema.clone(),
                approve: c.approve_for(&t.name),
                timeout: c.call_timeout,
            })
            .collect()
    }
}
