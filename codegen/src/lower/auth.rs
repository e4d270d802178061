//! Auth schemes (`@auth`, `@optionalAuth`, `aws.auth#sigv4`,
//! `smithy.api#httpBearerAuth`, `smithy.api#noAuth`,
//! `aws.auth#unsignedPayload`) and the endpoint rule parameters an operation
//! binds (`@staticContextParams`, `@contextParam`).

use serde_json::Value;

use crate::diag::Diagnostics;
use crate::ir::{AuthScheme, EndpointParamBinding, EndpointParamSource};
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
    if op.contains_key(t::OPERATION_CONTEXT_PARAMS) {
        diags.shape(
            id,
            format!("{} is not supported yet", t::OPERATION_CONTEXT_PARAMS),
        );
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
