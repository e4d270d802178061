//! Why configuration could not be loaded from the environment and the
//! shared AWS files. Messages name the variable, file and line at fault but
//! never repeat a value that could be a secret.

use std::fmt;
use std::path::PathBuf;

/// A problem in the environment or the shared config/credentials files.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// A shared file exists but could not be read.
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O failure.
        source: std::io::Error,
    },
    /// A shared file is malformed.
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong (the line's content is not repeated).
        message: String,
    },
    /// `AWS_PROFILE` names a profile found in neither shared file (and the
    /// environment holds no credentials to fall back on).
    ProfileNotFound {
        /// The profile name.
        profile: String,
        /// The config file that was searched.
        config_file: PathBuf,
        /// The credentials file that was searched.
        credentials_file: PathBuf,
    },
    /// An access key id without its secret key, or the reverse.
    IncompleteCredentials {
        /// Where they were found, e.g. `environment` or `profile 'dev' (/home/u/.aws/credentials)`.
        origin: String,
        /// The variable or key that is missing.
        missing: &'static str,
    },
    /// A setting has an unusable value.
    InvalidValue {
        /// The variable or profile key, e.g. `AWS_ENDPOINT_URL_CHIME`.
        setting: String,
        /// Where it was found, e.g. `environment`.
        origin: String,
        /// What is wrong with it.
        message: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Read { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            ConfigError::Parse {
                path,
                line,
                message,
            } => {
                write!(f, "{} line {line}: {message}", path.display())
            }
            ConfigError::ProfileNotFound {
                profile,
                config_file,
                credentials_file,
            } => write!(
                f,
                "profile '{profile}' (from AWS_PROFILE) is in neither {} nor {}",
                config_file.display(),
                credentials_file.display()
            ),
            ConfigError::IncompleteCredentials { origin, missing } => {
                write!(
                    f,
                    "incomplete credentials in {origin}: {missing} is missing"
                )
            }
            ConfigError::InvalidValue {
                setting,
                origin,
                message,
            } => {
                write!(f, "invalid {setting} in {origin}: {message}")
            }
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Read { source, .. } => Some(source),
            _ => None,
        }
    }
}
