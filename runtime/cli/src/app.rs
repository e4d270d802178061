//! One run of the program: command line to exit code.

use std::io::Write;

use serde_json::{Map, Value};

use crate::argv::{self, CommandLine};
use crate::check::{self, param_path};
use crate::format::{self, Output};
use crate::spec::{CallError, Operation, Service};
use crate::{call, help, paginate, params, prompt, skeleton};

/// Exit codes, as the AWS CLI v2 documents them.
pub mod code {
    /// Success.
    pub const OK: u8 = 0;
    /// Interrupted with Ctrl-C.
    pub const INTERRUPTED: u8 = 130;
    /// Invalid command line or parameter value (nothing was sent).
    pub const USAGE: u8 = 252;
    /// Invalid environment or configuration (credentials, region, profile).
    pub const CONFIG: u8 = 253;
    /// The service answered with an error.
    pub const SERVICE: u8 = 254;
    /// Anything else (connection failures, timeouts, unreadable responses).
    pub const OTHER: u8 = 255;
}

/// Why a run failed.
#[derive(Debug)]
pub enum Failure {
    /// A command line the grammar rejects: usage lines, then the message.
    Usage(String),
    /// A bad parameter value or failed validation (exit 252).
    Param(String),
    /// Configuration or environment (exit 253).
    Config(String),
    /// The service's error (exit 254).
    Service(String),
    /// Anything else (exit 255).
    Other(String),
    /// Ctrl-C (exit 130).
    Interrupted,
}

/// The process environment, injectable for tests.
pub trait Environment {
    /// An environment variable.
    fn var(&self, name: &str) -> Option<String>;
    /// A line of standard input (for `--cli-auto-prompt`); `None` at end of input.
    fn read_line(&self) -> Option<String>;
}

/// The real process environment.
pub struct ProcessEnv;

impl Environment for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }

    fn read_line(&self) -> Option<String> {
        use std::io::{BufRead, Read};
        let mut line = String::new();
        // A line is bounded like a file (stdin may be endless, /dev/zero).
        let mut stdin = std::io::stdin().lock().take(crate::limits::MAX_FILE_BYTES);
        match stdin.read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line.trim_end_matches(['\n', '\r']).to_owned()),
        }
    }
}

/// Runs `args` (without the program name); writes to `out` and `err` and
/// returns the exit code.
pub fn execute(
    svc: &'static Service,
    examples: &[(&str, &str)],
    args: &[String],
    env: &dyn Environment,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    match run(svc, examples, args, env, out, err) {
        Ok(()) => code::OK,
        Err(failure) => report(svc, failure, err),
    }
}

fn report(svc: &Service, failure: Failure, err: &mut dyn Write) -> u8 {
    let p = svc.program;
    let (code, text) = match failure {
        Failure::Usage(message) => (
            code::USAGE,
            format!(
                "usage: {p} [options] <command> [parameters]\nTo see help text, you can run:\n\n  {p} help\n  {p} <command> help\n\n{p}: error: {message}\n"
            ),
        ),
        Failure::Param(m) => (code::USAGE, format!("\n{m}\n")),
        Failure::Config(m) => (code::CONFIG, format!("\n{m}\n")),
        Failure::Service(m) => (code::SERVICE, format!("\n{m}\n")),
        Failure::Other(m) => (code::OTHER, format!("\n{m}\n")),
        Failure::Interrupted => (code::INTERRUPTED, "\n".to_owned()),
    };
    // Messages carry the service's error codes and messages: no control
    // character but newline and tab reaches the terminal.
    let text = crate::format::terminal_safe(&text);
    let _ = err.write_all(text.as_bytes());
    code
}

fn run(
    svc: &'static Service,
    examples: &[(&str, &str)],
    args: &[String],
    env: &dyn Environment,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let cl = argv::parse(svc, args).map_err(|e| Failure::Usage(e.0))?;
    let print = |out: &mut dyn Write, text: &str| {
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
    };
    if cl.globals.version {
        print(
            out,
            &format!(
                "{}-cli/{} smithy-cli-rt\n",
                svc.program,
                env!("CARGO_PKG_VERSION")
            ),
        );
        return Ok(());
    }
    let Some(command) = cl.command.as_deref() else {
        if cl.help {
            print(out, &help::service(svc));
            return Ok(());
        }
        return Err(Failure::Usage(
            "the following arguments are required: command".into(),
        ));
    };
    let Some(op) = svc.operation(command) else {
        let names: Vec<&str> = svc.operations.iter().map(|o| o.command).collect();
        return Err(Failure::Usage(format!(
            "argument operation: Invalid choice, valid choices are:\n\n{}",
            names.join(" | ")
        )));
    };
    if cl.help {
        let ex = examples
            .iter()
            .find(|(c, _)| *c == op.command)
            .map(|(_, t)| *t);
        print(out, &help::operation(svc, op, ex));
        return Ok(());
    }
    if !cl.unknown.is_empty() {
        return Err(Failure::Usage(format!(
            "Unknown options: {}",
            cl.unknown.join(", ")
        )));
    }
    let settings = Settings::from(&cl)?;
    match cl.skeleton.as_deref() {
        Some("input") => {
            print(out, &skeleton::input_json(op.input));
            return Ok(());
        }
        Some("yaml-input") => {
            print(out, &skeleton::input_yaml(op.input));
            return Ok(());
        }
        _ => {}
    }
    let paging = paginate::settings(
        op,
        &cl.paging,
        cl.globals.no_paginate,
        &cl.params,
        &mut |warning| {
            let _ = err.write_all(warning.as_bytes());
        },
    )?;
    let input = document(op, &cl, env, err)?;
    if !cl.globals.no_validation {
        let mut first = input.clone();
        if let Some(p) = &paging {
            paginate::prepare(p, &mut first);
        }
        (op.check)(&first).map_err(|e| call_failure(op, e))?;
    }
    if cl.skeleton.as_deref() == Some("output") {
        let sample = skeleton::sample(op.output, true);
        print(out, &settings.render(op, sample)?);
        return Ok(());
    }
    if cl.globals.debug {
        let line = format!(
            "DEBUG - {} {}\nDEBUG - input document: {input}\n",
            svc.program,
            args.join(" ")
        );
        let _ = err.write_all(crate::format::terminal_safe(&line).as_bytes());
    }
    let Some(paging) = paging else {
        let output = call::invoke(svc, op, &cl.globals, input, env)?;
        print(out, &settings.render(op, output)?);
        return Ok(());
    };
    let items = paging.paginated.items;
    if settings.output == Output::Text {
        // As the AWS CLI's text output: each page as it arrives (the first
        // with nothing but its items), then the resume token.
        let mut failed = None;
        let resume = call::invoke_pages(svc, op, &cl.globals, input, env, &paging, &mut |page| {
            if failed.is_some() {
                return;
            }
            match settings.render(op, paginate::text_page(items, &page)) {
                Ok(text) => print(out, &text),
                Err(e) => failed = Some(e),
            }
        })?;
        if let Some(e) = failed {
            return Err(e);
        }
        if let Some(token) = resume {
            print(out, &settings.render(op, paginate::text_resume(&token))?);
        }
        return Ok(());
    }
    let mut pages = Vec::new();
    let resume = call::invoke_pages(svc, op, &cl.globals, input, env, &paging, &mut |page| {
        pages.push(page)
    })?;
    let merged = paginate::merge(items, &pages, resume.as_deref());
    print(out, &settings.render(op, merged)?);
    Ok(())
}

/// How the output is shown.
struct Settings {
    output: Output,
    query: Option<jmespath::Expression<'static>>,
    color: bool,
}

impl Settings {
    fn from(cl: &CommandLine) -> Result<Self, Failure> {
        let g = &cl.globals;
        let output = match g.output.as_deref() {
            None => Output::Json,
            Some(o) => Output::parse(o).ok_or_else(|| {
                Failure::Usage(format!(
                    "argument --output: Invalid choice: '{o}', valid choices are:\n\njson | text | table | yaml"
                ))
            })?,
        };
        let color = match g.color.as_deref() {
            None | Some("auto") | Some("off") => false,
            Some("on") => true,
            Some(c) => {
                return Err(Failure::Usage(format!(
                    "argument --color: Invalid choice: '{c}', valid choices are:\n\non | off | auto"
                )))
            }
        };
        let query = match g.query.as_deref() {
            None => None,
            Some(q) => {
                // The JMESPath parser recurses once per level: refuse deep
                // expressions before it sees them.
                if let Some(at) = crate::limits::query_too_deep(q) {
                    return Err(Failure::Param(format!(
                        "Bad value for --query {q}: {} (at character {})",
                        crate::limits::too_deep_message(),
                        at + 1
                    )));
                }
                Some(
                    jmespath::compile(q)
                        .map_err(|e| Failure::Param(format!("Bad value for --query {q}: {e}")))?,
                )
            }
        };
        Ok(Self {
            output,
            query,
            color,
        })
    }

    fn render(&self, op: &Operation, value: Value) -> Result<String, Failure> {
        let (value, shape) = match &self.query {
            None => (value, Some(op.output)),
            Some(q) => {
                let result = q
                    .search(&value)
                    .map_err(|e| Failure::Other(format!("Bad value for --query: {e}")))?;
                let value = serde_json::to_value(&*result)
                    .map_err(|e| Failure::Other(format!("Bad value for --query: {e}")))?;
                (value, None)
            }
        };
        Ok(format::render(
            &value,
            shape,
            self.output,
            op.name,
            self.color,
        ))
    }
}

/// The input document: `--cli-input-json`/`yaml`, overridden by the
/// parameters given on the command line (and prompted for), checked.
fn document(
    op: &Operation,
    cl: &CommandLine,
    env: &dyn Environment,
    err: &mut dyn Write,
) -> Result<Value, Failure> {
    let param = |e: params::ParamError| Failure::Param(e.to_string());
    let base = match (&cl.input_json, &cl.input_yaml) {
        (Some(_), Some(_)) => {
            return Err(Failure::Param(
                "Only one of --cli-input-json and --cli-input-yaml may be given.".into(),
            ))
        }
        (Some(j), None) => Some(params::input_json(j).map_err(param)?),
        (None, Some(y)) => Some(params::input_yaml(y).map_err(param)?),
        (None, None) => None,
    };
    let mut given: Vec<(&'static str, Vec<String>)> = cl.params.clone();
    if cl.auto_prompt == Some(true) {
        prompt::missing(op, &mut given, base.as_ref(), env, err);
    }
    if base.is_none() {
        let missing: Vec<&str> = op
            .parameters()
            .iter()
            .filter(|m| m.required && !given.iter().any(|(n, _)| *n == m.name))
            .map(|m| m.option)
            .collect();
        if !missing.is_empty() {
            return Err(Failure::Usage(format!(
                "the following arguments are required: {}",
                missing.join(", ")
            )));
        }
    }
    let mut overrides = Map::new();
    for (name, values) in &given {
        let Some(member) = op.parameters().iter().find(|m| m.name == *name) else {
            continue;
        };
        overrides.insert(
            member.name.to_owned(),
            params::unpack(member, values).map_err(param)?,
        );
    }
    let mut doc = Value::Object(check::merge(base.unwrap_or_default(), overrides));
    let problems = check::check(op.input, &mut doc);
    if !problems.is_empty() {
        let lines: Vec<String> = problems.into_iter().map(|p| p.message).collect();
        return Err(Failure::Param(format!(
            "Parameter validation failed:\n{}",
            lines.join("\n")
        )));
    }
    Ok(doc)
}

/// The message of a failed call, with pointers shown as parameter paths.
pub fn call_failure(op: &Operation, e: CallError) -> Failure {
    let show = |pointer: &str, message: &str| {
        if pointer.is_empty() {
            return message.to_owned();
        }
        message.replace(
            &format!("'{pointer}'"),
            &format!("'{}'", param_path(op.input, pointer)),
        )
    };
    match e {
        CallError::Document(d) => Failure::Param(format!(
            "Parameter validation failed:\nInvalid value for parameter {}: {}",
            param_path(op.input, d.path()),
            d.message()
        )),
        CallError::Validation(v) => {
            let lines: Vec<String> = v
                .violations()
                .iter()
                .map(|x| show(&x.path, &x.message))
                .collect();
            Failure::Param(format!(
                "Parameter validation failed:\n{}",
                lines.join("\n")
            ))
        }
        CallError::Build(b) => {
            let config = b.problems().iter().all(|p| p.path.is_empty());
            let lines: Vec<String> = b
                .problems()
                .iter()
                .map(|p| {
                    if p.path.is_empty() {
                        p.message.clone()
                    } else {
                        format!(
                            "Invalid value for parameter {}: {}",
                            param_path(op.input, &p.path),
                            p.message
                        )
                    }
                })
                .collect();
            if config {
                Failure::Config(lines.join("\n"))
            } else {
                Failure::Param(format!(
                    "Parameter validation failed:\n{}",
                    lines.join("\n")
                ))
            }
        }
        CallError::Service { code, message, .. } => Failure::Service(format!(
            "An error occurred ({}) when calling the {} operation: {}",
            code.as_deref().unwrap_or("Unknown"),
            op.name,
            message.as_deref().unwrap_or("Unknown")
        )),
        CallError::Timeout(t) => Failure::Other(format!("Timeout on the endpoint: {t}")),
        CallError::Dispatch(d) => Failure::Other(format!("Could not connect to the endpoint: {d}")),
        CallError::Response(r) => Failure::Other(format!("Could not read the response: {r}")),
    }
}
