//! `help` and `--help`: the service's command list and each operation's
//! page, laid out like the AWS CLI's (NAME, DESCRIPTION, SYNOPSIS, OPTIONS
//! with the shorthand and JSON syntax of each parameter, EXAMPLES, OUTPUT),
//! all from the model's documentation.

use crate::spec::{Kind, Member, Operation, Service, Shape};

const WIDTH: usize = 79;

/// The global options, with their help.
pub const GLOBAL_OPTIONS: &[(&str, &str)] = &[
    ("--debug (boolean)", "Turn on debug logging: the request and the response on standard error, signature and secrets redacted."),
    ("--endpoint-url (string)", "Override the command's default URL with the given URL."),
    ("--no-verify-ssl (boolean)", "Do not verify TLS certificates (for test endpoints only)."),
    ("--no-sign-request (boolean)", "Do not sign requests. Credentials will not be loaded."),
    ("--no-parameter-validation (boolean)", "Do not check parameter values against the model's constraints before sending; the service is the only judge."),
    ("--no-paginate (boolean)", "Disable automatic pagination. If automatic pagination is disabled, the CLI will only make one call, for the first page of results."),
    ("--output (string)", "The formatting style for command output: json (default), yaml, text, table."),
    ("--query (string)", "A JMESPath query to use in filtering the response data."),
    ("--profile (string)", "Use a specific profile from your credential file."),
    ("--region (string)", "The region to use. Overrides config/env settings."),
    ("--color (string)", "Turn on/off color output: on, off, auto (default)."),
    ("--cli-connect-timeout (int)", "The maximum socket connect time in seconds, from 0 to 31536000. If the value is set to 0, the socket connect will be blocking and not timeout. The default value is 3.1 seconds."),
    ("--cli-read-timeout (int)", "The maximum time in seconds one attempt may take to send the request and read the response, from 0 to 31536000; the whole call, retries included, may take the larger of 90 seconds and four times this value. If the value is set to 0, neither limit applies. The default value is 30 seconds."),
    ("--version (boolean)", "Display the version of this tool."),
];

/// The first paragraph of Markdown documentation as one line of plain text.
pub fn first_paragraph(md: &str) -> String {
    paragraphs(md).into_iter().next().unwrap_or_default()
}

/// Markdown documentation as paragraphs of plain text.
pub fn paragraphs(md: &str) -> Vec<String> {
    md.split("\n\n")
        .map(|p| plain(&p.split_whitespace().collect::<Vec<_>>().join(" ")))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Drops Markdown emphasis and code marks and keeps the text of links.
fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '*' | '`' => {}
            '[' => {
                // [text](url) -> text
                let close = chars[i..].iter().position(|&c| c == ']').map(|p| p + i);
                if let Some(close) = close {
                    if chars.get(close + 1) == Some(&'(') {
                        if let Some(end) = chars[close..].iter().position(|&c| c == ')') {
                            out.extend(&chars[i + 1..close]);
                            i = close + end + 1;
                            continue;
                        }
                    }
                }
                out.push(c);
            }
            '\\' if i + 1 < chars.len() => {
                out.push(chars[i + 1]);
                i += 1;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Wraps `text` at word boundaries to lines indented by `indent`.
fn wrap(text: &str, indent: usize, out: &mut String) {
    let room = WIDTH.saturating_sub(indent).max(20);
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > room {
            out.push_str(&" ".repeat(indent));
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&" ".repeat(indent));
        out.push_str(&line);
        out.push('\n');
    }
}

fn docs_block(md: &str, indent: usize, out: &mut String) {
    for p in paragraphs(md) {
        wrap(&p, indent, out);
        out.push('\n');
    }
}

/// `chime help`: the service description, global options and commands.
pub fn service(svc: &Service) -> String {
    let mut out = String::new();
    out.push_str(&format!("NAME\n       {}\n\nDESCRIPTION\n", svc.program));
    docs_block(svc.docs, 7, &mut out);
    out.push_str(&format!(
        "SYNOPSIS\n          {} [options] <command> [parameters]\n\n       Use {} <command> help for information on a specific command.\n\nOPTIONS\n",
        svc.program, svc.program
    ));
    for (name, text) in GLOBAL_OPTIONS {
        out.push_str(&format!("       {name}\n\n"));
        wrap(text, 7, &mut out);
        out.push('\n');
    }
    out.push_str("AVAILABLE COMMANDS\n");
    for op in svc.operations {
        out.push_str(&format!("       o {}\n\n", op.command));
    }
    out
}

/// `chime <command> help`.
pub fn operation(svc: &Service, op: &Operation, examples: Option<&str>) -> String {
    let mut out = String::new();
    out.push_str(&format!("NAME\n       {} -\n\nDESCRIPTION\n", op.command));
    if op.deprecated {
        out.push_str("       [DEPRECATED]\n\n");
    }
    docs_block(op.docs, 7, &mut out);
    if let Some(p) = op.paginated {
        let mut text = format!(
            "``{}`` is a paginated operation. Multiple API calls may be issued in order to \
             retrieve the entire data set of results. You can disable pagination by providing \
             the ``--no-paginate`` argument. When using ``--output text`` and the ``--query`` \
             argument on a paginated response, the ``--query`` argument must extract data from \
             the results of the following query expressions: ``{}``",
            op.command, p.items
        );
        text = text.replace("``", "");
        wrap(&text, 7, &mut out);
        out.push('\n');
    }
    out.push_str(&format!(
        "       See '{} help' for descriptions of global parameters.\n\nSYNOPSIS\n            {}\n",
        svc.program, op.command
    ));
    for m in visible_parameters(op) {
        let value = if matches!(m.target.kind, Kind::Boolean) {
            String::new()
        } else {
            " <value>".to_owned()
        };
        let usage = if matches!(m.target.kind, Kind::Boolean) {
            format!("{} | --no-{}", m.option, &m.option[2..])
        } else {
            format!("{}{value}", m.option)
        };
        if m.required {
            out.push_str(&format!("          {usage}\n"));
        } else {
            out.push_str(&format!("          [{usage}]\n"));
        }
    }
    let paging = paging_options(op);
    for (name, _, _) in &paging {
        out.push_str(&format!("          [{name} <value>]\n"));
    }
    out.push_str("          [--cli-input-json | --cli-input-yaml]\n          [--generate-cli-skeleton <value>]\n          [--cli-auto-prompt <value>]\n\nOPTIONS\n");
    for m in visible_parameters(op) {
        option(m, &mut out);
    }
    for (name, kind, text) in &paging {
        out.push_str(&format!("       {name} ({kind})\n\n"));
        for paragraph in text.split("\n\n") {
            wrap(paragraph, 10, &mut out);
            out.push('\n');
        }
    }
    out.push_str(CLI_INPUT_HELP);
    out.push_str("       See '");
    out.push_str(svc.program);
    out.push_str(" help' for descriptions of global parameters.\n\n");
    if let Some(ex) = examples {
        out.push_str("EXAMPLES\n");
        for line in ex.trim_end().lines() {
            if line.is_empty() {
                out.push('\n');
            } else {
                out.push_str("       ");
                out.push_str(line);
                out.push('\n');
            }
        }
        out.push('\n');
    }
    out.push_str("OUTPUT\n");
    if op.output.members().is_empty() {
        out.push_str("       None\n");
    }
    for m in op.output.members() {
        member_tree(m, 7, &mut Vec::new(), &mut out);
    }
    out
}

/// The parameters a help page shows: for an operation that paginates, all
/// but the service's token and page size members (still accepted, as in
/// the AWS CLI, where they turn pagination off).
fn visible_parameters(op: &Operation) -> impl Iterator<Item = &'static Member> + '_ {
    op.parameters().iter().filter(move |m| match op.paginated {
        Some(p) => m.name != p.input_token && Some(m.name) != p.page_size,
        None => true,
    })
}

const STARTING_TOKEN_HELP: &str = "A token to specify where to start paginating. This is the \
    NextToken from a previously truncated response.\n\nFor usage examples, see Pagination in \
    the AWS Command Line Interface User Guide.";

const PAGE_SIZE_HELP: &str = "The size of each page to get in the AWS service call. This does \
    not affect the number of items returned in the command's output. Setting a smaller page \
    size results in more calls to the AWS service, retrieving fewer items in each call. This \
    can help prevent the AWS service calls from timing out.\n\nFor usage examples, see \
    Pagination in the AWS Command Line Interface User Guide.";

const MAX_ITEMS_HELP: &str = "The total number of items to return in the command's output. If \
    the total number of items available is more than the value specified, a NextToken is \
    provided in the command's output. To resume pagination, provide the NextToken value in the \
    starting-token argument of a subsequent command. Do not use the NextToken response element \
    directly outside of the AWS CLI.\n\nFor usage examples, see Pagination in the AWS Command \
    Line Interface User Guide.";

/// The AWS CLI's pagination options of `op`: name, type and help.
fn paging_options(op: &Operation) -> Vec<(&'static str, &'static str, &'static str)> {
    let Some(p) = op.paginated else {
        return Vec::new();
    };
    let limit_type = p
        .page_size
        .and_then(|name| op.parameters().iter().find(|m| m.name == name))
        .map_or("integer", |m| m.target.type_name());
    let mut options = vec![("--starting-token", "string", STARTING_TOKEN_HELP)];
    if p.page_size.is_some() {
        options.push(("--page-size", limit_type, PAGE_SIZE_HELP));
    }
    options.push(("--max-items", limit_type, MAX_ITEMS_HELP));
    options
}

const CLI_INPUT_HELP: &str =
    "       --cli-input-json | --cli-input-yaml (string) Reads arguments from the
       JSON string provided. The JSON string follows the format provided by
       --generate-cli-skeleton. If other arguments are provided on the command
       line, those values will override the JSON-provided values. It is not
       possible to pass arbitrary binary values using a JSON-provided value as
       the string will be taken literally. This may not be specified along
       with --cli-input-yaml.

       --generate-cli-skeleton (string) Prints a JSON skeleton to standard
       output without sending an API request. If provided with no value or
       the value input, prints a sample input JSON that can be used as an
       argument for --cli-input-json. Similarly, if provided yaml-input it
       will print a sample input YAML that can be used with --cli-input-yaml.
       If provided with the value output, it validates the command inputs and
       returns a sample output JSON for that command.

       --cli-auto-prompt (boolean) Automatically prompt for CLI input
       parameters.

";

fn option(m: &Member, out: &mut String) {
    out.push_str(&format!(
        "       {} ({})\n\n",
        m.option,
        m.target.type_name()
    ));
    docs_block(m.docs, 10, out);
    nested(m.target, 10, &mut Vec::new(), out);
    if let Kind::Enum(values) = m.target.kind {
        out.push_str("          Possible values:\n\n");
        for v in values {
            out.push_str(&format!("          o {v}\n\n"));
        }
    }
    if !m.target.is_scalar() {
        if let Some(example) = shorthand_example(m.target) {
            out.push_str("       Shorthand Syntax:\n\n");
            out.push_str(&format!("          {example}\n\n"));
        }
        out.push_str("       JSON Syntax:\n\n");
        let mut json = String::new();
        json_example(m.target, 0, &mut Vec::new(), &mut json);
        for line in json.lines() {
            out.push_str("          ");
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
}

/// The members below an aggregate shape, as the AWS CLI lists them.
fn nested(shape: &'static Shape, indent: usize, stack: &mut Vec<*const Shape>, out: &mut String) {
    if stack.contains(&(shape as *const Shape)) {
        return;
    }
    stack.push(shape);
    match &shape.kind {
        Kind::List(m) if !m.target.is_scalar() => {
            out.push_str(&format!(
                "{}({})\n\n",
                " ".repeat(indent),
                m.target.type_name()
            ));
            docs_block(m.target.docs, indent + 3, out);
            nested(m.target, indent + 3, stack, out);
        }
        Kind::Structure(members) | Kind::Union(members) => {
            for m in members.iter() {
                member_tree(m, indent, stack, out);
            }
        }
        Kind::Map(k, v) => {
            out.push_str(&format!(
                "{}key -> ({})\n\n",
                " ".repeat(indent),
                k.target.type_name()
            ));
            out.push_str(&format!(
                "{}value -> ({})\n\n",
                " ".repeat(indent),
                v.target.type_name()
            ));
            nested(v.target, indent + 3, stack, out);
        }
        _ => {}
    }
    stack.pop();
}

fn member_tree(m: &Member, indent: usize, stack: &mut Vec<*const Shape>, out: &mut String) {
    out.push_str(&format!(
        "{}{} -> ({})\n\n",
        " ".repeat(indent),
        m.name,
        m.target.type_name()
    ));
    docs_block(m.docs, indent + 3, out);
    nested(m.target, indent + 3, stack, out);
}

/// The shorthand sample of an option, e.g. `MemberId=string,Role=string ...`.
pub fn shorthand_example(shape: &'static Shape) -> Option<String> {
    match &shape.kind {
        Kind::List(m) => match &m.target.kind {
            Kind::Structure(_) | Kind::Union(_) | Kind::Map(..) => {
                Some(format!("{} ...", shorthand_value(m.target, 0)?))
            }
            _ => None,
        },
        Kind::Structure(_) | Kind::Union(_) | Kind::Map(..) => shorthand_value(shape, 0),
        _ => None,
    }
}

fn shorthand_value(shape: &'static Shape, depth: usize) -> Option<String> {
    if depth > 3 {
        return None;
    }
    Some(match &shape.kind {
        Kind::Structure(members) | Kind::Union(members) => {
            let parts = members
                .iter()
                .map(|m| {
                    let v = match &m.target.kind {
                        Kind::Structure(_) | Kind::Union(_) | Kind::Map(..) => {
                            format!("{{{}}}", shorthand_value(m.target, depth + 1)?)
                        }
                        Kind::List(item) if !item.target.is_scalar() => {
                            let one = shorthand_value(item.target, depth + 1)?;
                            format!("[{{{one}}},{{{one}}}]")
                        }
                        Kind::List(item) => {
                            let t = item.target.type_name();
                            format!("{t},{t}")
                        }
                        _ => m.target.type_name().to_owned(),
                    };
                    Some(format!("{}={v}", m.name))
                })
                .collect::<Option<Vec<_>>>()?;
            parts.join(",")
        }
        Kind::Map(_, v) if v.target.is_scalar() => {
            let t = v.target.type_name();
            format!("KeyName1={t},KeyName2={t}")
        }
        _ => return None,
    })
}

/// The JSON sample of an option: types as strings, enums as alternatives.
fn json_example(
    shape: &'static Shape,
    indent: usize,
    stack: &mut Vec<*const Shape>,
    out: &mut String,
) {
    let pad = |n: usize| " ".repeat(n);
    match &shape.kind {
        Kind::Structure(members) | Kind::Union(members) => {
            if stack.contains(&(shape as *const Shape)) {
                out.push_str("{ ... recursive ... }");
                return;
            }
            stack.push(shape);
            out.push_str("{\n");
            for (i, m) in members.iter().enumerate() {
                out.push_str(&format!("{}\"{}\": ", pad(indent + 2), m.name));
                json_example(m.target, indent + 2, stack, out);
                if i + 1 < members.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            out.push_str(&format!("{}}}", pad(indent)));
            stack.pop();
        }
        Kind::List(m) => {
            out.push_str(&format!("[\n{}", pad(indent + 2)));
            json_example(m.target, indent + 2, stack, out);
            out.push_str(&format!("\n{}...\n{}]", pad(indent + 2), pad(indent)));
        }
        Kind::Map(k, v) => {
            out.push_str(&format!("{{\"{}\": ", k.target.type_name()));
            json_example(v.target, indent + 2, stack, out);
            out.push_str(&format!("\n{}...\n{}}}", pad(indent + 2), pad(indent)));
        }
        Kind::Enum(values) => {
            let alts: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
            out.push_str(&alts.join("|"));
        }
        Kind::Boolean => out.push_str("true|false"),
        Kind::Byte | Kind::Short | Kind::Integer | Kind::Long | Kind::IntEnum(_) => {
            out.push_str("integer")
        }
        Kind::Float | Kind::Double | Kind::BigDecimal | Kind::BigInteger => out.push_str("double"),
        Kind::Timestamp => out.push_str("timestamp"),
        Kind::Document => out.push_str("{...}"),
        Kind::String | Kind::Blob => out.push_str(&format!("\"{}\"", shape.type_name())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_to_text() {
        assert_eq!(
            paragraphs("Adds *up to* 50 [members](http://x).\n\nSecond `p`."),
            ["Adds up to 50 members.", "Second p."]
        );
        let mut out = String::new();
        wrap(&"word ".repeat(30), 7, &mut out);
        assert!(out
            .lines()
            .all(|l| l.len() <= WIDTH && l.starts_with("       word")));
    }
}
