//! Request compression (`@requestCompression`): gzip of the request body.
//!
//! A generated `serialize` of an operation with the trait calls
//! [`compress_request`] once on the finished request. It compresses with the
//! default [`CompressionSettings`] (so what `serialize` returns is what the
//! default client sends) and keeps the uncompressed body in a
//! [`RequestCompression`] extension, so that a client configured otherwise
//! (compression disabled, another minimum size) can redo it with
//! [`apply_settings`] before sending.
//!
//! The body is compressed when it is at least the minimum size (default
//! 10,240 bytes, the SDKs' `request_min_compression_size_bytes`); the encoding
//! is appended to any `Content-Encoding` the input already set
//! (`custom` becomes `custom, gzip`). Streaming bodies are never compressed
//! (generated operations only pass whole bodies here).

use std::io::Write;

use bytes::Bytes;
use http::header::{HeaderValue, CONTENT_ENCODING, CONTENT_LENGTH};

use crate::operation::HttpRequest;

/// The default minimum body size, in bytes, for a request to be compressed.
pub const DEFAULT_MIN_COMPRESSION_SIZE: u32 = 10_240;

/// The largest minimum size accepted (10 MiB), as in the SDKs.
pub const MAX_MIN_COMPRESSION_SIZE: u32 = 10_485_760;

/// When request bodies are compressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CompressionSettings {
    /// No request is compressed (`disable_request_compression`).
    pub disabled: bool,
    /// Bodies shorter than this are sent as they are
    /// (`request_min_compression_size_bytes`, `0..=10_485_760`).
    pub min_size: u32,
}

impl Default for CompressionSettings {
    fn default() -> Self {
        Self {
            disabled: false,
            min_size: DEFAULT_MIN_COMPRESSION_SIZE,
        }
    }
}

impl CompressionSettings {
    /// Checks a minimum size against the accepted range `0..=10_485_760`.
    pub fn check_min_size(min_size: u64) -> Result<u32, String> {
        u32::try_from(min_size)
            .ok()
            .filter(|n| *n <= MAX_MIN_COMPRESSION_SIZE)
            .ok_or_else(|| {
                format!("expected a whole number from 0 to {MAX_MIN_COMPRESSION_SIZE}, found {min_size}")
            })
    }
}

/// The request extension left by [`compress_request`]: the encodings the
/// operation supports, the body and `Content-Encoding` before compression.
#[derive(Clone, Debug)]
pub struct RequestCompression {
    encodings: &'static [&'static str],
    uncompressed: Bytes,
    content_encoding: Option<HeaderValue>,
}

/// Compresses the body of `request` (an operation with
/// `@requestCompression(encodings)`) with the default settings, and records
/// what [`apply_settings`] needs to redo it. Only `gzip` is supported; an
/// operation listing no supported encoding is left alone.
pub fn compress_request(
    mut request: HttpRequest,
    encodings: &'static [&'static str],
) -> HttpRequest {
    let record = RequestCompression {
        encodings,
        uncompressed: request.body().clone(),
        content_encoding: request.headers().get(CONTENT_ENCODING).cloned(),
    };
    apply(&mut request, &record, &CompressionSettings::default());
    request.extensions_mut().insert(record);
    request
}

/// Redoes the compression of a request built by [`compress_request`] with
/// `settings` (a client's configuration). Returns whether the request
/// changed (its checksums then need [`crate::checksum::refresh`]). A request
/// without the extension is left alone.
pub fn apply_settings(request: &mut HttpRequest, settings: &CompressionSettings) -> bool {
    if *settings == CompressionSettings::default() {
        return false;
    }
    let Some(record) = request.extensions().get::<RequestCompression>().cloned() else {
        return false;
    };
    *request.body_mut() = record.uncompressed.clone();
    let headers = request.headers_mut();
    match &record.content_encoding {
        Some(v) => headers.insert(CONTENT_ENCODING, v.clone()),
        None => headers.remove(CONTENT_ENCODING),
    };
    set_length(request);
    apply(request, &record, settings);
    true
}

fn apply(request: &mut HttpRequest, record: &RequestCompression, settings: &CompressionSettings) {
    if settings.disabled
        || !record
            .encodings
            .iter()
            .any(|e| e.eq_ignore_ascii_case("gzip"))
        || (request.body().len() as u64) < u64::from(settings.min_size)
    {
        return;
    }
    let compressed = gzip(request.body());
    *request.body_mut() = Bytes::from(compressed);
    let value = match &record.content_encoding {
        Some(v) => {
            let mut text = v.as_bytes().to_vec();
            text.extend_from_slice(b", gzip");
            HeaderValue::from_bytes(&text).unwrap_or(HeaderValue::from_static("gzip"))
        }
        None => HeaderValue::from_static("gzip"),
    };
    request.headers_mut().insert(CONTENT_ENCODING, value);
    set_length(request);
}

fn set_length(request: &mut HttpRequest) {
    let len = request.body().len();
    if len == 0 {
        request.headers_mut().remove(CONTENT_LENGTH);
    } else {
        request
            .headers_mut()
            .insert(CONTENT_LENGTH, HeaderValue::from(len));
    }
}

/// The gzip encoding of `data` (default level).
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(
        Vec::with_capacity(data.len() / 2 + 64),
        flate2::Compression::default(),
    );
    // Writing to a Vec cannot fail.
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

/// Why a gzip body could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GunzipError {
    /// The data is not valid gzip.
    Invalid(String),
    /// The decompressed data exceeds the limit.
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
}

impl std::fmt::Display for GunzipError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Invalid(e) => write!(f, "invalid gzip data: {e}"),
            Self::TooLarge { limit } => {
                write!(f, "the decompressed body exceeds {limit} bytes")
            }
        }
    }
}

impl std::error::Error for GunzipError {}

/// Decompresses gzip `data` (every member), refusing output longer than
/// `limit` bytes without ever holding more than that (a zip bomb stops at
/// the limit).
pub fn gunzip_bounded(data: &[u8], limit: usize) -> Result<Vec<u8>, GunzipError> {
    use std::io::Read;
    let decoder = flate2::read::MultiGzDecoder::new(data);
    let mut out = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    decoder
        .take(cap)
        .read_to_end(&mut out)
        .map_err(|e| GunzipError::Invalid(e.to_string()))?;
    if out.len() > limit {
        return Err(GunzipError::TooLarge { limit });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body: &[u8], encoding: Option<&str>) -> HttpRequest {
        let mut b = http::Request::builder().method("POST").uri("/");
        if let Some(e) = encoding {
            b = b.header(CONTENT_ENCODING, e);
        }
        b = b.header(CONTENT_LENGTH, body.len());
        b.body(Bytes::copy_from_slice(body)).unwrap()
    }

    #[test]
    fn gzip_round_trip() {
        let data = b"hello world ".repeat(1000);
        let z = gzip(&data);
        assert!(z.len() < data.len());
        assert_eq!(&z[..2], &[0x1f, 0x8b]);
        assert_eq!(gunzip_bounded(&z, data.len()).unwrap(), data);
        assert_eq!(gunzip_bounded(&gzip(b""), 0).unwrap(), b"");
    }

    #[test]
    fn gunzip_is_bounded() {
        let bomb = gzip(&vec![0u8; 10 << 20]);
        assert!(bomb.len() < 64 << 10);
        assert_eq!(
            gunzip_bounded(&bomb, 1 << 20),
            Err(GunzipError::TooLarge { limit: 1 << 20 })
        );
        assert!(matches!(
            gunzip_bounded(b"not gzip", 100),
            Err(GunzipError::Invalid(_))
        ));
    }

    #[test]
    fn threshold_edges() {
        let min = DEFAULT_MIN_COMPRESSION_SIZE as usize;
        let below = compress_request(request(&vec![b'a'; min - 1], None), &["gzip"]);
        assert!(below.headers().get(CONTENT_ENCODING).is_none());
        assert_eq!(below.body().len(), min - 1);
        let at = compress_request(request(&vec![b'a'; min], None), &["gzip"]);
        assert_eq!(at.headers()[CONTENT_ENCODING], "gzip");
        assert_eq!(gunzip_bounded(at.body(), min).unwrap(), vec![b'a'; min]);
        assert_eq!(
            at.headers()[CONTENT_LENGTH],
            at.body().len().to_string().as_str()
        );
        // A minimum of 0 compresses everything, even an empty body.
        let mut small = compress_request(request(b"x", None), &["gzip"]);
        assert!(apply_settings(
            &mut small,
            &CompressionSettings {
                disabled: false,
                min_size: 0
            }
        ));
        assert_eq!(gunzip_bounded(small.body(), 1).unwrap(), b"x");
        assert!(CompressionSettings::check_min_size(10_485_760).is_ok());
        assert!(CompressionSettings::check_min_size(10_485_761).is_err());
    }

    #[test]
    fn appends_to_existing_encoding() {
        let r = compress_request(request(&[b'a'; 20_000], Some("custom")), &["gzip"]);
        assert_eq!(r.headers()[CONTENT_ENCODING], "custom, gzip");
    }

    #[test]
    fn disable_switch_restores_the_body() {
        let data = vec![b'a'; 20_000];
        let mut r = compress_request(request(&data, Some("custom")), &["gzip"]);
        let off = CompressionSettings {
            disabled: true,
            ..Default::default()
        };
        assert!(apply_settings(&mut r, &off));
        assert_eq!(r.body().as_ref(), data.as_slice());
        assert_eq!(r.headers()[CONTENT_ENCODING], "custom");
        assert_eq!(r.headers()[CONTENT_LENGTH], "20000");
        // The default settings change nothing.
        let mut d = compress_request(request(&data, None), &["gzip"]);
        assert!(!apply_settings(&mut d, &CompressionSettings::default()));
        assert_eq!(d.headers()[CONTENT_ENCODING], "gzip");
    }

    #[test]
    fn unknown_encodings_are_left_alone() {
        let r = compress_request(request(&[b'a'; 20_000], None), &["br"]);
        assert!(r.headers().get(CONTENT_ENCODING).is_none());
    }
}
