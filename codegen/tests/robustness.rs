//! The generator never panics and never recurses without bound on any
//! model: invalid names are diagnostics, deep chains of shapes generate (or
//! are refused with a diagnostic where a documented limit applies), and the
//! checks Smithy's own validators make are diagnostics too.

use serde_json::{json, Map, Value};
use smithy_codegen::{generate, Config, Diagnostic};

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

/// A model with service `ex#Svc`, operation `ex#Op` (POST /) whose input
/// `ex#OpInput` has the given members, plus `shapes`.
fn model(input_members: Value, shapes: Value) -> Value {
    let mut all = Map::new();
    all.insert(
        "ex#Svc".into(),
        json!({ "type": "service", "version": "1", "operations": [{ "target": "ex#Op" }],
                "traits": { "aws.protocols#restJson1": {} } }),
    );
    all.insert(
        "ex#Op".into(),
        json!({ "type": "operation", "input": { "target": "ex#OpInput" },
                "traits": { "smithy.api#http": { "method": "POST", "uri": "/" } } }),
    );
    all.insert(
        "ex#OpInput".into(),
        json!({ "type": "structure", "members": input_members }),
    );
    if let Value::Object(extra) = shapes {
        all.extend(extra);
    }
    json!({ "smithy": "2.0", "shapes": all })
}

fn diagnostics(model: &Value) -> Vec<String> {
    match generate(&config(), "model.json", &model.to_string()) {
        Ok(files) => panic!("expected diagnostics, got {} files", files.len()),
        Err(diags) => diags.iter().map(Diagnostic::to_string).collect(),
    }
}

fn generates(model: &Value) {
    if let Err(diags) = generate(&config(), "model.json", &model.to_string()) {
        panic!("expected output, got {diags:#?}");
    }
}

fn has(diags: &[String], needle: &str) {
    assert!(
        diags.iter().any(|d| d.contains(needle)),
        "no diagnostic contains {needle:?}: {diags:#?}"
    );
}

#[test]
fn member_names_that_are_not_identifiers_are_diagnostics() {
    for bad in ["1a", "_", ""] {
        let m = model(json!({ bad: { "target": "smithy.api#String" } }), json!({}));
        let diags = diagnostics(&m);
        assert_eq!(diags.len(), 1, "{diags:#?}");
        let pointer = format!(
            "model.json:/shapes/ex#OpInput/members/{bad}: {bad:?} is not a valid member name"
        );
        assert!(
            diags[0].starts_with(&format!("error: {pointer}")),
            "{diags:#?}"
        );
    }
}

#[test]
fn shape_ids_that_are_not_identifiers_are_diagnostics() {
    let m = model(json!({}), json!({ "ex#": { "type": "string" } }));
    let diags = diagnostics(&m);
    has(
        &diags,
        "model.json:/shapes/ex#: \"ex#\" is not a valid shape id",
    );
}

#[test]
fn odd_but_valid_names_generate() {
    // Leading underscores, keywords and names that differ only in case.
    let m = model(
        json!({
            "_a": { "target": "smithy.api#String" },
            "__1": { "target": "smithy.api#String" },
            "type": { "target": "smithy.api#String" },
            "Self": { "target": "smithy.api#String" },
            "self": { "target": "smithy.api#String" },
            "Path": { "target": "smithy.api#String" },
            "path": { "target": "smithy.api#String" },
            "e": { "target": "ex#_E" },
        }),
        json!({ "ex#_E": { "type": "enum", "members": {
            "_1": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "1" } },
            "Self": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "s" } },
        } } }),
    );
    generates(&m);
}

#[test]
fn lists_and_maps_that_contain_themselves_are_diagnostics() {
    let m = model(
        json!({ "l": { "target": "ex#L" }, "m": { "target": "ex#M" }, "a": { "target": "ex#A" } }),
        json!({
            "ex#L": { "type": "list", "member": { "target": "ex#L" } },
            "ex#M": { "type": "map", "key": { "target": "smithy.api#String" },
                      "value": { "target": "ex#M2" } },
            "ex#M2": { "type": "list", "member": { "target": "ex#M" } },
            // Through a structure: allowed.
            "ex#A": { "type": "structure", "members": { "items": { "target": "ex#AList" } } },
            "ex#AList": { "type": "list", "member": { "target": "ex#A" } },
        }),
    );
    let diags = diagnostics(&m);
    assert_eq!(diags.len(), 3, "{diags:#?}");
    has(
        &diags,
        "error: ex#L: contains itself through lists and maps only",
    );
    has(
        &diags,
        "error: ex#M: contains itself through lists and maps only",
    );
    has(
        &diags,
        "error: ex#M2: contains itself through lists and maps only",
    );
}

/// `n` shapes `ex#C0 .. ex#C{n-1}`, each targeting the next; `kind(i)` says
/// whether shape `i` is a list, a map or a structure. The last targets a string.
pub fn chain(n: usize, kind: impl Fn(usize) -> &'static str) -> Value {
    let mut shapes = Map::new();
    for i in 0..n {
        let next = if i + 1 < n {
            format!("ex#C{}", i + 1)
        } else {
            "smithy.api#String".to_owned()
        };
        let shape = match kind(i) {
            "list" => json!({ "type": "list", "member": { "target": next } }),
            "map" => json!({ "type": "map", "key": { "target": "smithy.api#String" },
                             "value": { "target": next } }),
            _ => json!({ "type": "structure", "members": {
                "next": { "target": next, "traits": { "smithy.api#length": { "max": 3 } } } } }),
        };
        shapes.insert(format!("ex#C{i}"), shape);
    }
    model(
        json!({ "head": { "target": "ex#C0" } }),
        Value::Object(shapes),
    )
}

#[test]
fn a_2000_deep_chain_of_structures_generates() {
    generates(&chain(2_000, |_| "structure"));
}

#[test]
fn a_2000_deep_chain_of_structures_and_lists_generates() {
    generates(&chain(
        2_000,
        |i| if i % 2 == 0 { "list" } else { "structure" },
    ));
}

#[test]
fn a_20000_deep_chain_of_structures_lowers_without_overflow() {
    // Lowering would overflow the stack if it recursed; an undefined target
    // at the end makes the run stop after lowering (with one diagnostic).
    let mut m = chain(20_000, |_| "structure");
    m["shapes"]["ex#C19999"]["members"]["next"]["target"] = json!("ex#Missing");
    let diags = diagnostics(&m);
    assert!(diags.len() <= 2, "{diags:#?}");
    has(
        &diags,
        "error: ex#C19999$next: targets ex#Missing, which is not defined in the model",
    );
}

#[test]
fn a_2000_deep_chain_of_lists_is_refused_with_one_diagnostic() {
    let diags = diagnostics(&chain(2_000, |i| if i % 3 == 0 { "map" } else { "list" }));
    assert_eq!(diags.len(), 1, "{diags:#?}");
    has(&diags, "lists and maps are nested 65 levels deep here");
    // 64 levels are fine.
    generates(&chain(64, |_| "list"));
}

#[test]
fn labels_must_target_simple_shapes() {
    let m = json!({ "smithy": "2.0", "shapes": {
        "ex#Svc": { "type": "service", "version": "1", "operations": [{ "target": "ex#Op" }],
                    "traits": { "aws.protocols#restJson1": {} } },
        "ex#Op": { "type": "operation", "input": { "target": "ex#OpInput" },
                   "traits": { "smithy.api#http": { "method": "GET", "uri": "/{s}/{l}" } } },
        "ex#OpInput": { "type": "structure", "members": {
            "s": { "target": "ex#S", "traits": { "smithy.api#httpLabel": {}, "smithy.api#required": {} } },
            "l": { "target": "ex#L", "traits": { "smithy.api#httpLabel": {}, "smithy.api#required": {} } },
        } },
        "ex#S": { "type": "structure", "members": {} },
        "ex#L": { "type": "list", "member": { "target": "smithy.api#String" } },
    } });
    let diags = diagnostics(&m);
    assert_eq!(diags.len(), 2, "{diags:#?}");
    has(&diags, "ex#OpInput$s: @httpLabel must target a string, number, boolean, timestamp or enum, found a structure");
    has(&diags, "ex#OpInput$l: @httpLabel must target a string, number, boolean, timestamp or enum, found a list");
}

fn with_http(http: Value) -> Value {
    let mut m = model(json!({}), json!({}));
    m["shapes"]["ex#Op"]["traits"]["smithy.api#http"] = http;
    m
}

#[test]
fn http_methods_must_be_upper_case_tokens() {
    for method in ["", "GET ", "get", "G-T"] {
        let diags = diagnostics(&with_http(json!({ "method": method, "uri": "/" })));
        assert_eq!(diags.len(), 1, "{diags:#?}");
        has(
            &diags,
            &format!("error: ex#Op: @http method {method:?} is not an HTTP method"),
        );
    }
}

#[test]
fn status_codes_must_be_from_100_to_599() {
    for code in [0, 99, 600, 999] {
        let diags = diagnostics(&with_http(
            json!({ "method": "POST", "uri": "/", "code": code }),
        ));
        assert_eq!(diags.len(), 1, "{diags:#?}");
        has(
            &diags,
            &format!(
                "error: ex#Op: @http code must be a status code from 100 to 599, found {code}"
            ),
        );
    }
    for code in [0, 999] {
        let mut m = model(
            json!({}),
            json!({ "ex#Oops": { "type": "structure", "members": {},
            "traits": { "smithy.api#error": "client", "smithy.api#httpError": code } } }),
        );
        m["shapes"]["ex#Op"]["errors"] = json!([{ "target": "ex#Oops" }]);
        let diags = diagnostics(&m);
        assert_eq!(diags.len(), 1, "{diags:#?}");
        has(
            &diags,
            &format!(
                "error: ex#Oops: @httpError must be a status code from 400 to 599, found {code}"
            ),
        );
    }
}

#[test]
fn min_greater_than_max_is_a_diagnostic() {
    let m = model(
        json!({
            "s": { "target": "smithy.api#String", "traits": { "smithy.api#length": { "min": 5, "max": 2 } } },
            "n": { "target": "smithy.api#Integer", "traits": { "smithy.api#range": { "min": 10, "max": -1 } } },
            "f": { "target": "smithy.api#Double", "traits": { "smithy.api#range": { "min": 1.5, "max": 1.25 } } },
            "ok": { "target": "smithy.api#Integer", "traits": { "smithy.api#range": { "min": 1, "max": 1 } } },
        }),
        json!({}),
    );
    let diags = diagnostics(&m);
    assert_eq!(diags.len(), 3, "{diags:#?}");
    has(
        &diags,
        "error: ex#OpInput$s: @length min 5 is greater than max 2",
    );
    has(
        &diags,
        "error: ex#OpInput$n: @range min 10 is greater than max -1",
    );
    has(
        &diags,
        "error: ex#OpInput$f: @range min 1.5 is greater than max 1.25",
    );
}

#[test]
fn a_structure_that_requires_itself_is_a_diagnostic() {
    let req = json!({ "smithy.api#required": {} });
    let m = model(
        json!({ "a": { "target": "ex#A" }, "self": { "target": "ex#Me" }, "ok": { "target": "ex#Ok" } }),
        json!({
            "ex#A": { "type": "structure", "members": { "b": { "target": "ex#B", "traits": req } } },
            "ex#B": { "type": "structure", "members": { "a": { "target": "ex#A", "traits": req } } },
            "ex#Me": { "type": "structure", "members": { "me": { "target": "ex#Me", "traits": req } } },
            // Optional, or through a list: fine.
            "ex#Ok": { "type": "structure", "members": {
                "next": { "target": "ex#Ok" },
                "all": { "target": "ex#OkList", "traits": req },
            } },
            "ex#OkList": { "type": "list", "member": { "target": "ex#Ok" } },
        }),
    );
    let diags = diagnostics(&m);
    assert_eq!(diags.len(), 3, "{diags:#?}");
    has(&diags, "error: ex#A$b: is @required and leads back to ex#A");
    has(&diags, "error: ex#B$a: is @required and leads back to ex#B");
    has(
        &diags,
        "error: ex#Me$me: is @required and leads back to ex#Me",
    );
}

#[test]
fn a_service_of_another_protocol_is_refused_in_one_line() {
    let mut m = model(json!({}), json!({}));
    m["shapes"]["ex#Svc"]["traits"] = json!({ "aws.protocols#awsJson1_0": {} });
    m["shapes"]["ex#Op"]["traits"] = json!({});
    let diags = diagnostics(&m);
    assert_eq!(
        diags,
        [
            "error: ex#Svc: the service uses the aws.protocols#awsJson1_0 protocol; \
          this generator supports aws.protocols#restJson1 only"
        ]
    );
    m["shapes"]["ex#Svc"]["traits"] = json!({});
    let diags = diagnostics(&m);
    assert_eq!(
        diags,
        ["error: ex#Svc: the service declares no protocol trait; \
          this generator supports aws.protocols#restJson1 only"]
    );
}

/// A model whose input member `Name` has `@pattern` `p`.
fn with_pattern(p: &str) -> Value {
    model(
        json!({ "Name": { "target": "smithy.api#String",
                          "traits": { "smithy.api#pattern": p } } }),
        json!({}),
    )
}

#[test]
fn patterns_are_checked_with_the_runtime_constructor() {
    // regress accepts ES2025 modifier groups; smithy_rt::pattern::Pattern
    // refuses them, so a generated `.expect` would panic at first use: such
    // a pattern is left unchecked, with a warning naming the member.
    assert!(regress::Regex::new("(?i:a)").is_ok());
    let warnings = |m: &Value| -> Vec<String> {
        match smithy_codegen::generate_with_warnings(&config(), "model.json", &m.to_string()) {
            Ok((_, w)) => w
                .iter()
                .map(|d| format!("{}: {}", d.location, d.message))
                .collect(),
            Err(diags) => panic!("expected output, got {diags:#?}"),
        }
    };
    has(
        &warnings(&with_pattern("(?i:a)")),
        "ex#OpInput$Name: @pattern \"(?i:a)\"",
    );
    // Deep nesting is refused before any recursive parser sees it (regress
    // alone overflows the stack on this).
    let deep = format!("{}a{}", "(".repeat(20_000), ")".repeat(20_000));
    let w = warnings(&with_pattern(&deep));
    has(&w, "ex#OpInput$Name: @pattern");
    has(&w, "groups nested more than");
    // What the runtime accepts still generates, without a warning.
    assert!(warnings(&with_pattern("^[a-z]+(-[a-z]+)*$")).is_empty());
}

/// `@default` values are typed in lowering: a number outside its target's
/// range or of the wrong JSON type is a diagnostic naming the member.
#[test]
fn defaults_that_do_not_fit_their_target_are_diagnostics() {
    let model = serde_json::json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Op"}],
                "traits": {"aws.protocols#restJson1": {}}},
            "ex#Op": {"type": "operation", "input": {"target": "ex#In"},
                "traits": {"smithy.api#http": {"method": "POST", "uri": "/"}}},
            "ex#In": {"type": "structure", "members": {
                "small": {"target": "smithy.api#Byte", "traits": {"smithy.api#default": 300}},
                "flag": {"target": "smithy.api#Boolean", "traits": {"smithy.api#default": "yes"}},
                "data": {"target": "smithy.api#Blob", "traits": {"smithy.api#default": "not base64!"}}
            }}
        }
    });
    let config: smithy_codegen::Config = serde_json::from_value(serde_json::json!({
        "model": "m.json", "service": "ex#Svc", "crate_name": "x", "out_dir": "x", "operations": ["*"]
    }))
    .unwrap();
    let errors = smithy_codegen::generate(&config, "m.json", &model.to_string()).unwrap_err();
    let text: Vec<String> = errors.iter().map(|d| d.to_string()).collect();
    let text = text.join("\n");
    assert!(
        text.contains("ex#In$small") && text.contains("300 is outside -128..=127"),
        "{text}"
    );
    assert!(
        text.contains("ex#In$flag") && text.contains("expected a boolean"),
        "{text}"
    );
    assert!(
        text.contains("ex#In$data") && text.contains("invalid base64"),
        "{text}"
    );
}

/// Patterns in Java's flavour, as real AWS models carry them: inline flags
/// with an exact ECMA-262 meaning are translated; the rest (a quantified
/// `$`, possessive quantifiers, a double quantifier) leave that one member
/// unchecked with a warning and a note in its docs, and never stop
/// generation.
#[test]
fn java_flavoured_patterns_are_translated_or_left_unchecked_with_a_warning() {
    let member = |p: &str| serde_json::json!({"target": "smithy.api#String", "traits": {"smithy.api#pattern": p}});
    let model = serde_json::json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Op"}],
                "traits": {"aws.protocols#restJson1": {}}},
            "ex#Op": {"type": "operation", "input": {"target": "ex#In"},
                "traits": {"smithy.api#http": {"method": "POST", "uri": "/"}}},
            "ex#In": {"type": "structure", "members": {
                "dotAll": member("(?s)^.*$"),
                "dollar": member("^[a-z]${2,64}"),
                "possessive": member("^a?+b$"),
                "double": member("^[0-9]{11}{0,1011}$")
            }}
        }
    });
    let config: smithy_codegen::Config = serde_json::from_value(serde_json::json!({
        "model": "m.json", "service": "ex#Svc", "crate_name": "x", "out_dir": "x", "operations": ["*"]
    }))
    .unwrap();
    let (files, warnings) =
        smithy_codegen::generate_with_warnings(&config, "m.json", &model.to_string())
            .expect("generates");
    let warned: Vec<String> = warnings.iter().map(|w| w.location.to_string()).collect();
    assert_eq!(
        warned,
        ["ex#In$dollar", "ex#In$double", "ex#In$possessive"],
        "{warnings:?}"
    );
    let validation = files
        .iter()
        .find(|f| f.path == "src/validation.rs")
        .expect("validators");
    assert!(
        validation.contents.contains(r#"^[\\s\\S]*$"#),
        "(?s) is translated: {}",
        validation.contents
    );
    let op = files
        .iter()
        .find(|f| f.path == "src/operation/op.rs")
        .unwrap();
    assert!(op.contents.contains("**Not validated:**"));
}
