//! Template strings (`https://{Region}.{Partition#dnsSuffix}`) and `getAttr` paths.

use super::ast::{PathPart, TemplatePart};
use super::ruleset::check_in_scope;
use super::EndpointError;

/// Splits a template string into text and `{Name}` / `{Name#path}` placeholders;
/// `{{` and `}}` stand for literal braces.
pub(super) fn parse_template(
    text: &str,
    path: &str,
    scope: &[String],
) -> Result<Vec<TemplatePart>, EndpointError> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        literal.push_str(&rest[..i]);
        let brace = rest.as_bytes()[i];
        let after = &rest[i + 1..];
        if after.as_bytes().first() == Some(&brace) {
            literal.push(char::from(brace));
            rest = &after[1..];
        } else if brace == b'}' {
            literal.push('}');
            rest = after;
        } else {
            let Some(end) = after.find('}') else {
                return Err(EndpointError::invalid(
                    path,
                    format!("unclosed `{{` in template {text:?}"),
                ));
            };
            let placeholder = &after[..end];
            let (name, attr) = match placeholder.split_once('#') {
                Some((name, attr)) => (
                    name,
                    parse_path(attr).map_err(|m| EndpointError::invalid(path, m))?,
                ),
                None => (placeholder, Vec::new()),
            };
            check_in_scope(name, path, scope)?;
            if !literal.is_empty() {
                parts.push(TemplatePart::Text(std::mem::take(&mut literal)));
            }
            parts.push(TemplatePart::Value(name.to_owned(), attr));
            rest = &after[end + 1..];
        }
    }
    literal.push_str(rest);
    if !literal.is_empty() || parts.is_empty() {
        parts.push(TemplatePart::Text(literal));
    }
    Ok(parts)
}

/// Parses a `getAttr` path: `.`-separated names, each optionally followed by `[index]`s.
pub(super) fn parse_path(text: &str) -> Result<Vec<PathPart>, String> {
    let bad = || format!("invalid attribute path {text:?}");
    let mut parts = Vec::new();
    for segment in text.split('.') {
        let (name, mut indexes) = segment.split_at(segment.find('[').unwrap_or(segment.len()));
        if name.contains(']') || (name.is_empty() && (indexes.is_empty() || !parts.is_empty())) {
            return Err(bad());
        }
        if !name.is_empty() {
            parts.push(PathPart::Key(name.to_owned()));
        }
        while !indexes.is_empty() {
            let close = indexes.find(']').ok_or_else(bad)?;
            let index = indexes[1..close].parse::<usize>().map_err(|_| bad())?;
            parts.push(PathPart::Index(index));
            indexes = &indexes[close + 1..];
            if !indexes.is_empty() && !indexes.starts_with('[') {
                return Err(bad());
            }
        }
    }
    Ok(parts)
}
