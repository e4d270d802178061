//! Reading an error response into an operation's error enum: the same for
//! every operation, so it is written once here and generated code only lists
//! the operation's errors.

use crate::error::{DeserializeError, ErrorMetadata, Unhandled};
use crate::operation::HttpResponse;

/// An error structure of the model that can be read from an error response.
pub trait ModeledError: Sized {
    /// Its shape name, the code that identifies it on the wire.
    const CODE: &'static str;
    /// Its `@httpError` status.
    const STATUS: u16;
    /// Reads it (headers and body members) from `response`, keeping `meta`.
    fn read(response: &HttpResponse, meta: ErrorMetadata) -> Result<Self, DeserializeError>;
}

/// Dispatches an error response over an operation's modelled errors:
///
/// ```ignore
/// ErrorDispatch::new(response, &[(BadRequest::CODE, BadRequest::STATUS), ...])
///     .read(MyOpError::BadRequest)
///     .finish(MyOpError::Unhandled)
/// ```
///
/// The code is the response's (`X-Amzn-ErrorType`, else `code`/`__type` in
/// the body); without one, a status that exactly one modelled error has
/// names that error. An unknown code, or a body the error cannot be read
/// from, becomes `Unhandled` with status, code, message, request id and
/// the raw body.
pub struct ErrorDispatch<'r, E> {
    response: &'r HttpResponse,
    meta: ErrorMetadata,
    code: Option<&'static str>,
    found: Option<E>,
}

impl<'r, E> ErrorDispatch<'r, E> {
    /// Resolves the code of `response` among `errors` (code, status pairs).
    pub fn new(response: &'r HttpResponse, errors: &[(&'static str, u16)]) -> Self {
        let meta = crate::http_binding::error_metadata(response);
        let code = match meta.code() {
            Some(code) => errors.iter().find(|(c, _)| *c == code).map(|(c, _)| *c),
            None => {
                let status = response.status().as_u16();
                let mut with_status = errors.iter().filter(|(_, s)| *s == status);
                match (with_status.next(), with_status.next()) {
                    (Some((c, _)), None) => Some(*c),
                    _ => None,
                }
            }
        };
        Self {
            response,
            meta,
            code,
            found: None,
        }
    }

    /// Reads the response as `T` if its code is `T`'s, wrapped by `wrap`.
    pub fn read<T: ModeledError>(mut self, wrap: fn(T) -> E) -> Self {
        if self.found.is_none() && self.code == Some(T::CODE) {
            if let Ok(e) = T::read(self.response, self.meta.clone().with_code(T::CODE)) {
                self.found = Some(wrap(e));
            }
        }
        self
    }

    /// The error read, else `Unhandled`.
    pub fn finish(self, unhandled: fn(Unhandled) -> E) -> E {
        match self.found {
            Some(e) => e,
            None => unhandled(Unhandled::new(self.meta, self.response.body().clone())),
        }
    }
}

/// An operation's error enum, read from an error (non-2xx) response.
/// [`operation_error_impls!`](crate::operation_error_impls) implements it
/// with an [`ErrorDispatch`] over the enum's modelled errors.
pub trait OperationError: Sized {
    /// Reads `response` into the enum. Never fails: an unknown code or an
    /// unreadable body yields the `Unhandled` variant.
    fn from_response(response: &HttpResponse) -> Self;
}

/// The code and status of the modelled error that variant constructor
/// `_variant` wraps (the pairs [`ErrorDispatch::new`] takes).
pub fn code_of<T: ModeledError, E>(_variant: fn(T) -> E) -> (&'static str, u16) {
    (T::CODE, T::STATUS)
}

/// Implements, for an operation's error enum whose variants each hold one
/// modelled error (plus `Unhandled`), what is the same for every operation:
/// an `is_<error>()` predicate per variant and `is_unhandled()`, `Display`,
/// `std::error::Error`, `ProvideErrorMetadata` and [`OperationError`].
///
/// ```ignore
/// operation_error_impls!(MyOpError { BadRequest => is_bad_request, NotFound => is_not_found });
/// ```
#[macro_export]
macro_rules! operation_error_impls {
    ($enum:ident { $($variant:ident => $is:ident),* $(,)? }) => {
        impl $enum {
            $(
                #[doc = ::std::concat!(" True if this is a `", ::std::stringify!($variant), "`.")]
                pub fn $is(&self) -> bool {
                    ::std::matches!(self, Self::$variant(_))
                }
            )*
            /// True if this error is not modelled.
            pub fn is_unhandled(&self) -> bool {
                ::std::matches!(self, Self::Unhandled(_))
            }
        }

        impl ::std::fmt::Display for $enum {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    $(Self::$variant(e) => ::std::fmt::Display::fmt(e, f),)*
                    Self::Unhandled(e) => ::std::fmt::Display::fmt(e, f),
                }
            }
        }

        impl ::std::error::Error for $enum {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    $(Self::$variant(e) => ::std::option::Option::Some(e),)*
                    Self::Unhandled(e) => ::std::option::Option::Some(e),
                }
            }
        }

        impl $crate::error::ProvideErrorMetadata for $enum {
            fn meta(&self) -> &$crate::error::ErrorMetadata {
                match self {
                    $(Self::$variant(e) => $crate::error::ProvideErrorMetadata::meta(e),)*
                    Self::Unhandled(e) => $crate::error::ProvideErrorMetadata::meta(e),
                }
            }
        }

        impl $crate::error_dispatch::OperationError for $enum {
            fn from_response(response: &$crate::operation::HttpResponse) -> Self {
                $crate::error_dispatch::ErrorDispatch::new(
                    response,
                    &[$($crate::error_dispatch::code_of(Self::$variant)),*],
                )
                $(.read(Self::$variant))*
                .finish(Self::Unhandled)
            }
        }
    };
}
