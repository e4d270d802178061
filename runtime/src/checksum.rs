//! Request and response checksums: `@httpChecksumRequired` (`Content-MD5`)
//! and `aws.protocols#httpChecksum` (flexible checksums,
//! `x-amz-checksum-<algorithm>`).
//!
//! A generated `serialize` of an operation with either trait calls
//! [`request_checksum`] once on the finished (and, if the operation has
//! `@requestCompression`, compressed) request: the checksum covers the bytes
//! that are sent. The request keeps a [`RequestChecksum`] extension so that
//! [`refresh`] can recompute it when the body changes afterwards (a client
//! redoing compression with its own settings), and a
//! [`ValidateResponseChecksum`] extension when the input enables response
//! validation, which the client checks with [`validate_response`].

use base64::Engine as _;
use bytes::Bytes;
use http::header::HeaderValue;

use crate::error::{BuildError, DeserializeError};
use crate::operation::{HttpRequest, HttpResponse};

/// A flexible checksum algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChecksumAlgorithm {
    /// CRC-32 (IEEE), big-endian.
    Crc32,
    /// CRC-32C (Castagnoli), big-endian.
    Crc32c,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
}

impl ChecksumAlgorithm {
    /// Every algorithm, in the order responses are validated (fastest first).
    pub const ALL: [Self; 4] = [Self::Crc32c, Self::Crc32, Self::Sha1, Self::Sha256];

    /// The algorithm named `name` (`CRC32`, `CRC32C`, `SHA1`, `SHA256`; any case).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(name))
    }

    /// The model's name of the algorithm, e.g. `CRC32C`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Crc32 => "CRC32",
            Self::Crc32c => "CRC32C",
            Self::Sha1 => "SHA1",
            Self::Sha256 => "SHA256",
        }
    }

    /// The header carrying it, e.g. `x-amz-checksum-crc32c`.
    pub fn header_name(self) -> &'static str {
        match self {
            Self::Crc32 => "x-amz-checksum-crc32",
            Self::Crc32c => "x-amz-checksum-crc32c",
            Self::Sha1 => "x-amz-checksum-sha1",
            Self::Sha256 => "x-amz-checksum-sha256",
        }
    }

    /// The raw checksum of `data`.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        use sha2::Digest as _;
        match self {
            Self::Crc32 => crc32fast::hash(data).to_be_bytes().to_vec(),
            Self::Crc32c => crc32c::crc32c(data).to_be_bytes().to_vec(),
            Self::Sha1 => sha1::Sha1::digest(data).to_vec(),
            Self::Sha256 => sha2::Sha256::digest(data).to_vec(),
        }
    }

    /// The checksum of `data` as the header carries it (base64).
    pub fn checksum(self, data: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.digest(data))
    }
}

/// The `Content-MD5` value of `data`: base64 of its MD5.
pub fn content_md5(data: &[u8]) -> String {
    use md5::Digest as _;
    base64::engine::general_purpose::STANDARD.encode(md5::Md5::digest(data))
}

/// What an operation's checksum traits ask of one request.
#[derive(Clone, Copy, Debug, Default)]
pub struct ChecksumSpec<'a> {
    /// A checksum must be sent (`@httpChecksumRequired`, or
    /// `requestChecksumRequired` of `aws.protocols#httpChecksum`).
    pub required: bool,
    /// The operation has `aws.protocols#httpChecksum`: a required checksum
    /// without a chosen algorithm is CRC32 (else `Content-MD5`).
    pub flexible: bool,
    /// The value of the input's `requestAlgorithmMember`, if set.
    pub algorithm: Option<&'a str>,
    /// The value of the input's `requestValidationModeMember`, if set.
    pub validation_mode: Option<&'a str>,
    /// `responseAlgorithms`.
    pub response_algorithms: &'static [&'static str],
}

/// The checksum a request carries (a request extension).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestChecksum {
    /// `Content-MD5`.
    Md5,
    /// `x-amz-checksum-<algorithm>`.
    Flexible(ChecksumAlgorithm),
}

/// The response checksums a client must check (a request extension, present
/// when the input's validation mode is `ENABLED`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidateResponseChecksum(pub Vec<ChecksumAlgorithm>);

/// Adds the checksum header `spec` asks for to `request` (over its body as
/// it is now) and records it. A header the input already set is kept.
pub fn request_checksum(
    mut request: HttpRequest,
    spec: &ChecksumSpec<'_>,
) -> Result<HttpRequest, BuildError> {
    let kind = match spec.algorithm {
        Some(name) => Some(RequestChecksum::Flexible(
            ChecksumAlgorithm::from_name(name).ok_or_else(|| {
                BuildError::invalid(
                    "checksum algorithm",
                    format!("unsupported checksum algorithm '{name}' (expected CRC32, CRC32C, SHA1 or SHA256)"),
                )
            })?,
        )),
        None if spec.required && spec.flexible => {
            Some(RequestChecksum::Flexible(ChecksumAlgorithm::Crc32))
        }
        None if spec.required => Some(RequestChecksum::Md5),
        None => None,
    };
    if let Some(kind) = kind {
        if !has_header(&request, kind) {
            set_header(&mut request, kind);
            request.extensions_mut().insert(kind);
        }
    }
    if spec
        .validation_mode
        .is_some_and(|m| m.eq_ignore_ascii_case("ENABLED"))
    {
        let algorithms = spec
            .response_algorithms
            .iter()
            .filter_map(|n| ChecksumAlgorithm::from_name(n))
            .collect();
        request
            .extensions_mut()
            .insert(ValidateResponseChecksum(algorithms));
    }
    Ok(request)
}

/// Recomputes the checksum recorded by [`request_checksum`] over the
/// request's current body.
pub fn refresh(request: &mut HttpRequest) {
    if let Some(kind) = request.extensions().get::<RequestChecksum>().copied() {
        set_header(request, kind);
    }
}

fn header_name(kind: RequestChecksum) -> &'static str {
    match kind {
        RequestChecksum::Md5 => "content-md5",
        RequestChecksum::Flexible(a) => a.header_name(),
    }
}

fn has_header(request: &HttpRequest, kind: RequestChecksum) -> bool {
    request.headers().contains_key(header_name(kind))
}

fn set_header(request: &mut HttpRequest, kind: RequestChecksum) {
    let body: &Bytes = request.body();
    let value = match kind {
        RequestChecksum::Md5 => content_md5(body),
        RequestChecksum::Flexible(a) => a.checksum(body),
    };
    if let Ok(v) = HeaderValue::from_str(&value) {
        request.headers_mut().insert(header_name(kind), v);
    }
}

/// Checks the first `x-amz-checksum-*` header of `response` among
/// `algorithms` (in [`ChecksumAlgorithm::ALL`] order) against its body. A
/// response without one of them passes, as does a composite checksum of a
/// multipart object (`<checksum>-<parts>`), which covers parts, not the body.
pub fn validate_response(
    algorithms: &[ChecksumAlgorithm],
    response: &HttpResponse,
) -> Result<(), DeserializeError> {
    for a in ChecksumAlgorithm::ALL {
        if !algorithms.contains(&a) {
            continue;
        }
        let Some(value) = response.headers().get(a.header_name()) else {
            continue;
        };
        let expected = value.to_str().unwrap_or_default().trim();
        if expected.contains('-') {
            return Ok(());
        }
        let actual = a.checksum(response.body());
        if expected != actual {
            return Err(DeserializeError::new(
                format!("header:{}", a.header_name()),
                format!(
                    "{} checksum mismatch: the response says {expected}, its body has {actual}",
                    a.name()
                ),
            ));
        }
        return Ok(());
    }
    Ok(())
}

/// Glacier's upload checksums (a per-service customization every AWS SDK
/// makes): `x-amz-content-sha256`, the hex SHA-256 of the body, and
/// `x-amz-sha256-tree-hash`, the hex SHA-256 tree hash of the body in 1 MiB
/// parts, each added unless the request already has it.
pub fn glacier_checksums(mut request: HttpRequest) -> HttpRequest {
    use sha2::Digest as _;
    let headers = request.headers();
    let linear = (!headers.contains_key("x-amz-content-sha256"))
        .then(|| hex(&sha2::Sha256::digest(request.body())));
    let tree = (!headers.contains_key("x-amz-sha256-tree-hash"))
        .then(|| hex(&glacier_tree_hash(request.body())));
    for (name, value) in [
        ("x-amz-content-sha256", linear),
        ("x-amz-sha256-tree-hash", tree),
    ] {
        if let Some(v) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
            request.headers_mut().insert(name, v);
        }
    }
    request
}

/// The SHA-256 tree hash Glacier defines: the hashes of the 1 MiB parts of
/// `data` (of the empty input if there are none), then of each adjacent pair
/// concatenated, level by level (an odd one out moves up as it is), until
/// one is left.
pub fn glacier_tree_hash(data: &[u8]) -> [u8; 32] {
    use sha2::Digest as _;
    const PART: usize = 1024 * 1024;
    let mut level: Vec<[u8; 32]> = if data.is_empty() {
        vec![sha2::Sha256::digest(data).into()]
    } else {
        data.chunks(PART)
            .map(|part| sha2::Sha256::digest(part).into())
            .collect()
    };
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [a, b] => {
                    let mut h = sha2::Sha256::new();
                    h.update(a);
                    h.update(b);
                    h.finalize().into()
                }
                [a] => *a,
                _ => [0; 32],
            })
            .collect();
    }
    level.first().copied().unwrap_or_default()
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {

    fn pattern(n: usize) -> Vec<u8> {
        (0..n).map(|i| ((i * 7 + 3) % 251) as u8).collect()
    }

    #[test]
    fn glacier_tree_hash_matches_botocore() {
        // Expected values from botocore.utils.calculate_tree_hash on the same
        // bytes (1 MiB parts: none, one short, one whole, three and a bit).
        for (n, expected) in [
            (
                0,
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            (
                5,
                "c0a7188b4e87d64b5ff6dbedc69629b41ded38b08f0f79b85c5b63ed4a6b4646",
            ),
            (
                1 << 20,
                "1ac437f476c488acba4000af7ae89ef53f7ffbeef2e937850985f5ceb8b5ae6f",
            ),
            (
                3 * (1 << 20) + 5,
                "eca2d1c47dd0530fe9b40c744640afa287fffb6d492422a738dd2f58d14ff96e",
            ),
        ] {
            assert_eq!(hex(&glacier_tree_hash(&pattern(n))), expected, "{n} bytes");
        }
    }

    #[test]
    fn glacier_checksums_keep_headers_the_caller_set() {
        let request = http::Request::builder()
            .header("x-amz-sha256-tree-hash", "given")
            .body(Bytes::from(pattern(5)))
            .unwrap();
        let request = glacier_checksums(request);
        assert_eq!(request.headers()["x-amz-sha256-tree-hash"], "given");
        assert_eq!(
            request.headers()["x-amz-content-sha256"],
            "c0a7188b4e87d64b5ff6dbedc69629b41ded38b08f0f79b85c5b63ed4a6b4646"
        );
    }

    use super::*;

    const HELLO: &[u8] = b"hello world";

    #[test]
    fn known_vectors() {
        assert_eq!(content_md5(HELLO), "XrY7u+Ae7tCTyyK7j1rNww==");
        assert_eq!(ChecksumAlgorithm::Crc32.checksum(HELLO), "DUoRhQ==");
        assert_eq!(ChecksumAlgorithm::Crc32c.checksum(HELLO), "yZRlqg==");
        assert_eq!(
            ChecksumAlgorithm::Sha1.checksum(HELLO),
            "Kq5sNclPz7QV2+lfQIuc6R7oRu0="
        );
        assert_eq!(
            ChecksumAlgorithm::Sha256.checksum(HELLO),
            "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="
        );
        // The protocol suite's RestJsonHttpChecksumRequired body, as sent.
        assert_eq!(
            content_md5(br#"{"foo":"base64 encoded md5 checksum"}"#),
            "iB0/3YSo7maijL0IGOgA9g=="
        );
        assert_eq!(
            ChecksumAlgorithm::from_name("crc32c"),
            Some(ChecksumAlgorithm::Crc32c)
        );
        assert_eq!(ChecksumAlgorithm::from_name("MD5"), None);
    }

    fn request(body: &'static [u8]) -> HttpRequest {
        http::Request::builder()
            .method("POST")
            .uri("/")
            .body(Bytes::from_static(body))
            .unwrap()
    }

    #[test]
    fn request_headers() {
        let md5 = request_checksum(
            request(HELLO),
            &ChecksumSpec {
                required: true,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(md5.headers()["content-md5"], "XrY7u+Ae7tCTyyK7j1rNww==");

        let crc = request_checksum(
            request(HELLO),
            &ChecksumSpec {
                required: true,
                flexible: true,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(crc.headers()["x-amz-checksum-crc32"], "DUoRhQ==");

        let sha = request_checksum(
            request(HELLO),
            &ChecksumSpec {
                flexible: true,
                algorithm: Some("SHA256"),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            sha.headers()["x-amz-checksum-sha256"],
            "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="
        );

        let none = request_checksum(
            request(HELLO),
            &ChecksumSpec {
                flexible: true,
                ..Default::default()
            },
        )
        .unwrap();
        assert!(none.headers().is_empty());

        assert!(request_checksum(
            request(HELLO),
            &ChecksumSpec {
                flexible: true,
                algorithm: Some("MD4"),
                ..Default::default()
            },
        )
        .is_err());
    }

    #[test]
    fn refresh_follows_the_body() {
        let mut r = request_checksum(
            request(b"a"),
            &ChecksumSpec {
                required: true,
                ..Default::default()
            },
        )
        .unwrap();
        *r.body_mut() = Bytes::from_static(HELLO);
        refresh(&mut r);
        assert_eq!(r.headers()["content-md5"], "XrY7u+Ae7tCTyyK7j1rNww==");
    }

    #[test]
    fn response_validation() {
        let r = request_checksum(
            request(b""),
            &ChecksumSpec {
                flexible: true,
                validation_mode: Some("ENABLED"),
                response_algorithms: &["CRC32", "SHA256"],
                ..Default::default()
            },
        )
        .unwrap();
        let v = r.extensions().get::<ValidateResponseChecksum>().unwrap();
        assert_eq!(
            v.0,
            vec![ChecksumAlgorithm::Crc32, ChecksumAlgorithm::Sha256]
        );
        let response = |h: &str, value: &str| {
            http::Response::builder()
                .header(h, value)
                .body(Bytes::from_static(HELLO))
                .unwrap()
        };
        assert!(validate_response(&v.0, &response("x-amz-checksum-crc32", "DUoRhQ==")).is_ok());
        let err =
            validate_response(&v.0, &response("x-amz-checksum-crc32", "AAAAAA==")).unwrap_err();
        assert_eq!(err.path(), "header:x-amz-checksum-crc32");
        // Not among the response algorithms: not checked.
        assert!(validate_response(&v.0, &response("x-amz-checksum-crc32c", "AAAAAA==")).is_ok());
        assert!(validate_response(&v.0, &response("x-amz-checksum-crc32", "AAAAAA==-3")).is_ok());
    }
}
