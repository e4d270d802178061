//! Error structures: the data type plus `Display`, `Error`, metadata access,
//! and the function that reads one from an HTTP response.

use proc_macro2::TokenStream;
use quote::quote;

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

/// The module `protocol/rest.rs`: error structures read from HTTP responses.
pub fn rest_module(cx: &Ctx<'_>) -> TokenStream {
    let fns = cx.ir.error_messages.iter().map(|(&r, msg)| {
        let ty = path(&cx.sym.type_path(r));
        let body = http_de::response_deserializer(cx, msg, true);
        let code = &cx.ir.shape(r).name;
        let status = match &cx.ir.shape(r).kind {
            crate::ir::Kind::Structure {
                error: Some(info), ..
            } => info.status,
            _ => 500,
        };
        quote! {
            impl ::smithy_rt::error_dispatch::ModeledError for #ty {
                const CODE: &'static str = #code;
                const STATUS: u16 = #status;
                fn read(
                    response: &::smithy_rt::operation::HttpResponse,
                    meta: ::smithy_rt::error::ErrorMetadata,
                ) -> ::std::result::Result<Self, ::smithy_rt::error::DeserializeError> {
                    #body
                }
            }
        }
    });
    quote! {
        //! Error structures read from HTTP error responses (restJson1).
        #(#fns)*
    }
}
