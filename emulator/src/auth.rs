//! Verification of AWS Signature Version 4 on incoming requests.
//!
//! The emulator accepts a request only if its `Authorization` header was computed, with one of
//! the configured secret keys, over exactly what arrived: method, path, query, the signed headers
//! and the body. A wrong signature, an unknown access key, a request dated more than 15 minutes
//! away from now, or a body that does not match `x-amz-content-sha256` is refused with an
//! [`AuthError`], which the server answers as 403 `ForbiddenException` without touching state.
//!
//! Secrets are never printed: [`Keys`] shows only the access key ids in `Debug`.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// How far a request's `x-amz-date` may be from now, either way (AWS: 15 minutes).
pub const MAX_SKEW: Duration = Duration::from_secs(15 * 60);

/// The service name requests must be signed for.
pub const SIGNING_NAME: &str = "chime";

/// A secret access key; never shown.
#[derive(Clone, PartialEq, Eq)]
struct Secret(String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("** redacted **")
    }
}

/// The access keys the emulator accepts: access key id → secret access key.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Keys {
    keys: BTreeMap<String, Secret>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keys")
            .field("access_key_ids", &self.keys.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// A credentials file that cannot be read.
#[derive(Debug)]
pub struct KeysError(pub String);

impl std::fmt::Display for KeysError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KeysError {}

impl Keys {
    /// No keys: every signed request is refused.
    pub fn new() -> Keys {
        Keys::default()
    }

    /// Adds (or replaces) a key.
    pub fn insert(&mut self, access_key_id: impl Into<String>, secret: impl Into<String>) {
        self.keys
            .insert(access_key_id.into(), Secret(secret.into()));
    }

    /// Adds every key of `other` (replacing keys with the same id).
    pub fn extend(&mut self, other: Keys) {
        self.keys.extend(other.keys);
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there are no keys.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The access key ids, sorted.
    pub fn access_key_ids(&self) -> impl Iterator<Item = &str> {
        self.keys.keys().map(String::as_str)
    }

    /// The key in `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`, if both are set.
    pub fn from_env() -> Keys {
        let mut keys = Keys::new();
        if let (Ok(id), Ok(secret)) = (
            std::env::var("AWS_ACCESS_KEY_ID"),
            std::env::var("AWS_SECRET_ACCESS_KEY"),
        ) {
            if !id.is_empty() && !secret.is_empty() {
                keys.insert(id, secret);
            }
        }
        keys
    }

    /// Every key of an AWS-format credentials file (`[profile]` sections with
    /// `aws_access_key_id` and `aws_secret_access_key`); a section missing either is an error.
    pub fn from_credentials_text(text: &str) -> Result<Keys, KeysError> {
        let mut keys = Keys::new();
        let mut section: Option<String> = None;
        let mut id: Option<String> = None;
        let mut secret: Option<String> = None;
        let mut finish = |section: &Option<String>,
                          id: &mut Option<String>,
                          secret: &mut Option<String>|
         -> Result<(), KeysError> {
            match (id.take(), secret.take()) {
                (Some(i), Some(s)) => {
                    keys.insert(i, s);
                    Ok(())
                }
                (None, None) => Ok(()),
                _ => Err(KeysError(format!(
                    "profile [{}] needs both aws_access_key_id and aws_secret_access_key",
                    section.as_deref().unwrap_or("")
                ))),
            }
        };
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                finish(&section, &mut id, &mut secret)?;
                section = Some(name.trim().to_owned());
                continue;
            }
            let Some((k, v)) = line.split_once('=') else {
                continue;
            };
            match k.trim().to_ascii_lowercase().as_str() {
                "aws_access_key_id" => id = Some(v.trim().to_owned()),
                "aws_secret_access_key" => secret = Some(v.trim().to_owned()),
                _ => {}
            }
        }
        finish(&section, &mut id, &mut secret)?;
        Ok(keys)
    }

    /// Reads an AWS-format credentials file.
    pub fn from_credentials_file(path: &Path) -> Result<Keys, KeysError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| KeysError(format!("cannot read {}: {e}", path.display())))?;
        Keys::from_credentials_text(&text)
            .map_err(|e| KeysError(format!("{}: {}", path.display(), e.0)))
    }

    fn secret(&self, access_key_id: &str) -> Option<&Secret> {
        self.keys.get(access_key_id)
    }
}

/// Why a request's signature was refused. Its `Display` is the message to send back; it never
/// contains a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthError {
    /// No `Authorization` header.
    Missing,
    /// The `Authorization` header or the date cannot be read.
    Malformed(String),
    /// The access key id is not one of the configured keys.
    UnknownKey(String),
    /// The request is dated more than 15 minutes away from now.
    Expired {
        /// The request's `x-amz-date`.
        request_date: String,
    },
    /// The body does not match `x-amz-content-sha256`.
    BodyMismatch,
    /// The signature is not the one computed from the request and the secret key.
    SignatureMismatch,
}

impl std::fmt::Display for AuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AuthError::Missing => f.write_str("Missing Authentication Token"),
            AuthError::Malformed(why) => write!(f, "Malformed authorization: {why}"),
            AuthError::UnknownKey(_) => {
                f.write_str("The security token included in the request is invalid.")
            }
            AuthError::Expired { request_date } => write!(
                f,
                "Signature expired: {request_date} is more than 15 minutes away from the server's time."
            ),
            AuthError::BodyMismatch => f.write_str(
                "The provided 'x-amz-content-sha256' header does not match what was computed.",
            ),
            AuthError::SignatureMismatch => f.write_str(
                "The request signature we calculated does not match the signature you provided. \
                 Check your AWS Secret Access Key and signing method.",
            ),
        }
    }
}

impl std::error::Error for AuthError {}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

fn hmac(key: &[u8], data: &[u8]) -> Result<Vec<u8>, AuthError> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .map_err(|_| AuthError::Malformed("bad key".to_owned()))?;
    mac.update(data);
    Ok(mac.finalize().into_bytes().to_vec())
}

/// RFC 3986 encoding of every byte but the unreserved ones (and `/` when `keep_slash`).
fn encode(value: &[u8], keep_slash: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for &b in value {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) || (keep_slash && b == b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn decode(value: &str) -> Vec<u8> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let pair = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = pair.and_then(|p| u8::from_str_radix(p, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// The parts of the `Authorization` header.
struct Authorization<'a> {
    access_key_id: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

fn parse_authorization(value: &str) -> Result<Authorization<'_>, AuthError> {
    let malformed = |why: &str| AuthError::Malformed(why.to_owned());
    let rest = value
        .strip_prefix("AWS4-HMAC-SHA256 ")
        .ok_or_else(|| malformed("only AWS4-HMAC-SHA256 is supported"))?;
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let (k, v) = part
            .trim()
            .split_once('=')
            .ok_or_else(|| malformed("expected key=value parts"))?;
        match k {
            "Credential" => credential = Some(v),
            "SignedHeaders" => signed = Some(v),
            "Signature" => signature = Some(v),
            _ => {}
        }
    }
    let credential = credential.ok_or_else(|| malformed("no Credential"))?;
    let mut scope = credential.split('/');
    let (Some(access_key_id), Some(date), Some(region), Some(service), Some("aws4_request"), None) = (
        scope.next(),
        scope.next(),
        scope.next(),
        scope.next(),
        scope.next(),
        scope.next(),
    ) else {
        return Err(malformed(
            "Credential must be <key>/<date>/<region>/<service>/aws4_request",
        ));
    };
    let signed_headers: Vec<&str> = signed
        .ok_or_else(|| malformed("no SignedHeaders"))?
        .split(';')
        .collect();
    Ok(Authorization {
        access_key_id,
        date,
        region,
        service,
        signed_headers,
        signature: signature.ok_or_else(|| malformed("no Signature"))?,
    })
}

/// Seconds since the epoch of an ISO 8601 basic timestamp `YYYYMMDDTHHMMSSZ`.
fn parse_amz_date(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = text.get(r)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    let (y, m, d) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (hh, mm, ss) = (num(9..11)?, num(11..13)?, num(13..15)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss)
}

/// Removes `.` and `..` segments of a path, keeping a trailing slash.
fn normalize_path(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    let mut p = format!("/{}", out.join("/"));
    if path.ends_with('/') && p.len() > 1 {
        p.push('/');
    }
    p
}

fn canonical_query(query: Option<&str>) -> String {
    let mut pairs: Vec<(String, String)> = query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (encode(&decode(k), false), encode(&decode(v), false))
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

fn header_values(parts: &http::request::Parts, name: &str) -> Option<String> {
    let values: Vec<String> = parts
        .headers
        .get_all(name)
        .iter()
        .map(|v| {
            String::from_utf8_lossy(v.as_bytes())
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    if values.is_empty() {
        if name == "host" {
            return parts.uri.authority().map(|a| a.as_str().to_owned());
        }
        return None;
    }
    Some(values.join(","))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Verifies the SigV4 signature of a request whose head is `parts` and body `body`, against
/// `keys`, at time `now`.
pub fn verify(
    parts: &http::request::Parts,
    body: &[u8],
    keys: &Keys,
    now: SystemTime,
) -> Result<(), AuthError> {
    let header = parts
        .headers
        .get(http::header::AUTHORIZATION)
        .ok_or(AuthError::Missing)?;
    let header = header
        .to_str()
        .map_err(|_| AuthError::Malformed("the Authorization header is not ASCII".to_owned()))?;
    let auth = parse_authorization(header)?;
    let secret = keys
        .secret(auth.access_key_id)
        .ok_or_else(|| AuthError::UnknownKey(auth.access_key_id.to_owned()))?;
    if auth.service != SIGNING_NAME {
        return Err(AuthError::Malformed(format!(
            "the credential scope names service {:?}, not {SIGNING_NAME:?}",
            auth.service
        )));
    }
    let amz_date = header_values(parts, "x-amz-date")
        .ok_or_else(|| AuthError::Malformed("no x-amz-date header".to_owned()))?;
    let request_secs = parse_amz_date(&amz_date)
        .ok_or_else(|| AuthError::Malformed("x-amz-date is not YYYYMMDDTHHMMSSZ".to_owned()))?;
    if !amz_date.starts_with(auth.date) || auth.date.len() != 8 {
        return Err(AuthError::Malformed(
            "the credential scope's date is not the date of x-amz-date".to_owned(),
        ));
    }
    let now_secs = match now.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(_) => 0,
    };
    if request_secs.abs_diff(now_secs) > MAX_SKEW.as_secs() {
        return Err(AuthError::Expired {
            request_date: amz_date,
        });
    }
    if !auth.signed_headers.contains(&"host") || !auth.signed_headers.contains(&"x-amz-date") {
        return Err(AuthError::Malformed(
            "SignedHeaders must include host and x-amz-date".to_owned(),
        ));
    }
    let body_hash = sha256_hex(body);
    let payload_hash = match header_values(parts, "x-amz-content-sha256") {
        Some(claimed) if claimed != body_hash => return Err(AuthError::BodyMismatch),
        _ => body_hash,
    };
    let mut canonical_headers = String::new();
    for name in &auth.signed_headers {
        let value = header_values(parts, name)
            .ok_or_else(|| AuthError::Malformed(format!("the signed header {name} is missing")))?;
        canonical_headers.push_str(&format!("{name}:{value}\n"));
    }
    let query = canonical_query(parts.uri.query());
    let raw_path = if parts.uri.path().is_empty() {
        "/"
    } else {
        parts.uri.path()
    };
    let scope = format!(
        "{}/{}/{}/aws4_request",
        auth.date, auth.region, auth.service
    );
    let mut key = hmac(format!("AWS4{}", secret.0).as_bytes(), auth.date.as_bytes())?;
    for part in [auth.region, auth.service, "aws4_request"] {
        key = hmac(&key, part.as_bytes())?;
    }
    // AWS SDKs sign the path encoded once more (every service but S3); some signers sign it as
    // sent. Either is a signature over the same request.
    let double = encode(normalize_path(raw_path).as_bytes(), true);
    for path in [double.as_str(), raw_path] {
        let canonical_request = format!(
            "{}\n{}\n{}\n{}\n{}\n{}",
            parts.method.as_str(),
            path,
            query,
            canonical_headers,
            auth.signed_headers.join(";"),
            payload_hash
        );
        let string_to_sign = format!(
            "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
            sha256_hex(canonical_request.as_bytes())
        );
        let expected = hex(&hmac(&key, string_to_sign.as_bytes())?);
        if constant_time_eq(expected.as_bytes(), auth.signature.as_bytes()) {
            return Ok(());
        }
    }
    Err(AuthError::SignatureMismatch)
}
