//! Server-side protocol compliance tests: `tests/server_protocol_tests.rs`
//! of a generated crate (compiled with its `server` feature), one `#[test]`
//! per server-applicable case of the model's `smithy.test#httpRequestTests`
//! (the request, sent through the generated service, reaches the handler as
//! the case's input), `httpResponseTests` (the handler's output or error is
//! written as the case's response) and per case of every
//! `httpMalformedRequestTests` (the service answers the case's status,
//! error type and body), and per server-applicable case of
//! `eventStreamTests` (see [`super::event_stream_tests`]). The checks are
//! in `smithy_server::protocol_test`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::common::{ident, Ctx};
use super::event_stream_tests;
use super::malformed_tests::substitute;
use super::protocol_tests::{attrs_in, operation_type, test_fn_name};
use super::test_values::{Source, Values};
use crate::config::Config;
use crate::ir::{AppliesTo, MalformedTest, OperationRef, RequestTest, ResponseTest, ShapeRef};

/// True if a case with this `appliesTo` is for servers.
pub fn for_servers(applies_to: Option<AppliesTo>) -> bool {
    applies_to != Some(AppliesTo::Client)
}

/// The whole test file.
pub fn file(cx: &Ctx<'_>, config: &Config) -> TokenStream {
    let krate = config.crate_name.replace('-', "_");
    let v = Values {
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
            .filter(|t| for_servers(t.applies_to))
        {
            tests.push(request_test(&v, config, op_ref, t));
        }
        for t in op
            .tests
            .response
            .iter()
            .filter(|t| for_servers(t.applies_to))
        {
            tests.push(response_test(&v, config, op_ref, t, None));
        }
        for t in &op.tests.malformed {
            tests.extend(malformed_tests(&v, config, op_ref, t));
        }
        for t in op
            .tests
            .event_stream
            .iter()
            .filter(|t| for_servers(t.applies_to))
        {
            tests.push(event_stream_tests::server_test(&v, config, op_ref, t));
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
        for t in et.response.iter().filter(|t| for_servers(t.applies_to)) {
            tests.push(response_test(&v, config, op_ref, t, Some(et.error)));
        }
    }
    quote! {
        //! Server-side protocol compliance tests generated from the model's `smithy.test` traits.
        #![cfg(feature = "server")]
        #![allow(clippy::all, unused_imports, unused_mut, unused_variables)]

        use ::smithy_server::ServerOperation as _;

        #(#tests)*
    }
}

fn strs(l: &[String]) -> TokenStream {
    quote!(&[#(#l),*])
}

fn opt(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote!(::std::option::Option::Some(#s)),
        None => quote!(::std::option::Option::None),
    }
}

/// A service whose only handler, for `op_ref`, stores its input in the
/// state and fails; `let service = ...;` and `fn captured()`.
pub(crate) fn capturing_service(v: &Values<'_>, op_ref: OperationRef) -> TokenStream {
    let cx = v.cx;
    let names = cx.sym.operation(op_ref);
    let op_ty = operation_type(v, op_ref);
    let error_ty = v.path(&format!(
        "crate::operation::{}::{}",
        names.module, names.error
    ));
    let service = v.path(&format!("crate::server::{}", cx.sym.server_service()));
    let method = ident(&names.method);
    quote! {
        type Input = <#op_ty as ::smithy_rt::operation::Operation>::Input;
        type State = ::std::sync::Mutex<::std::option::Option<Input>>;
        let service = #service::builder(State::new(::std::option::Option::None))
            .#method(|state: ::std::sync::Arc<State>, input: Input| async move {
                *state.lock().unwrap() = ::std::option::Option::Some(input);
                ::std::result::Result::Err(#error_ty::Unhandled(::smithy_rt::error::Unhandled::new(
                    ::std::default::Default::default(),
                    ::std::default::Default::default(),
                )))
            })
            .build_unchecked()
            .into_service();
    }
}

fn request_test(
    v: &Values<'_>,
    config: &Config,
    op_ref: OperationRef,
    t: &RequestTest,
) -> TokenStream {
    let op = v.cx.ir.operation(op_ref);
    let name = format_ident!("{}", test_fn_name("request", &t.id, None));
    let attrs = attrs_in(&config.server_known_failures, &t.id);
    let params = match t.params.as_ref() {
        Some(serde_json::Value::Object(o)) => o.clone(),
        _ => serde_json::Map::new(),
    };
    let input = v.structure(op.input, &params, "", None);
    let service = capturing_service(v, op_ref);
    let method = &t.method;
    let uri = &t.uri;
    let host = opt(t.host.as_deref());
    let query = strs(&t.query_params);
    let hn = t.headers.keys();
    let hv = t.headers.values();
    let body = t.body.clone().unwrap_or_default();
    let doc = format!(
        " `{}` ({}): the request reaches the handler.",
        t.id, op.name
    );
    quote! {
        #[doc = #doc]
        #attrs
        fn #name() {
            #service
            let request = ::smithy_server::protocol_test::request(&::smithy_server::protocol_test::TestRequest {
                method: #method,
                uri: #uri,
                host: #host,
                query_params: #query,
                headers: &[#((#hn, #hv)),*],
                body: #body,
            });
            let response = ::smithy_server::protocol_test::block_on(service.call_bytes(request));
            let actual = service.inner().state().lock().unwrap().take();
            let ::std::option::Option::Some(actual) = actual else {
                ::std::panic!(
                    "the handler was not called; the service answered {} {:?}",
                    response.status(),
                    ::std::string::String::from_utf8_lossy(response.body())
                );
            };
            let expected = #input;
            ::smithy_rt::protocol_test::assert_same(&actual, &expected);
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
    let attrs = attrs_in(&config.server_known_failures, &t.id);
    let op_ty = operation_type(v, op_ref);
    let params = match t.params.as_ref() {
        Some(serde_json::Value::Object(o)) => o.clone(),
        _ => serde_json::Map::new(),
    };
    let write = match error {
        None => {
            let output = v.structure(op.output, &params, "", None);
            quote! {
                let output = #output;
                let response = <#op_ty as ::smithy_server::ServerOperation>::serialize_output(&output);
            }
        }
        Some(e) => {
            let names = cx.sym.operation(op_ref);
            let enum_ty = v.path(&format!(
                "crate::operation::{}::{}",
                names.module, names.error
            ));
            let var = ident(cx.sym.type_name(e));
            let value = v.structure(
                e,
                &params,
                "",
                Some(quote!(::std::default::Default::default())),
            );
            quote! {
                let error = #enum_ty::#var(#value);
                let response = <#op_ty as ::smithy_server::ServerOperation>::serialize_error(&error)
                    .expect("a modelled error is written");
            }
        }
    };
    let code = t.code;
    let hn = t.headers.keys();
    let hv = t.headers.values();
    let forbid = strs(&t.forbid_headers);
    let require = strs(&t.require_headers);
    let body = opt(t.body.as_deref());
    let media = opt(t.body_media_type.as_deref());
    let what = match error {
        Some(e) => format!("error {}", cx.ir.shape(e).name),
        None => "response".to_owned(),
    };
    let doc = format!(" `{}` ({}): {what} written.", t.id, op.name);
    quote! {
        #[doc = #doc]
        #attrs
        fn #name() {
            #write
            ::smithy_server::protocol_test::check_response(&response, &::smithy_server::protocol_test::ExpectedResponse {
                code: #code,
                headers: &[#((#hn, #hv)),*],
                forbid_headers: #forbid,
                require_headers: #require,
                body: #body,
                body_media_type: #media,
                message_regex: ::std::option::Option::None,
            });
        }
    }
}

/// One test per `testParameters` case of `t`.
fn malformed_tests(
    v: &Values<'_>,
    config: &Config,
    op_ref: OperationRef,
    t: &MalformedTest,
) -> Vec<TokenStream> {
    let cases = t.test_parameters.values().map(Vec::len).max().unwrap_or(0);
    if cases == 0 {
        return vec![malformed_test(v, config, op_ref, t, None)];
    }
    (0..cases)
        .map(|i| malformed_test(v, config, op_ref, t, Some(i)))
        .collect()
}

fn malformed_test(
    v: &Values<'_>,
    config: &Config,
    op_ref: OperationRef,
    t: &MalformedTest,
    case: Option<usize>,
) -> TokenStream {
    let op = v.cx.ir.operation(op_ref);
    let params: Vec<(&str, &str)> = match case {
        Some(i) => t
            .test_parameters
            .iter()
            .filter_map(|(k, vs)| vs.get(i).map(|v| (k.as_str(), v.as_str())))
            .collect(),
        None => vec![],
    };
    let sub = |s: &str| substitute(s, &params);
    let name = format_ident!("{}", test_fn_name("malformed", &t.id, case));
    let attrs = attrs_in(&config.server_known_failures, &t.id);
    let service = capturing_service(v, op_ref);
    let method = &t.request.method;
    let uri = sub(&t.request.uri);
    let query: Vec<String> = t.request.query_params.iter().map(|q| sub(q)).collect();
    let query = strs(&query);
    let hn = t.request.headers.keys();
    let hv: Vec<String> = t.request.headers.values().map(|h| sub(h)).collect();
    let body = sub(t.request.body.as_deref().unwrap_or(""));
    let code = t.response.code;
    let rn = t.response.headers.keys();
    let rv: Vec<String> = t.response.headers.values().map(|h| sub(h)).collect();
    let (exp_body, media, regex) = match &t.response.body {
        Some(b) => (
            opt(b.assertion.contents.as_deref().map(sub).as_deref()),
            opt(Some(&b.media_type)),
            opt(b.assertion.message_regex.as_deref().map(sub).as_deref()),
        ),
        None => (opt(None), opt(None), opt(None)),
    };
    let doc = format!(
        " `{}` ({}): the malformed request is refused.",
        t.id, op.name
    );
    quote! {
        #[doc = #doc]
        #attrs
        fn #name() {
            #service
            let request = ::smithy_server::protocol_test::request(&::smithy_server::protocol_test::TestRequest {
                method: #method,
                uri: #uri,
                host: ::std::option::Option::None,
                query_params: #query,
                headers: &[#((#hn, #hv)),*],
                body: #body,
            });
            let response = ::smithy_server::protocol_test::block_on(service.call_bytes(request));
            ::smithy_server::protocol_test::check_response(&response, &::smithy_server::protocol_test::ExpectedResponse {
                code: #code,
                headers: &[#((#rn, #rv)),*],
                forbid_headers: &[],
                require_headers: &[],
                body: #exp_body,
                body_media_type: #media,
                message_regex: #regex,
            });
        }
    }
}
