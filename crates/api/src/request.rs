//! Request bodies per provider kind. `openai`: model, temperature,
//! max_tokens, stream_options, tools. `supai`: the mode as `model`, the
//! `models` allow-list (null = all), `environment` with the date of sending,
//! `include_supai_chunks`; and a conversation that does not end with a user
//! message is refused before anything is sent.

use std::time::SystemTime;

use serde_json::{Value, json};

use super::error::ApiError;
use crate::endpoint::Endpoint;
use supchat_chat::ProviderKind;
use supchat_chat::{Message, Role};

/// What the caller asks of one request, beyond the provider's defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChatOptions {
    /// Overrides the provider's `stream`.
    pub stream: Option<bool>,
    /// Tool definitions (OpenAI function-calling format).
    pub tools: Option<Value>,
    pub tool_choice: Option<Value>,
    /// A stream that breaks off mid-reply (closed before it finished) is
    /// asked for again, within `max_retries`, the partial reply dropped
    /// ([`crate::StreamEvent::StartOver`]). For a driver that can take back
    /// what it showed (the chat screen), not one that printed it (`ask`).
    pub retry_broken: bool,
    /// What goes over the wire is handed out too, as
    /// [`crate::StreamEvent::Wire`] events (the request inspector).
    pub wire: bool,
}

pub struct BodyParams<'a> {
    pub endpoint: &'a Endpoint,
    pub messages: &'a [Message],
    pub options: &'a ChatOptions,
    pub stream: bool,
    /// False once the provider rejected `stream_options`.
    pub stream_options: bool,
    pub now: SystemTime,
}

pub fn build_body(p: &BodyParams<'_>) -> Result<Value, ApiError> {
    if p.messages.is_empty() {
        return Err(ApiError::Invalid(supchat_i18n::tr("api-nothing-to-send")));
    }
    let mut body = match p.endpoint.kind {
        ProviderKind::OpenAi => openai_body(p),
        ProviderKind::SupAi => supai_body(p)?,
    };
    body["stream"] = json!(p.stream);
    if p.stream && p.stream_options {
        body["stream_options"] = json!({ "include_usage": true });
    }
    Ok(body)
}

fn openai_body(p: &BodyParams<'_>) -> Value {
    let pc = p.endpoint;
    let messages: Vec<Value> = p.messages.iter().map(openai_message).collect();
    let mut body = json!({ "model": pc.model, "messages": messages });
    if let Some(t) = pc.temperature {
        body["temperature"] = json!(t);
    }
    if let Some(m) = pc.max_tokens {
        body["max_tokens"] = json!(m);
    }
    add_tools(&mut body, p.options);
    body
}

/// The tools offered, and `tool_choice` with them.
fn add_tools(body: &mut Value, o: &ChatOptions) {
    if let Some(tools) = &o.tools {
        body["tools"] = tools.clone();
        if let Some(choice) = &o.tool_choice {
            body["tool_choice"] = choice.clone();
        }
    }
}

fn role_str(r: Role) -> &'static str {
    match r {
        Role::System => "system",
        Role::User => "user",
        Role::Assistant => "assistant",
        Role::Tool => "tool",
    }
}

/// A message's `content`: its text, or with images, a list of parts.
fn content(m: &Message) -> Value {
    if m.images.is_empty() {
        return json!(m.content);
    }
    let mut parts = vec![json!({"type": "text", "text": m.content})];
    for (mime, data) in &m.images {
        parts.push(json!({"type": "image_url", "image_url": {"url": format!("data:{mime};base64,{data}")}}));
    }
    Value::Array(parts)
}

fn openai_message(m: &Message) -> Value {
    let mut v = json!({ "role": role_str(m.role), "content": content(m) });
    if !m.tool_calls.is_empty() {
        let calls: Vec<Value> = m
            .tool_calls
            .iter()
            .map(|c| {
                json!({"id": c.id, "type": "function",
                       "function": {"name": c.name, "arguments": c.arguments}})
            })
            .collect();
        v["tool_calls"] = Value::Array(calls);
        if m.content.is_empty() {
            v["content"] = Value::Null;
        }
    }
    if let Some(id) = &m.tool_call_id {
        v["tool_call_id"] = json!(id);
    }
    v
}

fn supai_body(p: &BodyParams<'_>) -> Result<Value, ApiError> {
    let pc = p.endpoint;
    let last = p.messages.last().map(|m| m.role);
    // With tools turned on for Sup.ai (`tools = true`), a request after
    // tool results ends with them.
    let tools = p.options.tools.is_some();
    if last != Some(Role::User) && !(tools && last == Some(Role::Tool)) {
        let role = match last {
            None => "api-role-nobody",
            Some(Role::System) => "api-role-system",
            Some(Role::Assistant) => "api-role-assistant",
            Some(Role::Tool) => "api-role-tool",
            // Not reached: a last message of the user's is sent.
            Some(Role::User) => "api-role-nobody",
        };
        return Err(ApiError::Invalid(supchat_i18n::tr!(
            "api-supai-last-not-user",
            role = supchat_i18n::tr(role)
        )));
    }
    // Which messages Sup.ai may get is decided with the history
    // (`engine::history`); here they only take its wire shape.
    let messages: Vec<Value> = p
        .messages
        .iter()
        .map(|m| {
            if tools {
                openai_message(m)
            } else {
                json!({ "role": role_str(m.role), "content": content(m) })
            }
        })
        .collect();
    let mut env = json!({
        "date": rfc3339_utc(p.now),
        "location": { "ip_address": pc.environment.ip_address },
    });
    if let Some(name) = &pc.environment.user_name {
        env["user_name"] = json!(name);
    }
    let models = if pc.models.is_empty() {
        Value::Null
    } else {
        json!(pc.models)
    };
    let mut body = json!({
        "model": pc.model,
        "models": models,
        "messages": messages,
        "environment": env,
        "include_supai_chunks": pc.include_supai_chunks,
    });
    add_tools(&mut body, p.options);
    Ok(body)
}

/// `2024-01-15T10:30:00Z` for a time (UTC, whole seconds).
pub fn rfc3339_utc(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (year, month, day) = supchat_chat::clock::civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn supai() -> Endpoint {
        Endpoint::new("supai", ProviderKind::SupAi, "https://api.sup.ai/v1/openai")
    }

    fn supage() -> Endpoint {
        let mut e = Endpoint::new(
            "supage",
            ProviderKind::OpenAi,
            "https://llm.supage.eu.org/v1",
        );
        e.model = "claude-sonnet-4-6".into();
        e
    }

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn rfc3339_known_dates() {
        assert_eq!(rfc3339_utc(at(0)), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(at(1_705_314_600)), "2024-01-15T10:30:00Z");
        assert_eq!(rfc3339_utc(at(951_782_400)), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339_utc(at(4_102_444_799)), "2099-12-31T23:59:59Z");
    }

    fn body(endpoint: &Endpoint, messages: &[Message], stream: bool) -> Result<Value, ApiError> {
        build_body(&BodyParams {
            endpoint,
            messages,
            options: &ChatOptions::default(),
            stream,
            stream_options: true,
            now: at(1_705_314_600),
        })
    }

    #[test]
    fn supai_body_matches_the_documented_shape() {
        let mut supai = supai();
        supai.model = "deep-thinking".into();
        supai.environment.user_name = Some("Ada".into());
        let msgs = [Message::system("Be brief."), Message::user("你好")];
        let b = body(&supai, &msgs, true).unwrap();
        assert_eq!(
            b,
            json!({
                "model": "deep-thinking",
                "models": null,
                "messages": [{"role":"system","content":"Be brief."},{"role":"user","content":"你好"}],
                "environment": {"date":"2024-01-15T10:30:00Z","location":{"ip_address":"current"},"user_name":"Ada"},
                "include_supai_chunks": false,
                "stream": true,
                "stream_options": {"include_usage": true}
            })
        );
        supai.models = vec!["openai/gpt-5.2".into()];
        let b = body(&supai, &msgs, false).unwrap();
        assert_eq!(b["models"], json!(["openai/gpt-5.2"]));
        assert!(b.get("stream_options").is_none());
    }

    #[test]
    fn supai_refuses_a_conversation_not_ending_with_the_user() {
        let supai = supai();
        let msgs = [Message::user("hi"), Message::assistant("hello")];
        let e = body(&supai, &msgs, true).unwrap_err();
        assert!(e.to_string().contains("end with a message from you"), "{e}");
    }

    #[test]
    fn openai_body_carries_model_temperature_and_max_tokens() {
        let mut supage = supage();
        supage.temperature = Some(0.7);
        supage.max_tokens = Some(4096);
        let b = body(&supage, &[Message::user("hi")], true).unwrap();
        assert_eq!(b["model"], "claude-sonnet-4-6");
        assert_eq!(b["temperature"], 0.7);
        assert_eq!(b["max_tokens"], 4096);
        assert_eq!(b["stream_options"]["include_usage"], true);
        assert!(b.get("environment").is_none() && b.get("tools").is_none());
    }

    #[test]
    fn supai_with_tools_turned_on_takes_them_and_their_results() {
        let supai = supai();
        let mut calling = Message::assistant("");
        calling.tool_calls = vec![supchat_chat::ToolCall {
            id: "c1".into(),
            name: "weather".into(),
            arguments: "{}".into(),
        }];
        let mut result = Message::user("18°C");
        result.role = Role::Tool;
        result.tool_call_id = Some("c1".into());
        let msgs = [Message::user("weather?"), calling, result];
        let options = ChatOptions {
            tools: Some(json!([{"type": "function", "function": {"name": "weather"}}])),
            tool_choice: Some(json!("auto")),
            ..ChatOptions::default()
        };
        let b = build_body(&BodyParams {
            endpoint: &supai,
            messages: &msgs,
            options: &options,
            stream: true,
            stream_options: false,
            now: at(0),
        })
        .unwrap();
        assert_eq!(b["tools"][0]["function"]["name"], "weather");
        assert_eq!(b["tool_choice"], "auto");
        assert_eq!(b["messages"][1]["tool_calls"][0]["id"], "c1");
        assert_eq!(b["messages"][1]["content"], Value::Null);
        assert_eq!(b["messages"][2]["tool_call_id"], "c1");
    }
}
