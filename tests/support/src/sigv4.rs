//! An independent SigV4 checker for the test servers: rebuilds the
//! canonical request and string to sign from what arrived on the wire and
//! recomputes the signature from the secret key with `hmac` + `sha2`.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::server::Captured;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// RFC 3986 encoding of everything but unreserved characters (and `/` when
/// `keep_slash`).
fn encode(value: &[u8], keep_slash: bool) -> String {
    let mut out = String::new();
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
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let digits = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz");
            if let Ok(b) = u8::from_str_radix(digits, 16) {
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

/// The parts of an `Authorization` header.
struct Authorization {
    access_key: String,
    scope: String,
    date: String,
    region: String,
    service: String,
    signed_headers: String,
    signature: String,
}

fn parse_authorization(value: &str) -> Result<Authorization, String> {
    let rest = value
        .strip_prefix("AWS4-HMAC-SHA256 ")
        .ok_or("not AWS4-HMAC-SHA256")?;
    let mut credential = None;
    let mut signed_headers = None;
    let mut signature = None;
    for part in rest.split(',') {
        let (k, v) = part
            .trim()
            .split_once('=')
            .ok_or("malformed authorization part")?;
        match k {
            "Credential" => credential = Some(v.to_owned()),
            "SignedHeaders" => signed_headers = Some(v.to_owned()),
            "Signature" => signature = Some(v.to_owned()),
            _ => return Err(format!("unexpected authorization part {k}")),
        }
    }
    let credential = credential.ok_or("no Credential")?;
    let (access_key, scope) = credential.split_once('/').ok_or("malformed Credential")?;
    let parts: Vec<&str> = scope.split('/').collect();
    if parts.len() != 4 || parts[3] != "aws4_request" {
        return Err(format!("malformed credential scope {scope}"));
    }
    Ok(Authorization {
        access_key: access_key.to_owned(),
        scope: scope.to_owned(),
        date: parts[0].to_owned(),
        region: parts[1].to_owned(),
        service: parts[2].to_owned(),
        signed_headers: signed_headers.ok_or("no SignedHeaders")?,
        signature: signature.ok_or("no Signature")?,
    })
}

/// What the server expects the client to have signed with.
pub struct Expected<'a> {
    pub access_key: &'a str,
    pub secret: &'a str,
    pub region: &'a str,
    pub service: &'a str,
}

/// Checks the request's signature; returns the signed header names.
pub fn verify(request: &Captured, expected: &Expected<'_>) -> Result<Vec<String>, String> {
    let header = |name: &str| -> Option<String> {
        request
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let auth = parse_authorization(&header("authorization").ok_or("no authorization header")?)?;
    if auth.access_key != expected.access_key {
        return Err(format!("signed with access key {}", auth.access_key));
    }
    if auth.region != expected.region || auth.service != expected.service {
        return Err(format!("scope {}", auth.scope));
    }
    let amz_date = header("x-amz-date").ok_or("no x-amz-date")?;
    if !amz_date.starts_with(&auth.date) || amz_date.len() != 16 {
        return Err(format!(
            "x-amz-date {amz_date} does not match scope date {}",
            auth.date
        ));
    }

    let (path, query) = request.uri.split_once('?').unwrap_or((&request.uri, ""));
    if path.split('/').any(|s| s == "." || s == "..") {
        return Err("path has dot segments".into());
    }
    // Every service but S3 signs the path encoded once more.
    let canonical_uri = encode(path.as_bytes(), true);
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (encode(&decode(k), false), encode(&decode(v), false))
        })
        .collect();
    pairs.sort();
    let canonical_query = pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");

    let names: Vec<String> = auth.signed_headers.split(';').map(str::to_owned).collect();
    let mut sorted = names.clone();
    sorted.sort();
    if sorted != names {
        return Err("SignedHeaders not sorted".into());
    }
    let mut canonical_headers = String::new();
    for name in &names {
        let values: Vec<String> = request
            .headers
            .get_all(name.as_str())
            .iter()
            .map(|v| {
                v.to_str()
                    .unwrap_or("")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        if values.is_empty() {
            return Err(format!("signed header {name} is missing"));
        }
        canonical_headers.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    let canonical_request = format!(
        "{}\n{canonical_uri}\n{canonical_query}\n{canonical_headers}\n{}\n{}",
        request.method,
        auth.signed_headers,
        sha256_hex(&request.body)
    );
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{}\n{}",
        auth.scope,
        sha256_hex(canonical_request.as_bytes())
    );
    let mut key = hmac(format!("AWS4{}", expected.secret).as_bytes(), &auth.date);
    for part in [auth.region.as_str(), auth.service.as_str(), "aws4_request"] {
        key = hmac(&key, part);
    }
    let signature = hex(&hmac(&key, &string_to_sign));
    if signature != auth.signature {
        return Err(format!(
            "signature mismatch; canonical request was:\n{canonical_request}"
        ));
    }
    Ok(names)
}

/// The example access key AWS documents (and the AWS CLI reference used).
pub const EXAMPLE_ACCESS_KEY: &str = "AKIDEXAMPLE";
/// The example secret key AWS documents.
pub const EXAMPLE_SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
/// What a Chime client in us-east-1 signs with the example keys.
pub const EXAMPLE_CHIME: Expected<'static> = Expected {
    access_key: EXAMPLE_ACCESS_KEY,
    secret: EXAMPLE_SECRET,
    region: "us-east-1",
    service: "chime",
};
