//! The service client: configuration entry points, the default endpoint from
//! the model's endpoint rules, and one fluent builder per operation. All the
//! machinery (signing, retries, timeouts, transport) is in the runtime.

use proc_macro2::TokenStream;
use quote::quote;

use super::builders::member_methods;
use super::common::{docs, ident, path, Ctx};
use crate::ir::OperationRef;

/// The file `src/client.rs`.
pub fn module(cx: &Ctx<'_>) -> TokenStream {
    let svc = &cx.ir.service;
    let sdk_id = &svc.sdk_id;
    let signing_name = svc.signing_name.clone().unwrap_or_default();
    let version = &svc.version;
    let endpoint_url_in_rules = svc.endpoint_url_in_rules;
    let default_endpoint = match &svc.endpoint_rules {
        Some(rules) => quote! {
            /// The endpoint rule set of the model (`smithy.rules#endpointRuleSet`).
            pub const ENDPOINT_RULES: &str = #rules;

            /// Resolves the endpoint of a call with the model's rule set.
            fn default_endpoint(params: &::smithy_client::endpoint::Params) -> ::std::result::Result<::smithy_client::client::Endpoint, ::std::string::String> {
                ::smithy_client::endpoint::resolve(ENDPOINT_RULES, params)
                    .map(::std::convert::Into::into)
                    .map_err(|e| e.to_string())
            }
        },
        None => quote! {
            /// The model has no endpoint rules: an endpoint URL must be configured.
            fn default_endpoint(_params: &::smithy_client::endpoint::Params) -> ::std::result::Result<::smithy_client::client::Endpoint, ::std::string::String> {
                ::std::result::Result::Err(::std::string::String::from("the model has no endpoint rules; configure an endpoint URL"))
            }
        },
    };
    let methods = cx.ir.operation_refs().map(|(r, op)| {
        let names = cx.sym.operation(r);
        let method = ident(&names.method);
        let module = ident(&names.module);
        let fluent = ident(&names.fluent_builder);
        let d = docs(op.docs.as_deref(), &format!("Calls `{}`.", op.name));
        let dep = super::common::deprecated(op.deprecated.as_ref());
        quote! {
            #d
            ///
            /// Set the input with the returned builder's methods, then `.send().await`.
            #dep
            pub fn #method(&self) -> crate::operation::#module::builders::#fluent {
                crate::operation::#module::builders::#fluent::new(::std::clone::Clone::clone(&self.handle))
            }
        }
    });
    let title = svc.title.clone().unwrap_or_else(|| sdk_id.clone());
    let client_doc = format!(
        " A client for {title}.\n\n Cheap to clone: clones share configuration and connections. Calls need a Tokio runtime."
    );
    let client_doc = client_doc.lines().map(str::to_owned);
    quote! {
        //! The client: configuration, the default endpoint and one method per operation.

        /// What the runtime needs to know about this service.
        pub const SERVICE: ::smithy_client::client::ServiceInfo = ::smithy_client::client::ServiceInfo {
            sdk_id: #sdk_id,
            signing_name: #signing_name,
            api_version: #version,
            default_endpoint,
            endpoint_url_in_rules: #endpoint_url_in_rules,
        };

        #default_endpoint

        #(#[doc = #client_doc])*
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct Client {
            handle: ::smithy_client::client::Client,
        }

        impl Client {
            /// A client with this configuration.
            pub fn new(config: ::smithy_client::config::Config) -> Self {
                Self { handle: ::smithy_client::client::Client::new(SERVICE, config) }
            }

            /// A client configured the way the AWS SDKs and CLI are: credentials,
            /// region and endpoint from the environment (`AWS_ACCESS_KEY_ID`,
            /// `AWS_REGION`, `AWS_ENDPOINT_URL`, ...) and the shared `~/.aws` files.
            pub fn from_env() -> ::std::result::Result<Self, ::smithy_client::config::ConfigError> {
                ::std::result::Result::Ok(Self::new(::smithy_client::config::Config::from_env(&SERVICE)?))
            }

            /// Starts a configuration to adjust and pass to [`Client::new`].
            pub fn config_builder() -> ::smithy_client::config::ConfigBuilder {
                ::smithy_client::config::Config::builder()
            }

            /// The configuration of this client.
            pub fn config(&self) -> &::smithy_client::config::Config {
                self.handle.config()
            }

            /// The runtime handle, to invoke an [`Operation`](::smithy_rt::operation::Operation) directly.
            pub fn handle(&self) -> &::smithy_client::client::Client {
                &self.handle
            }

            #(#methods)*
        }
    }
}

/// The fluent builder of an operation: the input builder's methods plus `send`
/// (the part that is the same for every operation is `smithy_client::fluent_builder!`).
pub fn fluent_builder(cx: &Ctx<'_>, op_ref: OperationRef) -> TokenStream {
    let op = cx.ir.operation(op_ref);
    let names = cx.sym.operation(op_ref);
    let fluent = ident(&names.fluent_builder);
    let op_ty = path(&cx.sym.operation_type_path(op_ref));
    let input_builder = path(&cx.sym.builder_path(op.input));
    let output = path(&cx.sym.type_path(op.output));
    let error = path(&cx.sym.operation_error_path(op_ref));
    let members = cx.ir.shape(op.input).kind.members();
    let methods = (0..members.len()).map(|i| member_methods(cx, op.input, i, true));
    let has_required = members
        .iter()
        .any(|m| m.client_required() && m.client_default().is_none());
    let build = if has_required {
        quote!(fallible)
    } else {
        quote!(infallible)
    };
    let op_name = &op.name;
    let paginator = paginator(cx, op_ref);
    let methods = if members.is_empty() {
        quote!()
    } else {
        quote! {
            #[allow(deprecated)]
            impl #fluent {
                #(#methods)*
            }
        }
    };
    let fluent_def = if cx.holds_event_stream(op.input) {
        // `fluent_builder!` derives `Clone`, which an input event stream
        // is not: the same builder, without it.
        let doc =
            format!(" Sets the input of `{op_name}` and sends it with [`send`]({fluent}::send).");
        let built = if has_required {
            quote!(self
                .inner
                .build()
                .map_err(::smithy_rt::error::SdkError::Build)?)
        } else {
            quote!(self.inner.build())
        };
        quote! {
            #[doc = #doc]
            #[derive(::std::fmt::Debug)]
            pub struct #fluent {
                handle: ::smithy_client::client::Client,
                inner: #input_builder,
            }

            impl #fluent {
                pub(crate) fn new(handle: ::smithy_client::client::Client) -> Self {
                    Self { handle, inner: ::std::default::Default::default() }
                }

                /// The input set so far.
                pub fn as_input(&self) -> &#input_builder {
                    &self.inner
                }

                /// Builds the input, validates it (unless validation is turned off in the
                /// configuration), sends it with its event stream, and reads the answer.
                pub async fn send(
                    self,
                ) -> ::std::result::Result<#output, ::smithy_rt::error::SdkError<#error>> {
                    let input = #built;
                    self.handle.invoke::<#op_ty>(input).await
                }
            }
        }
    } else {
        quote! {
            ::smithy_client::fluent_builder!(
                #fluent, operation(#op_name, #op_ty), input(#input_builder), output(#output),
                error(#error), build(#build)
            );
        }
    };
    quote! {
        #fluent_def

        #methods

        #paginator
    }
}

/// For a `@paginated` operation whose tokens are top-level members: a
/// paginator that sends the request once per page, feeding each page's
/// output token into the next request, until the service returns no token
/// (or the same token again).
fn paginator(cx: &Ctx<'_>, op_ref: OperationRef) -> TokenStream {
    let op = cx.ir.operation(op_ref);
    let none = TokenStream::new;
    let Some(p) = &op.paginated else {
        return none();
    };
    let (Some(in_tok), Some(out_tok)) = (&p.input_token, &p.output_token) else {
        return none();
    };
    let input_members = cx.ir.shape(op.input).kind.members();
    let output_members = cx.ir.shape(op.output).kind.members();
    let Some(in_i) = input_members.iter().position(|m| &m.name == in_tok) else {
        return none();
    };
    let Some(out_i) = output_members.iter().position(|m| &m.name == out_tok) else {
        return none();
    };
    if output_members[out_i].is_always_set() || input_members[in_i].is_always_set() {
        return none();
    }
    let names = cx.sym.operation(op_ref);
    let fluent = ident(&names.fluent_builder);
    let pager = ident(&format!("{}Paginator", names.name));
    let set_in = ident(&cx.sym.setter(op.input, in_i));
    let get_in = ident(&cx.sym.getter(op.input, in_i));
    let out_f = ident(cx.sym.field(op.output, out_i));
    let output = path(&cx.sym.type_path(op.output));
    let error = path(&cx.sym.operation_error_path(op_ref));
    let op_name = &op.name;
    let pager_def = quote! {
        ::smithy_client::paginator!(
            #pager, operation(#op_name), fluent(#fluent), output(#output), error(#error),
            input_token(#get_in, #set_in), output_token(#out_f)
        );
    };
    pager_def
}

/// The statements that push `@operationContextParams` parameter `name`
/// with the value at `path` into the input (`input: &Input`), when the path
/// reaches a value: a string, enum or boolean, a list of strings or enums
/// (every item), a `[*]` projection (the items that have the rest of the
/// path) or `keys(..)` of a map. `None` when the IR does not have a step.
fn context_path_push(
    cx: &Ctx<'_>,
    input: crate::ir::ShapeRef,
    name: &str,
    path: &crate::ir::ContextPath,
) -> Option<TokenStream> {
    use crate::ir::{ContextStep, Kind};
    let param = quote!(::smithy_rt::operation::EndpointParam);
    // The text of a string or enum value `v: &T`.
    let text = |shape: crate::ir::ShapeRef, v: &TokenStream| match &cx.ir.shape(shape).kind {
        Kind::Enum(_) => Some(quote!(::std::borrow::ToOwned::to_owned(#v.as_str()))),
        Kind::String { .. } => Some(quote!(::std::clone::Clone::clone(#v))),
        _ => None,
    };
    // The texts of an iterator of `&T` (string or enum items) as a `Vec`.
    let collect = |shape: crate::ir::ShapeRef, items: TokenStream| match &cx.ir.shape(shape).kind {
        Kind::Enum(_) => Some(
            quote!(#items.map(|item| ::std::borrow::ToOwned::to_owned(item.as_str())).collect()),
        ),
        Kind::String { .. } => Some(quote!(#items.cloned().collect())),
        _ => None,
    };
    let split = path.steps.iter().position(|s| *s == ContextStep::Each);
    let (to_value, after) = match split {
        Some(i) => (&path.steps[..i], &path.steps[i + 1..]),
        None => (&path.steps[..], &[][..]),
    };
    walk(cx, input, quote!(input), to_value, 0, &|shape, v| {
        let kind = &cx.ir.shape(shape).kind;
        if path.keys {
            let Kind::Map { key, .. } = kind else {
                return None;
            };
            let keys = collect(key.target, quote!(#v.keys()))?;
            return Some(quote! {
                params.push((#name, #param::StringArray(#keys)));
            });
        }
        if split.is_some() {
            let Kind::List { member, sparse } = kind else {
                return None;
            };
            let items = if *sparse {
                quote!(#v.iter().flatten())
            } else {
                quote!(#v.iter())
            };
            let push = walk(
                cx,
                member.target,
                quote!(item),
                after,
                to_value.len() + 1,
                &|leaf, x| {
                    let value = text(leaf, &x)?;
                    Some(quote!(values.push(#value);))
                },
            )?;
            return Some(quote! {
                let mut values = ::std::vec::Vec::new();
                for item in #items {
                    #push
                }
                params.push((#name, #param::StringArray(values)));
            });
        }
        match kind {
            Kind::Boolean => Some(quote!(params.push((#name, #param::Bool(*#v)));)),
            Kind::List { member, sparse } => {
                let string_items = matches!(cx.ir.shape(member.target).kind, Kind::String { .. });
                let values = if *sparse {
                    collect(member.target, quote!(#v.iter().flatten()))?
                } else if string_items {
                    quote!(::std::clone::Clone::clone(#v))
                } else {
                    collect(member.target, quote!(#v.iter()))?
                };
                Some(quote! {
                    params.push((#name, #param::StringArray(#values)));
                })
            }
            _ => {
                let value = text(shape, &v)?;
                Some(quote!(params.push((#name, #param::String(#value)));))
            }
        }
    })
}

/// Code that follows `steps` (members only) from `value` (an expression of
/// type `&T` for shape `shape`) and runs `leaf` on what they reach, inside
/// an `if let` for each optional member. Locals are `v<depth>`, `v<depth+1>`...
fn walk(
    cx: &Ctx<'_>,
    shape: crate::ir::ShapeRef,
    value: TokenStream,
    steps: &[crate::ir::ContextStep],
    depth: usize,
    leaf: &dyn Fn(crate::ir::ShapeRef, TokenStream) -> Option<TokenStream>,
) -> Option<TokenStream> {
    let Some((step, rest)) = steps.split_first() else {
        return leaf(shape, value);
    };
    let crate::ir::ContextStep::Member(name) = step else {
        return None;
    };
    let members = cx.ir.shape(shape).kind.members();
    let i = members.iter().position(|m| &m.name == name)?;
    let m = &members[i];
    let field = ident(cx.sym.field(shape, i));
    let v = ident(&format!("v{depth}"));
    let inner = walk(cx, m.target, quote!(#v), rest, depth + 1, leaf)?;
    Some(if m.is_always_set() {
        quote! {{
            let #v = &#value.#field;
            #inner
        }}
    } else {
        quote! {
            if let ::std::option::Option::Some(#v) = &#value.#field {
                #inner
            }
        }
    })
}

/// The items of an operation's `Operation` impl that choose its endpoint
/// parameters and auth schemes: `const AUTH` and `fn endpoint_params`
/// (left to their defaults when the model says nothing, or what the
/// defaults mean).
pub fn operation_endpoint_items(cx: &Ctx<'_>, op_ref: OperationRef) -> TokenStream {
    use crate::ir::{AuthScheme, EndpointParamSource, Kind};
    let op = cx.ir.operation(op_ref);
    // SigV4 with the service's signing name alone is the runtime's default.
    let service_default = match op.auth.as_slice() {
        [AuthScheme::SigV4 {
            signing_name,
            unsigned_payload: false,
        }] => cx.ir.service.signing_name.as_ref() == Some(signing_name),
        _ => false,
    };
    let auth = (!op.auth.is_empty() && !service_default).then(|| {
        let schemes = op.auth.iter().map(|s| match s {
            AuthScheme::SigV4 {
                signing_name,
                unsigned_payload,
            } => quote! {
                ::smithy_rt::operation::AuthScheme::SigV4 { signing_name: #signing_name, unsigned_payload: #unsigned_payload }
            },
            AuthScheme::Bearer => quote!(::smithy_rt::operation::AuthScheme::Bearer),
            AuthScheme::NoAuth => quote!(::smithy_rt::operation::AuthScheme::NoAuth),
        });
        quote! {
            const AUTH: &'static [::smithy_rt::operation::AuthScheme] = &[#(#schemes),*];
        }
    });
    if op.endpoint_params.is_empty() {
        return quote!(#auth);
    }
    let members = cx.ir.shape(op.input).kind.members();
    let pushes = op.endpoint_params.iter().filter_map(|p| {
        let name = &p.name;
        let value = match &p.source {
            EndpointParamSource::StaticString(s) => {
                quote!(::smithy_rt::operation::EndpointParam::String(::std::string::String::from(#s)))
            }
            EndpointParamSource::StaticBool(b) => quote!(::smithy_rt::operation::EndpointParam::Bool(#b)),
            EndpointParamSource::StaticStringArray(items) => quote! {
                ::smithy_rt::operation::EndpointParam::StringArray(::std::vec![#(::std::string::String::from(#items)),*])
            },
            EndpointParamSource::Member(member) => {
                let i = members.iter().position(|m| &m.name == member)?;
                let m = &members[i];
                let field = ident(cx.sym.field(op.input, i));
                let convert = match &cx.ir.shape(m.target).kind {
                    Kind::Boolean => quote!(::smithy_rt::operation::EndpointParam::Bool(*v)),
                    Kind::Enum(_) => quote!(::smithy_rt::operation::EndpointParam::String(::std::borrow::ToOwned::to_owned(v.as_str()))),
                    _ => quote!(::smithy_rt::operation::EndpointParam::String(::std::clone::Clone::clone(v))),
                };
                return Some(if m.is_always_set() {
                    quote! {{
                        let v = &input.#field;
                        params.push((#name, #convert));
                    }}
                } else {
                    quote! {
                        if let ::std::option::Option::Some(v) = &input.#field {
                            params.push((#name, #convert));
                        }
                    }
                });
            }
            EndpointParamSource::InputPath(path) => return context_path_push(cx, op.input, name, path),
        };
        Some(quote!(params.push((#name, #value));))
    });
    quote! {
        #auth

        fn endpoint_params(input: &Self::Input) -> ::std::vec::Vec<(&'static str, ::smithy_rt::operation::EndpointParam)> {
            let _ = input;
            #[allow(unused_mut)]
            let mut params = ::std::vec::Vec::new();
            #(#pushes)*
            params
        }
    }
}
