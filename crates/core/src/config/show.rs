//! The effective configuration as TOML, for `supchat config show`: what the
//! file and the built-ins add up to (providers, system prompts, presets,
//! tools, keys), with every API key redacted. What it prints reads back as
//! a config.

use toml::{Table, Value};

use super::tools::{Approve, ToolsConfig};
use super::{Config, ProviderConfig, ProviderKind};

pub fn render_redacted(cfg: &Config) -> String {
    let mut root = Table::new();
    root.insert(
        "default_provider".into(),
        cfg.default_provider.clone().into(),
    );
    root.insert("theme".into(), cfg.theme.as_str().into());
    if let Some(l) = cfg.language {
        root.insert("language".into(), l.code().into());
    }
    if let Some(d) = cfg.data_dir() {
        root.insert("data_dir".into(), d.display().to_string().into());
    }
    root.insert("save_sessions".into(), cfg.save_sessions.into());
    root.insert("wire_log".into(), cfg.wire_log.into());
    if let Some(s) = &cfg.system_prompt {
        root.insert("system_prompt".into(), s.clone().into());
    }
    tools_into(&mut root, &cfg.tools);
    let providers: Table = cfg
        .providers
        .iter()
        .map(|p| (p.name.clone(), Value::Table(provider_table(p))))
        .collect();
    root.insert("providers".into(), Value::Table(providers));
    if !cfg.prompts.is_empty() {
        root.insert("prompts".into(), Value::Table(prompts_table(cfg)));
    }
    if !cfg.mcp_servers.is_empty() {
        let servers: Table = cfg
            .mcp_servers
            .iter()
            .map(|m| (m.name.clone(), Value::Table(mcp_table(m))))
            .collect();
        root.insert("mcp_servers".into(), Value::Table(servers));
    }
    // Every action's key in effect, as `[keys]` writes it.
    let mut keys = Table::new();
    for c in super::commands::COMMANDS {
        if let (Some(k), Some(bound)) = (c.key, cfg.keymap.bindings.get(&c.action)) {
            keys.insert(k.name.into(), bound.label().to_lowercase().into());
        }
    }
    root.insert("keys".into(), Value::Table(keys));
    let source = match &cfg.path {
        Some(p) => supchat_i18n::tr!("conf-show-from", path = p.display().to_string()),
        None => supchat_i18n::tr("conf-show-builtins"),
    };
    format!("# {source}\n{}", toml::to_string(&root).unwrap_or_default())
}

/// One `[mcp_servers.NAME]` table, secret-looking env values redacted.
fn mcp_table(m: &super::mcp::McpServerConfig) -> Table {
    use super::mcp::McpTransport;
    let approve = |a: Approve| match a {
        Approve::Ask => "ask",
        Approve::Auto => "auto",
    };
    let mut t = Table::new();
    match &m.transport {
        McpTransport::Stdio {
            command,
            env,
            env_vars,
            cwd,
        } => {
            let argv: Vec<Value> = command.iter().map(|a| a.clone().into()).collect();
            t.insert("command".into(), Value::Array(argv));
            if !env.is_empty() {
                let e: Table = env
                    .iter()
                    .map(|(k, v)| (k.clone(), super::redact::redact_value(k, v).into()))
                    .collect();
                t.insert("env".into(), Value::Table(e));
            }
            if !env_vars.is_empty() {
                let v: Vec<Value> = env_vars.iter().map(|a| a.clone().into()).collect();
                t.insert("env_vars".into(), Value::Array(v));
            }
            if let Some(c) = cwd {
                t.insert("cwd".into(), c.display().to_string().into());
            }
        }
        McpTransport::Http {
            url,
            bearer_token_env,
        } => {
            t.insert("url".into(), super::redact::redact_text(url).into());
            if let Some(b) = bearer_token_env {
                t.insert("bearer_token_env".into(), b.clone().into());
            }
        }
    }
    t.insert("approve".into(), approve(m.approve).into());
    t.insert("enabled".into(), m.enabled.into());
    t.insert(
        "startup_timeout_secs".into(),
        int(m.startup_timeout.as_secs()),
    );
    t.insert("call_timeout_secs".into(), int(m.call_timeout.as_secs()));
    if let Some(l) = &m.enabled_tools {
        let v: Vec<Value> = l.iter().map(|a| a.clone().into()).collect();
        t.insert("enabled_tools".into(), Value::Array(v));
    }
    if !m.disabled_tools.is_empty() {
        let v: Vec<Value> = m.disabled_tools.iter().map(|a| a.clone().into()).collect();
        t.insert("disabled_tools".into(), Value::Array(v));
    }
    if !m.tool_approve.is_empty() {
        let tools: Table = m
            .tool_approve
            .iter()
            .map(|(name, a)| {
                let mut one = Table::new();
                one.insert("approve".into(), approve(*a).into());
                (name.clone(), Value::Table(one))
            })
            .collect();
        t.insert("tools".into(), Value::Table(tools));
    }
    t
}

/// A count as TOML writes it (an integer), absurd values held at its most.
fn int(n: u64) -> Value {
    Value::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}

/// One provider's table: its key redacted, its kind's settings.
fn provider_table(p: &ProviderConfig) -> Table {
    let mut t = Table::new();
    t.insert("kind".into(), p.kind.as_str().into());
    t.insert("base_url".into(), p.base_url.clone().into());
    if p.key.inline.is_some() {
        t.insert("api_key".into(), "[redacted]".into());
    }
    if let Some(c) = &p.key.cmd {
        t.insert("api_key_cmd".into(), c.clone().into());
    }
    if let Some(e) = &p.key.env {
        t.insert("api_key_env".into(), e.clone().into());
    }
    match p.kind {
        ProviderKind::OpenAi => {
            t.insert("model".into(), p.model.clone().into());
            if let Some(v) = p.temperature {
                t.insert("temperature".into(), v.into());
            }
            if let Some(v) = p.max_tokens {
                t.insert("max_tokens".into(), int(v));
            }
        }
        ProviderKind::SupAi => {
            t.insert("mode".into(), p.mode.clone().into());
            let models: Vec<Value> = p.models.iter().map(|m| m.clone().into()).collect();
            t.insert("models".into(), Value::Array(models));
            t.insert("include_supai_chunks".into(), p.include_supai_chunks.into());
            let mut env = Table::new();
            if let Some(n) = &p.environment.user_name {
                env.insert("user_name".into(), n.clone().into());
            }
            let mut loc = Table::new();
            loc.insert("ip_address".into(), p.environment.ip_address.clone().into());
            env.insert("location".into(), Value::Table(loc));
            t.insert("environment".into(), Value::Table(env));
        }
    }
    t.insert("stream".into(), p.stream.into());
    t.insert("tools".into(), p.tools.into());
    if let Some(s) = &p.system_prompt {
        t.insert("system_prompt".into(), s.clone().into());
    }
    if let Some(n) = p.context_tokens {
        t.insert("context_tokens".into(), int(n));
    }
    if let Some(price) = p.price {
        t.insert("price_in".into(), price.input.into());
        t.insert("price_out".into(), price.output.into());
    }
    if p.price.is_some() || !p.model_prices.is_empty() || p.currency != "USD" {
        t.insert("currency".into(), p.currency.clone().into());
    }
    if !p.model_prices.is_empty() {
        let mut prices = Table::new();
        for (model, price) in &p.model_prices {
            let mut one = Table::new();
            one.insert("in".into(), price.input.into());
            one.insert("out".into(), price.output.into());
            prices.insert(model.clone(), Value::Table(one));
        }
        t.insert("prices".into(), Value::Table(prices));
    }
    t.insert(
        "connect_timeout_secs".into(),
        int(p.connect_timeout.as_secs()),
    );
    t.insert("idle_timeout_secs".into(), int(p.idle_timeout.as_secs()));
    t.insert("max_retries".into(), int(u64::from(p.max_retries)));
    t
}

/// `enabled_tools`, `tool_choice`, `max_tool_steps` and `[[tools]]`.
fn tools_into(root: &mut Table, tools: &ToolsConfig) {
    let builtins: Vec<Value> = tools.builtins.iter().map(|b| b.name().into()).collect();
    root.insert("enabled_tools".into(), Value::Array(builtins));
    // A function object naming one tool is written as its name.
    let choice = match &tools.choice {
        serde_json::Value::String(s) => s.clone(),
        other => other["function"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    };
    root.insert("tool_choice".into(), choice.into());
    root.insert("max_tool_steps".into(), int(u64::from(tools.max_steps)));
    root.insert("max_parallel_tools".into(), int(u64::from(tools.parallel)));
    root.insert("max_tool_calls".into(), int(u64::from(tools.max_calls)));
    if !tools.secret_paths.is_empty() {
        let paths = tools
            .secret_paths
            .iter()
            .map(|p| p.as_str().into())
            .collect();
        root.insert("secret_paths".into(), Value::Array(paths));
    }
    if tools.tools.is_empty() {
        return;
    }
    let list = tools
        .tools
        .iter()
        .map(|t| {
            let mut o = Table::new();
            o.insert("name".into(), t.name.clone().into());
            o.insert("description".into(), t.description.clone().into());
            if let Ok(p) = Value::try_from(t.parameters.clone()) {
                o.insert("parameters".into(), p);
            }
            let argv: Vec<Value> = t.command.iter().map(|a| a.clone().into()).collect();
            o.insert("command".into(), Value::Array(argv));
            let approve = match t.approve {
                Approve::Ask => "ask",
                Approve::Auto => "auto",
            };
            o.insert("approve".into(), approve.into());
            o.insert("timeout_secs".into(), int(t.timeout.as_secs()));
            Value::Table(o)
        })
        .collect();
    root.insert("tools".into(), Value::Array(list));
}

/// `[prompts.NAME]`: each preset's prompt and what it switches to.
fn prompts_table(cfg: &Config) -> Table {
    cfg.prompts
        .iter()
        .map(|p| {
            let mut t = Table::new();
            t.insert("system_prompt".into(), p.system_prompt.clone().into());
            for (k, v) in [
                ("provider", &p.provider),
                ("model", &p.model),
                ("mode", &p.mode),
            ] {
                if let Some(v) = v {
                    t.insert(k.into(), v.clone().into());
                }
            }
            if let Some(x) = p.temperature {
                t.insert("temperature".into(), x.into());
            }
            (p.name.clone(), Value::Table(t))
        })
        .collect()
}
