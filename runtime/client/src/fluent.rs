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
