//! Patterns written in Java's regex flavour, which real models carry
//! although Smithy says `@pattern` is ECMA-262: the constructs with an exact
//! ECMA-262 meaning are translated; anything else is reported so that the
//! one constraint goes unchecked (with a warning) instead of stopping
//! generation.

/// Translates `pattern` when it uses Java constructs with an exact ECMA-262
/// equivalent: a leading `(?s)` (`.` matches line terminators too: every
/// unescaped `.` outside a class becomes `[\s\S]`) and a leading `(?i)` for
/// ASCII patterns (each letter becomes a class of both cases). The flags
/// may follow a leading `^` (amplify's `^(?s).+$`): neither flag changes
/// what `^` matches, so the anchor is kept and the flags apply to the rest.
/// `None` when there is nothing to translate or no exact translation.
pub fn translate(pattern: &str) -> Option<String> {
    let (anchor, mut rest) = match pattern.strip_prefix('^') {
        Some(r) if r.starts_with("(?") => ("^", r),
        _ => ("", pattern),
    };
    let mut dot_all = false;
    let mut ignore_case = false;
    loop {
        if let Some(r) = rest.strip_prefix("(?s)") {
            dot_all = true;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("(?i)") {
            ignore_case = true;
            rest = r;
        } else if let Some(r) = rest
            .strip_prefix("(?si)")
            .or_else(|| rest.strip_prefix("(?is)"))
        {
            dot_all = true;
            ignore_case = true;
            rest = r;
        } else {
            break;
        }
    }
    if !dot_all && !ignore_case {
        return None;
    }
    if ignore_case && !rest.is_ascii() {
        return None;
    }
    let mut out = String::with_capacity(rest.len() * 2 + anchor.len());
    out.push_str(anchor);
    let mut chars = rest.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push('\\');
                match chars.next() {
                    // `\p{..}`, `\Q..\E` and friends are Java-only: give up.
                    Some('p' | 'P' | 'Q' | 'E' | 'A' | 'Z' | 'z' | 'G') => return None,
                    Some(n) => out.push(n),
                    None => return None,
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                // A class with the other case added: `a-f` also `A-F`.
                if ignore_case {
                    let mut class = String::new();
                    let mut escaped = false;
                    for d in chars.by_ref() {
                        if escaped {
                            class.push(d);
                            escaped = false;
                            continue;
                        }
                        match d {
                            '\\' => {
                                class.push(d);
                                escaped = true;
                            }
                            ']' => break,
                            '[' => return None,
                            _ => class.push(d),
                        }
                    }
                    out.push_str(&class);
                    out.push_str(&other_case_class(&class)?);
                    out.push(']');
                    in_class = false;
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '.' if dot_all && !in_class => out.push_str("[\\s\\S]"),
            c if ignore_case && !in_class && c.is_ascii_alphabetic() => {
                out.push('[');
                out.push(c.to_ascii_lowercase());
                out.push(c.to_ascii_uppercase());
                out.push(']');
            }
            // A later inline flag group cannot be translated exactly.
            '(' if chars.peek() == Some(&'?') => {
                out.push('(');
                out.push('?');
                chars.next();
                match chars.peek() {
                    Some(':' | '=' | '!' | '<') => {}
                    _ => return None,
                }
            }
            c => out.push(c),
        }
    }
    Some(out)
}

/// The other-case counterparts of the letters and letter ranges of a class
/// body (ASCII only); `None` when the body has something whose case
/// counterpart is not exact to write.
fn other_case_class(body: &str) -> Option<String> {
    let chars: Vec<char> = body.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            i += 2;
            continue;
        }
        if i + 2 < chars.len() && chars[i + 1] == '-' {
            let (lo, hi) = (c, chars[i + 2]);
            let letters = |a: char, b: char| {
                (a.is_ascii_lowercase() && b.is_ascii_lowercase())
                    || (a.is_ascii_uppercase() && b.is_ascii_uppercase())
            };
            if letters(lo, hi) {
                out.push(swap(lo));
                out.push('-');
                out.push(swap(hi));
            } else if lo.is_ascii_alphabetic() || hi.is_ascii_alphabetic() {
                // A range across cases or from a digit to a letter.
                return None;
            }
            i += 3;
            continue;
        }
        if c.is_ascii_alphabetic() {
            out.push(swap(c));
        }
        i += 1;
    }
    Some(out)
}

fn swap(c: char) -> char {
    if c.is_ascii_lowercase() {
        c.to_ascii_uppercase()
    } else {
        c.to_ascii_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn leading_flags_are_translated_exactly() {
        assert_eq!(translate("(?s).*").as_deref(), Some("[\\s\\S]*"));
        assert_eq!(translate("(?s)a\\.[.]").as_deref(), Some("a\\.[.]"));
        assert_eq!(translate("(?i)ab1").as_deref(), Some("[aA][bB]1"));
        assert_eq!(translate("(?i)[a-c_]x").as_deref(), Some("[a-c_A-C][xX]"));
        assert_eq!(translate("(?is)a.").as_deref(), Some("[aA][\\s\\S]"));
        assert_eq!(translate("^[a-z]+$"), None, "nothing to translate");
        assert_eq!(translate("(?i)[A-z]"), None, "a range across cases");
        assert_eq!(translate("(?i)é"), None, "non-ASCII case folding");
        assert_eq!(translate("(?s)a(?i)b"), None, "a later flag group");
    }

    #[test]
    fn flags_after_a_leading_anchor_are_translated_exactly() {
        // amplify: `^(?s).+$` and `^(?s)`.
        assert_eq!(translate("^(?s).+$").as_deref(), Some("^[\\s\\S]+$"));
        assert_eq!(translate("^(?s)").as_deref(), Some("^"));
        assert_eq!(translate("^(?i)a").as_deref(), Some("^[aA]"));
        assert_eq!(translate("^(?:a)"), None, "a group, not flags");
        assert_eq!(translate("^a(?s)."), None, "flags later than the anchor");
        assert_eq!(translate("^^(?s)."), None, "only one anchor is skipped");
    }
}
