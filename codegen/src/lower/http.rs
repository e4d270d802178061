//! Lowering of HTTP binding traits (`@http`, `@httpLabel`, ...).

use serde_json::Value;

use crate::diag::Diagnostics;
use crate::ir::{
    self, Binding, Bound, HttpOperation, Kind, Message, PathSegment, Payload, PayloadKind,
    ShapeRef, TimestampFormat,
};
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
        Some(v) => match v
            .as_u64()
            .and_then(|c| u16::try_from(c).ok())
            .filter(|c| (100..=599).contains(c))
        {
            Some(c) => c,
            None => {
                diags.shape(
                    op_id,
                    format!("@http code must be a status code from 100 to 599, found {v}"),
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
            let Some((index, (_, mt))) = input_members
                .iter()
                .enumerate()
                .find(|(_, (n, _))| n == name)
            else {
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
                member: index,
                greedy,
                format: TimestampFormat::DateTime,
            });
        } else if seg.contains('{') || seg.contains('}') {
            diags.shape(op_id, format!("URI segment {seg:?} mixes literal text and a label, which restJson1 does not allow"));
        } else {
            path.push(PathSegment::Literal(seg.to_owned()));
        }
    }
    for (index, (name, mt)) in input_members.iter().enumerate() {
        let bound = path
            .iter()
            .any(|p| matches!(p, PathSegment::Label { member, .. } if *member == index));
        if mt.contains_key(traits::HTTP_LABEL) && !bound {
            diags.shape(
                op_id,
                format!("input member {name} has @httpLabel but the URI {uri:?} has no {{{name}}}"),
            );
        }
    }
    let method = match http::Method::from_bytes(method.as_bytes()) {
        Ok(m) if !method.is_empty() && method.bytes().all(|b| b.is_ascii_uppercase()) => m,
        _ => {
            diags.shape(
                op_id,
                format!("@http method {method:?} is not an HTTP method (upper-case letters only)"),
            );
            return None;
        }
    };
    let query = query_part
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
            None => (kv.to_owned(), None),
        })
        .collect();
    Some(HttpOperation {
        method,
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
        match input_members.iter().position(|(n, _)| n == name) {
            Some(i) if input_members[i].1.contains_key(traits::HOST_LABEL) => {
                parts.push(HostPrefixPart::Label(i));
            }
            _ => diags.shape(
                op_id,
                format!(
                    "@endpoint hostPrefix label {{{name}}} has no input member with @hostLabel"
                ),
            ),
        }
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        parts.push(HostPrefixPart::Literal(rest.to_owned()));
    }
    for (index, (name, mt)) in input_members.iter().enumerate() {
        let used = parts
            .iter()
            .any(|p| matches!(p, HostPrefixPart::Label(l) if *l == index));
        if mt.contains_key(traits::HOST_LABEL) && !used {
            diags.shape(
                op_id,
                format!("input member {name} has @hostLabel but the hostPrefix {prefix:?} has no {{{name}}}"),
            );
        }
    }
    Some(parts)
}

/// Describes where the members of structure `r` go in a request
/// (`request == true`) or a response, and resolves every location's
/// timestamp format.
pub(super) fn message(
    shapes: &[ir::Shape],
    streams: &std::collections::BTreeMap<ShapeRef, ir::EventStream>,
    r: ShapeRef,
    request: bool,
) -> Message {
    let mut msg = Message::empty(r);
    let members = shapes[r.0 as usize].kind.members();
    for (i, m) in members.iter().enumerate() {
        let bound = |name: &str, default: TimestampFormat| Bound {
            member: i,
            name: name.to_owned(),
            format: m.timestamp_format.unwrap_or(default),
        };
        match &m.binding {
            Binding::Body => msg.body.push(i),
            // Label and query bindings mean nothing in a response: such
            // members travel in the body like unbound ones.
            Binding::Label | Binding::Query(_) | Binding::QueryParams if !request => {
                msg.body.push(i)
            }
            Binding::Label => {}
            Binding::Query(name) => msg.query.push(bound(name, TimestampFormat::DateTime)),
            Binding::QueryParams => msg.query_params = Some(i),
            Binding::Header(name) => msg.headers.push(bound(name, TimestampFormat::HttpDate)),
            Binding::PrefixHeaders(prefix) => {
                msg.prefix_headers = Some(bound(prefix, TimestampFormat::HttpDate))
            }
            Binding::Payload => {
                let (kind, content_type) = match &shapes[m.target.0 as usize].kind {
                    Kind::Union { .. } if streams.contains_key(&m.target) => (
                        PayloadKind::EventStream,
                        smithy_rt::event_stream::CONTENT_TYPE,
                    ),
                    Kind::Blob { media_type } => (
                        PayloadKind::Blob,
                        media_type.as_deref().unwrap_or("application/octet-stream"),
                    ),
                    Kind::String { media_type } => (
                        PayloadKind::Text,
                        media_type.as_deref().unwrap_or("text/plain"),
                    ),
                    Kind::Enum(_) => (PayloadKind::Enum, "text/plain"),
                    _ => (PayloadKind::Json, "application/json"),
                };
                msg.payload = Some(Payload {
                    member: i,
                    kind,
                    content_type: content_type.to_owned(),
                });
            }
            Binding::ResponseCode if !request => msg.response_code = Some(i),
            Binding::ResponseCode => {}
        }
    }
    msg
}

/// Fills in every operation's request and response messages and its labels'
/// timestamp formats, and returns the response message of every error.
pub(super) fn resolve_messages(
    shapes: &[ir::Shape],
    streams: &std::collections::BTreeMap<ShapeRef, ir::EventStream>,
    operations: &mut [ir::Operation],
) -> std::collections::BTreeMap<ShapeRef, Message> {
    let mut errors = std::collections::BTreeMap::new();
    for op in operations.iter_mut() {
        op.request = message(shapes, streams, op.input, true);
        op.response = message(shapes, streams, op.output, false);
        let members = shapes[op.input.0 as usize].kind.members();
        for seg in &mut op.http.path {
            if let PathSegment::Label { member, format, .. } = seg {
                if let Some(m) = members.get(*member) {
                    *format = m.timestamp_format.unwrap_or(TimestampFormat::DateTime);
                }
            }
        }
        for e in &op.errors {
            errors
                .entry(*e)
                .or_insert_with(|| message(shapes, streams, *e, false));
        }
    }
    errors
}
