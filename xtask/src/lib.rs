//! Maintainer tasks, as a library so that tests can run them too.

use std::path::{Path, PathBuf};

pub mod cli_bench;
pub mod cli_parity;
pub mod codegen;
pub mod protocol_report;

/// The generation jobs: config files relative to the workspace root.
pub const JOBS: &[&str] = &[
    "model/chime.codegen.json",
    "tests/fixtures/limits/codegen.json",
    "tests/fixtures/collisions/codegen.json",
    "tests/fixtures/context-params/codegen.json",
    "tests/fixtures/aws-models/cloudfront-keyvaluestore.codegen.json",
    "tests/fixtures/aws-models/codecatalyst.codegen.json",
    "tests/fixtures/aws-models/mediastore-data.codegen.json",
    "tests/fixtures/aws-models/dataexchange.codegen.json",
    "tests/fixtures/aws-models/amplify.codegen.json",
    "tests/fixtures/aws-models/transcribe-streaming.codegen.json",
    "tests/protocol/restjson.codegen.json",
    "tests/protocol/validation.codegen.json",
];

/// The workspace root (the parent of the xtask crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}
