//! Opaque pagination tokens: keyset pagination on each table's insertion sequence.
//!
//! A token names the list it belongs to and the last sequence number returned, so the next page
//! starts right after it whatever was inserted or deleted meanwhile: nothing is skipped or
//! repeated. Tokens are hex so they need no escaping in a query string.

use super::Fail;

/// Encodes the position after `last` in the list `kind`.
pub fn encode(kind: &str, last: &str) -> String {
    let text = format!("v1:{kind}:{last}");
    text.bytes().map(|b| format!("{b:02x}")).collect()
}

/// Decodes a token of the list `kind`; any other input is a `BadRequest`.
pub fn decode(kind: &str, token: &str) -> Result<String, Fail> {
    let bad = || Fail::BadRequest("The NextToken is not valid for this request.".to_owned());
    if !token.len().is_multiple_of(2) || token.len() > 2048 {
        return Err(bad());
    }
    let mut bytes = Vec::with_capacity(token.len() / 2);
    for i in (0..token.len()).step_by(2) {
        let pair = token.get(i..i + 2).ok_or_else(bad)?;
        bytes.push(u8::from_str_radix(pair, 16).map_err(|_| bad())?);
    }
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    let rest = text
        .strip_prefix("v1:")
        .and_then(|t| t.strip_prefix(kind))
        .and_then(|t| t.strip_prefix(':'))
        .ok_or_else(bad)?;
    Ok(rest.to_owned())
}

/// Decodes a token whose position is a sequence number.
pub fn decode_seq(kind: &str, token: Option<&str>) -> Result<i64, Fail> {
    match token {
        None => Ok(0),
        Some(t) => decode(kind, t)?.parse::<i64>().map_err(|_| {
            Fail::BadRequest("The NextToken is not valid for this request.".to_owned())
        }),
    }
}

/// The page size: `requested` (already within the model's range) or `default`, capped at `max`.
pub fn page_size(requested: Option<i32>, default: i64, max: i64) -> i64 {
    match requested {
        Some(n) if n >= 1 => i64::from(n).min(max),
        _ => default,
    }
}
