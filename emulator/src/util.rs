//! Ids, tokens and clocks.

use std::time::{SystemTime, UNIX_EPOCH};

use smithy_rt::datetime::DateTime;

/// Milliseconds since the epoch, now.
pub fn now_millis() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(_) => 0,
    }
}

/// A timestamp of the generated types from stored milliseconds.
pub fn ts(millis: i64) -> DateTime {
    DateTime::from_millis(millis)
}

/// A random UUID v4 in lower-case hex, like Chime's ids.
pub fn new_id() -> String {
    let mut bytes = fastrand::u128(..).to_be_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// `n` random decimal digits.
pub fn digits(n: usize) -> String {
    (0..n).map(|_| fastrand::char('0'..='9')).collect()
}

/// A random security token (base64url alphabet, 43 characters = 256 bits).
pub fn secret_token() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    (0..43)
        .map(|_| ALPHABET[fastrand::usize(..ALPHABET.len())] as char)
        .collect()
}
