//! Error structures: the data type plus `Display`, `Error`, metadata access,
//! and the function that reads one from an HTTP response.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::common::{ident, path, Ctx};
use super::{http_de, types};
use crate::ir::ShapeRef;

/// An error structure and its trait impls.
pub fn error_type(cx: &Ctx<'_>, r: ShapeRef) -> TokenStream {
    let data = types::structure(cx, r);
    let name = ident(cx.sym.type_name(r));
    let code = &cx.ir.shape(r).name;
    quote! {
        #data

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.meta.code().unwrap_or(#code))?;
                if let ::std::option::Option::Some(message) = self.meta.message() {
                    ::std::write!(f, ": {}", message)?;
                }
                ::std::result::Result::Ok(())
            }
        }

        impl ::std::error::Error for #name {}

        impl ::smithy_rt::error::ProvideErrorMetadata for #name {
            fn meta(&self) -> &::smithy_rt::error::ErrorMetadata {
                &self.meta
            }
        }
    }
}

/// The name of the function reading error `r` from a response.
pub fn response_fn(cx: &Ctx<'_>, r: ShapeRef) -> proc_macro2::Ident {
    format_ident!("de_{}_response", cx.sym.fn_stem(r))
}

/// The module `protocol/rest.rs`: error structures read from HTTP responses.
pub fn rest_module(cx: &Ctx<'_>) -> TokenStream {
    let fns = cx.ir.error_messages.iter().map(|(&r, msg)| {
        let f = response_fn(cx, r);
        let ty = path(&cx.sym.type_path(r));
        let body = http_de::response_deserializer(cx, msg, true);
        let doc = format!(" Reads a `{}` from an error response.", cx.ir.shape(r).name);
        quote! {
            #[doc = #doc]
            pub fn #f(
                response: &::smithy_rt::operation::HttpResponse,
                meta: ::smithy_rt::error::ErrorMetadata,
            ) -> ::std::result::Result<#ty, ::smithy_rt::error::DeserializeError> {
                #body
            }
        }
    });
    quote! {
        //! Error structures read from HTTP error responses (restJson1).
        #(#fns)*
    }
}
