//! What every operation's fluent builder shares: its type, its constructor,
//! `as_input` and `send` (written once here as [`fluent_builder!`](crate::fluent_builder)).
//! Its member setters come from `smithy_rt::fluent_setters!`.

/// An operation's fluent builder: the struct (holding the client handle and
/// the input builder `inner`), `new`, `as_input` and `send`.
///
/// ```text
/// NameFluentBuilder, operation("OperationName", path::to::Operation),
/// input(InputBuilder), output(Output), error(OperationError), build(fallible)
/// ```
///
/// `build(fallible)` when the input builder's `build()` returns a `Result`
/// (the input has required members), `build(infallible)` when it returns the
/// input itself. `Operation`'s `Input`, `Output` and `Error` must be the
/// input built, `Output` and `OperationError`.
#[macro_export]
macro_rules! fluent_builder {
    ($name:ident, operation($op_name:literal, $op:ty), input($input:ty), output($output:ty),
        error($error:ty), build($build:ident)) => {
        #[doc = concat!(
            " Sets the input of `", $op_name, "` and sends it with [`send`](",
            stringify!($name), "::send)."
        )]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct $name {
            handle: $crate::client::Client,
            inner: $input,
        }

        impl $name {
            pub(crate) fn new(handle: $crate::client::Client) -> Self {
                Self { handle, inner: ::std::default::Default::default() }
            }

            /// The input set so far.
            pub fn as_input(&self) -> &$input {
                &self.inner
            }

            /// Builds the input, validates it (unless validation is turned off in the
            /// configuration), sends it, retrying as configured, and reads the answer.
            pub async fn send(
                self,
            ) -> ::std::result::Result<$output, $crate::__private::SdkError<$error>> {
                let input = $crate::fluent_builder!(@build $build self.inner);
                self.handle.invoke::<$op>(input).await
            }
        }
    };
    (@build fallible $inner:expr) => {
        $inner.build().map_err($crate::__private::SdkError::Build)?
    };
    (@build infallible $inner:expr) => {
        $inner.build()
    };
}

/// The paginator of a `@paginated` operation whose page tokens are
/// top-level members, and `into_paginator` on its fluent builder: each
/// [`next_page`] sends the request once, then feeds the output token into the
/// next request, until the service returns no token (or the same token again).
///
/// ```text
/// NamePaginator, operation("OperationName"), fluent(NameFluentBuilder),
/// output(Output), error(OperationError),
/// input_token(get_token, set_token), output_token(token_field)
/// ```
///
/// `get_token` and `set_token` are the input builder's getter and `Option`
/// setter of the input token; `token_field` is the output's `Option` field
/// holding the next token.
///
/// [`next_page`]: #next_page
#[macro_export]
macro_rules! paginator {
    ($name:ident, operation($op_name:literal), fluent($fluent:ident), output($output:ty),
        error($error:ty), input_token($get:ident, $set:ident), output_token($token:ident)) => {
        #[doc = concat!(
                                    " Pages through `", $op_name, "`: each call of [`next_page`](",
                                    stringify!($name), "::next_page) sends one request."
                                )]
        #[derive(::std::fmt::Debug)]
        pub struct $name {
            builder: ::std::option::Option<$fluent>,
        }

        impl $name {
            /// The next page, or `None` after the last page (or after an error).
            pub async fn next_page(
                &mut self,
            ) -> ::std::option::Option<
                ::std::result::Result<$output, $crate::__private::SdkError<$error>>,
            > {
                let builder = self.builder.take()?;
                let sent = ::std::clone::Clone::clone(builder.inner.$get());
                let result = ::std::clone::Clone::clone(&builder).send().await;
                if let ::std::result::Result::Ok(output) = &result {
                    match &output.$token {
                        ::std::option::Option::Some(token)
                            if !token.is_empty()
                                && sent.as_ref() != ::std::option::Option::Some(token) =>
                        {
                            self.builder = ::std::option::Option::Some(builder.$set(
                                ::std::option::Option::Some(::std::clone::Clone::clone(token)),
                            ));
                        }
                        _ => {}
                    }
                }
                ::std::option::Option::Some(result)
            }
        }

        impl $fluent {
            /// Turns this request into a paginator that follows the page tokens.
            pub fn into_paginator(self) -> $name {
                $name {
                    builder: ::std::option::Option::Some(self),
                }
            }
        }
    };
}
