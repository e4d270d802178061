//! Event stream protocol tests: one `#[test]` per `smithy.test#eventStreamTests`
//! case and side (in `tests/protocol_tests.rs` for clients,
//! `tests/server_protocol_tests.rs` for servers).
//!
//! Each side writes what it sends and reads what it receives:
//!
//! * a client builds the input from `initialRequestParams` and the
//!   `request` events' params, checks its initial request against
//!   `initialRequest` and each marshalled message against the event's typed
//!   headers and body (not against `bytes`, which Smithy says not to compare
//!   serialized events with); it reads the initial response
//!   (`initialResponse`, else a bare success head) and the `response`
//!   events' `bytes` and compares the output members with
//!   `initialResponseParams` and the events with their params;
//! * a server does the opposite: it reads a request (`initialRequest`, else
//!   the operation's method and path) whose body is the `request` events'
//!   `bytes`, and writes the output of `initialResponseParams` and the
//!   `response` events.
//!
//! The expectation is about what the side reads: `failure` means the read
//! fails (the head is refused, or the stream ends with an error; with
//! `errorId`, with that modeled error). A side that only writes in a
//! failing case must fail to write. A case a generator cannot express gets
//! a test that fails saying why (to be listed with its reason in the job's
//! known failures), never no test.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::{Map, Value};

use super::common::ident;
use super::protocol_tests::{attrs, attrs_in, operation_type, test_fn_name};
use super::server_tests::capturing_service;
use super::test_values::Values;
use crate::config::Config;
use crate::ir::{
    EventDirection, EventStream, EventStreamTest, Message, OperationRef, PathSegment, ShapeRef,
    TestEvent, TestExpectation, TestHeaderValue,
};

/// The group name of these tests (test functions, catalog, report).
pub const GROUP: &str = "event_stream";

/// The token every generated request test fixes for `@idempotencyToken`.
const FIXED_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// The media type of an event stream body.
const EVENT_STREAM_CONTENT_TYPE: &str = "application/vnd.amazon.eventstream";

/// The client test of case `t`.
pub fn client_test(
    v: &Values<'_>,
    config: &Config,
    op_ref: OperationRef,
    t: &EventStreamTest,
) -> TokenStream {
    let body = client_body(v, op_ref, t).unwrap_or_else(cannot);
    test_fn(v, op_ref, t, attrs(config, &t.id), "client", body)
}

/// The server test of case `t`.
pub fn server_test(
    v: &Values<'_>,
    config: &Config,
    op_ref: OperationRef,
    t: &EventStreamTest,
) -> TokenStream {
    let body = server_body(v, op_ref, t).unwrap_or_else(cannot);
    let attrs = attrs_in(&config.server_known_failures, &t.id);
    test_fn(v, op_ref, t, attrs, "server", body)
}

fn cannot(why: String) -> TokenStream {
    let text = format!("this case cannot be generated: {why}");
    quote!(::std::panic!("{}", #text);)
}

fn test_fn(
    v: &Values<'_>,
    op_ref: OperationRef,
    t: &EventStreamTest,
    attrs: TokenStream,
    side: &str,
    body: TokenStream,
) -> TokenStream {
    let op = v.cx.ir.operation(op_ref);
    let name = format_ident!("{}", test_fn_name(GROUP, &t.id, None));
    let mut doc = format!(" `{}` ({}): the event stream, {side} side.", t.id, op.name);
    if let Some(d) = &t.documentation {
        doc.push(' ');
        doc.push_str(d.trim());
    }
    quote! {
        #[doc = #doc]
        #attrs
        fn #name() {
            #body
        }
    }
}

/// The event stream member of a message, if it has one.
struct Stream<'a> {
    /// The structure's field holding it.
    field: proc_macro2::Ident,
    /// Its index among the structure's members.
    member: usize,
    /// The stream.
    stream: &'a EventStream,
    /// The member itself (for building event values).
    m: &'a crate::ir::Member,
}

fn stream_of<'a>(v: &'a Values<'_>, message: &Message, shape: ShapeRef) -> Option<Stream<'a>> {
    let cx = v.cx;
    let i = message.event_stream_member()?;
    let m = cx.ir.shape(shape).kind.members().get(i)?;
    let stream = cx.ir.event_stream(m)?;
    Some(Stream {
        field: ident(cx.sym.field(shape, i)),
        member: i,
        stream,
        m,
    })
}

fn failure(t: &EventStreamTest) -> Option<Option<&str>> {
    match &t.expectation {
        TestExpectation::Success => None,
        TestExpectation::Failure { error_id } => Some(error_id.as_deref()),
    }
}

fn events(t: &EventStreamTest, d: EventDirection) -> Vec<&TestEvent> {
    t.events.iter().filter(|e| e.direction == d).collect()
}

/// The union values of `events`, each built from its params.
fn event_values(
    v: &Values<'_>,
    s: &Stream<'_>,
    events: &[&TestEvent],
) -> Result<Vec<TokenStream>, String> {
    events
        .iter()
        .enumerate()
        .map(|(i, e)| match &e.params {
            Some(p) => Ok(v.member_value(s.m, &Value::Object(p.clone()), &format!("/events/{i}"))),
            None => Err(format!(
                "event {i} has no params (an unmodeled message), which a program cannot send"
            )),
        })
        .collect()
}

/// The concatenated `bytes` of `events` as a `Bytes` expression.
fn wire_bytes(events: &[&TestEvent]) -> TokenStream {
    let all: Vec<u8> = events
        .iter()
        .flat_map(|e| e.bytes.iter().copied())
        .collect();
    let lit = Literal::byte_string(&all);
    quote!(::smithy_rt::Bytes::from_static(#lit))
}

fn header_value(h: &TestHeaderValue) -> TokenStream {
    let hv = quote!(::smithy_rt::event_stream::HeaderValue);
    match h {
        TestHeaderValue::Boolean(b) => quote!(#hv::Bool(#b)),
        TestHeaderValue::Byte(n) => {
            let n = Literal::i8_suffixed(*n);
            quote!(#hv::Byte(#n))
        }
        TestHeaderValue::Short(n) => {
            let n = Literal::i16_suffixed(*n);
            quote!(#hv::Short(#n))
        }
        TestHeaderValue::Integer(n) => {
            let n = Literal::i32_suffixed(*n);
            quote!(#hv::Integer(#n))
        }
        TestHeaderValue::Long(n) => {
            let n = Literal::i64_suffixed(*n);
            quote!(#hv::Long(#n))
        }
        TestHeaderValue::Blob(b) => {
            let lit = Literal::byte_string(b);
            quote!(#hv::ByteArray(::smithy_rt::Bytes::from_static(#lit)))
        }
        TestHeaderValue::String(s) => quote!(#hv::String(::std::string::String::from(#s))),
        TestHeaderValue::Timestamp(ms) => {
            let ms = Literal::i64_suffixed(*ms);
            quote!(#hv::Timestamp(#ms))
        }
    }
}

fn opt(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote!(::std::option::Option::Some(#s)),
        None => quote!(::std::option::Option::None),
    }
}

fn strs(l: &[String]) -> TokenStream {
    quote!(&[#(#l),*])
}

/// The `ExpectedMessage`s of `events`.
fn expected_messages(events: &[&TestEvent]) -> TokenStream {
    let items = events.iter().map(|e| {
        let names = e.headers.iter().map(|(n, _)| n);
        let values = e.headers.iter().map(|(_, h)| header_value(h));
        let forbid = strs(&e.forbid_headers);
        let require = strs(&e.require_headers);
        let body = opt(e.body.as_deref());
        let media = opt(e.body_media_type.as_deref());
        quote! {
            ::smithy_rt::protocol_test::event_stream::ExpectedMessage {
                headers: ::std::vec![#((#names, #values)),*],
                forbid_headers: #forbid,
                require_headers: #require,
                body: #body,
                body_media_type: #media,
            }
        }
    });
    quote!(&[#(#items),*])
}

/// Marshals the stream `messages` (an `Option<MessageStream>` expression)
/// and checks it against `events`, or (`fail`) checks that it cannot be
/// marshalled.
fn check_written(messages: TokenStream, events: &[&TestEvent], fail: bool) -> TokenStream {
    if fail {
        quote! {
            let messages = #messages.expect("an event stream");
            ::std::assert!(
                ::smithy_rt::protocol_test::event_stream::collect_messages(messages).is_err(),
                "expected the events not to be marshalled"
            );
        }
    } else {
        let expected = expected_messages(events);
        quote! {
            let messages = #messages.expect("an event stream");
            let messages = ::smithy_rt::protocol_test::event_stream::collect_messages(messages)
                .expect("the events are marshalled");
            ::smithy_rt::protocol_test::event_stream::check_messages(&messages, #expected);
        }
    }
}

/// Checks the result of reading a stream (`events`, `error` in scope)
/// against the expectation: the events on success, the error otherwise.
fn check_read(
    v: &Values<'_>,
    s: &Stream<'_>,
    events: &[&TestEvent],
    fail: Option<Option<&str>>,
) -> Result<TokenStream, String> {
    Ok(match fail {
        None => {
            // An event without params is unmodeled: a reader skips it.
            let modeled: Vec<&TestEvent> = events
                .iter()
                .copied()
                .filter(|e| e.params.is_some())
                .collect();
            let values = event_values(v, s, &modeled)?;
            quote! {
                if let ::std::option::Option::Some(error) = error {
                    ::std::panic!("the stream failed: {} ({:?}); events read before: {:?}", error, error, events);
                }
                let expected: ::std::vec::Vec<_> = ::std::vec![#(#values),*];
                ::smithy_rt::protocol_test::assert_same(&events, &expected);
            }
        }
        Some(None) => quote! {
            ::std::assert!(error.is_some(), "expected the stream to fail; it read {:?}", events);
        },
        Some(Some(id)) => {
            let (err, var) = stream_error(v, s, id)?;
            quote! {
                match error {
                    ::std::option::Option::Some(::smithy_rt::event_stream::EventStreamError::Modeled(#err::#var(_))) => {}
                    other => ::std::panic!("expected the {} error, got {:?} after {:?}", #id, other, events),
                }
            }
        }
    })
}

/// The stream error enum and variant of error shape `id`.
fn stream_error(
    v: &Values<'_>,
    s: &Stream<'_>,
    id: &str,
) -> Result<(TokenStream, proc_macro2::Ident), String> {
    let cx = v.cx;
    let e = s
        .stream
        .errors
        .iter()
        .find(|e| cx.ir.shape(e.target).id == id)
        .ok_or_else(|| format!("{id} is not an error of the event stream"))?;
    Ok((
        v.path(&cx.sym.stream_error_path(s.stream.union)),
        ident(cx.sym.variant(s.stream.union, e.member)),
    ))
}

/// `assert_same` of every member of structure `r` but the stream.
fn compare_members(
    v: &Values<'_>,
    r: ShapeRef,
    skip: Option<usize>,
    actual: TokenStream,
    expected: TokenStream,
) -> TokenStream {
    let cx = v.cx;
    let checks = (0..cx.ir.shape(r).kind.members().len())
        .filter(|i| Some(*i) != skip)
        .map(|i| {
            let f = ident(cx.sym.field(r, i));
            quote!(::smithy_rt::protocol_test::assert_same(&#actual.#f, &#expected.#f);)
        });
    quote!(#(#checks)*)
}

fn object(o: Option<&Map<String, Value>>) -> Map<String, Value> {
    o.cloned().unwrap_or_default()
}

fn client_body(
    v: &Values<'_>,
    op_ref: OperationRef,
    t: &EventStreamTest,
) -> Result<TokenStream, String> {
    let cx = v.cx;
    let op = cx.ir.operation(op_ref);
    let op_ty = operation_type(v, op_ref);
    let operation = quote!(<#op_ty as ::smithy_rt::operation::Operation>);
    let requests = events(t, EventDirection::Request);
    let responses = events(t, EventDirection::Response);
    let fail = failure(t);
    let reads = !responses.is_empty()
        || t.initial_response.is_some()
        || t.initial_response_params.is_some();
    let mut stmts = Vec::new();
    // What the client writes: the initial request and the input events.
    if !requests.is_empty() || t.initial_request.is_some() || t.initial_request_params.is_some() {
        let input = v.structure(
            op.input,
            &object(t.initial_request_params.as_ref()),
            "",
            None,
        );
        stmts.push(quote!(let mut input = #input;));
        if !requests.is_empty() {
            let s = stream_of(v, &op.request, op.input).ok_or_else(|| {
                format!(
                    "the case sends request events but {} has no input event stream",
                    op.name
                )
            })?;
            let values = event_values(v, &s, &requests)?;
            let f = &s.field;
            stmts.push(quote!(input.#f = ::std::convert::From::from(::std::vec![#(#values),*]);));
        }
        stmts.push(quote! {
            let request = ::smithy_rt::idempotency::with_fixed_token(#FIXED_TOKEN, || {
                #operation::serialize(&input)
            })
            .expect("the input serializes");
        });
        if let Some(r) = &t.initial_request {
            let (method, uri) = (&r.method, &r.uri);
            let hn = r.headers.keys();
            let hv = r.headers.values();
            let host = opt(r.host.as_deref());
            let resolved_host = opt(r.resolved_host.as_deref());
            let query = strs(&r.query_params);
            let forbid_query = strs(&r.forbid_query_params);
            let require_query = strs(&r.require_query_params);
            let forbid = strs(&r.forbid_headers);
            let require = strs(&r.require_headers);
            let body = opt(r.body.as_deref());
            let media = opt(r.body_media_type.as_deref());
            stmts.push(quote! {
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
                        headers: &[#((#hn, #hv)),*],
                        forbid_headers: #forbid,
                        require_headers: #require,
                        body: #body,
                        body_media_type: #media,
                    },
                );
            });
        }
        if !requests.is_empty() {
            stmts.push(check_written(
                quote!(#operation::input_event_stream(&mut input)),
                &requests,
                fail.is_some() && !reads,
            ));
        }
    }
    // What the client reads: the initial response and the output events.
    if reads {
        let (code, headers, body) = match &t.initial_response {
            Some(r) => (
                r.code,
                r.headers
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect::<Vec<_>>(),
                r.body.clone().unwrap_or_default(),
            ),
            None => (
                op.http.code,
                vec![(
                    "content-type".to_owned(),
                    EVENT_STREAM_CONTENT_TYPE.to_owned(),
                )],
                String::new(),
            ),
        };
        let hn = headers.iter().map(|(k, _)| k);
        let hv = headers.iter().map(|(_, v)| v);
        stmts.push(quote! {
            let head = ::smithy_rt::protocol_test::response(#code, &[#((#hn, #hv)),*], #body);
        });
        if !(200..300).contains(&code) {
            if !responses.is_empty() {
                return Err(format!(
                    "the case has response events after an error status ({code})"
                ));
            }
            match fail {
                None => {
                    return Err(format!(
                        "the initial response has status {code}, which a client reads as an error, but the case expects success"
                    ))
                }
                Some(None) => stmts.push(quote! {
                    // Any error: a client reads a non-2xx status as one,
                    // keeping the status.
                    let error = #operation::deserialize_error(&head);
                    ::std::assert_eq!(
                        ::smithy_rt::error::ProvideErrorMetadata::meta(&error).status(),
                        #code,
                        "{:?}",
                        error
                    );
                }),
                Some(Some(id)) => {
                    let e = op
                        .errors
                        .iter()
                        .copied()
                        .find(|e| cx.ir.shape(*e).id == id)
                        .ok_or_else(|| format!("{id} is not an error of {}", op.name))?;
                    let names = cx.sym.operation(op_ref);
                    let enum_ty = v.path(&format!(
                        "crate::operation::{}::{}",
                        names.module, names.error
                    ));
                    let var = ident(cx.sym.type_name(e));
                    stmts.push(quote! {
                        let error = #operation::deserialize_error(&head);
                        let #enum_ty::#var(_) = error else {
                            ::std::panic!("expected the {} error, got {:?}", #id, error);
                        };
                    });
                }
            }
        } else {
            let s = stream_of(v, &op.response, op.output);
            let read_head = match &s {
                Some(_) => {
                    let bytes = wire_bytes(&responses);
                    quote!(#operation::deserialize_streaming_output(
                        &head,
                        ::smithy_rt::event_stream::stream::full_body(#bytes),
                    ))
                }
                None if responses.is_empty() => quote!(#operation::deserialize_output(&head)),
                None => {
                    return Err(format!(
                        "the case has response events but {} has no output event stream",
                        op.name
                    ))
                }
            };
            stmts.push(match fail {
                Some(None) => quote! {
                    let mut output = match #read_head {
                        ::std::result::Result::Ok(output) => output,
                        // The expected failure: the initial response is refused.
                        ::std::result::Result::Err(_) => return,
                    };
                },
                _ => quote!(let mut output = #read_head.expect("the initial response is read");),
            });
            if let Some(p) = &t.initial_response_params {
                let expected = v.structure(op.output, p, "", None);
                stmts.push(quote!(let expected = #expected;));
                stmts.push(compare_members(
                    v,
                    op.output,
                    s.as_ref().map(|s| s.member),
                    quote!(output),
                    quote!(expected),
                ));
            }
            match &s {
                Some(s) => {
                    let f = &s.field;
                    stmts.push(quote! {
                        let (events, error) = ::smithy_rt::protocol_test::event_stream::read_events(&mut output.#f);
                    });
                    stmts.push(check_read(v, s, &responses, fail)?);
                }
                None if fail.is_some() => {
                    stmts.push(quote! {
                        ::std::panic!("expected a failure; the response was read: {:?}", output);
                    });
                }
                None => {}
            }
        }
    }
    if stmts.is_empty() {
        return Err("the case has no events and no initial request or response".to_owned());
    }
    Ok(quote!(#(#stmts)*))
}

fn server_body(
    v: &Values<'_>,
    op_ref: OperationRef,
    t: &EventStreamTest,
) -> Result<TokenStream, String> {
    let cx = v.cx;
    let op = cx.ir.operation(op_ref);
    let op_ty = operation_type(v, op_ref);
    let requests = events(t, EventDirection::Request);
    let responses = events(t, EventDirection::Response);
    let fail = failure(t);
    let reads =
        !requests.is_empty() || t.initial_request.is_some() || t.initial_request_params.is_some();
    let mut stmts = Vec::new();
    // What the server reads: the request and the input events.
    if reads {
        let s = stream_of(v, &op.request, op.input);
        if s.is_none() && !requests.is_empty() {
            return Err(format!(
                "the case sends request events but {} has no input event stream",
                op.name
            ));
        }
        let (method, uri, query, mut headers) = match &t.initial_request {
            Some(r) => (
                r.method.clone(),
                r.uri.clone(),
                r.query_params.clone(),
                r.headers
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect::<Vec<_>>(),
            ),
            None => {
                let mut uri = String::new();
                for seg in &op.http.path {
                    match seg {
                        PathSegment::Literal(l) => {
                            uri.push('/');
                            uri.push_str(l);
                        }
                        PathSegment::Label { .. } => {
                            return Err(format!(
                                "the case has no initialRequest and the path of {} has labels",
                                op.name
                            ))
                        }
                    }
                }
                if uri.is_empty() {
                    uri.push('/');
                }
                let query = op
                    .http
                    .query
                    .iter()
                    .map(|(k, v)| match v {
                        Some(v) => format!("{k}={v}"),
                        None => k.clone(),
                    })
                    .collect();
                (op.http.method.to_string(), uri, query, Vec::new())
            }
        };
        // The body is an event stream: say so, as every client does.
        if s.is_some()
            && !headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            headers.push((
                "content-type".to_owned(),
                EVENT_STREAM_CONTENT_TYPE.to_owned(),
            ));
        }
        let service = capturing_service(v, op_ref);
        let query = strs(&query);
        let hn = headers.iter().map(|(k, _)| k);
        let hv = headers.iter().map(|(_, v)| v);
        let bytes = wire_bytes(&requests);
        stmts.push(quote! {
            #service
            let request = ::smithy_server::protocol_test::request_with_body(
                &::smithy_server::protocol_test::TestRequest {
                    method: #method,
                    uri: #uri,
                    host: ::std::option::Option::None,
                    query_params: #query,
                    headers: &[#((#hn, #hv)),*],
                    body: "",
                },
                &#bytes,
            );
            let response = ::smithy_server::protocol_test::block_on(service.call_bytes(request));
            let actual = service.inner().state().lock().unwrap().take();
        });
        let read_stream = s.as_ref().map(|s| {
            let f = &s.field;
            quote! {
                let (events, error) = ::smithy_rt::protocol_test::event_stream::read_events(&mut actual.#f);
            }
        });
        match (fail, &s) {
            (None, _) => {
                stmts.push(quote! {
                    let ::std::option::Option::Some(mut actual) = actual else {
                        ::std::panic!(
                            "the handler was not called; the service answered {} {:?}",
                            response.status(),
                            ::std::string::String::from_utf8_lossy(response.body())
                        );
                    };
                });
                if let Some(p) = &t.initial_request_params {
                    let expected = v.structure(op.input, p, "", None);
                    stmts.push(quote!(let expected = #expected;));
                    stmts.push(compare_members(
                        v,
                        op.input,
                        s.as_ref().map(|s| s.member),
                        quote!(actual),
                        quote!(expected),
                    ));
                }
                if let Some(s) = &s {
                    stmts.push(quote!(#read_stream));
                    stmts.push(check_read(v, s, &requests, fail)?);
                }
            }
            (Some(None), Some(s)) => {
                let check = check_read(v, s, &requests, fail)?;
                stmts.push(quote! {
                    // The expected failure: the request is refused, or its stream fails.
                    if let ::std::option::Option::Some(mut actual) = actual {
                        #read_stream
                        #check
                    }
                });
            }
            (Some(None), None) => stmts.push(quote! {
                ::std::assert!(actual.is_none(), "expected the request to be refused; the handler was called");
            }),
            (Some(Some(id)), Some(s)) => {
                let check = check_read(v, s, &requests, fail)?;
                stmts.push(quote! {
                    let ::std::option::Option::Some(mut actual) = actual else {
                        ::std::panic!(
                            "expected the {} error from the stream; the service answered {} {:?}",
                            #id,
                            response.status(),
                            ::std::string::String::from_utf8_lossy(response.body())
                        );
                    };
                    #read_stream
                    #check
                });
            }
            (Some(Some(id)), None) => {
                return Err(format!(
                    "the case expects the {id} error but {} has no input event stream",
                    op.name
                ))
            }
        }
    }
    // What the server writes: the initial response and the output events.
    if !responses.is_empty() || t.initial_response.is_some() || t.initial_response_params.is_some()
    {
        let output = v.structure(
            op.output,
            &object(t.initial_response_params.as_ref()),
            "",
            None,
        );
        stmts.push(quote!(let mut output = #output;));
        let s = stream_of(v, &op.response, op.output);
        if !responses.is_empty() {
            let s = s.as_ref().ok_or_else(|| {
                format!(
                    "the case has response events but {} has no output event stream",
                    op.name
                )
            })?;
            let values = event_values(v, s, &responses)?;
            let f = &s.field;
            stmts.push(quote!(output.#f = ::std::convert::From::from(::std::vec![#(#values),*]);));
        }
        let server_op = quote!(<#op_ty as ::smithy_server::ServerOperation>);
        if let Some(r) = &t.initial_response {
            if !(200..300).contains(&r.code) {
                return Err(format!(
                    "the initial response has status {}: a server writes it from an error, which the case does not give",
                    r.code
                ));
            }
            let code = r.code;
            let hn = r.headers.keys();
            let hv = r.headers.values();
            let forbid = strs(&r.forbid_headers);
            let require = strs(&r.require_headers);
            let body = opt(r.body.as_deref());
            let media = opt(r.body_media_type.as_deref());
            stmts.push(quote! {
                let response = #server_op::serialize_output(&output);
                ::smithy_server::protocol_test::check_response(&response, &::smithy_server::protocol_test::ExpectedResponse {
                    code: #code,
                    headers: &[#((#hn, #hv)),*],
                    forbid_headers: #forbid,
                    require_headers: #require,
                    body: #body,
                    body_media_type: #media,
                    message_regex: ::std::option::Option::None,
                });
            });
        }
        if !responses.is_empty() {
            stmts.push(check_written(
                quote!(#server_op::output_event_stream(&mut output)),
                &responses,
                fail.is_some() && !reads,
            ));
        }
    }
    if stmts.is_empty() {
        return Err("the case has no events and no initial request or response".to_owned());
    }
    Ok(quote!(#(#stmts)*))
}
