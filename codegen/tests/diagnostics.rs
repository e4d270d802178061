//! Bad models produce diagnostics that name the shape (or file and JSON
//! pointer), all reported together, and no output.

use smithy_codegen::{generate, Config, Diagnostic};

fn config(ops: &[&str]) -> Config {
    serde_json::from_value(serde_json::json!({
        "model": "model.json",
        "service": "ex#Svc",
        "crate_name": "ex",
        "out_dir": "out",
        "operations": ops,
    }))
    .expect("a valid config")
}

fn run(model: serde_json::Value, ops: &[&str]) -> Vec<String> {
    match generate(&config(ops), "model.json", &model.to_string()) {
        Ok(files) => panic!("expected diagnostics, got {} files", files.len()),
        Err(diags) => diags.iter().map(Diagnostic::to_string).collect(),
    }
}

fn service(ops: &[&str]) -> serde_json::Value {
    let ops: Vec<_> = ops
        .iter()
        .map(|o| serde_json::json!({ "target": format!("ex#{o}") }))
        .collect();
    serde_json::json!({ "type": "service", "version": "1", "operations": ops, "traits": { "aws.protocols#restJson1": {} } })
}

#[test]
fn unparsable_documents_point_at_the_file() {
    let diags = match generate(&config(&["*"]), "model.json", "{ not json") {
        Err(d) => d,
        Ok(_) => panic!(),
    };
    assert_eq!(diags.len(), 1);
    assert!(
        diags[0]
            .to_string()
            .starts_with("error: model.json:: not a Smithy JSON AST document"),
        "{}",
        diags[0]
    );
}

#[test]
fn malformed_shapes_point_into_the_file() {
    let model = serde_json::json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": service(&[]),
            "ex#Broken/Name": { "type": "list" },
            "ex#NoNamespace": { "type": "strang" }
        }
    });
    let diags = run(model, &["*"]);
    assert_eq!(diags.len(), 2, "{diags:#?}");
    assert!(
        diags[0].starts_with(
            "error: model.json:/shapes/ex#Broken~1Name: invalid shape: missing field `member`"
        ),
        "{}",
        diags[0]
    );
    assert!(
        diags[1].contains("/shapes/ex#NoNamespace: invalid shape: unknown variant `strang`"),
        "{}",
        diags[1]
    );
}

#[test]
fn unsupported_features_and_bad_references_are_all_reported_with_shape_ids() {
    let model = serde_json::json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": service(&["Upload", "Get"]),
            "ex#Upload": {
                "type": "operation",
                "input": { "target": "ex#UploadInput" },
                "traits": {
                    "smithy.api#http": { "method": "POST", "uri": "/up/{Id}" },
                    "smithy.api#requestCompression": { "encodings": ["gzip"] }
                }
            },
            "ex#UploadInput": {
                "type": "structure",
                "members": {
                    "Body": { "target": "ex#Stream", "traits": { "smithy.api#httpPayload": {} } },
                    "Other": { "target": "ex#Missing" },
                    "Big": { "target": "ex#BigNum" },
                    "Count": { "target": "smithy.api#Integer", "traits": { "smithy.api#required": {}, "smithy.api#default": "ten" } },
                    "Name": { "target": "smithy.api#String", "traits": { "smithy.api#pattern": "(unclosed" } }
                }
            },
            "ex#Stream": { "type": "union", "members": { "a": { "target": "smithy.api#String" } }, "traits": { "smithy.api#streaming": {} } },
            "ex#BigNum": { "type": "bigInteger", "traits": { "smithy.api#range": { "min": 1 } } },
            "ex#Get": { "type": "operation" }
        }
    });
    let diags = run(model, &["*"]);
    let joined = diags.join("\n");
    for expected in [
        "error: ex#Get: has no @http trait",
        "error: ex#Stream$a: a member of an event stream must target a structure",
        "error: ex#UploadInput: targets ex#Missing, which is not defined in the model",
        "error: ex#Upload: URI label {Id} has no input member called Id",
        "error: ex#UploadInput$Count: @default \"ten\" is not a value of the target shape",
        "error: ex#UploadInput$Big: @range on bigInteger/bigDecimal is not supported yet",
    ] {
        assert!(
            joined.contains(expected),
            "missing {expected:?} in\n{joined}"
        );
    }
}

#[test]
fn event_streams_that_cannot_be_sent_are_reported_with_shape_ids() {
    let op = |input: &str, output: &str| {
        serde_json::json!({
            "type": "operation",
            "input": { "target": input },
            "output": { "target": output },
            "traits": { "smithy.api#http": { "method": "POST", "uri": format!("/{}", &input[3..]) } }
        })
    };
    let model = serde_json::json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": service(&["Send", "Nested"]),
            "ex#Send": op("ex#SendInput", "ex#SendOutput"),
            "ex#Nested": op("ex#NestedInput", "smithy.api#Unit"),
            "ex#SendInput": { "type": "structure", "members": {
                "stream": { "target": "ex#Events", "traits": { "smithy.api#httpPayload": {} } }
            } },
            "ex#SendOutput": { "type": "structure", "members": {
                "stream": { "target": "ex#Events" }
            } },
            "ex#NestedInput": { "type": "structure", "members": {
                "items": { "target": "ex#EventList" },
                "header": { "target": "ex#Loose" }
            } },
            "ex#EventList": { "type": "list", "member": { "target": "ex#Events" } },
            "ex#Loose": { "type": "structure", "members": {
                "h": { "target": "smithy.api#String", "traits": { "smithy.api#eventHeader": {} } }
            } },
            "ex#Events": { "type": "union", "traits": { "smithy.api#streaming": {} }, "members": {
                "twoPayloads": { "target": "ex#TwoPayloads" },
                "badHeader": { "target": "ex#BadHeader" },
                "extra": { "target": "ex#Extra" },
                "fault": { "target": "ex#Fault" }
            } },
            "ex#TwoPayloads": { "type": "structure", "members": {
                "a": { "target": "smithy.api#Blob", "traits": { "smithy.api#eventPayload": {} } },
                "b": { "target": "smithy.api#String", "traits": { "smithy.api#eventPayload": {} } }
            } },
            "ex#BadHeader": { "type": "structure", "members": {
                "h": { "target": "smithy.api#Double", "traits": { "smithy.api#eventHeader": {} } }
            } },
            "ex#Extra": { "type": "structure", "members": {
                "p": { "target": "smithy.api#Blob", "traits": { "smithy.api#eventPayload": {} } },
                "other": { "target": "smithy.api#String" }
            } },
            "ex#Fault": { "type": "structure", "traits": { "smithy.api#error": "client" }, "members": {
                "message": { "target": "smithy.api#String" }
            } }
        }
    });
    let diags = run(model, &["*"]);
    let joined = diags.join("\n");
    for expected in [
        "error: ex#SendOutput$stream: targets the event stream ex#Events (a @streaming union), which can only be the @httpPayload member of an operation input or output",
        "error: ex#EventList$member: targets the event stream ex#Events",
        "error: ex#TwoPayloads: an event structure can have only one @eventPayload member",
        "error: ex#BadHeader$h: @eventHeader must target a boolean, byte, short, integer, long, blob, string or timestamp",
        "error: ex#Extra$other: an event structure with an @eventPayload member can have no other members than @eventHeader ones",
        "error: ex#Loose$h: smithy.api#eventHeader applies only to members of an event stream's event structures",
    ] {
        assert!(
            joined.contains(expected),
            "missing {expected:?} in\n{joined}"
        );
    }
    assert!(!joined.contains("ex#SendInput"), "{joined}");
}

#[test]
fn unknown_operations_in_the_config_are_reported() {
    let model = serde_json::json!({ "smithy": "2.0", "shapes": { "ex#Svc": service(&[]) } });
    let diags = run(model, &["Nope"]);
    assert_eq!(
        diags,
        ["error: model.json: operation Nope is not an operation of ex#Svc"]
    );
}
