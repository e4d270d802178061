//! HTTP bindings: every operation's request and response, and every error's
//! response, described once as a [`Message`] that both sides read (a client
//! writes requests and reads responses, a server does the opposite).

use super::{ShapeRef, TimestampFormat};

/// `@http` of an operation, with its URI pattern parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpOperation {
    /// Method, e.g. `POST`.
    pub method: http::Method,
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
        /// The input member bound to the label (index into the input's members).
        member: usize,
        /// `{Member+}`: may contain `/`.
        greedy: bool,
        /// How a timestamp label is written (`@timestampFormat`, else date-time).
        format: TimestampFormat,
    },
}

/// One part of an `@endpoint` host prefix such as `foo.{label}.`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostPrefixPart {
    /// Literal text.
    Literal(String),
    /// An input member with `@hostLabel` (index into the input's members).
    Label(usize),
}

/// Where the members of one structure go in one HTTP message: a request
/// (operation input) or a response (operation output, or an error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// The structure carried.
    pub shape: ShapeRef,
    /// `@httpQuery` members (requests only), with their resolved formats.
    pub query: Vec<Bound>,
    /// The `@httpQueryParams` member (requests only).
    pub query_params: Option<usize>,
    /// `@httpHeader` members.
    pub headers: Vec<Bound>,
    /// The `@httpPrefixHeaders` member; `name` is the lower-case prefix.
    pub prefix_headers: Option<Bound>,
    /// The `@httpPayload` member.
    pub payload: Option<Payload>,
    /// The `@httpResponseCode` member (responses only).
    pub response_code: Option<usize>,
    /// Members of the JSON body object, in model order. In a response,
    /// members bound to a label or the query string are body members.
    pub body: Vec<usize>,
}

impl Message {
    /// A message carrying nothing of structure `shape` (filled in by lowering).
    pub fn empty(shape: ShapeRef) -> Self {
        Self {
            shape,
            query: Vec::new(),
            query_params: None,
            headers: Vec::new(),
            prefix_headers: None,
            payload: None,
            response_code: None,
            body: Vec::new(),
        }
    }

    /// The content type of the body this message carries when its payload
    /// or body members are set; `None` when it never has a body.
    pub fn content_type(&self) -> Option<&str> {
        match &self.payload {
            Some(p) => Some(p.content_type.as_str()),
            None if self.body.is_empty() => None,
            None => Some("application/json"),
        }
    }

    /// The payload member when it is an event stream.
    pub fn event_stream_member(&self) -> Option<usize> {
        self.payload
            .as_ref()
            .filter(|p| p.kind == PayloadKind::EventStream)
            .map(|p| p.member)
    }

    /// True if the message's body is a JSON document (body members, or a
    /// structure, union or document payload).
    pub fn has_json_body(&self) -> bool {
        match &self.payload {
            Some(p) => p.kind == PayloadKind::Json,
            None => !self.body.is_empty(),
        }
    }
}

/// A member bound to a named place (query key, header name or prefix).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bound {
    /// Index into the structure's members.
    pub member: usize,
    /// The query key, header name (lower case) or header prefix.
    pub name: String,
    /// How a timestamp (or a list of timestamps) is written there:
    /// `@timestampFormat`, else the location's default (http-date in
    /// headers, date-time in labels and query strings).
    pub format: TimestampFormat,
}

/// The `@httpPayload` member of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payload {
    /// Index into the structure's members.
    pub member: usize,
    /// How the payload is encoded.
    pub kind: PayloadKind,
    /// Its content type: `@mediaType`, else the kind's default.
    pub content_type: String,
}

/// How an `@httpPayload` is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayloadKind {
    /// A blob: the raw bytes.
    Blob,
    /// A string: its UTF-8 text.
    Text,
    /// An enum: its value as text.
    Enum,
    /// A structure, union or document: JSON.
    Json,
    /// A `@streaming` union: an event stream
    /// (`application/vnd.amazon.eventstream`), sent after the message's
    /// head; the head's own body is empty.
    EventStream,
}
