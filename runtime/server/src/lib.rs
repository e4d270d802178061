//! The server side of the runtime: what every generated Smithy service
//! needs to answer HTTP requests, written once.
//!
//! * [`router`]: routing by method, path segments (literals, labels, greedy
//!   labels) and the query literals of each operation's URI pattern;
//! * [`request`]: the query string, media-type checks and text parsers used
//!   by generated request readers;
//! * [`response`]: response builders, error answers and Smithy's
//!   `ValidationException`;
//! * [`Rejection`]: requests refused before a handler runs, each with the
//!   status and error type restJson1 prescribes;
//! * [`operation`]: the [`ServerOperation`] trait generated operations
//!   implement, handlers, and [`operation::handle`], which answers a routed
//!   request for any operation;
//! * [`protocol_test`]: helpers of generated server protocol tests;
//! * [`service`]: the `tower::Service` a generated service runs as, and
//!   [`serve`] to run it on a `TcpListener` with hyper.
#![deny(missing_docs)]

pub mod operation;
pub mod protocol_test;
mod rejection;
pub mod request;
pub mod response;
pub mod router;
pub mod service;

pub use bytes::Bytes;
pub use operation::{
    handler, ErrorResponse, FromValidation, Handler, MissingHandlers, OperationErrorResponse,
    Request, ServerOperation,
};
pub use rejection::Rejection;
pub use service::{serve, Dispatch, ResponseBody, ServerConfig, Service};
pub use tokio::net::TcpListener;

/// A response with its whole body.
pub type HttpResponse = http::Response<Bytes>;
