//! `--cli-auto-prompt`: asks for each required parameter that is neither
//! on the command line nor in `--cli-input-json`/`yaml`, showing its
//! documentation and allowed values; the answer is read like the words
//! after the option would be (shell-style quotes group words).

use std::io::Write;

use serde_json::{Map, Value};

use crate::app::Environment;
use crate::help::first_paragraph;
use crate::spec::{Kind, Operation};

/// Prompts for the missing required parameters and adds the answers.
pub fn missing(
    op: &Operation,
    given: &mut Vec<(&'static str, Vec<String>)>,
    base: Option<&Map<String, Value>>,
    env: &dyn Environment,
    err: &mut dyn Write,
) {
    for m in op.parameters() {
        let present =
            given.iter().any(|(n, _)| *n == m.name) || base.is_some_and(|b| b.contains_key(m.name));
        if !m.required || present {
            continue;
        }
        let mut text = format!(
            "{} ({}): {}\n",
            m.option,
            m.target.type_name(),
            first_paragraph(m.docs)
        );
        if let Kind::Enum(values) = m.target.kind {
            text.push_str(&format!("  Allowed values: {}\n", values.join(", ")));
        }
        text.push_str(&format!("{}> ", m.option));
        let _ = err.write_all(text.as_bytes());
        let _ = err.flush();
        let Some(line) = env.read_line() else { return };
        let words = split_words(&line);
        if !words.is_empty() {
            given.push((m.name, words));
        }
    }
}

/// Splits a line into words; single and double quotes group, a backslash
/// escapes the next character outside single quotes.
pub fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('\''), c) => word.push(c),
            (_, '\\') => {
                if let Some(next) = chars.next() {
                    word.push(next);
                }
                in_word = true;
            }
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(
            split_words(r#"MemberId=a,Role=Member "MemberId=b c" 'x\y' z\ w"#),
            ["MemberId=a,Role=Member", "MemberId=b c", r"x\y", "z w"]
        );
        assert!(split_words("   ").is_empty());
    }
}
