//! What to generate: the codegen configuration file (JSON).
//!
//! ```json
//! {
//!   "model": "chime-2018-05-01.json",
//!   "service": "com.amazonaws.chime#UCBuzzConsoleService",
//!   "crate_name": "chime",
//!   "crate_version": "0.1.0",
//!   "out_dir": "../generated",
//!   "operations": ["BatchCreateRoomMembership"]
//! }
//! ```
//! Paths are relative to the configuration file. `operations` lists
//! operation shape names; `["*"]` selects every operation of the service.

use serde::Deserialize;

/// One generation job.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The Smithy JSON AST model file.
    pub model: String,
    /// Absolute shape id of the service.
    pub service: String,
    /// Name of the crate to generate (Cargo package name).
    pub crate_name: String,
    /// Version written into the generated Cargo.toml.
    #[serde(default = "default_version")]
    pub crate_version: String,
    /// Directory the crate is written to.
    pub out_dir: String,
    /// Operation names to include; `["*"]` for all.
    pub operations: Vec<String>,
}

fn default_version() -> String {
    "0.1.0".to_owned()
}

impl Config {
    /// True if `name` is selected.
    pub fn selects(&self, name: &str) -> bool {
        self.operations.iter().any(|o| o == "*" || o == name)
    }
}
