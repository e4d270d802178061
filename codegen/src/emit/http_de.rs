//! Response deserialization (restJson1): outputs and errors from status,
//! headers and body.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{path, Ctx};
use super::{json_de, json_ser};
use crate::ir::{Binding, Kind, Member, Message, ShapeRef, TimestampFormat};

/// Statements (ending in an expression) that read structure `r` from
/// `response`: body members from JSON, the rest from headers and status.
/// For errors the body is read leniently (a non-JSON body counts as empty)
/// and `meta` is stored in the error.
pub fn response_deserializer(cx: &Ctx<'_>, msg: &Message, is_error: bool) -> TokenStream {
    let r = msg.shape;
    let members = cx.ir.shape(r).kind.members();
    let ty = path(&cx.sym.type_path(r));
    let body_members = &msg.body;
    let mut stmts = Vec::new();
    if !body_members.is_empty() {
        let body = if is_error {
            quote!(::smithy_rt::json::error_body(response.body()))
        } else {
            quote!(response.body())
        };
        stmts.push(json_de::body_members(
            cx,
            r,
            body_members,
            body,
            quote!(::smithy_rt::json::Profile::WIRE),
        ));
    }
    for (i, m) in members.iter().enumerate() {
        let f = json_de::local(i);
        let header = msg.headers.iter().find(|b| b.member == i);
        let value = match &m.binding {
            _ if body_members.contains(&i) => continue,
            Binding::Body | Binding::Label | Binding::Query(_) | Binding::QueryParams => continue,
            Binding::ResponseCode if m.is_always_set() => {
                quote!(i32::from(response.status().as_u16()))
            }
            Binding::ResponseCode => {
                quote!(::std::option::Option::Some(i32::from(
                    response.status().as_u16()
                )))
            }
            Binding::Header(name) => {
                let format = header.map_or(TimestampFormat::HttpDate, |b| b.format);
                let parse = header_parse(cx, m, name, format);
                let missing = if let Some(absent) = json_de::client_header_default(cx, m) {
                    absent
                } else if m.is_always_set() {
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
            Binding::Payload if cx.is_event_stream(m) => {
                // The caller binds `stream_body`, the body the events arrive on.
                let un = unmarshaller(cx, m);
                quote!(::smithy_rt::event_stream::EventStream::from_body(stream_body, #un))
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
                    _ => json_de::payload_value(
                        cx,
                        m,
                        quote!(response.body()),
                        quote!(::smithy_rt::json::Profile::WIRE),
                    ),
                };
                if m.is_always_set() {
                    v
                } else {
                    quote!(if response.body().is_empty() { ::std::option::Option::None } else { ::std::option::Option::Some(#v) })
                }
            }
        };
        stmts.push(quote! { let #f = #value; });
    }
    let fields = json_de::field_inits(cx, r);
    let meta = if is_error { quote!(meta,) } else { quote!() };
    let stmts = quote!(#(#stmts)*);
    let unused =
        (!super::http_ser::uses_local(&stmts, "response")).then(|| quote!(let _ = response;));
    quote! {
        #unused
        #stmts
        ::std::result::Result::Ok(#ty { #(#fields,)* #meta })
    }
}

/// Parses header text `text` for member `m` (`?` on errors).
pub(super) fn header_parse(
    cx: &Ctx<'_>,
    m: &Member,
    name: &str,
    format: TimestampFormat,
) -> TokenStream {
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
            Kind::Float => quote!(::smithy_rt::http_binding::header_float32(#text, #name)?),
            Kind::Double => quote!(::smithy_rt::http_binding::header_float(#text, #name)?),
            Kind::Timestamp => {
                let f = json_ser::timestamp_format(format);
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

/// The path of the unmarshaller of the event stream member `m` targets.
pub(super) fn unmarshaller(cx: &Ctx<'_>, m: &Member) -> TokenStream {
    let f = super::common::ident(&cx.sym.event_unmarshaller(m.target));
    quote!(crate::protocol::event_stream::#f)
}

/// The path of the marshaller of the event stream member `m` targets.
pub(super) fn marshaller(cx: &Ctx<'_>, m: &Member) -> TokenStream {
    let f = super::common::ident(&cx.sym.event_marshaller(m.target));
    quote!(crate::protocol::event_stream::#f)
}
