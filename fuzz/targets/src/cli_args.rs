//! `cli_args`: the `chime` command line's whole argument path
//! (`smithy_cli_rt::app::execute`: grammar, parameters, shorthand and JSON
//! values, input documents, checks, skeletons, help, pagination options,
//! the call and its failure) on argument vectors from the fuzzer's bytes.

use smithy_cli_rt::app::{code, execute, Environment};

/// Words after the fuzzer's: every call goes to a port where nothing
/// listens, gives up connecting quickly and is not retried. They come last
/// so that they win over the fuzzer's own `--endpoint-url` and timeouts.
const FIXED: &[&str] = &[
    "--endpoint-url",
    "http://127.0.0.1:9",
    "--cli-connect-timeout",
    "1",
    "--cli-read-timeout",
    "2",
];

/// At most this many words are taken from the input.
const MAX_WORDS: usize = 64;

/// Fake credentials and region (nothing is sent anywhere that answers),
/// one attempt per call, no home directory (no shared config files), no
/// standard input.
struct FakeEnv;

impl Environment for FakeEnv {
    fn var(&self, name: &str) -> Option<String> {
        let v = match name {
            "AWS_ACCESS_KEY_ID" => "AKIDEXAMPLE",
            "AWS_SECRET_ACCESS_KEY" => "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "AWS_REGION" => "us-east-1",
            "AWS_MAX_ATTEMPTS" => "1",
            _ => return None,
        };
        Some(v.to_owned())
    }

    fn read_line(&self) -> Option<String> {
        None
    }
}

/// The exit codes the CLI documents (`smithy_cli_rt::app::code`).
const DOCUMENTED: &[u8] = &[
    code::OK,
    code::INTERRUPTED,
    code::USAGE,
    code::CONFIG,
    code::SERVICE,
    code::OTHER,
];

/// The input's lines are the arguments (lossy UTF-8), then [`FIXED`]. An
/// input naming a local file (`file://`, `fileb://`) is skipped: what the
/// machine's files hold is not the fuzzer's to vary. The run never panics
/// and exits with a documented code.
pub fn cli_args(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if text.contains("file://") || text.contains("fileb://") {
        return;
    }
    let mut args: Vec<String> = text
        .split('\n')
        .take(MAX_WORDS)
        .map(str::to_owned)
        .collect();
    args.extend(FIXED.iter().map(|w| (*w).to_owned()));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let exit = execute(
        &chime::cli::SERVICE,
        &[],
        &args,
        &FakeEnv,
        &mut out,
        &mut err,
    );
    assert!(
        DOCUMENTED.contains(&exit),
        "exit {exit} for {args:?}: {}",
        String::from_utf8_lossy(&err)
    );
}
