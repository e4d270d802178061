//! Lowering of the `smithy.test` traits into [`crate::ir::OperationTests`]:
//! the cases for the service's protocol, read as they are.

use serde::de::DeserializeOwned;

use crate::diag::Diagnostics;
use crate::ir::{MalformedTest, OperationTests, RequestTest, ResponseTest};
use crate::smithy::{ast, traits};

/// The protocol whose cases are kept.
const PROTOCOL: &str = traits::REST_JSON1;

fn cases<T: DeserializeOwned>(
    diags: &mut Diagnostics,
    id: &str,
    t: &ast::Traits,
    name: &str,
    protocol: impl Fn(&T) -> &str,
) -> Vec<T> {
    let Some(v) = t.get(name) else {
        return vec![];
    };
    match serde_json::from_value::<Vec<T>>(v.clone()) {
        Ok(list) => list
            .into_iter()
            .filter(|c| protocol(c) == PROTOCOL)
            .collect(),
        Err(e) => {
            diags.shape(id, format!("invalid {name}: {e}"));
            vec![]
        }
    }
}

/// The response test cases on a shape (an operation or an error structure).
pub(crate) fn response_tests(
    diags: &mut Diagnostics,
    id: &str,
    t: &ast::Traits,
) -> Vec<ResponseTest> {
    cases(
        diags,
        id,
        t,
        traits::HTTP_RESPONSE_TESTS,
        |c: &ResponseTest| c.protocol.as_str(),
    )
}

/// Every test case on an operation.
pub(crate) fn operation_tests(
    diags: &mut Diagnostics,
    id: &str,
    t: &ast::Traits,
) -> OperationTests {
    OperationTests {
        request: cases(
            diags,
            id,
            t,
            traits::HTTP_REQUEST_TESTS,
            |c: &RequestTest| c.protocol.as_str(),
        ),
        response: response_tests(diags, id, t),
        malformed: cases(
            diags,
            id,
            t,
            traits::HTTP_MALFORMED_REQUEST_TESTS,
            |c: &MalformedTest| c.protocol.as_str(),
        ),
    }
}
