//! Routing by method, path segments and the query literals of each
//! operation's `@http` URI pattern.

use http::Method;

/// How specific a pattern is (see `UriPattern::rank`); larger wins.
type Rank = (usize, usize, usize);

/// A `%XX` escape that is malformed or decodes to bytes that are not UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadEncoding;

impl std::fmt::Display for BadEncoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not valid percent-encoded UTF-8")
    }
}

impl std::error::Error for BadEncoding {}

/// One segment of a URI pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Label,
    Greedy,
}

/// A parsed `@http` URI pattern, e.g.
/// `/accounts/{AccountId}/rooms/{RoomId}/memberships?operation=batch-create`.
#[derive(Clone, Debug)]
pub struct UriPattern {
    segments: Vec<Segment>,
    /// Query literals: the key must be present, with this value if given.
    query: Vec<(String, Option<String>)>,
    /// True if a segment is a greedy label.
    greedy: bool,
    /// See [`UriPattern::rank`], computed once.
    rank: Rank,
}

impl UriPattern {
    /// Parses a pattern as the generator writes it (already checked by the
    /// generator: labels are whole segments, a greedy label is last).
    pub fn parse(pattern: &str) -> Self {
        let (path, query) = pattern.split_once('?').unwrap_or((pattern, ""));
        let segments: Vec<Segment> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| {
                if s.starts_with('{') && s.ends_with("+}") {
                    Segment::Greedy
                } else if s.starts_with('{') && s.ends_with('}') {
                    Segment::Label
                } else {
                    Segment::Literal(s.to_owned())
                }
            })
            .collect();
        let query: Vec<(String, Option<String>)> = query
            .split('&')
            .filter(|s| !s.is_empty())
            .map(|kv| match kv.split_once('=') {
                Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
                None => (kv.to_owned(), None),
            })
            .collect();
        let rank = Self::rank(&segments, query.len());
        let greedy = segments.iter().any(|s| matches!(s, Segment::Greedy));
        Self {
            segments,
            query,
            greedy,
            rank,
        }
    }

    /// How specific the pattern is: literal segments first, then query
    /// literals, then fewer greedy labels. The most specific match wins.
    fn rank(segments: &[Segment], query_literals: usize) -> Rank {
        let literals = segments
            .iter()
            .filter(|s| matches!(s, Segment::Literal(_)))
            .count();
        let greedy = segments
            .iter()
            .filter(|s| matches!(s, Segment::Greedy))
            .count();
        (literals, query_literals, usize::MAX - greedy)
    }

    /// True if the pattern matches raw (still percent-encoded) path
    /// segments and the raw query string.
    fn matches(&self, path: &[&str], query: &str) -> bool {
        // Without a greedy label every segment matches exactly one.
        if !self.greedy && path.len() != self.segments.len() {
            return false;
        }
        let mut i = 0;
        for (n, seg) in self.segments.iter().enumerate() {
            match seg {
                Segment::Literal(l) => {
                    let Some(p) = path.get(i) else {
                        return false;
                    };
                    if !decodes_to(p, l) {
                        return false;
                    }
                    i += 1;
                }
                Segment::Label => {
                    match path.get(i) {
                        Some(p) if !p.is_empty() => {}
                        _ => return false,
                    }
                    i += 1;
                }
                Segment::Greedy => {
                    // Leaves room for the literal segments that follow it.
                    let after = self.segments.len() - n - 1;
                    if path.len() < i + 1 + after {
                        return false;
                    }
                    let end = path.len() - after;
                    // The joined value is empty only if it is one empty segment.
                    if end == i + 1 && path[i].is_empty() {
                        return false;
                    }
                    i = end;
                }
            }
        }
        if i != path.len() {
            return false;
        }
        self.query.iter().all(|(k, v)| {
            query_pairs(query).any(|(qk, qv)| {
                query_text_is(qk, k)
                    && match v {
                        Some(v) => query_text_is(qv, v),
                        None => true,
                    }
            })
        })
    }

    /// The label values of a path the pattern matches, percent-decoded, in
    /// pattern order.
    fn labels(&self, path: &[&str]) -> Result<Vec<String>, BadEncoding> {
        let mut labels = Vec::new();
        let mut i = 0;
        for (n, seg) in self.segments.iter().enumerate() {
            match seg {
                Segment::Literal(_) => i += 1,
                Segment::Label => {
                    labels.push(percent_decode(path.get(i).copied().unwrap_or_default())?);
                    i += 1;
                }
                Segment::Greedy => {
                    let after = self.segments.len() - n - 1;
                    let end = path.len().saturating_sub(after).max(i);
                    let value = path.get(i..end).unwrap_or_default().join("/");
                    labels.push(percent_decode(&value)?);
                    i = end;
                }
            }
        }
        Ok(labels)
    }
}

/// The raw `(key, value)` pairs of a query string, in order; a key without
/// `=` has the empty value.
fn query_pairs(raw: &str) -> impl Iterator<Item = (&str, &str)> {
    raw.split('&')
        .filter(|s| !s.is_empty())
        .map(|kv| kv.split_once('=').unwrap_or((kv, "")))
}

/// True if a raw path segment is `literal`, or percent-decodes to it.
fn decodes_to(raw: &str, literal: &str) -> bool {
    raw == literal || (raw.contains('%') && percent_decode(raw).ok().as_deref() == Some(literal))
}

/// True if a raw query key or value, decoded as
/// [`parse_query`](crate::request::parse_query) decodes it (kept raw when
/// its escapes do not decode), is `literal`. Allocates only for a text
/// with escapes.
fn query_text_is(raw: &str, literal: &str) -> bool {
    if !raw.contains('%') {
        return raw == literal;
    }
    match percent_decode(raw) {
        Ok(decoded) => decoded == literal,
        Err(BadEncoding) => raw == literal,
    }
}

/// Most paths have fewer segments than this; they are split on the stack.
const INLINE_SEGMENTS: usize = 16;

/// What the router found for a request.
#[derive(Debug, PartialEq, Eq)]
pub enum RouteMatch {
    /// Operation `index` (in the order routes were added) with its label
    /// values, percent-decoded, in URI-pattern order.
    Found {
        /// The operation's index.
        index: usize,
        /// Label values.
        labels: Vec<String>,
    },
    /// The path matches an operation, but not with this method.
    MethodNotAllowed,
    /// Nothing matches.
    NotFound,
    /// A label is not valid percent-encoded UTF-8.
    BadLabel,
}

/// The routing table of a service.
#[derive(Clone, Debug, Default)]
pub struct Router {
    routes: Vec<(Method, UriPattern)>,
}

impl Router {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// The table of a service: per operation, in operation order, its
    /// method and URI pattern separated by a space, e.g.
    /// `"POST /accounts/{AccountId}/rooms?operation=create"`.
    pub fn from_table(routes: &[&str]) -> Self {
        routes.iter().fold(Self::new(), |router, route| {
            let (name, pattern) = route.split_once(' ').unwrap_or(("GET", *route));
            router.route(method(name), pattern)
        })
    }

    /// Adds the route of the next operation.
    pub fn route(mut self, method: Method, pattern: &str) -> Self {
        self.routes.push((method, UriPattern::parse(pattern)));
        self
    }

    /// Finds the operation for `method` and `path_and_query` (raw, as on
    /// the request line).
    pub fn find(&self, method: &Method, path: &str, query: Option<&str>) -> RouteMatch {
        // The segments after the first `/`; `/a/b/` and `/a/b` are the same
        // path; an empty path is `/`.
        let rest = match path.split_once('/') {
            Some((_, "")) | None => None,
            Some((_, rest)) => Some(rest.strip_suffix('/').unwrap_or(rest)),
        };
        let count = rest.map_or(0, |r| r.split('/').count());
        let mut inline = [""; INLINE_SEGMENTS];
        let spilled: Vec<&str>;
        let segments: &[&str] = match rest {
            None => &[],
            Some(r) if count <= INLINE_SEGMENTS => {
                for (slot, seg) in inline.iter_mut().zip(r.split('/')) {
                    *slot = seg;
                }
                &inline[..count]
            }
            Some(r) => {
                spilled = r.split('/').collect();
                &spilled
            }
        };
        let query = query.unwrap_or("");
        let mut best: Option<(usize, &UriPattern)> = None;
        let mut other_method = false;
        for (index, (m, pattern)) in self.routes.iter().enumerate() {
            if !pattern.matches(segments, query) {
                continue;
            }
            if m != method {
                other_method = true;
                continue;
            }
            if best.is_none_or(|(_, b)| pattern.rank > b.rank) {
                best = Some((index, pattern));
            }
        }
        match best {
            Some((index, pattern)) => match pattern.labels(segments) {
                Ok(labels) => RouteMatch::Found { index, labels },
                Err(BadEncoding) => RouteMatch::BadLabel,
            },
            None if other_method => RouteMatch::MethodNotAllowed,
            None => RouteMatch::NotFound,
        }
    }
}

/// The `http::Method` for a method name the generator checked (upper-case
/// letters only); anything else becomes an extension method.
pub fn method(name: &str) -> Method {
    Method::from_bytes(name.as_bytes()).unwrap_or(Method::GET)
}

/// Decodes `%XX` escapes; the result must be UTF-8.
#[allow(clippy::result_unit_err)]
pub fn percent_decode(s: &str) -> Result<String, BadEncoding> {
    if !s.contains('%') {
        return Ok(s.to_owned());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(BadEncoding)?;
            let hex = std::str::from_utf8(hex).map_err(|_| BadEncoding)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| BadEncoding)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| BadEncoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chime() -> Router {
        Router::new()
            .route(Method::POST, "/accounts/{AccountId}/users")
            .route(Method::POST, "/accounts/{AccountId}/users?operation=create")
            .route(Method::POST, "/accounts/{AccountId}/users?operation=add")
            .route(Method::GET, "/accounts/{AccountId}/users")
            .route(Method::GET, "/files/{Key+}/meta")
    }

    #[test]
    fn query_literals_pick_the_operation() {
        let r = chime();
        let found = |m: &Method, p: &str, q: Option<&str>| match r.find(m, p, q) {
            RouteMatch::Found { index, labels } => Some((index, labels)),
            _ => None,
        };
        assert_eq!(
            found(&Method::POST, "/accounts/a%20b/users", None),
            Some((0, vec!["a b".into()]))
        );
        assert_eq!(
            found(&Method::POST, "/accounts/a/users", Some("operation=create")),
            Some((1, vec!["a".into()]))
        );
        assert_eq!(
            found(
                &Method::POST,
                "/accounts/a/users",
                Some("x=1&operation=add")
            ),
            Some((2, vec!["a".into()]))
        );
        assert_eq!(
            found(&Method::GET, "/accounts/a/users/", None),
            Some((3, vec!["a".into()]))
        );
        assert_eq!(
            found(&Method::GET, "/files/a/b/c/meta", None),
            Some((4, vec!["a/b/c".into()]))
        );
        assert_eq!(
            r.find(&Method::DELETE, "/accounts/a/users", None),
            RouteMatch::MethodNotAllowed
        );
        assert_eq!(r.find(&Method::GET, "/nothing", None), RouteMatch::NotFound);
        assert_eq!(
            r.find(&Method::GET, "/files/meta", None),
            RouteMatch::NotFound
        );
        assert_eq!(
            r.find(&Method::GET, "/accounts/%FF/users", None),
            RouteMatch::BadLabel
        );
        assert_eq!(
            r.find(&Method::GET, "/accounts//users", None),
            RouteMatch::NotFound
        );
    }

    #[test]
    fn paths_split_as_before() {
        let r = Router::new()
            .route(Method::GET, "/")
            .route(Method::GET, "/a/{B}")
            .route(Method::GET, "/g/{Key+}")
            .route(Method::GET, "/q?k=x&flag")
            .route(
                Method::GET,
                "/s/{L}/x/y/z/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17",
            )
            .route(Method::GET, "/r?k=x%2");
        let found = |p: &str, q: Option<&str>| match r.find(&Method::GET, p, q) {
            RouteMatch::Found { index, labels } => Some((index, labels)),
            _ => None,
        };
        assert_eq!(found("/", None), Some((0, vec![])));
        assert_eq!(found("", None), Some((0, vec![])));
        assert_eq!(found("/a/b%2Fc/", None), Some((1, vec!["b/c".into()])));
        assert_eq!(found("/a//", None), None);
        assert_eq!(found("/g/x//y/", None), Some((2, vec!["x//y".into()])));
        assert_eq!(found("/g//", None), None);
        assert_eq!(found("/g//x", None), Some((2, vec!["/x".into()])));
        assert_eq!(found("/%61/b", None), Some((1, vec!["b".into()])));
        // Query literals compare with the decoded query; undecodable
        // escapes are compared raw.
        assert_eq!(found("/q", Some("flag&k=x")), Some((3, vec![])));
        assert_eq!(found("/q", Some("fl%61g=1&k=%78")), Some((3, vec![])));
        assert_eq!(found("/q", Some("k=x")), None);
        assert_eq!(found("/q", Some("k=x%2&flag")), None);
        assert_eq!(found("/r", Some("k=x%2")), Some((5, vec![])));
        assert_eq!(found("/r", Some("k=x%252")), Some((5, vec![])));
        assert_eq!(found("/r", Some("k=x%25")), None);
        let long = "/s/l/x/y/z/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17";
        assert_eq!(found(long, None), Some((4, vec!["l".into()])));
        assert_eq!(
            found(&format!("{long}/"), None),
            Some((4, vec!["l".into()]))
        );
        assert_eq!(found(&format!("{long}/18"), None), None);
    }
}
