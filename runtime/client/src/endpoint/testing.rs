//! Checking one `smithy.rules#endpointTests` case against a rule set, for
//! the endpoint tests generated into each crate.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{resolve, Params};

/// Resolves the case's `params` with the rule set `rules_json` and compares
/// the outcome with its `expect` (the error message, or the URL, properties
/// and headers of the endpoint). `Err` describes the mismatch.
///
/// A case's `operationInputs` are not replayed here: its `params` already
/// hold the parameters the rule set is evaluated with.
pub fn check_test_case(rules_json: &str, case_json: &str) -> Result<(), String> {
    let case: Value = serde_json::from_str(case_json).map_err(|e| format!("bad case: {e}"))?;
    let params = Params::from_json(
        case.get("params")
            .unwrap_or(&Value::Object(Default::default())),
    )
    .map_err(|e| format!("bad params: {e}"))?;
    let result = resolve(rules_json, &params);
    let expect = &case["expect"];
    if let Some(error) = expect.get("error").and_then(Value::as_str) {
        return match result {
            Err(e) if e.rule_message() == Some(error) && e.to_string() == error => Ok(()),
            Err(e) => Err(format!("expected error {error:?}, got error {e:?}")),
            Ok(endpoint) => Err(format!(
                "expected error {error:?}, got endpoint {}",
                endpoint.url
            )),
        };
    }
    let endpoint = result.map_err(|e| format!("expected an endpoint, got error {e}"))?;
    let expected = &expect["endpoint"];
    if endpoint.url != expected["url"] {
        return Err(format!(
            "url {} != expected {}",
            endpoint.url, expected["url"]
        ));
    }
    if let Some(properties) = expected.get("properties") {
        if &endpoint.properties != properties {
            return Err(format!(
                "properties {} != expected {properties}",
                endpoint.properties
            ));
        }
        if let Some(scheme) = properties.pointer("/authSchemes/0") {
            if scheme["name"] == "sigv4" {
                let name = scheme.get("signingName").and_then(Value::as_str);
                let region = scheme.get("signingRegion").and_then(Value::as_str);
                if endpoint.signing_name.as_deref() != name
                    || endpoint.signing_region.as_deref() != region
                {
                    return Err(format!(
                        "signing {:?}/{:?} != expected {name:?}/{region:?}",
                        endpoint.signing_name, endpoint.signing_region
                    ));
                }
            }
        }
    } else if endpoint.properties != Value::Object(Default::default()) {
        return Err(format!("unexpected properties {}", endpoint.properties));
    }
    let expected_headers: BTreeMap<String, Vec<String>> = match expected.get("headers") {
        Some(headers) => serde_json::from_value(headers.clone()).map_err(|e| e.to_string())?,
        None => BTreeMap::new(),
    };
    if endpoint.headers != expected_headers {
        return Err(format!(
            "headers {:?} != expected {expected_headers:?}",
            endpoint.headers
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_test_case;

    const RULES: &str = r#"{"version":"1.0","parameters":{"Region":{"type":"String","builtIn":"AWS::Region","required":false}},
      "rules":[{"conditions":[{"fn":"isSet","argv":[{"ref":"Region"}]}],"endpoint":{"url":"https://s.{Region}.example"},"type":"endpoint"},
               {"conditions":[],"error":"Missing Region","type":"error"}]}"#;

    #[test]
    fn cases_pass_and_mismatches_are_described() {
        check_test_case(
            RULES,
            r#"{"params":{"Region":"r1"},"expect":{"endpoint":{"url":"https://s.r1.example"}}}"#,
        )
        .unwrap();
        check_test_case(RULES, r#"{"expect":{"error":"Missing Region"}}"#).unwrap();
        let e = check_test_case(
            RULES,
            r#"{"params":{"Region":"r1"},"expect":{"endpoint":{"url":"https://x"}}}"#,
        )
        .unwrap_err();
        assert!(e.starts_with("url https://s.r1.example != expected"), "{e}");
        let e = check_test_case(
            RULES,
            r#"{"params":{"Region":"r1"},"expect":{"error":"no"}}"#,
        )
        .unwrap_err();
        assert!(e.contains("got endpoint"), "{e}");
    }
}
