//! Model lists: `GET /models` for the openai kind (parsed leniently: OpenAI's
//! `data[].id`, or a bare list), and for Sup.ai the modes and model ids
//! shipped in assets/, refreshed from its info endpoint when it answers.

use serde_json::Value;

use supchat_chat::SUPAI_MODES;

/// Model ids from a `/models` answer of any common shape, sorted, unique.
pub fn model_ids(v: &Value) -> Vec<String> {
    let list = v
        .get("data")
        .or_else(|| v.get("models"))
        .unwrap_or(v)
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut ids: Vec<String> = list
        .iter()
        .filter_map(|m| match m {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => o
                .get("id")
                .or_else(|| o.get("name"))
                .or_else(|| o.get("model"))
                .and_then(Value::as_str)
                .map(str::to_owned),
            _ => None,
        })
        .filter(|s| !s.is_empty())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// One Sup.ai mode and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupAiMode {
    pub id: String,
    pub description: String,
}

/// Sup.ai's modes and model ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupAiCatalog {
    pub modes: Vec<SupAiMode>,
    pub models: Vec<String>,
}

const BUNDLED: &str = include_str!("../assets/supai-models.json");

impl SupAiCatalog {
    /// The list shipped with supchat (from Sup.ai's API reference).
    pub fn bundled() -> Self {
        let v: Value = serde_json::from_str(BUNDLED).unwrap_or(Value::Null);
        let modes = v["modes"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|m| {
                        Some(SupAiMode {
                            id: m["id"].as_str()?.to_owned(),
                            description: m["description"].as_str().unwrap_or_default().to_owned(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_else(|| {
                SUPAI_MODES
                    .iter()
                    .map(|m| SupAiMode {
                        id: (*m).to_owned(),
                        description: String::new(),
                    })
                    .collect()
            });
        Self {
            modes,
            models: model_ids(&v["models"]),
        }
    }

    /// Replaces the model ids with those of an info-endpoint answer
    /// (`{"text": {"id": {…, "deprecated": null}}, "image": {…}}`): the text
    /// models that are not deprecated. `false` when the answer has none.
    pub fn refresh_from_info(&mut self, info: &Value) -> bool {
        let Some(text) = info.get("text").and_then(Value::as_object) else {
            return false;
        };
        let mut ids: Vec<String> = text
            .iter()
            .filter(|(_, m)| m.get("deprecated").is_none_or(Value::is_null))
            .map(|(id, _)| id.clone())
            .collect();
        if ids.is_empty() {
            return false;
        }
        ids.sort();
        self.models = ids;
        true
    }
}

/// Sup.ai's info endpoint for a chat base URL: `…/v1/openai` → `…/v1/info/models`.
pub fn supai_info_url(base_url: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let root = base.strip_suffix("/openai").unwrap_or(base);
    format!("{root}/info/models")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn openai_and_bare_list_shapes() {
        let v = json!({"object":"list","data":[{"id":"b","object":"model"},{"id":"a"}]});
        assert_eq!(model_ids(&v), vec!["a", "b"]);
        assert_eq!(model_ids(&json!(["x", {"name": "y"}])), vec!["x", "y"]);
        assert!(model_ids(&json!({"weird": 1})).is_empty());
    }

    #[test]
    fn bundled_catalog_has_the_documented_modes_and_models() {
        let c = SupAiCatalog::bundled();
        let modes: Vec<&str> = c.modes.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(modes, SUPAI_MODES);
        assert!(c.models.len() > 300, "{}", c.models.len());
        assert!(c.models.contains(&"anthropic/claude-sonnet-4.5".to_owned()));
    }

    #[test]
    fn info_refresh_keeps_live_text_models() {
        let mut c = SupAiCatalog::bundled();
        let info = json!({"text": {"z/new": {"deprecated": null}, "old/one": {"deprecated": {"at": 1}}},
                          "image": {"openai/gpt-image-1": {}}});
        assert!(c.refresh_from_info(&info));
        assert_eq!(c.models, vec!["z/new"]);
        assert!(!c.refresh_from_info(&json!({"nope": 1})));
    }

    #[test]
    fn info_url_from_base() {
        assert_eq!(
            supai_info_url("https://api.sup.ai/v1/openai"),
            "https://api.sup.ai/v1/info/models"
        );
        assert_eq!(
            supai_info_url("http://127.0.0.1:9/v1/openai/"),
            "http://127.0.0.1:9/v1/info/models"
        );
    }
}
