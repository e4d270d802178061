//! `@operationContextParams`: the paths the generator evaluates (`A.B`,
//! `A[*].B`, `keys(A)`) lower to endpoint parameters; any other path is a
//! diagnostic at the operation naming the parameter and the path. The
//! generated code itself is compiled and run by the context-params fixture
//! (tests/fixtures/context-params, tests/tests/fixture_context_params.rs).

use serde_json::{json, Value};
use smithy_codegen::{generate, Config, Diagnostic, GeneratedFile};

fn config() -> Config {
    serde_json::from_value(json!({
        "model": "model.json",
        "service": "ex#Svc",
        "crate_name": "ex",
        "out_dir": "out",
        "operations": ["*"],
    }))
    .expect("a valid config")
}

/// `ex#Op` (POST /) with `@operationContextParams` `params`; its input has
/// a structure `A` (string `B`, integer `Count`, list `L` of structures with
/// a string `C`), a list `Names` of strings, a map `Tags`, a boolean `Flag`.
fn model(params: Value) -> Value {
    json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": { "type": "service", "version": "1", "operations": [{ "target": "ex#Op" }],
                        "traits": { "aws.protocols#restJson1": {} } },
            "ex#Op": { "type": "operation", "input": { "target": "ex#OpInput" },
                       "traits": { "smithy.api#http": { "method": "POST", "uri": "/" },
                                   "smithy.rules#operationContextParams": params } },
            "ex#OpInput": { "type": "structure", "members": {
                "A": { "target": "ex#A" },
                "Names": { "target": "ex#Names" },
                "Tags": { "target": "ex#Tags" },
                "Flag": { "target": "smithy.api#Boolean" } } },
            "ex#A": { "type": "structure", "members": {
                "B": { "target": "smithy.api#String" },
                "Count": { "target": "smithy.api#Integer" },
                "L": { "target": "ex#L" } } },
            "ex#L": { "type": "list", "member": { "target": "ex#Item" } },
            "ex#Item": { "type": "structure", "members": {
                "C": { "target": "smithy.api#String" },
                "Names": { "target": "ex#Names" } } },
            "ex#Names": { "type": "list", "member": { "target": "smithy.api#String" } },
            "ex#Tags": { "type": "map", "key": { "target": "smithy.api#String" },
                         "value": { "target": "smithy.api#String" } }
        }
    })
}

fn generated(params: Value) -> Vec<GeneratedFile> {
    match generate(&config(), "model.json", &model(params).to_string()) {
        Ok(files) => files,
        Err(d) => panic!("expected output, got {d:#?}"),
    }
}

fn diags(params: Value) -> Vec<String> {
    match generate(&config(), "model.json", &model(params).to_string()) {
        Ok(files) => panic!("expected diagnostics, got {} files", files.len()),
        Err(d) => d.iter().map(Diagnostic::to_string).collect(),
    }
}

#[test]
fn supported_paths_bind_endpoint_parameters() {
    let files = generated(json!({
        "P1": { "path": "A.B" },
        "P2": { "path": "A.L[*].C" },
        "P3": { "path": "keys(Tags)" },
        "P4": { "path": "Names" },
        "P5": { "path": "Flag" }
    }));
    let op = files
        .iter()
        .find(|f| f.path == "src/operation/op.rs")
        .map(|f| f.contents.as_str())
        .expect("the operation module");
    let body = op
        .split("fn endpoint_params(")
        .nth(1)
        .expect("an endpoint_params fn");
    for (name, kind) in [
        ("P1", "EndpointParam::String("),
        ("P2", "EndpointParam::StringArray("),
        ("P3", "EndpointParam::StringArray("),
        ("P4", "EndpointParam::StringArray("),
        ("P5", "EndpointParam::Bool("),
    ] {
        let at = body
            .find(&format!("\"{name}\""))
            .unwrap_or_else(|| panic!("{name} is bound: {body}"));
        let value = body[at..]
            .find("EndpointParam::")
            .map(|i| &body[at + i..])
            .unwrap_or_default();
        assert!(value.starts_with(kind), "{name}: {body}");
    }
    assert!(body.contains("for item in"), "the projection loops: {body}");
    assert!(body.contains(".keys()"), "keys(Tags): {body}");
}

#[test]
fn paths_that_cannot_be_evaluated_are_diagnostics_with_the_path() {
    for (path, why) in [
        ("A.Missing", "ex#A has no member `Missing`"),
        ("A.Count", "the path ends at smithy.api#Integer"),
        ("A.L[*].Names[*]", "a nested projection"),
        (
            "A.L[*].Names",
            "the path ends at ex#Names, not a string or enum for each item",
        ),
        ("A.L", "the path ends at ex#L"),
        ("Names[0]", "`Names[0]` is not a member name"),
        ("length(Names)", "is not a member name"),
        ("keys(Names)", "not a map with string keys"),
        (
            "Flag[*]",
            "`[*]` applies to smithy.api#Boolean, which is not a list",
        ),
        (
            "A.B.C",
            "`C` is looked up in smithy.api#String, which is not a structure",
        ),
        ("", "`` is not a member name"),
    ] {
        let d = diags(json!({ "P": { "path": path } }));
        assert_eq!(d.len(), 1, "{path}: {d:?}");
        let expected = format!(
            "error: ex#Op: smithy.rules#operationContextParams P: cannot evaluate the path `{path}` on ex#OpInput: "
        );
        assert!(d[0].starts_with(&expected), "{path}: {d:?}");
        assert!(d[0].contains(why), "{path}: {d:?}");
    }
}

#[test]
fn a_parameter_without_a_path_is_a_diagnostic() {
    let d = diags(json!({ "P": { "value": "A.B" } }));
    assert_eq!(
        d,
        vec!["error: ex#Op: smithy.rules#operationContextParams P: no \"path\" string".to_owned()]
    );
}
