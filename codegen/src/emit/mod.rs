//! Back end: the IR and symbols in, token streams out. Emitters never fail
//! and never decide names; lowering decides, emitters print.

mod builders;
mod cli;
mod client;
mod common;
mod crate_files;
mod endpoint_tests;
mod errors;
mod event_stream;
pub mod event_stream_tests;
mod http_de;
mod http_ser;
mod json_de;
mod json_ser;
mod malformed_tests;
mod operation;
pub mod protocol_tests;
mod server;
pub mod server_tests;
pub(crate) mod test_values;
mod types;
mod validate;

pub use common::{codec_shapes, Ctx};
pub use crate_files::{emit_crate, FileContent};
