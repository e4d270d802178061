//! The vendored AWS models (tests/fixtures/aws-models, issue 11): each one
//! is there for a fix the `cargo xtask aws-models` sweep needed, and each
//! test here fails when its fix regresses. The crates are dev-dependencies
//! with `server` and `cli`, so the workspace build (and its `-D warnings`
//! clippy run) compiles every one of them with every feature.
//!
//! * mediastore-data: `PutObject` puts a blob payload and a greedy `Path`
//!   label (a member named `Path` once shadowed the reader's JSON path in
//!   the CLI), and its enums carry `@length`.
//! * dataexchange: `SendApiAsset` binds a member named `Path` to a header,
//!   next to query-map, prefix-header and payload bindings;
//!   `ListDataSetRevisions` pages with a label and query bindings.
//! * amplify: `^(?s).+$` (Java's inline flag after the anchor) is checked
//!   as the model means: `.` also matches line terminators.

use std::sync::mpsc;
use std::time::Duration;

use bytes::Bytes;
use test_support::server::{json, Captured, Reply, TestServer};
use test_support::sigv4::{EXAMPLE_ACCESS_KEY as AKID, EXAMPLE_SECRET as SECRET};

/// A client config for `url` with static keys; validation as asked.
fn config(url: &str, validation: bool) -> smithy_client::config::Config {
    smithy_client::config::Config::builder()
        .region("us-east-1")
        .static_credentials(AKID, SECRET, None)
        .endpoint_url(url)
        .validation(validation)
        .timeout_config(
            smithy_client::config::TimeoutConfig::standard().with_attempt(Duration::from_secs(5)),
        )
        .build()
}

/// An empty 200 answer with a JSON body.
fn ok(body: &str) -> impl Fn(&Captured, usize) -> Reply + Send + Sync + 'static {
    let body = body.to_owned();
    move |_, _| json(200, &body)
}

/// A test server on its own thread and runtime, for the command line, which
/// blocks on a runtime of its own.
fn serve_in_background(
    handler: impl Fn(&Captured, usize) -> Reply + Send + Sync + 'static,
) -> TestServer {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime for the test server");
        runtime.block_on(async move {
            let server = TestServer::start(handler).await;
            let _ = tx.send(server);
            std::future::pending::<()>().await;
        });
    });
    rx.recv().expect("the server thread starts")
}

/// The command line's environment: the example keys and nothing else (no
/// home directory, so no shared files).
struct Env;

impl smithy_cli_rt::app::Environment for Env {
    fn var(&self, name: &str) -> Option<String> {
        match name {
            "AWS_ACCESS_KEY_ID" => Some(AKID.to_owned()),
            "AWS_SECRET_ACCESS_KEY" => Some(SECRET.to_owned()),
            _ => None,
        }
    }

    fn read_line(&self) -> Option<String> {
        None
    }
}

/// Runs a generated command line against `url`: exit code, stdout, stderr.
fn run_cli(
    svc: &'static smithy_cli_rt::spec::Service,
    url: &str,
    args: &[&str],
) -> (u8, String, String) {
    let mut argv: Vec<String> = ["--endpoint-url", url, "--region", "us-east-1"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    argv.extend(args.iter().map(|s| (*s).to_owned()));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = smithy_cli_rt::app::execute(svc, &[], &argv, &Env, &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

fn messages(result: Result<(), smithy_rt::validation::ValidationError>) -> Vec<(String, String)> {
    match result {
        Ok(()) => vec![],
        Err(e) => e
            .violations()
            .iter()
            .map(|v| (v.path.clone(), v.message.clone()))
            .collect(),
    }
}

mod mediastore_data {
    use aws_fixture_mediastore_data::operation::put_object::PutObjectInput;
    use aws_fixture_mediastore_data::types::StorageClass;
    use aws_fixture_mediastore_data::Client;

    use super::*;

    const BODY: &[u8] = b"\x00\x01video\xff";

    #[tokio::test]
    async fn put_object_sends_the_blob_payload_and_the_greedy_path_label() {
        let server = TestServer::start(ok(
            r#"{"ContentSHA256":"abc","ETag":"e-1","StorageClass":"TEMPORAL"}"#,
        ))
        .await;
        let output = Client::new(config(&server.url(), true))
            .put_object()
            .path("premium/canada/mlaw.avi")
            .body(BODY.to_vec())
            .content_type("video/x-msvideo")
            .storage_class(StorageClass::Temporal)
            .send()
            .await
            .expect("the call succeeds");
        assert_eq!(output.e_tag.as_deref(), Some("e-1"));
        assert_eq!(output.storage_class, Some(StorageClass::Temporal));
        let requests = server.requests();
        assert_eq!(requests.len(), 1);
        let req = &requests[0];
        assert_eq!(
            (req.method.as_str(), req.uri.as_str()),
            ("PUT", "/premium/canada/mlaw.avi"),
            "the greedy label keeps its slashes"
        );
        assert_eq!(req.body, Bytes::from_static(BODY), "the payload as is");
        assert_eq!(req.header("content-type"), Some("video/x-msvideo"));
        assert_eq!(req.header("x-amz-storage-class"), Some("TEMPORAL"));
    }

    #[test]
    fn the_command_line_reads_the_path_member() {
        let server = serve_in_background(ok(r#"{"ETag":"e-2"}"#));
        let (code, out, err) = run_cli(
            &aws_fixture_mediastore_data::cli::SERVICE,
            &server.url(),
            &[
                "put-object",
                "--path",
                "premium/canada/mlaw.avi",
                "--body",
                "AAF2aWRlb/8=",
            ],
        );
        assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
        assert!(out.contains("\"ETag\": \"e-2\""), "{out}");
        let requests = server.requests();
        assert_eq!(requests.len(), 1);
        assert_eq!(requests[0].uri, "/premium/canada/mlaw.avi");
        assert_eq!(requests[0].body, Bytes::from_static(BODY));
    }

    fn put(storage_class: StorageClass) -> PutObjectInput {
        PutObjectInput::builder()
            .path("a/b")
            .body(vec![1])
            .storage_class(storage_class)
            .build()
            .expect("required members set")
    }

    #[test]
    fn the_length_of_an_enum_value_is_checked() {
        assert_eq!(messages(put(StorageClass::Temporal).validate()), vec![]);
        let long = "X".repeat(17);
        assert_eq!(
            messages(put(StorageClass::from(long.as_str())).validate()),
            vec![
                (
                    "/StorageClass".to_owned(),
                    "Value with length 17 at '/StorageClass' failed to satisfy constraint: Member must have length between 1 and 16, inclusive".to_owned()
                ),
                (
                    "/StorageClass".to_owned(),
                    "Value at '/StorageClass' failed to satisfy constraint: Member must satisfy enum value set: [TEMPORAL]".to_owned()
                ),
            ]
        );
    }

    #[tokio::test]
    async fn an_invalid_enum_length_is_refused_before_sending() {
        let server = TestServer::start(ok("{}")).await;
        let result = Client::new(config(&server.url(), true))
            .put_object()
            .path("a/b")
            .body(vec![1])
            .storage_class(StorageClass::from(""))
            .send()
            .await;
        assert!(result.is_err(), "{result:?}");
        assert!(server.requests().is_empty(), "nothing was sent");
    }
}

mod dataexchange {
    use aws_fixture_dataexchange::operation::send_api_asset::SendApiAsset;
    use aws_fixture_dataexchange::Client;
    use smithy_cli_rt::spec::Command;
    use smithy_client::client::MockConnector;

    use super::*;

    #[tokio::test]
    async fn send_api_asset_puts_the_path_member_in_its_header() {
        // The operation's `@endpoint` host prefix (`api-fulfill.`) goes in
        // front of any endpoint's host, so a mock connector answers.
        let response = http::Response::builder()
            .status(200)
            .header("content-type", "text/plain")
            .header("x-upstream", "yes")
            .body(Bytes::from_static(b"answer"))
            .expect("a valid response");
        let mock = MockConnector::new().with_response(response);
        let client = Client::new(
            smithy_client::config::Config::builder()
                .region("us-east-1")
                .static_credentials(AKID, SECRET, None)
                .http_connector(mock.clone())
                .build(),
        );
        let output = client
            .send_api_asset()
            .asset_id("asset-1")
            .data_set_id("ds-1")
            .revision_id("rev-1")
            .method("POST")
            .path("/v1/items/7")
            .query_string_parameters("q", "a b")
            .request_headers("Trace", "t-1")
            .body("{\"n\":1}")
            .send()
            .await
            .expect("the call succeeds");
        assert_eq!(output.body.as_deref(), Some("answer"));
        assert_eq!(
            output
                .response_headers
                .as_ref()
                .and_then(|h| h.get("x-upstream"))
                .map(String::as_str),
            Some("yes")
        );
        let sent = mock.requests();
        assert_eq!(sent.len(), 1);
        let req = &sent[0];
        assert_eq!(req.method(), "POST");
        assert_eq!(
            req.uri().to_string(),
            "https://api-fulfill.dataexchange.us-east-1.amazonaws.com/v1?q=a%20b"
        );
        let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
        assert_eq!(header("x-amzn-dataexchange-path"), Some("/v1/items/7"));
        assert_eq!(header("x-amzn-dataexchange-http-method"), Some("POST"));
        assert_eq!(header("x-amzn-dataexchange-asset-id"), Some("asset-1"));
        assert_eq!(header("x-amzn-dataexchange-header-trace"), Some("t-1"));
        assert_eq!(req.body(), &Bytes::from_static(b"{\"n\":1}"));
    }

    #[test]
    fn the_command_line_reads_the_path_member() {
        // The document the command line builds from its options, read by
        // the generated reader (`--path` becomes the `Path` member).
        let document = serde_json::json!({
            "AssetId": "asset-1",
            "DataSetId": "ds-1",
            "RevisionId": "rev-1",
            "Path": "/v1/items/7",
            "RequestHeaders": { "Trace": "t-1" },
        });
        let input = smithy_cli_rt::document::read(&document, <SendApiAsset as Command>::READ)
            .expect("the document reads");
        assert_eq!(input.path.as_deref(), Some("/v1/items/7"));
        assert_eq!(input.asset_id, "asset-1");
        assert_eq!(
            input
                .request_headers
                .as_ref()
                .and_then(|h| h.get("Trace"))
                .map(String::as_str),
            Some("t-1")
        );
    }

    #[tokio::test]
    async fn list_data_set_revisions_pages_with_its_label_and_query() {
        let server = TestServer::start(|req: &Captured, i| match i {
            0 => {
                assert_eq!(req.uri, "/v1/data-sets/ds%201/revisions?maxResults=1");
                json(200, r#"{"Revisions":[],"NextToken":"t/2"}"#)
            }
            _ => {
                assert_eq!(
                    req.uri,
                    "/v1/data-sets/ds%201/revisions?maxResults=1&nextToken=t%2F2"
                );
                json(200, r#"{"Revisions":[]}"#)
            }
        })
        .await;
        let mut pages = Client::new(config(&server.url(), true))
            .list_data_set_revisions()
            .data_set_id("ds 1")
            .max_results(1)
            .into_paginator();
        let first = pages.next_page().await.expect("a page").expect("page 1");
        assert_eq!(first.next_token.as_deref(), Some("t/2"));
        let second = pages.next_page().await.expect("a page").expect("page 2");
        assert_eq!(second.next_token, None);
        assert!(pages.next_page().await.is_none(), "no token: done");
        assert_eq!(server.requests().len(), 2);
    }
}

mod amplify {
    use aws_fixture_amplify::operation::create_webhook::CreateWebhookInput;

    use super::*;

    fn webhook(branch: &str, description: &str) -> CreateWebhookInput {
        CreateWebhookInput::builder()
            .app_id("d123")
            .branch_name(branch)
            .description(description)
            .build()
            .expect("required members set")
    }

    #[test]
    fn dot_all_patterns_accept_line_terminators() {
        // `^(?s).+$`: any non-empty text, line breaks included;
        // `^(?s)`: anything.
        for branch in ["main", "feature\nnext", "\r\n", "a\u{2028}b"] {
            assert_eq!(
                messages(webhook(branch, "line 1\nline 2").validate()),
                vec![],
                "{branch:?}"
            );
        }
        assert_eq!(messages(webhook("main", "").validate()), vec![]);
    }

    #[test]
    fn dot_all_patterns_are_checked() {
        // An empty branch name fails `.+` as well as the length: the
        // pattern is enforced, not left unchecked.
        let v = messages(webhook("", "").validate());
        assert_eq!(v.len(), 2, "{v:?}");
        assert!(v.iter().all(|(path, _)| path == "/branchName"), "{v:?}");
        assert!(
            v.iter()
                .any(|(_, m)| m.contains("regular expression pattern")),
            "{v:?}"
        );
    }
}
