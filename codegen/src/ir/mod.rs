//! The intermediate representation: the closure of shapes that the selected
//! operations need, resolved and checked. Side-neutral (it describes the
//! wire format once, for clients and servers alike) and free of Rust names,
//! which [`crate::symbols`] decides.

mod event_stream;
mod http;
mod protocol_tests;
mod shape;

pub use event_stream::*;
pub use http::*;
pub use protocol_tests::*;
pub use shape::*;

/// A shape in the [`Ir`] arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeRef(pub u32);

/// An operation in the [`Ir`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OperationRef(pub u32);

/// A lowered service: the shapes and operations to generate.
#[derive(Debug)]
pub struct Ir {
    /// The service shape and its protocol facts.
    pub service: Service,
    /// Every shape in the closure, in a deterministic order (by shape id).
    pub shapes: Vec<Shape>,
    /// The selected operations, sorted by name.
    pub operations: Vec<Operation>,
    /// Protocol tests on error structures (only when protocol tests are generated).
    pub error_tests: Vec<ErrorTests>,
    /// The response message of every modelled error of a selected operation.
    pub error_messages: std::collections::BTreeMap<ShapeRef, Message>,
    /// Every `@streaming` union (event stream), by union.
    pub event_streams: std::collections::BTreeMap<ShapeRef, EventStream>,
}

impl Ir {
    /// The shape behind a reference.
    pub fn shape(&self, r: ShapeRef) -> &Shape {
        &self.shapes[r.0 as usize]
    }

    /// The response message of error structure `r`.
    pub fn error_message(&self, r: ShapeRef) -> Option<&Message> {
        self.error_messages.get(&r)
    }

    /// The event stream a member carries, if it targets a `@streaming`
    /// union (only the `@httpPayload` of an operation input or output can).
    pub fn event_stream(&self, m: &Member) -> Option<&EventStream> {
        self.event_streams.get(&m.target)
    }

    /// The operation behind a reference.
    pub fn operation(&self, r: OperationRef) -> &Operation {
        &self.operations[r.0 as usize]
    }

    /// Every shape with its reference.
    pub fn shape_refs(&self) -> impl Iterator<Item = (ShapeRef, &Shape)> {
        self.shapes
            .iter()
            .enumerate()
            .map(|(i, s)| (ShapeRef(i as u32), s))
    }

    /// Every operation with its reference.
    pub fn operation_refs(&self) -> impl Iterator<Item = (OperationRef, &Operation)> {
        self.operations
            .iter()
            .enumerate()
            .map(|(i, o)| (OperationRef(i as u32), o))
    }
}

/// The service being generated.
#[derive(Debug)]
pub struct Service {
    /// Absolute shape id.
    pub id: String,
    /// The service's `sdkId` (`aws.api#service`), else its shape name.
    pub sdk_id: String,
    /// API version.
    pub version: String,
    /// SigV4 signing name, if the service is signed.
    pub signing_name: Option<String>,
    /// The human title (`smithy.api#title`).
    pub title: Option<String>,
    /// Documentation, as Markdown.
    pub docs: Option<String>,
    /// The endpoint rule set, as compact JSON text.
    pub endpoint_rules: Option<String>,
    /// The rule set declares a parameter bound to the `SDK::Endpoint`
    /// built-in: a configured endpoint URL goes through the rules (which may
    /// rewrite it, e.g. put an account id in front of the host) instead of
    /// replacing them.
    pub endpoint_url_in_rules: bool,
    /// The endpoint test cases, as compact JSON text.
    pub endpoint_tests: Option<String>,
    /// Deprecation, if any.
    pub deprecated: Option<Deprecation>,
}

/// `@deprecated`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deprecation {
    /// Why, and what to use instead.
    pub message: Option<String>,
    /// Since when.
    pub since: Option<String>,
}

/// A per-service customization a client applies to a finished request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestHook {
    /// Glacier's `x-amz-sha256-tree-hash` and `x-amz-content-sha256` of the
    /// body, unless set.
    GlacierChecksums,
}

/// One operation.
#[derive(Debug)]
pub struct Operation {
    /// Absolute shape id.
    pub id: String,
    /// The shape name, e.g. `BatchCreateRoomMembership`.
    pub name: String,
    /// The input structure (a synthesized empty one for `smithy.api#Unit`).
    pub input: ShapeRef,
    /// The output structure (likewise).
    pub output: ShapeRef,
    /// Modelled errors: the operation's, then the service's, without repeats.
    pub errors: Vec<ShapeRef>,
    /// The `@http` binding.
    pub http: HttpOperation,
    /// Where the input's members go in the request.
    pub request: Message,
    /// Where the output's members go in the response.
    pub response: Message,
    /// Documentation, as Markdown.
    pub docs: Option<String>,
    /// Deprecation, if any.
    pub deprecated: Option<Deprecation>,
    /// `@paginated`, resolved against the service defaults.
    pub paginated: Option<Paginated>,
    /// `@endpoint(hostPrefix)`, split into literal text and `{label}`s.
    pub host_prefix: Option<Vec<HostPrefixPart>>,
    /// Protocol tests (only when protocol tests are generated).
    pub tests: OperationTests,
    /// The auth schemes the operation accepts, in order of preference; empty
    /// when the service declares none (the runtime then uses SigV4 with the
    /// service's signing name, and refuses to sign without one).
    pub auth: Vec<AuthScheme>,
    /// Endpoint rule parameters bound by the operation.
    pub endpoint_params: Vec<EndpointParamBinding>,
    /// `@requestCompression` encodings (empty without the trait).
    pub request_compression: Vec<String>,
    /// `@httpChecksumRequired` / `aws.protocols#httpChecksum`.
    pub checksum: Option<HttpChecksum>,
    /// Headers the client adds to the request unless a member already set
    /// them (per-service customizations): (lower-case name, value).
    pub extra_headers: Vec<(String, String)>,
    /// A per-service customization run on the finished request.
    pub request_hook: Option<RequestHook>,
}

/// The request and response checksums of an operation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpChecksum {
    /// A request checksum must be sent.
    pub required: bool,
    /// `aws.protocols#httpChecksum` (flexible checksums), not only `@httpChecksumRequired`.
    pub flexible: bool,
    /// Input member naming the request checksum algorithm.
    pub algorithm_member: Option<usize>,
    /// Input member enabling response validation (`ENABLED`).
    pub validation_mode_member: Option<usize>,
    /// Algorithms a response may be validated with.
    pub response_algorithms: Vec<String>,
}

/// An auth scheme the generated client can use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthScheme {
    /// `aws.auth#sigv4` with its (non-empty) name; `aws.auth#unsignedPayload`.
    SigV4 {
        /// The signing name.
        signing_name: String,
        /// Sign with `UNSIGNED-PAYLOAD`.
        unsigned_payload: bool,
    },
    /// `smithy.api#httpBearerAuth`.
    Bearer,
    /// `smithy.api#noAuth`, or the fallback of `@optionalAuth`.
    NoAuth,
}

/// One endpoint rule parameter an operation binds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointParamBinding {
    /// The rule set's parameter name.
    pub name: String,
    /// Where its value comes from.
    pub source: EndpointParamSource,
}

/// The value of an [`EndpointParamBinding`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndpointParamSource {
    /// `@staticContextParams`: a string.
    StaticString(String),
    /// `@staticContextParams`: a boolean.
    StaticBool(bool),
    /// `@staticContextParams`: a list of strings.
    StaticStringArray(Vec<String>),
    /// `@contextParam` on the input member with this model name (a string,
    /// enum or boolean).
    Member(String),
    /// `@operationContextParams`: the value at a path into the input.
    InputPath(ContextPath),
}

/// A path of `@operationContextParams`, checked against the input: the
/// JMESPath subset AWS models use (`A.B`, `A[*].B`, `keys(A)`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextPath {
    /// The steps from the input structure, e.g. `A`, `[*]`, `B` for
    /// `A[*].B`; at most one `[*]`.
    pub steps: Vec<ContextStep>,
    /// `keys(..)`: the keys of the map the steps reach (a `StringArray`).
    pub keys: bool,
}

/// One step of a [`ContextPath`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContextStep {
    /// The structure member with this model name.
    Member(String),
    /// `[*]`: each item of the list (the path's value is then the list of
    /// what the rest of the path gives for each item, a `StringArray`).
    Each,
}

/// `@paginated`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paginated {
    /// Input member holding the token.
    pub input_token: Option<String>,
    /// Output member path of the next token.
    pub output_token: Option<String>,
    /// Output member path of the items.
    pub items: Option<String>,
    /// Input member limiting the page size.
    pub page_size: Option<String>,
}
