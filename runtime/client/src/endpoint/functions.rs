//! The rules-engine standard library and the AWS functions, as plain Rust.
//!
//! Each function takes already-evaluated, non-empty arguments; `None` or
//! `Value::Null` results mean "no value", which makes a condition fail.

use std::net::{Ipv4Addr, Ipv6Addr};

use serde_json::{json, Value};

/// `substring(input, start, stop, reverse)`: the ASCII characters
/// `start..stop`, counted from the end when `reverse`; `None` if the input is
/// not ASCII or the range does not fit.
pub fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<String> {
    if !input.is_ascii() || start >= stop || stop > input.len() {
        return None;
    }
    let (from, to) = if reverse {
        (input.len() - stop, input.len() - start)
    } else {
        (start, stop)
    };
    Some(input[from..to].to_owned())
}

/// `uriEncode(value)`: RFC 3986 percent-encoding of everything but unreserved
/// characters (`A-Z a-z 0-9 - . _ ~`), with upper-case hex digits.
pub fn uri_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `parseURL(value)`: `{scheme, authority, path, normalizedPath, isIp}` for an
/// `http` or `https` URL without query or fragment; `None` otherwise.
///
/// `path` is the path exactly as written (possibly empty); `normalizedPath`
/// always starts and ends with `/`.
pub fn parse_url(value: &str) -> Option<Value> {
    let (scheme, rest) = value.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    if rest.contains(['?', '#']) || rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let is_ip = authority_is_ip(authority)?;
    let normalized_path = match path {
        "" => "/".to_owned(),
        p if p.ends_with('/') => p.to_owned(),
        p => format!("{p}/"),
    };
    Some(json!({
        "scheme": scheme,
        "authority": authority,
        "path": path,
        "normalizedPath": normalized_path,
        "isIp": is_ip,
    }))
}

/// Whether the `host[:port]` authority names an IP address; `None` if it is
/// malformed (empty host, user info, bad port or bracketed non-IPv6).
fn authority_is_ip(authority: &str) -> Option<bool> {
    if authority.contains('@') {
        return None;
    }
    let (host, port) = if let Some(bracketed) = authority.strip_prefix('[') {
        let (inner, after) = bracketed.split_once(']')?;
        inner.parse::<Ipv6Addr>().ok()?;
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':')?),
        };
        (None, port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (Some(host), Some(port)),
            None => (Some(authority), None),
        }
    };
    if let Some(port) = port {
        if port.is_empty()
            || !port.bytes().all(|b| b.is_ascii_digit())
            || port.parse::<u16>().is_err()
        {
            return None;
        }
    }
    match host {
        None => Some(true),
        Some("") => None,
        Some(host) => Some(host.parse::<Ipv4Addr>().is_ok()),
    }
}

/// `isValidHostLabel(value, allowSubDomains)`: one DNS label of 1 to 63
/// letters, digits and hyphens, not starting with a hyphen; with
/// `allow_sub_domains`, a dot-separated sequence of such labels.
pub fn is_valid_host_label(value: &str, allow_sub_domains: bool) -> bool {
    fn label(l: &str) -> bool {
        let bytes = l.as_bytes();
        (1..=63).contains(&bytes.len())
            && bytes[0].is_ascii_alphanumeric()
            && bytes
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
    }
    if allow_sub_domains {
        value.split('.').all(label)
    } else {
        label(value)
    }
}

/// `split(value, delimiter, limit)`: the parts of `value` between
/// `delimiter`s, at most `limit` of them (`0`: no limit); `None` for an empty
/// delimiter.
pub fn split(value: &str, delimiter: &str, limit: usize) -> Option<Vec<String>> {
    if delimiter.is_empty() {
        return None;
    }
    Some(match limit {
        0 => value.split(delimiter).map(str::to_owned).collect(),
        n => value.splitn(n, delimiter).map(str::to_owned).collect(),
    })
}

/// `aws.parseArn(value)`: `{partition, service, region, accountId,
/// resourceId}` of `arn:partition:service:region:account:resource`, with the
/// resource split on `:` and `/`; `None` if it is not such an ARN.
pub fn parse_arn(value: &str) -> Option<Value> {
    let mut parts = value.splitn(6, ':');
    let (arn, partition, service, region, account, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if arn != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    let resource_id: Vec<&str> = resource.split([':', '/']).collect();
    Some(json!({
        "partition": partition,
        "service": service,
        "region": region,
        "accountId": account,
        "resourceId": resource_id,
    }))
}

/// `aws.isVirtualHostableS3Bucket(value, allowSubDomains)`: whether an S3
/// bucket name can be a host name: 3 to 63 lower-case letters, digits and
/// hyphens (and, with `allow_sub_domains`, dots between labels), starting
/// and ending with a letter or digit, and not shaped like an IPv4 address.
pub fn is_virtual_hostable_s3_bucket(value: &str, allow_sub_domains: bool) -> bool {
    let bytes = value.as_bytes();
    let allowed = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-' || *b == b'.';
    if !(3..=63).contains(&bytes.len()) || !bytes.iter().all(allowed) {
        return false;
    }
    let edge_ok = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !edge_ok(bytes[0]) || !edge_ok(bytes[bytes.len() - 1]) {
        return false;
    }
    if !value.contains('.') {
        return true;
    }
    allow_sub_domains
        && value.parse::<Ipv4Addr>().is_err()
        && value
            .split('.')
            .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
}
