//! Lowering of individual shapes and members.

use serde_json::Value;

use super::{deprecation, doc_of, shape_name, Lowering};
use crate::ir::{self, Binding, Constraints, Kind, TimestampFormat};
use crate::smithy::ast::{self, Shape as AstShape};
use crate::smithy::traits;

pub(super) fn lower_shape(cx: &mut Lowering<'_>, id: &str, ast: &AstShape) -> ir::Shape {
    let t = ast.traits();
    let name = cx
        .service
        .rename
        .get(id)
        .cloned()
        .unwrap_or_else(|| shape_name(id).to_owned());
    let media_type = || {
        t.get(traits::MEDIA_TYPE)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    for (tr, why) in traits::UNSUPPORTED {
        if t.contains_key(*tr) {
            cx.diags.shape(id, format!("{why} ({tr})"));
        }
    }
    if t.contains_key(traits::STREAMING) && !matches!(ast, AstShape::Blob(_) | AstShape::Union(_)) {
        cx.diags.shape(
            id,
            format!(
                "{} applies to blobs and unions (event streams) only",
                traits::STREAMING
            ),
        );
    }
    let kind = match ast {
        AstShape::Blob(_) => Kind::Blob {
            media_type: media_type(),
        },
        AstShape::Boolean(_) => Kind::Boolean,
        AstShape::String(_) => match t.get(traits::ENUM) {
            Some(values) => Kind::Enum(legacy_enum(cx, id, values)),
            None => Kind::String {
                media_type: media_type(),
            },
        },
        AstShape::Byte(_) => Kind::Byte,
        AstShape::Short(_) => Kind::Short,
        AstShape::Integer(_) => Kind::Integer,
        AstShape::Long(_) => Kind::Long,
        AstShape::Float(_) => Kind::Float,
        AstShape::Double(_) => Kind::Double,
        AstShape::BigInteger(_) => Kind::BigInteger,
        AstShape::BigDecimal(_) => Kind::BigDecimal,
        AstShape::Timestamp(_) => Kind::Timestamp,
        AstShape::Document(_) => Kind::Document,
        AstShape::Enum(a) => Kind::Enum(enum_values(cx, id, a)),
        AstShape::IntEnum(a) => Kind::IntEnum(int_enum_values(cx, id, a)),
        AstShape::List(l) => Kind::List {
            member: lower_member(cx, id, "member", &l.member, false),
            sparse: t.contains_key(traits::SPARSE),
        },
        AstShape::Map(m) => Kind::Map {
            key: lower_member(cx, id, "key", &m.key, false),
            value: lower_member(cx, id, "value", &m.value, false),
            sparse: t.contains_key(traits::SPARSE),
        },
        AstShape::Structure(a) => {
            let error = error_info(cx, id, t);
            let bound = cx.io.contains(id);
            let members = a
                .members
                .iter()
                .map(|(n, m)| lower_member(cx, id, n, m, bound))
                .collect();
            Kind::Structure { members, error }
        }
        AstShape::Union(a) => {
            let members = a
                .members
                .iter()
                .map(|(n, m)| lower_member(cx, id, n, m, false))
                .collect();
            Kind::Union { members }
        }
        AstShape::Service(_)
        | AstShape::Operation(_)
        | AstShape::Resource(_)
        | AstShape::Apply(_) => {
            cx.diags.shape(
                id,
                "a service, operation or resource cannot be the target of a member",
            );
            Kind::Structure {
                members: vec![],
                error: None,
            }
        }
    };
    ir::Shape {
        id: id.to_owned(),
        name,
        kind,
        docs: doc_of(t),
        deprecated: deprecation(t),
        sensitive: t.contains_key(traits::SENSITIVE),
        usage: Default::default(),
    }
}

fn error_info(cx: &mut Lowering<'_>, id: &str, t: &ast::Traits) -> Option<ir::ErrorInfo> {
    let fault = match t.get(traits::ERROR)?.as_str() {
        Some("client") => ir::Fault::Client,
        Some("server") => ir::Fault::Server,
        other => {
            cx.diags.shape(
                id,
                format!("@error must be \"client\" or \"server\", found {other:?}"),
            );
            ir::Fault::Client
        }
    };
    let status = match t.get(traits::HTTP_ERROR) {
        Some(v) => match v
            .as_u64()
            .and_then(|n| u16::try_from(n).ok())
            .filter(|n| (400..600).contains(n))
        {
            Some(n) => n,
            None => {
                cx.diags.shape(
                    id,
                    format!("@httpError must be a status code from 400 to 599, found {v}"),
                );
                500
            }
        },
        None => match fault {
            ir::Fault::Client => 400,
            ir::Fault::Server => 500,
        },
    };
    Some(ir::ErrorInfo { fault, status })
}

fn enum_values(cx: &mut Lowering<'_>, id: &str, a: &ast::Aggregate) -> Vec<ir::EnumValue> {
    a.members
        .iter()
        .map(|(name, m)| {
            let value = match m.traits.get(traits::ENUM_VALUE) {
                None => name.clone(),
                Some(Value::String(s)) => s.clone(),
                Some(other) => {
                    cx.diags.shape(
                        format!("{id}${name}"),
                        format!("@enumValue of an enum must be a string, found {other}"),
                    );
                    name.clone()
                }
            };
            ir::EnumValue {
                name: name.clone(),
                value,
                docs: doc_of(&m.traits),
                deprecated: deprecation(&m.traits),
                internal: m.traits.contains_key(traits::INTERNAL),
            }
        })
        .collect()
}

fn legacy_enum(cx: &mut Lowering<'_>, id: &str, values: &Value) -> Vec<ir::EnumValue> {
    let Some(items) = values.as_array() else {
        cx.diags
            .shape(id, "@enum must be a list of enum definitions");
        return vec![];
    };
    let mut out = Vec::new();
    for item in items {
        let Some(value) = item.get("value").and_then(Value::as_str) else {
            cx.diags
                .shape(id, "an @enum definition has no string `value`");
            continue;
        };
        let name = item
            .get("name")
            .and_then(Value::as_str)
            .map_or_else(|| value.to_owned(), str::to_owned);
        let docs = item
            .get("documentation")
            .and_then(Value::as_str)
            .and_then(super::docs::to_markdown);
        let deprecated = item
            .get("deprecated")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let internal = item
            .get("tags")
            .and_then(Value::as_array)
            .is_some_and(|tags| tags.iter().any(|t| t == "internal"));
        out.push(ir::EnumValue {
            name,
            value: value.to_owned(),
            internal,
            docs,
            deprecated: deprecated.then_some(ir::Deprecation {
                message: None,
                since: None,
            }),
        });
    }
    out
}

fn int_enum_values(cx: &mut Lowering<'_>, id: &str, a: &ast::Aggregate) -> Vec<ir::IntEnumValue> {
    a.members
        .iter()
        .filter_map(|(name, m)| {
            let value = m
                .traits
                .get(traits::ENUM_VALUE)
                .and_then(Value::as_i64)
                .and_then(|v| i32::try_from(v).ok());
            let Some(value) = value else {
                cx.diags.shape(
                    format!("{id}${name}"),
                    "an intEnum member needs an integer @enumValue",
                );
                return None;
            };
            Some(ir::IntEnumValue {
                name: name.clone(),
                value,
                docs: doc_of(&m.traits),
                deprecated: deprecation(&m.traits),
            })
        })
        .collect()
}

/// Looks a trait up on the member first, then on its target.
fn effective<'t>(
    member: &'t ast::Traits,
    target: &'t ast::Traits,
    name: &str,
) -> Option<&'t Value> {
    member.get(name).or_else(|| target.get(name))
}

fn lower_member(
    cx: &mut Lowering<'_>,
    owner: &str,
    name: &str,
    m: &ast::Member,
    bound: bool,
) -> ir::Member {
    let member_id = format!("{owner}${name}");
    let target_ast = cx.get(&m.target);
    let empty = ast::Traits::new();
    let tt = target_ast.as_ref().map_or(&empty, |s| s.traits());
    let mt = &m.traits;
    for (tr, why) in traits::UNSUPPORTED {
        if mt.contains_key(*tr) {
            cx.diags.shape(&member_id, format!("{why} ({tr})"));
        }
    }
    let target = match cx.shape_ref(&m.target) {
        Some(r) => r,
        None => {
            cx.diags.shape(
                &member_id,
                format!("targets {}, which is not defined in the model", m.target),
            );
            crate::ir::ShapeRef(0)
        }
    };
    let constraints = constraints(cx, &member_id, mt, tt);
    let mut docs = doc_of(mt).or_else(|| doc_of(tt));
    if let Some((pattern, why)) = &constraints.unchecked_pattern {
        cx.diags.warn_shape(
            &member_id,
            format!("@pattern {pattern:?} has no exact ECMA-262 meaning ({why}); values are not checked against it"),
        );
        let note = format!(
            "**Not validated:** the model's pattern `{}` has no exact ECMA-262 meaning, so values are not checked against it.",
            pattern.escape_debug()
        );
        docs = Some(match docs {
            Some(d) => format!("{d}\n\n{note}"),
            None => note,
        });
    }
    if constraints.range.is_some()
        && matches!(
            target_ast,
            Some(AstShape::BigInteger(_) | AstShape::BigDecimal(_))
        )
    {
        cx.diags.shape(
            &member_id,
            "@range on bigInteger/bigDecimal is not supported yet (the value is kept as text)",
        );
    }
    let default = match (effective(mt, tt, traits::DEFAULT), &target_ast) {
        (Some(v), Some(target)) if !v.is_null() => match typed_default(target, v) {
            Ok(d) => Some(d),
            Err(why) => {
                cx.diags.shape(
                    &member_id,
                    format!("@default {v} is not a value of the target shape: {why}"),
                );
                None
            }
        },
        _ => None,
    };
    let default = default.or_else(|| {
        let value = cx
            .customization
            .filter(|_| cx.inputs.contains(owner) && mt.contains_key(traits::HTTP_LABEL))
            .and_then(|c| c.label_default(name))?;
        Some(ir::DefaultValue::Text(value.to_owned()))
    });
    if mt.contains_key(traits::HOST_LABEL)
        && !(matches!(target_ast, Some(AstShape::String(_))) && mt.contains_key(traits::REQUIRED))
    {
        cx.diags
            .shape(&member_id, "@hostLabel members must be required strings");
    }
    if tt.contains_key(traits::STREAMING) {
        let is_union = matches!(target_ast, Some(AstShape::Union(_)));
        // An event stream travels as a request or a response body, never
        // in an error.
        let in_error = cx
            .get(owner)
            .is_some_and(|o| o.traits().contains_key(traits::ERROR));
        let payload = bound && mt.contains_key(traits::HTTP_PAYLOAD);
        if is_union && (in_error || !payload) {
            cx.diags.shape(
                &member_id,
                format!(
                    "targets the event stream {} (a @streaming union), which can only be \
                     the @httpPayload member of an operation input or output",
                    m.target
                ),
            );
        } else if !is_union && !payload {
            cx.diags.shape(
                &member_id,
                "a @streaming blob must be the @httpPayload of an operation input or output",
            );
        }
    }
    let timestamp_format = match effective(mt, tt, traits::TIMESTAMP_FORMAT).and_then(Value::as_str)
    {
        None => None,
        Some("date-time") => Some(TimestampFormat::DateTime),
        Some("http-date") => Some(TimestampFormat::HttpDate),
        Some("epoch-seconds") => Some(TimestampFormat::EpochSeconds),
        Some(other) => {
            cx.diags
                .shape(&member_id, format!("unknown @timestampFormat {other:?}"));
            None
        }
    };
    let binding = if bound {
        super::http::binding(cx.diags, &member_id, mt)
    } else {
        Binding::Body
    };
    if binding == Binding::Label && !label_target(target_ast.as_ref()) {
        cx.diags.shape(
            &member_id,
            format!(
                "@httpLabel must target a string, number, boolean, timestamp or enum, \
                 found {}",
                target_ast
                    .as_ref()
                    .map_or("an undefined shape", |s| ast_kind_name(s))
            ),
        );
    }
    let json_name = mt
        .get(traits::JSON_NAME)
        .and_then(Value::as_str)
        .unwrap_or(name)
        .to_owned();
    ir::Member {
        name: name.to_owned(),
        target,
        docs,
        required: mt.contains_key(traits::REQUIRED),
        client_optional: mt.contains_key(traits::CLIENT_OPTIONAL),
        default,
        top_level_input: cx.inputs.contains(owner),
        constraints,
        json_name,
        timestamp_format,
        binding,
        sensitive: mt.contains_key(traits::SENSITIVE) || tt.contains_key(traits::SENSITIVE),
        deprecated: deprecation(mt),
        idempotency_token: mt.contains_key(traits::IDEMPOTENCY_TOKEN),
        boxed: false,
    }
}

fn constraints(
    cx: &mut Lowering<'_>,
    member_id: &str,
    mt: &ast::Traits,
    tt: &ast::Traits,
) -> Constraints {
    let mut c = Constraints::default();
    if let Some(v) = effective(mt, tt, traits::LENGTH) {
        let bound = |k: &str| v.get(k).and_then(Value::as_u64);
        if v.get("min").is_some_and(|x| x.as_u64().is_none())
            || v.get("max").is_some_and(|x| x.as_u64().is_none())
        {
            cx.diags.shape(
                member_id,
                format!("@length bounds must be non-negative integers, found {v}"),
            );
        }
        if let (Some(min), Some(max)) = (bound("min"), bound("max")) {
            if min > max {
                cx.diags.shape(
                    member_id,
                    format!("@length min {min} is greater than max {max}"),
                );
            }
        }
        c.length = Some((bound("min"), bound("max")));
    }
    if let Some(v) = effective(mt, tt, traits::PATTERN) {
        match v.as_str() {
            // The runtime's own constructor, which the generated code calls
            // with `.expect`: what it refuses (groups nested past its limit,
            // ES2025 modifier groups) is refused here, and nothing deep
            // reaches `regress`'s recursive parser.
            Some(p) => match smithy_rt::pattern::Pattern::new(p) {
                Ok(_) => c.pattern = Some(p.to_owned()),
                Err(e) => match super::java_pattern::translate(p)
                    .filter(|t| smithy_rt::pattern::Pattern::new(t).is_ok())
                {
                    // Java's inline flags, with an exact ECMA-262 translation.
                    Some(t) => c.pattern = Some(t),
                    // Generated without this one check, and said so: a
                    // pattern with no exact meaning must not stop the
                    // operation (and a response-only member is never
                    // validated anyway).
                    None => c.unchecked_pattern = Some((p.to_owned(), e.to_string())),
                },
            },
            None => cx.diags.shape(member_id, "@pattern must be a string"),
        }
    }
    if let Some(v) = effective(mt, tt, traits::RANGE) {
        let bound = |k: &str| match v.get(k) {
            Some(Value::Number(n)) => Some(n.clone()),
            _ => None,
        };
        if let (Some(min), Some(max)) = (bound("min"), bound("max")) {
            let greater = match (min.as_i64(), max.as_i64()) {
                (Some(a), Some(b)) => a > b,
                _ => min.as_f64().zip(max.as_f64()).is_some_and(|(a, b)| a > b),
            };
            if greater {
                cx.diags.shape(
                    member_id,
                    format!("@range min {min} is greater than max {max}"),
                );
            }
        }
        c.range = Some((bound("min"), bound("max")));
    }
    c.unique_items = effective(mt, tt, traits::UNIQUE_ITEMS).is_some();
    c
}

/// Marks which shapes are reachable from inputs and from outputs/errors, and
/// which structures are the dedicated input/output of one operation.
pub(super) fn mark_usage(shapes: &mut [ir::Shape], operations: &[ir::Operation]) {
    // Iterative: a chain of shapes may be as deep as the model is long.
    fn walk(shapes: &mut [ir::Shape], r: ir::ShapeRef, input: bool) {
        let mut stack = vec![r];
        while let Some(r) = stack.pop() {
            let s = &mut shapes[r.0 as usize];
            let flag = if input {
                &mut s.usage.input
            } else {
                &mut s.usage.output
            };
            if *flag {
                continue;
            }
            *flag = true;
            match &s.kind {
                Kind::List { member, .. } => stack.push(member.target),
                Kind::Map { key, value, .. } => stack.extend([key.target, value.target]),
                Kind::Structure { members, .. } | Kind::Union { members } => {
                    stack.extend(members.iter().map(|m| m.target))
                }
                _ => {}
            }
        }
    }
    let mut input_count = std::collections::BTreeMap::<ir::ShapeRef, usize>::new();
    let mut output_count = std::collections::BTreeMap::<ir::ShapeRef, usize>::new();
    for op in operations {
        *input_count.entry(op.input).or_default() += 1;
        *output_count.entry(op.output).or_default() += 1;
    }
    // A structure referenced as a member anywhere is not dedicated to an operation.
    let mut referenced = std::collections::BTreeSet::new();
    for s in shapes.iter() {
        match &s.kind {
            Kind::List { member, .. } => {
                referenced.insert(member.target);
            }
            Kind::Map { key, value, .. } => {
                referenced.insert(key.target);
                referenced.insert(value.target);
            }
            Kind::Structure { members, .. } | Kind::Union { members } => {
                referenced.extend(members.iter().map(|m| m.target));
            }
            _ => {}
        }
    }
    for (i, op) in operations.iter().enumerate() {
        walk(shapes, op.input, true);
        walk(shapes, op.output, false);
        for e in &op.errors {
            walk(shapes, *e, false);
        }
        let dedicated =
            |r: ir::ShapeRef,
             mine: &std::collections::BTreeMap<ir::ShapeRef, usize>,
             other: &std::collections::BTreeMap<ir::ShapeRef, usize>| {
                mine.get(&r) == Some(&1)
                    && !other.contains_key(&r)
                    && !referenced.contains(&r)
                    && !op.errors.contains(&r)
            };
        if dedicated(op.input, &input_count, &output_count) {
            shapes[op.input.0 as usize].usage.input_of = Some(i as u32);
        }
        if dedicated(op.output, &output_count, &input_count) {
            shapes[op.output.0 as usize].usage.output_of = Some(i as u32);
        }
    }
}

/// The typed `@default` value `v` of a member targeting `target`, or why it
/// is not one (a number out of the target's range, the wrong JSON type, bad
/// base64, a non-empty list or map).
fn typed_default(target: &AstShape, v: &Value) -> Result<ir::DefaultValue, String> {
    use ir::DefaultValue as D;
    let int = |min: i64, max: i64| -> Result<D, String> {
        match v.as_i64() {
            Some(n) if (min..=max).contains(&n) => Ok(D::Int(n)),
            Some(n) => Err(format!("{n} is outside {min}..={max}")),
            None => Err("expected an integer".to_owned()),
        }
    };
    match target {
        AstShape::String(_) | AstShape::Enum(_) => v
            .as_str()
            .map(|s| D::Text(s.to_owned()))
            .ok_or_else(|| "expected a string".to_owned()),
        AstShape::BigInteger(_) | AstShape::BigDecimal(_) => match v {
            Value::String(s) => Ok(D::Text(s.clone())),
            Value::Number(n) => Ok(D::Text(n.to_string())),
            _ => Err("expected a number".to_owned()),
        },
        AstShape::Boolean(_) => v
            .as_bool()
            .map(D::Bool)
            .ok_or_else(|| "expected a boolean".to_owned()),
        AstShape::Byte(_) => int(i8::MIN.into(), i8::MAX.into()),
        AstShape::Short(_) => int(i16::MIN.into(), i16::MAX.into()),
        AstShape::Integer(_) | AstShape::IntEnum(_) => int(i32::MIN.into(), i32::MAX.into()),
        AstShape::Long(_) => int(i64::MIN, i64::MAX),
        AstShape::Float(_) | AstShape::Double(_) => v
            .as_f64()
            .map(D::Float)
            .ok_or_else(|| "expected a number".to_owned()),
        AstShape::Timestamp(_) => v
            .as_f64()
            .map(D::EpochSeconds)
            .ok_or_else(|| "expected epoch seconds".to_owned()),
        AstShape::Blob(_) => {
            use base64::Engine as _;
            let text = v
                .as_str()
                .ok_or_else(|| "expected a base64 string".to_owned())?;
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .map(D::Bytes)
                .map_err(|e| format!("invalid base64: {e}"))
        }
        AstShape::List(_) if v.as_array().is_some_and(Vec::is_empty) => Ok(D::EmptyList),
        AstShape::Map(_) if v.as_object().is_some_and(|o| o.is_empty()) => Ok(D::EmptyMap),
        AstShape::List(_) | AstShape::Map(_) => {
            Err("a list or map default must be empty".to_owned())
        }
        AstShape::Document(_) => Ok(D::Document(v.clone())),
        _ => Err("this kind of shape cannot have a default".to_owned()),
    }
}

/// True if a member targeting `target` can be bound to a URI label (Smithy's
/// httpLabel trait: simple types only).
fn label_target(target: Option<&AstShape>) -> bool {
    matches!(
        target,
        Some(
            AstShape::String(_)
                | AstShape::Enum(_)
                | AstShape::IntEnum(_)
                | AstShape::Boolean(_)
                | AstShape::Byte(_)
                | AstShape::Short(_)
                | AstShape::Integer(_)
                | AstShape::Long(_)
                | AstShape::Float(_)
                | AstShape::Double(_)
                | AstShape::BigInteger(_)
                | AstShape::BigDecimal(_)
                | AstShape::Timestamp(_)
        )
    )
}

/// The Smithy type name of a shape, for diagnostics.
fn ast_kind_name(s: &AstShape) -> &'static str {
    match s {
        AstShape::Blob(_) => "a blob",
        AstShape::Boolean(_) => "a boolean",
        AstShape::String(_) => "a string",
        AstShape::Byte(_)
        | AstShape::Short(_)
        | AstShape::Integer(_)
        | AstShape::Long(_)
        | AstShape::Float(_)
        | AstShape::Double(_)
        | AstShape::BigInteger(_)
        | AstShape::BigDecimal(_) => "a number",
        AstShape::Timestamp(_) => "a timestamp",
        AstShape::Document(_) => "a document",
        AstShape::Enum(_) | AstShape::IntEnum(_) => "an enum",
        AstShape::List(_) => "a list",
        AstShape::Map(_) => "a map",
        AstShape::Structure(_) => "a structure",
        AstShape::Union(_) => "a union",
        AstShape::Service(_) | AstShape::Operation(_) | AstShape::Resource(_) => {
            "a service, operation or resource"
        }
        AstShape::Apply(_) => "an apply statement",
    }
}
