//! Lowering of the features the protocol suite needs: host prefixes,
//! streaming blobs, event streams, excluded operations, and the
//! generated protocol tests file.

use serde_json::json;
use smithy_codegen::{generate, Config, Diagnostic};

fn config(extra: serde_json::Value) -> Config {
    let mut c = json!({
        "model": "model.json",
        "service": "ex#Svc",
        "crate_name": "ex",
        "out_dir": "out",
        "operations": ["*"],
    });
    if let (Some(c), Some(extra)) = (c.as_object_mut(), extra.as_object()) {
        c.extend(extra.clone());
    }
    serde_json::from_value(c).expect("a valid config")
}

fn model(op_traits: serde_json::Value, input_members: serde_json::Value) -> serde_json::Value {
    json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": { "type": "service", "version": "1", "operations": [{ "target": "ex#Op" }],
                        "traits": { "aws.protocols#restJson1": {} } },
            "ex#Op": { "type": "operation", "input": { "target": "ex#OpInput" }, "traits": op_traits },
            "ex#OpInput": { "type": "structure", "members": input_members },
            "ex#Events": { "type": "union", "members": { "a": { "target": "smithy.api#String" } },
                           "traits": { "smithy.api#streaming": {} } },
            "ex#Data": { "type": "blob", "traits": { "smithy.api#streaming": {} } }
        }
    })
}

fn diags(config: &Config, model: &serde_json::Value) -> Vec<String> {
    match generate(config, "model.json", &model.to_string()) {
        Ok(files) => panic!("expected diagnostics, got {} files", files.len()),
        Err(d) => d.iter().map(Diagnostic::to_string).collect(),
    }
}

#[test]
fn host_prefix_labels_must_be_host_label_members() {
    let m = model(
        json!({ "smithy.api#http": { "method": "POST", "uri": "/" },
                "smithy.api#endpoint": { "hostPrefix": "{label}.{other}." } }),
        json!({ "label": { "target": "smithy.api#String",
                           "traits": { "smithy.api#hostLabel": {}, "smithy.api#required": {} } } }),
    );
    let d = diags(&config(json!({})), &m);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].contains("ex#Op: @endpoint hostPrefix label {other}"),
        "{d:?}"
    );
}

#[test]
fn event_stream_members_must_be_structures_and_streaming_blobs_must_be_payloads() {
    let m = model(
        json!({ "smithy.api#http": { "method": "POST", "uri": "/" } }),
        json!({ "events": { "target": "ex#Events", "traits": { "smithy.api#httpPayload": {} } },
                "data": { "target": "ex#Data" } }),
    );
    let d = diags(&config(json!({})), &m);
    assert!(
        d.iter()
            .any(|d| d.contains("ex#Events$a: a member of an event stream must target a structure")),
        "{d:?}"
    );
    assert!(
        d.iter()
            .any(|d| d.contains("ex#OpInput$data: a @streaming blob must be the @httpPayload")),
        "{d:?}"
    );
}

#[test]
fn excluded_operations_must_exist_and_are_left_out() {
    let m = model(json!({}), json!({}));
    let d = diags(
        &config(json!({ "exclude_operations": { "Nope": "why" } })),
        &m,
    );
    assert!(
        d.iter()
            .any(|d| d.contains("excluded operation Nope is not an operation of ex#Svc")),
        "{d:?}"
    );
    // `ex#Op` has no @http trait; leaving it out makes the model generate.
    let files = generate(
        &config(json!({ "exclude_operations": { "Op": "no @http" } })),
        "model.json",
        &m.to_string(),
    )
    .expect("generates without the operation");
    assert!(!files.iter().any(|f| f.path.contains("operation/op.rs")));
}

#[test]
fn protocol_tests_are_generated_for_client_cases_only() {
    let case = |id: &str, applies: &str| {
        json!({ "id": id, "protocol": "aws.protocols#restJson1", "method": "POST", "uri": "/",
                "appliesTo": applies, "params": { "label": "bar" } })
    };
    let m = model(
        json!({ "smithy.api#http": { "method": "POST", "uri": "/" },
                "smithy.api#endpoint": { "hostPrefix": "foo.{label}." },
                "smithy.test#httpRequestTests": [case("ClientCase", "client"), case("ServerCase", "server")] }),
        json!({ "label": { "target": "smithy.api#String",
                           "traits": { "smithy.api#hostLabel": {}, "smithy.api#required": {} } } }),
    );
    let files = generate(
        &config(json!({ "protocol_tests": true })),
        "model.json",
        &m.to_string(),
    )
    .expect("generates");
    let tests = files
        .iter()
        .find(|f| f.path == "tests/protocol_tests.rs")
        .expect("a protocol tests file");
    assert!(tests.contents.contains("fn request_client_case()"));
    assert!(!tests.contents.contains("server_case"));
    let op = files
        .iter()
        .find(|f| f.path == "src/operation/op.rs")
        .expect("the operation");
    assert!(op.contents.contains("push_host_label"));
}

#[test]
fn an_input_event_stream_is_sent_after_the_head_and_left_out_of_the_cli() {
    let mut m = model(
        json!({ "smithy.api#http": { "method": "POST", "uri": "/" } }),
        json!({ "events": { "target": "ex#Events", "traits": { "smithy.api#httpPayload": {} } } }),
    );
    m["shapes"]["ex#Events"] = json!({ "type": "union", "traits": { "smithy.api#streaming": {} },
        "members": { "ping": { "target": "ex#Ping" }, "oops": { "target": "ex#Oops" } } });
    m["shapes"]["ex#Ping"] = json!({ "type": "structure", "members": {
        "seq": { "target": "smithy.api#Long", "traits": { "smithy.api#eventHeader": {} } },
        "data": { "target": "smithy.api#Blob", "traits": { "smithy.api#eventPayload": {} } } } });
    m["shapes"]["ex#Oops"] = json!({ "type": "structure", "traits": { "smithy.api#error": "server" },
        "members": { "message": { "target": "smithy.api#String" } } });
    let files = generate(&config(json!({})), "model.json", &m.to_string()).expect("generates");
    let file = |path: &str| {
        files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.contents.as_str())
            .unwrap_or_else(|| panic!("no {path}"))
    };
    let op = file("src/operation/op.rs");
    assert!(op.contains("fn input_event_stream("), "{op}");
    assert!(op.contains("::smithy_rt::event_stream::EventStream<"));
    assert!(op.contains("crate::types::error::EventsError"));
    assert!(op.contains("application/vnd.amazon.eventstream"));
    let codec = file("src/protocol/event_stream.rs");
    assert!(codec.contains("pub fn marshal_events("));
    assert!(codec.contains("pub fn unmarshal_events("));
    assert!(codec.contains("codec::push_header(&mut message, \"seq\", &value.seq)?"));
    assert!(file("src/types/error.rs").contains("pub enum EventsError {"));
    let cli = file("src/cli.rs");
    assert!(cli.contains("Operations with an event stream are left out"));
    assert!(!cli.contains("impl Command for crate::operation::op::Op"));
}
