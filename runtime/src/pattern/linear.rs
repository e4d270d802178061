//! Translation of a regular pattern (no backreferences, no lookaround) to
//! `regex-lite` syntax with exactly the same set of matching strings.
//!
//! Every class is written out as explicit code point ranges, so nothing
//! depends on how `regex-lite` defines `\d`, `\w`, `\s` or `.`; the only
//! constructs passed through are concatenation, alternation, counted
//! repetition, `^`, `$` (neither multi-line) and the ASCII word boundaries
//! `\b` and `\B`, which mean the same in both.

use super::parse::{Assertion, CharSet, Node};
use std::fmt::Write;

/// The `regex-lite` spelling of `node`, or `None` if it is not regular.
pub(super) fn translate(node: &Node) -> Option<String> {
    let mut out = String::new();
    emit(node, &mut out)?;
    Some(out)
}

fn emit(node: &Node, out: &mut String) -> Option<()> {
    match node {
        Node::Empty => out.push_str("(?:)"),
        Node::Set(set) => emit_set(set, out),
        Node::Seq(nodes) => {
            out.push_str("(?:");
            for n in nodes {
                emit(n, out)?;
            }
            out.push(')');
        }
        Node::Alt(nodes) => {
            out.push_str("(?:");
            for (i, n) in nodes.iter().enumerate() {
                if i > 0 {
                    out.push('|');
                }
                emit(n, out)?;
            }
            out.push(')');
        }
        Node::Group(_, inner) => emit(inner, out)?,
        Node::Repeat { node, min, max, .. } => {
            if is_zero_width(node) {
                // ECMA's empty check: an iteration beyond the minimum that
                // matches the empty string fails, so a zero-width atom
                // repeated is the atom once (min >= 1) or nothing (min = 0).
                if *min == 0 {
                    out.push_str("(?:)");
                } else {
                    emit(node, out)?;
                }
                return Some(());
            }
            // Greedy or lazy makes no difference to whether a match exists.
            out.push_str("(?:");
            emit(node, out)?;
            out.push(')');
            match max {
                Some(max) if max == min => write!(out, "{{{min}}}").ok()?,
                Some(max) => write!(out, "{{{min},{max}}}").ok()?,
                None => write!(out, "{{{min},}}").ok()?,
            }
        }
        Node::Assert(a) => out.push_str(match a {
            Assertion::Start => "^",
            Assertion::End => "$",
            Assertion::WordBoundary => r"\b",
            Assertion::NotWordBoundary => r"\B",
        }),
        Node::BackRef(_) | Node::Look { .. } => return None,
    }
    Some(())
}

/// True if the node can only ever match the empty string.
fn is_zero_width(node: &Node) -> bool {
    match node {
        Node::Empty | Node::Assert(_) | Node::Look { .. } => true,
        Node::Set(_) | Node::BackRef(_) => false,
        Node::Seq(v) | Node::Alt(v) => v.iter().all(is_zero_width),
        Node::Group(_, n) => is_zero_width(n),
        Node::Repeat { node, max, .. } => *max == Some(0) || is_zero_width(node),
    }
}

fn emit_set(set: &CharSet, out: &mut String) {
    let ranges: Vec<(u32, u32)> = set.scalar_ranges().collect();
    match ranges.as_slice() {
        // Never matches (an empty class, or only surrogates).
        [] => out.push_str(r"[^\x{0}-\x{10FFFF}]"),
        [(lo, hi)] if lo == hi => {
            let _ = write!(out, r"\x{{{lo:X}}}");
        }
        _ => {
            out.push('[');
            for (lo, hi) in ranges {
                if lo == hi {
                    let _ = write!(out, r"\x{{{lo:X}}}");
                } else {
                    let _ = write!(out, r"\x{{{lo:X}}}-\x{{{hi:X}}}");
                }
            }
            out.push(']');
        }
    }
}
