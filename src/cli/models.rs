//! `supchat models`: the models of an openai-kind provider (`GET /models`),
//! or Sup.ai's modes and model ids (bundled, refreshed from its info endpoint).

use std::process::ExitCode;

use std::io::Write;

use super::{EXIT_FAILED, EXIT_USAGE, ModelsArgs, fail, out};
use supchat_api::ProviderClient;
use supchat_api::models::{SupAiCatalog, supai_info_url};
use supchat_chat::text::sanitize_line;
use supchat_core::config::{Config, ProviderConfig, ProviderKind};
use supchat_i18n::tr;

pub async fn run(args: ModelsArgs, cfg: &Config) -> ExitCode {
    let provider = match cfg.select(args.provider.as_deref()) {
        Ok(p) => p.clone(),
        Err(m) => return fail(EXIT_USAGE, m),
    };
    match provider.kind {
        ProviderKind::OpenAi => openai(provider).await,
        ProviderKind::SupAi => supai(provider).await,
    }
}

async fn openai(provider: ProviderConfig) -> ExitCode {
    let key = match provider.key.resolve(&provider.name) {
        Ok(k) => k,
        Err(m) => return fail(EXIT_USAGE, m),
    };
    let client = match ProviderClient::new(provider.endpoint(), key.credential()) {
        Ok(c) => c,
        Err(e) => return fail(EXIT_FAILED, e),
    };
    match client.list_models().await {
        Ok(ids) if ids.is_empty() => fail(
            EXIT_FAILED,
            tr!("cli-models-none", url = client.url("models")),
        ),
        Ok(ids) => out::finish((|| {
            let mut o = std::io::stdout().lock();
            for id in ids {
                writeln!(o, "{}", sanitize_line(&id))?;
            }
            o.flush()?;
            Ok(ExitCode::SUCCESS)
        })()),
        Err(e) => fail(EXIT_FAILED, e),
    }
}

async fn supai(provider: ProviderConfig) -> ExitCode {
    let mut catalog = SupAiCatalog::bundled();
    let current = provider.mode.clone();
    let url = supai_info_url(&provider.base_url);
    // The info endpoint may not need a key; send one when there is one.
    let key = provider
        .key
        .resolve(&provider.name)
        .map(|k| k.credential())
        .unwrap_or_default();
    let refreshed = match ProviderClient::new(provider.endpoint(), key) {
        Ok(client) => match client.get_json(&url).await {
            Ok(info) if catalog.refresh_from_info(&info) => Ok(()),
            Ok(_) => Err(tr!("cli-models-no-text-models")),
            Err(e) => Err(e.to_string()),
        },
        Err(e) => Err(e.to_string()),
    };
    if let Err(why) = refreshed {
        out::warn(tr!("cli-models-bundled", url = url.as_str(), why = why));
    }
    out::finish(print_catalog(&catalog, &sanitize_line(&current)))
}

fn print_catalog(catalog: &SupAiCatalog, current: &str) -> std::io::Result<ExitCode> {
    let mut o = std::io::stdout().lock();
    writeln!(o, "{}", tr!("cli-models-modes-heading"))?;
    let width = catalog.modes.iter().map(|m| m.id.len()).max().unwrap_or(0);
    for m in &catalog.modes {
        let mark = if m.id == current { '*' } else { ' ' };
        writeln!(o, "{mark} {:width$}  {}", m.id, m.description)?;
    }
    if !catalog.modes.iter().any(|m| m.id == current) {
        writeln!(o, "* {current}  {}", tr!("cli-models-unknown-mode"))?;
    }
    writeln!(
        o,
        "\n{}",
        tr!(
            "cli-models-models-heading",
            n = catalog.models.len().to_string()
        )
    )?;
    for id in &catalog.models {
        writeln!(o, "  {}", sanitize_line(id))?;
    }
    o.flush()?;
    Ok(ExitCode::SUCCESS)
}
