//! `chime-emulator`: a local Amazon Chime on 127.0.0.1. Parses the command
//! line, opens the store, applies the seed, prints the endpoint and serves
//! every operation until Ctrl-C, logging each request.

use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;

use chime_emulator::config::Config;
use chime_emulator::http::{serve, service, Front};
use chime_emulator::ops::OPERATIONS;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .with_target(false)
        .init();
    let config = Config::parse();
    let prepared = match config.prepare() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("chime-emulator: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("chime-emulator: cannot start the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    runtime.block_on(run(config, prepared))
}

async fn run(config: Config, prepared: chime_emulator::config::Prepared) -> ExitCode {
    let svc = match service(Arc::clone(&prepared.emulator), config.max_body_bytes) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("chime-emulator: {e}");
            return ExitCode::from(1);
        }
    };
    let listener = match tokio::net::TcpListener::bind(config.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("chime-emulator: cannot listen on {}: {e}", config.listen);
            return ExitCode::from(1);
        }
    };
    let endpoint = match listener.local_addr() {
        Ok(a) => format!("http://{a}"),
        Err(_) => config.endpoint_url(),
    };
    let store = match prepared.emulator.store.path() {
        Some(p) => p.display().to_string(),
        None => "in memory".to_owned(),
    };
    println!(
        "chime-emulator: {} operations at {endpoint}",
        OPERATIONS.len()
    );
    println!("  state:        {store}");
    println!(
        "  account type: {} (CreateAccount)",
        config.account_type.as_str()
    );
    match &prepared.keys {
        None => println!("  auth:         off (--no-auth)"),
        Some(k) if k.is_empty() => println!(
            "  auth:         SigV4, but no keys (set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or --credentials-file): every request is refused"
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
    println!("use: aws chime list-accounts --endpoint-url {endpoint}");
    let front = Front {
        service: svc,
        keys: prepared.keys.map(Arc::new),
        config: Arc::new(config),
    };
    tokio::select! {
        r = serve(listener, front) => match r {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("chime-emulator: {e}");
                ExitCode::from(1)
            }
        },
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
    }
}
