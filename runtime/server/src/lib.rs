//! The server side of the runtime: what every generated Smithy service
//! needs to answer HTTP requests, written once.
#![deny(missing_docs)]
