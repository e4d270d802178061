//! The mock connector: canned answers, no network, recorded requests.

use std::time::Duration;

use smithy_client::client::{Client, ConnectorError, MockConnector};
use smithy_client::config::Config;
use smithy_rt::error::SdkError;

use crate::support::*;

fn mock_config(mock: &MockConnector) -> Config {
    Config::builder()
        .region("us-east-1")
        .static_credentials(AKID, SECRET, Some(TOKEN.to_owned()))
        .retry_config(fast_retries())
        .http_connector(mock.clone())
        .build()
}

#[tokio::test]
async fn the_mock_answers_from_its_queue_and_records_signed_requests() {
    let mock = MockConnector::new()
        .with_json(503, r#"{"message":"later"}"#)
        .with_error(ConnectorError::io("connection reset by peer", None))
        .with_json(
            200,
            r#"{"Errors":[{"MemberId":"x","ErrorCode":"Conflict"}]}"#,
        );
    let client = Client::new(CHIME, mock_config(&mock));
    let output = client
        .invoke::<Op>(input("acct-1", &["x"]))
        .await
        .expect("third reply succeeds");
    assert_eq!(output.errors, vec![("x".to_owned(), "Conflict".to_owned())]);
    assert_eq!(mock.remaining(), 0);

    let requests = mock.requests();
    assert_eq!(requests.len(), 3);
    // No override: the service's default endpoint is used.
    assert_eq!(
        requests[0].uri().to_string(),
        "https://chime.us-east-1.amazonaws.com/accounts/acct-1/rooms/room-1/memberships?operation=batch-create"
    );
    for (i, r) in requests.iter().enumerate() {
        assert_eq!(
            r.headers()["amz-sdk-request"],
            format!("attempt={}; max=3", i + 1).as_str()
        );
        let captured = Captured {
            method: r.method().to_string(),
            uri: r.uri().path_and_query().unwrap().to_string(),
            headers: r.headers().clone(),
            body: r.body().clone(),
        };
        sigv4::verify(&captured, &EXPECTED).expect("signed");
    }
    let debug = format!("{requests:?}");
    assert!(
        !debug.contains(TOKEN),
        "the session token header is marked sensitive"
    );
}

#[tokio::test]
async fn an_empty_queue_is_a_non_retried_dispatch_failure() {
    let mock = MockConnector::new();
    let client = Client::new(CHIME, mock_config(&mock));
    let err = client
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect_err("nothing queued");
    let SdkError::Dispatch(d) = &err else {
        panic!("expected a dispatch failure, got {err:?}")
    };
    assert!(d.to_string().contains("no reply queued"), "{d}");
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn a_queued_connect_timeout_is_reported_as_a_connect_timeout() {
    let mock = MockConnector::new();
    for _ in 0..3 {
        mock.push_error(ConnectorError::connect_timeout(Duration::from_millis(3100)));
    }
    let client = Client::new(CHIME, mock_config(&mock));
    let err = client
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect_err("connect timeout");
    let SdkError::Timeout(t) = &err else {
        panic!("expected a timeout, got {err:?}")
    };
    assert_eq!(t.kind, smithy_rt::error::TimeoutKind::Connect);
    assert_eq!(mock.requests().len(), 3, "connect timeouts are retried");
}

#[tokio::test]
async fn the_mock_enforces_the_body_limit() {
    let mock = MockConnector::new().with_json(200, &"z".repeat(100));
    let config = mock_config(&mock)
        .to_builder()
        .max_response_body_size(10)
        .build();
    let err = Client::new(CHIME, config)
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect_err("too big");
    assert!(matches!(err, SdkError::Response(_)), "{err:?}");
}

#[tokio::test]
async fn calls_fail_clearly_without_credentials_or_region() {
    let mock = MockConnector::new().with_json(200, "{}");
    let config = Config::builder()
        .region("us-east-1")
        .http_connector(mock.clone())
        .build();
    let err = Client::new(CHIME, config)
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect_err("no creds");
    assert!(matches!(err, SdkError::Build(_)), "{err:?}");
    assert!(
        err.to_string().contains("no credentials configured"),
        "{err}"
    );

    let config = Config::builder()
        .static_credentials(AKID, SECRET, None)
        .endpoint_url("https://example.com")
        .http_connector(mock.clone())
        .build();
    let err = Client::new(CHIME, config)
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect_err("no region");
    assert!(err.to_string().contains("no region configured"), "{err}");

    let config = mock_config(&mock)
        .to_builder()
        .endpoint_url("ftp://example.com")
        .build();
    let err = Client::new(CHIME, config)
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect_err("bad url");
    assert!(
        err.to_string()
            .contains("the endpoint URL must use the http or https scheme"),
        "{err}"
    );
    assert_eq!(mock.requests().len(), 0);
}

#[tokio::test]
async fn a_failing_credentials_provider_is_reported_without_sending() {
    #[derive(Debug)]
    struct Broken;
    impl smithy_client::credentials::ProvideCredentials for Broken {
        fn provide_credentials<'a>(
            &'a self,
        ) -> smithy_client::credentials::ProvideCredentialsFuture<'a>
        where
            Self: 'a,
        {
            smithy_client::credentials::ProvideCredentialsFuture::ready(Err(
                smithy_client::credentials::CredentialsError::not_loaded("no IMDS here"),
            ))
        }
    }
    let mock = MockConnector::new().with_json(200, "{}");
    let config = mock_config(&mock)
        .to_builder()
        .credentials_provider(Broken)
        .build();
    let err = Client::new(CHIME, config)
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect_err("no creds");
    assert!(matches!(err, SdkError::Dispatch(_)), "{err:?}");
    assert!(
        err.to_string().contains("failed to load credentials"),
        "{err}"
    );
    assert_eq!(mock.requests().len(), 0);
}
