//! The event stream decoder (`smithy_rt::event_stream`).

use smithy_rt::event_stream::decode::decode_all;
use smithy_rt::event_stream::{Message, MessageDecoder};

/// The incremental decoder never panics and agrees with itself whatever the
/// piece size: the first byte picks the size (1..=64) the rest is fed in,
/// and the messages and the error (kind and offset) must be those of
/// decoding the rest in one piece. Every message decoded re-encodes to
/// exactly the bytes it was read from, and its Smithy accessors never
/// panic.
pub fn event_stream_decoder(data: &[u8]) {
    let Some((&selector, stream)) = data.split_first() else {
        return;
    };
    let piece = 1 + usize::from(selector % 64);

    let whole = decode_all(stream);
    let mut decoder = MessageDecoder::new();
    let mut messages = Vec::new();
    let mut error = None;
    'feed: for chunk in stream.chunks(piece) {
        decoder.push(chunk);
        loop {
            match decoder.next_message() {
                Ok(Some(m)) => messages.push(m),
                Ok(None) => break,
                Err(e) => {
                    error = Some(e);
                    break 'feed;
                }
            }
        }
    }
    if error.is_none() {
        error = decoder.finish().err();
    }
    match (&whole, &error) {
        (Ok(all), None) => assert_eq!(all, &messages, "pieces of {piece}"),
        (Err(e), Some(f)) => assert_eq!(e, f, "pieces of {piece}"),
        _ => panic!("one piece: {whole:?}; pieces of {piece}: {messages:?} then {error:?}"),
    }
    if let Some(e) = &error {
        let _ = e.to_string();
        assert!(e.offset() <= stream.len() as u64, "{e} past the input");
    }

    let mut reencoded = Vec::new();
    for m in &messages {
        m.encode_into(&mut reencoded)
            .unwrap_or_else(|e| panic!("a decoded message does not encode: {e}"));
        let _ = (
            m.kind(),
            m.event_type(),
            m.error_message(),
            m.content_type(),
        );
    }
    assert_eq!(
        reencoded,
        stream.get(..reencoded.len()).unwrap_or_default(),
        "re-encoding differs from the input"
    );
    if let (Some(first), Ok(one)) = (messages.first(), Message::decode(stream)) {
        assert_eq!(first, &one);
    }
}
