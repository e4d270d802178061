//! One span per call and one per attempt, and no secrets in any of it.
//!
//! A test binary of its own: `tracing` decides once per process whether a
//! span's call site is of interest, and a site first reached on another
//! test's thread just as this test installs its subscriber can stay silent
//! for it (a race inside `tracing`, seen about once in 25 runs of the shared
//! binary). Alone in its process, the test cannot lose that race.

// The shared helpers of the `integration` tests; this test uses a few.
#[allow(dead_code, unused_imports)]
#[path = "integration/support/mod.rs"]
mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use tracing_subscriber::fmt::format::FmtSpan;

use crate::support::*;

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn calls_and_attempts_are_spans_and_nothing_secret_is_logged() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = TestServer::start(|_, index| {
        if index == 0 {
            json(503, "{}")
        } else {
            json(200, "{}")
        }
    })
    .await;
    client(config(&server.url()))
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect("succeeds");

    let log = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("call{service=\"Chime\" operation=\"BatchCreateRoomMembership\""),
        "{log}"
    );
    assert!(
        log.contains("attempt{attempt=1 max_attempts=3 status=503}"),
        "{log}"
    );
    assert!(
        log.contains("attempt{attempt=2 max_attempts=3 status=200}"),
        "{log}"
    );
    assert!(log.contains("outcome=\"success\""), "{log}");
    assert!(log.contains("retrying"), "{log}");
    assert!(!log.contains(SECRET), "secret key logged:\n{log}");
    assert!(!log.contains(TOKEN), "session token logged:\n{log}");
}
