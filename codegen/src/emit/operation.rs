//! One module per operation: its input and output (when dedicated to it),
//! its error enum, and the `Operation` impl that binds them to HTTP.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{docs, ident, path, Ctx};
use super::{builders, types};
use crate::ir::OperationRef;

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
    // An input shared by several operations gets its `validate` once, with the first.
    let first_with_input = cx
        .ir
        .operation_refs()
        .find(|(_, o)| o.input == op.input)
        .is_some_and(|(r, _)| r == op_ref);
    let validate_impl = if first_with_input {
        quote! {
            impl #input_ty {
                #[doc = #validate_doc]
                pub fn validate(&self) -> ::std::result::Result<(), ::smithy_rt::validation::ValidationError> {
                    #validate_body
                }
            }
        }
    } else {
        quote!()
    };
    let error_enum = error_enum(cx, op_ref);
    let serialize = super::http_ser::serialize_request(cx, op_ref);
    let deserialize = super::http_de::response_deserializer(cx, &op.response, false);
    let deserialize_error = deserialize_error(cx, op_ref);
    let fluent = super::client::fluent_builder(cx, op_ref);
    let endpoint_items = super::client::operation_endpoint_items(cx, op_ref);
    let server = super::server::operation_impl(cx, op_ref);
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
            #[cfg(feature = "client")]
            mod fluent {
                #fluent
            }
            #[cfg(feature = "client")]
            pub use fluent::*;
        }

        #validate_impl

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

            #endpoint_items
        }

        #[cfg(feature = "server")]
        const _: () = {
            #server
        };
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
        let f = ident(&cx.sym.error_predicate(*e));
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

        ::smithy_rt::operation_error_impls!(#error_ty { #(#variants),* });
    }
}

fn deserialize_error(cx: &Ctx<'_>, op_ref: OperationRef) -> TokenStream {
    let op = cx.ir.operation(op_ref);
    let error_ty = ident(&cx.sym.operation(op_ref).error);
    let pairs = op.errors.iter().map(|e| {
        let code = &cx.ir.shape(*e).name;
        let status = match &cx.ir.shape(*e).kind {
            crate::ir::Kind::Structure {
                error: Some(info), ..
            } => info.status,
            _ => 500,
        };
        quote!((#code, #status))
    });
    let variants = op.errors.iter().map(|e| ident(cx.sym.type_name(*e)));
    quote! {
        ::smithy_rt::error_dispatch::ErrorDispatch::new(response, &[#(#pairs),*])
            #(.read(#error_ty::#variants))*
            .finish(#error_ty::Unhandled)
    }
}
