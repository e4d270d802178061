//! Document adapters of the `cli` module (`src/cli/document.rs`): readers
//! from a JSON document keyed by Smithy member names to the typed values of
//! the input closure, and writers from the typed values of the output
//! closure back to such documents (what the AWS CLI prints).
//!
//! Documents are not wire bodies: keys are member names (not `@jsonName`),
//! every member is in them whatever its HTTP binding, and timestamps are
//! read as RFC 3339 text (the command-line runtime normalizes them first).

use proc_macro2::TokenStream;
use quote::quote;

use super::cli::closures;
use super::common::{ident, path, Ctx};
use crate::ir::{Binding, Kind, Member, ShapeRef, TimestampFormat};

/// The file `src/cli/document.rs`.
pub fn module(cx: &Ctx<'_>) -> TokenStream {
    let (input, output) = closures(cx.ir);
    let aggregate = |r: ShapeRef| {
        matches!(
            cx.kind(r),
            Kind::Structure { .. } | Kind::Union { .. } | Kind::List { .. } | Kind::Map { .. }
        )
    };
    let readers = cx
        .ir
        .shape_refs()
        .filter(|(r, _)| input[r.0 as usize] && aggregate(*r))
        .map(|(r, _)| reader(cx, r));
    let writers = cx
        .ir
        .shape_refs()
        .filter(|(r, _)| output[r.0 as usize] && aggregate(*r))
        .map(|(r, _)| writer(cx, r));
    quote! {
        //! Readers from documents keyed by member names to typed inputs, and
        //! writers from typed outputs to such documents.
        #![allow(unused_variables, clippy::redundant_clone)]
        #(#readers)*
        #(#writers)*
    }
}

/// Reads document value `x` at path `p` for member `m`, with `?`.
fn read_value(cx: &Ctx<'_>, m: &Member) -> TokenStream {
    let read = match cx.kind(m.target) {
        Kind::String { .. } => quote!(::smithy_rt::json::string(x, &p)?),
        Kind::Enum(_) => {
            let t = path(&cx.sym.type_path(m.target));
            quote!(#t::from(::smithy_rt::json::str(x, &p)?))
        }
        Kind::IntEnum(_) => {
            let t = path(&cx.sym.type_path(m.target));
            quote!(#t::from(::smithy_rt::json::integer::<i32>(x, &p)?))
        }
        Kind::Boolean => quote!(::smithy_rt::json::boolean(x, &p)?),
        Kind::Byte => quote!(::smithy_rt::json::integer::<i8>(x, &p)?),
        Kind::Short => quote!(::smithy_rt::json::integer::<i16>(x, &p)?),
        Kind::Integer => quote!(::smithy_rt::json::integer::<i32>(x, &p)?),
        Kind::Long => quote!(::smithy_rt::json::integer::<i64>(x, &p)?),
        Kind::Float => quote!((::smithy_rt::json::float(x, &p)? as f32)),
        Kind::Double => quote!(::smithy_rt::json::float(x, &p)?),
        Kind::BigInteger | Kind::BigDecimal => quote!(::smithy_rt::json::number_text(x, &p)?),
        Kind::Blob { .. } => quote!(::smithy_rt::json::blob(x, &p)?),
        Kind::Timestamp => quote!(::smithy_rt::json::timestamp(
            x,
            &p,
            ::smithy_rt::datetime::Format::DateTime
        )?),
        Kind::Document => quote!(::std::clone::Clone::clone(x)),
        Kind::List { .. } | Kind::Map { .. } | Kind::Structure { .. } | Kind::Union { .. } => {
            let f = ident(&cx.sym.cli_shape(m.target).reader);
            quote!(#f(x, &p)?)
        }
    };
    if m.boxed {
        quote!(::std::boxed::Box::new(#read))
    } else {
        read
    }
}

fn reader(cx: &Ctx<'_>, r: ShapeRef) -> TokenStream {
    let shape = cx.ir.shape(r);
    let ty = cx.value_type(r);
    let body = match &shape.kind {
        Kind::Structure { members, .. } => {
            let binds = members.iter().enumerate().map(|(i, m)| {
                let f = ident(cx.sym.field(r, i));
                let key = &m.name;
                let read = read_value(cx, m);
                let missing = super::json_de::missing_member(cx, m, key);
                let found = if m.is_always_set() {
                    read
                } else {
                    quote!(::std::option::Option::Some(#read))
                };
                quote! {
                    let #f = match ::smithy_rt::json::member(obj, #key) {
                        ::std::option::Option::Some(x) => { let p = path.key(#key); #found }
                        ::std::option::Option::None => #missing,
                    };
                }
            });
            let fields = (0..members.len()).map(|i| ident(cx.sym.field(r, i)));
            quote! {
                let obj = ::smithy_rt::json::object(value, path)?;
                #(#binds)*
                ::std::result::Result::Ok(#ty { #(#fields,)* })
            }
        }
        Kind::Union { members } => {
            let t = path(&cx.sym.type_path(r));
            let arms = members.iter().enumerate().map(|(i, m)| {
                let var = ident(cx.sym.variant(r, i));
                let key = &m.name;
                let read = read_value(cx, m);
                quote! { #key => #t::#var({ let p = path.key(#key); #read }), }
            });
            quote! {
                let obj = ::smithy_rt::json::object(value, path)?;
                let mut found = ::std::option::Option::None;
                for (k, x) in obj.iter() {
                    if x.is_null() {
                        continue;
                    }
                    if found.is_some() {
                        return ::std::result::Result::Err(::smithy_rt::error::DeserializeError::new(
                            path.to_pointer(),
                            "a union must have exactly one member set",
                        ));
                    }
                    found = ::std::option::Option::Some(match k.as_str() {
                        #(#arms)*
                        _ => return ::std::result::Result::Err(::smithy_rt::error::DeserializeError::new(
                            path.key(k).to_pointer(),
                            "unknown union member",
                        )),
                    });
                }
                found.ok_or_else(|| ::smithy_rt::error::DeserializeError::new(
                    path.to_pointer(),
                    "a union must have exactly one member set",
                ))
            }
        }
        Kind::List { member, sparse } => {
            let read = read_value(cx, member);
            let item = if *sparse {
                quote! { out.push(if x.is_null() { ::std::option::Option::None } else { ::std::option::Option::Some(#read) }); }
            } else {
                quote! { out.push(#read); }
            };
            quote! {
                let items = ::smithy_rt::json::array(value, path)?;
                let mut out = ::std::vec::Vec::with_capacity(items.len());
                for (i, x) in items.iter().enumerate() {
                    let p = path.index(i);
                    #item
                }
                ::std::result::Result::Ok(out)
            }
        }
        Kind::Map { key, value, sparse } => {
            let read = read_value(cx, value);
            let k = match cx.kind(key.target) {
                Kind::Enum(_) => {
                    let t = path(&cx.sym.type_path(key.target));
                    quote!(#t::from(k.as_str()))
                }
                _ => quote!(::std::clone::Clone::clone(k)),
            };
            let entry = if *sparse {
                quote! { out.insert(#k, if x.is_null() { ::std::option::Option::None } else { ::std::option::Option::Some(#read) }); }
            } else {
                quote! { out.insert(#k, #read); }
            };
            quote! {
                let obj = ::smithy_rt::json::object(value, path)?;
                let mut out = ::std::collections::BTreeMap::new();
                for (k, x) in obj.iter() {
                    let p = path.key(k);
                    #entry
                }
                ::std::result::Result::Ok(out)
            }
        }
        _ => return quote!(),
    };
    let name = ident(&cx.sym.cli_shape(r).reader);
    let doc = format!(" Reads a `{}` from a document.", shape.name);
    quote! {
        #[doc = #doc]
        pub(super) fn #name(
            value: &::serde_json::Value,
            path: &::smithy_rt::validation::Path<'_>,
        ) -> ::std::result::Result<#ty, ::smithy_rt::error::DeserializeError> {
            #body
        }
    }
}

/// The document value of `x` (a reference to a value of member `m`'s type,
/// unboxed).
fn write_value(cx: &Ctx<'_>, m: &Member, x: TokenStream) -> TokenStream {
    match cx.kind(m.target) {
        Kind::String { .. } => quote!(::serde_json::Value::String(::std::clone::Clone::clone(#x))),
        Kind::Enum(_) => quote!(::serde_json::Value::String(#x.as_str().to_owned())),
        Kind::IntEnum(_) => quote!(::serde_json::Value::from(#x.as_i32())),
        Kind::Boolean => quote!(::serde_json::Value::Bool(*#x)),
        Kind::Byte | Kind::Short | Kind::Integer | Kind::Long => {
            quote!(::serde_json::Value::from(*#x))
        }
        Kind::Float | Kind::Double => quote!(::smithy_cli_rt::document::float(f64::from(*#x))),
        Kind::BigInteger | Kind::BigDecimal => quote!(::smithy_cli_rt::document::number_text(#x)),
        Kind::Blob { .. } => {
            quote!(::serde_json::Value::String(::smithy_rt::http_binding::base64(#x)))
        }
        Kind::Timestamp => {
            let f = match m.timestamp_format {
                Some(f) => f,
                None if matches!(m.binding, Binding::Header(_)) => TimestampFormat::HttpDate,
                None => TimestampFormat::EpochSeconds,
            };
            let f = super::json_ser::timestamp_format(f);
            quote!(::smithy_cli_rt::document::timestamp(#x, #f))
        }
        Kind::Document => quote!(::std::clone::Clone::clone(#x)),
        Kind::List { .. } | Kind::Map { .. } | Kind::Structure { .. } | Kind::Union { .. } => {
            let f = ident(&cx.sym.cli_shape(m.target).writer);
            quote!(#f(#x))
        }
    }
}

/// `x` bound to an unboxed reference when member `m` is boxed.
fn unbox(m: &Member) -> TokenStream {
    if m.boxed {
        quote!(let x = &**x;)
    } else {
        quote!()
    }
}

fn writer(cx: &Ctx<'_>, r: ShapeRef) -> TokenStream {
    let shape = cx.ir.shape(r);
    let body = match &shape.kind {
        Kind::Structure { members, .. } if members.is_empty() => {
            quote!(::serde_json::Value::Object(::serde_json::Map::new()))
        }
        Kind::Structure { members, .. } => {
            let puts = members.iter().enumerate().map(|(i, m)| {
                let f = ident(cx.sym.field(r, i));
                let key = &m.name;
                let unbox = unbox(m);
                let w = write_value(cx, m, quote!(x));
                if m.is_always_set() {
                    quote! { { let x = &value.#f; #unbox obj.insert(#key.to_owned(), #w); } }
                } else {
                    quote! {
                        if let ::std::option::Option::Some(x) = &value.#f {
                            #unbox
                            obj.insert(#key.to_owned(), #w);
                        }
                    }
                }
            });
            quote! {
                let mut obj = ::serde_json::Map::new();
                #(#puts)*
                ::serde_json::Value::Object(obj)
            }
        }
        Kind::Union { members } => {
            let t = path(&cx.sym.type_path(r));
            let arms = members.iter().enumerate().map(|(i, m)| {
                let var = ident(cx.sym.variant(r, i));
                let key = &m.name;
                let unbox = unbox(m);
                let w = write_value(cx, m, quote!(x));
                quote! { #t::#var(x) => { #unbox obj.insert(#key.to_owned(), #w); } }
            });
            let unknown = ident(cx.sym.unknown_variant(r));
            quote! {
                let mut obj = ::serde_json::Map::new();
                match value {
                    #(#arms)*
                    #t::#unknown => {}
                }
                ::serde_json::Value::Object(obj)
            }
        }
        Kind::List { member, sparse } => {
            let unbox = unbox(member);
            let w = write_value(cx, member, quote!(x));
            let item = if *sparse {
                quote! { match x { ::std::option::Option::Some(x) => { #unbox #w } ::std::option::Option::None => ::serde_json::Value::Null } }
            } else {
                quote! { { #unbox #w } }
            };
            quote! {
                ::serde_json::Value::Array(value.iter().map(|x| #item).collect())
            }
        }
        Kind::Map {
            key,
            value: v,
            sparse,
        } => {
            let unbox = unbox(v);
            let w = write_value(cx, v, quote!(x));
            let k = match cx.kind(key.target) {
                Kind::Enum(_) => quote!(k.as_str().to_owned()),
                _ => quote!(::std::string::ToString::to_string(k)),
            };
            let item = if *sparse {
                quote! { match x { ::std::option::Option::Some(x) => { #unbox #w } ::std::option::Option::None => ::serde_json::Value::Null } }
            } else {
                quote! { { #unbox #w } }
            };
            quote! {
                let mut obj = ::serde_json::Map::new();
                for (k, x) in value {
                    obj.insert(#k, #item);
                }
                ::serde_json::Value::Object(obj)
            }
        }
        _ => return quote!(),
    };
    let name = ident(&cx.sym.cli_shape(r).writer);
    let param = cx.param_type(r);
    let doc = format!(" Writes a `{}` as a document.", shape.name);
    quote! {
        #[doc = #doc]
        pub(super) fn #name(value: &#param) -> ::serde_json::Value {
            #body
        }
    }
}
