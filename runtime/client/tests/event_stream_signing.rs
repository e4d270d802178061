//! SigV4 event signing against signatures and envelopes computed
//! independently in Python (`tests/data/event_stream_signing.py`: hmac,
//! hashlib, struct and zlib, no Rust).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use smithy_client::credentials::static_credentials;
use smithy_client::event_stream_signing::{
    seed_signature, EventSigner, EventSigningError, CHUNK_SIGNATURE_HEADER, DATE_HEADER,
};
use smithy_rt::event_stream::{HeaderValue, Message, MessageDecoder};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
/// Hex SHA-256 of `seed`, standing in for the initial request's signature.
const SEED: &str = "19b25856e1c150ca834cffc8b59b23adbd0ec0389e58eb22b3b64768098d002b";
/// The encoded `AudioEvent` event.
const INNER: &str = "0000006c000000585c509ce30d3a6d6573736167652d747970650700056576656e740b3a6576656e742d7479706507000a417564696f4576656e740d3a636f6e74656e742d747970650700186170706c69636174696f6e2f6f637465742d73747265616d0001020371e2c8d0";
/// Signed at 2026-11-30T18:06:01.250Z, chained from `SEED`.
const SIG1: &str = "2c4ca9accf3614eb101f6a8c43a1b1fca1e9a8d9e275ca171816d5b4717b15e0";
const ENV1: &str = "000000bf0000004318605086053a6461746508000001a22da29c22103a6368756e6b2d7369676e61747572650600202c4ca9accf3614eb101f6a8c43a1b1fca1e9a8d9e275ca171816d5b4717b15e00000006c000000585c509ce30d3a6d6573736167652d747970650700056576656e740b3a6576656e742d7479706507000a417564696f4576656e740d3a636f6e74656e742d747970650700186170706c69636174696f6e2f6f637465742d73747265616d0001020371e2c8d07499b1a8";
/// The same event at 2026-12-01T00:00:00Z (a new day, a new signing key).
const SIG2: &str = "9970de9e01a6fc1f2cfadabd77be13d13f47044d84d84037cb4505fd394118c7";
/// The end of the stream at 2026-12-01T00:00:01Z.
const SIG3: &str = "84e010dcf777a5435db39cb4616affb4218019bbc0aebd13d83794a77ddf0721";
const ENV3: &str = "0000005300000043f5447a58053a6461746508000001a22ee6b3e8103a6368756e6b2d7369676e617475726506002084e010dcf777a5435db39cb4616affb4218019bbc0aebd13d83794a77ddf0721af962c07";

fn hex(b: &[u8]) -> String {
    b.iter().map(|b| format!("{b:02x}")).collect()
}

fn at(millis: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(millis)
}

fn audio_event() -> Message {
    Message::event(
        "AudioEvent",
        Some("application/octet-stream"),
        vec![0u8, 1, 2, 3],
    )
}

#[test]
fn chained_signatures_match_python() {
    let credentials = static_credentials("AKIDEXAMPLE", SECRET, None);
    let mut signer = EventSigner::new(&credentials, "us-east-1", "transcribe", SEED).unwrap();
    assert_eq!(signer.prior_signature(), SEED);
    assert_eq!(hex(&audio_event().encode().unwrap()), INNER);

    let first = signer.sign(&audio_event(), at(1_796_061_961_250)).unwrap();
    assert_eq!(signer.prior_signature(), SIG1);
    assert_eq!(hex(&first.encode().unwrap()), ENV1);
    assert_eq!(
        first.header(DATE_HEADER),
        Some(&HeaderValue::Timestamp(1_796_061_961_250))
    );
    assert_eq!(
        first
            .header(CHUNK_SIGNATURE_HEADER)
            .and_then(HeaderValue::as_bytes)
            .map(|b| hex(b)),
        Some(SIG1.to_owned())
    );

    let second = signer.sign(&audio_event(), at(1_796_083_200_000)).unwrap();
    assert_eq!(signer.prior_signature(), SIG2);
    // The payload of the envelope is the encoded event, unchanged.
    assert_eq!(hex(second.payload()), INNER);

    let end = signer.sign_end(at(1_796_083_201_000)).unwrap();
    assert_eq!(signer.prior_signature(), SIG3);
    assert_eq!(hex(&end.encode().unwrap()), ENV3);
    assert!(end.payload().is_empty());
}

/// A receiver unwraps the envelopes and finds the events.
#[test]
fn envelopes_decode_to_the_events() {
    let mut signer = EventSigner::from_secret(SECRET, "us-east-1", "transcribe", SEED).unwrap();
    let mut body = Vec::new();
    for i in 0..3 {
        let envelope = signer
            .sign(&audio_event(), at(1_796_061_961_000 + i))
            .unwrap();
        envelope.encode_into(&mut body).unwrap();
    }
    signer
        .sign_end(at(1_796_061_962_000))
        .unwrap()
        .encode_into(&mut body)
        .unwrap();
    let mut decoder = MessageDecoder::new();
    decoder.push(&body);
    let mut events = 0;
    while let Some(envelope) = decoder.next_message().unwrap() {
        if envelope.payload().is_empty() {
            continue;
        }
        let inner = Message::decode(envelope.payload()).unwrap();
        assert_eq!(inner, audio_event());
        events += 1;
    }
    decoder.finish().unwrap();
    assert_eq!(events, 3);
}

#[test]
fn refusals() {
    assert_eq!(
        EventSigner::from_secret(SECRET, "r", "s", &SEED.to_uppercase()).unwrap_err(),
        EventSigningError::InvalidSeedSignature
    );
    let mut signer = EventSigner::from_secret(SECRET, "r", "s", SEED).unwrap();
    let before_epoch = UNIX_EPOCH - Duration::from_secs(1);
    assert_eq!(
        signer.sign_end(before_epoch).unwrap_err(),
        EventSigningError::TimeOutOfRange
    );
    let bad = Message::new("").with_header("", true);
    assert!(matches!(
        signer.sign(&bad, at(0)),
        Err(EventSigningError::Encode(_))
    ));
    // A refusal does not advance the chain.
    assert_eq!(signer.prior_signature(), SEED);
    // The secret never shows.
    assert!(!format!("{signer:?}").contains(SECRET));
}

#[test]
fn seed_from_an_authorization_header() {
    let auth = format!(
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130/us-east-1/transcribe/aws4_request, \
         SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature={SEED}"
    );
    assert_eq!(seed_signature(&auth), Some(SEED));
}
