//! Back end: the IR and symbols in, token streams out. Emitters never fail
//! and never decide names; lowering decides, emitters print.

mod builders;
mod client;
mod common;
mod crate_files;
mod errors;
mod json_de;
mod json_ser;
mod operation;
mod types;
mod validate;

pub use common::Ctx;
pub use crate_files::{emit_crate, FileContent};
