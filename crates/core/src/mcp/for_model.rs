//! What the model is told of an MCP tool call, in English (models read it
//! best): its result as text (text as it is; images, audio and resources
//! summarised with their type and size; structured content as JSON when
//! nothing else came, read from the JSON the server sent, so a block of a
//! kind this version does not know is still summarised, not lost), and why
//! a call was not made or did not finish. Also the reasons a server is
//! told its call is cancelled.

use serde_json::Value;

/// Bytes of base64 as the bytes they encode (about).
fn decoded_len(b64: &str) -> usize {
    b64.len() / 4 * 3
}

/// A size as people read it.
fn size(n: usize) -> String {
    if n < 1024 {
        format!("{n} B")
    } else if n < 1024 * 1024 {
        format!("{:.1} KiB", n as f64 / 1024.0)
    } else {
        format!("{:.1} MiB", n as f64 / (1024.0 * 1024.0))
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// One content block as text.
fn block(b: &Value) -> String {
    let mime = |v: &Value| {
        let m = str_of(v, "mimeType");
        if m.is_empty() { "unknown type" } else { m }.to_owned()
    };
    match str_of(b, "type") {
        "text" => str_of(b, "text").to_owned(),
        kind @ ("image" | "audio") => format!(
            "[{kind}: {}, {}]",
            mime(b),
            size(decoded_len(str_of(b, "data")))
        ),
        "resource" => {
            let r = b.get("resource").unwrap_or(&Value::Null);
            let uri = str_of(r, "uri");
            match r.get("text").and_then(Value::as_str) {
                Some(text) => format!("[resource {uri} ({})]\n{text}", mime(r)),
                None => format!(
                    "[resource {uri}: {}, {}]",
                    mime(r),
                    size(decoded_len(str_of(r, "blob")))
                ),
            }
        }
        "resource_link" => {
            let name = str_of(b, "name");
            format!("[link to resource {} ({name})]", str_of(b, "uri"))
        }
        other => format!(
            "[{} content]",
            if other.is_empty() { "unknown" } else { other }
        ),
    }
}

/// The text of a `tools/call` result (`content`, else
/// `structuredContent`), and whether the server marked it an error.
pub fn summarise(result: &Value) -> (String, bool) {
    let is_error = result
        .get("isError")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let blocks = result
        .get("content")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut text = blocks.iter().map(block).collect::<Vec<_>>().join("\n");
    if text.trim().is_empty()
        && let Some(s) = result.get("structuredContent").filter(|s| !s.is_null())
    {
        text = s.to_string();
    }
    (text, is_error)
}

/// Why a call of server `server` was not made: it failed (`why`, in
/// English), is starting or is off.
pub(super) fn server_failed(server: &str, why: &str) -> String {
    format!("the MCP server {server} failed ({why})")
}

pub(super) fn server_starting(server: &str) -> String {
    format!("the MCP server {server} is still starting")
}

pub(super) fn server_off(server: &str) -> String {
    format!("the MCP server {server} is turned off")
}

pub(super) fn no_server(server: &str) -> String {
    format!("error: there is no MCP server {server}")
}

pub(super) fn not_made(why: &str) -> String {
    format!("error: {why}; the call was not made")
}

pub(super) const NOT_A_RESULT: &str = "error: the MCP server's answer is not a tool result";

/// An error result of the server's, said as one.
pub(super) fn as_error(text: String) -> String {
    if text.starts_with("error") {
        text
    } else {
        format!("error: {text}")
    }
}

pub(super) fn refused(why: &str) -> String {
    format!("error: the MCP server refused the call: {why}")
}

pub(super) fn timed_out(server: &str, secs: f64) -> String {
    format!(
        "error: the MCP server {server} did not answer within {secs} s (call_timeout_secs); the call was cancelled"
    )
}

pub(super) const CANCELLED: &str = "error: stopped: the user cancelled the turn";

pub(super) fn restarted(server: &str) -> String {
    format!(
        "error: the MCP server {server} was restarted or turned off while this call ran; the call did not finish"
    )
}

pub(super) fn gone(server: &str, why: &str) -> String {
    format!("error: the MCP server {server} is gone ({why}); its tools are no longer offered")
}

/// What a server is told of a call it is asked to cancel: it timed out.
pub(super) const TOLD_TIMED_OUT: &str = "timed out";
/// … or the user stopped it.
pub(super) const TOLD_CANCELLED: &str = "cancelled by the user";

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_images_and_resources_become_text() {
        let r = json!({"content": [
            {"type": "text", "text": "two files"},
            {"type": "image", "data": "A".repeat(4096), "mimeType": "image/png"},
            {"type": "resource", "resource": {"uri": "file:///a.txt", "mimeType": "text/plain", "text": "hello"}},
            {"type": "resource", "resource": {"uri": "file:///b.bin", "blob": "AAAA"}},
            {"type": "resource_link", "uri": "file:///c", "name": "c"},
            {"type": "hologram"}
        ]});
        let (text, err) = summarise(&r);
        assert!(!err);
        assert_eq!(
            text,
            "two files\n[image: image/png, 3.0 KiB]\n[resource file:///a.txt (text/plain)]\nhello\n\
             [resource file:///b.bin: unknown type, 3 B]\n[link to resource file:///c (c)]\n[hologram content]"
        );
    }

    #[test]
    fn an_error_result_and_structured_content() {
        let (t, err) = summarise(
            &json!({"content": [{"type": "text", "text": "no such file"}], "isError": true}),
        );
        assert_eq!((t.as_str(), err), ("no such file", true));
        let (t, _) = summarise(&json!({"content": [], "structuredContent": {"n": 3}}));
        assert_eq!(t, r#"{"n":3}"#);
    }
}
