//! Runs every `smithy.rules#endpointTests` case of the Chime model through
//! the endpoint rules interpreter.

use serde_json::Value;
use smithy_client::endpoint::{check_test_case, resolve, Params, RuleSet};

const SERVICE: &str = "com.amazonaws.chime#UCBuzzConsoleService";

fn service_traits() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../model/chime-2018-05-01.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let model: Value = serde_json::from_str(&text).expect("model is JSON");
    model["shapes"][SERVICE]["traits"].clone()
}

#[test]
fn every_chime_endpoint_test_case_passes() {
    let traits = service_traits();
    let rules = serde_json::to_string(&traits["smithy.rules#endpointRuleSet"]).unwrap();
    let cases = traits["smithy.rules#endpointTests"]["testCases"]
        .as_array()
        .expect("test cases")
        .clone();
    assert!(!cases.is_empty());
    let mut failures = Vec::new();
    for case in &cases {
        // The same check the generated crates' endpoint tests make.
        if let Err(problem) = check_test_case(&rules, &case.to_string()) {
            failures.push(format!("{}: {problem}", case["documentation"]));
        }
    }
    let passed = cases.len() - failures.len();
    println!(
        "{passed} passed, {} failed (Chime endpoint test cases)",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn cached_text_resolution_matches_parsed_ruleset() {
    let traits = service_traits();
    let text = serde_json::to_string(&traits["smithy.rules#endpointRuleSet"]).unwrap();
    let rules = RuleSet::parse(&text).unwrap();
    assert_eq!(rules.version(), "1.0");
    let names: Vec<_> = rules.parameters().iter().map(|p| p.name()).collect();
    assert_eq!(names.len(), 4);
    for region in [
        "us-east-1",
        "cn-north-1",
        "us-gov-west-1",
        "eu-isoe-west-1",
        "us-isof-south-1",
        "xx-made-up-9",
    ] {
        let params = Params::new().with_region(region);
        for _ in 0..2 {
            assert_eq!(resolve(&text, &params), rules.resolve(&params), "{region}");
        }
    }
    let endpoint = resolve(&text, &Params::new().with_region("aws-global")).unwrap();
    assert_eq!(endpoint.url, "https://chime.us-east-1.amazonaws.com");
    assert_eq!(endpoint.signing_name.as_deref(), Some("chime"));
    assert_eq!(endpoint.signing_region.as_deref(), Some("us-east-1"));
    // Built-ins may be set under their built-in names too.
    let by_builtin = Params::new()
        .with("AWS::Region", "eusc-de-east-1")
        .with("AWS::UseFIPS", true);
    assert_eq!(
        resolve(&text, &by_builtin).unwrap().url,
        "https://chime-fips.eusc-de-east-1.amazonaws.eu"
    );
    let endpoint = resolve(&text, &Params::new().with_region("us-isof-south-1")).unwrap();
    assert_eq!(endpoint.url, "https://chime.us-isof-south-1.csp.hci.ic.gov");
    assert_eq!(endpoint.signing_region, None);
}
