//! The endpoint rules interpreter on hand-written rulesets: rule kinds,
//! parameters, templates, functions, and malformed input.

use serde_json::{json, Value};
use smithy_client::endpoint::{EndpointError, ParamType, ParamValue, Params, RuleSet};

fn ruleset(parameters: Value, rules: Value) -> RuleSet {
    let doc = json!({"version": "1.0", "parameters": parameters, "rules": rules});
    RuleSet::from_json(&doc).unwrap_or_else(|e| panic!("{e}"))
}

fn string_param() -> Value {
    json!({"type": "String", "required": false})
}

/// A ruleset that yields `url` when `conditions` hold, else the error `no`.
fn guarded(conditions: Value, url: Value) -> RuleSet {
    ruleset(
        json!({"Input": string_param(), "Flag": {"type": "Boolean", "default": false, "required": true}}),
        json!([
            {"conditions": conditions, "endpoint": {"url": url}, "type": "endpoint"},
            {"conditions": [], "error": "no", "type": "error"}
        ]),
    )
}

fn url_for(rules: &RuleSet, input: &str) -> Result<String, EndpointError> {
    rules
        .resolve(&Params::new().with("Input", input))
        .map(|e| e.url)
}

fn no() -> Result<String, EndpointError> {
    Err(EndpointError::Rule {
        message: "no".into(),
    })
}

#[test]
fn parameters_defaults_required_and_types() {
    let rules = ruleset(
        json!({
            "Name": {"type": "String", "required": true, "default": "fallback"},
            "Must": {"type": "Boolean", "required": true, "builtIn": "SDK::Must"},
            "List": {"type": "StringArray", "required": false, "default": ["a", "b"]}
        }),
        json!([{"conditions": [{"fn": "getAttr", "argv": [{"ref": "List"}, "[1]"], "assign": "Second"}],
                "endpoint": {"url": "https://{Name}.{Second}"}, "type": "endpoint"}]),
    );
    let err = rules.resolve(&Params::new()).unwrap_err();
    assert_eq!(
        err,
        EndpointError::MissingParameter {
            name: "Must".into()
        }
    );
    assert_eq!(
        rules
            .resolve(&Params::new().with("Must", true))
            .unwrap()
            .url,
        "https://fallback.b"
    );
    let params = Params::new()
        .with("SDK::Must", false)
        .with("Name", "given")
        .with("List", vec!["x".into(), "y".into()]);
    assert_eq!(rules.resolve(&params).unwrap().url, "https://given.y");
    let err = rules
        .resolve(&Params::new().with("Must", "yes"))
        .unwrap_err();
    assert_eq!(
        err,
        EndpointError::InvalidParameter {
            name: "Must".into(),
            expected: "Boolean"
        }
    );
    assert!(err.to_string().contains("`Must` must be of type Boolean"));
    // Declared parameters, by name (their order is not significant).
    let param = |name: &str| {
        rules
            .parameters()
            .iter()
            .find(|p| p.name() == name)
            .unwrap()
    };
    let must = param("Must");
    assert_eq!(
        (
            must.name(),
            must.param_type(),
            must.built_in(),
            must.required()
        ),
        ("Must", ParamType::Boolean, Some("SDK::Must"), true)
    );
    assert_eq!(
        param("Name").default_value(),
        Some(&ParamValue::String("fallback".into()))
    );
}

#[test]
fn tree_rules_are_final_once_matched() {
    let rules = ruleset(
        json!({"Input": string_param()}),
        json!([
            {"conditions": [{"fn": "isSet", "argv": [{"ref": "Input"}]}], "type": "tree", "rules": [
                {"conditions": [{"fn": "stringEquals", "argv": [{"ref": "Input"}, "a"]}],
                 "endpoint": {"url": "https://a"}, "type": "endpoint"}
            ]},
            {"conditions": [], "endpoint": {"url": "https://unset"}, "type": "endpoint"}
        ]),
    );
    assert_eq!(url_for(&rules, "a").unwrap(), "https://a");
    assert_eq!(rules.resolve(&Params::new()).unwrap().url, "https://unset");
    let err = url_for(&rules, "b").unwrap_err();
    assert_eq!(
        err,
        EndpointError::NoMatchingRule {
            path: "rules[0]".into()
        }
    );
    let empty = ruleset(json!({}), json!([]));
    assert_eq!(
        empty.resolve(&Params::new()).unwrap_err(),
        EndpointError::NoMatchingRule {
            path: "rules".into()
        }
    );
}

#[test]
fn assignments_are_scoped_to_their_rule() {
    // `X` assigned in a failing rule must not leak into the next one.
    let rules = ruleset(
        json!({"Input": string_param()}),
        json!([
            {"conditions": [
                {"fn": "parseURL", "argv": [{"ref": "Input"}], "assign": "X"},
                {"fn": "booleanEquals", "argv": [{"fn": "getAttr", "argv": [{"ref": "X"}, "isIp"]}, true]}
             ], "endpoint": {"url": "https://ip/{X#authority}"}, "type": "endpoint"},
            {"conditions": [{"fn": "parseURL", "argv": [{"ref": "Input"}], "assign": "X"}],
             "endpoint": {"url": "{X#scheme}://host{X#normalizedPath}"}, "type": "endpoint"},
            {"conditions": [], "error": "not a URL: {Input}", "type": "error"}
        ]),
    );
    assert_eq!(
        url_for(&rules, "http://10.0.0.1:80").unwrap(),
        "https://ip/10.0.0.1:80"
    );
    assert_eq!(
        url_for(&rules, "https://example.com/a").unwrap(),
        "https://host/a/"
    );
    assert_eq!(
        url_for(&rules, "ftp://x").unwrap_err().to_string(),
        "not a URL: ftp://x"
    );
}

#[test]
fn templates_headers_and_properties() {
    let rules = ruleset(
        json!({"Region": string_param()}),
        json!([{"conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}],
                "endpoint": {
                    "url": "https://{{literal}}.{Region}.{P#dnsSuffix}",
                    "headers": {"x-region": ["{Region}", "fixed"]},
                    "properties": {"authSchemes": [
                        {"name": "sigv4a", "signingName": "other", "signingRegionSet": ["*"]},
                        {"name": "sigv4", "signingName": "svc", "signingRegion": "{P#implicitGlobalRegion}", "disableDoubleEncoding": true}
                    ], "count": 3}
                }, "type": "endpoint"}]),
    );
    let endpoint = rules
        .resolve(&Params::new().with_region("cn-north-1"))
        .unwrap();
    assert_eq!(
        endpoint.url,
        "https://{literal}.cn-north-1.amazonaws.com.cn"
    );
    assert_eq!(
        endpoint.headers["x-region"],
        vec!["cn-north-1".to_owned(), "fixed".to_owned()]
    );
    assert_eq!(
        endpoint.properties["authSchemes"][1]["signingRegion"],
        "cn-northwest-1"
    );
    assert_eq!(
        endpoint.properties["authSchemes"][1]["disableDoubleEncoding"],
        true
    );
    assert_eq!(endpoint.properties["count"], 3);
    assert_eq!(endpoint.signing_name.as_deref(), Some("svc"));
    assert_eq!(endpoint.signing_region.as_deref(), Some("cn-northwest-1"));
    // aws.partition of an unset region has no value: the rule does not match.
    assert_eq!(
        rules.resolve(&Params::new()).unwrap_err(),
        EndpointError::NoMatchingRule {
            path: "rules".into()
        }
    );
    // An unset value in a template is an evaluation error, not a panic.
    let unguarded = ruleset(
        json!({"Region": string_param()}),
        json!([{"conditions": [], "endpoint": {"url": "https://{Region}"}, "type": "endpoint"}]),
    );
    let err = unguarded.resolve(&Params::new()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "endpoint rule evaluation failed: template value `Region` is not set"
    );
}

#[test]
fn string_functions() {
    let sub = guarded(
        json!([{"fn": "substring", "argv": [{"ref": "Input"}, 0, 4, {"ref": "Flag"}], "assign": "S"}]),
        json!("https://{S}"),
    );
    assert_eq!(url_for(&sub, "abcdefg").unwrap(), "https://abcd");
    assert_eq!(
        sub.resolve(&Params::new().with("Input", "abcdefg").with("Flag", true))
            .unwrap()
            .url,
        "https://defg"
    );
    assert_eq!(url_for(&sub, "abc"), no());
    assert_eq!(url_for(&sub, "ab\u{e9}cdef"), no());
    let encode = guarded(
        json!([{"fn": "uriEncode", "argv": [{"ref": "Input"}], "assign": "E"}]),
        json!("https://h/{E}"),
    );
    assert_eq!(url_for(&encode, "a b/c~").unwrap(), "https://h/a%20b%2Fc~");
    let label = guarded(
        json!([{"fn": "isValidHostLabel", "argv": [{"ref": "Input"}, {"ref": "Flag"}]}]),
        json!("https://{Input}"),
    );
    assert_eq!(url_for(&label, "my-bucket1").unwrap(), "https://my-bucket1");
    assert_eq!(url_for(&label, "a.b"), no());
    assert_eq!(url_for(&label, "-a"), no());
    let split = guarded(
        json!([{"fn": "split", "argv": [{"ref": "Input"}, "--", 0], "assign": "Parts"},
               {"fn": "getAttr", "argv": [{"ref": "Parts"}, "[2]"], "assign": "Third"}]),
        json!("https://{Third}"),
    );
    assert_eq!(url_for(&split, "a--b--c").unwrap(), "https://c");
    assert_eq!(url_for(&split, "a--b"), no());
}

#[test]
fn logic_functions() {
    let rules = guarded(
        json!([{"fn": "not", "argv": [{"fn": "isSet", "argv": [{"ref": "Input"}]}]},
               {"fn": "ite", "argv": [{"ref": "Flag"}, "on", "off"], "assign": "Mode"},
               {"fn": "coalesce", "argv": [{"ref": "Input"}, "dflt"], "assign": "Name"}]),
        json!("https://{Name}.{Mode}"),
    );
    assert_eq!(
        rules.resolve(&Params::new()).unwrap().url,
        "https://dflt.off"
    );
    assert_eq!(
        rules
            .resolve(&Params::new().with("Flag", true))
            .unwrap()
            .url,
        "https://dflt.on"
    );
    assert_eq!(url_for(&rules, "x"), no());
    // Functions of unset values have no value rather than failing.
    let eq = guarded(
        json!([{"fn": "stringEquals", "argv": [{"ref": "Input"}, "x"]}]),
        json!("https://x"),
    );
    assert_eq!(eq.resolve(&Params::new()).map(|e| e.url), no());
}

#[test]
fn arn_and_bucket_functions() {
    let arn = guarded(
        json!([{"fn": "aws.parseArn", "argv": [{"ref": "Input"}], "assign": "Arn"}]),
        json!("https://{Arn#service}.{Arn#region}.{Arn#accountId}/{Arn#resourceId[1]}"),
    );
    let url = url_for(&arn, "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap").unwrap();
    assert_eq!(url, "https://s3.us-west-2.123456789012/my-ap");
    assert_eq!(url_for(&arn, "not-an-arn"), no());
    let bucket = guarded(
        json!([{"fn": "aws.isVirtualHostableS3Bucket", "argv": [{"ref": "Input"}, {"ref": "Flag"}]}]),
        json!("https://{Input}.s3"),
    );
    assert_eq!(
        url_for(&bucket, "my-bucket").unwrap(),
        "https://my-bucket.s3"
    );
    assert_eq!(url_for(&bucket, "My-Bucket"), no());
    assert_eq!(url_for(&bucket, "a.b.c"), no());
    let with_dots = Params::new().with("Input", "a.b.c").with("Flag", true);
    assert_eq!(bucket.resolve(&with_dots).unwrap().url, "https://a.b.c.s3");
}

#[test]
fn type_errors_are_reported() {
    let rules = guarded(
        json!([{"fn": "booleanEquals", "argv": [{"ref": "Input"}, true]}]),
        json!("https://x"),
    );
    let err = url_for(&rules, "text").unwrap_err();
    assert_eq!(err.to_string(), "endpoint rule evaluation failed: booleanEquals: argument 0 must be a boolean, got \"text\"");
    let url = guarded(
        json!([]),
        json!({"fn": "isSet", "argv": [{"ref": "Input"}]}),
    );
    assert!(matches!(
        url_for(&url, "x"),
        Err(EndpointError::Evaluation { .. })
    ));
}

#[test]
fn malformed_rulesets_are_typed_errors() {
    let cases: &[(&str, &str)] = &[
        ("not json", ""),
        ("[]", ""),
        (r#"{"rules": []}"#, "version"),
        (r#"{"version": "1.0"}"#, "rules"),
        (
            r#"{"version": "1.0", "parameters": {"A": {"type": "Number"}}, "rules": []}"#,
            "parameters.A.type",
        ),
        (
            r#"{"version": "1.0", "parameters": {"A": {"type": "Boolean", "default": "x"}}, "rules": []}"#,
            "parameters.A.default",
        ),
        (
            r#"{"version": "1.0", "rules": [{"conditions": [], "type": "weird"}]}"#,
            "rules[0].type",
        ),
        (
            r#"{"version": "1.0", "rules": [{"conditions": [{"fn": "nope", "argv": []}], "type": "error", "error": "e"}]}"#,
            "rules[0].conditions[0].fn",
        ),
        (
            r#"{"version": "1.0", "rules": [{"conditions": [{"fn": "not", "argv": [true, false]}], "type": "error", "error": "e"}]}"#,
            "rules[0].conditions[0].argv",
        ),
        (
            r#"{"version": "1.0", "rules": [{"conditions": [{"fn": "isSet", "argv": [{"ref": "Nope"}]}], "type": "error", "error": "e"}]}"#,
            "rules[0].conditions[0].argv[0]",
        ),
        (
            r#"{"version": "1.0", "rules": [{"conditions": [], "type": "endpoint", "endpoint": {"url": "https://{Nope}"}}]}"#,
            "rules[0].endpoint.url",
        ),
        (
            r#"{"version": "1.0", "rules": [{"conditions": [], "type": "endpoint", "endpoint": {"url": "https://{open"}}]}"#,
            "rules[0].endpoint.url",
        ),
        (
            r#"{"version": "1.0", "rules": [{"conditions": [], "type": "endpoint"}]}"#,
            "rules[0].endpoint",
        ),
        (
            r#"{"version": "1.0", "rules": [{"conditions": [], "type": "error"}]}"#,
            "rules[0].error",
        ),
        (
            r#"{"version": "1.0", "rules": [{"conditions": [{"fn": "getAttr", "argv": [true, "a..b"]}], "type": "error", "error": "e"}]}"#,
            "rules[0].conditions[0].argv[1]",
        ),
        (
            r#"{"version": "1.0", "rules": [{"conditions": [{"fn": "getAttr", "argv": [true, "a[x]"]}], "type": "error", "error": "e"}]}"#,
            "rules[0].conditions[0].argv[1]",
        ),
    ];
    for (json, expected_path) in cases {
        match RuleSet::parse(json) {
            Err(EndpointError::InvalidRuleSet { path, message }) => {
                assert_eq!(&path, expected_path, "{json}: {message}");
            }
            other => panic!("{json}: expected an invalid-ruleset error, got {other:?}"),
        }
    }
    // An assignment is visible to later conditions and nested rules only.
    let leaks = r#"{"version": "1.0", "rules": [
        {"conditions": [{"fn": "aws.partition", "argv": ["us-east-1"], "assign": "P"}], "type": "error", "error": "e"},
        {"conditions": [], "type": "error", "error": "{P#name}"}]}"#;
    assert!(matches!(
        RuleSet::parse(leaks),
        Err(EndpointError::InvalidRuleSet { .. })
    ));
    assert!(smithy_client::endpoint::resolve("{", &Params::new()).is_err());
}

#[test]
fn params_from_json() {
    let params = Params::from_json(
        &json!({"Region": "us-east-1", "UseFIPS": true, "List": ["a"], "Gone": null}),
    )
    .unwrap();
    assert_eq!(params.region(), Some("us-east-1"));
    assert!(params.use_fips() && !params.use_dual_stack());
    assert_eq!(params.endpoint(), None);
    assert_eq!(
        params.get("List"),
        Some(&ParamValue::StringArray(vec!["a".into()]))
    );
    assert_eq!(params.get("Gone"), None);
    assert!(Params::from_json(&json!({"N": 1})).is_err());
    assert!(Params::from_json(&json!([])).is_err());
    let mut params = Params::new()
        .with_endpoint("https://e")
        .with_use_dual_stack(true);
    params.set_opt("Endpoint", None::<String>);
    assert_eq!((params.endpoint(), params.use_dual_stack()), (None, true));
}

#[test]
fn mutated_rulesets_never_panic() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../model/chime-2018-05-01.json"
    );
    let model: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let text = model["shapes"]["com.amazonaws.chime#UCBuzzConsoleService"]["traits"]
        ["smithy.rules#endpointRuleSet"]
        .to_string();
    let params = Params::new().with_region("us-east-1").with_use_fips(true);
    let mut parsed = 0;
    for (at, _) in text.char_indices().step_by(5) {
        for replacement in ["", "{", "}", "\"", "1", "x"] {
            let mutated = format!("{}{replacement}{}", &text[..at], &text[at + 1..]);
            if let Ok(rules) = RuleSet::parse(&mutated) {
                parsed += 1;
                let _ = rules.resolve(&params);
                let _ = rules.resolve(
                    &Params::new()
                        .with_endpoint("https://e")
                        .with("Region", true),
                );
            }
        }
    }
    assert!(parsed > 0);
}
