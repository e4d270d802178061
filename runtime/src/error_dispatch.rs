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

/// Implements `Display`, `std::error::Error` and `ProvideErrorMetadata` for
/// an operation's error enum, whose variants each hold one modelled error
/// (plus `Unhandled`): the same code for every operation.
#[macro_export]
macro_rules! operation_error_impls {
    ($enum:ident { $($variant:ident),* $(,)? }) => {
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
    };
}
