//! Lowering of HTTP binding traits (`@http`, `@httpLabel`, ...).

use serde_json::Value;

use crate::diag::Diagnostics;
use crate::ir::{Binding, HttpOperation, PathSegment};
use crate::smithy::ast;
use crate::smithy::traits;

/// The binding of a member of an operation input, output or error.
pub(super) fn binding(diags: &mut Diagnostics, member_id: &str, t: &ast::Traits) -> Binding {
    let mut found = Vec::new();
    let string_arg = |diags: &mut Diagnostics, name: &str| -> String {
        match t.get(name).and_then(Value::as_str) {
            Some(s) => s.to_owned(),
            None => {
                diags.shape(member_id, format!("{name} needs a string value"));
                String::new()
            }
        }
    };
    if t.contains_key(traits::HTTP_LABEL) {
        found.push(Binding::Label);
    }
    if t.contains_key(traits::HTTP_QUERY) {
        found.push(Binding::Query(string_arg(diags, traits::HTTP_QUERY)));
    }
    if t.contains_key(traits::HTTP_QUERY_PARAMS) {
        found.push(Binding::QueryParams);
    }
    if t.contains_key(traits::HTTP_HEADER) {
        let name = string_arg(diags, traits::HTTP_HEADER);
        found.push(Binding::Header(name.to_ascii_lowercase()));
    }
    if t.contains_key(traits::HTTP_PREFIX_HEADERS) {
        let prefix = string_arg(diags, traits::HTTP_PREFIX_HEADERS);
        found.push(Binding::PrefixHeaders(prefix.to_ascii_lowercase()));
    }
    if t.contains_key(traits::HTTP_PAYLOAD) {
        found.push(Binding::Payload);
    }
    if t.contains_key(traits::HTTP_RESPONSE_CODE) {
        found.push(Binding::ResponseCode);
    }
    match found.len() {
        0 => Binding::Body,
        1 => found.remove(0),
        _ => {
            diags.shape(member_id, "a member can have only one HTTP binding trait");
            found.remove(0)
        }
    }
}

/// Parses `@http` of an operation and checks its labels against the input.
pub(super) fn lower_http(
    op_id: &str,
    t: &ast::Traits,
    input_members: Vec<(String, ast::Traits)>,
    diags: &mut Diagnostics,
) -> Option<HttpOperation> {
    let Some(http) = t.get(traits::HTTP) else {
        diags.shape(
            op_id,
            "has no @http trait; restJson1 needs one on every operation",
        );
        return None;
    };
    let method = http.get("method").and_then(Value::as_str);
    let uri = http.get("uri").and_then(Value::as_str);
    let (Some(method), Some(uri)) = (method, uri) else {
        diags.shape(op_id, "@http needs string `method` and `uri`");
        return None;
    };
    let code = match http.get("code") {
        None => 200,
        Some(v) => match v.as_u64().and_then(|c| u16::try_from(c).ok()) {
            Some(c) => c,
            None => {
                diags.shape(
                    op_id,
                    format!("@http code must be a status code, found {v}"),
                );
                200
            }
        },
    };
    if !uri.starts_with('/') {
        diags.shape(op_id, format!("@http uri {uri:?} must start with '/'"));
        return None;
    }
    let (path_part, query_part) = uri.split_once('?').unwrap_or((uri, ""));
    let mut path = Vec::new();
    for seg in path_part[1..].split('/') {
        if let Some(inner) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            let (name, greedy) = match inner.strip_suffix('+') {
                Some(n) => (n, true),
                None => (inner, false),
            };
            let Some((_, mt)) = input_members.iter().find(|(n, _)| n == name) else {
                diags.shape(
                    op_id,
                    format!("URI label {{{inner}}} has no input member called {name}"),
                );
                continue;
            };
            if !mt.contains_key(traits::HTTP_LABEL) {
                diags.shape(
                    format!("{op_id}$input.{name}"),
                    "is bound to a URI label but lacks @httpLabel",
                );
            }
            if !mt.contains_key(traits::REQUIRED) {
                diags.shape(op_id, format!("label member {name} must be @required"));
            }
            path.push(PathSegment::Label {
                member: name.to_owned(),
                greedy,
            });
        } else if seg.contains('{') || seg.contains('}') {
            diags.shape(op_id, format!("URI segment {seg:?} mixes literal text and a label, which restJson1 does not allow"));
        } else {
            path.push(PathSegment::Literal(seg.to_owned()));
        }
    }
    for (name, mt) in &input_members {
        let bound = path
            .iter()
            .any(|p| matches!(p, PathSegment::Label { member, .. } if member == name));
        if mt.contains_key(traits::HTTP_LABEL) && !bound {
            diags.shape(
                op_id,
                format!("input member {name} has @httpLabel but the URI {uri:?} has no {{{name}}}"),
            );
        }
    }
    let query = query_part
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
            None => (kv.to_owned(), None),
        })
        .collect();
    Some(HttpOperation {
        method: method.to_owned(),
        path,
        query,
        code,
    })
}

/// Parses `@endpoint(hostPrefix: "...")` and checks its labels against the
/// input's `@hostLabel` members.
pub(super) fn lower_host_prefix(
    op_id: &str,
    t: &ast::Traits,
    input_members: &[(String, ast::Traits)],
    diags: &mut Diagnostics,
) -> Option<Vec<crate::ir::HostPrefixPart>> {
    use crate::ir::HostPrefixPart;
    let endpoint = t.get(traits::ENDPOINT)?;
    let Some(prefix) = endpoint.get("hostPrefix").and_then(Value::as_str) else {
        diags.shape(op_id, "@endpoint needs a string `hostPrefix`");
        return None;
    };
    let mut parts = Vec::new();
    let mut rest = prefix;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(HostPrefixPart::Literal(rest[..open].to_owned()));
        }
        let Some(close) = rest[open..].find('}') else {
            diags.shape(
                op_id,
                format!("@endpoint hostPrefix {prefix:?} has an unclosed label"),
            );
            return None;
        };
        let name = &rest[open + 1..open + close];
        match input_members.iter().find(|(n, _)| n == name) {
            Some((_, mt)) if mt.contains_key(traits::HOST_LABEL) => {}
            _ => diags.shape(
                op_id,
                format!(
                    "@endpoint hostPrefix label {{{name}}} has no input member with @hostLabel"
                ),
            ),
        }
        parts.push(HostPrefixPart::Label(name.to_owned()));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        parts.push(HostPrefixPart::Literal(rest.to_owned()));
    }
    for (name, mt) in input_members {
        let used = parts
            .iter()
            .any(|p| matches!(p, HostPrefixPart::Label(l) if l == name));
        if mt.contains_key(traits::HOST_LABEL) && !used {
            diags.shape(
                op_id,
                format!("input member {name} has @hostLabel but the hostPrefix {prefix:?} has no {{{name}}}"),
            );
        }
    }
    Some(parts)
}
