//! The INI dialect of `~/.aws/config` and `~/.aws/credentials`.
//!
//! * `[name]` opens a section; text after `]` must be a comment;
//! * `key = value` sets a property: the key is trimmed and lower-cased, the
//!   value trimmed and cut at a `#` or `;` that follows whitespace;
//! * a line starting with whitespace after a property continues its value
//!   (sub-properties such as `s3 =` followed by indented `key = value`);
//! * blank lines and lines starting with `#` or `;` are comments.
//!
//! Errors give the line number but never the line's content, which may hold
//! a secret.

use std::path::Path;

use super::error::ConfigError;

/// One `key = value`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Property {
    pub key: String,
    pub value: String,
    pub line: usize,
}

/// One `[header]` and its properties, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Section {
    /// The header's text between the brackets, trimmed.
    pub header: String,
    pub properties: Vec<Property>,
}

/// Parses `text`, read from `path` (only used in errors).
pub(crate) fn parse(text: &str, path: &Path) -> Result<Vec<Section>, ConfigError> {
    let mut sections: Vec<Section> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let error = |message: &str| ConfigError::Parse {
            path: path.to_owned(),
            line,
            message: message.to_owned(),
        };
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if raw.starts_with(char::is_whitespace) {
            if let Some(last) = sections.last_mut().and_then(|s| s.properties.last_mut()) {
                last.value.push('\n');
                last.value.push_str(strip_comment(trimmed));
                continue;
            }
        }
        if let Some(rest) = trimmed.strip_prefix('[') {
            let Some((name, after)) = rest.split_once(']') else {
                return Err(error("section header is missing its closing `]`"));
            };
            let after = after.trim();
            if !(after.is_empty() || after.starts_with('#') || after.starts_with(';')) {
                return Err(error("unexpected text after a section header"));
            }
            let header = name.trim();
            if header.is_empty() {
                return Err(error("section header has an empty name"));
            }
            sections.push(Section {
                header: header.to_owned(),
                properties: Vec::new(),
            });
            continue;
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            return Err(error("expected `[section]` or `name = value`"));
        };
        let key = key.trim();
        if key.is_empty() {
            return Err(error("property has an empty name"));
        }
        let Some(section) = sections.last_mut() else {
            return Err(error("property appears before any `[section]` header"));
        };
        section.properties.push(Property {
            key: key.to_ascii_lowercase(),
            value: strip_comment(value.trim()).to_owned(),
            line,
        });
    }
    Ok(sections)
}

/// Cuts `value` at the first `#` or `;` preceded by whitespace.
fn strip_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    for i in 1..bytes.len() {
        if (bytes[i] == b'#' || bytes[i] == b';') && bytes[i - 1].is_ascii_whitespace() {
            return value[..i].trim_end();
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Vec<Section> {
        parse(text, Path::new("f")).unwrap()
    }

    fn parse_err(text: &str) -> String {
        parse(text, Path::new("/x/config")).unwrap_err().to_string()
    }

    #[test]
    fn sections_properties_comments_and_continuations() {
        let s = parse_ok(
            "# top\n[default]\nregion = us-east-1 # inline\nAWS_Access_Key_ID=AK#notacomment\n\n\
             ; c\n[profile dev] ; c\ns3 =\n  max_concurrent_requests = 10\n  addressing_style = path\nregion=eu-west-1\r\n",
        );
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].header, "default");
        assert_eq!(
            s[0].properties[0],
            Property {
                key: "region".into(),
                value: "us-east-1".into(),
                line: 3
            }
        );
        assert_eq!(s[0].properties[1].key, "aws_access_key_id");
        assert_eq!(s[0].properties[1].value, "AK#notacomment");
        assert_eq!(s[1].header, "profile dev");
        assert_eq!(
            s[1].properties[0].value,
            "\nmax_concurrent_requests = 10\naddressing_style = path"
        );
        assert_eq!(s[1].properties[1].value, "eu-west-1");
    }

    #[test]
    fn errors_name_the_line_but_not_its_content() {
        assert_eq!(
            parse_err("[default]\nregion = x\nsecretvalue123\n"),
            "/x/config line 3: expected `[section]` or `name = value`"
        );
        assert!(
            parse_err("region = x\n").contains("line 1: property appears before any `[section]`")
        );
        assert!(parse_err("[default\n").contains("line 1: section header is missing"));
        assert!(parse_err("[]\n").contains("empty name"));
        assert!(parse_err("[a] b\n").contains("unexpected text"));
        assert!(parse_err("[a]\n= v\n").contains("line 2: property has an empty name"));
        assert!(!parse_err("[default]\nsecretvalue123\n").contains("secretvalue123"));
    }
}
