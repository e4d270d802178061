//! A serde mirror of the Smithy 2.0 JSON AST (`smithy`, `metadata`, `shapes`).
//! See <https://smithy.io/2.0/spec/json-ast.html>.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

/// Trait values keyed by absolute trait shape id.
pub type Traits = BTreeMap<String, Value>;

/// A reference to another shape.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Target {
    /// Absolute shape id.
    pub target: String,
}

/// A member of an aggregate shape.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// Absolute id of the target shape.
    pub target: String,
    /// Traits applied to the member.
    #[serde(default)]
    pub traits: Traits,
}

/// One shape of the JSON AST, by its `type`.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Shape {
    /// `blob`, `boolean`, `string`, numbers, `timestamp`, `document`.
    Blob(Simple),
    /// `boolean`.
    Boolean(Simple),
    /// `string`.
    String(Simple),
    /// `byte`.
    Byte(Simple),
    /// `short`.
    Short(Simple),
    /// `integer`.
    Integer(Simple),
    /// `long`.
    Long(Simple),
    /// `float`.
    Float(Simple),
    /// `double`.
    Double(Simple),
    /// `bigInteger`.
    BigInteger(Simple),
    /// `bigDecimal`.
    BigDecimal(Simple),
    /// `timestamp`.
    Timestamp(Simple),
    /// `document`.
    Document(Simple),
    /// `enum` (members target `smithy.api#Unit`, values in `enumValue`).
    Enum(Aggregate),
    /// `intEnum`.
    IntEnum(Aggregate),
    /// `list` (and the 1.0 `set`).
    #[serde(alias = "set")]
    List(ListShape),
    /// `map`.
    Map(MapShape),
    /// `structure`.
    Structure(Aggregate),
    /// `union`.
    Union(Aggregate),
    /// `service`.
    Service(Service),
    /// `operation`.
    Operation(Operation),
    /// `resource`.
    Resource(Resource),
    /// `apply`: traits added to a shape or member defined elsewhere.
    Apply(Apply),
}

/// A simple shape: only traits (and mixins).
#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Simple {
    /// Traits.
    #[serde(default)]
    pub traits: Traits,
    /// Mixins.
    #[serde(default)]
    pub mixins: Vec<Target>,
}

/// A structure, union, enum or intEnum.
#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Aggregate {
    /// Members in model order.
    #[serde(default)]
    pub members: IndexMap<String, Member>,
    /// Traits.
    #[serde(default)]
    pub traits: Traits,
    /// Mixins.
    #[serde(default)]
    pub mixins: Vec<Target>,
}

/// A list.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListShape {
    /// The member (its name is always `member`).
    pub member: Member,
    /// Traits.
    #[serde(default)]
    pub traits: Traits,
    /// Mixins.
    #[serde(default)]
    pub mixins: Vec<Target>,
}

/// A map.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapShape {
    /// The key member.
    pub key: Member,
    /// The value member.
    pub value: Member,
    /// Traits.
    #[serde(default)]
    pub traits: Traits,
    /// Mixins.
    #[serde(default)]
    pub mixins: Vec<Target>,
}

/// A service.
#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// API version.
    #[serde(default)]
    pub version: String,
    /// Operations bound directly to the service.
    #[serde(default)]
    pub operations: Vec<Target>,
    /// Resources bound to the service.
    #[serde(default)]
    pub resources: Vec<Target>,
    /// Errors every operation of the service can return.
    #[serde(default)]
    pub errors: Vec<Target>,
    /// Shape renames for the service closure.
    #[serde(default)]
    pub rename: BTreeMap<String, String>,
    /// Traits.
    #[serde(default)]
    pub traits: Traits,
    /// Mixins.
    #[serde(default)]
    pub mixins: Vec<Target>,
}

/// An operation.
#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// Input structure (absent means `smithy.api#Unit`).
    pub input: Option<Target>,
    /// Output structure (absent means `smithy.api#Unit`).
    pub output: Option<Target>,
    /// Modelled errors.
    #[serde(default)]
    pub errors: Vec<Target>,
    /// Traits.
    #[serde(default)]
    pub traits: Traits,
    /// Mixins.
    #[serde(default)]
    pub mixins: Vec<Target>,
}

/// A resource: only its operations and child resources matter here.
#[derive(Clone, Debug, Deserialize, Default)]
pub struct Resource {
    /// Lifecycle operations and others, by role.
    #[serde(flatten)]
    pub bindings: BTreeMap<String, Value>,
}

/// An `apply` statement.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Apply {
    /// Traits to add.
    #[serde(default)]
    pub traits: Traits,
}

/// A whole JSON AST file.
#[derive(Clone, Debug, Deserialize)]
pub struct File {
    /// Version of the IDL/AST, `2.0` or `1.0`.
    pub smithy: String,
    /// Model metadata.
    #[serde(default)]
    pub metadata: BTreeMap<String, Value>,
    /// Shapes by absolute id, each still as raw JSON text (so member order is
    /// kept and errors can point into each shape).
    #[serde(default)]
    pub shapes: IndexMap<String, Box<serde_json::value::RawValue>>,
}

impl Shape {
    /// The traits applied directly to the shape.
    pub fn traits(&self) -> &Traits {
        match self {
            Shape::Blob(s)
            | Shape::Boolean(s)
            | Shape::String(s)
            | Shape::Byte(s)
            | Shape::Short(s)
            | Shape::Integer(s)
            | Shape::Long(s)
            | Shape::Float(s)
            | Shape::Double(s)
            | Shape::BigInteger(s)
            | Shape::BigDecimal(s)
            | Shape::Timestamp(s)
            | Shape::Document(s) => &s.traits,
            Shape::Enum(a) | Shape::IntEnum(a) | Shape::Structure(a) | Shape::Union(a) => &a.traits,
            Shape::List(l) => &l.traits,
            Shape::Map(m) => &m.traits,
            Shape::Service(s) => &s.traits,
            Shape::Operation(o) => &o.traits,
            Shape::Resource(_) => &EMPTY,
            Shape::Apply(a) => &a.traits,
        }
    }

    /// Mutable access to the traits applied directly to the shape.
    pub fn traits_mut(&mut self) -> Option<&mut Traits> {
        Some(match self {
            Shape::Blob(s)
            | Shape::Boolean(s)
            | Shape::String(s)
            | Shape::Byte(s)
            | Shape::Short(s)
            | Shape::Integer(s)
            | Shape::Long(s)
            | Shape::Float(s)
            | Shape::Double(s)
            | Shape::BigInteger(s)
            | Shape::BigDecimal(s)
            | Shape::Timestamp(s)
            | Shape::Document(s) => &mut s.traits,
            Shape::Enum(a) | Shape::IntEnum(a) | Shape::Structure(a) | Shape::Union(a) => {
                &mut a.traits
            }
            Shape::List(l) => &mut l.traits,
            Shape::Map(m) => &mut m.traits,
            Shape::Service(s) => &mut s.traits,
            Shape::Operation(o) => &mut o.traits,
            Shape::Resource(_) | Shape::Apply(_) => return None,
        })
    }

    /// The mixins of the shape.
    pub fn mixins(&self) -> &[Target] {
        match self {
            Shape::Blob(s)
            | Shape::Boolean(s)
            | Shape::String(s)
            | Shape::Byte(s)
            | Shape::Short(s)
            | Shape::Integer(s)
            | Shape::Long(s)
            | Shape::Float(s)
            | Shape::Double(s)
            | Shape::BigInteger(s)
            | Shape::BigDecimal(s)
            | Shape::Timestamp(s)
            | Shape::Document(s) => &s.mixins,
            Shape::Enum(a) | Shape::IntEnum(a) | Shape::Structure(a) | Shape::Union(a) => &a.mixins,
            Shape::List(l) => &l.mixins,
            Shape::Map(m) => &m.mixins,
            Shape::Service(s) => &s.mixins,
            Shape::Operation(o) => &o.mixins,
            Shape::Resource(_) | Shape::Apply(_) => &[],
        }
    }

    /// Mutable access to named members (structure, union, enum, intEnum), if any.
    pub fn members_mut(&mut self) -> Option<&mut IndexMap<String, Member>> {
        match self {
            Shape::Enum(a) | Shape::IntEnum(a) | Shape::Structure(a) | Shape::Union(a) => {
                Some(&mut a.members)
            }
            _ => None,
        }
    }

    /// The member called `name`, for any shape kind with members.
    pub fn member_mut(&mut self, name: &str) -> Option<&mut Member> {
        match self {
            Shape::List(l) => (name == "member").then_some(&mut l.member),
            Shape::Map(m) => match name {
                "key" => Some(&mut m.key),
                "value" => Some(&mut m.value),
                _ => None,
            },
            Shape::Enum(a) | Shape::IntEnum(a) | Shape::Structure(a) | Shape::Union(a) => {
                a.members.get_mut(name)
            }
            _ => None,
        }
    }
}

static EMPTY: Traits = BTreeMap::new();
