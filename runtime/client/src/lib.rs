//! The client side of the runtime: everything a generated client needs to
//! send an operation and read its answer, written once.
//!
//! * [`client`]: the [`client::Client`] that runs operations (endpoint,
//!   SigV4, retries, timeouts, transport) and test doubles for its transport;
//! * [`config`]: client configuration, also loadable from the environment
//!   and the shared AWS files;
//! * [`credentials`]: credential types and providers;
//! * [`endpoint`]: the Smithy endpoint rules engine;
//! * [`event_stream_signing`]: SigV4 signing of the event stream messages
//!   of an input stream;
//! * [`fluent`]: the part of every operation's fluent builder that is the
//!   same for all operations.
//!
//! Codecs, validation and error types shared with the server side live in
//! `smithy-rt`.
#![deny(missing_docs)]

pub mod client;
pub mod config;
pub mod credentials;
pub mod endpoint;
pub mod event_stream_signing;
pub mod fluent;

/// Paths the macros of this crate expand to; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use smithy_rt::error::SdkError;
}
