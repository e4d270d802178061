//! The context-params fixture (tests/fixtures/context-params): endpoint rule
//! parameters bound from the input by `@operationContextParams` paths
//! (`Table.Name`, `Items[*].Arn`, `Items[*].Kind`, `keys(Tags)`, `Names`,
//! `Options.Fast`). The model's endpoint test cases carry `operationInputs`;
//! here each one is replayed: the input document is read as the command
//! line reads it, the operation's `endpoint_params` must give the case's
//! `params`, and those must resolve to the case's endpoint.

use context_params_fixture::operation::op::{Op, OpInput};
use context_params_fixture::types::{Item, Kind, Options, TableRef};
use context_params_fixture::Client;
use serde_json::{json, Map, Value};
use smithy_cli_rt::spec::Command;
use smithy_client::client::MockConnector;
use smithy_rt::operation::{EndpointParam, Operation};

const MODEL: &str = include_str!("../fixtures/context-params/model.json");

/// The parameters `endpoint_params` binds, as a JSON object like a case's
/// `params`.
fn bound(input: &OpInput) -> Value {
    let mut out = Map::new();
    for (name, param) in Op::endpoint_params(input) {
        let value = match param {
            EndpointParam::String(s) => Value::String(s),
            EndpointParam::Bool(b) => Value::Bool(b),
            EndpointParam::StringArray(items) => {
                Value::Array(items.into_iter().map(Value::String).collect())
            }
        };
        out.insert(name.to_owned(), value);
    }
    Value::Object(out)
}

#[test]
fn every_operation_input_of_the_endpoint_tests_binds_the_case_params() {
    let model: Value = serde_json::from_str(MODEL).expect("the fixture model is JSON");
    let cases = model
        .pointer("/shapes/ex.ctx#Svc/traits/smithy.rules#endpointTests/testCases")
        .and_then(Value::as_array)
        .expect("the model has endpoint test cases");
    let mut replayed = 0;
    for case in cases {
        let inputs = case["operationInputs"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for op_input in inputs {
            assert_eq!(op_input["operationName"], "Op");
            let input =
                smithy_cli_rt::document::read(&op_input["operationParams"], <Op as Command>::READ)
                    .expect("the operation params read as the input");
            let params = bound(&input);
            assert_eq!(params, case["params"], "{}", case["documentation"]);
            // Those parameters resolve to the case's endpoint (or error).
            let mut replay = case.clone();
            replay["params"] = params;
            if let Err(problem) = smithy_client::endpoint::check_test_case(
                context_params_fixture::client::ENDPOINT_RULES,
                &replay.to_string(),
            ) {
                panic!("{}: {problem}", case["documentation"]);
            }
            replayed += 1;
        }
    }
    assert_eq!(replayed, 3);
}

#[test]
fn projections_skip_items_without_the_member_and_keep_empty_lists() {
    // Nothing set: nothing bound.
    assert_eq!(bound(&OpInput::builder().build()), json!({}));
    // A projection of a list is a list, empty or not (JMESPath): items
    // without `Arn` give `[]`; an unset `Fast` is not bound.
    let input = OpInput::builder()
        .items(Item::builder().kind(Kind::Small).build())
        .set_tags(Some(Default::default()))
        .set_names(Some(vec![]))
        .options(Options::builder().build())
        .build();
    assert_eq!(
        bound(&input),
        json!({"Arns": [], "Kinds": ["small"], "TagKeys": [], "Names": []})
    );
}

#[tokio::test]
async fn a_call_goes_to_the_endpoint_its_input_selects() {
    let mock = MockConnector::new().with_json(200, "{}");
    let client = Client::new(
        smithy_client::config::Config::builder()
            .region("us-east-1")
            .static_credentials("AKID", "SECRET", None)
            .http_connector(mock.clone())
            .build(),
    );
    client
        .op()
        .table(TableRef::builder().name("t1").build().expect("name set"))
        .items(Item::builder().arn("a1").kind(Kind::Big).build())
        .items(Item::builder().arn("a2").build())
        .tags("k2", "v")
        .tags("k1", "v")
        .names("n1")
        .names("n2")
        .options(Options::builder().fast(true).build())
        .send()
        .await
        .expect("the call succeeds");
    let sent = mock.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].uri().host(),
        Some("t1.a2.big.k1.n2.fast.example.com")
    );
    // Without the table the rules refuse before anything is sent.
    let err = client.op().send().await.expect_err("no table name");
    assert!(err.to_string().contains("no table name"), "{err}");
    assert_eq!(mock.requests().len(), 1);
}
