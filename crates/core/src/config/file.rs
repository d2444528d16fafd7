//! The TOML schema as written by users. Every value a later check may reject
//! is `Spanned`, so the error can name its line. Unknown keys are refused by
//! serde itself (`deny_unknown_fields`), which also names the line.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub default_provider: Option<Spanned<String>>,
    pub theme: Option<Spanned<String>>,
    /// The interface's language: `en` or `zh-CN`.
    pub language: Option<Spanned<String>>,
    pub data_dir: Option<Spanned<String>>,
    pub save_sessions: Option<bool>,
    /// Keep what went over the wire in the session database too.
    pub wire_log: Option<bool>,
    #[serde(default)]
    pub providers: BTreeMap<String, Spanned<FileProvider>>,
    /// `[[tools]]`: the user's own tools.
    #[serde(default)]
    pub tools: Vec<Spanned<FileTool>>,
    /// Built-in tools to offer, by name.
    pub enabled_tools: Option<Spanned<Vec<Spanned<String>>>>,
    pub tool_choice: Option<Spanned<String>>,
    pub max_tool_steps: Option<Spanned<u32>>,
    pub max_parallel_tools: Option<Spanned<u32>>,
    /// More paths the file built-ins ask before reading (`*.kdbx`,
    /// `private/`).
    pub secret_paths: Option<Vec<String>>,
    pub max_tool_calls: Option<Spanned<u32>>,
    /// The system prompt of every conversation, unless a provider or a
    /// preset has its own.
    pub system_prompt: Option<Spanned<String>>,
    /// `[prompts.NAME]`: named system prompts.
    #[serde(default)]
    pub prompts: BTreeMap<String, Spanned<FilePrompt>>,
    /// `[keys]`: an action's name and its key.
    #[serde(default)]
    pub keys: BTreeMap<String, Spanned<String>>,
    /// `[mcp_servers.NAME]`: MCP servers whose tools are offered.
    #[serde(default)]
    pub mcp_servers: BTreeMap<String, Spanned<FileMcpServer>>,
}

/// One `[mcp_servers.NAME]` table: a program (stdio) or a URL
/// (streamable HTTP).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileMcpServer {
    pub command: Option<Spanned<Vec<String>>>,
    pub env: Option<Spanned<BTreeMap<String, String>>>,
    pub env_vars: Option<Spanned<Vec<String>>>,
    pub cwd: Option<Spanned<String>>,
    pub url: Option<Spanned<String>>,
    pub bearer_token_env: Option<Spanned<String>>,
    pub approve: Option<Spanned<String>>,
    pub enabled: Option<bool>,
    pub startup_timeout_secs: Option<Spanned<u64>>,
    pub call_timeout_secs: Option<Spanned<u64>>,
    pub enabled_tools: Option<Spanned<Vec<String>>>,
    pub disabled_tools: Option<Spanned<Vec<String>>>,
    /// `tools.NAME.approve`: a tool's own approval.
    #[serde(default)]
    pub tools: BTreeMap<String, Spanned<FileMcpTool>>,
}

/// `[mcp_servers.NAME.tools.TOOL]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileMcpTool {
    pub approve: Option<Spanned<String>>,
}

/// One `[prompts.NAME]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilePrompt {
    pub system_prompt: Spanned<String>,
    pub provider: Option<Spanned<String>>,
    pub model: Option<Spanned<String>>,
    pub mode: Option<Spanned<String>>,
    pub temperature: Option<Spanned<f64>>,
}

/// One `[[tools]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileTool {
    pub name: Spanned<String>,
    pub description: Option<String>,
    pub parameters: Option<Spanned<toml::Value>>,
    pub command: Spanned<Vec<String>>,
    pub approve: Option<Spanned<String>>,
    pub timeout_secs: Option<Spanned<u64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileProvider {
    pub kind: Option<Spanned<String>>,
    pub base_url: Option<Spanned<String>>,
    pub api_key: Option<Spanned<String>>,
    pub api_key_env: Option<Spanned<String>>,
    pub api_key_cmd: Option<Spanned<String>>,
    pub model: Option<Spanned<String>>,
    pub temperature: Option<Spanned<f64>>,
    pub max_tokens: Option<Spanned<u64>>,
    pub stream: Option<bool>,
    pub mode: Option<Spanned<String>>,
    pub models: Option<Spanned<Vec<String>>>,
    pub include_supai_chunks: Option<Spanned<bool>>,
    pub environment: Option<Spanned<FileEnvironment>>,
    pub connect_timeout_secs: Option<Spanned<u64>>,
    pub idle_timeout_secs: Option<Spanned<u64>>,
    pub max_retries: Option<Spanned<u32>>,
    /// Offer the configured tools to this provider.
    pub tools: Option<Spanned<bool>>,
    pub system_prompt: Option<Spanned<String>>,
    /// The model's context size in tokens, for the context meter.
    pub context_tokens: Option<Spanned<u64>>,
    /// Prices per million input and output tokens, and their currency.
    pub price_in: Option<Spanned<f64>>,
    pub price_out: Option<Spanned<f64>>,
    pub currency: Option<Spanned<String>>,
    /// Prices of single models, over the provider's.
    pub prices: Option<BTreeMap<String, Spanned<FilePrice>>>,
}

/// `{ in = 3.0, out = 15.0 }`: a model's prices per million tokens.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilePrice {
    #[serde(rename = "in")]
    pub input: f64,
    #[serde(rename = "out")]
    pub output: f64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEnvironment {
    pub user_name: Option<String>,
    pub location: Option<FileLocation>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileLocation {
    pub ip_address: Option<String>,
}
