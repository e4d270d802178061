//! Smithy documentation (CommonMark with embedded HTML, mostly HTML in AWS
//! models) turned into Markdown for rustdoc.

/// Converts model documentation to Markdown: known HTML tags become their
/// Markdown equivalents, others are dropped, entities are decoded where safe,
/// whitespace is normalized, and brackets are escaped so rustdoc does not
/// read them as intra-doc links. Returns `None` for empty documentation.
pub fn to_markdown(html: &str) -> Option<String> {
    let mut out = String::new();
    let mut link: Vec<Option<String>> = Vec::new();
    let mut list_depth = 0usize;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text(&mut out, &rest[..lt]);
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            text(&mut out, &rest[lt..]);
            rest = "";
            break;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match (name.as_str(), closing) {
            // A paragraph that opens a list item stays on the bullet's line.
            ("p" | "div", false) if out.ends_with("- ") => {}
            ("p" | "div" | "note" | "important" | "dl" | "br", _) => block(&mut out),
            ("b" | "strong", _) => out.push_str("**"),
            ("i" | "em" | "cite", _) => out.push('*'),
            ("code", _) => out.push('`'),
            ("ul" | "ol", false) => {
                list_depth += 1;
                block(&mut out);
            }
            ("ul" | "ol", true) => {
                list_depth = list_depth.saturating_sub(1);
                block(&mut out);
            }
            ("li", false) => {
                line(&mut out);
                for _ in 1..list_depth {
                    out.push_str("  ");
                }
                out.push_str("- ");
            }
            ("dt", false) => block(&mut out),
            ("dd", false) => line(&mut out),
            ("a", false) => {
                // `<a>Name</a>` without a target is plain text, not a link.
                let href = attr(tag, "href");
                if href.is_some() {
                    out.push('[');
                }
                link.push(href);
            }
            ("a", true) => {
                if let Some(Some(href)) = link.pop() {
                    out.push_str("](");
                    out.push_str(&href.replace(' ', "%20").replace(')', "%29"));
                    out.push(')');
                }
            }
            _ => {}
        }
    }
    text(&mut out, rest);
    // Close links left open by malformed HTML.
    for href in link {
        if href.is_some() {
            out.push(']');
        }
    }
    let cleaned = tidy(&out);
    if cleaned.is_empty() {
        None
    } else {
        Some(cleaned)
    }
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let idx = tag.find(&format!("{name}="))?;
    let value = &tag[idx + name.len() + 1..];
    let quote = value.chars().next()?;
    if quote == '"' || quote == '\'' {
        let end = value[1..].find(quote)?;
        Some(value[1..1 + end].to_owned())
    } else {
        Some(value.split_whitespace().next()?.to_owned())
    }
}

fn block(out: &mut String) {
    out.push_str("\n\n");
}

fn line(out: &mut String) {
    out.push('\n');
}

fn text(out: &mut String, raw: &str) {
    let decoded = raw
        .replace("&nbsp;", " ")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'");
    let mut prev_space = out.ends_with(' ') || out.ends_with('\n') || out.is_empty();
    for c in decoded.chars() {
        if c.is_whitespace() {
            if !prev_space {
                out.push(' ');
                prev_space = true;
            }
            continue;
        }
        prev_space = false;
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '*' => out.push_str("\\*"),
            '_' => out.push('_'),
            '`' => out.push_str("\\`"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Trims each line, collapses runs of blank lines and trims the whole text.
fn tidy(s: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for l in s.split('\n') {
        let l = l.trim_end();
        let l = if l.trim_start().starts_with("- ") {
            l
        } else {
            l.trim_start()
        };
        if l.is_empty() && lines.last().is_none_or(|p| p.is_empty()) {
            continue;
        }
        lines.push(l);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::to_markdown;

    #[test]
    fn converts_common_aws_html() {
        let md = to_markdown(
            "<p>Adds up to 50 members to a chat room. Members can be <b>users</b> or \n    <i>bots</i>.</p><p>See <a href=\"https://x.example/a b\">the guide</a> [beta].</p><ul><li><p>One</p></li><li>Two</li></ul>",
        )
        .unwrap();
        assert_eq!(
            md,
            "Adds up to 50 members to a chat room. Members can be **users** or *bots*.\n\nSee [the guide](https://x.example/a%20b) \\[beta\\].\n\n- One\n\n- Two"
        );
        assert_eq!(to_markdown("  <p> </p> "), None);
        assert_eq!(
            to_markdown("a &lt;b&gt; &amp; c"),
            Some("a &lt;b&gt; &amp; c".to_owned())
        );
    }
}
