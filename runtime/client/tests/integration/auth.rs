//! Auth schemes chosen per operation and endpoint parameters bound per call.

use smithy_client::client::{Client, Endpoint, MockConnector, ServiceInfo};
use smithy_client::config::Config;
use smithy_client::endpoint::Params;
use smithy_rt::error::SdkError;
use smithy_rt::operation::{AuthScheme, EndpointParam, HttpRequest, HttpResponse, Operation};

use crate::support::*;

/// `BatchCreateRoomMembership` with other auth schemes and endpoint parameters.
macro_rules! variant {
    ($name:ident, $auth:expr) => {
        struct $name;
        impl Operation for $name {
            type Input = <Op as Operation>::Input;
            type Output = <Op as Operation>::Output;
            type Error = <Op as Operation>::Error;
            const NAME: &'static str = "BatchCreateRoomMembership";
            const AUTH: &'static [AuthScheme] = $auth;
            fn validate(input: &Self::Input) -> Result<(), smithy_rt::validation::ValidationError> {
                Op::validate(input)
            }
            fn serialize(input: &Self::Input) -> Result<HttpRequest, smithy_rt::error::BuildError> {
                Op::serialize(input)
            }
            fn deserialize_output(
                response: &HttpResponse,
            ) -> Result<Self::Output, smithy_rt::error::DeserializeError> {
                Op::deserialize_output(response)
            }
            fn deserialize_error(response: &HttpResponse) -> Self::Error {
                Op::deserialize_error(response)
            }
            fn endpoint_params(input: &Self::Input) -> Vec<(&'static str, EndpointParam)> {
                vec![
                    ("AccountId", EndpointParam::String(input.account_id.clone())),
                    ("ApiType", EndpointParam::String("DataPlane".into())),
                ]
            }
        }
    };
}

variant!(BearerOnly, &[AuthScheme::Bearer]);
variant!(
    Optional,
    &[
        AuthScheme::SigV4 {
            signing_name: "chime",
            unsigned_payload: false
        },
        AuthScheme::NoAuth
    ]
);
variant!(
    Unsigned,
    &[AuthScheme::SigV4 {
        signing_name: "chime",
        unsigned_payload: true
    }]
);

fn resolve(params: &Params) -> Result<Endpoint, String> {
    let account = params.get_str("AccountId").ok_or("no AccountId")?;
    let api = params.get_str("ApiType").unwrap_or("none");
    let region = params.get_str("AWS::Region").unwrap_or("none");
    let fips = params.get_bool("AWS::UseFIPS").unwrap_or(false);
    let extra = params.get_str("Flavour").unwrap_or("plain");
    Ok(Endpoint::new(format!(
        "https://{account}.{api}.{extra}.{}{region}.example",
        if fips { "fips." } else { "" }
    )))
}

const SERVICE: ServiceInfo = ServiceInfo {
    sdk_id: "Code Catalyst",
    signing_name: "",
    api_version: "2022-09-28",
    default_endpoint: resolve,
    endpoint_url_in_rules: false,
};

fn config(mock: &MockConnector) -> smithy_client::config::ConfigBuilder {
    Config::builder()
        .region("us-west-2")
        .retry_config(fast_retries())
        .http_connector(mock.clone())
}

#[tokio::test]
async fn bearer_operations_send_the_configured_token() {
    let mock = MockConnector::new().with_json(200, r#"{"Errors":[]}"#);
    let client = Client::new(
        SERVICE,
        config(&mock)
            .bearer_token("tok-123")
            .use_fips(true)
            .endpoint_param("Flavour", "spicy")
            .build(),
    );
    client
        .invoke::<BearerOnly>(input("acct-1", &["x"]))
        .await
        .unwrap();
    let r = &mock.requests()[0];
    assert_eq!(r.headers()["authorization"], "Bearer tok-123");
    assert!(r.headers()["authorization"].is_sensitive());
    assert!(r.headers().get("x-amz-date").is_none());
    // Operation, client-context and built-in parameters reach the rules.
    assert_eq!(
        r.uri().host(),
        Some("acct-1.DataPlane.spicy.fips.us-west-2.example")
    );
    // Without a token the call fails before anything is sent, naming the variable.
    let client = Client::new(SERVICE, config(&mock).build());
    let err = client
        .invoke::<BearerOnly>(input("acct-1", &["x"]))
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Build(_)));
    assert!(
        err.to_string().contains("AWS_BEARER_TOKEN_CODE_CATALYST"),
        "{err}"
    );
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn optional_auth_is_unsigned_without_credentials_and_signed_with_them() {
    let mock = MockConnector::new()
        .with_json(200, r#"{"Errors":[]}"#)
        .with_json(200, r#"{"Errors":[]}"#);
    let client = Client::new(SERVICE, config(&mock).build());
    client.invoke::<Optional>(input("a", &["x"])).await.unwrap();
    let client = Client::new(
        SERVICE,
        config(&mock).static_credentials(AKID, SECRET, None).build(),
    );
    client.invoke::<Optional>(input("a", &["x"])).await.unwrap();
    let requests = mock.requests();
    assert!(requests[0].headers().get("authorization").is_none());
    let auth = requests[1].headers()["authorization"].to_str().unwrap();
    assert!(auth.starts_with("AWS4-HMAC-SHA256 Credential="), "{auth}");
    assert!(auth.contains("/us-west-2/chime/aws4_request"), "{auth}");
}

#[tokio::test]
async fn unsigned_payload_operations_sign_without_hashing_the_body() {
    let mock = MockConnector::new()
        .with_json(200, r#"{"Errors":[]}"#)
        .with_json(200, r#"{"Errors":[]}"#);
    let client = Client::new(
        SERVICE,
        config(&mock).static_credentials(AKID, SECRET, None).build(),
    );
    client.invoke::<Unsigned>(input("a", &["x"])).await.unwrap();
    client.invoke::<Optional>(input("a", &["x"])).await.unwrap();
    let requests = mock.requests();
    let a = requests[0].headers()["authorization"].to_str().unwrap();
    let b = requests[1].headers()["authorization"].to_str().unwrap();
    // Same request and time window, different payload hash: different signatures.
    assert!(a.starts_with("AWS4-HMAC-SHA256"));
    assert_ne!(a.rsplit('=').next(), b.rsplit('=').next());
}

#[tokio::test]
async fn an_empty_signing_name_is_refused() {
    let mock = MockConnector::new();
    let client = Client::new(
        SERVICE,
        config(&mock)
            .endpoint_url("https://example.com")
            .static_credentials(AKID, SECRET, None)
            .build(),
    );
    // `Op` lists no schemes: SigV4 with the service's (empty) name.
    let err = client.invoke::<Op>(input("a", &["x"])).await.unwrap_err();
    assert!(err.to_string().contains("no SigV4 signing name"), "{err}");
    assert!(mock.requests().is_empty());
}
