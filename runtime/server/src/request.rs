//! Reading the parts of a request that bindings refer to: the query string,
//! headers, content type and accepted media types.

use smithy_rt::error::DeserializeError;

use crate::router::percent_decode;

/// Splits a raw query string into decoded `(key, value)` pairs, in order.
/// A key without `=` has the empty value; undecodable pairs are kept raw.
pub fn parse_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|s| !s.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (
                percent_decode(k).unwrap_or_else(|_| k.to_owned()),
                percent_decode(v).unwrap_or_else(|_| v.to_owned()),
            )
        })
        .collect()
}

/// The decoded query string of a request, for `@httpQuery` and
/// `@httpQueryParams` members.
#[derive(Clone, Debug, Default)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Parses the query of `uri`. Fails on percent-encoding that is not UTF-8.
    pub fn from_uri(uri: &http::Uri) -> Result<Self, DeserializeError> {
        let raw = uri.query().unwrap_or("");
        let mut pairs = Vec::new();
        for kv in raw.split('&').filter(|s| !s.is_empty()) {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            let decode = |s: &str| {
                percent_decode(s).map_err(|_| {
                    DeserializeError::new(
                        format!("query:{k}"),
                        "the query string is not valid percent-encoded UTF-8",
                    )
                })
            };
            pairs.push((decode(k)?, decode(v)?));
        }
        Ok(Self { pairs })
    }

    /// The first value of `key`.
    pub fn first(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `key`, in order.
    pub fn all<'q>(&'q self, key: &'q str) -> impl Iterator<Item = &'q str> + 'q {
        self.pairs
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every pair whose key is not in `bound` (for `@httpQueryParams`).
    pub fn unbound<'q>(
        &'q self,
        bound: &'q [&'q str],
    ) -> impl Iterator<Item = (&'q str, &'q str)> + 'q {
        self.pairs
            .iter()
            .filter(move |(k, _)| !bound.contains(&k.as_str()))
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// Parses a query value or label as `T`, naming `what` on failure.
pub fn parse_text<T: std::str::FromStr>(text: &str, what: &str) -> Result<T, DeserializeError> {
    text.parse().map_err(|_| {
        DeserializeError::new(what.to_owned(), format!("{text:?} is not a valid value"))
    })
}

/// Parses a boolean query value or label (`true` or `false` only).
pub fn parse_bool(text: &str, what: &str) -> Result<bool, DeserializeError> {
    match text {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(DeserializeError::new(
            what.to_owned(),
            format!("{text:?} is not a boolean"),
        )),
    }
}

/// Parses a float query value or label, with `NaN`, `Infinity` and
/// `-Infinity` as restJson1 spells them.
pub fn parse_float(text: &str, what: &str) -> Result<f64, DeserializeError> {
    match text {
        "NaN" => Ok(f64::NAN),
        "Infinity" => Ok(f64::INFINITY),
        "-Infinity" => Ok(f64::NEG_INFINITY),
        _ if text
            .bytes()
            .any(|b| b.is_ascii_alphabetic() && b != b'e' && b != b'E') =>
        {
            Err(DeserializeError::new(
                what.to_owned(),
                format!("{text:?} is not a number"),
            ))
        }
        _ => parse_text(text, what),
    }
}

/// [`parse_float`] for a `float` member.
pub fn parse_float32(text: &str, what: &str) -> Result<f32, DeserializeError> {
    parse_float(text, what).map(|v| v as f32)
}

/// The media type of a `Content-Type` header value, without parameters,
/// trimmed (compared ignoring ASCII case).
fn media_type(value: &str) -> &str {
    value.split(';').next().unwrap_or("").trim()
}

/// Checks the request's `Content-Type` against the one the operation's
/// input carries (`None` when the input has no body).
pub fn check_content_type(
    headers: &http::HeaderMap,
    body_len: usize,
    expected: Option<&str>,
) -> Result<(), crate::Rejection> {
    let found = headers
        .get(http::header::CONTENT_TYPE)
        .map(|v| v.to_str().map(media_type));
    match (expected, found) {
        (_, Some(Err(_))) => Err(crate::Rejection::UnsupportedMediaType),
        // No body expected: a content type is fine only with an empty body.
        (None, None) => Ok(()),
        (None, Some(Ok(_))) if body_len == 0 => Ok(()),
        (None, Some(Ok(_))) => Err(crate::Rejection::UnsupportedMediaType),
        // A body is expected: an absent content type is fine when the
        // body is empty too (all members unset).
        (Some(_), None) if body_len == 0 => Ok(()),
        (Some(_), None) => Err(crate::Rejection::UnsupportedMediaType),
        (Some(e), Some(Ok(found))) => {
            if found.eq_ignore_ascii_case(media_type(e)) {
                Ok(())
            } else {
                Err(crate::Rejection::UnsupportedMediaType)
            }
        }
    }
}

/// Checks the request's `Accept` header against the content type the
/// operation answers with (`None`: no body, anything is acceptable).
pub fn check_accept(
    headers: &http::HeaderMap,
    produced: Option<&str>,
) -> Result<(), crate::Rejection> {
    let Some(produced) = produced else {
        return Ok(());
    };
    let produced = media_type(produced);
    let (kind, _) = produced.split_once('/').unwrap_or((produced, ""));
    let mut any = false;
    for value in headers.get_all(http::header::ACCEPT) {
        let Ok(text) = value.to_str() else {
            return Err(crate::Rejection::NotAcceptable);
        };
        for item in text.split(',') {
            any = true;
            let m = media_type(item);
            if m == "*/*" || m.eq_ignore_ascii_case(produced) || is_wildcard_of(m, kind) {
                return Ok(());
            }
        }
    }
    if any {
        Err(crate::Rejection::NotAcceptable)
    } else {
        Ok(())
    }
}

/// True if the media range `m` is `kind/*` (ignoring ASCII case).
fn is_wildcard_of(m: &str, kind: &str) -> bool {
    let m = m.as_bytes();
    m.len() == kind.len() + 2
        && m[..kind.len()].eq_ignore_ascii_case(kind.as_bytes())
        && m.ends_with(b"/*")
}

/// True if a JSON body is empty or an empty object (`{}`): a structure
/// payload that is absent.
pub fn is_empty_document(body: &[u8]) -> bool {
    let mut t = body.iter().filter(|b| !b.is_ascii_whitespace());
    matches!(
        (t.next(), t.next(), t.next()),
        (None, _, _) | (Some(b'{'), Some(b'}'), None)
    )
}

/// Checks that a date-time in a label or query string has no UTC offset
/// (RFC 3339 with `Z` only, as restJson1 requires).
pub fn check_date_time(text: &str, what: &str) -> Result<(), DeserializeError> {
    if text.ends_with('Z') || text.ends_with('z') {
        Ok(())
    } else {
        Err(DeserializeError::new(
            what.to_owned(),
            format!("{text:?} is not a UTC date-time"),
        ))
    }
}
