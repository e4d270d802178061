//! Options the command line needs: unsigned requests (`--no-sign-request`)
//! and a transport that skips certificate checks (`--no-verify-ssl`).

use smithy_client::client::{Client, HyperConnector};
use smithy_client::config::Config;

use crate::support::*;

#[tokio::test]
async fn unsigned_requests_need_no_credentials_and_carry_no_signature() {
    let server = TestServer::start(|_, _| json(201, r#"{"Errors":[]}"#)).await;
    let config = Config::builder()
        .region("us-east-1")
        .endpoint_url(server.url())
        .sign_requests(false)
        .build();
    assert!(!config.sign_requests());
    let out = Client::new(CHIME, config)
        .invoke::<Op>(input("acct-1", &["a"]))
        .await;
    assert!(out.is_ok(), "{out:?}");
    let sent = &server.requests()[0];
    assert!(sent.header("authorization").is_none());
    assert!(sent.header("x-amz-date").is_none());
    assert!(sent.header("amz-sdk-invocation-id").is_some());
    assert_eq!(sent.header("amz-sdk-request"), Some("attempt=1; max=3"));
}

#[tokio::test]
async fn signing_is_on_by_default() {
    let server = TestServer::start(verified(|_, _| json(201, r#"{"Errors":[]}"#))).await;
    let config = config(&server.url()).build();
    assert!(config.sign_requests());
    let out = client(config.to_builder())
        .invoke::<Op>(input("acct-1", &["a"]))
        .await;
    assert!(out.is_ok(), "{out:?}");
}

#[tokio::test]
async fn the_unverified_transport_still_sends() {
    let server = TestServer::start(verified(|_, _| json(201, r#"{"Errors":[]}"#))).await;
    let transport =
        HyperConnector::without_certificate_verification(std::time::Duration::from_secs(3));
    let out = client(config(&server.url()).http_connector(transport))
        .invoke::<Op>(input("acct-1", &["a"]))
        .await;
    assert!(out.is_ok(), "{out:?}");
    assert_eq!(server.requests().len(), 1);
}
