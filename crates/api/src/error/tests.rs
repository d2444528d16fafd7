//! Errors as the user reads them: statuses classified, server text cut,
//! cleaned and redacted.

use super::*;

fn ctx<'a>() -> StatusContext<'a> {
    StatusContext {
        provider: "supage",
        url: "https://llm.supage.eu.org/v1/chat/completions",
        key_source: Some("the environment variable SUPAGE_API_KEY"),
        retry_after: None,
        attempts: 1,
    }
}

#[test]
fn auth_error_names_provider_and_key_source() {
    let body = r#"{"error":{"message":"Incorrect API key","type":"invalid_request_error","code":"invalid_api_key"}}"#;
    let e = classify_status(401, body, &ctx()).to_string();
    assert!(
        e.contains("supage rejected the API key (HTTP 401: Incorrect API key)"),
        "{e}"
    );
    assert!(e.contains("the environment variable SUPAGE_API_KEY"), "{e}");
}

#[test]
fn auth_error_without_a_configured_key_says_how_to_add_one() {
    let mut c = ctx();
    c.key_source = None;
    let e = classify_status(401, "", &c).to_string();
    assert!(e.contains("No key is configured for it: set api_key, api_key_cmd or api_key_env under [providers.supage]"), "{e}");
}

#[test]
fn not_found_shows_the_url() {
    let e = classify_status(404, "404 page not found", &ctx()).to_string();
    assert!(
        e.contains("https://llm.supage.eu.org/v1/chat/completions"),
        "{e}"
    );
    assert!(e.contains("Check base_url"), "{e}");
}

#[test]
fn bad_request_shapes() {
    let openrouter = r#"{"error":{"code":400,"message":"max_tokens too big","metadata":{}}}"#;
    assert!(
        classify_status(400, openrouter, &ctx())
            .to_string()
            .ends_with(": max_tokens too big")
    );
    let fastapi =
        r#"{"detail":[{"loc":["body","messages"],"msg":"field required","type":"missing"}]}"#;
    let e = classify_status(422, fastapi, &ctx()).to_string();
    assert!(e.contains("field required (body.messages)"), "{e}");
    let google = r#"[{"error":{"code":400,"message":"bad thing","status":"INVALID_ARGUMENT"}}]"#;
    assert!(
        classify_status(400, google, &ctx())
            .to_string()
            .contains("bad thing")
    );
    let anthropic =
        r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#;
    let e = classify_status(529, anthropic, &ctx());
    assert!(
        matches!(e, ApiError::Server { status: 529, .. }) && e.to_string().contains("Overloaded")
    );
}

#[test]
fn html_bodies_are_named_by_title() {
    let html =
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    let e = classify_status(502, html, &ctx()).to_string();
    assert!(
        e.contains("HTTP 502): an HTML page titled \"502 Bad Gateway\""),
        "{e}"
    );
}

#[test]
fn quota_429_is_not_a_rate_limit() {
    let body =
        r#"{"error":{"message":"You exceeded your current quota","code":"insufficient_quota"}}"#;
    assert!(matches!(
        classify_status(429, body, &ctx()),
        ApiError::Quota { .. }
    ));
    let e = classify_status(429, r#"{"error":"slow down"}"#, &ctx());
    assert!(matches!(e, ApiError::RateLimited { .. }));
}

#[test]
fn long_and_hostile_bodies_are_cut_and_cleaned() {
    let body = format!("\x1b]0;evil\x07{}", "x".repeat(1000));
    let e = classify_status(500, &body, &ctx()).to_string();
    assert!(
        !e.contains('\x1b') && e.contains('…') && e.len() < 400,
        "{e}"
    );
}

#[test]
fn key_is_redacted_from_server_text() {
    let e = classify_status(401, r#"{"error":"bad key su-abcdef123"}"#, &ctx())
        .map_text(|t| redact(t, "su-abcdef123"))
        .to_string();
    assert!(
        !e.contains("su-abcdef123") && e.contains("[redacted]"),
        "{e}"
    );
}

#[test]
fn html_without_a_title_shows_its_text_not_its_markup() {
    let nginx = "<html>\r\n<head></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n<script>var x = '<b>';</script><!-- <p>hidden</p> --></body>\r\n</html>";
    let e = classify_status(502, nginx, &ctx()).to_string();
    assert!(
        e.contains("an HTML page: 502 Bad Gateway nginx/1.25.3"),
        "{e}"
    );
    assert!(
        !e.contains('<') && !e.contains("hidden") && !e.contains("var x"),
        "{e}"
    );
    let empty = classify_status(502, "<html><body></body></html>", &ctx()).to_string();
    assert!(empty.contains("an HTML page with no text"), "{empty}");
}

#[test]
fn the_key_is_redacted_from_every_kind_of_error_text() {
    let key = "su-abcdef123";
    let errors = [
        ApiError::Stream {
            code: Some(format!("bad_{key}")),
            message: format!("key {key} refused"),
        },
        ApiError::Connect {
            url: "http://127.0.0.1:1".into(),
            detail: format!("refused {key}"),
            attempts: 1,
        },
        ApiError::NotApi {
            provider: "p".into(),
            what: format!("a page naming {key}"),
        },
        ApiError::Interrupted {
            detail: format!("broke off at {key}"),
        },
        ApiError::Protocol(format!("frame {key}")),
    ];
    for e in errors {
        let shown = e.map_text(|t| redact(t, key)).to_string();
        assert!(
            !shown.contains(key) && shown.contains("[redacted]"),
            "{shown}"
        );
    }
}

/// A server on this machine that cannot be reached is likely not running:
/// the advice says so, not to check proxies (loopback never uses one).
#[test]
fn an_unreachable_loopback_server_is_asked_about_not_proxies() {
    let at = |url: &str| {
        ApiError::Connect {
            url: url.into(),
            detail: "connection refused".into(),
            attempts: 1,
        }
        .to_string()
    };
    let local = at("http://127.0.0.1:8080/v1/chat/completions");
    assert!(local.contains("Is the server running"), "{local}");
    assert!(!local.contains("proxy"), "{local}");
    assert!(at("http://localhost:11434/v1").contains("Is the server running"));
    let far = at("https://api.example.com/v1");
    assert!(far.contains("proxy variables"), "{far}");
}

/// In Chinese the explanation and the advice read in Chinese; the server's
/// own words, the status and the config keys stay as they are.
#[test]
fn errors_and_their_advice_read_in_chinese() {
    supchat_i18n::set_for_this_thread(supchat_i18n::Lang::ZhCn);
    let body = r#"{"error":{"message":"Incorrect API key"}}"#;
    let e = classify_status(401, body, &ctx()).to_string();
    assert!(
        e.starts_with("supage 拒绝了 API 密钥（HTTP 401：Incorrect API key）。"),
        "{e}"
    );
    assert!(
        e.contains("密钥来源：the environment variable SUPAGE_API_KEY。"),
        "{e}"
    );
    let mut c = ctx();
    c.key_source = None;
    let none = classify_status(401, "", &c).to_string();
    assert!(
        none.contains(
            "请在配置文件的 [providers.supage] 下设置 api_key、api_key_cmd 或 api_key_env。"
        ),
        "{none}"
    );
    let html = "<html><head><title>502 Bad Gateway</title></head></html>";
    let mut c = ctx();
    c.attempts = 3;
    let e = classify_status(502, html, &c).to_string();
    assert_eq!(
        e,
        "supage 服务器出错（HTTP 502）：标题为“502 Bad Gateway”的 HTML 页面（已尝试 3 次）。服务可能宕机或过载，请稍后再试。"
    );
    let far = ApiError::Connect {
        url: "https://api.example.com/v1".into(),
        detail: "connection refused".into(),
        attempts: 1,
    }
    .to_string();
    assert_eq!(
        far,
        "无法连接 https://api.example.com/v1：connection refused。请检查网络、代理环境变量（HTTPS_PROXY、ALL_PROXY）和 base_url。"
    );
}

/// Redaction happens on the server's words before they are shown, in
/// either language.
#[test]
fn the_key_is_redacted_in_chinese_too() {
    supchat_i18n::set_for_this_thread(supchat_i18n::Lang::ZhCn);
    let e = classify_status(429, r#"{"error":"slow down su-abcdef123"}"#, &ctx())
        .map_text(|t| redact(t, "su-abcdef123"))
        .to_string();
    assert_eq!(
        e,
        "supage 请求过于频繁（HTTP 429）：slow down [redacted]。请稍后再试。"
    );
}

#[test]
fn notices_read_in_chinese() {
    supchat_i18n::set_for_this_thread(supchat_i18n::Lang::ZhCn);
    let retry = crate::Notice::Retrying {
        attempt: 2,
        max: 3,
        delay: Duration::from_millis(1500),
        reason: crate::client::short_reason(&ApiError::Server {
            provider: "p".into(),
            status: 503,
            message: String::new(),
            attempts: 1,
        }),
    };
    assert_eq!(
        retry.to_string(),
        "服务器出错（HTTP 503）；1.5 秒后重试（第 2/3 次）"
    );
    assert_eq!(
        crate::Notice::KeyInClear("192.0.2.7".into()).to_string(),
        "API 密钥正通过明文 http 发送给 192.0.2.7，传输途中可被读取：请在 base_url 中改用 https://"
    );
}
