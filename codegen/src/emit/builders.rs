//! Builders for structures: a setter, an `Option` setter and a getter per
//! member, appenders for lists and maps, and `build()` that reports every
//! missing required member at once.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{deprecated, ident, path, Ctx};
use crate::ir::{DefaultValue, Kind, Member, ShapeRef};

/// The builder type of structure `r`.
pub fn builder(cx: &Ctx<'_>, r: ShapeRef) -> TokenStream {
    let shape = cx.ir.shape(r);
    let members = shape.kind.members();
    let is_error = matches!(shape.kind, Kind::Structure { error: Some(_), .. });
    let target = path(&cx.sym.type_path(r));
    let name = ident(&cx.sym.builder_name(r));
    let type_name = cx.sym.type_name(r);
    let doc = format!(" A builder for [`{type_name}`]({}).", cx.sym.type_path(r));
    let mut fields = Vec::new();
    let mut methods = Vec::new();
    let mut debug_fields = Vec::new();
    let mut inits = Vec::new();
    let required: Vec<(usize, &Member)> = members
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            m.client_required() && m.client_default().is_none() && !cx.is_event_stream(m)
        })
        .collect();
    for (i, m) in members.iter().enumerate() {
        let fname = cx.sym.field(r, i);
        let f = ident(fname);
        let ty = cx.member_value_type(m);
        fields.push(quote! { #f: ::std::option::Option<#ty>, });
        debug_fields.push(debug_entry(fname, cx.is_sensitive(m) || shape.sensitive));
        methods.push(member_methods(cx, r, i, false));
        let wrap = |v: TokenStream| {
            if m.boxed {
                quote!(::std::boxed::Box::new(#v))
            } else {
                v
            }
        };
        let init = if cx.is_event_stream(m) {
            // Unset, an event stream is the empty one.
            quote! { #f: self.#f.unwrap_or_default(), }
        } else if m.client_required() && m.client_default().is_none() {
            let wire = &m.name;
            quote! {
                #f: ::smithy_rt::builder::required(self.#f, #wire)?,
            }
        } else if let Some(default) = m.client_default() {
            let value = wrap(default_value(cx, m.target, default));
            quote! { #f: self.#f.unwrap_or_else(|| #value), }
        } else {
            quote! { #f: self.#f, }
        };
        inits.push(init);
    }
    let meta_field = if is_error {
        quote!(meta: ::std::option::Option<::smithy_rt::error::ErrorMetadata>,)
    } else {
        quote!()
    };
    let meta_method = if is_error {
        quote! {
            /// Sets the error metadata (code, message, request id, status).
            pub fn meta(mut self, meta: ::smithy_rt::error::ErrorMetadata) -> Self {
                self.meta = ::std::option::Option::Some(meta);
                self
            }
        }
    } else {
        quote!()
    };
    let meta_init = if is_error {
        let code = &shape.name;
        quote! { meta: ::smithy_rt::error::ErrorMetadata::or_code(self.meta, #code), }
    } else {
        quote!()
    };
    let build = if required.is_empty() {
        let build_doc = format!(" Builds the [`{type_name}`]({}).", cx.sym.type_path(r));
        quote! {
            #[doc = #build_doc]
            pub fn build(self) -> #target {
                #target { #(#inits)* #meta_init }
            }
        }
    } else {
        let checks = required.iter().map(|(i, m)| {
            let f = ident(cx.sym.field(r, *i));
            let wire = &m.name;
            quote! { (#wire, self.#f.is_some()) }
        });
        let build_doc =
            format!(
            " Builds the [`{type_name}`]({}), or reports every required member that was not set ({}).",
            cx.sym.type_path(r),
            required.iter().map(|(_, m)| format!("`{}`", m.name)).collect::<Vec<_>>().join(", ")
        );
        quote! {
            #[doc = #build_doc]
            pub fn build(self) -> ::std::result::Result<#target, ::smithy_rt::error::BuildError> {
                ::smithy_rt::builder::check_required(&[#(#checks),*])?;
                ::std::result::Result::Ok(#target { #(#inits)* #meta_init })
            }
        }
    };
    // `Debug` is derived, except with sensitive members (redacted) and for
    // an error's builder (whose `Debug` leaves the error metadata out): those
    // list their fields in `redacted_debug!`.
    let redacts = shape.sensitive || members.iter().any(|m| cx.is_sensitive(m));
    let (derive_debug, debug_impl) = if redacts || is_error {
        let debug_impl = quote! {
            ::smithy_rt::redacted_debug!(#name { #(#debug_fields),* });
        };
        (quote!(), debug_impl)
    } else {
        (quote!(#[derive(::std::fmt::Debug)]), quote!())
    };
    // An event stream can be neither cloned nor compared.
    let derives = if cx.holds_event_stream(r) {
        quote!(#[derive(::std::default::Default)])
    } else {
        quote!(#[derive(::std::clone::Clone, ::std::default::Default, ::std::cmp::PartialEq)])
    };
    quote! {
        #[doc = #doc]
        #derives
        #derive_debug
        pub struct #name {
            #(#fields)*
            #meta_field
        }

        #[allow(deprecated)]
        impl #name {
            #(#methods)*
            #meta_method
            #build
        }

        #debug_impl
    }
}

/// One field of `smithy_rt::redacted_debug!`: `field`, or `r#type as "type"`
/// when the identifier is raw (the label is the name without `r#`), inside
/// `redacted(..)` when its value must not be printed.
pub fn debug_entry(name: &str, redact: bool) -> TokenStream {
    let f = ident(name);
    let entry = if f == name {
        quote!(#f)
    } else {
        quote!(#f as #name)
    };
    if redact {
        quote!(redacted(#entry))
    } else {
        entry
    }
}

/// The setter, `Option` setter and getter of member `i` of structure `r`:
/// on its builder (`fluent == false`, acting on the builder's fields) or on
/// an operation's fluent builder (`fluent == true`, delegating to `self.inner`).
/// The methods are written once, by the runtime's `builder_setters!` and
/// `fluent_setters!`; this is one invocation naming the member, its
/// documentation and how it is set (see `smithy_rt::builder`).
pub fn member_methods(cx: &Ctx<'_>, r: ShapeRef, i: usize, fluent: bool) -> TokenStream {
    let m = &cx.ir.shape(r).kind.members()[i];
    let f = ident(cx.sym.field(r, i));
    let dep = deprecated(m.deprecated.as_ref());
    let set = ident(&cx.sym.setter(r, i));
    let get = ident(&cx.sym.getter(r, i));
    let member_doc = m
        .docs
        .clone()
        .unwrap_or_else(|| format!("The `{}` member.", m.name));
    let first_line = member_doc.lines().next().unwrap_or_default().to_owned();
    let wire = &m.name;
    let required = if m.client_required() && !cx.is_event_stream(m) {
        quote!(required)
    } else {
        quote!()
    };
    let kind = match cx.kind(m.target) {
        _ if cx.is_event_stream(m) => {
            let t = cx.member_value_type(m);
            quote!(value(#t))
        }
        Kind::List {
            member: item,
            sparse,
        } if !m.boxed => {
            let item_ty = cx.value_type(item.target);
            if *sparse {
                quote!(list(::std::option::Option<#item_ty>))
            } else {
                quote!(list(#item_ty))
            }
        }
        Kind::Map { key, value, sparse } if !m.boxed => {
            let k = cx.value_type(key.target);
            let v = cx.value_type(value.target);
            if *sparse {
                quote!(map(#k, ::std::option::Option<#v>))
            } else {
                quote!(map(#k, #v))
            }
        }
        _ => {
            let inner = cx.value_type(m.target);
            if m.boxed {
                quote!(boxed(#inner))
            } else {
                quote!(value(#inner))
            }
        }
    };
    let mac = if fluent {
        quote!(::smithy_rt::fluent_setters)
    } else {
        quote!(::smithy_rt::builder_setters)
    };
    quote! {
        #mac!(#dep #f, #set, #get, #kind; #wire #required, #first_line);
    }
}

/// A Rust expression for a `@default` value of shape `r`.
pub fn default_value(cx: &Ctx<'_>, r: ShapeRef, v: &DefaultValue) -> TokenStream {
    match (cx.kind(r), v) {
        (Kind::Enum(_), DefaultValue::Text(s)) => {
            let t = path(&cx.sym.type_path(r));
            quote!(<#t>::from(#s))
        }
        (_, DefaultValue::Text(s)) => quote!(::std::string::String::from(#s)),
        (Kind::IntEnum(_), DefaultValue::Int(n)) => {
            let t = path(&cx.sym.type_path(r));
            let n = proc_macro2::Literal::i64_unsuffixed(*n);
            quote!(<#t>::from(#n))
        }
        (Kind::Byte, DefaultValue::Int(n)) => int_literal(*n, "i8"),
        (Kind::Short, DefaultValue::Int(n)) => int_literal(*n, "i16"),
        (Kind::Integer, DefaultValue::Int(n)) => int_literal(*n, "i32"),
        (_, DefaultValue::Int(n)) => int_literal(*n, "i64"),
        (_, DefaultValue::Bool(b)) => quote!(#b),
        (Kind::Float, DefaultValue::Float(f)) => {
            let f = proc_macro2::Literal::f32_suffixed(*f as f32);
            quote!(#f)
        }
        (_, DefaultValue::Float(f)) => {
            let f = proc_macro2::Literal::f64_suffixed(*f);
            quote!(#f)
        }
        (_, DefaultValue::Bytes(bytes)) => quote!(::std::vec::Vec::from(&[#(#bytes),*][..])),
        (_, DefaultValue::EpochSeconds(secs)) => {
            quote!(::smithy_rt::datetime::DateTime::from_secs_f64(#secs))
        }
        (_, DefaultValue::EmptyList) => quote!(::std::vec::Vec::new()),
        (_, DefaultValue::EmptyMap) => quote!(::std::collections::BTreeMap::new()),
        (_, DefaultValue::Document(v)) => {
            let text = v.to_string();
            quote!(::serde_json::from_str::<::serde_json::Value>(#text).unwrap_or(::serde_json::Value::Null))
        }
    }
}

/// An integer literal with its type suffix (the value fits: lowering checked).
fn int_literal(n: i64, ty: &str) -> TokenStream {
    let lit = match ty {
        "i8" => proc_macro2::Literal::i8_suffixed(n as i8),
        "i16" => proc_macro2::Literal::i16_suffixed(n as i16),
        "i32" => proc_macro2::Literal::i32_suffixed(n as i32),
        _ => proc_macro2::Literal::i64_suffixed(n),
    };
    quote!(#lit)
}
