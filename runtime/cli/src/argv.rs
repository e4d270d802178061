//! The command line in the AWS CLI's grammar:
//! `PROGRAM [global options] COMMAND [parameters and global options] [help]`.
//!
//! Options are `--name value` or `--name=value`; a list parameter takes
//! every value up to the next `--option`; a boolean parameter is a flag
//! (`--x` / `--no-x`); global options may come before or after the command.

use crate::spec::{Kind, Operation, Service};

/// Options that apply to every command.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Globals {
    /// `--endpoint-url`.
    pub endpoint_url: Option<String>,
    /// `--region`.
    pub region: Option<String>,
    /// `--profile`.
    pub profile: Option<String>,
    /// `--output`.
    pub output: Option<String>,
    /// `--query`.
    pub query: Option<String>,
    /// `--color`.
    pub color: Option<String>,
    /// `--cli-connect-timeout`.
    pub connect_timeout: Option<String>,
    /// `--cli-read-timeout`.
    pub read_timeout: Option<String>,
    /// `--debug`.
    pub debug: bool,
    /// `--no-verify-ssl`.
    pub no_verify_ssl: bool,
    /// `--no-sign-request`.
    pub no_sign_request: bool,
    /// `--no-parameter-validation`: skip client-side validation.
    pub no_validation: bool,
    /// `--version`.
    pub version: bool,
    /// `--no-paginate`.
    pub no_paginate: bool,
}

/// What the command line asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommandLine {
    /// Global options.
    pub globals: Globals,
    /// The operation's command, if one was given.
    pub command: Option<String>,
    /// `help` or `--help` was given.
    pub help: bool,
    /// Operation parameters in order: member name and its values
    /// (`["true"]`/`["false"]` for boolean flags).
    pub params: Vec<(&'static str, Vec<String>)>,
    /// `--cli-input-json` value.
    pub input_json: Option<String>,
    /// `--cli-input-yaml` value.
    pub input_yaml: Option<String>,
    /// `--generate-cli-skeleton` value (`input` when given without one).
    pub skeleton: Option<String>,
    /// `--cli-auto-prompt` (`Some(true)`) or `--no-cli-auto-prompt`.
    pub auto_prompt: Option<bool>,
    /// `--starting-token`, `--page-size` and `--max-items` (operations
    /// that paginate only).
    pub paging: crate::paginate::Options,
    /// Options and values nobody takes, shown as `Unknown options: ...`.
    pub unknown: Vec<String>,
}

/// A command line that cannot be parsed; shown after the usage lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

const GLOBAL_FLAGS: &[&str] = &[
    "--debug",
    "--no-verify-ssl",
    "--no-sign-request",
    "--no-parameter-validation",
    "--no-paginate",
    "--no-cli-pager",
    "--version",
];

const GLOBAL_VALUES: &[&str] = &[
    "--endpoint-url",
    "--region",
    "--profile",
    "--output",
    "--query",
    "--color",
    "--cli-connect-timeout",
    "--cli-read-timeout",
    "--ca-bundle",
];

enum Arity {
    Flag(&'static str, bool),
    One(&'static str),
    Many(&'static str),
}

fn operation_option(op: &Operation, name: &str) -> Option<Arity> {
    for m in op.parameters() {
        if m.option == name {
            return Some(match m.target.kind {
                Kind::Boolean => Arity::Flag(m.name, true),
                Kind::List(_) => Arity::Many(m.name),
                _ => Arity::One(m.name),
            });
        }
        if matches!(m.target.kind, Kind::Boolean)
            && name.strip_prefix("--no-") == m.option.strip_prefix("--")
        {
            return Some(Arity::Flag(m.name, false));
        }
    }
    None
}

/// Parses `args` (without the program name).
pub fn parse(svc: &Service, args: &[String]) -> Result<CommandLine, UsageError> {
    let mut cl = CommandLine::default();
    let mut op: Option<&'static Operation> = None;
    let mut i = 0;
    let is_option = |s: &str| s.starts_with("--") && s.len() > 2;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        if !is_option(arg) {
            if cl.command.is_none() && arg != "help" {
                op = svc.operation(arg);
                cl.command = Some(arg.clone());
            } else if arg == "help" {
                cl.help = true;
            } else {
                cl.unknown.push(arg.clone());
            }
            continue;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n, Some(v.to_owned())),
            None => (arg.as_str(), None),
        };
        let one = |i: &mut usize| -> Result<String, UsageError> {
            if let Some(v) = &inline {
                return Ok(v.clone());
            }
            match args.get(*i) {
                Some(v) if !is_option(v) => {
                    *i += 1;
                    Ok(v.clone())
                }
                _ => Err(UsageError(format!(
                    "argument {name}: expected one argument"
                ))),
            }
        };
        if GLOBAL_FLAGS.contains(&name) {
            let g = &mut cl.globals;
            match name {
                "--debug" => g.debug = true,
                "--no-verify-ssl" => g.no_verify_ssl = true,
                "--no-sign-request" => g.no_sign_request = true,
                "--no-parameter-validation" => g.no_validation = true,
                "--version" => g.version = true,
                "--no-paginate" => g.no_paginate = true,
                _ => {}
            }
            continue;
        }
        if GLOBAL_VALUES.contains(&name) {
            let v = one(&mut i)?;
            let g = &mut cl.globals;
            let slot = match name {
                "--endpoint-url" => &mut g.endpoint_url,
                "--region" => &mut g.region,
                "--profile" => &mut g.profile,
                "--output" => &mut g.output,
                "--query" => &mut g.query,
                "--color" => &mut g.color,
                "--cli-connect-timeout" => &mut g.connect_timeout,
                "--cli-read-timeout" => &mut g.read_timeout,
                _ => continue,
            };
            *slot = Some(v);
            continue;
        }
        match name {
            "--help" => cl.help = true,
            "--cli-input-json" if op.is_some() => cl.input_json = Some(one(&mut i)?),
            "--cli-input-yaml" if op.is_some() => cl.input_yaml = Some(one(&mut i)?),
            "--starting-token" if op.is_some_and(|o| o.paginated.is_some()) => {
                cl.paging.starting_token = Some(one(&mut i)?);
            }
            "--max-items" if op.is_some_and(|o| o.paginated.is_some()) => {
                cl.paging.max_items = Some(one(&mut i)?);
            }
            "--page-size"
                if op.is_some_and(|o| o.paginated.is_some_and(|p| p.page_size.is_some())) =>
            {
                cl.paging.page_size = Some(one(&mut i)?);
            }
            "--cli-auto-prompt" => cl.auto_prompt = Some(true),
            "--no-cli-auto-prompt" => cl.auto_prompt = Some(false),
            "--generate-cli-skeleton" if op.is_some() => {
                let v = match (&inline, args.get(i)) {
                    (Some(v), _) => v.clone(),
                    (None, Some(v)) if !is_option(v) && v != "help" => {
                        i += 1;
                        v.clone()
                    }
                    _ => "input".to_owned(),
                };
                if !matches!(v.as_str(), "input" | "output" | "yaml-input") {
                    return Err(UsageError(
                        "argument --generate-cli-skeleton: Invalid choice, valid choices are:\n\ninput | output | yaml-input"
                            .to_owned(),
                    ));
                }
                cl.skeleton = Some(v);
            }
            _ => match op.and_then(|op| operation_option(op, name)) {
                Some(Arity::Flag(member, value)) => {
                    if inline.is_some() {
                        return Err(UsageError(format!(
                            "argument {name}: ignored explicit argument '{}'",
                            inline.unwrap_or_default()
                        )));
                    }
                    cl.params.push((member, vec![value.to_string()]));
                }
                Some(Arity::One(member)) => {
                    let v = one(&mut i)?;
                    cl.params.push((member, vec![v]));
                }
                Some(Arity::Many(member)) => {
                    let mut values: Vec<String> = inline.into_iter().collect();
                    if values.is_empty() {
                        while let Some(v) = args.get(i).filter(|v| !is_option(v)) {
                            values.push(v.clone());
                            i += 1;
                        }
                    }
                    if values.is_empty() {
                        return Err(UsageError(format!(
                            "argument {name}: expected at least one argument"
                        )));
                    }
                    cl.params.push((member, values));
                }
                None => {
                    cl.unknown.push(name.to_owned());
                    if let Some(v) = inline {
                        cl.unknown.push(v);
                    }
                    while let Some(v) = args.get(i).filter(|v| !is_option(v)) {
                        cl.unknown.push(v.clone());
                        i += 1;
                    }
                }
            },
        }
    }
    // A trailing `help` after the command is the help subcommand, even
    // where a list parameter would have taken it.
    if let Some((_, values)) = cl.params.last_mut() {
        if values.len() > 1 && values.last().is_some_and(|v| v == "help") {
            values.pop();
            cl.help = true;
        }
    }
    Ok(cl)
}
