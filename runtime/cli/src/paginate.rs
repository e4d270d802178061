//! Pagination as the AWS CLI v1 does it for operations with `@paginated`
//! (botocore's `PageIterator`): `--starting-token`, `--page-size`,
//! `--max-items` and `--no-paginate`, the page loop, the items merged across
//! pages and the CLI's own resume token.
//!
//! The resume token is botocore's: the base64 of Python's `json.dumps` of
//! `{"NextToken": <the service's token or null>}`, with
//! `"boto_truncate_amount": N` appended when `--max-items` stopped in the
//! middle of a page (`N` items of that page were shown; the next run asks
//! for the same page again and skips them). A token that is not such a
//! document is taken as the service's own token, as botocore's fallback
//! does (`TOKEN___N` also carries a truncation amount).

use std::future::Future;

use serde_json::{Map, Value};

use crate::app::Failure;
use crate::spec::{Operation, Paginated};

/// The pagination options of the command line, as given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `--starting-token`.
    pub starting_token: Option<String>,
    /// `--page-size`.
    pub page_size: Option<String>,
    /// `--max-items`.
    pub max_items: Option<String>,
}

impl Options {
    /// True when none was given.
    pub fn is_empty(&self) -> bool {
        self == &Options::default()
    }
}

/// The checked pagination settings of one run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The operation's pagination facts.
    pub paginated: Paginated,
    /// The decoded `--starting-token`: the service's token and how many
    /// items of the first page to skip.
    pub start: Option<(Option<String>, i64)>,
    /// `--page-size`.
    pub page_size: Option<i64>,
    /// `--max-items`.
    pub max_items: Option<i64>,
}

/// Python's `int()` of an option value, or argparse's usage error.
fn python_int(option: &str, text: &str) -> Result<i64, Failure> {
    let t = text.trim();
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    let valid = !digits.is_empty()
        && !digits.starts_with('_')
        && !digits.ends_with('_')
        && !digits.contains("__")
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    let parsed = valid
        .then(|| t.replace('_', "").parse::<i64>().ok())
        .flatten();
    parsed.ok_or_else(|| Failure::Usage(format!("argument {option}: invalid int value: '{text}'")))
}

/// Decides whether the command pages for the user and with what settings.
///
/// As in the AWS CLI v1: no paging for an operation without pagination, with
/// `--no-paginate`, or when the service's own token or limit option
/// (`--next-token`, `--max-results`) is given on the command line; the
/// paging options are then an error. `warn` receives the warning about a
/// non-positive `--max-items`.
pub fn settings(
    op: &Operation,
    options: &Options,
    no_paginate: bool,
    given: &[(&'static str, Vec<String>)],
    warn: &mut dyn FnMut(&str),
) -> Result<Option<Settings>, Failure> {
    let Some(p) = op.paginated else {
        return Ok(None);
    };
    let page_size = match (&options.page_size, p.page_size) {
        (Some(v), Some(_)) => Some(python_int("--page-size", v)?),
        _ => None,
    };
    let max_items = match &options.max_items {
        Some(v) => Some(python_int("--max-items", v)?),
        None => None,
    };
    if max_items.is_some_and(|m| m <= 0) {
        warn("warning: Non-positive values for --max-items may result in undefined behavior.\n");
    }
    let manual = given
        .iter()
        .any(|(name, _)| *name == p.input_token || Some(*name) == p.page_size);
    if no_paginate || manual {
        // Python truthiness: 0 and "" count as not given.
        let mut used = Vec::new();
        if options
            .starting_token
            .as_deref()
            .is_some_and(|t| !t.is_empty())
        {
            used.push("--starting-token");
        }
        if page_size.is_some_and(|n| n != 0) {
            used.push("--page-size");
        }
        if max_items.is_some_and(|n| n != 0) {
            used.push("--max-items");
        }
        if !used.is_empty() {
            return Err(Failure::Other(format!(
                "Cannot specify --no-paginate along with pagination arguments: {}",
                used.join(", ")
            )));
        }
        return Ok(None);
    }
    let start = match &options.starting_token {
        Some(t) => Some(decode_token(t, p.input_token)?),
        None => None,
    };
    Ok(Some(Settings {
        paginated: p,
        start,
        page_size,
        max_items,
    }))
}

/// The value at a `.`-separated member path.
pub fn get_path<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(value, |v, key| v.as_object()?.get(key))
        .filter(|v| !v.is_null())
}

/// Sets the value at a `.`-separated member path, creating objects on the
/// way (botocore's `set_value_from_jmespath`).
pub fn set_path(value: &mut Value, path: &str, new: Value) {
    let mut current = value;
    let mut keys = path.split('.').peekable();
    while let Some(key) = keys.next() {
        if !current.is_object() {
            *current = Value::Object(Map::new());
        }
        let obj = current.as_object_mut().expect("an object");
        if keys.peek().is_none() {
            obj.insert(key.to_owned(), new);
            return;
        }
        current = obj
            .entry(key.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

/// Python's `seq[start:]` and `seq[:end]` index for a possibly negative
/// bound.
fn python_index(bound: i64, len: usize) -> usize {
    if bound < 0 {
        len.saturating_sub(bound.unsigned_abs() as usize)
    } else {
        (bound as usize).min(len)
    }
}

/// Runs the page loop: `call` sends one request with the given input
/// document; `on_page` receives each page (items already cut to what is
/// shown) as it arrives. Returns the resume token to print, if any.
pub async fn pages<C, F>(
    s: &Settings,
    mut input: Value,
    mut call: C,
    on_page: &mut dyn FnMut(Value),
) -> Result<Option<String>, Failure>
where
    C: FnMut(Value) -> F,
    F: Future<Output = Result<Value, Failure>>,
{
    let p = &s.paginated;
    // The token of the request being made (`None`: the first page).
    let mut token: Option<String> = None;
    let mut skip = 0i64;
    if let Some((start, amount)) = &s.start {
        token = start.clone();
        skip = *amount;
    }
    prepare(s, &mut input);
    let mut total = 0i64;
    let mut first = true;
    let mut previous: Option<String> = None;
    loop {
        let mut page = call(input.clone()).await?;
        let mut starting_truncation = 0;
        if first {
            if s.start.is_some() {
                starting_truncation = skip;
                let data = match get_path(&page, p.items) {
                    Some(Value::Array(items)) => {
                        let from = python_index(skip, items.len());
                        Value::Array(items[from..].to_vec())
                    }
                    _ => Value::Null,
                };
                set_path(&mut page, p.items, data);
            }
            first = false;
        }
        let count = match get_path(&page, p.items) {
            Some(Value::Array(items)) => items.len() as i64,
            _ => 0,
        };
        let truncate = s.max_items.map_or(0, |m| total + count - m);
        if truncate > 0 {
            let keep = count - truncate;
            if let Some(Value::Array(items)) = get_path(&page, p.items) {
                let to = python_index(keep, items.len());
                let kept = Value::Array(items[..to].to_vec());
                set_path(&mut page, p.items, kept);
            }
            on_page(page);
            return Ok(Some(encode_token(
                p.input_token,
                token.as_deref(),
                Some(keep + starting_truncation),
            )));
        }
        on_page(page.clone());
        total += count;
        let next = match get_path(&page, p.output_token) {
            Some(Value::String(t)) if !t.is_empty() => Some(t.clone()),
            _ => None,
        };
        let Some(next) = next else {
            return Ok(None);
        };
        if s.max_items == Some(total) {
            return Ok(Some(encode_token(p.input_token, Some(&next), None)));
        }
        if previous.as_deref() == Some(next.as_str()) {
            return Err(Failure::Other(format!(
                "Error during pagination: The same next token was received twice: {{'{}': '{}'}}",
                p.input_token, next
            )));
        }
        inject(&mut input, p.input_token, Some(&next));
        token = Some(next.clone());
        previous = Some(next);
    }
}

/// The input of the first request: the starting token's service token and
/// the page size set.
pub fn prepare(s: &Settings, input: &mut Value) {
    let p = &s.paginated;
    if let Some((start, _)) = &s.start {
        inject(input, p.input_token, start.as_deref());
    }
    if let (Some(size), Some(limit)) = (s.page_size, p.page_size) {
        set_path(input, limit, Value::from(size));
    }
}

/// botocore's `_inject_token_into_kwargs`: a token (other than `None` and
/// the text `None`) is set, otherwise the member is removed.
fn inject(input: &mut Value, member: &str, token: Option<&str>) {
    let Some(obj) = input.as_object_mut() else {
        return;
    };
    match token {
        Some(t) if t != "None" => {
            obj.insert(member.to_owned(), Value::String(t.to_owned()));
        }
        _ => {
            obj.remove(member);
        }
    }
}

/// The items of every page merged into one document (botocore's
/// `build_full_result`), with the resume token as `NextToken`.
pub fn merge(items_path: &str, pages: &[Value], resume: Option<&str>) -> Value {
    let mut complete = Value::Object(Map::new());
    for page in pages {
        let Some(value) = get_path(page, items_path) else {
            continue;
        };
        match (get_path(&complete, items_path).cloned(), value) {
            (None, v) => set_path(&mut complete, items_path, v.clone()),
            (Some(Value::Array(mut existing)), Value::Array(more)) => {
                existing.extend(more.iter().cloned());
                set_path(&mut complete, items_path, Value::Array(existing));
            }
            _ => {}
        }
    }
    if let (Some(token), Some(obj)) = (resume, complete.as_object_mut()) {
        obj.insert("NextToken".to_owned(), Value::String(token.to_owned()));
    }
    complete
}

/// What the `text` output prints for page `index`: the page's items alone
/// under their path (botocore's text formatter prints page by page).
pub fn text_page(items_path: &str, page: &Value) -> Value {
    let mut current = Value::Object(Map::new());
    set_path(
        &mut current,
        items_path,
        get_path(page, items_path).cloned().unwrap_or(Value::Null),
    );
    current
}

/// What the `text` output prints after the pages when there is a resume
/// token.
pub fn text_resume(token: &str) -> Value {
    serde_json::json!({ "NextToken": { "NextToken": token } })
}

/// Python's `json.dumps(s)` of a string (`ensure_ascii=True`).
fn python_json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (' '..='~').contains(&c) => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
        }
    }
    out.push('"');
}

/// The resume token: base64 of `json.dumps({member: token, ...})`.
pub fn encode_token(member: &str, token: Option<&str>, truncate: Option<i64>) -> String {
    let mut json = String::from("{");
    python_json_string(member, &mut json);
    json.push_str(": ");
    match token {
        Some(t) => python_json_string(t, &mut json),
        None => json.push_str("null"),
    }
    if let Some(n) = truncate {
        json.push_str(&format!(", \"boto_truncate_amount\": {n}"));
    }
    json.push('}');
    base64_encode(json.as_bytes())
}

/// Reads a `--starting-token`: the service's token and the number of items
/// to skip.
pub fn decode_token(text: &str, member: &str) -> Result<(Option<String>, i64), Failure> {
    if let Some(Value::Object(mut obj)) = base64_decode(text)
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| serde_json::from_str::<Value>(&s).ok())
    {
        let amount = match obj.remove("boto_truncate_amount") {
            None => 0,
            Some(Value::Number(n)) if n.is_i64() => n.as_i64().unwrap_or(0),
            Some(other) => {
                return Err(Failure::Other(format!(
                    "Bad starting token: boto_truncate_amount {other}"
                )))
            }
        };
        let token = match obj.remove(member) {
            Some(Value::String(s)) => Some(s),
            Some(Value::Null) | None => None,
            Some(other) => Some(other.to_string()),
        };
        return Ok((token, amount));
    }
    // botocore's older format: `TOKEN` or `TOKEN___N`.
    let parts: Vec<&str> = text.split("___").collect();
    let (token, amount) = match parts.as_slice() {
        [t] => (*t, 0),
        [t, n] => match n.parse::<i64>() {
            Ok(n) => (*t, n),
            Err(_) => (text, 0),
        },
        _ => return Err(Failure::Other(format!("Bad starting token: {text}"))),
    };
    let token = (token != "None").then(|| token.to_owned());
    Ok((token, amount))
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Python's lenient `base64.b64decode`: characters outside the alphabet are
/// skipped; the padding must be right.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut values = Vec::with_capacity(text.len());
    let mut padding = 0;
    for c in text.bytes() {
        if c == b'=' {
            padding += 1;
            continue;
        }
        if let Some(v) = ALPHABET.iter().position(|&a| a == c) {
            if padding > 0 {
                return None;
            }
            values.push(v as u32);
        }
    }
    let rem = values.len() % 4;
    if rem == 1 || (rem != 0 && padding < 4 - rem) {
        return None;
    }
    let mut out = Vec::with_capacity(values.len() * 3 / 4);
    for chunk in values.chunks(4) {
        let mut n = 0u32;
        for (i, v) in chunk.iter().enumerate() {
            n |= v << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_botocores() {
        // python3 -c 'import base64,json; print(base64.b64encode(json.dumps(
        //   {"NextToken": None, "boto_truncate_amount": 150}).encode()).decode())'
        assert_eq!(
            encode_token("NextToken", None, Some(150)),
            "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxNTB9"
        );
        assert_eq!(
            encode_token("NextToken", Some("abc"), None),
            "eyJOZXh0VG9rZW4iOiAiYWJjIn0="
        );
        assert_eq!(
            decode_token("eyJOZXh0VG9rZW4iOiAiYWJjIn0=", "NextToken").unwrap(),
            (Some("abc".into()), 0)
        );
        assert_eq!(
            decode_token(&encode_token("NextToken", Some("é"), Some(3)), "NextToken").unwrap(),
            (Some("é".into()), 3)
        );
        assert_eq!(
            decode_token("raw-token", "NextToken").unwrap(),
            (Some("raw-token".into()), 0)
        );
        assert_eq!(
            decode_token("raw___7", "NextToken").unwrap(),
            (Some("raw".into()), 7)
        );
        assert_eq!(decode_token("None", "NextToken").unwrap(), (None, 0));
        for n in 0..7 {
            let bytes: Vec<u8> = (0..n).map(|i| i as u8 * 37).collect();
            assert_eq!(base64_decode(&base64_encode(&bytes)), Some(bytes));
        }
    }

    #[test]
    fn merging_follows_build_full_result() {
        let pages = [
            serde_json::json!({"Rooms": [1, 2], "NextToken": "a"}),
            serde_json::json!({"NextToken": "b"}),
            serde_json::json!({"Rooms": [3]}),
        ];
        assert_eq!(
            merge("Rooms", &pages, Some("T")),
            serde_json::json!({"Rooms": [1, 2, 3], "NextToken": "T"})
        );
        assert_eq!(merge("Rooms", &pages[1..2], None), serde_json::json!({}));
        assert_eq!(python_index(-1, 5), 4);
        assert_eq!(python_index(9, 5), 5);
    }
}
