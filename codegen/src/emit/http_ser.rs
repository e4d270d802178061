//! Request serialization (restJson1): path labels, query string, headers,
//! host prefix and body of an operation input.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{ident, Ctx};
use super::json_ser;
use crate::ir::{
    Binding, HostPrefixPart, Kind, Member, Message, OperationRef, PathSegment, PayloadKind,
    RequestHook, TimestampFormat,
};

/// Expression turning `x` (a reference to a simple value of member `m`)
/// into a `&str`-compatible text for labels, query strings and headers.
pub(super) fn text_value(
    cx: &Ctx<'_>,
    m: &Member,
    x: TokenStream,
    default_ts: TimestampFormat,
) -> TokenStream {
    match cx.kind(m.target) {
        Kind::String {
            media_type: Some(_),
        } if matches!(m.binding, Binding::Header(_)) => {
            quote!(&::smithy_rt::http_binding::base64(#x.as_bytes()))
        }
        Kind::String { .. } | Kind::BigInteger | Kind::BigDecimal => quote!(#x.as_str()),
        Kind::Enum(_) => quote!(#x.as_str()),
        Kind::IntEnum(_) => quote!(&#x.as_i32().to_string()),
        Kind::Boolean | Kind::Byte | Kind::Short | Kind::Integer | Kind::Long => {
            quote!(&#x.to_string())
        }
        Kind::Float => quote!(&::smithy_rt::http_binding::fmt_float32(*#x)),
        Kind::Double => quote!(&::smithy_rt::http_binding::fmt_float(*#x)),
        Kind::Timestamp => {
            let f = json_ser::timestamp_format(m.timestamp_format.unwrap_or(default_ts));
            quote!(&::smithy_rt::http_binding::fmt_timestamp(#x, #f))
        }
        Kind::Blob { .. } => quote!(&::smithy_rt::http_binding::base64(#x)),
        _ => quote!(""),
    }
}

pub(super) fn serialize_request(cx: &Ctx<'_>, op_ref: OperationRef) -> TokenStream {
    let op = cx.ir.operation(op_ref);
    let msg = &op.request;
    let input = op.input;
    let members = cx.ir.shape(input).kind.members();
    let field = |i: usize| ident(cx.sym.field(input, i));
    // Path.
    let mut path_stmts = Vec::new();
    for seg in &op.http.path {
        match seg {
            PathSegment::Literal(l) if l.is_empty() => path_stmts.push(quote!(uri.push('/');)),
            PathSegment::Literal(l) => {
                let lit = format!("/{l}");
                path_stmts.push(quote!(uri.push_str(#lit);));
            }
            PathSegment::Label {
                member,
                greedy,
                format,
            } => {
                let m = &members[*member];
                let f = field(*member);
                let text = text_value(cx, m, quote!(x), *format);
                let push = if *greedy {
                    quote!(::smithy_rt::http_binding::push_greedy_label)
                } else {
                    quote!(::smithy_rt::http_binding::push_label)
                };
                let wire = &m.name;
                path_stmts.push(quote! {
                    uri.push('/');
                    { let x = &input.#f; #push(&mut uri, #wire, #text)?; }
                });
            }
        }
    }
    if op.http.path.is_empty() {
        path_stmts.push(quote!(uri.push('/');));
    }
    // Query.
    let mut query_stmts = Vec::new();
    for (k, v) in &op.http.query {
        let v = match v {
            Some(v) => quote!(::std::option::Option::Some(#v)),
            None => quote!(::std::option::Option::None),
        };
        query_stmts.push(quote!(query.push(#k, #v);));
    }
    let mut explicit_keys: Vec<&str> = op.http.query.iter().map(|(k, _)| k.as_str()).collect();
    for b in &msg.query {
        let m = &members[b.member];
        let name = &b.name;
        explicit_keys.push(name);
        let f = field(b.member);
        let stmt = match cx.kind(m.target) {
            Kind::List { member: item, .. } => {
                let text = text_value(cx, item, quote!(item), b.format);
                quote! { for item in x.iter() { query.push(#name, ::std::option::Option::Some(#text)); } }
            }
            _ => {
                let text = text_value(cx, m, quote!(x), b.format);
                quote! { query.push(#name, ::std::option::Option::Some(#text)); }
            }
        };
        query_stmts.push(wrap_optional(m, quote!(input.#f), stmt));
    }
    if let Some(i) = msg.query_params {
        let m = &members[i];
        let f = field(i);
        let stmt = match cx.kind(m.target) {
            Kind::Map { value, .. } => match cx.kind(value.target) {
                Kind::List { .. } => quote! {
                    for (k, values) in x.iter() {
                        if [#(#explicit_keys),*].contains(&k.as_str()) { continue; }
                        for v in values.iter() { query.push(k, ::std::option::Option::Some(v.as_str())); }
                    }
                },
                _ => quote! {
                    for (k, v) in x.iter() {
                        if [#(#explicit_keys),*].contains(&k.as_str()) { continue; }
                        query.push(k, ::std::option::Option::Some(v.as_str()));
                    }
                },
            },
            _ => quote!(),
        };
        query_stmts.push(wrap_optional(m, quote!(input.#f), stmt));
    }
    let header_stmts = header_stmts(cx, msg, &quote!(input), &quote!(request));
    let extra_headers = op.extra_headers.iter().map(|(name, value)| {
        quote!(let request = ::smithy_rt::http_binding::default_header(request, #name, #value);)
    });
    // Rebinds `request` (never mutates it), so after the `mut` decision.
    let extra_headers = quote!(#(#extra_headers)*);
    let body = body_stmts(cx, msg, &quote!(input));
    let host_prefix = host_prefix(cx, op_ref);
    let token = idempotency_token(cx, op_ref);
    let method = op.http.method.as_str();
    let finish = finish(cx, op_ref);
    let query = if query_stmts.is_empty() {
        quote!()
    } else {
        quote! {
            let mut query = ::smithy_rt::http_binding::QueryWriter::new();
            #(#query_stmts)*
            let query = query.finish();
            if !query.is_empty() {
                uri.push('?');
                uri.push_str(&query);
            }
        }
    };
    let changes_request = quote!(#host_prefix #header_stmts);
    let mutable = uses_local(&changes_request, "request").then(|| quote!(mut));
    let stmts = quote! {
        #token
        let mut uri = ::std::string::String::with_capacity(128);
        #(#path_stmts)*
        #query
        let #mutable request = ::http::Request::builder().method(#method).uri(uri);
        #changes_request
        #extra_headers
        #body
        #finish
    };
    let unused = (!uses_local(&stmts, "input")).then(|| quote!(let _ = input;));
    quote!(#unused #stmts)
}

/// True if `tokens` use the local variable (or parameter) `name`: the
/// identifier anywhere except as a field (`x.name`, `name: value`) or a path
/// segment. Generated statements bind a local, or keep a parameter, only
/// where it is used.
pub(super) fn uses_local(tokens: &TokenStream, name: &str) -> bool {
    use proc_macro2::TokenTree;
    let punct = |t: Option<&TokenTree>, chars: &[char]| matches!(t, Some(TokenTree::Punct(p)) if chars.contains(&p.as_char()));
    let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
    tokens.iter().enumerate().any(|(i, t)| match t {
        TokenTree::Ident(id) if id == name => {
            let before = i.checked_sub(1).and_then(|j| tokens.get(j));
            !punct(before, &['.', ':']) && !punct(tokens.get(i + 1), &[':'])
        }
        TokenTree::Group(g) => uses_local(&g.stream(), name),
        _ => false,
    })
}

/// The end of `serialize`: the finished request, compressed
/// (`@requestCompression`) and then given its checksum
/// (`@httpChecksumRequired`, `aws.protocols#httpChecksum`), in that order so
/// that the checksum covers the bytes sent.
fn finish(cx: &Ctx<'_>, op_ref: OperationRef) -> TokenStream {
    let op = cx.ir.operation(op_ref);
    let finish = quote!(::smithy_rt::http_binding::finish_request(
        request,
        body,
        content_type
    ));
    if op.request_compression.is_empty() && op.checksum.is_none() && op.request_hook.is_none() {
        return finish;
    }
    let hook = op.request_hook.map(|hook| match hook {
        RequestHook::GlacierChecksums => {
            quote!(let request = ::smithy_rt::checksum::glacier_checksums(request);)
        }
    });
    let compress = if op.request_compression.is_empty() {
        quote!()
    } else {
        let encodings = &op.request_compression;
        quote!(let request = ::smithy_rt::compression::compress_request(request, &[#(#encodings),*]);)
    };
    let checksum = op.checksum.as_ref().map(|c| {
        let members = cx.ir.shape(op.input).kind.members();
        let text = |i: Option<usize>| match i {
            Some(i) => {
                let f = ident(cx.sym.field(op.input, i));
                let value = match cx.kind(members[i].target) {
                    Kind::Enum(_) | Kind::String { .. } => quote!(x.as_str()),
                    _ => return quote!(::std::option::Option::None),
                };
                if members[i].is_always_set() {
                    quote!({ let x = &input.#f; ::std::option::Option::Some(#value) })
                } else {
                    quote!(input.#f.as_ref().map(|x| #value))
                }
            }
            None => quote!(::std::option::Option::None),
        };
        let (required, flexible) = (c.required, c.flexible);
        let algorithm = text(c.algorithm_member);
        let mode = text(c.validation_mode_member);
        let algorithms = &c.response_algorithms;
        quote! {
            let request = ::smithy_rt::checksum::request_checksum(
                request,
                &::smithy_rt::checksum::ChecksumSpec {
                    required: #required,
                    flexible: #flexible,
                    algorithm: #algorithm,
                    validation_mode: #mode,
                    response_algorithms: &[#(#algorithms),*],
                },
            )?;
        }
    });
    quote! {
        let request = #finish?;
        #compress
        #checksum
        #hook
        ::std::result::Result::Ok(request)
    }
}

/// Statements putting the `@endpoint` host prefix into the request's extensions.
fn host_prefix(cx: &Ctx<'_>, op_ref: OperationRef) -> TokenStream {
    let op = cx.ir.operation(op_ref);
    let Some(parts) = &op.host_prefix else {
        return quote!();
    };
    let members = cx.ir.shape(op.input).kind.members();
    let stmts = parts.iter().map(|p| match p {
        HostPrefixPart::Literal(l) if l.chars().count() == 1 => {
            let c = l.chars().next().unwrap_or('.');
            quote!(prefix.push(#c);)
        }
        HostPrefixPart::Literal(l) => quote!(prefix.push_str(#l);),
        HostPrefixPart::Label(i) => {
            let name = &members[*i].name;
            let f = ident(cx.sym.field(op.input, *i));
            quote!(::smithy_rt::http_binding::push_host_label(&mut prefix, #name, &input.#f)?;)
        }
    });
    quote! {
        let mut prefix = ::std::string::String::new();
        #(#stmts)*
        request = request.extension(::smithy_rt::operation::HostPrefix(prefix));
    }
}

/// Statements giving unset `@idempotencyToken` members a fresh token
/// (rebinding `input` to a filled copy).
fn idempotency_token(cx: &Ctx<'_>, op_ref: OperationRef) -> TokenStream {
    let op = cx.ir.operation(op_ref);
    let members = cx.ir.shape(op.input).kind.members();
    let fields: Vec<_> = members
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            m.idempotency_token
                && !m.is_always_set()
                && matches!(cx.kind(m.target), Kind::String { .. })
        })
        .map(|(i, _)| ident(cx.sym.field(op.input, i)))
        .collect();
    if fields.is_empty() {
        return quote!();
    }
    // An input holding an event stream cannot be cloned: its copy has
    // every other member (the request's head never carries the stream).
    let copy = if cx.holds_event_stream(op.input) {
        let ty = super::common::path(&cx.sym.type_path(op.input));
        let inits = members.iter().enumerate().map(|(i, m)| {
            let f = ident(cx.sym.field(op.input, i));
            if cx.is_event_stream(m) {
                quote!(#f: ::std::default::Default::default())
            } else {
                quote!(#f: ::std::clone::Clone::clone(&input.#f))
            }
        });
        quote!(#ty { #(#inits,)* })
    } else {
        quote!(::std::clone::Clone::clone(input))
    };
    quote! {
        let filled;
        let input = if #(input.#fields.is_none())||* {
            let mut copy = #copy;
            #(if copy.#fields.is_none() {
                copy.#fields = ::std::option::Option::Some(::smithy_rt::idempotency::token());
            })*
            filled = copy;
            &filled
        } else {
            input
        };
    }
}

pub(super) fn wrap_optional(m: &Member, access: TokenStream, stmt: TokenStream) -> TokenStream {
    if m.is_always_set() {
        quote! { { let x = &#access; #stmt } }
    } else {
        quote! { if let ::std::option::Option::Some(x) = &#access { #stmt } }
    }
}

/// Statements adding the headers and prefix headers of `msg` (read from
/// `value`, a reference to the structure) to the `http` builder `b`.
pub(super) fn header_stmts(
    cx: &Ctx<'_>,
    msg: &Message,
    value: &TokenStream,
    b: &TokenStream,
) -> TokenStream {
    let members = cx.ir.shape(msg.shape).kind.members();
    let field = |i: usize| ident(cx.sym.field(msg.shape, i));
    let mut stmts = Vec::new();
    for h in &msg.headers {
        let m = &members[h.member];
        let f = field(h.member);
        let name = &h.name;
        let stmt = match cx.kind(m.target) {
            Kind::List { member: item, .. } => {
                let text = text_value(cx, item, quote!(item), h.format);
                let quote_strings =
                    matches!(cx.kind(item.target), Kind::String { .. } | Kind::Enum(_));
                quote! {
                    let items: ::std::vec::Vec<::std::string::String> = x.iter().map(|item| {
                        let text: &str = #text;
                        if #quote_strings { ::smithy_rt::http_binding::quote_header_item(text) } else { text.to_owned() }
                    }).collect();
                    #b = #b.header(#name, items.join(", "));
                }
            }
            _ => {
                let text = text_value(cx, m, quote!(x), h.format);
                quote! { #b = #b.header(#name, #text); }
            }
        };
        stmts.push(wrap_optional(m, quote!(#value.#f), stmt));
    }
    if let Some(p) = &msg.prefix_headers {
        let m = &members[p.member];
        let f = field(p.member);
        let prefix = &p.name;
        // A header bound to its own member wins over a prefixed map entry.
        let bound: Vec<&str> = msg.headers.iter().map(|h| h.name.as_str()).collect();
        let stmt = quote! {
            for (k, v) in x.iter() {
                let name = ::std::format!("{}{}", #prefix, k);
                if [#(#bound),*].contains(&name.to_ascii_lowercase().as_str()) {
                    continue;
                }
                #b = #b.header(name, v.as_str());
            }
        };
        stmts.push(wrap_optional(m, quote!(#value.#f), stmt));
    }
    quote!(#(#stmts)*)
}

/// Statements binding `body` (`Bytes`) and `content_type` (`Option<&str>`)
/// for the payload or body members of `msg`, read from `value`.
pub(super) fn body_stmts(cx: &Ctx<'_>, msg: &Message, value: &TokenStream) -> TokenStream {
    let members = cx.ir.shape(msg.shape).kind.members();
    if let Some(p) = msg
        .payload
        .as_ref()
        .filter(|p| p.kind == PayloadKind::EventStream)
    {
        // The head of an event stream message: an empty body; the events
        // follow (`Operation::input_event_stream`, or a server's
        // `output_event_stream`).
        let content_type = &p.content_type;
        quote! {
            let (body, content_type) = (::smithy_rt::Bytes::new(), ::std::option::Option::Some(#content_type));
        }
    } else if let Some(p) = &msg.payload {
        let m = &members[p.member];
        let f = ident(cx.sym.field(msg.shape, p.member));
        let content_type = &p.content_type;
        // An unset structure payload is sent as `{}`; any other unset payload as nothing.
        let unset = match cx.kind(m.target) {
            Kind::Structure { .. } => quote! {
                (::smithy_rt::Bytes::from_static(b"{}"), ::std::option::Option::Some("application/json"))
            },
            _ => quote!((::smithy_rt::Bytes::new(), ::std::option::Option::None)),
        };
        let expr = match p.kind {
            PayloadKind::Blob => quote!(::smithy_rt::Bytes::from(::std::clone::Clone::clone(x))),
            PayloadKind::Text => quote!(::smithy_rt::Bytes::from(
                ::std::clone::Clone::clone(x).into_bytes()
            )),
            PayloadKind::Enum => quote!(::smithy_rt::Bytes::from(x.as_str().to_owned())),
            PayloadKind::Json => {
                let write = json_ser::write_value(cx, m, quote!(x), quote!(w.value()));
                quote! {{
                    let mut w = ::smithy_rt::json::JsonWriter::with_capacity(256);
                    #write;
                    ::smithy_rt::Bytes::from(w.into_bytes())
                }}
            }
            PayloadKind::EventStream => quote!(::smithy_rt::Bytes::new()),
        };
        if m.is_always_set() {
            quote! {
                let x = &#value.#f;
                let (body, content_type) = (#expr, ::std::option::Option::Some(#content_type));
            }
        } else {
            quote! {
                let (body, content_type) = match &#value.#f {
                    ::std::option::Option::Some(x) => (#expr, ::std::option::Option::Some(#content_type)),
                    ::std::option::Option::None => #unset,
                };
            }
        }
    } else if msg.body.is_empty() {
        quote! {
            let content_type: ::std::option::Option<&str> = ::std::option::Option::None;
            let body = ::smithy_rt::Bytes::new();
        }
    } else if msg.body.len() == members.len()
        && cx.codec[msg.shape.0 as usize]
        && !matches!(cx.kind(msg.shape), Kind::Structure { error: Some(_), .. })
    {
        // Every member is in the body: the structure's own writer.
        let f = json_ser::fn_name(cx, msg.shape);
        quote! {
            let body = {
                let mut w = ::smithy_rt::json::JsonWriter::with_capacity(256);
                crate::protocol::json_ser::#f(#value, w.value());
                ::smithy_rt::Bytes::from(w.into_bytes())
            };
            let content_type = ::std::option::Option::Some("application/json");
        }
    } else {
        let stmts = json_ser::object_members(cx, msg.shape, &msg.body);
        quote! {
            let body = {
                let value = #value;
                let mut w = ::smithy_rt::json::JsonWriter::with_capacity(256);
                let mut obj = w.value().object();
                #stmts
                obj.finish();
                ::smithy_rt::Bytes::from(w.into_bytes())
            };
            let content_type = ::std::option::Option::Some("application/json");
        }
    }
}
