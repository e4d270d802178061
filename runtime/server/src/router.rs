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
}

impl UriPattern {
    /// Parses a pattern as the generator writes it (already checked by the
    /// generator: labels are whole segments, a greedy label is last).
    pub fn parse(pattern: &str) -> Self {
        let (path, query) = pattern.split_once('?').unwrap_or((pattern, ""));
        let segments = path
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
        let query = query
            .split('&')
            .filter(|s| !s.is_empty())
            .map(|kv| match kv.split_once('=') {
                Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
                None => (kv.to_owned(), None),
            })
            .collect();
        Self { segments, query }
    }

    /// How specific the pattern is: literal segments first, then query
    /// literals, then fewer greedy labels. The most specific match wins.
    fn rank(&self) -> Rank {
        let literals = self
            .segments
            .iter()
            .filter(|s| matches!(s, Segment::Literal(_)))
            .count();
        let greedy = self
            .segments
            .iter()
            .filter(|s| matches!(s, Segment::Greedy))
            .count();
        (literals, self.query.len(), usize::MAX - greedy)
    }

    /// Matches raw (still percent-encoded) path segments and query pairs;
    /// returns the raw label values in pattern order.
    fn matches(&self, path: &[&str], query: &[(String, String)]) -> Option<Vec<String>> {
        let mut labels = Vec::new();
        let mut i = 0;
        for (n, seg) in self.segments.iter().enumerate() {
            match seg {
                Segment::Literal(l) => {
                    let p = path.get(i)?;
                    if p != l && percent_decode(p).ok().as_deref() != Some(l.as_str()) {
                        return None;
                    }
                    i += 1;
                }
                Segment::Label => {
                    let p = path.get(i)?;
                    if p.is_empty() {
                        return None;
                    }
                    labels.push((*p).to_owned());
                    i += 1;
                }
                Segment::Greedy => {
                    // Leaves room for the literal segments that follow it.
                    let after = self.segments.len() - n - 1;
                    if path.len() < i + 1 + after {
                        return None;
                    }
                    let end = path.len() - after;
                    let value = path[i..end].join("/");
                    if value.is_empty() {
                        return None;
                    }
                    labels.push(value);
                    i = end;
                }
            }
        }
        if i != path.len() {
            return None;
        }
        for (k, v) in &self.query {
            let found = query.iter().any(|(qk, qv)| {
                qk == k
                    && match v {
                        Some(v) => qv == v,
                        None => true,
                    }
            });
            if !found {
                return None;
            }
        }
        Some(labels)
    }
}

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
        let segments: Vec<&str> = path.split('/').skip(1).collect();
        // `/a/b/` and `/a/b` are the same path; an empty path is `/`.
        let segments: Vec<&str> = match segments.as_slice() {
            [rest @ .., ""] => rest.to_vec(),
            _ => segments,
        };
        let query = crate::request::parse_query(query.unwrap_or(""));
        type Best = (usize, (usize, usize, usize), Vec<String>);
        let mut best: Option<Best> = None;
        let mut other_method = false;
        for (index, (m, pattern)) in self.routes.iter().enumerate() {
            let Some(labels) = pattern.matches(&segments, &query) else {
                continue;
            };
            if m != method {
                other_method = true;
                continue;
            }
            let rank = pattern.rank();
            if best.as_ref().is_none_or(|(_, r, _)| rank > *r) {
                best = Some((index, rank, labels));
            }
        }
        match best {
            Some((index, _, raw)) => {
                let mut labels = Vec::with_capacity(raw.len());
                for l in raw {
                    match percent_decode(&l) {
                        Ok(v) => labels.push(v),
                        Err(BadEncoding) => return RouteMatch::BadLabel,
                    }
                }
                RouteMatch::Found { index, labels }
            }
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
}
