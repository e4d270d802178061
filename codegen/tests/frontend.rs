//! The front end on the Smithy features the Chime model does not use:
//! `apply`, mixins, Smithy 1.0 `@enum` strings, `intEnum`, recursion,
//! service renames and prelude targets.

use smithy_codegen::ir::{Ir, Kind};
use smithy_codegen::smithy::model::Model;
use smithy_codegen::{lower, Config, Diagnostics};

fn lower_model(model: serde_json::Value) -> Ir {
    let config: Config = serde_json::from_value(serde_json::json!({
        "model": "m.json", "service": "ex#Svc", "crate_name": "ex", "out_dir": "out", "operations": ["*"]
    }))
    .unwrap();
    let mut diags = Diagnostics::default();
    let model = Model::parse("m.json", &model.to_string(), &mut diags);
    let ir = lower::lower(&model, &config, &mut diags);
    let ir = diags.finish(ir).unwrap_or_else(|d| panic!("{d:#?}"));
    ir.expect("an IR")
}

fn shape<'a>(ir: &'a Ir, id: &str) -> &'a smithy_codegen::ir::Shape {
    ir.shapes
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("{id} not in the closure"))
}

#[test]
fn apply_mixins_enums_recursion_and_renames() {
    let ir = lower_model(serde_json::json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {
                "type": "service", "version": "1",
                "operations": [{ "target": "ex#Op" }],
                "rename": { "other.ns#Widget": "OtherWidget" },
                "traits": { "aws.protocols#restJson1": {} }
            },
            "ex#Op": {
                "type": "operation",
                "input": { "target": "ex#OpInput" },
                "traits": { "smithy.api#http": { "method": "POST", "uri": "/op" } }
            },
            "ex#Common": {
                "type": "structure",
                "members": { "Tag": { "target": "smithy.api#String" } },
                "traits": { "smithy.api#mixin": {}, "smithy.api#documentation": "From the mixin." }
            },
            "ex#OpInput": {
                "type": "structure",
                "mixins": [{ "target": "ex#Common" }],
                "members": {
                    "Color": { "target": "ex#Color" },
                    "Level": { "target": "ex#Level" },
                    "Node": { "target": "ex#Node" },
                    "Widget": { "target": "other.ns#Widget" },
                    "Count": { "target": "smithy.api#Integer" }
                }
            },
            "ex#OpInput$Color": { "type": "apply", "traits": { "smithy.api#required": {} } },
            "ex#Color": {
                "type": "string",
                "traits": { "smithy.api#enum": [ { "value": "red", "name": "RED" }, { "value": "dark-blue" } ] }
            },
            "ex#Level": {
                "type": "intEnum",
                "members": {
                    "LOW": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": 1 } },
                    "HIGH": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": 10 } }
                }
            },
            "ex#Node": {
                "type": "structure",
                "members": {
                    "Next": { "target": "ex#Node" },
                    "Children": { "target": "ex#NodeList" },
                    "Weight": { "target": "smithy.api#PrimitiveInteger" }
                }
            },
            "ex#NodeList": { "type": "list", "member": { "target": "ex#Node" } },
            "other.ns#Widget": { "type": "structure", "members": {} }
        }
    }));
    let input = shape(&ir, "ex#OpInput");
    let names: Vec<&str> = input
        .kind
        .members()
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    // (`json!` sorts object keys, so the input's own members are alphabetical here.)
    assert_eq!(
        names,
        ["Tag", "Color", "Count", "Level", "Node", "Widget"],
        "mixin members come first"
    );
    assert_eq!(
        input.docs.as_deref(),
        Some("From the mixin."),
        "mixin traits are inherited"
    );
    let color = &input.kind.members()[1];
    assert!(color.required, "`apply` added @required");
    match &shape(&ir, "ex#Color").kind {
        Kind::Enum(values) => {
            let v: Vec<(&str, &str)> = values
                .iter()
                .map(|v| (v.name.as_str(), v.value.as_str()))
                .collect();
            assert_eq!(v, [("RED", "red"), ("dark-blue", "dark-blue")]);
        }
        other => panic!("{other:?}"),
    }
    match &shape(&ir, "ex#Level").kind {
        Kind::IntEnum(values) => {
            let v: Vec<(&str, i32)> = values.iter().map(|v| (v.name.as_str(), v.value)).collect();
            assert_eq!(v, [("HIGH", 10), ("LOW", 1)]);
        }
        other => panic!("{other:?}"),
    }
    let node = shape(&ir, "ex#Node");
    let boxed: Vec<(&str, bool)> = node
        .kind
        .members()
        .iter()
        .map(|m| (m.name.as_str(), m.boxed))
        .collect();
    assert_eq!(
        boxed,
        [("Children", false), ("Next", true), ("Weight", false)],
        "direct recursion is boxed, recursion through a list is not"
    );
    assert_eq!(
        node.kind.members()[2].default,
        Some(smithy_codegen::ir::DefaultValue::Int(0)),
        "PrimitiveInteger defaults to 0"
    );
    assert_eq!(
        shape(&ir, "other.ns#Widget").name,
        "OtherWidget",
        "service renames apply"
    );
}
