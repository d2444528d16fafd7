//! The event-stream reader: frames split anywhere, comments, long lines
//! and broken input.

use super::*;

fn decode_parts(parts: &[&[u8]]) -> Vec<SseItem> {
    let mut dec = SseDecoder::new();
    let mut out = Vec::new();
    for p in parts {
        dec.feed(p, &mut out).unwrap();
    }
    dec.finish(&mut out);
    out
}

fn ev(data: &str) -> SseItem {
    SseItem::Event {
        event: None,
        data: data.to_owned(),
    }
}

#[test]
fn crlf_split_across_reads_is_one_line_end() {
    let out = decode_parts(&[b"data: a\r", b"\ndata: b\r\n", b"\r\n"]);
    assert_eq!(out, vec![ev("a\nb")]);
}

#[test]
fn bare_cr_line_ends_and_trailing_cr_at_eof() {
    let out = decode_parts(&[b"data: a\rdata: b\r\r"]);
    assert_eq!(out, vec![ev("a\nb")]);
}

#[test]
fn comments_are_reported_and_not_events() {
    let out = decode_parts(&[b": OPENROUTER PROCESSING\n\ndata: {\"x\":1}\n\n"]);
    assert_eq!(
        out,
        vec![
            SseItem::Comment("OPENROUTER PROCESSING".into()),
            ev("{\"x\":1}")
        ]
    );
}

#[test]
fn data_without_space_and_with_two_spaces() {
    let out = decode_parts(&[b"data:{\"x\":1}\n\ndata:  y\n\n"]);
    assert_eq!(out, vec![ev("{\"x\":1}"), ev(" y")]);
}

#[test]
fn unterminated_final_event_is_flushed_at_eof() {
    let out = decode_parts(&[b"data: {\"x\":1}\n\ndata: [DONE]\n"]);
    assert_eq!(out, vec![ev("{\"x\":1}"), ev("[DONE]")]);
    let out = decode_parts(&[b"data: [DONE]"]);
    assert_eq!(out, vec![ev("[DONE]")]);
}

#[test]
fn utf8_split_inside_a_character() {
    let bytes = "data: 你好\n\n".as_bytes();
    let out = decode_parts(&[&bytes[..7], &bytes[7..9], &bytes[9..]]);
    assert_eq!(out, vec![ev("你好")]);
}

#[test]
fn invalid_utf8_is_replaced_and_does_not_stall() {
    let out = decode_parts(&[
        b"data: ok1\n\ndata: x\xFFy\n\ndata: ok2\n\n",
        b"data: ok3\n\n",
    ]);
    assert_eq!(out, vec![ev("ok1"), ev("x\u{FFFD}y"), ev("ok2"), ev("ok3")]);
}

#[test]
fn bom_is_dropped_even_when_split() {
    let out = decode_parts(&[b"\xEF\xBB", b"\xBFdata: x\n\n"]);
    assert_eq!(out, vec![ev("x")]);
}

#[test]
fn event_names_are_kept_and_reset_after_dispatch() {
    let out = decode_parts(&[b"event: error\ndata: {\"code\":400}\n\ndata: next\n\n"]);
    assert_eq!(
        out,
        vec![
            SseItem::Event {
                event: Some("error".into()),
                data: "{\"code\":400}".into()
            },
            ev("next")
        ]
    );
}

#[test]
fn empty_data_dispatches_empty_string_and_blank_lines_alone_do_nothing() {
    let out = decode_parts(&[b"\n\n\ndata:\n\nid: 7\nretry: 10\n\n"]);
    assert_eq!(out, vec![ev("")]);
}

#[test]
fn oversized_line_is_an_error() {
    let mut dec = SseDecoder::new();
    let mut out = Vec::new();
    let big = vec![b'a'; MAX_EVENT_BYTES + 1];
    assert_eq!(dec.feed(&big, &mut out), Err(SseOverflow));
}
