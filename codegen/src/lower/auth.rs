//! Auth schemes (`@auth`, `@optionalAuth`, `aws.auth#sigv4`,
//! `smithy.api#httpBearerAuth`, `smithy.api#noAuth`,
//! `aws.auth#unsignedPayload`) and the endpoint rule parameters an operation
//! binds (`@staticContextParams`, `@contextParam`, `@operationContextParams`).

use serde_json::Value;

use crate::diag::Diagnostics;
use crate::ir::{AuthScheme, ContextPath, ContextStep, EndpointParamBinding, EndpointParamSource};
use crate::smithy::ast::{self, Shape as AstShape};
use crate::smithy::model::Model;
use crate::smithy::rules_traits as t;

/// Auth traits a service may carry, supported or not (sorted by id, the
/// order Smithy gives them when there is no `@auth`).
const AUTH_TRAITS: &[&str] = &[
    t::SIGV4,
    t::SIGV4A,
    t::HTTP_API_KEY_AUTH,
    t::HTTP_BASIC_AUTH,
    t::HTTP_BEARER_AUTH,
    t::HTTP_DIGEST_AUTH,
];

/// The effective auth schemes of operation `id`: its `@auth`, else the
/// service's `@auth`, else every auth trait of the service; `NoAuth` last
/// for `@optionalAuth`. A scheme the generator cannot do is skipped when the
/// operation has another, and a diagnostic when it has none.
pub(super) fn operation_auth(
    service: &ast::Service,
    id: &str,
    op: &ast::Traits,
    diags: &mut Diagnostics,
) -> Vec<AuthScheme> {
    let list = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let declared: Vec<String> = match (op.get(t::AUTH), service.traits.get(t::AUTH)) {
        (Some(v), _) | (None, Some(v)) => list(v),
        (None, None) => {
            let mut all: Vec<String> = AUTH_TRAITS
                .iter()
                .filter(|a| service.traits.contains_key(**a))
                .map(|a| (*a).to_owned())
                .collect();
            all.sort();
            if all.is_empty() {
                // No auth traits at all: the runtime's default applies.
                return vec![];
            }
            all
        }
    };
    let unsigned_payload = op.contains_key(t::UNSIGNED_PAYLOAD);
    let mut out = Vec::new();
    let mut unsupported = Vec::new();
    for scheme in &declared {
        match scheme.as_str() {
            t::SIGV4 => {
                let name = service
                    .traits
                    .get(t::SIGV4)
                    .and_then(|v| v.get("name"))
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                if name.is_empty() {
                    diags.shape(
                        id,
                        format!(
                            "uses {} but the service has no aws.auth#sigv4 signing name",
                            t::SIGV4
                        ),
                    );
                    continue;
                }
                out.push(AuthScheme::SigV4 {
                    signing_name: name.to_owned(),
                    unsigned_payload,
                });
            }
            t::HTTP_BEARER_AUTH => out.push(AuthScheme::Bearer),
            t::NO_AUTH => out.push(AuthScheme::NoAuth),
            other => unsupported.push(other.to_owned()),
        }
    }
    if declared.is_empty() || op.contains_key(t::OPTIONAL_AUTH) {
        out.push(AuthScheme::NoAuth);
    }
    out.dedup();
    if out.is_empty() && !unsupported.is_empty() {
        diags.shape(
            id,
            format!(
                "uses the auth scheme {}, which the generated client cannot do (supported: {}, {}, {}, {})",
                unsupported.join(", "),
                t::SIGV4,
                t::HTTP_BEARER_AUTH,
                t::NO_AUTH,
                t::OPTIONAL_AUTH
            ),
        );
    }
    out
}

/// The endpoint rule parameters operation `id` binds: `@staticContextParams`
/// then `@contextParam` members of its input (strings, enums, booleans).
pub(super) fn endpoint_params(
    model: &Model,
    id: &str,
    op: &ast::Traits,
    input_id: &str,
    diags: &mut Diagnostics,
) -> Vec<EndpointParamBinding> {
    let mut out = Vec::new();
    if let Some(Value::Object(params)) = op.get(t::STATIC_CONTEXT_PARAMS) {
        for (name, v) in params {
            let source = match v.get("value") {
                Some(Value::String(s)) => EndpointParamSource::StaticString(s.clone()),
                Some(Value::Bool(b)) => EndpointParamSource::StaticBool(*b),
                Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
                    EndpointParamSource::StaticStringArray(
                        items
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect(),
                    )
                }
                _ => {
                    diags.shape(
                        id,
                        format!(
                            "{} {name}: the value must be a string, a boolean or a list of strings",
                            t::STATIC_CONTEXT_PARAMS
                        ),
                    );
                    continue;
                }
            };
            out.push(EndpointParamBinding {
                name: name.clone(),
                source,
            });
        }
    }
    if let Some(v) = op.get(t::OPERATION_CONTEXT_PARAMS) {
        let Value::Object(params) = v else {
            diags.shape(
                id,
                format!(
                    "{} must map parameter names to {{ \"path\": .. }}",
                    t::OPERATION_CONTEXT_PARAMS
                ),
            );
            return out;
        };
        for (name, param) in params {
            let Some(text) = param.get("path").and_then(Value::as_str) else {
                diags.shape(
                    id,
                    format!("{} {name}: no \"path\" string", t::OPERATION_CONTEXT_PARAMS),
                );
                continue;
            };
            match context_path(model, input_id, text) {
                Ok(path) => out.push(EndpointParamBinding {
                    name: name.clone(),
                    source: EndpointParamSource::InputPath(path),
                }),
                Err(why) => diags.shape(
                    id,
                    format!(
                        "{} {name}: cannot evaluate the path `{text}` on {input_id}: {why}",
                        t::OPERATION_CONTEXT_PARAMS
                    ),
                ),
            }
        }
    }
    if let Some(AstShape::Structure(s)) = model.get(input_id).map(|c| c.into_owned()) {
        for (member, m) in &s.members {
            let Some(param) = m.traits.get(t::CONTEXT_PARAM) else {
                continue;
            };
            let Some(name) = param.get("name").and_then(Value::as_str) else {
                diags.shape(id, format!("{} on {member} has no name", t::CONTEXT_PARAM));
                continue;
            };
            let target = model.get(&m.target).map(|c| c.into_owned());
            let ok = matches!(
                target,
                Some(AstShape::String(_) | AstShape::Boolean(_) | AstShape::Enum(_))
            );
            if !ok {
                diags.shape(
                    id,
                    format!("{} on {member}: only string, enum and boolean members can bind endpoint parameters", t::CONTEXT_PARAM),
                );
                continue;
            }
            out.push(EndpointParamBinding {
                name: name.to_owned(),
                source: EndpointParamSource::Member(member.clone()),
            });
        }
    }
    out
}

/// The paths this generator evaluates, for diagnostics.
const SUPPORTED_PATHS: &str =
    "the supported paths are `A.B`, `A[*].B` and `keys(A)` (member names, one list projection, the keys of a map)";

/// Parses `text` (the JMESPath subset of `@operationContextParams`) and
/// checks it against input structure `input_id`: every step must exist, and
/// the value must be a string, enum or boolean (a `String` or `Boolean`
/// parameter) or a list of strings or enums, a projection of those or the
/// keys of a map (a `StringArray`). `Err` says why not.
fn context_path(model: &Model, input_id: &str, text: &str) -> Result<ContextPath, String> {
    let (inner, keys) = match text.strip_prefix("keys(").and_then(|r| r.strip_suffix(')')) {
        Some(inner) => (inner, true),
        None => (text, false),
    };
    let mut steps = Vec::new();
    for segment in inner.split('.') {
        let (name, each) = match segment.strip_suffix("[*]") {
            Some(name) => (name, true),
            None => (segment, false),
        };
        let identifier = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !identifier {
            return Err(format!(
                "`{segment}` is not a member name; {SUPPORTED_PATHS}"
            ));
        }
        steps.push(ContextStep::Member(name.to_owned()));
        if each {
            steps.push(ContextStep::Each);
        }
    }
    let projections = steps.iter().filter(|s| **s == ContextStep::Each).count();
    if projections > 1 || (keys && projections > 0) {
        return Err(format!(
            "a nested projection gives a list of lists, not a list of strings; {SUPPORTED_PATHS}"
        ));
    }
    // Walk the model along the steps.
    let shape_of = |id: &str| {
        model
            .get(id)
            .map(|c| c.into_owned())
            .ok_or_else(|| format!("{id} is not in the model"))
    };
    let mut current_id = input_id.to_owned();
    let mut current = shape_of(input_id)?;
    for step in &steps {
        let next = match (step, &current) {
            (ContextStep::Member(name), AstShape::Structure(s)) => match s.members.get(name) {
                Some(m) => m.target.clone(),
                None => return Err(format!("{current_id} has no member `{name}`")),
            },
            (ContextStep::Member(name), _) => {
                return Err(format!(
                    "`{name}` is looked up in {current_id}, which is not a structure"
                ))
            }
            (ContextStep::Each, AstShape::List(l)) => l.member.target.clone(),
            (ContextStep::Each, _) => {
                return Err(format!(
                    "`[*]` applies to {current_id}, which is not a list"
                ))
            }
        };
        current = shape_of(&next)?;
        current_id = next;
    }
    let text_like = |shape: &AstShape| matches!(shape, AstShape::String(_) | AstShape::Enum(_));
    let ok = if keys {
        match &current {
            AstShape::Map(m) => shape_of(&m.key.target).is_ok_and(|k| text_like(&k)),
            _ => false,
        }
    } else if projections == 1 {
        text_like(&current)
    } else {
        match &current {
            AstShape::List(l) => shape_of(&l.member.target).is_ok_and(|i| text_like(&i)),
            other => text_like(other) || matches!(other, AstShape::Boolean(_)),
        }
    };
    if !ok {
        let wanted = if keys {
            "a map with string keys"
        } else if projections == 1 {
            "a string or enum for each item"
        } else {
            "a string, enum, boolean or list of strings"
        };
        return Err(format!("the path ends at {current_id}, not {wanted}"));
    }
    Ok(ContextPath { steps, keys })
}
