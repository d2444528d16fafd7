//! One `[providers.NAME]` table read over the built-in defaults: each
//! setting checked (its kind, its range, a URL that parses), with the span
//! of a mistake for the error's excerpt.

use std::ops::Range;
use std::path::Path;
use std::time::Duration;

use supchat_i18n::tr;
use toml::Spanned;

use super::Located;
use super::file::FileProvider;
use super::{KeySpec, ProviderConfig, ProviderKind, Secret};

pub(super) fn parse_kind(kind: &Spanned<String>) -> Result<ProviderKind, Located> {
    match kind.get_ref().as_str() {
        "openai" => Ok(ProviderKind::OpenAi),
        "supai" => Ok(ProviderKind::SupAi),
        other => Err((kind.span(), tr!("conf-kind-unknown", kind = other))),
    }
}

pub(super) fn new_provider(
    name: &str,
    t: &FileProvider,
    table: Range<usize>,
) -> Result<ProviderConfig, Located> {
    let kind = t
        .kind
        .as_ref()
        .ok_or_else(|| (table.clone(), tr!("conf-provider-needs-kind", name = name)))?;
    let kind = parse_kind(kind)?;
    if t.base_url.is_none() {
        return Err((table, tr!("conf-provider-needs-url", name = name)));
    }
    Ok(ProviderConfig::defaults(name, kind, ""))
}

/// A setting of one kind given to a provider of the other.
pub(super) fn only(name: &str, span: Range<usize>, key: &str, for_supai: bool) -> Located {
    let (kind, other) = if for_supai {
        ("supai", "openai")
    } else {
        ("openai", "supai")
    };
    (
        span,
        tr!(
            "conf-only-kind",
            key = key,
            kind = kind,
            name = name,
            other = other
        ),
    )
}

/// Lays one provider table over `p`.
pub(super) fn apply(
    mut p: ProviderConfig,
    mut t: FileProvider,
    path: &Path,
) -> Result<ProviderConfig, Located> {
    if let Some(k) = &t.kind {
        let kind = parse_kind(k)?;
        if kind != p.kind {
            return Err((
                k.span(),
                tr!(
                    "conf-builtin-kind",
                    name = &p.name,
                    kind = p.kind.as_str(),
                    other = kind.as_str()
                ),
            ));
        }
    }
    apply_key(&mut p.key, &t, path)?;
    if let Some(u) = t.base_url.take() {
        p.base_url = check_url(&u)?;
    }
    apply_request(&mut p, &mut t)?;
    apply_supai(&mut p, &mut t)?;
    apply_rest(&mut p, t)?;
    Ok(p)
}

/// What every request carries: the model, temperature, token limit,
/// streaming.
pub(super) fn apply_request(p: &mut ProviderConfig, t: &mut FileProvider) -> Result<(), Located> {
    if let Some(m) = t.model.take() {
        if p.kind == ProviderKind::SupAi {
            return Err(only(&p.name, m.span(), &tr!("conf-model-use-mode"), false));
        }
        p.model = non_empty(m, "model")?;
    }
    if let Some(v) = t.temperature.take() {
        if !(0.0..=2.0).contains(v.get_ref()) {
            return Err((
                v.span(),
                tr!("conf-temperature-not", value = v.get_ref().to_string()),
            ));
        }
        p.temperature = Some(v.into_inner());
    }
    if let Some(v) = t.max_tokens.take() {
        if *v.get_ref() == 0 {
            return Err((v.span(), at_least("max_tokens", 1)));
        }
        p.max_tokens = Some(v.into_inner());
    }
    if let Some(s) = t.stream.take() {
        p.stream = s;
    }
    Ok(())
}

/// Sup.ai's own settings: the mode, the allow-list, run details, the
/// environment.
pub(super) fn apply_supai(p: &mut ProviderConfig, t: &mut FileProvider) -> Result<(), Located> {
    let not_supai = p.kind != ProviderKind::SupAi;
    if let Some(m) = t.mode.take() {
        if not_supai {
            return Err(only(&p.name, m.span(), "mode", true));
        }
        p.mode = check_mode(m)?;
    }
    if let Some(m) = t.models.take() {
        if not_supai {
            return Err(only(&p.name, m.span(), "models", true));
        }
        if let Some(bad) = m.get_ref().iter().find(|id| id.trim().is_empty()) {
            return Err((
                m.span(),
                tr!("conf-models-empty-id", id = format!("{bad:?}")),
            ));
        }
        p.models = m.into_inner();
    }
    if let Some(v) = t.include_supai_chunks.take() {
        if not_supai {
            return Err(only(&p.name, v.span(), "include_supai_chunks", true));
        }
        p.include_supai_chunks = v.into_inner();
    }
    if let Some(env) = t.environment.take() {
        if not_supai {
            return Err(only(&p.name, env.span(), "environment", true));
        }
        let env = env.into_inner();
        p.environment.user_name = env.user_name.filter(|n| !n.trim().is_empty());
        if let Some(ip) = env.location.and_then(|l| l.ip_address) {
            p.environment.ip_address = ip;
        }
    }
    Ok(())
}

/// Timeouts, retries, tools, the system prompt, the context size.
pub(super) fn apply_rest(p: &mut ProviderConfig, mut t: FileProvider) -> Result<(), Located> {
    apply_prices(p, &mut t)?;
    if let Some(v) = t.connect_timeout_secs {
        p.connect_timeout = secs(v, "connect_timeout_secs")?;
    }
    if let Some(v) = t.idle_timeout_secs {
        p.idle_timeout = secs(v, "idle_timeout_secs")?;
    }
    if let Some(v) = t.max_retries {
        if *v.get_ref() > 10 {
            return Err((
                v.span(),
                tr!("conf-at-most", key = "max_retries", max = "10"),
            ));
        }
        p.max_retries = v.into_inner();
    }
    if let Some(v) = t.tools {
        p.tools = v.into_inner();
    }
    if let Some(v) = t.system_prompt {
        p.system_prompt = Some(v.into_inner()).filter(|s| !s.trim().is_empty());
    }
    if let Some(v) = t.context_tokens {
        if *v.get_ref() < 1000 {
            return Err((v.span(), at_least("context_tokens", 1000)));
        }
        p.context_tokens = Some(v.into_inner());
    }
    Ok(())
}

/// The most a price per million tokens may be: above it, a slip of the
/// keyboard (per token instead of per million is smaller, not larger).
const MAX_PRICE: f64 = 100_000.0;

/// `price_in`, `price_out`, `currency` and `[providers.NAME.prices]`.
fn apply_prices(p: &mut ProviderConfig, t: &mut FileProvider) -> Result<(), Located> {
    let check = |key: &str, v: &Spanned<f64>| {
        // `-0.0` is 0.
        let x = *v.get_ref() + 0.0;
        if x.is_finite() && (0.0..=MAX_PRICE).contains(&x) {
            Ok(x)
        } else {
            Err((
                v.span(),
                tr!(
                    "conf-price-bad",
                    key = key,
                    // 1e308 in a few characters, not 309.
                    value = if x.abs() >= 1e9 {
                        format!("{x:e}")
                    } else {
                        x.to_string()
                    },
                    max = "100000"
                ),
            ))
        }
    };
    match (&t.price_in, &t.price_out) {
        (Some(i), Some(o)) => {
            p.price = Some(supchat_chat::cost::Price {
                input: check("price_in", i)?,
                output: check("price_out", o)?,
            });
        }
        (Some(v), None) | (None, Some(v)) => {
            return Err((v.span(), tr!("conf-price-pair")));
        }
        (None, None) => {}
    }
    if let Some(c) = t.currency.take() {
        let code = c.get_ref().trim().to_ascii_uppercase();
        if code.is_empty() || code.len() > 8 || !code.chars().all(|ch| ch.is_ascii_alphabetic()) {
            return Err((
                c.span(),
                tr!("conf-currency-bad", value = c.get_ref().as_str()),
            ));
        }
        p.currency = code;
    }
    for (model, v) in t.prices.take().unwrap_or_default() {
        let span = v.span();
        let f = v.into_inner();
        let ok = |x: f64| x.is_finite() && (0.0..=MAX_PRICE).contains(&x);
        if model.trim().is_empty() || !ok(f.input) || !ok(f.output) {
            return Err((
                span,
                tr!(
                    "conf-model-price-bad",
                    model = model.as_str(),
                    max = "100000"
                ),
            ));
        }
        p.model_prices.insert(
            model,
            supchat_chat::cost::Price {
                input: f.input + 0.0,
                output: f.output + 0.0,
            },
        );
    }
    Ok(())
}

pub(super) fn apply_key(key: &mut KeySpec, t: &FileProvider, path: &Path) -> Result<(), Located> {
    if let Some(k) = &t.api_key {
        if k.get_ref().trim().is_empty() {
            return Err((k.span(), tr!("conf-empty", key = "api_key")));
        }
        if k.get_ref().trim().chars().any(char::is_control) {
            return Err((k.span(), tr!("conf-api-key-control")));
        }
        key.inline = Some(Secret::new(k.get_ref().trim()));
        key.file = Some(path.to_owned());
    }
    if let Some(c) = &t.api_key_cmd {
        key.cmd = Some(non_empty(c.clone(), "api_key_cmd")?);
    }
    if let Some(e) = &t.api_key_env {
        let name = e.get_ref();
        // The value is never echoed: it may be a key pasted in the wrong place.
        if super::redact::looks_like_key(name) || name.contains('-') {
            return Err((e.span(), tr!("conf-api-key-env-looks-like-key")));
        }
        let valid = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err((e.span(), tr!("conf-api-key-env-bad")));
        }
        key.env = Some(name.clone());
    }
    Ok(())
}

pub(super) fn non_empty(v: Spanned<String>, key: &str) -> Result<String, Located> {
    if v.get_ref().trim().is_empty() {
        return Err((v.span(), tr!("conf-empty", key = key)));
    }
    Ok(v.into_inner())
}

/// `KEY must be at least MIN`.
fn at_least(key: &str, min: u64) -> String {
    tr!("conf-at-least", key = key, min = min.to_string())
}

pub(super) fn secs(v: Spanned<u64>, key: &str) -> Result<Duration, Located> {
    if *v.get_ref() == 0 {
        return Err((v.span(), at_least(key, 1)));
    }
    Ok(Duration::from_secs(v.into_inner()))
}

/// Any mode is sent as is (Sup.ai's docs disagree on the list), but it must
/// look like a mode id: letters, digits, `-`, `_`, `.`.
pub(super) fn check_mode(m: Spanned<String>) -> Result<String, Located> {
    let s = m.get_ref();
    let ok = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !ok {
        return Err((
            m.span(),
            tr!(
                "conf-mode-unknown",
                mode = format!("{s:?}"),
                modes = super::SUPAI_MODES.join(", ")
            ),
        ));
    }
    Ok(m.into_inner())
}

pub(super) fn check_url(u: &Spanned<String>) -> Result<String, Located> {
    let raw = u.get_ref().trim();
    let shown = super::redact::redact_text(raw);
    let bad = |why: &str| {
        (
            u.span(),
            tr!("conf-url-bad", url = format!("{shown:?}"), why = why),
        )
    };
    let url = url::Url::parse(raw).map_err(|e| {
        use url::ParseError as P;
        bad(&match e {
            // `127.0.0.1:8080/v1`: no scheme.
            P::RelativeUrlWithoutBase => tr!("conf-url-scheme"),
            P::EmptyHost => tr!("conf-url-no-host"),
            P::InvalidPort => tr!("conf-url-port"),
            P::InvalidDomainCharacter | P::IdnaError => tr!("conf-url-host-chars"),
            P::InvalidIpv4Address | P::InvalidIpv6Address => tr!("conf-url-ip"),
            e => e.to_string(),
        })
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad(&tr!("conf-url-scheme")));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad(&tr!("conf-url-no-host")));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad(&tr!("conf-url-query")));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad(&tr!("conf-url-credentials")));
    }
    Ok(raw.trim_end_matches('/').to_owned())
}
