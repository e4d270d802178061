//! Data types: structures, unions, enums and intEnums.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::common::{deprecated, docs, ident, Ctx};
use crate::ir::{Kind, ShapeRef};

/// A structure type with its `builder()` constructor and a `Debug` that
/// redacts sensitive members. Error structures also carry error metadata.
pub fn structure(cx: &Ctx<'_>, r: ShapeRef) -> TokenStream {
    let shape = cx.ir.shape(r);
    let name = ident(cx.sym.type_name(r));
    let is_error = matches!(shape.kind, Kind::Structure { error: Some(_), .. });
    let doc = docs(
        shape.docs.as_deref(),
        &format!("The `{}` structure.", shape.name),
    );
    let dep = deprecated(shape.deprecated.as_ref());
    let mut fields = Vec::new();
    let mut debug_fields = Vec::new();
    for (i, m) in shape.kind.members().iter().enumerate() {
        let f = ident(cx.sym.field(r, i));
        let ty = cx.field_type(m);
        let d = docs(m.docs.as_deref(), &format!("The `{}` member.", m.name));
        let mdep = deprecated(m.deprecated.as_ref());
        fields.push(quote! { #d #mdep pub #f: #ty, });
        debug_fields.push(super::builders::debug_entry(
            cx.sym.field(r, i),
            cx.is_sensitive(m) || shape.sensitive,
        ));
    }
    let meta_field = if is_error {
        quote! {
            /// What the service said about the error: code, message, request id, status.
            pub meta: ::smithy_rt::error::ErrorMetadata,
        }
    } else {
        quote!()
    };
    if is_error {
        debug_fields.push(quote!(meta));
    }
    let module = cx
        .sym
        .module_path(cx.sym.module(r).unwrap_or(&crate::symbols::Module::Types));
    let builder_path =
        super::common::path(&format!("{module}::builders::{}", cx.sym.builder_name(r)));
    // `Debug` is derived (every member, then the error metadata), except
    // with sensitive members: those are redacted by `redacted_debug!`.
    let redacts = shape.sensitive || shape.kind.members().iter().any(|m| cx.is_sensitive(m));
    let (derive_debug, debug_impl) = if redacts {
        let debug_impl = quote! {
            ::smithy_rt::redacted_debug!(#name { #(#debug_fields),* });
        };
        (quote!(), debug_impl)
    } else {
        (quote!(::std::fmt::Debug,), quote!())
    };
    // An event stream can be neither cloned nor compared.
    let derives = if cx.holds_event_stream(r) {
        quote!(#[derive(#derive_debug)])
    } else {
        quote!(#[derive(::std::clone::Clone, #derive_debug ::std::cmp::PartialEq)])
    };
    quote! {
        #doc
        #dep
        #derives
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #meta_field
        }

        ::smithy_rt::builder_fn!(#name, #builder_path);

        #debug_impl
    }
}

/// An enum with a variant per value and `Unknown` keeping any other wire string.
pub fn enumeration(cx: &Ctx<'_>, r: ShapeRef) -> TokenStream {
    let shape = cx.ir.shape(r);
    let Kind::Enum(values) = &shape.kind else {
        return quote!();
    };
    let name = ident(cx.sym.type_name(r));
    let unknown = ident(cx.sym.unknown_variant(r));
    let doc = docs(
        shape.docs.as_deref(),
        &format!("The `{}` enum.", shape.name),
    );
    let variants: Vec<_> = (0..values.len())
        .map(|i| ident(cx.sym.variant(r, i)))
        .collect();
    let wire: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
    let decls = values.iter().zip(&variants).map(|(v, var)| {
        let d = docs(v.docs.as_deref(), &format!("`{}`", v.value));
        let dep = deprecated(v.deprecated.as_ref());
        quote! { #d #dep #var, }
    });
    let allow_dep = if values.iter().any(|v| v.deprecated.is_some()) {
        quote!(#[allow(deprecated)])
    } else {
        quote!()
    };
    quote! {
        #doc
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, ::std::cmp::PartialOrd, ::std::cmp::Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
            /// A value this version of the crate does not know, kept as sent.
            #unknown(::std::string::String),
        }

        #allow_dep
        impl #name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wire,)*
                    Self::#unknown(value) => value.as_str(),
                }
            }

            /// Every value the model defines, in model order.
            pub const fn values() -> &'static [&'static str] {
                &[#(#wire),*]
            }
        }

        #allow_dep
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wire => Self::#variants,)*
                    other => Self::#unknown(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

/// An intEnum with a variant per value and `Unknown` keeping any other number.
pub fn int_enumeration(cx: &Ctx<'_>, r: ShapeRef) -> TokenStream {
    let shape = cx.ir.shape(r);
    let Kind::IntEnum(values) = &shape.kind else {
        return quote!();
    };
    let name = ident(cx.sym.type_name(r));
    let unknown = ident(cx.sym.unknown_variant(r));
    let doc = docs(
        shape.docs.as_deref(),
        &format!("The `{}` intEnum.", shape.name),
    );
    let variants: Vec<_> = (0..values.len())
        .map(|i| ident(cx.sym.variant(r, i)))
        .collect();
    let nums: Vec<i32> = values.iter().map(|v| v.value).collect();
    let decls = values.iter().zip(&variants).map(|(v, var)| {
        let d = docs(v.docs.as_deref(), &format!("`{}`", v.value));
        let dep = deprecated(v.deprecated.as_ref());
        quote! { #d #dep #var, }
    });
    let allow_dep = if values.iter().any(|v| v.deprecated.is_some()) {
        quote!(#[allow(deprecated)])
    } else {
        quote!()
    };
    quote! {
        #doc
        #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, ::std::cmp::PartialOrd, ::std::cmp::Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
            /// A value this version of the crate does not know, kept as sent.
            #unknown(i32),
        }

        #allow_dep
        impl #name {
            /// The wire value.
            pub fn as_i32(&self) -> i32 {
                match self {
                    #(Self::#variants => #nums,)*
                    Self::#unknown(value) => *value,
                }
            }

            /// Every value the model defines, in model order.
            pub const fn values() -> &'static [i32] {
                &[#(#nums),*]
            }
        }

        #allow_dep
        impl ::std::convert::From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#nums => Self::#variants,)*
                    other => Self::#unknown(other),
                }
            }
        }
    }
}

/// A union: one variant per member, plus `Unknown` for members added later.
pub fn union(cx: &Ctx<'_>, r: ShapeRef) -> TokenStream {
    let shape = cx.ir.shape(r);
    let Kind::Union { members } = &shape.kind else {
        return quote!();
    };
    let name = ident(cx.sym.type_name(r));
    let unknown = ident(cx.sym.unknown_variant(r));
    let doc = docs(
        shape.docs.as_deref(),
        &format!("The `{}` union.", shape.name),
    );
    let mut decls = Vec::new();
    let mut accessors = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let var = ident(cx.sym.variant(r, i));
        let ty = cx.member_value_type(m);
        let d = docs(m.docs.as_deref(), &format!("The `{}` member.", m.name));
        let dep = deprecated(m.deprecated.as_ref());
        decls.push(quote! { #d #dep #var(#ty), });
        let stem = heck::ToSnakeCase::to_snake_case(cx.sym.variant(r, i));
        let as_fn = format_ident!("as_{}", stem);
        let is_fn = format_ident!("is_{}", stem);
        let as_doc = format!(" The `{}` value, if this is that variant.", m.name);
        let is_doc = format!(" True if this is the `{}` variant.", m.name);
        accessors.push(quote! {
            #[doc = #as_doc]
            pub fn #as_fn(&self) -> ::std::option::Option<&#ty> {
                match self { Self::#var(v) => ::std::option::Option::Some(v), _ => ::std::option::Option::None }
            }
            #[doc = #is_doc]
            pub fn #is_fn(&self) -> bool {
                ::std::matches!(self, Self::#var(_))
            }
        });
    }
    let allow_dep = if members.iter().any(|m| m.deprecated.is_some()) {
        quote!(#[allow(deprecated)])
    } else {
        quote!()
    };
    quote! {
        #doc
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
            /// A member this version of the crate does not know. It cannot be sent.
            #unknown,
        }

        #allow_dep
        impl #name {
            #(#accessors)*
            /// True if this is a member unknown to this version of the crate.
            pub fn is_unknown(&self) -> bool {
                ::std::matches!(self, Self::#unknown)
            }
        }
    }
}
