//! Lowering: from the parsed model to the [`Ir`], checking everything the
//! emitters rely on. All problems go to [`Diagnostics`]; the IR is handed on
//! only if there were none.

mod auth;
mod customize;
pub mod docs;
mod event_stream;
mod http;
mod java_pattern;
pub mod protocol_tests;
mod recursion;
mod shapes;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::ir::{self, Ir, ShapeRef};
use crate::smithy::ast::{self, Shape as AstShape};
use crate::smithy::model::Model;
use crate::smithy::{prelude, traits};

/// Id prefix of shapes the lowering invents (empty inputs and outputs).
pub const SYNTHETIC_NS: &str = "smithy.synthetic";

/// Lowers the operations selected by `config` and the closure of shapes they need.
pub fn lower(model: &Model, config: &Config, diags: &mut Diagnostics) -> Option<Ir> {
    let Some(service_shape) = model.get(&config.service) else {
        diags.config(
            &config.model,
            format!("service {} is not in the model", config.service),
        );
        return None;
    };
    let AstShape::Service(service) = service_shape.into_owned() else {
        diags.shape(&config.service, "is not a service shape");
        return None;
    };
    if !service.traits.contains_key(traits::REST_JSON1) {
        // One diagnostic, and nothing else: every operation of another
        // protocol would otherwise add its own complaint (no @http, ...).
        let used: Vec<&str> = service
            .traits
            .keys()
            .map(String::as_str)
            .filter(|t| traits::is_protocol(t))
            .collect();
        let uses = match used.as_slice() {
            [] => "declares no protocol trait".to_owned(),
            [one] => format!("uses the {one} protocol"),
            many => format!("uses the protocols {}", many.join(", ")),
        };
        diags.shape(
            &config.service,
            format!(
                "the service {uses}; this generator supports {} only",
                traits::REST_JSON1
            ),
        );
        return None;
    }

    // Operations of the service, by name.
    let mut all_ops = BTreeMap::new();
    collect_operations(model, &service, &mut all_ops, diags);
    for wanted in &config.operations {
        if wanted != "*" && !all_ops.contains_key(wanted) {
            diags.config(
                &config.model,
                format!(
                    "operation {wanted} is not an operation of {}",
                    config.service
                ),
            );
        }
    }
    for excluded in config.exclude_operations.keys() {
        if !all_ops.contains_key(excluded) {
            diags.config(
                &config.model,
                format!(
                    "excluded operation {excluded} is not an operation of {}",
                    config.service
                ),
            );
        }
    }
    let selected: Vec<(String, String)> = all_ops
        .into_iter()
        .filter(|(name, _)| config.selects(name))
        .collect();

    let mut cx = Lowering::new(model, &service, diags);
    cx.protocol_tests = config.protocol_tests;
    cx.customization = customize::for_service(&config.service);
    for (_, op_id) in &selected {
        cx.visit_operation(op_id);
    }
    cx.assign_refs();
    let mut operations: Vec<ir::Operation> = selected
        .iter()
        .filter_map(|(name, id)| cx.lower_operation(name, id))
        .collect();
    let mut shapes = cx.lower_shapes();
    shapes::mark_usage(&mut shapes, &operations);
    recursion::mark_boxed(&mut shapes);
    recursion::check_collections(&shapes, cx.diags);
    recursion::check_required_cycles(&shapes, cx.diags);
    let event_streams = event_stream::lower(&mut cx);
    let error_messages = http::resolve_messages(&shapes, &event_streams, &mut operations);
    for op in &operations {
        if op.request.event_stream_member().is_some() || op.response.event_stream_member().is_some()
        {
            cx.diags.warn_shape(
                &op.id,
                "has an event stream: the generated command line (feature `cli`) leaves it out, \
                 as the AWS CLI v1 does",
            );
        }
    }
    let service = cx.lower_service(&config.service, &service);
    let error_tests = cx.error_tests(&operations);
    if cx.diags.is_empty() {
        Some(Ir {
            service,
            shapes,
            operations,
            error_tests,
            error_messages,
            event_streams,
        })
    } else {
        None
    }
}

pub(crate) fn collect_operations(
    model: &Model,
    service: &ast::Service,
    out: &mut BTreeMap<String, String>,
    diags: &mut Diagnostics,
) {
    let mut queue: Vec<String> = service
        .operations
        .iter()
        .map(|t| t.target.clone())
        .collect();
    let mut resources: Vec<String> = service.resources.iter().map(|t| t.target.clone()).collect();
    let mut seen = BTreeSet::new();
    while let Some(res) = resources.pop() {
        if !seen.insert(res.clone()) {
            continue;
        }
        let Some(AstShape::Resource(r)) = model.get(&res).map(|c| c.into_owned()) else {
            diags.shape(&res, "bound as a resource but not a resource shape");
            continue;
        };
        for (key, value) in &r.bindings {
            let targets: Vec<&Value> = match value {
                Value::Array(items) => items.iter().collect(),
                v @ Value::Object(_) => vec![v],
                _ => continue,
            };
            for t in targets {
                let Some(id) = t.get("target").and_then(Value::as_str) else {
                    continue;
                };
                match key.as_str() {
                    "resources" => resources.push(id.to_owned()),
                    "create"
                    | "put"
                    | "read"
                    | "update"
                    | "delete"
                    | "list"
                    | "operations"
                    | "collectionOperations" => queue.push(id.to_owned()),
                    _ => {}
                }
            }
        }
    }
    for id in queue {
        let name = shape_name(&id).to_owned();
        out.insert(name, id);
    }
}

/// The name part of an absolute shape id.
pub fn shape_name(id: &str) -> &str {
    let name = id.split_once('#').map_or(id, |(_, n)| n);
    name.split_once('$').map_or(name, |(n, _)| n)
}

/// State of one lowering.
struct Lowering<'a> {
    model: &'a Model,
    service: &'a ast::Service,
    diags: &'a mut Diagnostics,
    /// Shape ids of the closure (set while visiting).
    closure: BTreeSet<String>,
    /// Operations' synthesized empty inputs/outputs: id -> name.
    synthetic: BTreeMap<String, String>,
    /// Operation inputs, outputs and errors: their members carry HTTP bindings.
    io: BTreeSet<String>,
    /// Operation input structures (their defaulted members are client-optional).
    inputs: BTreeSet<String>,
    refs: BTreeMap<String, ShapeRef>,
    /// Read the `smithy.test` traits too.
    protocol_tests: bool,
    /// What the AWS SDKs add to this service beyond its model.
    customization: Option<&'static customize::Customization>,
}

impl<'a> Lowering<'a> {
    fn new(model: &'a Model, service: &'a ast::Service, diags: &'a mut Diagnostics) -> Self {
        Self {
            model,
            service,
            diags,
            closure: BTreeSet::new(),
            synthetic: BTreeMap::new(),
            io: BTreeSet::new(),
            inputs: BTreeSet::new(),
            refs: BTreeMap::new(),
            protocol_tests: false,
            customization: None,
        }
    }

    fn get(&self, id: &str) -> Option<AstShape> {
        self.model.get(id).map(|c| c.into_owned())
    }

    fn io_target(&mut self, op_id: &str, target: Option<&ast::Target>, suffix: &str) -> String {
        match target {
            Some(t) if t.target != prelude::UNIT => t.target.clone(),
            _ => {
                let name = format!("{}{suffix}", shape_name(op_id));
                let id = format!("{SYNTHETIC_NS}#{name}");
                self.synthetic.insert(id.clone(), name);
                id
            }
        }
    }

    fn visit_operation(&mut self, op_id: &str) {
        let Some(AstShape::Operation(op)) = self.get(op_id) else {
            self.diags
                .shape(op_id, "bound as an operation but not an operation shape");
            return;
        };
        let input = self.io_target(op_id, op.input.as_ref(), "Input");
        let output = self.io_target(op_id, op.output.as_ref(), "Output");
        self.inputs.insert(input.clone());
        for id in [input, output] {
            self.io.insert(id.clone());
            self.visit_shape(&id, op_id);
        }
        for e in op.errors.iter().chain(&self.service.errors) {
            self.io.insert(e.target.clone());
            self.visit_shape(&e.target.clone(), op_id);
        }
    }

    /// Adds `id` and everything it targets to the closure (iteratively: a
    /// chain of shapes may be as deep as the model is long).
    fn visit_shape(&mut self, id: &str, from: &str) {
        let mut stack = vec![(id.to_owned(), from.to_owned())];
        while let Some((id, from)) = stack.pop() {
            if self.synthetic.contains_key(&id) {
                self.closure.insert(id);
                continue;
            }
            if self.closure.contains(&id) {
                continue;
            }
            let Some(shape) = self.model.get(&id) else {
                self.diags.shape(
                    &from,
                    format!("targets {id}, which is not defined in the model"),
                );
                continue;
            };
            let targets: Vec<String> = match &*shape {
                AstShape::List(l) => vec![l.member.target.clone()],
                AstShape::Map(m) => vec![m.key.target.clone(), m.value.target.clone()],
                AstShape::Structure(a) | AstShape::Union(a) => {
                    a.members.values().map(|m| m.target.clone()).collect()
                }
                _ => vec![],
            };
            self.closure.insert(id.clone());
            // Reversed, so members are visited in model order.
            stack.extend(targets.into_iter().rev().map(|t| (t, id.clone())));
        }
    }

    fn assign_refs(&mut self) {
        for (i, id) in self.closure.iter().enumerate() {
            self.refs.insert(id.clone(), ShapeRef(i as u32));
        }
    }

    fn shape_ref(&self, id: &str) -> Option<ShapeRef> {
        self.refs.get(id).copied()
    }

    fn lower_operation(&mut self, name: &str, id: &str) -> Option<ir::Operation> {
        let Some(AstShape::Operation(op)) = self.get(id) else {
            return None;
        };
        let input_id = self.io_target(id, op.input.as_ref(), "Input");
        let output_id = self.io_target(id, op.output.as_ref(), "Output");
        let input = self.shape_ref(&input_id)?;
        let output = self.shape_ref(&output_id)?;
        let mut errors = Vec::new();
        for e in op.errors.iter().chain(&self.service.errors) {
            let Some(r) = self.shape_ref(&e.target) else {
                continue;
            };
            match self.get(&e.target) {
                Some(AstShape::Structure(s)) if s.traits.contains_key(traits::ERROR) => {
                    if !errors.contains(&r) {
                        errors.push(r);
                    }
                }
                _ => self.diags.shape(
                    id,
                    format!(
                        "error {} is not a structure with the @error trait",
                        e.target
                    ),
                ),
            }
        }
        for (t, why) in traits::UNSUPPORTED {
            if op.traits.contains_key(*t) {
                self.diags.shape(id, format!("{why} ({t})"));
            }
        }
        let input_members = self.input_members(&input_id);
        let (mut request_compression, checksum) =
            body_traits(id, &op.traits, &input_members, self.diags);
        if let Some(AstShape::Structure(s)) = self.get(&input_id) {
            // A streaming body is sent as it is.
            let streams = s.members.values().any(|m| {
                self.get(&m.target)
                    .is_some_and(|t| t.traits().contains_key(traits::STREAMING))
            });
            if streams {
                request_compression.clear();
            }
        }
        let host_prefix = http::lower_host_prefix(id, &op.traits, &input_members, self.diags);
        let http = http::lower_http(id, &op.traits, input_members, self.diags)?;
        let tests = if self.protocol_tests {
            protocol_tests::operation_tests(self.diags, id, &op.traits)
        } else {
            Default::default()
        };
        Some(ir::Operation {
            id: id.to_owned(),
            name: name.to_owned(),
            input,
            output,
            errors,
            request: ir::Message::empty(input),
            response: ir::Message::empty(output),
            http,
            docs: doc_of(&op.traits),
            deprecated: deprecation(&op.traits),
            paginated: paginated(&op.traits, &self.service.traits),
            host_prefix,
            tests,
            auth: auth::operation_auth(self.service, id, &op.traits, self.diags),
            endpoint_params: auth::endpoint_params(
                self.model, id, &op.traits, &input_id, self.diags,
            ),
            request_compression,
            checksum,
            extra_headers: self
                .customization
                .map(|c| c.request_headers(&self.service.version))
                .unwrap_or_default(),
            request_hook: self.customization.and_then(|c| c.hook(name)),
        })
    }

    fn input_members(&self, input_id: &str) -> Vec<(String, ast::Traits)> {
        match self.get(input_id) {
            Some(AstShape::Structure(s)) => s
                .members
                .iter()
                .map(|(n, m)| (n.clone(), m.traits.clone()))
                .collect(),
            _ => vec![],
        }
    }

    fn lower_shapes(&mut self) -> Vec<ir::Shape> {
        let ids: Vec<String> = self.closure.iter().cloned().collect();
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let shape = if let Some(name) = self.synthetic.get(&id) {
                ir::Shape {
                    id: id.clone(),
                    name: name.clone(),
                    kind: ir::Kind::Structure {
                        members: vec![],
                        error: None,
                    },
                    docs: None,
                    deprecated: None,
                    sensitive: false,
                    usage: Default::default(),
                }
            } else {
                let ast = self.get(&id).expect("closure shapes exist");
                shapes::lower_shape(self, &id, &ast)
            };
            out.push(shape);
        }
        out
    }

    /// The response tests of error structures, each read through the first
    /// operation (by name) that can return the error.
    fn error_tests(&mut self, operations: &[ir::Operation]) -> Vec<ir::ErrorTests> {
        if !self.protocol_tests {
            return vec![];
        }
        let mut out: Vec<ir::ErrorTests> = Vec::new();
        for op in operations {
            for e in &op.errors {
                if out.iter().any(|t| t.error == *e) {
                    continue;
                }
                let Some((id, _)) = self.refs.iter().find(|(_, r)| **r == *e) else {
                    continue;
                };
                let id = id.clone();
                let Some(shape) = self.get(&id) else { continue };
                let response = protocol_tests::response_tests(self.diags, &id, shape.traits());
                if !response.is_empty() {
                    out.push(ir::ErrorTests {
                        error: *e,
                        response,
                    });
                }
            }
        }
        out
    }

    fn lower_service(&mut self, id: &str, service: &ast::Service) -> ir::Service {
        let aws = service.traits.get(traits::AWS_SERVICE);
        let sdk_id = aws
            .and_then(|v| v.get("sdkId"))
            .and_then(Value::as_str)
            .map_or_else(|| shape_name(id).to_owned(), str::to_owned);
        let signing_name = service
            .traits
            .get(traits::SIGV4)
            .and_then(|v| v.get("name"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        ir::Service {
            id: id.to_owned(),
            sdk_id,
            version: service.version.clone(),
            signing_name,
            title: service
                .traits
                .get(traits::TITLE)
                .and_then(Value::as_str)
                .map(str::to_owned),
            docs: doc_of(&service.traits),
            endpoint_rules: service
                .traits
                .get(traits::ENDPOINT_RULE_SET)
                .map(|v| v.to_string()),
            endpoint_url_in_rules: service
                .traits
                .get(traits::ENDPOINT_RULE_SET)
                .and_then(|rules| rules.get("parameters"))
                .and_then(Value::as_object)
                .is_some_and(|params| {
                    params
                        .values()
                        .any(|p| p.get("builtIn").and_then(Value::as_str) == Some("SDK::Endpoint"))
                }),
            endpoint_tests: service
                .traits
                .get(traits::ENDPOINT_TESTS)
                .map(|v| v.to_string()),
            deprecated: deprecation(&service.traits),
        }
    }
}

/// The documentation trait as Markdown.
fn doc_of(t: &ast::Traits) -> Option<String> {
    t.get(traits::DOCUMENTATION)
        .and_then(Value::as_str)
        .and_then(docs::to_markdown)
}

/// `@deprecated`, if present.
fn deprecation(t: &ast::Traits) -> Option<ir::Deprecation> {
    let v = t.get(traits::DEPRECATED)?;
    Some(ir::Deprecation {
        message: v.get("message").and_then(Value::as_str).map(str::to_owned),
        since: v.get("since").and_then(Value::as_str).map(str::to_owned),
    })
}

fn paginated(op: &ast::Traits, service: &ast::Traits) -> Option<ir::Paginated> {
    let p = op.get(traits::PAGINATED)?;
    let s = service.get(traits::PAGINATED);
    let field = |k: &str| {
        p.get(k)
            .or_else(|| s.and_then(|s| s.get(k)))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    Some(ir::Paginated {
        input_token: field("inputToken"),
        output_token: field("outputToken"),
        items: field("items"),
        page_size: field("pageSize"),
    })
}

/// `@requestCompression` encodings and the checksum traits of an operation.
fn body_traits(
    id: &str,
    t: &ast::Traits,
    input_members: &[(String, ast::Traits)],
    diags: &mut Diagnostics,
) -> (Vec<String>, Option<ir::HttpChecksum>) {
    let strings = |v: Option<&Value>| -> Vec<String> {
        v.and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let compression = strings(
        t.get(traits::REQUEST_COMPRESSION)
            .and_then(|v| v.get("encodings")),
    );
    let mut member = |key: &str, v: &Value| {
        let name = v.get(key).and_then(Value::as_str)?;
        let i = input_members.iter().position(|(n, _)| n == name);
        if i.is_none() {
            diags.shape(
                id,
                format!("aws.protocols#httpChecksum {key} names no input member {name:?}"),
            );
        }
        i
    };
    let checksum = match t.get(traits::HTTP_CHECKSUM) {
        Some(v) => Some(ir::HttpChecksum {
            required: t.contains_key(traits::HTTP_CHECKSUM_REQUIRED)
                || v.get("requestChecksumRequired").and_then(Value::as_bool) == Some(true),
            flexible: true,
            algorithm_member: member("requestAlgorithmMember", v),
            validation_mode_member: member("requestValidationModeMember", v),
            response_algorithms: strings(v.get("responseAlgorithms")),
        }),
        None if t.contains_key(traits::HTTP_CHECKSUM_REQUIRED) => Some(ir::HttpChecksum {
            required: true,
            ..Default::default()
        }),
        None => None,
    };
    (compression, checksum)
}
