//! Protocol compliance tests: `tests/protocol_tests.rs` of a generated crate,
//! one `#[test]` per client-applicable case of the model's
//! `smithy.test#httpRequestTests` and `httpResponseTests` (on operations and
//! on error structures), per case of `httpMalformedRequestTests` (which
//! check the validator's messages and paths), and per client-applicable case
//! of `eventStreamTests` (see [`event_stream_tests`]). The checks themselves are in
//! `smithy_rt::protocol_test`.

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::common::{ident, Ctx};
use super::test_values::{Source, Values};
use super::{event_stream_tests, malformed_tests};
use crate::config::Config;
use crate::ir::{AppliesTo, MalformedTest, OperationRef, RequestTest, ResponseTest, ShapeRef};

/// The token every generated request test fixes for `@idempotencyToken`.
const FIXED_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// The four groups of protocol tests.
pub const GROUPS: [&str; 4] = [
    "request",
    "response",
    "malformed",
    event_stream_tests::GROUP,
];

/// The name of the test function for case `id` of `group` (and, for a
/// malformed-request test with `testParameters`, its case number).
pub fn test_fn_name(group: &str, id: &str, case: Option<usize>) -> String {
    let base = format!("{group}_{}", id.to_snake_case());
    match case {
        Some(n) => format!("{base}_case_{n}"),
        None => base,
    }
}

/// True if a case with this `appliesTo` is for clients.
pub fn for_clients(applies_to: Option<AppliesTo>) -> bool {
    applies_to != Some(AppliesTo::Server)
}

/// The whole test file.
pub fn file(cx: &Ctx<'_>, config: &Config) -> TokenStream {
    let krate = config.crate_name.replace('-', "_");
    let params = Values {
        cx,
        krate: &krate,
        source: Source::Params,
        fallible: false,
    };
    let mut tests = Vec::new();
    for (op_ref, op) in cx.ir.operation_refs() {
        for t in op
            .tests
            .request
            .iter()
            .filter(|t| for_clients(t.applies_to))
        {
            tests.push(request_test(&params, config, op_ref, t));
        }
        for t in op
            .tests
            .response
            .iter()
            .filter(|t| for_clients(t.applies_to))
        {
            tests.push(response_test(&params, config, op_ref, t, None));
        }
        for t in op.tests.malformed.iter().filter(|t| checks_validation(t)) {
            tests.extend(malformed_tests::tests(cx, &krate, config, op_ref, t));
        }
        for t in op
            .tests
            .event_stream
            .iter()
            .filter(|t| for_clients(t.applies_to))
        {
            tests.push(event_stream_tests::client_test(&params, config, op_ref, t));
        }
    }
    for et in &cx.ir.error_tests {
        let Some((op_ref, _)) = cx
            .ir
            .operation_refs()
            .find(|(_, o)| o.errors.contains(&et.error))
        else {
            continue;
        };
        for t in et.response.iter().filter(|t| for_clients(t.applies_to)) {
            tests.push(response_test(&params, config, op_ref, t, Some(et.error)));
        }
    }
    quote! {
        //! Protocol compliance tests generated from the model's `smithy.test` traits.
        #![allow(clippy::all, unused_imports, unused_mut, unused_variables)]

        use ::smithy_rt::operation::Operation as _;

        #(#tests)*
    }
}

/// True if a malformed-request case checks the validator: its answer is a
/// ValidationException whose body (`message`, `fieldList`) is given. The
/// others check how a server rejects unreadable HTTP or JSON, which a client
/// does not do.
pub fn checks_validation(t: &MalformedTest) -> bool {
    let validation = t
        .response
        .headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("x-amzn-errortype") && v == "ValidationException");
    let contents = t
        .response
        .body
        .as_ref()
        .is_some_and(|b| b.assertion.contents.is_some());
    validation && contents
}

/// `#[test]` plus `#[ignore]` with the reason for a known failure.
pub fn attrs(config: &Config, id: &str) -> TokenStream {
    attrs_in(&config.known_failures, id)
}

/// `#[test]` plus `#[ignore]` if `known_failures` lists `id`.
pub fn attrs_in(
    known_failures: &std::collections::BTreeMap<String, String>,
    id: &str,
) -> TokenStream {
    match known_failures.get(id) {
        Some(reason) => {
            let reason = format!("known failure: {reason}");
            quote!(#[test] #[ignore = #reason])
        }
        None => quote!(#[test]),
    }
}

/// The operation type as seen from the test crate.
pub fn operation_type(v: &Values<'_>, op_ref: OperationRef) -> TokenStream {
    let names = v.cx.sym.operation(op_ref);
    v.path(&format!(
        "crate::operation::{}::{}",
        names.module, names.name
    ))
}

fn object(v: Option<&Value>) -> serde_json::Map<String, Value> {
    match v {
        Some(Value::Object(o)) => o.clone(),
        _ => serde_json::Map::new(),
    }
}

fn request_test(
    v: &Values<'_>,
    config: &Config,
    op_ref: OperationRef,
    t: &RequestTest,
) -> TokenStream {
    let cx = v.cx;
    let op = cx.ir.operation(op_ref);
    let name = format_ident!("{}", test_fn_name("request", &t.id, None));
    let attrs = attrs(config, &t.id);
    let input = v.structure(op.input, &object(t.params.as_ref()), "", None);
    let op_ty = operation_type(v, op_ref);
    let opt = |s: &Option<String>| match s {
        Some(s) => quote!(::std::option::Option::Some(#s)),
        None => quote!(::std::option::Option::None),
    };
    let strs = |l: &[String]| quote!(&[#(#l),*]);
    let method = &t.method;
    let uri = &t.uri;
    let host = opt(&t.host);
    let resolved_host = opt(&t.resolved_host);
    let query = strs(&t.query_params);
    let forbid_query = strs(&t.forbid_query_params);
    let require_query = strs(&t.require_query_params);
    let header_names = t.headers.keys();
    let header_values = t.headers.values();
    let forbid_headers = strs(&t.forbid_headers);
    let require_headers = strs(&t.require_headers);
    let body = opt(&t.body);
    let media = opt(&t.body_media_type);
    let doc = format!(" `{}` ({}): request.", t.id, op.name);
    quote! {
        #[doc = #doc]
        #attrs
        fn #name() {
            let input = #input;
            let request = ::smithy_rt::idempotency::with_fixed_token(#FIXED_TOKEN, || {
                <#op_ty as ::smithy_rt::operation::Operation>::serialize(&input)
            })
            .expect("the input serializes");
            ::smithy_rt::protocol_test::check_request(
                &request,
                &::smithy_rt::protocol_test::ExpectedRequest {
                    method: #method,
                    uri: #uri,
                    host: #host,
                    resolved_host: #resolved_host,
                    query_params: #query,
                    forbid_query_params: #forbid_query,
                    require_query_params: #require_query,
                    headers: &[#((#header_names, #header_values)),*],
                    forbid_headers: #forbid_headers,
                    require_headers: #require_headers,
                    body: #body,
                    body_media_type: #media,
                },
            );
        }
    }
}

fn response_test(
    v: &Values<'_>,
    config: &Config,
    op_ref: OperationRef,
    t: &ResponseTest,
    error: Option<ShapeRef>,
) -> TokenStream {
    let cx = v.cx;
    let op = cx.ir.operation(op_ref);
    let name = format_ident!("{}", test_fn_name("response", &t.id, None));
    let attrs = attrs(config, &t.id);
    let op_ty = operation_type(v, op_ref);
    let code = t.code;
    let header_names = t.headers.keys();
    let header_values = t.headers.values();
    let body = t.body.clone().unwrap_or_default();
    let params = object(t.params.as_ref());
    let read = match error {
        None => {
            let expected = v.structure(op.output, &params, "", None);
            quote! {
                let output = <#op_ty as ::smithy_rt::operation::Operation>::deserialize_output(&response)
                    .expect("the response deserializes");
                let expected = #expected;
                ::smithy_rt::protocol_test::assert_same(&output, &expected);
            }
        }
        Some(e) => {
            let names = cx.sym.operation(op_ref);
            let enum_ty = v.path(&format!(
                "crate::operation::{}::{}",
                names.module, names.error
            ));
            let var = ident(cx.sym.type_name(e));
            let expected = v.structure(e, &params, "", Some(quote!(actual.meta.clone())));
            let msg = format!("expected the {} error, got", cx.ir.shape(e).name);
            quote! {
                let error = <#op_ty as ::smithy_rt::operation::Operation>::deserialize_error(&response);
                let #enum_ty::#var(actual) = error else {
                    ::std::panic!("{} {:?}", #msg, error);
                };
                let expected = #expected;
                ::smithy_rt::protocol_test::assert_same(&actual, &expected);
            }
        }
    };
    let what = match error {
        Some(e) => format!("error {}", cx.ir.shape(e).name),
        None => "response".to_owned(),
    };
    let doc = format!(" `{}` ({}): {what}.", t.id, op.name);
    quote! {
        #[doc = #doc]
        #attrs
        fn #name() {
            let response = ::smithy_rt::protocol_test::response(#code, &[#((#header_names, #header_values)),*], #body);
            #read
        }
    }
}
