//! smithy-cli-rt: the hand-written runtime of command-line tools generated
//! from Smithy models, compatible with the AWS CLI.
//!
//! A generated crate (feature `cli`) describes its service as a static
//! [`spec::Service`]: every operation, its input and output shapes, and (by
//! implementing [`spec::Command`]) the JSON reader of its input and writer
//! of its output, with which [`spec::call`] runs it with a JSON document as
//! input. Everything else is the same for every operation and lives here:
//!
//! * [`argv`]: the AWS CLI's grammar (a list parameter takes every value up
//!   to the next `--option`, boolean flags, global options anywhere);
//! * [`shorthand`] and [`params`]: the shorthand syntax, JSON values,
//!   `file://` and `fileb://`, `--cli-input-json` and `--cli-input-yaml`;
//! * [`check`]: required members, unknown keys and types before sending,
//!   JSON pointers shown as parameter paths (`--membership-item-list[3].MemberId`);
//! * [`skeleton`]: `--generate-cli-skeleton input|yaml-input|output`;
//! * [`format`], [`text`], [`table`], [`yaml`]: the `json`, `text`,
//!   `table` and `yaml` outputs and `--query`;
//! * [`paginate`]: the AWS CLI v1's pagination of `@paginated` operations
//!   (`--starting-token`, `--page-size`, `--max-items`, `--no-paginate`);
//! * [`help`]: `help` pages from the model's documentation;
//! * [`limits`]: the bounds on what is read (nesting depth, file size,
//!   YAML aliases);
//! * [`app`]: the run itself, error messages and exit codes (0, 252, 253,
//!   254, 255, 130 on Ctrl-C).
#![deny(missing_docs)]

pub mod app;
pub mod argv;
mod call;
pub mod check;
pub mod debug;
pub mod document;
pub mod format;
pub mod help;
pub mod limits;
pub mod paginate;
pub mod params;
mod prompt;
pub mod shorthand;
pub mod skeleton;
pub mod spec;
pub mod table;
pub mod text;
pub mod yaml;

use std::process::ExitCode;

/// Runs the program for `service` with the process's arguments and
/// environment; `examples` pairs commands with the example text their help
/// pages show.
pub fn run(service: &'static spec::Service, examples: &[(&str, &str)]) -> ExitCode {
    let args: Result<Vec<String>, _> = std::env::args_os()
        .skip(1)
        .map(|a| a.into_string())
        .collect();
    let Ok(args) = args else {
        eprintln!("\nArguments must be valid UTF-8.");
        return ExitCode::from(app::code::USAGE);
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut err = std::io::stderr();
    let code = app::execute(
        service,
        examples,
        &args,
        &app::ProcessEnv,
        &mut out,
        &mut err,
    );
    ExitCode::from(code)
}
