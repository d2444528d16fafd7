//! Reading a response body: a stream decoded as it arrives, with the idle
//! timeout between reads and the key scrubbed from what the server says; a
//! whole body capped in memory; and the two plain GETs (the model list, a
//! JSON document).

use super::*;

pub(crate) fn short_reason(e: &ApiError) -> String {
    match e {
        ApiError::RateLimited { .. } => supchat_i18n::tr("api-reason-rate-limited"),
        ApiError::Server { status, .. } => {
            supchat_i18n::tr!("api-reason-server", status = status.to_string())
        }
        ApiError::Connect { .. } => supchat_i18n::tr("api-reason-connect"),
        ApiError::Stream { .. } => supchat_i18n::tr("api-reason-stream"),
        _ => supchat_i18n::tr("api-reason-failed"),
    }
}

impl ProviderClient {
    /// Reads the response: SSE when it looks like SSE, else a whole JSON
    /// completion (servers do not always send the content type they should).
    /// `output` turns true once part of the reply itself was handed out.
    pub(super) async fn read_body<F: FnMut(&StreamEvent)>(
        &self,
        mut resp: reqwest::Response,
        output: &mut bool,
        tap: &mut Option<Tap>,
        sink: &mut F,
    ) -> Result<(), ApiError> {
        let idle = self.endpoint.idle_timeout;
        let url = resp.url().to_string();
        let mut decoder =
            StreamDecoder::new().redacting(self.key.secret.as_ref().map(|s| s.expose()));
        let mut events = Vec::new();
        let mut json_body: Option<Vec<u8>> = None;
        // The body's start, to say what it was if it was not an API reply.
        let mut head: Vec<u8> = Vec::new();
        let mut sniffed = false;
        let mut deliver = |events: &mut Vec<StreamEvent>, output: &mut bool| {
            for ev in events.drain(..) {
                *output |= ev.is_output();
                sink(&ev);
            }
        };
        loop {
            let chunk = match tokio::time::timeout(idle, resp.chunk()).await {
                Err(_) => return Err(self.idle_error()),
                Ok(Err(e)) => return Err(self.transport_error(&e, &url, 1, true)),
                Ok(Ok(c)) => c,
            };
            let Some(bytes) = chunk else { break };
            if let Some(w) = tap.as_mut().and_then(|t| t.feed(&bytes)) {
                events.push(w);
                deliver(&mut events, output);
            }
            if head.len() < 4096 {
                head.extend_from_slice(&bytes[..bytes.len().min(4096 - head.len())]);
            }
            if !sniffed {
                match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
                    None => continue,
                    Some(b'{' | b'[') => json_body = Some(Vec::new()),
                    // An HTML page (a captive portal, a proxy's login).
                    Some(b'<') => return Err(self.not_api(&head)),
                    Some(_) => {}
                }
                sniffed = true;
            }
            if let Some(buf) = json_body.as_mut() {
                if buf.len() + bytes.len() > MAX_BODY {
                    return Err(ApiError::Protocol(supchat_i18n::tr("api-body-too-large")));
                }
                buf.extend_from_slice(&bytes);
                continue;
            }
            let flow = decoder.feed(&bytes, &mut events);
            deliver(&mut events, output);
            if flow.map_err(|e| self.scrub(e))? == Flow::Done {
                return Ok(());
            }
        }
        if let Some(buf) = json_body {
            let r = decode_completion(
                &self.scrub_text(&String::from_utf8_lossy(&buf)),
                &mut events,
            );
            deliver(&mut events, output);
            return r.map_err(|e| self.scrub(e));
        }
        let flow = decoder.finish(&mut events);
        deliver(&mut events, output);
        if flow.map_err(|e| self.scrub(e))? == Flow::Done {
            return Ok(());
        }
        if sniffed && !decoder.saw_data() {
            // Text, but no server-sent event in it at all.
            return Err(self.not_api(&head));
        }
        match decoder.finish_reason() {
            Some(_) => {
                sink(&StreamEvent::Notice(Notice::NoDoneMarker));
                Ok(())
            }
            None if !sniffed => Err(ApiError::Protocol(supchat_i18n::tr("api-empty-response"))),
            None => Err(ApiError::Interrupted {
                detail: supchat_i18n::tr("api-closed-early"),
            }),
        }
    }

    /// The error for a 2xx body that is not an API reply, saying what it was.
    pub(super) fn not_api(&self, head: &[u8]) -> ApiError {
        let text = self.scrub_text(&String::from_utf8_lossy(head));
        let what = crate::error::body_excerpt(&text);
        self.scrub(ApiError::NotApi {
            provider: self.endpoint.name.clone(),
            what,
        })
    }

    /// `GET {base_url}/models`: the ids of the models the server offers.
    pub async fn list_models(&self) -> Result<Vec<String>, ApiError> {
        let url = self.url("models");
        self.get_json(&url)
            .await
            .map(|v| crate::models::model_ids(&v))
    }

    /// A GET returning JSON, with the same error classification as chat.
    pub async fn get_json(&self, url: &str) -> Result<serde_json::Value, ApiError> {
        let idle = self.endpoint.idle_timeout;
        let send = self.http.get(url).headers(self.headers(false)).send();
        let resp = match tokio::time::timeout(idle, send).await {
            Err(_) => return Err(self.idle_error()),
            Ok(Err(e)) => return Err(self.transport_error(&e, url, 1, false)),
            Ok(Ok(r)) => r,
        };
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let ok = resp.status().is_success();
        let text = read_capped(resp, MAX_BODY, idle).await?;
        if !ok {
            return Err(self.status_error(status, &text, url, &headers, 1));
        }
        serde_json::from_str(&text).map_err(|_| {
            ApiError::Protocol(supchat_i18n::tr!(
                "api-not-json-at",
                url = url,
                what = crate::error::body_excerpt(&self.scrub_text(&text))
            ))
        })
    }
}
