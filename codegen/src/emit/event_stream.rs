//! Event streams: per `@streaming` union its error enum (in
//! `crate::types::error`), and its marshaller and unmarshaller (in
//! `crate::protocol::event_stream`), which turn one event or modeled error
//! into one message and back. Both directions are generated for every
//! stream: a client sends input streams and reads output streams, a server
//! does the opposite.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{docs, ident, path, Ctx};
use super::{json_de, json_ser};
use crate::ir::{EventPayload, EventStream, Kind, ShapeRef};

/// The error enum of every event stream.
pub fn error_enums(cx: &Ctx<'_>) -> TokenStream {
    let items = cx.ir.event_streams.values().map(|s| error_enum(cx, s));
    quote!(#(#items)*)
}

fn error_enum(cx: &Ctx<'_>, s: &EventStream) -> TokenStream {
    let union = cx.ir.shape(s.union);
    let name = ident(cx.sym.stream_error(s.union));
    let members = union.kind.members();
    let doc = format!(
        " The modeled errors the `{}` event stream can carry (`exception` messages), one variant per error member.",
        union.name
    );
    let variants: Vec<_> = s
        .errors
        .iter()
        .map(|e| ident(cx.sym.variant(s.union, e.member)))
        .collect();
    let decls = s.errors.iter().zip(&variants).map(|(e, v)| {
        let m = &members[e.member];
        let ty = path(&cx.sym.type_path(e.target));
        let d = docs(m.docs.as_deref(), &format!("The `{}` error.", m.name));
        quote!(#d #v(#ty),)
    });
    // Without error members the enum is uninhabited.
    let unused = variants.is_empty().then(|| quote!(let _ = f;));
    quote! {
        #[doc = #doc]
        #[derive(::std::fmt::Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #unused
                match *self {
                    #(Self::#variants(ref e) => ::std::fmt::Display::fmt(e, f),)*
                }
            }
        }

        impl ::std::error::Error for #name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match *self {
                    #(Self::#variants(ref e) => ::std::option::Option::Some(e),)*
                }
            }
        }
    }
}

/// The file `src/protocol/event_stream.rs`.
pub fn module(cx: &Ctx<'_>) -> TokenStream {
    let fns = cx.ir.event_streams.values().map(|s| {
        let m = marshaller(cx, s);
        let u = unmarshaller(cx, s);
        quote!(#m #u)
    });
    quote! {
        //! Event stream marshallers and unmarshallers: one event (or modeled
        //! error) of a `@streaming` union to one message, and back.
        use ::smithy_rt::event_stream::codec;
        use ::smithy_rt::event_stream::stream::{BoxError, Unmarshalled};
        use ::smithy_rt::event_stream::Message;
        use ::smithy_rt::error::DeserializeError;
        use ::std::result::Result;
        #(#fns)*
    }
}

/// `value`'s JSON document, as `Bytes` (`value` a reference to a value of
/// structure `r`, written by its writer).
fn json_of(cx: &Ctx<'_>, r: ShapeRef) -> TokenStream {
    let f = json_ser::fn_name(cx, r);
    quote! {{
        let mut w = ::smithy_rt::json::JsonWriter::with_capacity(128);
        crate::protocol::json_ser::#f(value, w.value());
        ::smithy_rt::Bytes::from(w.into_bytes())
    }}
}

fn marshaller(cx: &Ctx<'_>, s: &EventStream) -> TokenStream {
    let union = cx.ir.shape(s.union);
    let members = union.kind.members();
    let t = path(&cx.sym.type_path(s.union));
    let name = ident(&cx.sym.event_marshaller(s.union));
    let doc = format!(
        " The message of one event (or modeled error) of the `{}` event stream.",
        union.name
    );
    let unbox = |boxed: bool| boxed.then(|| quote!(let value = *value;));
    let mut arms = Vec::new();
    for e in &s.events {
        let var = ident(cx.sym.variant(s.union, e.member));
        let m = &members[e.member];
        let wire = &m.name;
        let unboxed = unbox(m.boxed);
        let fields = cx.ir.shape(e.target).kind.members();
        let field = |i: usize| ident(cx.sym.field(e.target, i));
        let (payload, content_type) = match &e.payload {
            EventPayload::Blob(i) | EventPayload::Text(i) | EventPayload::Json(i) => {
                let f = field(*i);
                let pm = &fields[*i];
                let (bytes, ct) = match &e.payload {
                    EventPayload::Blob(_) => (
                        quote!(::smithy_rt::Bytes::from(x)),
                        "application/octet-stream",
                    ),
                    EventPayload::Text(_) => (
                        quote!(::smithy_rt::Bytes::from(x.into_bytes())),
                        "text/plain",
                    ),
                    _ => {
                        let write = json_ser::write_value(cx, pm, quote!(&x), quote!(w.value()));
                        (
                            quote! {{
                                let mut w = ::smithy_rt::json::JsonWriter::with_capacity(128);
                                #write;
                                ::smithy_rt::Bytes::from(w.into_bytes())
                            }},
                            "application/json",
                        )
                    }
                };
                if pm.is_always_set() {
                    (
                        quote!({ let x = value.#f; #bytes }),
                        quote!(::std::option::Option::Some(#ct)),
                    )
                } else {
                    // An unset payload is an empty one, without a content type.
                    (
                        quote!(value.#f.map(|x| #bytes).unwrap_or_default()),
                        quote!(if payload.is_empty() { ::std::option::Option::None } else { ::std::option::Option::Some(#ct) }),
                    )
                }
            }
            EventPayload::Implicit(body) if body.is_empty() => (
                quote!(::smithy_rt::Bytes::new()),
                quote!(::std::option::Option::None),
            ),
            EventPayload::Implicit(body) => {
                let stmts = json_ser::object_members(cx, e.target, body);
                (
                    quote! {{
                        let value = &value;
                        let mut w = ::smithy_rt::json::JsonWriter::with_capacity(128);
                        let mut obj = w.value().object();
                        #stmts
                        obj.finish();
                        ::smithy_rt::Bytes::from(w.into_bytes())
                    }},
                    quote!(::std::option::Option::Some("application/json")),
                )
            }
        };
        let headers = e.headers.iter().map(|h| {
            let f = field(h.member);
            let hname = &fields[h.member].name;
            quote!(codec::push_header(&mut message, #hname, &value.#f)?;)
        });
        let headers: Vec<_> = headers.collect();
        let mutable = (!headers.is_empty()).then(|| quote!(mut));
        // An event without members is its name alone.
        let unused = (headers.is_empty()
            && matches!(&e.payload, EventPayload::Implicit(body) if body.is_empty()))
        .then(|| quote!(let _ = value;));
        arms.push(quote! {
            #t::#var(value) => {
                #unboxed
                #unused
                let payload: ::smithy_rt::Bytes = #payload;
                let content_type: ::std::option::Option<&str> = #content_type;
                let #mutable message = Message::event(#wire, content_type, payload);
                #(#headers)*
                ::std::result::Result::Ok(message)
            }
        });
    }
    for e in &s.errors {
        let var = ident(cx.sym.variant(s.union, e.member));
        let m = &members[e.member];
        let wire = &m.name;
        let unboxed = unbox(m.boxed);
        let json = json_of(cx, e.target);
        arms.push(quote! {
            #t::#var(value) => {
                #unboxed
                let value = &value;
                ::std::result::Result::Ok(Message::exception(#wire, ::std::option::Option::Some("application/json"), #json))
            }
        });
    }
    let unknown = ident(cx.sym.unknown_variant(s.union));
    quote! {
        #[doc = #doc]
        pub fn #name(event: #t) -> Result<Message, BoxError> {
            match event {
                #(#arms)*
                #t::#unknown => ::std::result::Result::Err(codec::unknown_event()),
            }
        }
    }
}

fn unmarshaller(cx: &Ctx<'_>, s: &EventStream) -> TokenStream {
    let union = cx.ir.shape(s.union);
    let members = union.kind.members();
    let t = path(&cx.sym.type_path(s.union));
    let err = path(&cx.sym.stream_error_path(s.union));
    let name = ident(&cx.sym.event_unmarshaller(s.union));
    let doc = format!(
        " Reads one `event` or `exception` message of the `{}` event stream.",
        union.name
    );
    let wrap = |boxed: bool, v: TokenStream| {
        if boxed {
            quote!(::std::boxed::Box::new(#v))
        } else {
            v
        }
    };
    let mut arms = Vec::new();
    for e in &s.events {
        let var = ident(cx.sym.variant(s.union, e.member));
        let m = &members[e.member];
        let wire = &m.name;
        let fields = cx.ir.shape(e.target).kind.members();
        let ty = path(&cx.sym.type_path(e.target));
        let mut stmts = Vec::new();
        match &e.payload {
            EventPayload::Implicit(body) if body.is_empty() => {}
            EventPayload::Implicit(body) => stmts.push(json_de::body_members(
                cx,
                e.target,
                body,
                quote!(codec::json_payload(message)),
                quote!(::smithy_rt::json::Profile::WIRE),
            )),
            EventPayload::Blob(i) | EventPayload::Text(i) | EventPayload::Json(i) => {
                let pm = &fields[*i];
                let l = json_de::local(*i);
                let read = match &e.payload {
                    EventPayload::Blob(_) => quote!(message.payload().to_vec()),
                    EventPayload::Text(_) => quote!(codec::payload_text(message)?),
                    _ => json_de::payload_value(
                        cx,
                        pm,
                        quote!(message.payload()),
                        quote!(::smithy_rt::json::Profile::WIRE),
                    ),
                };
                let value = if pm.is_always_set() {
                    read
                } else {
                    quote!(if message.payload().is_empty() { ::std::option::Option::None } else { ::std::option::Option::Some(#read) })
                };
                stmts.push(quote!(let #l = #value;));
            }
        }
        for h in &e.headers {
            let hm = &fields[h.member];
            let l = json_de::local(h.member);
            let hname = &hm.name;
            let vt = cx.value_type(hm.target);
            let value = if hm.is_always_set() {
                match hm.client_default() {
                    Some(d) => {
                        let d = super::builders::default_value(cx, hm.target, d);
                        quote!(codec::read_header::<#vt>(message, #hname)?.unwrap_or_else(|| #d))
                    }
                    None => quote!(codec::required_header::<#vt>(message, #hname)?),
                }
            } else {
                quote!(codec::read_header::<#vt>(message, #hname)?)
            };
            stmts.push(quote!(let #l = #value;));
        }
        let inits = json_de::field_inits(cx, e.target);
        let event = wrap(m.boxed, quote!(#ty { #(#inits,)* }));
        arms.push(quote! {
            codec::MessageMember::Event(#wire) => {
                #(#stmts)*
                Unmarshalled::Event(#t::#var(#event))
            }
        });
    }
    for e in &s.errors {
        let var = ident(cx.sym.variant(s.union, e.member));
        let wire = &members[e.member].name;
        let f = json_de::fn_name(cx, e.target);
        let code = &cx.ir.shape(e.target).name;
        let fields = cx.ir.shape(e.target).kind.members();
        // The error's message, from its `message` member when it has one.
        let message = fields
            .iter()
            .enumerate()
            .find(|(_, fm)| {
                fm.name.eq_ignore_ascii_case("message")
                    && matches!(cx.kind(fm.target), Kind::String { .. })
            })
            .map(|(i, fm)| {
                let fi = ident(cx.sym.field(e.target, i));
                if fm.is_always_set() {
                    quote!(::std::option::Option::Some(::std::clone::Clone::clone(&error.#fi)))
                } else {
                    quote!(::std::clone::Clone::clone(&error.#fi))
                }
            })
            .unwrap_or_else(|| quote!(::std::option::Option::None));
        arms.push(quote! {
            codec::MessageMember::Exception(#wire) => {
                let mut reader = ::smithy_rt::json::JsonReader::body(codec::json_payload(message), &::smithy_rt::json::Profile::WIRE);
                let mut error = crate::protocol::json_de::#f(&mut reader)?;
                reader.end_ref()?;
                error.meta = ::smithy_rt::error::ErrorMetadata::new(0, ::std::option::Option::Some(::std::string::String::from(#code)), #message, ::std::option::Option::None);
                Unmarshalled::Exception(#err::#var(error))
            }
        });
    }
    quote! {
        #[doc = #doc]
        pub fn #name(message: &Message) -> Result<Unmarshalled<#t, #err>, DeserializeError> {
            ::std::result::Result::Ok(match codec::message_member(message)? {
                #(#arms)*
                codec::MessageMember::Event(_) => Unmarshalled::Unknown,
                codec::MessageMember::Exception(other) => return ::std::result::Result::Err(codec::unknown_exception(other)),
            })
        }
    }
}
