//! Checks for the event stream protocol tests that the generator writes
//! from a model's `smithy.test#eventStreamTests`: running the stream of a
//! marshaller or an unmarshaller to its end without a reactor, and checking
//! marshalled messages against what a case expects (headers as typed
//! values, payloads per media type).

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use super::compare_body;
use crate::event_stream::stream::{BoxError, MessageStream};
use crate::event_stream::{EventStream, EventStreamError, HeaderValue, Message};

/// Runs a future that does not wait on I/O (a stream over messages or a
/// body held in memory) to completion on this thread.
pub fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
        std::thread::yield_now();
    }
}

/// Every message of `messages` (what a marshaller sends), or the first
/// error.
pub fn collect_messages(mut messages: MessageStream) -> Result<Vec<Message>, BoxError> {
    block_on(async {
        let mut out = Vec::new();
        while let Some(m) = std::future::poll_fn(|cx| messages.as_mut().poll_next(cx)).await {
            out.push(m?);
        }
        Ok(out)
    })
}

/// Reads `stream` (what an unmarshaller yields) to its end: the events
/// read, and the error that ended it, if any.
pub fn read_events<T, E>(stream: &mut EventStream<T, E>) -> (Vec<T>, Option<EventStreamError<E>>) {
    block_on(async {
        let mut events = Vec::new();
        loop {
            match stream.recv().await {
                Ok(Some(e)) => events.push(e),
                Ok(None) => return (events, None),
                Err(e) => return (events, Some(e)),
            }
        }
    })
}

/// What an `eventStreamTests` event expects of the message written for it.
#[derive(Clone, Debug, Default)]
pub struct ExpectedMessage<'a> {
    /// Headers that must be present with these typed values.
    pub headers: Vec<(&'a str, HeaderValue)>,
    /// Headers that must be absent.
    pub forbid_headers: &'a [&'a str],
    /// Headers that must be present, whatever their value.
    pub require_headers: &'a [&'a str],
    /// The payload, if the case gives one.
    pub body: Option<&'a str>,
    /// How to compare it: JSON media types as JSON, others byte for byte.
    pub body_media_type: Option<&'a str>,
}

/// Checks the messages written for a case's events, one message per event
/// in order; panics listing every mismatch.
pub fn check_messages(actual: &[Message], expected: &[ExpectedMessage<'_>]) {
    let mut problems = Vec::new();
    if actual.len() != expected.len() {
        problems.push(format!(
            "expected {} message(s), got {}",
            expected.len(),
            actual.len()
        ));
    }
    for (i, (m, e)) in actual.iter().zip(expected).enumerate() {
        for (name, want) in &e.headers {
            match m.header(name) {
                None => problems.push(format!(
                    "message {i}: header {name}: expected {want:?}, absent"
                )),
                Some(got) if got != want => problems.push(format!(
                    "message {i}: header {name}: expected {want:?}, got {got:?}"
                )),
                Some(_) => {}
            }
        }
        for name in e.forbid_headers {
            if m.header(name).is_some() {
                problems.push(format!("message {i}: header {name}: must not be sent"));
            }
        }
        for name in e.require_headers {
            if m.header(name).is_none() {
                problems.push(format!("message {i}: header {name}: must be sent"));
            }
        }
        if let Some(body) = e.body {
            let media = e.body_media_type.or_else(|| m.content_type());
            if let Err(why) = compare_body(m.payload(), body, media) {
                problems.push(format!("message {i}: {why}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "the messages differ from the test case:\n  {}\nmessages: {actual:?}",
        problems.join("\n  ")
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    #[test]
    fn messages_are_checked_by_typed_header_and_payload() {
        let m = Message::event(
            "e",
            Some("application/json"),
            Bytes::from_static(b"{\"a\": 1}"),
        )
        .with_header("n", HeaderValue::Integer(3));
        let ok = ExpectedMessage {
            headers: vec![
                (":event-type", HeaderValue::String("e".into())),
                ("n", HeaderValue::Integer(3)),
            ],
            forbid_headers: &["x"],
            require_headers: &[":message-type"],
            body: Some("{\"a\":1}"),
            body_media_type: Some("application/json"),
        };
        check_messages(std::slice::from_ref(&m), std::slice::from_ref(&ok));
        let wrong_type = ExpectedMessage {
            headers: vec![("n", HeaderValue::Long(3))],
            ..ExpectedMessage::default()
        };
        let caught =
            std::panic::catch_unwind(|| check_messages(std::slice::from_ref(&m), &[wrong_type]));
        assert!(caught.is_err());
    }

    #[test]
    fn streams_are_run_to_their_end() {
        let mut stream: EventStream<u8, String> = vec![1, 2].into();
        let (events, error) = read_events(&mut stream);
        assert_eq!(events, vec![1, 2]);
        assert!(error.is_none());
        let messages: MessageStream = EventStream::<u8, String>::from(vec![7])
            .into_messages(|n| Ok(Message::event("n", None, Bytes::from(vec![n]))));
        let got = collect_messages(messages).expect("marshalled");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].payload().as_ref(), &[7]);
    }
}
