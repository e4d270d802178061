//! Hand-written runtime shared by every generated operation.
//!
//! Generated crates contain only per-shape and per-operation code; everything
//! that would be identical for every operation lives here:
//!
//! * [`json`]: a small JSON writer and typed readers used by generated
//!   serializers and deserializers;
//! * [`validation`]: JSON-pointer paths and Smithy-worded constraint violations;
//! * [`error`]: the error kinds every call can produce and error metadata;
//! * [`error_dispatch`]: reading an error response into an operation's error
//!   enum, and the impls every error enum shares;
//! * [`http_binding`]: percent-encoding of labels and query strings, header
//!   helpers and error-code parsing for restJson1;
//! * [`compression`]: gzip of request bodies (`@requestCompression`) and
//!   bounded decompression;
//! * [`checksum`]: `Content-MD5` and flexible request/response checksums;
//! * [`event_stream`]: the `application/vnd.amazon.eventstream` framing
//!   (encoder, incremental decoder) and the Smithy event headers;
//! * [`idempotency`]: tokens for `@idempotencyToken` members left unset;
//! * [`protocol_test`]: the checks shared by generated protocol compliance tests;
//! * [`builder`]: the setters every generated builder has, as macros, and
//!   the required-member checks of `build()`;
//! * [`operation`]: the [`operation::Operation`] trait every generated
//!   operation implements and the orchestrator calls;
//!
//! The client side (transport, signing, retries, endpoints, configuration,
//! credentials) is the `smithy-client` crate; the server side (routing,
//! rejections, serving) is `smithy-server`. Both build on this crate.
#![deny(missing_docs)]

pub mod builder;
pub mod checksum;
pub mod compression;
pub mod datetime;
pub mod error;
pub mod error_dispatch;
pub mod event_stream;
pub mod http_binding;
pub mod idempotency;
pub mod json;
pub mod operation;
pub mod pattern;
pub mod protocol_test;
pub mod validation;

pub use bytes::Bytes;
