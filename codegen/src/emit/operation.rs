//! One module per operation: its input and output (when dedicated to it),
//! its error enum, and the `Operation` impl that binds them to HTTP.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{docs, ident, path, Ctx};
use super::{builders, json_de, json_ser, types};
use crate::ir::{Binding, Kind, Member, OperationRef, PathSegment, ShapeRef, TimestampFormat};

/// The file `src/operation/<op>.rs`.
pub fn module(cx: &Ctx<'_>, op_ref: OperationRef, needs_validation: &[bool]) -> TokenStream {
    let op = cx.ir.operation(op_ref);
    let names = cx.sym.operation(op_ref);
    let op_ty = ident(&names.name);
    let op_name = &op.name;
    let input_ty = path(&cx.sym.type_path(op.input));
    let output_ty = path(&cx.sym.type_path(op.output));
    let error_ty = ident(&names.error);
    let doc = docs(op.docs.as_deref(), &format!("The `{}` operation.", op.name));
    let mut local_types = Vec::new();
    let mut local_builders = Vec::new();
    for r in [op.input, op.output] {
        if cx.sym.module(r) == Some(&crate::symbols::Module::Operation(op_ref)) {
            local_types.push(types::structure(cx, r));
            local_builders.push(builders::builder(cx, r));
        }
    }
    let validate_body = if needs_validation[op.input.0 as usize] {
        let f = super::validate::fn_name(cx, op.input);
        quote! {
            let mut out = ::smithy_rt::validation::Violations::new();
            crate::validation::#f(self, &::smithy_rt::validation::Path::Root, &mut out);
            out.finish()
        }
    } else {
        quote!(::std::result::Result::Ok(()))
    };
    let input_name = cx.sym.type_name(op.input);
    let validate_doc = format!(
        " Checks every constraint of the model on this `{input_name}` and returns all violations, each with its JSON-pointer path."
    );
    let error_enum = error_enum(cx, op_ref);
    let serialize = serialize_request(cx, op_ref);
    let deserialize = response_deserializer(cx, op.output, false);
    let deserialize_error = deserialize_error(cx, op_ref);
    let fluent = super::client::fluent_builder(cx, op_ref);
    let builders_doc =
        format!(" Builders for the `{op_name}` input and output, and its fluent builder.");
    let module_doc = format!(" The `{op_name}` operation: input, output, errors and wire format.");
    quote! {
        #![doc = #module_doc]
        #doc
        #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::fmt::Debug, ::std::default::Default)]
        #[non_exhaustive]
        pub struct #op_ty;

        #(#local_types)*

        #[doc = #builders_doc]
        pub mod builders {
            #(#local_builders)*
            #fluent
        }

        impl #input_ty {
            #[doc = #validate_doc]
            pub fn validate(&self) -> ::std::result::Result<(), ::smithy_rt::validation::ValidationError> {
                #validate_body
            }
        }

        #error_enum

        impl ::smithy_rt::operation::Operation for #op_ty {
            type Input = #input_ty;
            type Output = #output_ty;
            type Error = #error_ty;
            const NAME: &'static str = #op_name;

            fn validate(input: &Self::Input) -> ::std::result::Result<(), ::smithy_rt::validation::ValidationError> {
                input.validate()
            }

            fn serialize(input: &Self::Input) -> ::std::result::Result<::smithy_rt::operation::HttpRequest, ::smithy_rt::error::BuildError> {
                #serialize
            }

            fn deserialize_output(response: &::smithy_rt::operation::HttpResponse) -> ::std::result::Result<Self::Output, ::smithy_rt::error::DeserializeError> {
                #deserialize
            }

            fn deserialize_error(response: &::smithy_rt::operation::HttpResponse) -> Self::Error {
                #deserialize_error
            }
        }
    }
}

fn error_enum(cx: &Ctx<'_>, op_ref: OperationRef) -> TokenStream {
    let op = cx.ir.operation(op_ref);
    let names = cx.sym.operation(op_ref);
    let error_ty = ident(&names.error);
    let doc = format!(
        " Every error `{}` can return: one variant per modelled error, and `Unhandled`.",
        op.name
    );
    let variants: Vec<_> = op
        .errors
        .iter()
        .map(|e| ident(cx.sym.type_name(*e)))
        .collect();
    let paths: Vec<_> = op
        .errors
        .iter()
        .map(|e| path(&cx.sym.type_path(*e)))
        .collect();
    let variant_docs = op.errors.iter().map(|e| {
        let s = cx.ir.shape(*e);
        docs(s.docs.as_deref(), &format!("The `{}` error.", s.name))
    });
    let is_fns = op.errors.iter().zip(&variants).map(|(e, v)| {
        let f = quote::format_ident!("is_{}", cx.sym.fn_stem(*e));
        let d = format!(" True if this is a `{}`.", cx.ir.shape(*e).name);
        quote! {
            #[doc = #d]
            pub fn #f(&self) -> bool { ::std::matches!(self, Self::#v(_)) }
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(::std::fmt::Debug)]
        #[non_exhaustive]
        pub enum #error_ty {
            #(#variant_docs #variants(#paths),)*
            /// An error the model does not describe for this operation (or one whose
            /// body could not be read): status, code, message, request id and raw body.
            Unhandled(::smithy_rt::error::Unhandled),
        }

        impl #error_ty {
            #(#is_fns)*
            /// True if this error is not modelled.
            pub fn is_unhandled(&self) -> bool { ::std::matches!(self, Self::Unhandled(_)) }
        }

        impl ::std::fmt::Display for #error_ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(Self::#variants(e) => ::std::fmt::Display::fmt(e, f),)*
                    Self::Unhandled(e) => ::std::fmt::Display::fmt(e, f),
                }
            }
        }

        impl ::std::error::Error for #error_ty {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #(Self::#variants(e) => ::std::option::Option::Some(e),)*
                    Self::Unhandled(e) => ::std::option::Option::Some(e),
                }
            }
        }

        impl ::smithy_rt::error::ProvideErrorMetadata for #error_ty {
            fn meta(&self) -> &::smithy_rt::error::ErrorMetadata {
                match self {
                    #(Self::#variants(e) => &e.meta,)*
                    Self::Unhandled(e) => e.meta(),
                }
            }
        }
    }
}

fn deserialize_error(cx: &Ctx<'_>, op_ref: OperationRef) -> TokenStream {
    let op = cx.ir.operation(op_ref);
    let error_ty = ident(&cx.sym.operation(op_ref).error);
    let arms = op.errors.iter().map(|e| {
        let code = &cx.ir.shape(*e).name;
        let v = ident(cx.sym.type_name(*e));
        let f = quote::format_ident!("de_{}_response", cx.sym.fn_stem(*e));
        quote! {
            #code => match crate::protocol::rest::#f(response, meta.clone().with_code(#code)) {
                ::std::result::Result::Ok(e) => #error_ty::#v(e),
                ::std::result::Result::Err(_) => #error_ty::Unhandled(::smithy_rt::error::Unhandled::new(meta, ::std::clone::Clone::clone(response.body()))),
            },
        }
    });
    // A status maps to an error only if exactly one modelled error has it.
    let mut by_status: std::collections::BTreeMap<u16, Vec<&str>> = Default::default();
    for e in &op.errors {
        if let Kind::Structure {
            error: Some(info), ..
        } = &cx.ir.shape(*e).kind
        {
            by_status
                .entry(info.status)
                .or_default()
                .push(&cx.ir.shape(*e).name);
        }
    }
    let status_arms = by_status
        .iter()
        .filter(|(_, v)| v.len() == 1)
        .map(|(s, v)| {
            let code = v[0];
            quote!(#s => #code,)
        });
    quote! {
        let meta = ::smithy_rt::http_binding::error_metadata(response);
        let code: &str = match meta.code() {
            ::std::option::Option::Some(code) => code,
            ::std::option::Option::None => match response.status().as_u16() {
                #(#status_arms)*
                _ => "",
            },
        };
        match code {
            #(#arms)*
            _ => #error_ty::Unhandled(::smithy_rt::error::Unhandled::new(meta, ::std::clone::Clone::clone(response.body()))),
        }
    }
}

/// Expression turning `x` (a reference to a simple value of member `m`)
/// into a `&str`-compatible text for labels, query strings and headers.
fn text_value(
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
        Kind::Float | Kind::Double => quote!(&::smithy_rt::http_binding::fmt_float(f64::from(*#x))),
        Kind::Timestamp => {
            let f = json_ser::timestamp_format(m.timestamp_format.unwrap_or(default_ts));
            quote!(&::smithy_rt::http_binding::fmt_timestamp(#x, #f))
        }
        Kind::Blob { .. } => quote!(&::smithy_rt::http_binding::base64(#x)),
        _ => quote!(""),
    }
}

fn serialize_request(cx: &Ctx<'_>, op_ref: OperationRef) -> TokenStream {
    let op = cx.ir.operation(op_ref);
    let input = op.input;
    let members = cx.ir.shape(input).kind.members();
    let field = |i: usize| ident(cx.sym.field(input, i));
    let find = |name: &str| members.iter().position(|m| m.name == name);
    // Path.
    let mut path_stmts = Vec::new();
    for seg in &op.http.path {
        match seg {
            PathSegment::Literal(l) => {
                let lit = format!("/{l}");
                path_stmts.push(quote!(uri.push_str(#lit);));
            }
            PathSegment::Label { member, greedy } => {
                let Some(i) = find(member) else { continue };
                let m = &members[i];
                let f = field(i);
                let text = text_value(cx, m, quote!(x), TimestampFormat::DateTime);
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
    for (i, m) in members.iter().enumerate() {
        if let Binding::Query(name) = &m.binding {
            explicit_keys.push(name);
            let f = field(i);
            let stmt = match cx.kind(m.target) {
                Kind::List { member: item, .. } => {
                    let text = text_value(cx, item, quote!(item), TimestampFormat::DateTime);
                    quote! { for item in x.iter() { query.push(#name, ::std::option::Option::Some(#text)); } }
                }
                _ => {
                    let text = text_value(cx, m, quote!(x), TimestampFormat::DateTime);
                    quote! { query.push(#name, ::std::option::Option::Some(#text)); }
                }
            };
            query_stmts.push(wrap_optional(m, quote!(input.#f), stmt));
        }
    }
    for (i, m) in members.iter().enumerate() {
        if m.binding == Binding::QueryParams {
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
    }
    // Headers.
    let mut header_stmts = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let f = field(i);
        match &m.binding {
            Binding::Header(name) => {
                let stmt = match cx.kind(m.target) {
                    Kind::List { member: item, .. } => {
                        let text = text_value(cx, item, quote!(item), TimestampFormat::HttpDate);
                        let quote_strings =
                            matches!(cx.kind(item.target), Kind::String { .. } | Kind::Enum(_));
                        quote! {
                            let items: ::std::vec::Vec<::std::string::String> = x.iter().map(|item| {
                                let text: &str = #text;
                                if #quote_strings { ::smithy_rt::http_binding::quote_header_item(text) } else { text.to_owned() }
                            }).collect();
                            request = request.header(#name, items.join(", "));
                        }
                    }
                    _ => {
                        let text = text_value(cx, m, quote!(x), TimestampFormat::HttpDate);
                        quote! { request = request.header(#name, #text); }
                    }
                };
                header_stmts.push(wrap_optional(m, quote!(input.#f), stmt));
            }
            Binding::PrefixHeaders(prefix) => {
                let stmt = quote! {
                    for (k, v) in x.iter() {
                        request = request.header(::std::format!("{}{}", #prefix, k), v.as_str());
                    }
                };
                header_stmts.push(wrap_optional(m, quote!(input.#f), stmt));
            }
            _ => {}
        }
    }
    // Body.
    let body_members: Vec<usize> = members
        .iter()
        .enumerate()
        .filter(|(_, m)| m.binding == Binding::Body)
        .map(|(i, _)| i)
        .collect();
    let payload = members.iter().position(|m| m.binding == Binding::Payload);
    let body = if let Some(i) = payload {
        let m = &members[i];
        let f = field(i);
        let (content_type, expr) = match cx.kind(m.target) {
            Kind::Blob { media_type } => (
                media_type
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".to_owned()),
                quote!(::smithy_rt::Bytes::from(::std::clone::Clone::clone(x))),
            ),
            Kind::String { media_type } => (
                media_type
                    .clone()
                    .unwrap_or_else(|| "text/plain".to_owned()),
                quote!(::smithy_rt::Bytes::from(
                    ::std::clone::Clone::clone(x).into_bytes()
                )),
            ),
            Kind::Enum(_) => (
                "text/plain".to_owned(),
                quote!(::smithy_rt::Bytes::from(x.as_str().to_owned())),
            ),
            _ => {
                let write = json_ser::write_value(cx, m, quote!(x), quote!(w.value()));
                (
                    "application/json".to_owned(),
                    quote! {{
                        let mut w = ::smithy_rt::json::JsonWriter::with_capacity(256);
                        #write;
                        ::smithy_rt::Bytes::from(w.into_bytes())
                    }},
                )
            }
        };
        let set = if m.is_always_set() {
            quote! { let x = &input.#f; request = request.header("content-type", #content_type); #expr }
        } else {
            quote! {
                match &input.#f {
                    ::std::option::Option::Some(x) => { request = request.header("content-type", #content_type); #expr }
                    ::std::option::Option::None => ::smithy_rt::Bytes::new(),
                }
            }
        };
        quote! { let body = { #set }; }
    } else if body_members.is_empty() {
        quote! { let body = ::smithy_rt::Bytes::new(); }
    } else {
        let stmts = json_ser::object_members(cx, input, &body_members);
        quote! {
            let body = {
                let value = input;
                let mut w = ::smithy_rt::json::JsonWriter::with_capacity(256);
                let mut obj = w.value().object();
                #stmts
                obj.finish();
                ::smithy_rt::Bytes::from(w.into_bytes())
            };
            request = request.header("content-type", "application/json");
        }
    };
    let method = &op.http.method;
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
    quote! {
        let _ = input;
        let mut uri = ::std::string::String::with_capacity(128);
        #(#path_stmts)*
        #query
        #[allow(unused_mut)]
        let mut request = ::http::Request::builder().method(#method).uri(uri);
        #(#header_stmts)*
        #body
        request.body(body).map_err(|e| ::smithy_rt::error::BuildError::invalid("request", e))
    }
}

fn wrap_optional(m: &Member, access: TokenStream, stmt: TokenStream) -> TokenStream {
    if m.is_always_set() {
        quote! { { let x = &#access; #stmt } }
    } else {
        quote! { if let ::std::option::Option::Some(x) = &#access { #stmt } }
    }
}

/// Statements (ending in an expression) that read structure `r` from
/// `response`: body members from JSON, the rest from headers and status.
/// For errors the body is read leniently (a non-JSON body counts as empty)
/// and `meta` is stored in the error.
pub fn response_deserializer(cx: &Ctx<'_>, r: ShapeRef, is_error: bool) -> TokenStream {
    let members = cx.ir.shape(r).kind.members();
    let ty = path(&cx.sym.type_path(r));
    let body_members: Vec<usize> = members
        .iter()
        .enumerate()
        .filter(|(_, m)| m.binding == Binding::Body)
        .map(|(i, _)| i)
        .collect();
    let mut stmts = vec![quote!(let _ = response;)];
    if !body_members.is_empty() {
        let parse = if is_error {
            quote!(::smithy_rt::json::parse_error_body(response.body()))
        } else {
            quote!(::smithy_rt::json::parse_body(response.body())?)
        };
        let binds = json_de::object_members(cx, r, &body_members);
        stmts.push(quote! {
            let body = #parse;
            let root = ::smithy_rt::validation::Path::Root;
            let path = &root;
            let obj = ::smithy_rt::json::object(&body, path)?;
            #binds
        });
    }
    for (i, m) in members.iter().enumerate() {
        let f = ident(cx.sym.field(r, i));
        let value = match &m.binding {
            Binding::Body => continue,
            Binding::ResponseCode => quote!(i32::from(response.status().as_u16())),
            Binding::Header(name) => {
                let parse = header_parse(cx, m, name);
                let missing = if m.is_always_set() {
                    quote!(
                        return ::std::result::Result::Err(
                            ::smithy_rt::error::DeserializeError::new(
                                ::std::format!("header:{}", #name),
                                "required header is missing"
                            )
                        )
                    )
                } else {
                    quote!(::std::option::Option::None)
                };
                let found = if m.is_always_set() {
                    quote!(#parse)
                } else {
                    quote!(::std::option::Option::Some(#parse))
                };
                quote! {
                    match ::smithy_rt::http_binding::header_text(response.headers(), #name)? {
                        ::std::option::Option::Some(text) => #found,
                        ::std::option::Option::None => #missing,
                    }
                }
            }
            Binding::PrefixHeaders(prefix) => {
                let v =
                    quote!(::smithy_rt::http_binding::prefix_headers(response.headers(), #prefix)?);
                if m.is_always_set() {
                    v
                } else {
                    quote!(::std::option::Option::Some(#v))
                }
            }
            Binding::Payload => {
                let v = match cx.kind(m.target) {
                    Kind::Blob { .. } => quote!(response.body().to_vec()),
                    Kind::String { .. } => {
                        quote!(::smithy_rt::http_binding::body_text(response.body())?)
                    }
                    Kind::Enum(_) => {
                        let t = path(&cx.sym.type_path(m.target));
                        quote!(#t::from(::smithy_rt::http_binding::body_text(response.body())?.as_str()))
                    }
                    _ => {
                        let read = json_de::read_value(cx, m, quote!(&body), quote!(root));
                        quote! {{
                            let body = ::smithy_rt::json::parse_body(response.body())?;
                            let root = ::smithy_rt::validation::Path::Root;
                            #read
                        }}
                    }
                };
                if m.is_always_set() {
                    v
                } else {
                    quote!(if response.body().is_empty() { ::std::option::Option::None } else { ::std::option::Option::Some(#v) })
                }
            }
            Binding::Label | Binding::Query(_) | Binding::QueryParams => {
                if m.is_always_set() {
                    quote!(::std::default::Default::default())
                } else {
                    quote!(::std::option::Option::None)
                }
            }
        };
        stmts.push(quote! { let #f = #value; });
    }
    let fields = (0..members.len()).map(|i| ident(cx.sym.field(r, i)));
    let meta = if is_error { quote!(meta,) } else { quote!() };
    quote! {
        #(#stmts)*
        ::std::result::Result::Ok(#ty { #(#fields,)* #meta })
    }
}

/// Parses header text `text` for member `m` (`?` on errors).
fn header_parse(cx: &Ctx<'_>, m: &Member, name: &str) -> TokenStream {
    let simple = |target: ShapeRef, text: TokenStream| -> TokenStream {
        match cx.kind(target) {
            Kind::String {
                media_type: Some(_),
            } => quote!(::smithy_rt::http_binding::header_base64_text(#text, #name)?),
            Kind::String { .. } | Kind::BigInteger | Kind::BigDecimal => {
                quote!(::std::string::String::from(#text))
            }
            Kind::Enum(_) => {
                let t = path(&cx.sym.type_path(target));
                quote!(#t::from(#text))
            }
            Kind::IntEnum(_) => {
                let t = path(&cx.sym.type_path(target));
                quote!(#t::from(::smithy_rt::http_binding::header_parse::<i32>(#text, #name)?))
            }
            Kind::Boolean => quote!(::smithy_rt::http_binding::header_parse::<bool>(#text, #name)?),
            Kind::Byte => quote!(::smithy_rt::http_binding::header_parse::<i8>(#text, #name)?),
            Kind::Short => quote!(::smithy_rt::http_binding::header_parse::<i16>(#text, #name)?),
            Kind::Integer => quote!(::smithy_rt::http_binding::header_parse::<i32>(#text, #name)?),
            Kind::Long => quote!(::smithy_rt::http_binding::header_parse::<i64>(#text, #name)?),
            Kind::Float => quote!((::smithy_rt::http_binding::header_float(#text, #name)? as f32)),
            Kind::Double => quote!(::smithy_rt::http_binding::header_float(#text, #name)?),
            Kind::Timestamp => {
                let f = json_ser::timestamp_format(
                    m.timestamp_format.unwrap_or(TimestampFormat::HttpDate),
                );
                quote!(::smithy_rt::http_binding::header_timestamp(#text, #name, #f)?)
            }
            Kind::Blob { .. } => quote!(::smithy_rt::http_binding::header_base64(#text, #name)?),
            _ => quote!(::std::default::Default::default()),
        }
    };
    match cx.kind(m.target) {
        Kind::List { member: item, .. } => {
            let is_ts = matches!(cx.kind(item.target), Kind::Timestamp);
            let one = simple(item.target, quote!(item.as_str()));
            quote! {{
                let mut out = ::std::vec::Vec::new();
                for item in ::smithy_rt::http_binding::split_header_list(text, #is_ts) {
                    out.push(#one);
                }
                out
            }}
        }
        _ => simple(m.target, quote!(text)),
    }
}
