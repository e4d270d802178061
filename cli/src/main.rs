//! `chime`: the Amazon Chime command line. Every subcommand, option and help
//! page comes from the generated `chime::cli` description of the model; the
//! runtime (`smithy-cli-rt`) does the rest.

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

fn main() -> std::process::ExitCode {
    smithy_cli_rt::run(&chime::cli::SERVICE, EXAMPLES)
}
