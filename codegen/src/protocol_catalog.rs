//! Every protocol test case of a job's service, whether it is generated or
//! not and why: what `cargo xtask protocol-report` lists, so that no case is
//! silently left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::emit::protocol_tests::{checks_validation, test_fn_name};
use crate::ir::AppliesTo;
use crate::lower::{collect_operations, protocol_tests};
use crate::smithy::ast::Shape;
use crate::smithy::model::Model;

/// One test case (a `testParameters` case of a malformed-request test is
/// part of its definition's entry).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// `request`, `response`, `malformed` or `event_stream`.
    pub group: &'static str,
    /// The test id.
    pub id: String,
    /// The operation (or error structure) that carries it.
    pub shape: String,
    /// Why it is not generated, or `None` if it is.
    pub skipped: Option<String>,
    /// The generated test functions (several for `testParameters`).
    pub functions: Vec<String>,
    /// The reason it is known to fail, if it is listed in `known_failures`.
    pub known_failure: Option<String>,
}

/// Every case of the service of the job at `config_path` as the client
/// tests see it, in model order per operation (operations by name), then
/// error structures.
pub fn catalog(config_path: &Path) -> Result<(Config, Vec<Case>), String> {
    catalog_for(config_path, false)
}

/// The same cases as the server tests (`tests/server_protocol_tests.rs`)
/// see them: client-only cases are skipped, every malformed request is run.
pub fn server_catalog(config_path: &Path) -> Result<(Config, Vec<Case>), String> {
    catalog_for(config_path, true)
}

fn catalog_for(config_path: &Path, server: bool) -> Result<(Config, Vec<Case>), String> {
    let text = std::fs::read_to_string(config_path)
        .map_err(|e| format!("{}: {e}", config_path.display()))?;
    let config: Config =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", config_path.display()))?;
    let dir = config_path.parent().unwrap_or(Path::new("."));
    let model_text = std::fs::read_to_string(dir.join(&config.model))
        .map_err(|e| format!("{}: {e}", config.model))?;
    let mut diags = Diagnostics::default();
    let model = Model::parse(&config.model, &model_text, &mut diags);
    let Some(Shape::Service(service)) = model.get(&config.service).map(|s| s.into_owned()) else {
        return Err(format!(
            "{} is not a service of {}",
            config.service, config.model
        ));
    };
    let mut ops = BTreeMap::new();
    collect_operations(&model, &service, &mut ops, &mut diags);
    let mut cases = Vec::new();
    let mut error_ops: Vec<(String, String)> = Vec::new();
    let side = |applies_to: Option<AppliesTo>| match (server, applies_to) {
        (false, Some(AppliesTo::Server)) => {
            Some("applies to servers only (appliesTo: server)".to_owned())
        }
        (true, Some(AppliesTo::Client)) => {
            Some("applies to clients only (appliesTo: client)".to_owned())
        }
        _ => None,
    };
    let known = |id: &str| {
        if server {
            config.server_known_failures.get(id).cloned()
        } else {
            config.known_failures.get(id).cloned()
        }
    };
    for (name, id) in &ops {
        let Some(Shape::Operation(op)) = model.get(id).map(|s| s.into_owned()) else {
            continue;
        };
        let excluded = config
            .exclude_operations
            .get(name)
            .map(|why| format!("operation {name} is not generated: {why}"));
        let tests = protocol_tests::operation_tests(&mut diags, id, &op.traits);
        let case =
            |group: &'static str, test_id: &str, skip: Option<String>, fns: Vec<String>| Case {
                group,
                id: test_id.to_owned(),
                shape: name.clone(),
                functions: if skip.is_some() { vec![] } else { fns },
                skipped: skip,
                known_failure: known(test_id),
            };
        for t in &tests.request {
            let skip = side(t.applies_to).or(excluded.clone());
            cases.push(case(
                "request",
                &t.id,
                skip,
                vec![test_fn_name("request", &t.id, None)],
            ));
        }
        for t in &tests.response {
            let skip = side(t.applies_to).or(excluded.clone());
            cases.push(case(
                "response",
                &t.id,
                skip,
                vec![test_fn_name("response", &t.id, None)],
            ));
        }
        for t in &tests.malformed {
            let skip = if server || checks_validation(t) {
                excluded.clone()
            } else {
                let kind = t
                    .response
                    .headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("x-amzn-errortype"))
                    .map_or("an error", |(_, v)| v.as_str());
                Some(format!(
                    "checks how a server rejects an unreadable request ({} {kind}); a client does not parse requests",
                    t.response.code
                ))
            };
            let n = t.test_parameters.values().map(Vec::len).max().unwrap_or(0);
            let fns = if n == 0 {
                vec![test_fn_name("malformed", &t.id, None)]
            } else {
                (0..n)
                    .map(|i| test_fn_name("malformed", &t.id, Some(i)))
                    .collect()
            };
            cases.push(case("malformed", &t.id, skip, fns));
        }
        for t in protocol_tests::event_stream_tests(&mut diags, id, &op.traits) {
            let skip = side(t.applies_to).or(excluded.clone());
            let group = crate::emit::event_stream_tests::GROUP;
            let f = test_fn_name(group, &t.id, None);
            cases.push(case(group, &t.id, skip, vec![f]));
        }
        for e in op.errors.iter().chain(&service.errors) {
            error_ops.push((e.target.clone(), name.clone()));
        }
    }
    // Error structures are tested through the first generated operation that returns them.
    let mut seen = BTreeSet::new();
    let generated = |op: &str| !config.exclude_operations.contains_key(op);
    let mut order: Vec<&(String, String)> =
        error_ops.iter().filter(|(_, o)| generated(o)).collect();
    order.extend(error_ops.iter().filter(|(_, o)| !generated(o)));
    for (error, op) in order {
        if !seen.insert(error.clone()) {
            continue;
        }
        let Some(shape) = model.get(error).map(|s| s.into_owned()) else {
            continue;
        };
        let name = crate::lower::shape_name(error).to_owned();
        for t in protocol_tests::response_tests(&mut diags, error, shape.traits()) {
            let skip = if let Some(why) = side(t.applies_to) {
                Some(why)
            } else if !generated(op) {
                Some(format!("every operation returning {name} is left out"))
            } else {
                None
            };
            cases.push(Case {
                group: "response",
                functions: if skip.is_some() {
                    vec![]
                } else {
                    vec![test_fn_name("response", &t.id, None)]
                },
                known_failure: if server {
                    config.server_known_failures.get(&t.id).cloned()
                } else {
                    config.known_failures.get(&t.id).cloned()
                },
                id: t.id,
                shape: name.clone(),
                skipped: skip,
            });
        }
    }
    Ok((config, cases))
}
