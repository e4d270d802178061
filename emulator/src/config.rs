//! The command line of `chime-emulator`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;

use crate::auth::Keys;
use crate::seed::{self, SeedReport};
use crate::store::Store;
use crate::{Emulator, Options};

/// The port the emulator listens on by default (on 127.0.0.1).
pub const DEFAULT_PORT: u16 = 5181;

/// The default address: `127.0.0.1:5181`.
pub const DEFAULT_ADDR: &str = "127.0.0.1:5181";

/// The default bound on a request body (1 MiB).
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// A local Amazon Chime emulator: every operation of the Chime API, with state in SQLite.
#[derive(Clone, Debug, Parser)]
#[command(name = "chime-emulator", version, about)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "CHIME_EMULATOR_ADDR", default_value = DEFAULT_ADDR)]
    pub listen: SocketAddr,
    /// Directory holding the database file (chime-emulator.sqlite3); created if needed.
    #[arg(
        long,
        default_value = "chime-emulator-data",
        conflicts_with = "in_memory"
    )]
    pub data_dir: PathBuf,
    /// Keep all state in memory (lost at exit), e.g. for tests.
    #[arg(long)]
    pub in_memory: bool,
    /// Preload accounts (of any type), users, bots, rooms and messages from this JSON or YAML file.
    #[arg(long, value_name = "FILE")]
    pub seed: Option<PathBuf>,
    /// The account type CreateAccount gives: Team, EnterpriseLWA, EnterpriseAD, EnterpriseOIDC.
    #[arg(long, default_value = "Team", value_parser = parse_account_type)]
    pub account_type: chime::types::AccountType,
    /// The AWS account id reported for every Chime account.
    #[arg(long, default_value = "123456789012")]
    pub aws_account_id: String,
    /// AWS-format credentials file whose keys (every profile) are accepted, in addition to
    /// AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.
    #[arg(long, value_name = "FILE")]
    pub credentials_file: Option<PathBuf>,
    /// Accept any request without checking its signature.
    #[arg(long)]
    pub no_auth: bool,
    /// Answer this fraction of requests (0 to 1) with a random 503 or 429, for clients' retry tests.
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    pub fail_rate: f64,
    /// Delay every answer by this long, e.g. 50ms, 1s, 250us.
    #[arg(long, value_parser = parse_duration)]
    pub latency: Option<Duration>,
    /// The largest request body accepted (bytes); larger requests are refused with 413.
    #[arg(long, default_value_t = DEFAULT_MAX_BODY_BYTES)]
    pub max_body_bytes: usize,
}

fn parse_account_type(s: &str) -> Result<chime::types::AccountType, String> {
    seed::account_type(s)
}

fn parse_rate(s: &str) -> Result<f64, String> {
    let rate: f64 = s
        .parse()
        .map_err(|_| format!("{s:?} is not a number between 0 and 1"))?;
    if (0.0..=1.0).contains(&rate) {
        Ok(rate)
    } else {
        Err(format!("{s} is not between 0 and 1"))
    }
}

/// Parses `50ms`, `1s`, `250us`, `2m` or a bare number of milliseconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("{s:?} is not a duration such as 50ms or 1s"))?;
    let secs = match unit.trim() {
        "" | "ms" => value / 1000.0,
        "us" | "µs" => value / 1_000_000.0,
        "s" => value,
        "m" => value * 60.0,
        other => return Err(format!("unknown unit {other:?} (us, ms, s, m)")),
    };
    Duration::try_from_secs_f64(secs).map_err(|e| format!("{s:?}: {e}"))
}

/// An answer chosen by fault injection instead of the real one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// 503 `ServiceUnavailableException`.
    Unavailable,
    /// 429 `ThrottledClientException`.
    Throttled,
}

/// Everything a server needs from the command line, ready to use.
#[derive(Debug)]
pub struct Prepared {
    /// The state, with the seed applied.
    pub emulator: Arc<Emulator>,
    /// The keys to verify signatures with, or `None` with `--no-auth`.
    pub keys: Option<Keys>,
    /// What the seed did, if one was given.
    pub seed_report: Option<SeedReport>,
}

impl Config {
    /// The endpoint URL clients should use.
    pub fn endpoint_url(&self) -> String {
        format!("http://{}", self.listen)
    }

    /// Decides whether to inject a fault into the next answer (`--fail-rate`), half 503 and
    /// half 429.
    pub fn pick_fault(&self) -> Option<Fault> {
        if self.fail_rate > 0.0 && fastrand::f64() < self.fail_rate {
            Some(if fastrand::bool() {
                Fault::Unavailable
            } else {
                Fault::Throttled
            })
        } else {
            None
        }
    }

    /// Opens the store, applies the seed and loads the keys.
    pub fn prepare(&self) -> Result<Prepared, String> {
        let store = if self.in_memory {
            Store::open_in_memory()
        } else {
            Store::open_dir(&self.data_dir)
        }
        .map_err(|e| e.to_string())?;
        let options = Options {
            account_type: self.account_type.clone(),
            principal: format!("arn:aws:iam::{}:root", self.aws_account_id),
            aws_account_id: self.aws_account_id.clone(),
        };
        let emulator = Emulator::new(store, options);
        let seed_report = match &self.seed {
            Some(path) => {
                let seed = seed::load(path).map_err(|e| e.to_string())?;
                Some(seed::apply(&emulator, &seed).map_err(|e| e.to_string())?)
            }
            None => None,
        };
        let keys = if self.no_auth {
            None
        } else {
            let mut keys = Keys::from_env();
            if let Some(path) = &self.credentials_file {
                keys.extend(Keys::from_credentials_file(path).map_err(|e| e.to_string())?);
            }
            Some(keys)
        };
        Ok(Prepared {
            emulator: Arc::new(emulator),
            keys,
            seed_report,
        })
    }
}
