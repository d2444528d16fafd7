//! Running a turn's requests: one HTTP client per provider, reused across
//! turns (its connections, its key, what it learnt of the server), the
//! memory of servers that reject `stream_options` between runs; the
//! drivers (the chat screen, `ask`) feed its events to the session.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use super::TurnRequest;
use crate::config::{ProviderConfig, quirks};
use supchat_api::{ApiError, Notice, ProviderClient, StreamEvent, TurnEnd};

/// Why no request could be made for a provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoClient {
    pub message: String,
    /// No key was found (the screen offers to take one).
    pub key_missing: bool,
}

/// How a request ended.
#[derive(Debug, Clone, PartialEq)]
pub enum RunEnd {
    Complete,
    /// It failed; whatever arrived before was handed out.
    Failed(ApiError),
    /// Nothing was sent.
    NotSent(NoClient),
}

impl From<TurnEnd> for RunEnd {
    fn from(e: TurnEnd) -> Self {
        match e {
            TurnEnd::Complete => RunEnd::Complete,
            TurnEnd::Failed(e) => RunEnd::Failed(e),
        }
    }
}

/// The clients of every provider used so far.
pub struct ClientPool {
    clients: Mutex<HashMap<String, Arc<ProviderClient>>>,
    /// Providers whose key could not be had this run: a key command is run
    /// once per provider per run, not again on every message.
    failed: Mutex<HashMap<String, NoClient>>,
    /// Providers already warned that their key goes over plain http.
    warned: Mutex<std::collections::HashSet<String>>,
    /// The file remembering servers that reject `stream_options`.
    quirks: Option<PathBuf>,
    /// Keys known without asking (in the config, in the environment), to
    /// be scrubbed from the wire as the used providers' are.
    known: Mutex<Vec<String>>,
}

impl ClientPool {
    /// A pool remembering server quirks in `quirks` (none: not remembered).
    pub fn new(quirks: Option<PathBuf>) -> Arc<Self> {
        Arc::new(Self {
            clients: Mutex::new(HashMap::new()),
            failed: Mutex::new(HashMap::new()),
            warned: Mutex::new(std::collections::HashSet::new()),
            quirks,
            known: Mutex::new(Vec::new()),
        })
    }

    fn cached(&self, name: &str) -> Option<Result<Arc<ProviderClient>, NoClient>> {
        let failed = self.failed.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(f) = failed.get(name) {
            return Some(Err(f.clone()));
        }
        let clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        clients.get(name).cloned().map(Ok)
    }

    /// These keys (the config's, the environment's) are scrubbed from
    /// the wire too, whichever provider's request quotes them.
    pub fn know_keys(&self, keys: Vec<String>) {
        let mut known = self.known.lock().unwrap_or_else(PoisonError::into_inner);
        known.extend(keys);
    }

    /// The keys of every provider used so far, and those known.
    fn secrets(&self) -> Vec<String> {
        let clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        let known = self.known.lock().unwrap_or_else(PoisonError::into_inner);
        let mut all: Vec<String> = clients
            .values()
            .filter_map(|c| c.key_text().map(str::to_owned))
            .chain(known.iter().cloned())
            .filter(|k| k.len() >= 4)
            .collect();
        // The longest first: a key inside another is not left half.
        all.sort_by_key(|k| std::cmp::Reverse(k.len()));
        all.dedup();
        all
    }

    /// Forgets a provider's client (its key changed).
    pub fn forget(&self, name: &str) {
        let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        clients.remove(name);
        let mut failed = self.failed.lock().unwrap_or_else(PoisonError::into_inner);
        failed.remove(name);
    }

    /// The provider's client, with this request's settings (mode, model,
    /// switches). Blocking on first use: the key may come from a command
    /// and the quirks from a file.
    pub fn client(&self, provider: &ProviderConfig) -> Result<ProviderClient, NoClient> {
        if let Some(c) = self.cached(&provider.name) {
            return c.map(|c| c.with_endpoint(provider.endpoint()));
        }
        let key = match provider.key.resolve(&provider.name) {
            Ok(k) => k,
            Err(message) => {
                let no = NoClient {
                    message,
                    key_missing: true,
                };
                // A command's failure is remembered: it is not run again
                // this run (it may have asked for a passphrase, or hung).
                if provider.key.cmd.is_some() && provider.key.inline.is_none() {
                    let mut failed = self.failed.lock().unwrap_or_else(PoisonError::into_inner);
                    failed.insert(provider.name.clone(), no.clone());
                }
                return Err(no);
            }
        };
        let client =
            ProviderClient::new(provider.endpoint(), key.credential()).map_err(|e| NoClient {
                message: e.to_string(),
                key_missing: false,
            })?;
        if let Some(q) = &self.quirks
            && quirks::rejects_stream_options(q, &provider.base_url)
        {
            client.skip_stream_options();
        }
        let client = Arc::new(client);
        let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        let shared = clients.entry(provider.name.clone()).or_insert(client);
        Ok(shared.with_endpoint(provider.endpoint()))
    }

    /// [`ClientPool::client`] off the async threads when it may block.
    pub async fn client_async(
        self: &Arc<Self>,
        provider: &ProviderConfig,
    ) -> Result<ProviderClient, NoClient> {
        if let Some(c) = self.cached(&provider.name) {
            return c.map(|c| c.with_endpoint(provider.endpoint()));
        }
        let pool = Arc::clone(self);
        let provider = provider.clone();
        tokio::task::spawn_blocking(move || pool.client(&provider))
            .await
            .unwrap_or_else(|e| {
                Err(NoClient {
                    message: supchat_i18n::tr!("core-client-setup-failed", why = e.to_string()),
                    key_missing: false,
                })
            })
    }

    /// Sends one request and hands its events to `sink` as they arrive.
    /// Cancelling is dropping the future.
    pub async fn run<F: FnMut(&StreamEvent)>(
        self: &Arc<Self>,
        request: &TurnRequest,
        sink: &mut F,
    ) -> RunEnd {
        let client = match self.client_async(&request.provider).await {
            Ok(c) => c,
            Err(e) => return RunEnd::NotSent(e),
        };
        if let Some(host) = client.key_in_clear() {
            let mut warned = self.warned.lock().unwrap_or_else(PoisonError::into_inner);
            if warned.insert(request.provider.name.clone()) {
                sink(&StreamEvent::Notice(Notice::KeyInClear(host)));
            }
        }
        let quirks = self.quirks.clone();
        let base_url = request.provider.base_url.clone();
        // Every key known, for the wire: a conversation may quote another
        // provider's key, and its request carries it.
        let secrets = if request.options.wire {
            self.secrets()
        } else {
            Vec::new()
        };
        let mut sink = |e: &StreamEvent| {
            if let StreamEvent::Wire(w) = e
                && !secrets.is_empty()
            {
                let mut w = (**w).clone();
                w.scrub(&secrets);
                sink(&StreamEvent::Wire(Box::new(w)));
                return;
            }
            if *e == StreamEvent::Notice(Notice::DroppedStreamOptions)
                && let Some(q) = quirks.clone()
            {
                let url = base_url.clone();
                // A file write: not on the async threads.
                tokio::task::spawn_blocking(move || quirks::remember_no_stream_options(&q, &url));
            }
            sink(e);
        };
        client
            .chat(&request.messages, &request.options, &mut sink)
            .await
            .into()
    }
}
