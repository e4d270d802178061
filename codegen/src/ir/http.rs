//! HTTP bindings of operations.

/// `@http` of an operation, with its URI pattern parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpOperation {
    /// Method, e.g. `POST`.
    pub method: String,
    /// The path pattern.
    pub path: Vec<PathSegment>,
    /// Literal query parameters from the URI pattern (`?operation=batch-create`).
    pub query: Vec<(String, Option<String>)>,
    /// Success status code.
    pub code: u16,
}

/// One `/`-separated segment of a URI pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSegment {
    /// Literal text.
    Literal(String),
    /// `{Member}` or `{Member+}`.
    Label {
        /// The input member bound to the label.
        member: String,
        /// `{Member+}`: may contain `/`.
        greedy: bool,
    },
}

/// One part of an `@endpoint` host prefix such as `foo.{label}.`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostPrefixPart {
    /// Literal text.
    Literal(String),
    /// An input member with `@hostLabel`.
    Label(String),
}
