//! `chime-emulator`: parses the command line, opens the store, applies the seed and says what it
//! serves. (The HTTP server is attached when the generated `server` feature lands.)

use std::process::ExitCode;

use clap::Parser;

use chime_emulator::config::Config;
use chime_emulator::ops::OPERATIONS;

fn main() -> ExitCode {
    let config = Config::parse();
    let prepared = match config.prepare() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("chime-emulator: {e}");
            return ExitCode::from(2);
        }
    };
    let store = match prepared.emulator.store.path() {
        Some(p) => p.display().to_string(),
        None => "in memory".to_owned(),
    };
    println!("chime-emulator would serve {} operations", OPERATIONS.len());
    println!("  endpoint:     {}", config.endpoint_url());
    println!("  state:        {store}");
    println!(
        "  account type: {} (CreateAccount)",
        config.account_type.as_str()
    );
    match &prepared.keys {
        None => println!("  auth:         off (--no-auth)"),
        Some(k) if k.is_empty() => println!(
            "  auth:         SigV4, but no keys (set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or --credentials-file)"
        ),
        Some(k) => println!(
            "  auth:         SigV4 with access keys {}",
            k.access_key_ids().collect::<Vec<_>>().join(", ")
        ),
    }
    if let Some(report) = &prepared.seed_report {
        println!(
            "  seed:         {} accounts created, {} already there",
            report.created.len(),
            report.skipped.len()
        );
    }
    if config.fail_rate > 0.0 {
        println!(
            "  faults:       {} of requests answer 503/429",
            config.fail_rate
        );
    }
    if let Some(l) = config.latency {
        println!("  latency:      {l:?} per answer");
    }
    println!("  max body:     {} bytes", config.max_body_bytes);
    println!(
        "use: aws chime list-accounts --endpoint-url {}",
        config.endpoint_url()
    );
    ExitCode::SUCCESS
}
