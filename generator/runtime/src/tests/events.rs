//! The server-sent events parser against every parsing rule of the WHATWG HTML standard's
//! "event stream interpretation" (its examples included), fed whole and split at every byte.

use std::collections::VecDeque;
use std::time::Duration;

use crate::events::{Parser, RawEvent};
use crate::stream::StreamError;

fn event(event: &str, id: Option<&str>, retry: Option<u64>, data: &str) -> RawEvent {
    RawEvent {
        event: event.to_owned(),
        id: id.map(str::to_owned),
        retry: retry.map(Duration::from_millis),
        data: data.to_owned(),
    }
}

fn message(data: &str) -> RawEvent {
    event("message", None, None, data)
}

/// The events of `input` fed in one chunk, checked against every split into two chunks and
/// against one byte at a time, which must give the same events and the same last id.
fn parse(input: &[u8]) -> (Vec<RawEvent>, Option<String>) {
    let run = |chunks: &[&[u8]]| {
        let mut parser = Parser::new(1 << 20);
        let mut events = VecDeque::new();
        for chunk in chunks {
            parser.feed(chunk, &mut events).expect("within the limit");
        }
        (Vec::from(events), parser.last_event_id().map(str::to_owned))
    };
    let whole = run(&[input]);
    for split in 0..=input.len() {
        let (head, tail) = input.split_at(split);
        assert_eq!(run(&[head, tail]), whole, "split at {split}");
    }
    let bytes: Vec<&[u8]> = input.chunks(1).collect();
    assert_eq!(run(&bytes), whole, "byte by byte");
    whole
}

#[test]
fn data_lines_are_joined_with_line_feeds() {
    let (events, _) = parse(b"data: YHOO\ndata: +2\ndata: 10\n\n");
    assert_eq!(events, [message("YHOO\n+2\n10")]);
}

#[test]
fn comments_are_ignored_and_ids_are_kept_until_reset() {
    let input = b": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n";
    let (events, last_id) = parse(input);
    assert_eq!(
        events,
        [
            event("message", Some("1"), None, "first event"),
            event("message", Some(""), None, "second event")
        ]
    );
    // The empty `id` reset the last id, and the third event never ended with a blank line.
    assert_eq!(last_id, None);
}

#[test]
fn a_field_without_a_colon_has_an_empty_value_and_only_one_space_is_stripped() {
    let (events, _) = parse(b"data\n\ndata\ndata\n\ndata:\n");
    assert_eq!(events, [message(""), message("\n")]);
    let (events, _) = parse(b"data:test\n\ndata: test\n\ndata:  two spaces\n\n");
    assert_eq!(events, [message("test"), message("test"), message(" two spaces")]);
}

#[test]
fn lines_end_with_crlf_lf_or_cr() {
    let (events, _) = parse(b"data: a\r\ndata: b\rdata: c\n\r\ndata: d\r\rdata: e\n\n");
    assert_eq!(events, [message("a\nb\nc"), message("d"), message("e")]);
}

#[test]
fn event_names_the_type_for_one_event_and_a_block_without_data_dispatches_nothing() {
    let input = b"event: add\ndata: 1\n\nevent: remove\n\ndata: 2\n\nevent:\ndata: 3\n\n";
    let (events, _) = parse(input);
    assert_eq!(events, [event("add", None, None, "1"), message("2"), message("3")]);
}

#[test]
fn retry_takes_only_digits_and_unknown_fields_are_ignored() {
    let mut parser = Parser::new(1 << 20);
    let mut events = VecDeque::new();
    let input = b"retry: 2500\nfoo: bar\ndata: a\n\nretry: 1s\ndata: b\n\nretry\ndata: c\n\n";
    parser.feed(input, &mut events).expect("within the limit");
    let expected = [event("message", None, Some(2500), "a"), message("b"), message("c")];
    assert_eq!(Vec::from(events), expected);
    assert_eq!(parser.reconnection_time(), Some(Duration::from_millis(2500)));
}

#[test]
fn an_id_with_nul_is_ignored() {
    let (events, last_id) = parse(b"id: 7\ndata: a\n\nid: 8\0x\ndata: b\n\n");
    assert_eq!(events, [event("message", Some("7"), None, "a"), message("b")]);
    assert_eq!(last_id.as_deref(), Some("7"));
}

#[test]
fn a_leading_byte_order_mark_is_skipped_once() {
    let (events, _) = parse(b"\xEF\xBB\xBFdata: a\n\n\xEF\xBB\xBFdata: b\n\n");
    // The second mark is part of a field name, `\u{feff}data`, which is not `data`.
    assert_eq!(events, [message("a")]);
}

#[test]
fn invalid_utf8_is_replaced_even_when_split() {
    let mut input = "data: caf\u{e9} \u{1F600}\ndata: ".as_bytes().to_vec();
    input.extend_from_slice(b"\xFF\n\n");
    let (events, _) = parse(&input);
    assert_eq!(events, [message("caf\u{e9} \u{1F600}\n\u{FFFD}")]);
}

#[test]
fn an_event_that_grows_past_the_limit_is_refused() {
    let mut parser = Parser::new(16);
    let mut events = VecDeque::new();
    parser.feed(b"data: 0123456789\n", &mut events).expect("12 bytes are within 16");
    let error = parser.feed(b"data: 0123456789", &mut events).expect_err("past 16 bytes");
    assert!(matches!(error, StreamError::EventTooLarge { limit: 16 }), "{error:?}");
    // A dispatched event frees its room.
    let mut parser = Parser::new(16);
    for _ in 0..4 {
        parser.feed(b"data: 0123456789\n\n", &mut events).expect("one event at a time");
    }
    assert_eq!(events.len(), 4);
}
