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
//! Optional: `exclude_operations` (name to reason) leaves operations out,
//! and `protocol_tests: true` also generates the crate's protocol
//! compliance tests from the model's `smithy.test` traits.

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
    /// Operations left out even if `operations` selects them, each with the
    /// reason (a feature the generator does not implement yet).
    #[serde(default)]
    pub exclude_operations: std::collections::BTreeMap<String, String>,
    /// Also generate `tests/protocol_tests.rs` from the model's
    /// `smithy.test` traits (protocol compliance tests).
    #[serde(default)]
    pub protocol_tests: bool,
    /// Protocol tests known to fail, by test id, each with the reason: they
    /// are generated with `#[ignore]` and the protocol report lists them.
    #[serde(default)]
    pub known_failures: std::collections::BTreeMap<String, String>,
    /// The same for the server-side protocol tests
    /// (`tests/server_protocol_tests.rs`).
    #[serde(default)]
    pub server_known_failures: std::collections::BTreeMap<String, String>,
}

fn default_version() -> String {
    "0.1.0".to_owned()
}

impl Config {
    /// True if `name` is selected.
    pub fn selects(&self, name: &str) -> bool {
        !self.exclude_operations.contains_key(name)
            && self.operations.iter().any(|o| o == "*" || o == name)
    }
}
