//! What a generated crate tells the runtime about its service: static,
//! recursive descriptions of every operation's input and output shapes, and
//! per operation a [`Command`] impl, from which [`Operation::of`] makes the
//! adapters that run it with a JSON document as input.
//!
//! Documents are JSON values keyed by Smithy member names, the format of
//! `--cli-input-json` and of the AWS CLI's JSON output.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use serde_json::Value;
use smithy_client::client::{Client, ServiceInfo};
use smithy_rt::error::{BuildError, DeserializeError, ProvideErrorMetadata, SdkError};
use smithy_rt::json::{JsonReader, ValueWriter};
use smithy_rt::validation::ValidationError;

/// A service: the program name and every operation.
#[derive(Debug)]
pub struct Service {
    /// The program (and AWS CLI command) name, e.g. `chime`.
    pub program: &'static str,
    /// The human title, e.g. `Amazon Chime`.
    pub title: &'static str,
    /// The service documentation (Markdown).
    pub docs: &'static str,
    /// What the runtime client needs (signing name, default endpoint, ...).
    pub info: ServiceInfo,
    /// The operations, sorted by name.
    pub operations: &'static [Operation],
}

impl Service {
    /// The operation whose subcommand is `command`.
    pub fn operation(&self, command: &str) -> Option<&'static Operation> {
        self.operations.iter().find(|o| o.command == command)
    }
}

/// The future of one call with a document input.
pub type CallFuture<'a> = Pin<Box<dyn Future<Output = Result<Value, CallError>> + 'a>>;

/// Runs one operation: reads the document into the typed input, invokes the
/// operation and writes the typed output as a document.
pub type CallFn = for<'a> fn(&'a Client, &'a Value) -> CallFuture<'a>;

/// Reads a document into the typed input and validates it against the
/// model's constraints, without sending anything.
pub type CheckFn = fn(&Value) -> Result<(), CallError>;

/// One operation.
pub struct Operation {
    /// The operation name in the model, e.g. `BatchCreateRoomMembership`.
    pub name: &'static str,
    /// The subcommand, e.g. `batch-create-room-membership`.
    pub command: &'static str,
    /// Documentation (Markdown).
    pub docs: &'static str,
    /// `@deprecated`.
    pub deprecated: bool,
    /// The input structure.
    pub input: &'static Shape,
    /// The output structure.
    pub output: &'static Shape,
    /// The adapter that runs the operation.
    pub call: CallFn,
    /// The adapter that only reads and validates an input.
    pub check: CheckFn,
    /// How the command pages through results (`@paginated` with an input
    /// token, an output token and the items), if it does.
    pub paginated: Option<Paginated>,
}

/// The pagination facts of an operation, from the model's `@paginated`
/// trait: the command then pages for the user as the AWS CLI v1 does
/// (`--starting-token`, `--page-size`, `--max-items`, `--no-paginate`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paginated {
    /// The input member that takes the service's token, e.g. `NextToken`.
    pub input_token: &'static str,
    /// The path (members separated by `.`) of the next token in the output.
    pub output_token: &'static str,
    /// The path of the items merged across pages, e.g. `Rooms`.
    pub items: &'static str,
    /// The input member that limits the page size, e.g. `MaxResults`.
    pub page_size: Option<&'static str>,
}

impl fmt::Debug for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Operation")
            .field("name", &self.name)
            .field("command", &self.command)
            .field("paginated", &self.paginated)
            .finish_non_exhaustive()
    }
}

/// The generated JSON reader of an operation's input.
pub type Read<O> = fn(
    &mut JsonReader<'_>,
) -> Result<<O as smithy_rt::operation::Operation>::Input, DeserializeError>;

/// The generated JSON writer of an operation's output.
pub type Write<O> = fn(&<O as smithy_rt::operation::Operation>::Output, ValueWriter<'_>);

/// What the command line knows of one generated operation (implemented by
/// the generated crate for each operation type): its subcommand, its
/// documentation, its input and output shapes, and the JSON reader and
/// writer of its input and output. [`Operation::of`] makes the table entry,
/// with the adapters [`call`] and [`check`].
pub trait Command: smithy_rt::operation::Operation {
    /// The subcommand, e.g. `batch-create-room-membership`.
    const COMMAND: &'static str;
    /// Documentation (Markdown).
    const DOCS: &'static str;
    /// `@deprecated`. Default: no.
    const DEPRECATED: bool = false;
    /// The input structure.
    const INPUT: &'static Shape;
    /// The output structure.
    const OUTPUT: &'static Shape;
    /// How the command pages through results, if it does. Default: it does not.
    const PAGINATED: Option<Paginated> = None;
    /// Reads the input from a document.
    const READ: Read<Self>;
    /// Writes the output as a document.
    const WRITE: Write<Self>;
}

/// Reads the document `input` into the typed input of `O`.
fn read_input<O: Command>(input: &Value) -> Result<O::Input, CallError> {
    crate::document::read(input, O::READ).map_err(CallError::Document)
}

/// The adapter that runs operation `O` with a document input: reads the
/// document into the typed input, invokes the operation and writes the
/// typed output as a document.
pub fn call<'a, O: Command>(client: &'a Client, input: &'a Value) -> CallFuture<'a> {
    Box::pin(async move {
        let input = read_input::<O>(input)?;
        let output = client
            .invoke::<O>(input)
            .await
            .map_err(CallError::from_sdk)?;
        Ok(crate::document::write(|w| (O::WRITE)(&output, w)))
    })
}

/// The adapter that reads a document input of operation `O` and validates
/// it against the model's constraints, without sending anything.
pub fn check<O: Command>(input: &Value) -> Result<(), CallError> {
    let input = read_input::<O>(input)?;
    O::validate(&input).map_err(CallError::Validation)
}

impl Operation {
    /// The table entry of the generated operation `O`.
    pub const fn of<O: Command>() -> Self {
        Operation {
            name: O::NAME,
            command: O::COMMAND,
            docs: O::DOCS,
            deprecated: O::DEPRECATED,
            input: O::INPUT,
            output: O::OUTPUT,
            call: call::<O>,
            check: check::<O>,
            paginated: O::PAGINATED,
        }
    }

    /// The members of the input structure.
    pub fn parameters(&self) -> &'static [Member] {
        self.input.members()
    }
}

/// A shape.
#[derive(Debug)]
pub struct Shape {
    /// The shape name in the model.
    pub name: &'static str,
    /// Documentation (Markdown), possibly empty.
    pub docs: &'static str,
    /// What kind of value it is.
    pub kind: Kind,
}

impl Shape {
    /// A shape of kind `kind` (for scalars; aggregates have their own
    /// constructors).
    pub const fn new(name: &'static str, docs: &'static str, kind: Kind) -> Self {
        Shape { name, docs, kind }
    }

    /// A structure with its members in model order.
    pub const fn structure(
        name: &'static str,
        docs: &'static str,
        members: &'static [Member],
    ) -> Self {
        Shape::new(name, docs, Kind::Structure(members))
    }

    /// A union with its members.
    pub const fn union(name: &'static str, docs: &'static str, members: &'static [Member]) -> Self {
        Shape::new(name, docs, Kind::Union(members))
    }

    /// A list with its member.
    pub const fn list(name: &'static str, docs: &'static str, member: &'static Member) -> Self {
        Shape::new(name, docs, Kind::List(member))
    }

    /// A map with its key and value members.
    pub const fn map(
        name: &'static str,
        docs: &'static str,
        key: &'static Member,
        value: &'static Member,
    ) -> Self {
        Shape::new(name, docs, Kind::Map(key, value))
    }

    /// The members of a structure or union (empty otherwise).
    pub fn members(&self) -> &'static [Member] {
        match self.kind {
            Kind::Structure(m) | Kind::Union(m) => m,
            _ => &[],
        }
    }

    /// True for strings, numbers, booleans, timestamps, blobs and enums.
    pub fn is_scalar(&self) -> bool {
        !matches!(
            self.kind,
            Kind::List(_) | Kind::Map(..) | Kind::Structure(_) | Kind::Union(_) | Kind::Document
        )
    }

    /// The AWS CLI's name for the type: `string`, `integer`, `list`, ...
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::String | Kind::Enum(_) => "string",
            Kind::IntEnum(_) | Kind::Byte | Kind::Short | Kind::Integer => "integer",
            Kind::Long => "long",
            Kind::Float => "float",
            Kind::Double => "double",
            Kind::BigInteger => "bigInteger",
            Kind::BigDecimal => "bigDecimal",
            Kind::Boolean => "boolean",
            Kind::Timestamp => "timestamp",
            Kind::Blob => "blob",
            Kind::Document => "document",
            Kind::List(_) => "list",
            Kind::Map(..) => "map",
            Kind::Structure(_) => "structure",
            Kind::Union(_) => "tagged union structure",
        }
    }
}

/// The kinds of shape.
#[derive(Debug)]
pub enum Kind {
    /// `string`.
    String,
    /// `enum`: the allowed values, as modelled.
    Enum(&'static [&'static str]),
    /// `intEnum`: the allowed values.
    IntEnum(&'static [i32]),
    /// `boolean`.
    Boolean,
    /// `byte`.
    Byte,
    /// `short`.
    Short,
    /// `integer`.
    Integer,
    /// `long`.
    Long,
    /// `float`.
    Float,
    /// `double`.
    Double,
    /// `bigInteger`.
    BigInteger,
    /// `bigDecimal`.
    BigDecimal,
    /// `timestamp`.
    Timestamp,
    /// `blob` (base64 in documents).
    Blob,
    /// `document` (any JSON).
    Document,
    /// `list`, with its member.
    List(&'static Member),
    /// `map`, with its key and value members.
    Map(&'static Member, &'static Member),
    /// `structure`, with its members in model order.
    Structure(&'static [Member]),
    /// `union`, with its members.
    Union(&'static [Member]),
}

/// A member of a structure, union, list or map.
#[derive(Debug)]
pub struct Member {
    /// The member name (the document key), e.g. `MembershipItemList`.
    pub name: &'static str,
    /// For members of an operation input, the option, e.g.
    /// `--membership-item-list`; empty otherwise.
    pub option: &'static str,
    /// Documentation (Markdown), possibly empty.
    pub docs: &'static str,
    /// `@required` (without a default).
    pub required: bool,
    /// The target shape.
    pub target: &'static Shape,
}

impl Member {
    /// An optional member without an option (a member of an output, a
    /// list or a map); [`Member::option`] gives it one.
    pub const fn new(name: &'static str, docs: &'static str, target: &'static Shape) -> Self {
        Member {
            name,
            option: "",
            docs,
            required: false,
            target,
        }
    }

    /// A `@required` member (without a default) without an option.
    pub const fn required(name: &'static str, docs: &'static str, target: &'static Shape) -> Self {
        Member {
            required: true,
            ..Member::new(name, docs, target)
        }
    }

    /// The member with the option `option`, e.g. `--membership-item-list`
    /// (members of an operation input).
    pub const fn option(self, option: &'static str) -> Self {
        Member { option, ..self }
    }
}

/// Why a call with a document input failed.
#[derive(Debug)]
pub enum CallError {
    /// The document does not fit the input shape (path and problem).
    Document(DeserializeError),
    /// Client-side validation failed; nothing was sent.
    Validation(ValidationError),
    /// The request could not be built (no region, no credentials, an empty label, ...).
    Build(BuildError),
    /// The service answered with an error.
    Service {
        /// The error code, e.g. `BadRequestException`.
        code: Option<String>,
        /// The message.
        message: Option<String>,
        /// HTTP status.
        status: u16,
    },
    /// A time limit was hit.
    Timeout(String),
    /// The request could not be sent or the answer not received.
    Dispatch(String),
    /// A success response could not be read.
    Response(String),
}

impl CallError {
    /// Classifies an [`SdkError`].
    pub fn from_sdk<E: ProvideErrorMetadata + fmt::Display>(error: SdkError<E>) -> Self {
        match error {
            SdkError::Build(e) => CallError::Build(e),
            SdkError::Validation(e) => CallError::Validation(e),
            SdkError::Timeout(e) => CallError::Timeout(e.to_string()),
            SdkError::Dispatch(e) => CallError::Dispatch(e.to_string()),
            SdkError::Response(e) => CallError::Response(e.to_string()),
            SdkError::Service(e) => {
                let meta = e.meta();
                CallError::Service {
                    code: meta.code().map(str::to_owned),
                    message: meta.message().map(str::to_owned),
                    status: meta.status(),
                }
            }
        }
    }
}
