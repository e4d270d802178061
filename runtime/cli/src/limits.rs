//! Bounds on everything the command line reads, so that no argument or
//! input file can exhaust the stack, the memory or the terminal:
//!
//! * [`MAX_DEPTH`]: lists and maps given on the command line (shorthand,
//!   JSON values, `--cli-input-json`, `--cli-input-yaml`, `--query`) nest at
//!   most this deep; deeper input is refused with exit code 252 before any
//!   recursive code sees it;
//! * [`MAX_FILE_BYTES`]: a `file://` or `fileb://` value (and the files of
//!   `--cli-input-json`/`--cli-input-yaml`) is read up to this size, and a
//!   larger file (or an endless one such as `/dev/zero`) is refused;
//! * [`MAX_ALIAS_EXPANSION`]: YAML aliases may copy at most this much.
//!
//! The depth of a value is the number of lists and maps that enclose its
//! innermost scalar, the outermost one included: `{"a": ["b"]}`, `a=[b]`
//! and `a: [b]` are 2 deep.

use std::io::Read;
use std::path::Path;

use serde_json::Value;

/// The deepest nesting of lists and maps accepted in any document given on
/// the command line (serde_json's own limit of 128 is never reached).
pub const MAX_DEPTH: usize = 100;

/// The largest `file://` or `fileb://` file read: 10 MiB.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// The most that YAML aliases of one `--cli-input-yaml` document may copy
/// in total, counting 1 per copied node plus the length in bytes of every
/// copied string and key.
pub const MAX_ALIAS_EXPANSION: usize = 1_000_000;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The file system's error.
    Io(std::io::Error),
    /// The file holds more than [`MAX_FILE_BYTES`].
    TooLarge,
}

/// Reads at most [`MAX_FILE_BYTES`] of `path`; a longer file is an error
/// (never read to its end, so `/dev/zero` ends at once).
pub fn read_file(path: &Path) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

/// The message for a file larger than [`MAX_FILE_BYTES`].
pub fn too_large_message() -> String {
    format!(
        "the file is larger than {MAX_FILE_BYTES} bytes (10 MiB), the limit for file:// and fileb:// values"
    )
}

/// The message for a document nested deeper than [`MAX_DEPTH`].
pub fn too_deep_message() -> String {
    format!("lists and maps are nested deeper than {MAX_DEPTH} levels, the limit")
}

/// Where JSON `text` first nests deeper than [`MAX_DEPTH`]: `Some((line,
/// column))`, 1-based, or `None` if it does not. Linear, no recursion;
/// brackets inside strings do not count.
pub fn json_too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let (mut line, mut column) = (1usize, 0usize);
    for c in text.chars() {
        if c == '\n' {
            line += 1;
            column = 0;
        } else {
            column += 1;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some((line, column));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Parses a JSON document given on the command line, refusing nesting
/// deeper than [`MAX_DEPTH`]. The message is serde_json's (`... at line 1
/// column 5`) or the depth limit's.
pub fn parse_json(text: &str) -> Result<Value, String> {
    if let Some((line, column)) = json_too_deep(text) {
        return Err(format!(
            "{} at line {line} column {column}",
            too_deep_message()
        ));
    }
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// Where a `--query` expression first nests deeper than [`MAX_DEPTH`]
/// (a 0-based character index), counting what makes the JMESPath parser
/// recurse: brackets, and within one bracket level each prefix operator
/// (`!`, `&`), wildcard (`*`) and projection (`[*]`, `[]`, `[?...]`,
/// `[a:b]`) until a `,` or `|` ends it. Literals (`'...'`, `"..."`,
/// `` `...` ``) do not count. An upper bound: real queries stay far below.
pub fn query_too_deep(query: &str) -> Option<usize> {
    // Per open bracket: the pending prefix/projection count at its level,
    // and what it opened with (for telling projections at its close).
    struct Level {
        pending: usize,
        open: char,
        projection: bool,
        empty: bool,
    }
    let mut levels = vec![Level {
        pending: 0,
        open: ' ',
        projection: false,
        empty: false,
    }];
    let score = |levels: &[Level]| levels.iter().map(|l| 1 + l.pending).sum::<usize>() - 1;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let chars: Vec<char> = query.chars().collect();
    let mut skip = false;
    for (i, &c) in chars.iter().enumerate() {
        if skip {
            skip = false;
            continue;
        }
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        if let Some(top) = levels.last_mut() {
            if top.open == '[' && top.empty && !c.is_whitespace() {
                top.empty = false;
                top.projection = matches!(c, '*' | '?' | ']');
            }
            if top.open == '[' && c == ':' {
                top.projection = true;
            }
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '(' | '[' | '{' => levels.push(Level {
                pending: 0,
                open: c,
                projection: false,
                empty: true,
            }),
            ')' | ']' | '}' if levels.len() > 1 => {
                let projection = levels.pop().is_some_and(|closed| closed.projection);
                if let Some(top) = levels.last_mut().filter(|_| projection) {
                    top.pending += 1;
                }
            }
            '!' if chars.get(i + 1) != Some(&'=') => {
                if let Some(top) = levels.last_mut() {
                    top.pending += 1;
                }
            }
            '&' if chars.get(i + 1) == Some(&'&') => {
                // `&&` ends the operands before it, as `||` does.
                skip = true;
                if let Some(top) = levels.last_mut() {
                    top.pending = 0;
                }
            }
            '&' | '*' => {
                if let Some(top) = levels.last_mut() {
                    top.pending += 1;
                }
            }
            ',' | '|' => {
                if let Some(top) = levels.last_mut() {
                    top.pending = 0;
                }
            }
            _ => {}
        }
        if score(&levels) > MAX_DEPTH {
            return Some(i);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_depth_is_bounded_before_serde_sees_it() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse_json(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(
            parse_json(&deep).unwrap_err(),
            "lists and maps are nested deeper than 100 levels, the limit at line 1 column 101"
        );
        // Far deeper than any stack: refused in linear time.
        assert!(parse_json(&"[".repeat(1_000_000)).is_err());
        // Brackets in strings do not count, escaped quotes do not end them.
        let text = format!("{{\"a\": \"\\\"{}\"}}", "[".repeat(500));
        assert_eq!(json_too_deep(&text), None);
        assert!(parse_json(&text).is_ok());
        assert_eq!(json_too_deep("{\n  \"a\": [[1]]}"), None);
    }

    #[test]
    fn files_are_read_up_to_the_limit() {
        let dir = std::env::temp_dir().join(format!("smithy-cli-rt-limits-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let small = dir.join("small");
        std::fs::write(&small, b"abc").unwrap();
        assert_eq!(read_file(&small).unwrap(), b"abc");
        let big = dir.join("big");
        let file = std::fs::File::create(&big).unwrap();
        file.set_len(MAX_FILE_BYTES + 1).unwrap();
        assert!(matches!(read_file(&big), Err(ReadError::TooLarge)));
        let exact = dir.join("exact");
        let file = std::fs::File::create(&exact).unwrap();
        file.set_len(MAX_FILE_BYTES).unwrap();
        assert_eq!(read_file(&exact).unwrap().len() as u64, MAX_FILE_BYTES);
        if Path::new("/dev/zero").exists() {
            assert!(matches!(
                read_file(Path::new("/dev/zero")),
                Err(ReadError::TooLarge)
            ));
        }
        assert!(matches!(
            read_file(&dir.join("missing")),
            Err(ReadError::Io(_))
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn query_depth() {
        for q in [
            "Errors[?ErrorCode=='x'].[MemberId, ErrorMessage]",
            "sort_by(Users, &UserEmail)[*].{id: UserId, mail: !contains(UserEmail, '[[[[')}",
            "a[*].b[*].c[*] | [0]",
            "Accounts[].Name",
            "a != b",
        ] {
            assert_eq!(query_too_deep(q), None, "{q}");
        }
        assert_eq!(query_too_deep(&vec!["!a"; 200].join(" && ")), None);
        let flat: Vec<String> = (0..500).map(|i| format!("a{i}[0]")).collect();
        assert_eq!(query_too_deep(&format!("[{}]", flat.join(", "))), None);
        let projections = format!("a{}", "[*].b".repeat(MAX_DEPTH + 1));
        assert!(query_too_deep(&projections).is_some());
        assert!(query_too_deep(&"!".repeat(MAX_DEPTH + 1)).is_some());
        assert!(query_too_deep(&"(".repeat(MAX_DEPTH + 1)).is_some());
        assert!(query_too_deep(&"*.".repeat(MAX_DEPTH + 1)).is_some());
        assert_eq!(query_too_deep(&format!("'{}'", "(".repeat(1000))), None);
    }
}
