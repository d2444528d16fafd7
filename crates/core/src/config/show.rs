//! The effective configuration as TOML, for `supchat config show`: what the
//! file and the built-ins add up to, with every key redacted.

use toml::{Table, Value};

use super::{Config, ProviderKind};

pub fn render_redacted(cfg: &Config) -> String {
    let mut root = Table::new();
    root.insert(
        "default_provider".into(),
        cfg.default_provider.clone().into(),
    );
    root.insert("theme".into(), cfg.theme.as_str().into());
    if let Some(d) = cfg.data_dir() {
        root.insert("data_dir".into(), d.display().to_string().into());
    }
    root.insert("save_sessions".into(), cfg.save_sessions.into());
    let mut providers = Table::new();
    for p in &cfg.providers {
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
                    t.insert(
                        "max_tokens".into(),
                        Value::Integer(v.min(i64::MAX as u64) as i64),
                    );
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
        let secs = |d: std::time::Duration| Value::Integer(d.as_secs().min(i64::MAX as u64) as i64);
        t.insert("connect_timeout_secs".into(), secs(p.connect_timeout));
        t.insert("idle_timeout_secs".into(), secs(p.idle_timeout));
        t.insert(
            "max_retries".into(),
            Value::Integer(i64::from(p.max_retries)),
        );
        providers.insert(p.name.clone(), Value::Table(t));
    }
    root.insert("providers".into(), Value::Table(providers));
    // Every action's key in effect, as `[keys]` writes it.
    let mut keys = Table::new();
    for c in super::commands::COMMANDS {
        if let (Some(k), Some(bound)) = (c.key, cfg.keymap.bindings.get(&c.action)) {
            keys.insert(k.name.into(), bound.label().to_lowercase().into());
        }
    }
    root.insert("keys".into(), Value::Table(keys));
    let source = match &cfg.path {
        Some(p) => format!("# from {} and the built-in defaults\n", p.display()),
        None => "# built-in defaults (no config file)\n".to_owned(),
    };
    format!("{source}{}", toml::to_string(&root).unwrap_or_default())
}
