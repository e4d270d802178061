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
    let input_name = cx.sym.type_name(op.input);
    let input_ty_ident = ident(input_name);
    // An input shared by several operations gets its `validate` once, with the first.
    let first_with_input = cx
        .ir
        .operation_refs()
        .find(|(_, o)| o.input == op.input)
        .is_some_and(|(r, _)| r == op_ref);
    // Its `validate` and `Validate` impl, with the validator if it has
    // constraints.
    let validate_impl = first_with_input.then(|| {
        let ty = if cx.sym.module(op.input) == Some(&crate::symbols::Module::Operation(op_ref)) {
            quote!(#input_ty_ident)
        } else {
            quote!(#input_ty as #input_name)
        };
        if needs_validation[op.input.0 as usize] {
            let f = super::validate::fn_name(cx, op.input);
            quote!(::smithy_rt::input_validation!(#ty, crate::validation::#f);)
        } else {
            quote!(::smithy_rt::input_validation!(#ty);)
        }
    });
    let error_enum = error_enum(cx, op_ref);
    let serialize = super::http_ser::serialize_request(cx, op_ref);
    let deserialize = super::http_de::response_deserializer(cx, &op.response, false);
    let streams = event_stream_items(cx, op_ref, &deserialize);
    let deserialize = if op.response.event_stream_member().is_some() {
        // A buffered response: the head as a streaming one, its events
        // read from the whole body.
        quote! {
            <Self as ::smithy_rt::operation::Operation>::deserialize_streaming_output(
                response,
                ::smithy_rt::event_stream::stream::full_body(::std::clone::Clone::clone(response.body())),
            )
        }
    } else {
        deserialize
    };
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

            fn serialize(input: &Self::Input) -> ::std::result::Result<::smithy_rt::operation::HttpRequest, ::smithy_rt::error::BuildError> {
                #serialize
            }

            fn deserialize_output(response: &::smithy_rt::operation::HttpResponse) -> ::std::result::Result<Self::Output, ::smithy_rt::error::DeserializeError> {
                #deserialize
            }

            #streams

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
    let predicates = op.errors.iter().map(|e| ident(&cx.sym.error_predicate(*e)));
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

        ::smithy_rt::operation_error_impls!(#error_ty { #(#variants => #predicates),* });
    }
}

/// The `Operation` items of an operation with an input or output event
/// stream: `input_event_stream` moves the input's stream out as messages;
/// `OUTPUT_EVENT_STREAM` and `deserialize_streaming_output` read the head of
/// the response (`deserialize`, which reads `response`) and the stream from
/// the body as it arrives; `deserialize_output` calls it with the whole body.
fn event_stream_items(
    cx: &Ctx<'_>,
    op_ref: OperationRef,
    deserialize: &TokenStream,
) -> TokenStream {
    let op = cx.ir.operation(op_ref);
    let input = op.request.event_stream_member().map(|i| {
        let m = &cx.ir.shape(op.input).kind.members()[i];
        let f = ident(cx.sym.field(op.input, i));
        let marshal = super::http_de::marshaller(cx, m);
        quote! {
            fn input_event_stream(input: &mut Self::Input) -> ::std::option::Option<::smithy_rt::event_stream::stream::MessageStream> {
                ::std::option::Option::Some(::std::mem::take(&mut input.#f).into_messages(#marshal))
            }
        }
    });
    let output = op.response.event_stream_member().map(|_| {
        quote! {
            const OUTPUT_EVENT_STREAM: bool = true;

            fn deserialize_streaming_output(
                head: &::smithy_rt::operation::HttpResponse,
                body: ::smithy_rt::event_stream::stream::Body,
            ) -> ::std::result::Result<Self::Output, ::smithy_rt::error::DeserializeError> {
                let response = head;
                let stream_body = body;
                #deserialize
            }
        }
    });
    quote!(#input #output)
}
