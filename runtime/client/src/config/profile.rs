//! Profiles merged from the shared config and credentials files.
//!
//! In the config file a profile is `[default]` or `[profile NAME]`; other
//! sections (`[sso-session x]`, `[services x]`, a bare `[NAME]`) are not
//! profiles and are skipped. In the credentials file every `[NAME]` is a
//! profile. When both files set a key for the same profile, the credentials
//! file wins.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::error::ConfigError;
use super::ini;

/// A property's value and where it came from.
#[derive(Clone, Debug)]
struct Located {
    value: String,
    path: Arc<Path>,
    line: usize,
}

/// One named profile.
#[derive(Clone, Debug)]
pub(crate) struct Profile {
    name: String,
    properties: HashMap<String, Located>,
}

impl Profile {
    /// The value of `key` (lower-case), if set and non-empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.properties
            .get(key)
            .map(|p| p.value.as_str())
            .filter(|v| !v.is_empty())
    }

    /// Describes where `key` was set, for error messages.
    pub fn origin(&self, key: &str) -> String {
        match self.properties.get(key) {
            Some(p) => format!(
                "profile '{}' ({} line {})",
                self.name,
                p.path.display(),
                p.line
            ),
            None => format!("profile '{}'", self.name),
        }
    }
}

/// Which shared file a text came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FileKind {
    Config,
    Credentials,
}

/// All profiles of both files.
#[derive(Debug, Default)]
pub(crate) struct Profiles {
    profiles: HashMap<String, Profile>,
}

impl Profiles {
    /// Reads both files; a missing file is the same as an empty one.
    pub fn load(config_file: &Path, credentials_file: &Path) -> Result<Self, ConfigError> {
        let mut profiles = Profiles::default();
        for (path, kind) in [
            (config_file, FileKind::Config),
            (credentials_file, FileKind::Credentials),
        ] {
            if let Some(text) = read_optional(path)? {
                profiles.add(&text, path, kind)?;
            }
        }
        Ok(profiles)
    }

    fn add(&mut self, text: &str, path: &Path, kind: FileKind) -> Result<(), ConfigError> {
        let shared_path: Arc<Path> = Arc::from(path);
        for section in ini::parse(text, path)? {
            let Some(name) = profile_name(&section.header, kind) else {
                continue;
            };
            let profile = self
                .profiles
                .entry(name.to_owned())
                .or_insert_with(|| Profile {
                    name: name.to_owned(),
                    properties: HashMap::new(),
                });
            for property in section.properties {
                let located = Located {
                    value: property.value,
                    path: shared_path.clone(),
                    line: property.line,
                };
                profile.properties.insert(property.key, located);
            }
        }
        Ok(())
    }

    /// The profile called `name`, if either file has it.
    pub fn get(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }
}

/// The profile a section header names, if it names one.
fn profile_name(header: &str, kind: FileKind) -> Option<&str> {
    match kind {
        FileKind::Credentials => Some(header),
        FileKind::Config if header == "default" => Some(header),
        FileKind::Config => header
            .strip_prefix("profile")
            .filter(|rest| rest.starts_with(char::is_whitespace))
            .map(str::trim)
            .filter(|name| !name.is_empty()),
    }
}

fn read_optional(path: &Path) -> Result<Option<String>, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(ConfigError::Read {
            path: path.to_owned(),
            source,
        }),
    }
}

/// Both file paths: the variables if set (a leading `~/` is the home
/// directory), else `~/.aws/config` and `~/.aws/credentials`.
pub(crate) fn file_paths(
    var: &dyn Fn(&str) -> Option<String>,
    home: Option<&Path>,
) -> (PathBuf, PathBuf) {
    let home = home.map(Path::to_path_buf).unwrap_or_default();
    let resolve = |variable: &str, default: &str| match var(variable) {
        Some(p) => match p.strip_prefix("~/").or_else(|| p.strip_prefix("~\\")) {
            Some(rest) => home.join(rest),
            None => PathBuf::from(p),
        },
        None => home.join(".aws").join(default),
    };
    (
        resolve("AWS_CONFIG_FILE", "config"),
        resolve("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_sections_need_the_profile_prefix() {
        assert_eq!(profile_name("default", FileKind::Config), Some("default"));
        assert_eq!(profile_name("profile dev", FileKind::Config), Some("dev"));
        assert_eq!(
            profile_name("profile   dev ", FileKind::Config),
            Some("dev")
        );
        assert_eq!(profile_name("profiledev", FileKind::Config), None);
        assert_eq!(profile_name("dev", FileKind::Config), None);
        assert_eq!(profile_name("sso-session s", FileKind::Config), None);
        assert_eq!(profile_name("dev", FileKind::Credentials), Some("dev"));
    }

    #[test]
    fn credentials_file_wins_per_key() {
        let mut p = Profiles::default();
        p.add(
            "[profile dev]\nregion = eu-west-1\naws_access_key_id = A\n",
            Path::new("c"),
            FileKind::Config,
        )
        .unwrap();
        p.add(
            "[dev]\naws_access_key_id = B\n",
            Path::new("k"),
            FileKind::Credentials,
        )
        .unwrap();
        let dev = p.get("dev").unwrap();
        assert_eq!(dev.get("region"), Some("eu-west-1"));
        assert_eq!(dev.get("aws_access_key_id"), Some("B"));
        assert_eq!(dev.origin("aws_access_key_id"), "profile 'dev' (k line 2)");
    }
}
