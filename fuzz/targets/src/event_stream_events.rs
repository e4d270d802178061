//! Typed event streams: arbitrary bytes as the body of the restJson1 suite's
//! `OutputStream` (every header type, blob, string, structure and union
//! payloads, implicit payloads, a modeled exception), read with its
//! generated unmarshaller through `smithy_rt::event_stream::EventStream`.

use restjson_protocol_tests::protocol::event_stream::{
    marshal_event_stream, unmarshal_event_stream,
};
use restjson_protocol_tests::types::error::EventStreamError as StreamErrors;
use restjson_protocol_tests::types::EventStream as Event;
use smithy_rt::event_stream::stream::full_body;
use smithy_rt::event_stream::EventStream;

/// Reading never panics and ends: every event read takes at least one
/// message (16 bytes or more) off the body, an error ends the stream, and
/// the stream then stays ended. Every event read marshals again, and its
/// message reads back as the same event.
pub fn event_stream_events(data: &[u8]) {
    let Ok(rt) = tokio::runtime::Builder::new_current_thread().build() else {
        return;
    };
    rt.block_on(async {
        let body = full_body(bytes::Bytes::copy_from_slice(data));
        let mut stream =
            EventStream::<Event, StreamErrors>::from_body(body, unmarshal_event_stream);
        let mut events = 0usize;
        loop {
            match stream.recv().await {
                Ok(Some(event)) => {
                    events += 1;
                    assert!(events * 16 <= data.len(), "more events than messages");
                    round_trip(event);
                }
                Ok(None) => break,
                Err(e) => {
                    let _ = e.to_string();
                    assert!(
                        matches!(stream.recv().await, Ok(None)),
                        "not ended after {e}"
                    );
                    break;
                }
            }
        }
    });
}

fn round_trip(event: Event) {
    let message = marshal_event_stream(event.clone())
        .unwrap_or_else(|e| panic!("an event read does not marshal: {e}: {event:?}"));
    match unmarshal_event_stream(&message) {
        Ok(smithy_rt::event_stream::stream::Unmarshalled::Event(again)) => {
            // NaN members compare unequal to themselves: compare the debug text.
            assert_eq!(format!("{again:?}"), format!("{event:?}"), "{message:?}");
        }
        other => panic!("{event:?} marshalled to {message:?}, read back as {other:?}"),
    }
}
