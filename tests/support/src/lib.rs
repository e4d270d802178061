//! Test support shared by the runtime's and the generated crates' tests:
//! servers on 127.0.0.1 started by each test, and an independent SigV4
//! checker that recomputes signatures from the secret key.

pub mod server;
pub mod sigv4;
