//! Shapes and members.

use super::{Deprecation, ShapeRef};

/// One shape of the closure.
#[derive(Debug)]
pub struct Shape {
    /// Absolute shape id (synthesized inputs/outputs use `smithy.synthetic#Name`).
    pub id: String,
    /// The shape name (after service renames).
    pub name: String,
    /// What kind of shape, with its kind-specific facts.
    pub kind: Kind,
    /// Documentation, as Markdown.
    pub docs: Option<String>,
    /// Deprecation, if any.
    pub deprecated: Option<Deprecation>,
    /// `@sensitive` on the shape.
    pub sensitive: bool,
    /// How operations use the shape.
    pub usage: Usage,
}

/// Where a shape is used, which decides what code it needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Reachable from an operation input (needs serializer and validator on a client).
    pub input: bool,
    /// Reachable from an operation output or error (needs deserializer on a client).
    pub output: bool,
    /// The input structure of exactly this operation (index into `Ir::operations`).
    pub input_of: Option<u32>,
    /// The output structure of exactly this operation.
    pub output_of: Option<u32>,
}

/// The kinds of shape, one variant each.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Kind {
    /// `blob` (with `@mediaType` if any).
    Blob {
        /// `@mediaType`.
        media_type: Option<String>,
    },
    /// `boolean`.
    Boolean,
    /// `string` (with `@mediaType` if any).
    String {
        /// `@mediaType`.
        media_type: Option<String>,
    },
    /// `byte` (i8).
    Byte,
    /// `short` (i16).
    Short,
    /// `integer` (i32).
    Integer,
    /// `long` (i64).
    Long,
    /// `float` (f32).
    Float,
    /// `double` (f64).
    Double,
    /// `bigInteger`.
    BigInteger,
    /// `bigDecimal`.
    BigDecimal,
    /// `timestamp`.
    Timestamp,
    /// `document`.
    Document,
    /// `enum`, or a string with the 1.0 `@enum` trait.
    Enum(Vec<EnumValue>),
    /// `intEnum`.
    IntEnum(Vec<IntEnumValue>),
    /// `list` (and `set`).
    List {
        /// The member (its constraints are the items' constraints).
        member: Member,
        /// `@sparse`: items may be null.
        sparse: bool,
    },
    /// `map`.
    Map {
        /// The key member.
        key: Member,
        /// The value member.
        value: Member,
        /// `@sparse`: values may be null.
        sparse: bool,
    },
    /// `structure` (also error structures).
    Structure {
        /// Members in model order.
        members: Vec<Member>,
        /// `@error` and `@httpError`, for error structures.
        error: Option<ErrorInfo>,
    },
    /// `union`.
    Union {
        /// Members in model order.
        members: Vec<Member>,
    },
}

impl Kind {
    /// The members of a structure or union (empty for other kinds).
    pub fn members(&self) -> &[Member] {
        match self {
            Kind::Structure { members, .. } | Kind::Union { members } => members,
            _ => &[],
        }
    }

    /// True for shapes that become named Rust types.
    pub fn is_named_type(&self) -> bool {
        matches!(
            self,
            Kind::Enum(_) | Kind::IntEnum(_) | Kind::Structure { .. } | Kind::Union { .. }
        )
    }
}

/// One value of an `enum`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumValue {
    /// The member name (1.0: the `name`, else derived from the value).
    pub name: String,
    /// The wire value.
    pub value: String,
    /// Documentation, as Markdown.
    pub docs: Option<String>,
    /// Deprecation, if any.
    pub deprecated: Option<Deprecation>,
    /// `@internal` (1.0: tagged `internal`): valid, but not listed in
    /// validation messages.
    pub internal: bool,
}

/// One value of an `intEnum`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntEnumValue {
    /// The member name.
    pub name: String,
    /// The wire value.
    pub value: i32,
    /// Documentation, as Markdown.
    pub docs: Option<String>,
    /// Deprecation, if any.
    pub deprecated: Option<Deprecation>,
}

/// `@error` and `@httpError`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorInfo {
    /// Who is at fault.
    pub fault: Fault,
    /// `@httpError`, else 400 for client and 500 for server faults.
    pub status: u16,
}

/// `@error` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// `client`.
    Client,
    /// `server`.
    Server,
}

/// A member of a structure, union, list or map, with everything that applies
/// to it resolved: member traits override the target's.
#[derive(Clone, Debug)]
pub struct Member {
    /// The member name in the model (also its JSON-pointer segment).
    pub name: String,
    /// The target shape.
    pub target: ShapeRef,
    /// Documentation (member's, else target's), as Markdown.
    pub docs: Option<String>,
    /// `@required`, as the model says.
    pub required: bool,
    /// `@clientOptional`, as the model says.
    pub client_optional: bool,
    /// `@default` (not `null`), as the model says, checked against the
    /// target and typed.
    pub default: Option<DefaultValue>,
    /// A member of an operation's input structure: a client leaves such a
    /// member unset unless `@required` (and never fills in its default).
    pub top_level_input: bool,
    /// Effective constraints (target's, overridden by the member's).
    pub constraints: Constraints,
    /// Name in JSON bodies (`@jsonName`, else the member name).
    pub json_name: String,
    /// Effective `@timestampFormat`, if any.
    pub timestamp_format: Option<TimestampFormat>,
    /// Where the member goes in an HTTP message.
    pub binding: Binding,
    /// `@sensitive` on the member or its target.
    pub sensitive: bool,
    /// Deprecation, if any.
    pub deprecated: Option<Deprecation>,
    /// `@idempotencyToken`.
    pub idempotency_token: bool,
    /// True if the Rust field must be boxed to break a recursive cycle.
    pub boxed: bool,
}

impl Member {
    /// A client treats the member as optional whatever its other traits say:
    /// `@clientOptional`, or a member of an operation input that is not
    /// `@required` (Smithy's rule: a client sends a defaulted input member
    /// only when set, so a server may change the default).
    fn optional_for_clients(&self) -> bool {
        self.client_optional || (self.top_level_input && !self.required)
    }

    /// `@required` as a client (and the shared Rust types) see it.
    pub fn client_required(&self) -> bool {
        self.required && !self.client_optional
    }

    /// The default a client fills in when the member is absent, if any.
    pub fn client_default(&self) -> Option<&DefaultValue> {
        self.default
            .as_ref()
            .filter(|_| !self.optional_for_clients())
    }

    /// True if the Rust field is not an `Option` (required, or has a
    /// default, for clients; the generated types follow the client's view).
    pub fn is_always_set(&self) -> bool {
        self.client_required() || self.client_default().is_some()
    }

    /// How the member is written in a JSON document: `@timestampFormat`,
    /// else epoch seconds (restJson1's default for bodies).
    pub fn json_timestamp_format(&self) -> TimestampFormat {
        self.timestamp_format
            .unwrap_or(TimestampFormat::EpochSeconds)
    }

    /// True if a server must reject a request without this member: it is
    /// `@required` (whatever `@clientOptional` says) and has no default.
    pub fn server_required(&self) -> bool {
        self.required && self.default.is_none()
    }
}

/// A `@default` value, checked in lowering to be a value of its target.
#[derive(Clone, Debug, PartialEq)]
pub enum DefaultValue {
    /// A string or enum value, or the decimal text of a big number.
    Text(String),
    /// A boolean.
    Bool(bool),
    /// An integer that fits its target (byte, short, integer, long, intEnum).
    Int(i64),
    /// A float or double.
    Float(f64),
    /// A blob's bytes (the model writes them in base64).
    Bytes(Vec<u8>),
    /// A timestamp, as epoch seconds.
    EpochSeconds(f64),
    /// The empty list (the only list default Smithy allows).
    EmptyList,
    /// The empty map (the only map default Smithy allows).
    EmptyMap,
    /// A document value.
    Document(serde_json::Value),
}

/// Constraint traits after member overrides.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constraints {
    /// `@length` bounds.
    pub length: Option<(Option<u64>, Option<u64>)>,
    /// `@pattern` (ECMA-262, unanchored).
    pub pattern: Option<String>,
    /// `@range` bounds, as written in the model.
    pub range: Option<(Option<serde_json::Number>, Option<serde_json::Number>)>,
    /// `@uniqueItems`.
    pub unique_items: bool,
    /// A `@pattern` that is not ECMA-262 and has no exact translation
    /// (Java's flavour in real models): the pattern and why; it is not
    /// checked, which the member's docs and a generation warning say.
    pub unchecked_pattern: Option<(String, String)>,
}

impl Constraints {
    /// True if there is nothing to check.
    pub fn is_empty(&self) -> bool {
        self.length.is_none()
            && self.pattern.is_none()
            && self.range.is_none()
            && !self.unique_items
    }
}

/// `@timestampFormat`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimestampFormat {
    /// `date-time` (RFC 3339).
    DateTime,
    /// `http-date` (RFC 7231 IMF-fixdate).
    HttpDate,
    /// `epoch-seconds`.
    EpochSeconds,
}

/// Where a member of an operation input, output or error goes on the wire.
/// Members of nested shapes are always [`Binding::Body`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Binding {
    /// A member of the JSON body.
    Body,
    /// `@httpLabel` (whether it is greedy is said by the URI pattern).
    Label,
    /// `@httpQuery("name")`.
    Query(String),
    /// `@httpQueryParams`.
    QueryParams,
    /// `@httpHeader("name")`.
    Header(String),
    /// `@httpPrefixHeaders("prefix")`.
    PrefixHeaders(String),
    /// `@httpPayload`.
    Payload,
    /// `@httpResponseCode`.
    ResponseCode,
}
