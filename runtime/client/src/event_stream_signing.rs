//! SigV4 signing of the event stream messages a client sends (an operation
//! whose input has an `@streaming` union member).
//!
//! The initial HTTP request is signed as usual except that its payload hash
//! (`x-amz-content-sha256`, and the last line of the canonical request) is
//! [`STREAMING_EVENTS_PAYLOAD`]; the hex signature of that request (from its
//! `Authorization` header, see [`seed_signature`]) seeds a chain. Each event
//! is then encoded as an event stream message and sent wrapped in a signed
//! envelope: a message whose headers are
//!
//! * `:date`: a timestamp, the signing time;
//! * `:chunk-signature`: the 32 bytes of the signature;
//!
//! and whose payload is the encoded event. The signature is the HMAC-SHA256,
//! with the usual SigV4 signing key for the date, region and service, of
//!
//! ```text
//! AWS4-HMAC-SHA256-PAYLOAD
//! <date as YYYYMMDDTHHMMSSZ>
//! <YYYYMMDD>/<region>/<service>/aws4_request
//! <the previous signature, hex: the seed for the first message>
//! <hex SHA-256 of the encoded `:date` header (name, type and value)>
//! <hex SHA-256 of the envelope's payload>
//! ```
//!
//! The stream ends with one more signed envelope whose payload is empty
//! ([`EventSigner::sign_end`]). [`signed_message_body`] is the body that
//! sends a stream's messages this way.
//!
//! HMAC and SHA-256 come from the `hmac` and `sha2` crates (the versions the
//! emulator's SigV4 verifier already uses).

use std::fmt;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use futures_core::Stream;
use hmac::{Hmac, KeyInit, Mac};
use http_body_util::BodyExt as _;
use sha2::{Digest, Sha256};
use smithy_rt::datetime::{DateTime, Format};
use smithy_rt::event_stream::stream::{Body, BoxError, MessageStream};
use smithy_rt::event_stream::{EncodeError, Header, HeaderValue, Message};

use crate::credentials::Credentials;

/// The payload hash (`x-amz-content-sha256`) of the initial request of a
/// signed input event stream.
pub const STREAMING_EVENTS_PAYLOAD: &str = "STREAMING-AWS4-HMAC-SHA256-EVENTS";
/// The envelope header carrying the signing time.
pub const DATE_HEADER: &str = ":date";
/// The envelope header carrying the signature's bytes.
pub const CHUNK_SIGNATURE_HEADER: &str = smithy_rt::event_stream::stream::CHUNK_SIGNATURE;
/// First line of the string to sign of an event.
pub const EVENT_ALGORITHM: &str = "AWS4-HMAC-SHA256-PAYLOAD";

/// Signs the messages of one input stream, chaining each signature from the
/// previous one.
pub struct EventSigner {
    secret: String,
    region: String,
    service: String,
    prior_signature: String,
    /// The signing key of the last day signed for, and that day.
    key: Option<(String, [u8; 32])>,
}

impl fmt::Debug for EventSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the secret.
        f.debug_struct("EventSigner")
            .field("region", &self.region)
            .field("service", &self.service)
            .field("prior_signature", &self.prior_signature)
            .finish_non_exhaustive()
    }
}

impl EventSigner {
    /// A signer for the stream whose initial request was signed with
    /// `credentials` for `region` and `service` and got the hex signature
    /// `seed_signature`.
    pub fn new(
        credentials: &Credentials,
        region: impl Into<String>,
        service: impl Into<String>,
        seed_signature: &str,
    ) -> Result<Self, EventSigningError> {
        Self::from_secret(
            credentials.secret_access_key(),
            region,
            service,
            seed_signature,
        )
    }

    /// As [`new`](Self::new), from the secret access key alone (the only
    /// part of the credentials event signing uses).
    pub fn from_secret(
        secret_access_key: &str,
        region: impl Into<String>,
        service: impl Into<String>,
        seed_signature: &str,
    ) -> Result<Self, EventSigningError> {
        if !is_signature_hex(seed_signature) {
            return Err(EventSigningError::InvalidSeedSignature);
        }
        Ok(EventSigner {
            secret: secret_access_key.to_owned(),
            region: region.into(),
            service: service.into(),
            prior_signature: seed_signature.to_owned(),
            key: None,
        })
    }

    /// The signature the next message is chained from (hex): the seed, then
    /// the last message's.
    pub fn prior_signature(&self) -> &str {
        &self.prior_signature
    }

    /// Encodes `message` and wraps it in a signed envelope, to be encoded and
    /// sent in its place.
    pub fn sign(
        &mut self,
        message: &Message,
        time: SystemTime,
    ) -> Result<Message, EventSigningError> {
        let payload = message.encode().map_err(EventSigningError::Encode)?;
        self.sign_payload(payload, time)
    }

    /// The signed envelope that ends the stream (empty payload).
    pub fn sign_end(&mut self, time: SystemTime) -> Result<Message, EventSigningError> {
        self.sign_payload(Bytes::new(), time)
    }

    /// A signed envelope around `payload` (already an encoded message, or
    /// empty for the end of the stream).
    pub fn sign_payload(
        &mut self,
        payload: Bytes,
        time: SystemTime,
    ) -> Result<Message, EventSigningError> {
        let millis = epoch_millis(time)?;
        let (date_time, day) = amz_date(millis)?;
        let date_header = Header::new(DATE_HEADER, HeaderValue::Timestamp(millis));
        let encoded_date = Message::encode_headers(std::slice::from_ref(&date_header))
            .map_err(EventSigningError::Encode)?;
        let scope = format!("{day}/{}/{}/aws4_request", self.region, self.service);
        let string_to_sign = format!(
            "{EVENT_ALGORITHM}\n{date_time}\n{scope}\n{}\n{}\n{}",
            self.prior_signature,
            hex(&Sha256::digest(&encoded_date)),
            hex(&Sha256::digest(&payload)),
        );
        let key = self.signing_key(&day)?;
        let signature = hmac(&key, string_to_sign.as_bytes())?;
        self.prior_signature = hex(&signature);
        let mut envelope = Message::new(payload);
        envelope.push_header(date_header);
        envelope.push_header(Header::new(
            CHUNK_SIGNATURE_HEADER,
            HeaderValue::ByteArray(Bytes::copy_from_slice(&signature)),
        ));
        Ok(envelope)
    }

    /// The SigV4 signing key for `day` (`YYYYMMDD`), cached per day.
    fn signing_key(&mut self, day: &str) -> Result<[u8; 32], EventSigningError> {
        if let Some((cached_day, key)) = &self.key {
            if cached_day == day {
                return Ok(*key);
            }
        }
        let mut key = hmac(format!("AWS4{}", self.secret).as_bytes(), day.as_bytes())?;
        for part in [self.region.as_str(), self.service.as_str(), "aws4_request"] {
            key = hmac(&key, part.as_bytes())?;
        }
        self.key = Some((day.to_owned(), key));
        Ok(key)
    }
}

/// The body that sends `messages` signed by `signer`: each message, as it
/// comes, encoded and wrapped in its signed envelope (signed at the time it
/// is sent), then the signed empty envelope that ends the stream. A failing
/// message stream fails the body (no end envelope is sent).
pub fn signed_message_body(messages: MessageStream, signer: EventSigner) -> Body {
    let frames = SignedFrames {
        messages,
        signer,
        ended: false,
    };
    http_body_util::StreamBody::new(frames).boxed_unsync()
}

struct SignedFrames {
    messages: MessageStream,
    signer: EventSigner,
    /// The end envelope was sent, or the stream failed.
    ended: bool,
}

impl SignedFrames {
    fn frame(
        envelope: Result<Message, EventSigningError>,
    ) -> Result<http_body::Frame<Bytes>, BoxError> {
        let envelope = envelope.map_err(BoxError::from)?;
        let bytes = envelope.encode().map_err(BoxError::from)?;
        Ok(http_body::Frame::data(bytes))
    }
}

impl Stream for SignedFrames {
    type Item = Result<http_body::Frame<Bytes>, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.ended {
            return Poll::Ready(None);
        }
        let frame = match ready!(this.messages.as_mut().poll_next(cx)) {
            Some(Ok(message)) => Self::frame(this.signer.sign(&message, SystemTime::now())),
            Some(Err(e)) => Err(e),
            None => {
                this.ended = true;
                Self::frame(this.signer.sign_end(SystemTime::now()))
            }
        };
        if frame.is_err() {
            this.ended = true;
        }
        Poll::Ready(Some(frame))
    }
}

/// The hex signature in a SigV4 `Authorization` header value
/// (`AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=<hex>`):
/// the seed of an input event stream.
pub fn seed_signature(authorization: &str) -> Option<&str> {
    let rest = authorization.strip_prefix("AWS4-HMAC-SHA256 ")?;
    rest.split(',')
        .filter_map(|part| part.trim().strip_prefix("Signature="))
        .find(|sig| is_signature_hex(sig))
}

/// Why an event cannot be signed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventSigningError {
    /// The seed signature is not 64 lowercase hex digits.
    InvalidSeedSignature,
    /// The signing time is before 1970 or after 9999.
    TimeOutOfRange,
    /// The event cannot be encoded.
    Encode(EncodeError),
    /// HMAC refused a key (it takes keys of any length, so never expected).
    Hmac,
}

impl fmt::Display for EventSigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventSigningError::InvalidSeedSignature => {
                f.write_str("the seed signature of the event stream is not 64 lowercase hex digits")
            }
            EventSigningError::TimeOutOfRange => {
                f.write_str("the signing time is outside the years 1970 to 9999")
            }
            EventSigningError::Encode(e) => write!(f, "cannot encode the event: {e}"),
            EventSigningError::Hmac => f.write_str("HMAC-SHA256 refused the signing key"),
        }
    }
}

impl std::error::Error for EventSigningError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EventSigningError::Encode(e) => Some(e),
            _ => None,
        }
    }
}

fn is_signature_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn epoch_millis(time: SystemTime) -> Result<i64, EventSigningError> {
    let since = time
        .duration_since(UNIX_EPOCH)
        .map_err(|_| EventSigningError::TimeOutOfRange)?;
    i64::try_from(since.as_millis()).map_err(|_| EventSigningError::TimeOutOfRange)
}

/// `YYYYMMDDTHHMMSSZ` and `YYYYMMDD` of the second `millis` falls in.
fn amz_date(millis: i64) -> Result<(String, String), EventSigningError> {
    let whole = DateTime::from_secs_and_nanos(millis.div_euclid(1000), 0);
    let iso = whole
        .format(Format::DateTime)
        .map_err(|_| EventSigningError::TimeOutOfRange)?;
    // `YYYY-MM-DDTHH:MM:SSZ` without its separators.
    let compact: String = iso.chars().filter(|c| *c != '-' && *c != ':').collect();
    if compact.len() != 16 {
        return Err(EventSigningError::TimeOutOfRange);
    }
    let day = compact.get(..8).unwrap_or_default().to_owned();
    Ok((compact, day))
}

fn hmac(key: &[u8], data: &[u8]) -> Result<[u8; 32], EventSigningError> {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(key).map_err(|_| EventSigningError::Hmac)?;
    mac.update(data);
    Ok(mac.finalize().into_bytes().into())
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amz_date_formats_whole_seconds() {
        // 2026-11-30T18:06:01.250Z
        let (date, day) = amz_date(1_796_061_961_250).unwrap();
        assert_eq!(date, "20261130T180601Z");
        assert_eq!(day, "20261130");
        assert!(amz_date(253_402_300_800_000).is_err());
    }

    #[test]
    fn seed_signature_is_read_from_authorization() {
        let sig = "a".repeat(64);
        let auth = format!(
            "AWS4-HMAC-SHA256 Credential=AKID/20261130/us-east-1/chime/aws4_request, SignedHeaders=host;x-amz-date, Signature={sig}"
        );
        assert_eq!(seed_signature(&auth), Some(sig.as_str()));
        assert_eq!(seed_signature("Bearer x"), None);
        assert_eq!(seed_signature("AWS4-HMAC-SHA256 Signature=abc"), None);
    }

    #[test]
    fn invalid_seed_is_refused() {
        let err = EventSigner::from_secret("s", "r", "svc", "ABC").unwrap_err();
        assert_eq!(err, EventSigningError::InvalidSeedSignature);
    }
}
