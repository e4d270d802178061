//! JSON body deserializers: one function per aggregate shape reachable from
//! an output or error, reading a parsed body with typed, path-reporting readers.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::common::{ident, path, Ctx};
use crate::ir::{Kind, Member, ShapeRef};

/// The deserializer function of aggregate shape `r`.
pub fn fn_name(cx: &Ctx<'_>, r: ShapeRef) -> proc_macro2::Ident {
    format_ident!("de_{}", cx.sym.fn_stem(r))
}

/// Reads value `x` (a `&Value`) at path `p` for member `m`; evaluates to the
/// member's value type (boxed if needed), with `?` on errors.
pub fn read_value(cx: &Ctx<'_>, m: &Member, x: TokenStream, p: TokenStream) -> TokenStream {
    let read = match cx.kind(m.target) {
        Kind::String { .. } => quote!(::smithy_rt::json::string(#x, &#p)?),
        Kind::Enum(_) => {
            let t = path(&cx.sym.type_path(m.target));
            quote!(#t::from(::smithy_rt::json::str(#x, &#p)?))
        }
        Kind::IntEnum(_) => {
            let t = path(&cx.sym.type_path(m.target));
            quote!(#t::from(::smithy_rt::json::integer::<i32>(#x, &#p)?))
        }
        Kind::Boolean => quote!(::smithy_rt::json::boolean(#x, &#p)?),
        Kind::Byte => quote!(::smithy_rt::json::integer::<i8>(#x, &#p)?),
        Kind::Short => quote!(::smithy_rt::json::integer::<i16>(#x, &#p)?),
        Kind::Integer => quote!(::smithy_rt::json::integer::<i32>(#x, &#p)?),
        Kind::Long => quote!(::smithy_rt::json::integer::<i64>(#x, &#p)?),
        Kind::Float => quote!(::smithy_rt::json::float32(#x, &#p)?),
        Kind::Double => quote!(::smithy_rt::json::float(#x, &#p)?),
        Kind::BigInteger | Kind::BigDecimal => quote!(::smithy_rt::json::number_text(#x, &#p)?),
        Kind::Blob { .. } => quote!(::smithy_rt::json::blob(#x, &#p)?),
        Kind::Timestamp => {
            let f = super::json_ser::timestamp_format(
                m.json_timestamp_format(),
            );
            quote!(::smithy_rt::json::timestamp(#x, &#p, #f)?)
        }
        Kind::Document => quote!(::smithy_rt::json::document(#x, &#p)),
        Kind::List { .. } | Kind::Map { .. } | Kind::Structure { .. } | Kind::Union { .. } => {
            let f = fn_name(cx, m.target);
            quote!(crate::protocol::json_de::#f(#x, &#p)?)
        }
    };
    if m.boxed {
        quote!(::std::boxed::Box::new(#read))
    } else {
        read
    }
}

/// The local a deserializer binds member `i` to (never a member's own
/// name, which could shadow `path`, `obj` or `response`).
pub fn local(i: usize) -> proc_macro2::Ident {
    format_ident!("m{}", i)
}

/// `field: local` initializers for every member of structure `r`.
pub fn field_inits(cx: &Ctx<'_>, r: ShapeRef) -> Vec<TokenStream> {
    (0..cx.ir.shape(r).kind.members().len())
        .map(|i| {
            let f = ident(cx.sym.field(r, i));
            let l = local(i);
            quote!(#f: #l)
        })
        .collect()
}

/// The value of member `m` when its key (`key`) is absent from an object:
/// its default, an error naming the path for a required member, else `None`.
pub fn missing_member(cx: &Ctx<'_>, m: &Member, key: &str) -> TokenStream {
    if let Some(default) = m.client_default() {
        let d = super::builders::default_value(cx, m.target, default);
        if m.boxed {
            quote!(::std::boxed::Box::new(#d))
        } else {
            d
        }
    } else if m.client_required() {
        quote! {
            return ::std::result::Result::Err(::smithy_rt::error::DeserializeError::new(
                path.key(#key).to_pointer(),
                ::smithy_rt::error::MISSING_MEMBER,
            ))
        }
    } else {
        quote!(::std::option::Option::None)
    }
}

/// Statements binding one local per member in `members` (indices into `r`'s
/// members) from object `obj` at path `path`.
pub fn object_members(cx: &Ctx<'_>, r: ShapeRef, members: &[usize]) -> TokenStream {
    let all = cx.ir.shape(r).kind.members();
    let stmts = members.iter().map(|&i| {
        let m = &all[i];
        let f = local(i);
        let key = &m.json_name;
        let read = read_value(cx, m, quote!(x), quote!(p));
        let missing = missing_member(cx, m, key);
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
    quote!(#(#stmts)*)
}

/// The whole `protocol/json_de.rs` module.
pub fn module(cx: &Ctx<'_>) -> TokenStream {
    let reachable = super::common::json_shapes(cx.ir);
    let fns = cx.ir.shape_refs().filter(|(r, _)| reachable[r.0 as usize]).filter_map(|(r, s)| {
        let name = fn_name(cx, r);
        let ty = cx.value_type(r);
        let body = match &s.kind {
            Kind::Structure { members, error } => {
                // Operation outputs and errors are read from whole responses (see `rest.rs`).
                if error.is_some() {
                    return None;
                }
                let all: Vec<usize> = (0..members.len()).collect();
                let binds = object_members(cx, r, &all);
                let fields = field_inits(cx, r);
                let meta = if error.is_some() { quote!(meta: ::std::default::Default::default(),) } else { quote!() };
                let obj = if members.is_empty() { quote!(_) } else { quote!(obj) };
                quote! {
                    let #obj = ::smithy_rt::json::object(value, path)?;
                    #binds
                    ::std::result::Result::Ok(#ty { #(#fields,)* #meta })
                }
            }
            Kind::Union { members } => {
                let t = path(&cx.sym.type_path(r));
                let arms = members.iter().enumerate().map(|(i, m)| {
                    let var = ident(cx.sym.variant(r, i));
                    let key = &m.json_name;
                    let read = read_value(cx, m, quote!(x), quote!(p));
                    quote! { #key => #t::#var({ let p = path.key(#key); #read }), }
                });
                let unknown = ident(cx.sym.unknown_variant(r));
                quote! {
                    let obj = ::smithy_rt::json::object(value, path)?;
                    let mut found = ::std::option::Option::None;
                    for (k, x) in obj.iter() {
                        if x.is_null() || k == "__type" {
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
                            _ => #t::#unknown,
                        });
                    }
                    found.ok_or_else(|| ::smithy_rt::error::DeserializeError::new(path.to_pointer(), "a union must have exactly one member set"))
                }
            }
            Kind::List { member, sparse } => {
                let read = read_value(cx, member, quote!(x), quote!(p));
                let item = if *sparse {
                    quote! { out.push(if x.is_null() { ::std::option::Option::None } else { ::std::option::Option::Some(#read) }); }
                } else {
                    quote! { if !x.is_null() { out.push(#read); } }
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
                let read = read_value(cx, value, quote!(x), quote!(p));
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
                    quote! { if !x.is_null() { out.insert(#k, #read); } }
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
            _ => return None,
        };
        let doc = format!(" Reads a `{}` from JSON.", s.name);
        Some(quote! {
            #[doc = #doc]
            pub fn #name(
                value: &::serde_json::Value,
                path: &::smithy_rt::validation::Path<'_>,
            ) -> ::std::result::Result<#ty, ::smithy_rt::error::DeserializeError> {
                #body
            }
        })
    });
    quote! {
        //! JSON deserializers for the shapes request and response bodies contain.
        #(#fns)*
    }
}
