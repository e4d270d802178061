//! Loading configuration from a simulated environment and temporary shared
//! files, and keeping secrets out of `Debug` output.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use smithy_client::client::{Client, MockConnector};
use smithy_client::config::{Config, ConfigBuilder, ConfigError};
use smithy_client::credentials::{Credentials, ProvideCredentials};

use crate::support::*;

/// A temporary home directory, removed on drop.
struct Home(PathBuf);

impl Home {
    fn new() -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "smithy-rt-config-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(dir.join(".aws")).unwrap();
        Home(dir)
    }

    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn load(vars: &[(&str, &str)], home: Option<&Path>) -> Result<ConfigBuilder, ConfigError> {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    ConfigBuilder::from_env_with(&CHIME, &|name| vars.get(name).cloned(), home)
}

async fn credentials(config: &Config) -> Credentials {
    config
        .credentials_provider()
        .expect("credentials")
        .provide_credentials()
        .await
        .expect("loaded")
}

#[tokio::test]
async fn environment_variables() {
    let config = load(
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "env-secret"),
            ("AWS_SESSION_TOKEN", "env-token"),
            ("AWS_REGION", "eu-west-1"),
            ("AWS_DEFAULT_REGION", "us-west-2"),
            ("AWS_MAX_ATTEMPTS", "5"),
        ],
        None,
    )
    .unwrap()
    .build();
    assert_eq!(
        config.region(),
        Some("eu-west-1"),
        "AWS_REGION wins over AWS_DEFAULT_REGION"
    );
    assert_eq!(config.retry_config().max_attempts(), 5);
    assert_eq!(config.endpoint_url(), None);
    let c = credentials(&config).await;
    assert_eq!(
        (c.access_key_id(), c.secret_access_key(), c.session_token()),
        ("AKIDENV", "env-secret", Some("env-token"))
    );

    let config = load(
        &[("AWS_DEFAULT_REGION", "us-west-2"), ("AWS_REGION", "")],
        None,
    )
    .unwrap()
    .build();
    assert_eq!(config.region(), Some("us-west-2"), "empty counts as unset");
    assert!(config.credentials_provider().is_none());
    assert!(config.validation(), "validation is on by default");
}

#[tokio::test]
async fn profiles_from_the_shared_files() {
    let home = Home::new();
    home.write(
        ".aws/config",
        "[default]\nregion = us-east-2\n\n[profile dev]\nregion = ap-south-1 ; comment\n\
         endpoint_url = http://localhost:4566\nmax_attempts = 4\n[sso-session x]\nregion = nope\n",
    );
    home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n\n\
         [dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\naws_session_token = dev-token\n",
    );

    let config = load(&[], Some(&home.0)).unwrap().build();
    assert_eq!(config.region(), Some("us-east-2"));
    assert_eq!(credentials(&config).await.access_key_id(), "AKIDDEFAULT");

    let config = load(&[("AWS_PROFILE", "dev")], Some(&home.0))
        .unwrap()
        .build();
    assert_eq!(config.region(), Some("ap-south-1"));
    assert_eq!(config.endpoint_url(), Some("http://localhost:4566"));
    assert_eq!(config.retry_config().max_attempts(), 4);
    let c = credentials(&config).await;
    assert_eq!(
        (c.access_key_id(), c.secret_access_key(), c.session_token()),
        ("AKIDDEV", "dev-secret", Some("dev-token"))
    );

    // Environment beats profile, key by key.
    let config = load(
        &[
            ("AWS_PROFILE", "dev"),
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "s"),
            ("AWS_REGION", "eu-north-1"),
        ],
        Some(&home.0),
    )
    .unwrap()
    .build();
    assert_eq!(config.region(), Some("eu-north-1"));
    assert_eq!(config.endpoint_url(), Some("http://localhost:4566"));
    let c = credentials(&config).await;
    assert_eq!((c.access_key_id(), c.session_token()), ("AKIDENV", None));
}

#[tokio::test]
async fn file_locations_can_be_overridden() {
    let home = Home::new();
    let config_file = home.write("my-config", "[profile work]\nregion = sa-east-1\n");
    let credentials_file = home.write(
        "my-creds",
        "[work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = w\n",
    );
    home.write(".aws/config", "[profile work]\nregion = ignored\n");
    let config = load(
        &[
            ("AWS_PROFILE", "work"),
            ("AWS_CONFIG_FILE", config_file.to_str().unwrap()),
            ("AWS_SHARED_CREDENTIALS_FILE", "~/my-creds"),
        ],
        Some(&home.0),
    )
    .unwrap()
    .build();
    assert_eq!(config.region(), Some("sa-east-1"));
    assert_eq!(credentials(&config).await.access_key_id(), "AKIDWORK");
    assert!(credentials_file.exists());
}

#[test]
fn the_service_specific_endpoint_wins() {
    let home = Home::new();
    home.write(
        ".aws/config",
        "[default]\nendpoint_url = http://profile:1\n",
    );
    let url = |vars: &[(&str, &str)]| {
        load(vars, Some(&home.0))
            .unwrap()
            .build()
            .endpoint_url()
            .map(str::to_owned)
    };
    assert_eq!(url(&[]).as_deref(), Some("http://profile:1"));
    assert_eq!(
        url(&[("AWS_ENDPOINT_URL", "http://global:2")]).as_deref(),
        Some("http://global:2")
    );
    assert_eq!(
        url(&[
            ("AWS_ENDPOINT_URL", "http://global:2"),
            ("AWS_ENDPOINT_URL_CHIME", "http://chime:3")
        ])
        .as_deref(),
        Some("http://chime:3")
    );
    assert_eq!(
        url(&[
            ("AWS_ENDPOINT_URL_CHIME", "http://chime:3"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")
        ]),
        None
    );
}

#[test]
fn errors_are_typed_and_name_the_place_but_not_the_secret() {
    let home = Home::new();
    let path = home.write(
        ".aws/credentials",
        "[default]\naws_access_key_id = AKID\nsupersecretvalue\n",
    );
    match load(&[], Some(&home.0)) {
        Err(ConfigError::Parse {
            path: p,
            line,
            message,
        }) => {
            assert_eq!((p, line), (path.clone(), 3));
            assert!(!message.contains("supersecretvalue"));
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
    let shown = load(&[], Some(&home.0)).unwrap_err().to_string();
    assert!(
        shown.ends_with("credentials line 3: expected `[section]` or `name = value`"),
        "{shown}"
    );
    assert!(!shown.contains("supersecretvalue"));

    home.write(".aws/credentials", "[default]\naws_access_key_id = AKID\n");
    let err = load(&[], Some(&home.0)).unwrap_err();
    assert!(
        matches!(
            &err,
            ConfigError::IncompleteCredentials {
                missing: "aws_secret_access_key",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("profile 'default'"), "{err}");

    let err = load(&[("AWS_ACCESS_KEY_ID", "AKID")], None).unwrap_err();
    assert!(
        matches!(
            err,
            ConfigError::IncompleteCredentials {
                missing: "AWS_SECRET_ACCESS_KEY",
                ..
            }
        ),
        "{err:?}"
    );

    let err = load(&[("AWS_PROFILE", "nope")], Some(&home.0)).unwrap_err();
    assert!(
        matches!(&err, ConfigError::ProfileNotFound { profile, .. } if profile == "nope"),
        "{err:?}"
    );

    let err = load(&[("AWS_ENDPOINT_URL_CHIME", "https://user:pw@host")], None).unwrap_err();
    assert!(
        matches!(&err, ConfigError::InvalidValue { setting, .. } if setting == "AWS_ENDPOINT_URL_CHIME"),
        "{err:?}"
    );
    assert!(!err.to_string().contains("pw"), "{err}");

    let err = load(&[("AWS_MAX_ATTEMPTS", "zero")], None).unwrap_err();
    assert!(
        err.to_string()
            .contains("invalid AWS_MAX_ATTEMPTS in environment"),
        "{err}"
    );

    let ok = load(&[], Some(Path::new("/nonexistent/home")))
        .unwrap()
        .build();
    assert_eq!(ok.region(), None, "missing files are fine");
}

#[test]
fn debug_output_never_shows_secrets() {
    let mock = MockConnector::new();
    let builder = Config::builder()
        .region("us-east-1")
        .static_credentials(AKID, SECRET, Some(TOKEN.to_owned()))
        .http_connector(mock);
    let config = builder.clone().build();
    let client = Client::new(CHIME, config.clone());
    let creds =
        smithy_client::credentials::static_credentials(AKID, SECRET, Some(TOKEN.to_owned()));
    for shown in [
        format!("{config:?}"),
        format!("{config:#?}"),
        format!("{builder:?}"),
        format!("{client:?}"),
        format!("{creds:?}"),
    ] {
        assert!(!shown.contains(SECRET), "secret key in {shown}");
        assert!(!shown.contains(TOKEN), "session token in {shown}");
    }
    let shown = format!("{config:?}");
    assert!(
        shown.contains("region: Some(\"us-east-1\")") && shown.contains("redacted"),
        "{shown}"
    );
}
