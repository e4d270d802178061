//! The text form of an HTTP message that the HTTP targets read from their
//! bytes, so that seeds are readable and the fuzzer mutates every part: a
//! first line, then `name: value` lines up to an empty line, then the body
//! (every remaining byte). Lines end in `\n` or `\r\n`.

/// At most this many header lines are read; the rest are ignored.
const MAX_HEADERS: usize = 64;

/// A message split into its parts (nothing validated yet).
pub(crate) struct Message<'a> {
    pub first: &'a [u8],
    pub headers: Vec<(&'a [u8], &'a [u8])>,
    pub body: &'a [u8],
}

/// Splits `data` as the module documentation says.
pub(crate) fn split(data: &[u8]) -> Message<'_> {
    let (first, mut rest) = line(data);
    let mut headers = Vec::new();
    while !rest.is_empty() {
        let (l, after) = line(rest);
        rest = after;
        if l.is_empty() {
            break;
        }
        if headers.len() < MAX_HEADERS {
            let (name, value) = match l.iter().position(|&b| b == b':') {
                Some(i) => (&l[..i], &l[i + 1..]),
                None => (l, &l[l.len()..]),
            };
            headers.push((name, trim_start(value)));
        }
    }
    Message {
        first,
        headers,
        body: rest,
    }
}

/// The first line of `data` (without its end) and what follows it.
fn line(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == b'\n') {
        Some(i) => {
            let l = &data[..i];
            (l.strip_suffix(b"\r").unwrap_or(l), &data[i + 1..])
        }
        None => (data, &data[data.len()..]),
    }
}

fn trim_start(mut v: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = v {
        v = rest;
    }
    v
}

/// The headers that `http` accepts, in order (the others are dropped).
pub(crate) fn header_map(headers: &[(&[u8], &[u8])]) -> http::HeaderMap {
    let mut map = http::HeaderMap::new();
    for (name, value) in headers {
        if let (Ok(n), Ok(v)) = (
            http::HeaderName::from_bytes(name),
            http::HeaderValue::from_bytes(value),
        ) {
            map.append(n, v);
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn splits_first_line_headers_and_body() {
        let m =
            split(b"POST /x?a=1 HTTP/1.1\r\nContent-Type:  application/json\r\nbad\n\n{\"a\":\n1}");
        assert_eq!(m.first, b"POST /x?a=1 HTTP/1.1");
        assert_eq!(
            m.headers,
            vec![
                (&b"Content-Type"[..], &b"application/json"[..]),
                (&b"bad"[..], &b""[..])
            ]
        );
        assert_eq!(m.body, b"{\"a\":\n1}");
        let m = split(b"GET /");
        assert_eq!(
            (m.first, m.headers.len(), m.body),
            (&b"GET /"[..], 0, &b""[..])
        );
    }
}
