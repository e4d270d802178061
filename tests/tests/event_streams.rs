//! Event streams of the restJson1 protocol suite (`InputStream`,
//! `OutputStream`, `OutputStreamWithInitialResponse`): the generated
//! marshaller against the exact bytes of the model's `eventStreamTests`
//! cases, and the generated unmarshaller reading them back, through the
//! `Operation` hooks the client uses.

use bytes::Bytes;
use http_body_util::BodyExt as _;
use restjson_protocol_tests::operation::input_stream::{InputStream, InputStreamInput};
use restjson_protocol_tests::operation::output_stream::OutputStream;
use restjson_protocol_tests::operation::output_stream_with_initial_response::OutputStreamWithInitialResponse;
use restjson_protocol_tests::types::error::{ErrorEvent, EventStreamError};
use restjson_protocol_tests::types::{
    EventStream as Event, HeadersAndExplicitPayloadEvent, HeadersAndImplicitPayloadEvent,
    HeadersEvent, PayloadStructure, StringPayloadEvent,
};
use smithy_rt::datetime::DateTime;
use smithy_rt::event_stream::stream::{full_body, message_body};
use smithy_rt::event_stream::{EventStream, EventStreamError as StreamError};
use smithy_rt::operation::Operation;

/// Decodes base64 (the standard alphabet, padded), as the model writes bytes.
fn b64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|&c| c != b'=') {
        let v = ALPHABET.iter().position(|&a| a == c).expect("base64") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

// From `InputStream`'s cases of the same ids (`smithy.test#eventStreamTests`
// in tests/protocol/restjson1-protocol-tests.json); the `OutputStream` cases
// `StringPayloadOutput`, `HeadersAndExplicitPayloadOutput` and
// `ServerErrorOutput` carry the same bytes.
const STRING_PAYLOAD_INPUT: &str = "AAAAYAAAAE30fZUJDTptZXNzYWdlLXR5cGUHAAVldmVudAs6ZXZlbnQtdHlwZQcADXN0cmluZ1BheWxvYWQNOmNvbnRlbnQtdHlwZQcACnRleHQvcGxhaW5mb29G1ELr";
const TIMESTAMP_HEADER_INPUT: &str = "AAAAVQAAAEWTZyrNDTptZXNzYWdlLXR5cGUHAAVldmVudAs6ZXZlbnQtdHlwZQcAB2hlYWRlcnMPdGltZXN0YW1wSGVhZGVyCAAAAZLi7jFQ6uV3Eg==";
const HEADERS_AND_EXPLICIT_PAYLOAD_INPUT: &str = "AAAAlQAAAGw4wFp6DTptZXNzYWdlLXR5cGUHAAVldmVudAs6ZXZlbnQtdHlwZQcAGWhlYWRlcnNBbmRFeHBsaWNpdFBheWxvYWQNOmNvbnRlbnQtdHlwZQcAEGFwcGxpY2F0aW9uL2pzb24GaGVhZGVyBwADZm9veyJzdHJ1Y3R1cmVNZW1iZXIiOiJiYXIifTafKXs=";
const HEADERS_AND_IMPLICIT_PAYLOAD_INPUT: &str = "AAAAjQAAAGxoUIY5DTptZXNzYWdlLXR5cGUHAAVldmVudAs6ZXZlbnQtdHlwZQcAGWhlYWRlcnNBbmRJbXBsaWNpdFBheWxvYWQNOmNvbnRlbnQtdHlwZQcAEGFwcGxpY2F0aW9uL2pzb24GaGVhZGVyBwADZm9veyJwYXlsb2FkIjoiYmFyIn15lZtT";
const CLIENT_ERROR_INPUT: &str = "AAAAdAAAAFObEpkoDTptZXNzYWdlLXR5cGUHAAlleGNlcHRpb24POmV4Y2VwdGlvbi10eXBlBwAFZXJyb3INOmNvbnRlbnQtdHlwZQcAEGFwcGxpY2F0aW9uL2pzb257Im1lc3NhZ2UiOiJmb28ifTua1S8=";
// `OutputStream`'s `MultipleHeaderOutput`.
const MULTIPLE_HEADER_OUTPUT: &str = "AAAAbwAAAF+FlHOQDTptZXNzYWdlLXR5cGUHAAVldmVudAs6ZXZlbnQtdHlwZQcAB2hlYWRlcnMNYm9vbGVhbkhlYWRlcgAMc3RyaW5nSGVhZGVyBwADZm9vCmJsb2JIZWFkZXIGAANiYXIDXbo7";

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
}

fn explicit_payload() -> Event {
    Event::HeadersAndExplicitPayload(
        HeadersAndExplicitPayloadEvent::builder()
            .header("foo")
            .payload(PayloadStructure::builder().structure_member("bar").build())
            .build(),
    )
}

/// The bytes `InputStream` sends for `events`, through
/// `Operation::input_event_stream` (what the client sends as the body).
fn sent(events: Vec<Event>) -> Vec<u8> {
    let mut input = InputStreamInput::builder().stream(events).build();
    let messages = InputStream::input_event_stream(&mut input).expect("an input event stream");
    assert!(
        input.stream.is_ended(),
        "the stream was moved out of the input"
    );
    rt().block_on(async {
        let body = message_body(messages).collect().await.expect("marshalled");
        body.to_bytes().to_vec()
    })
}

#[test]
fn input_events_are_marshalled_to_the_models_bytes() {
    let cases: Vec<(&str, Event)> = vec![
        (
            STRING_PAYLOAD_INPUT,
            Event::StringPayload(StringPayloadEvent::builder().payload("foo").build()),
        ),
        (
            TIMESTAMP_HEADER_INPUT,
            Event::Headers(
                HeadersEvent::builder()
                    .timestamp_header(DateTime::from_millis(1_730_384_114_000))
                    .build(),
            ),
        ),
        (HEADERS_AND_EXPLICIT_PAYLOAD_INPUT, explicit_payload()),
        (
            HEADERS_AND_IMPLICIT_PAYLOAD_INPUT,
            Event::HeadersAndImplicitPayload(
                HeadersAndImplicitPayloadEvent::builder()
                    .header("foo")
                    .payload("bar")
                    .build(),
            ),
        ),
        (
            CLIENT_ERROR_INPUT,
            Event::Error(ErrorEvent::builder().message("foo").build()),
        ),
    ];
    let mut all_expected = Vec::new();
    let mut all_events = Vec::new();
    for (expected, event) in cases {
        let expected = b64(expected);
        let one = match &event {
            Event::StringPayload(e) => Event::StringPayload(e.clone()),
            Event::Headers(e) => Event::Headers(e.clone()),
            Event::HeadersAndExplicitPayload(e) => Event::HeadersAndExplicitPayload(e.clone()),
            Event::HeadersAndImplicitPayload(e) => Event::HeadersAndImplicitPayload(e.clone()),
            Event::Error(e) => Event::Error(e.clone()),
            other => panic!("not a case: {other:?}"),
        };
        assert_eq!(sent(vec![one]), expected, "{event:?}");
        all_expected.extend(expected);
        all_events.push(event);
    }
    // Several events: one message each, in order.
    assert_eq!(sent(all_events), all_expected);
}

/// The events of an `OutputStream` body, read through
/// `Operation::deserialize_streaming_output`.
fn received(bytes: Vec<u8>) -> (Vec<Event>, Option<StreamError<EventStreamError>>) {
    let head = http::Response::builder()
        .status(200)
        .header("content-type", "application/vnd.amazon.eventstream")
        .body(Bytes::new())
        .expect("head");
    let mut output = OutputStream::deserialize_streaming_output(&head, full_body(bytes.into()))
        .expect("the head is read");
    rt().block_on(async {
        let mut events = Vec::new();
        loop {
            match output.stream.recv().await {
                Ok(Some(e)) => events.push(e),
                Ok(None) => return (events, None),
                Err(e) => return (events, Some(e)),
            }
        }
    })
}

#[test]
fn output_events_are_unmarshalled_from_the_models_bytes() {
    const { assert!(OutputStream::OUTPUT_EVENT_STREAM) };
    let mut bytes = b64(MULTIPLE_HEADER_OUTPUT);
    bytes.extend(b64(STRING_PAYLOAD_INPUT));
    bytes.extend(b64(HEADERS_AND_EXPLICIT_PAYLOAD_INPUT));
    bytes.extend(b64(HEADERS_AND_IMPLICIT_PAYLOAD_INPUT));
    let (events, error) = received(bytes);
    assert!(error.is_none(), "{error:?}");
    assert_eq!(
        events,
        vec![
            Event::Headers(
                HeadersEvent::builder()
                    .boolean_header(true)
                    .string_header("foo")
                    .blob_header(b"bar".to_vec())
                    .build()
            ),
            Event::StringPayload(StringPayloadEvent::builder().payload("foo").build()),
            explicit_payload(),
            Event::HeadersAndImplicitPayload(
                HeadersAndImplicitPayloadEvent::builder()
                    .header("foo")
                    .payload("bar")
                    .build()
            ),
        ]
    );
    // `TimestampHeaderOutput` carries the same bytes as its input case.
    let (events, _) = received(b64(TIMESTAMP_HEADER_INPUT));
    match events.as_slice() {
        [Event::Headers(h)] => assert_eq!(
            h.timestamp_header.and_then(|t| t.to_millis()),
            Some(1_730_384_114_000)
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_modeled_exception_ends_the_stream_with_the_typed_error() {
    // `ServerErrorOutput`: an `exception` message for the `error` member.
    let mut bytes = b64(STRING_PAYLOAD_INPUT);
    bytes.extend(b64(CLIENT_ERROR_INPUT));
    let (events, error) = received(bytes);
    assert_eq!(events.len(), 1);
    match error {
        Some(StreamError::Modeled(EventStreamError::Error(e))) => {
            assert_eq!(e.message.as_deref(), Some("foo"));
            assert_eq!(e.to_string(), "ErrorEvent: foo");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_unmodeled_error_message_is_reported() {
    // `ClientUnexpectedErrorOutput`.
    let bytes = b64("AAAAbwAAAF+FlHOQDTptZXNzYWdlLXR5cGUHAAVlcnJvcgs6ZXJyb3ItY29kZQcADmludGVybmFsLWVycm9yDjplcnJvci1tZXNzYWdlBwAaQW4gdW5rbm93biBlcnJvciBvY2N1cnJlZC4kun0t");
    let (events, error) = received(bytes);
    assert!(events.is_empty());
    assert!(
        matches!(&error, Some(StreamError::Unmodeled { code, .. }) if code == "internal-error"),
        "{error:?}"
    );
}

#[test]
fn the_initial_response_is_read_from_the_head() {
    // `OutputStreamWithInitialResponse`: the member bound to a header comes
    // from the head; the events from the body.
    let head = http::Response::builder()
        .status(200)
        .header("initial-response-member", "test")
        .body(Bytes::new())
        .expect("head");
    let mut output = OutputStreamWithInitialResponse::deserialize_streaming_output(
        &head,
        full_body(b64(STRING_PAYLOAD_INPUT).into()),
    )
    .expect("the head is read");
    assert_eq!(output.initial_response_member, "test");
    let first = rt().block_on(output.stream.recv()).expect("an event");
    assert_eq!(
        first,
        Some(Event::StringPayload(
            StringPayloadEvent::builder().payload("foo").build()
        ))
    );
    // Without the required header the head is refused, as the suite's
    // `MissingRequiredInitialResponseOutput` expects (zero values correct
    // only members missing from a JSON body).
    let bare = http::Response::builder()
        .status(200)
        .body(Bytes::new())
        .expect("head");
    let err = OutputStreamWithInitialResponse::deserialize_streaming_output(
        &bare,
        full_body(Bytes::new()),
    )
    .expect_err("a missing required header is an error");
    assert_eq!(err.path(), "header:initial-response-member");
    // The stream of a buffered response is read from its body.
    let whole = http::Response::builder()
        .status(200)
        .header("initial-response-member", "test")
        .body(Bytes::from(b64(STRING_PAYLOAD_INPUT)))
        .expect("response");
    let mut output =
        OutputStreamWithInitialResponse::deserialize_output(&whole).expect("the response is read");
    assert!(rt()
        .block_on(output.stream.recv())
        .is_ok_and(|e| e.is_some()));
    let _: &EventStream<Event, EventStreamError> = &output.stream;
}

#[test]
fn a_server_reads_the_input_stream_and_streams_the_output() {
    use restjson_protocol_tests::operation::duplex_stream::DuplexStreamOutput;
    use restjson_protocol_tests::server::RestJsonProtocolService;
    // An echo: every input event back as an output event.
    let service = RestJsonProtocolService::builder(())
        .duplex_stream(|_, mut input| async move {
            let mut events = Vec::new();
            while let Ok(Some(event)) = input.stream.recv().await {
                events.push(event);
            }
            Ok(DuplexStreamOutput::builder().stream(events).build())
        })
        .build_unchecked()
        .into_service();
    let mut body = b64(STRING_PAYLOAD_INPUT);
    body.extend(b64(HEADERS_AND_EXPLICIT_PAYLOAD_INPUT));
    let request = http::Request::builder()
        .method("POST")
        .uri("/DuplexStream")
        .header("content-type", "application/vnd.amazon.eventstream")
        .body(Bytes::from(body.clone()))
        .expect("request");
    rt().block_on(async {
        let mut response = service.call_bytes(request).await;
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["content-type"],
            "application/vnd.amazon.eventstream"
        );
        assert!(response.body().is_empty());
        let stream = smithy_server::response::take_event_stream(&mut response)
            .expect("the output event stream");
        let sent = stream.collect().await.expect("streamed").to_bytes();
        assert_eq!(sent.to_vec(), body);
    });
}

/// A generated client and a generated server over TCP: the client signs and
/// streams its input events, the server reads them from the buffered body
/// and streams its output events back, which the client reads as they come.
#[tokio::test]
async fn a_generated_client_and_server_exchange_event_streams() {
    use restjson_protocol_tests::operation::duplex_stream::DuplexStreamOutput;
    use restjson_protocol_tests::server::RestJsonProtocolService;
    use restjson_protocol_tests::{Client, Config};
    // An echo: every input event back, and a modeled error (which ends the
    // input stream) back as the same error.
    let service = RestJsonProtocolService::builder(())
        .duplex_stream(|_, mut input| async move {
            let mut events = Vec::new();
            loop {
                match input.stream.recv().await {
                    Ok(Some(event)) => events.push(event),
                    Err(StreamError::Modeled(EventStreamError::Error(e))) => {
                        events.push(Event::Error(e));
                        break;
                    }
                    Ok(None) | Err(_) => break,
                }
            }
            Ok(DuplexStreamOutput::builder().stream(events).build())
        })
        .build_unchecked()
        .into_service();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(smithy_server::serve(listener, service));
    let client = Client::new(
        Config::builder()
            .region("us-east-1")
            .static_credentials("AKID", "SECRET", None)
            .endpoint_url(&url)
            .build(),
    );
    let (sender, stream) = EventStream::channel(4);
    let producer = async move {
        sender
            .send(explicit_payload())
            .await
            .expect("the stream is open");
        sender
            .send(Event::Error(ErrorEvent::builder().message("foo").build()))
            .await
            .expect("the stream is open");
    };
    let call = client.duplex_stream().stream(stream).send();
    let ((), output) = tokio::join!(producer, call);
    let mut output = output.expect("the call succeeds");
    assert_eq!(
        output.stream.recv().await.expect("an event"),
        Some(explicit_payload())
    );
    match output.stream.recv().await {
        Err(StreamError::Modeled(EventStreamError::Error(e))) => {
            assert_eq!(e.message.as_deref(), Some("foo"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(output.stream.recv().await.ok(), Some(None));
}
