//! The Smithy prelude (`smithy.api#...` shapes every model may target).

use super::ast::{Shape, Simple};
use serde_json::json;

/// Namespace of the prelude.
pub const NAMESPACE: &str = "smithy.api";

/// `smithy.api#Unit`: the empty structure used for absent input/output and enum members.
pub const UNIT: &str = "smithy.api#Unit";

/// The prelude shape with this id, if there is one.
pub fn shape(id: &str) -> Option<Shape> {
    let name = id.strip_prefix("smithy.api#")?;
    let plain = || Simple::default();
    let with_default = |v: serde_json::Value| {
        let mut s = Simple::default();
        s.traits.insert(super::traits::DEFAULT.to_owned(), v);
        s
    };
    Some(match name {
        "String" => Shape::String(plain()),
        "Blob" => Shape::Blob(plain()),
        "BigInteger" => Shape::BigInteger(plain()),
        "BigDecimal" => Shape::BigDecimal(plain()),
        "Timestamp" => Shape::Timestamp(plain()),
        "Document" => Shape::Document(plain()),
        "Boolean" => Shape::Boolean(plain()),
        "PrimitiveBoolean" => Shape::Boolean(with_default(json!(false))),
        "Byte" => Shape::Byte(plain()),
        "PrimitiveByte" => Shape::Byte(with_default(json!(0))),
        "Short" => Shape::Short(plain()),
        "PrimitiveShort" => Shape::Short(with_default(json!(0))),
        "Integer" => Shape::Integer(plain()),
        "PrimitiveInteger" => Shape::Integer(with_default(json!(0))),
        "Long" => Shape::Long(plain()),
        "PrimitiveLong" => Shape::Long(with_default(json!(0))),
        "Float" => Shape::Float(plain()),
        "PrimitiveFloat" => Shape::Float(with_default(json!(0))),
        "Double" => Shape::Double(plain()),
        "PrimitiveDouble" => Shape::Double(with_default(json!(0))),
        "Unit" => Shape::Structure(Default::default()),
        _ => return None,
    })
}
