//! Hiding secrets in config text that is shown (an error's line, a bad
//! `base_url`): values of keys named like secrets, credentials in URLs
//! (well-formed or not), `?key=` query values, and anything that looks
//! like an API key wherever it stands.

/// Words of a key's name that mark its value secret (whole words, without
/// case: `access_token` is secret, `max_tokens` and `context_tokens` are
/// counts). `api_key` is the words `api` and `key`.
const SECRET_WORDS: &[&str] = &[
    "apikey",
    "token",
    "secret",
    "password",
    "passwd",
    "credential",
    "credentials",
];

/// Query parameters whose values are secret.
const SECRET_PARAMS: &[&str] = &[
    "key",
    "apikey",
    "api_key",
    "api-key",
    "token",
    "access_token",
    "secret",
    "password",
    "auth",
];

/// Prefixes of API keys (Supage `su-`, Sup.ai, OpenAI `sk-`, others).
const KEY_PREFIXES: &[&str] = &[
    "su-", "sk-", "sk_", "sa-", "sup-", "pk-", "rk-", "gsk_", "xai-",
];

const REDACTED: &str = "[redacted]";

/// The words of a key's name, lower case (`api_key_env` → api, key, env).
fn words(name: &str) -> Vec<String> {
    name.trim()
        .trim_matches(['"', '\''])
        .split(['-', '_', ' ', '.'])
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether a key named so holds a secret.
fn secret_name(words: &[String]) -> bool {
    words.iter().any(|w| SECRET_WORDS.contains(&w.as_str()))
        || words.windows(2).any(|p| p[0] == "api" && p[1] == "key")
}

/// A config line as it may be shown.
pub fn redact_line(line: &str) -> String {
    if let Some((name, _)) = line.split_once('=') {
        let w = words(name);
        // `api_key_env` and `api_key_cmd` name where a key is, not the key
        // (a key pasted there is still caught below).
        let last = w.last().map_or("", String::as_str);
        let pointer = last == "env" || last == "cmd";
        if !pointer && secret_name(&w) {
            return format!("{name}= \"{REDACTED}\"");
        }
        // A variable's name has letters, digits and `_` only: anything else
        // there is likely a key pasted in the wrong place.
        let value = line
            .split_once('=')
            .map_or("", |(_, v)| v.trim().trim_matches(['"', '\'']));
        let var_name = value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if last == "env" && !var_name {
            return format!("{name}= \"{REDACTED}\"");
        }
    }
    redact_text(line)
}

/// A value set for a variable or key named `name`, as it may be shown:
/// hidden whole when the name marks a secret, else key-like words hidden.
pub fn redact_value(name: &str, value: &str) -> String {
    if secret_name(&words(name)) {
        REDACTED.to_owned()
    } else {
        redact_text(value)
    }
}

/// `text` with URL credentials, secret query values and key-like words
/// hidden.
pub fn redact_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut token = String::new();
    for c in text.chars() {
        if is_delimiter(c) {
            out.push_str(&redact_token(&token));
            token.clear();
            out.push(c);
        } else {
            token.push(c);
        }
    }
    out.push_str(&redact_token(&token));
    out
}

fn is_delimiter(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\'' | '`' | ',' | '(' | ')' | '[' | ']' | '{' | '}'
        )
}

fn redact_token(t: &str) -> String {
    if t.is_empty() {
        return String::new();
    }
    let t = redact_userinfo(t);
    let t = redact_query(&t);
    if looks_like_key(&t) {
        return REDACTED.to_owned();
    }
    t
}

/// `scheme://user:pass@host`, and the malformed `scheme:/user:pass@host`
/// and `scheme:user:pass@host`: the part before `@` goes.
fn redact_userinfo(t: &str) -> String {
    let Some(at) = t.find('@') else {
        return t.to_owned();
    };
    let (left, right) = t.split_at(at);
    let scheme_end = left.find(':').filter(|&i| {
        i > 0
            && left[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    match scheme_end {
        Some(i) => {
            let after = &left[i + 1..];
            let slashes = after.len() - after.trim_start_matches('/').len();
            let userinfo = &after[slashes..];
            if userinfo.is_empty() {
                return t.to_owned();
            }
            format!("{}{}***{right}", &left[..=i], &after[..slashes])
        }
        // No scheme: `user:pass@host` still has a password; an address does not.
        None if left.contains(':') => format!("***{right}"),
        None => t.to_owned(),
    }
}

/// `?key=VALUE&…`: secret values go.
fn redact_query(t: &str) -> String {
    let Some(q) = t.find('?') else {
        return t.to_owned();
    };
    let (base, query) = t.split_at(q + 1);
    let parts: Vec<String> = query
        .split('&')
        .map(|p| match p.split_once('=') {
            Some((k, v))
                if !v.is_empty() && SECRET_PARAMS.contains(&k.to_ascii_lowercase().as_str()) =>
            {
                format!("{k}={REDACTED}")
            }
            _ => p.to_owned(),
        })
        .collect();
    format!("{base}{}", parts.join("&"))
}

/// A key by its prefix, or a long random-looking word (mixed case and
/// digits, as keys are and model ids are not).
pub fn looks_like_key(t: &str) -> bool {
    let w = t.trim_end_matches(['.', ';', ':']);
    let lower = w.to_ascii_lowercase();
    if KEY_PREFIXES.iter().any(|p| lower.starts_with(p)) && w.len() >= 8 {
        return true;
    }
    let word = w
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let count = |f: fn(&char) -> bool| w.chars().filter(f).count();
    word && w.len() >= 24
        && count(char::is_ascii_uppercase) >= 3
        && count(char::is_ascii_lowercase) >= 3
        && count(char::is_ascii_digit) >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_in_any_spelling_hide_their_value() {
        for line in [
            "api_key = \"su-1\"",
            "\"api_key\" = \"plain\"",
            "apikey = \"plain\"",
            "api-key = 'plain'",
            "token = \"plain\"",
            "client_secret = \"plain\"",
            "password=\"plain\"",
        ] {
            let r = redact_line(line);
            assert!(!r.contains("plain") && !r.contains("su-1"), "{line} → {r}");
            assert!(r.contains(REDACTED), "{r}");
        }
        assert_eq!(redact_line("model = \"gpt-5\""), "model = \"gpt-5\"");
        // Counts named with "tokens" are not secrets; tokens are.
        assert_eq!(redact_line("max_tokens = \"x\""), "max_tokens = \"x\"");
        assert_eq!(
            redact_line("context_tokens = \"200k\""),
            "context_tokens = \"200k\""
        );
        assert!(redact_line("access_token = \"abc\"").contains("[redacted]"));
        assert!(redact_line("apiKey = \"abc\"").contains("[redacted]"));
        assert!(redact_line("API-KEY = \"abc\"").contains("[redacted]"));
        assert_eq!(
            redact_line("api_key_env = \"SUPAGE_API_KEY\""),
            "api_key_env = \"SUPAGE_API_KEY\""
        );
    }

    #[test]
    fn keys_are_hidden_wherever_they_stand() {
        let r = redact_line("api_key_env = \"su-abcdef123456\"");
        assert!(!r.contains("abcdef"), "{r}");
        let r = redact_line("api_key_cmd = \"echo sk-proj-AbCdEf123\"");
        assert!(!r.contains("AbCdEf"), "{r}");
        let r = redact_text("a value Zq8Tr4Lm2Xw9Pk7Vn3Bc6Hd1 here");
        assert_eq!(r, "a value [redacted] here");
        // Model ids and hosts stay.
        for keep in [
            "claude-sonnet-4-6-20260301",
            "llm.supage.eu.org",
            "deep-thinking",
        ] {
            assert_eq!(redact_text(keep), keep);
        }
    }

    #[test]
    fn credentials_in_urls_well_formed_or_not() {
        for (url, shown) in [
            ("https://ada:PASS@host/v1", "https://***@host/v1"),
            ("https:/ada:PASS@host", "https:/***@host"),
            ("https:ada:PASS@host", "https:***@host"),
            ("ada:PASS@host", "ada:***@host"),
            (
                "https://host/v1?key=PASS&x=1",
                "https://host/v1?key=[redacted]&x=1",
            ),
            (
                "https://host/v1?api_key=PASS",
                "https://host/v1?api_key=[redacted]",
            ),
        ] {
            assert_eq!(redact_text(url), shown, "{url}");
        }
        assert_eq!(
            redact_text("write to ada@example.com"),
            "write to ada@example.com"
        );
    }
}
