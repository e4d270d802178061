//! Throughput and client CPU per request on loopback.
//!
//! Each run is a separate client process (`harness client ...`), so its
//! getrusage(RUSAGE_SELF) counts that SDK's work and nothing else: building
//! the request, validation, serialization, SigV4, hyper, tokio, reading the
//! answer. Both SDKs get the same static credentials, region, endpoint,
//! 3 attempts, and the same connect / attempt / operation timeouts. Runs of
//! the two SDKs alternate so that drift of the machine hits both alike.

use std::process::Command;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::inputs;
use crate::server::ServerProcess;
use crate::stats::Summary;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sdk {
    Ours,
    Aws,
}

impl Sdk {
    pub fn arg(self) -> &'static str {
        match self {
            Sdk::Ours => "ours",
            Sdk::Aws => "aws",
        }
    }
}

/// What one client process measured.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RunResult {
    pub requests: u64,
    pub wall_s: f64,
    pub user_s: f64,
    pub sys_s: f64,
}

/// One scenario: an SDK, a number of items and a concurrency.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Scenario {
    pub sdk: Sdk,
    pub items: usize,
    pub concurrency: usize,
    /// Requests per second.
    pub rps: Summary,
    /// Client CPU (user + system) per request, microseconds.
    pub cpu_us: Summary,
    /// Server CPU per request, microseconds (/proc, 10 ms resolution).
    pub server_cpu_us: Summary,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LoadResults {
    pub runs: usize,
    pub requests_sequential: u64,
    pub requests_concurrent: u64,
    pub scenarios: Vec<Scenario>,
    /// Wall time of the whole section, and the CPU other processes used meanwhile.
    #[serde(default)]
    pub seconds: f64,
    #[serde(default)]
    pub other_load: crate::machine::OtherLoad,
}

/// Runs every scenario `runs` times against one loopback server.
pub fn run_all(runs: usize, quick: bool) -> std::io::Result<LoadResults> {
    let snapshot = crate::machine::Snapshot::take();
    let started = Instant::now();
    let server = ServerProcess::start()?;
    let endpoint = server.endpoint();
    let (seq, conc) = if quick {
        (1_000, 2_000)
    } else {
        (6_000, 12_000)
    };
    // (SDK, items, concurrency) -> every run's result and the server's CPU seconds.
    type Key = (Sdk, usize, usize);
    let mut samples: Vec<(Key, Vec<(RunResult, f64)>)> = Vec::new();
    for &concurrency in &[1usize, 16] {
        for &items in &[1usize, 50] {
            for sdk in [Sdk::Ours, Sdk::Aws] {
                samples.push(((sdk, items, concurrency), Vec::new()));
            }
        }
    }
    for run in 0..runs {
        for (key, results) in samples.iter_mut() {
            let (sdk, items, concurrency) = *key;
            let requests = if concurrency == 1 { seq } else { conc };
            let server_before = server.cpu_seconds();
            let r = run_client(sdk, items, concurrency, requests, &endpoint)?;
            let server_cpu = server.cpu_seconds() - server_before;
            eprintln!(
                "  run {}/{runs} {:>4} items={items:>2} concurrency={concurrency:>2}: {:>7.0} req/s, {:>6.1} us CPU/req",
                run + 1,
                sdk.arg(),
                r.requests as f64 / r.wall_s,
                (r.user_s + r.sys_s) * 1e6 / r.requests as f64
            );
            results.push((r, server_cpu));
        }
    }
    let scenarios = samples
        .into_iter()
        .map(|((sdk, items, concurrency), results)| {
            let rps: Vec<f64> = results
                .iter()
                .map(|(r, _)| r.requests as f64 / r.wall_s)
                .collect();
            let cpu: Vec<f64> = results
                .iter()
                .map(|(r, _)| (r.user_s + r.sys_s) * 1e6 / r.requests as f64)
                .collect();
            let server: Vec<f64> = results
                .iter()
                .map(|(r, s)| s * 1e6 / r.requests as f64)
                .collect();
            Scenario {
                sdk,
                items,
                concurrency,
                rps: Summary::of(&rps),
                cpu_us: Summary::of(&cpu),
                server_cpu_us: Summary::of(&server),
            }
        })
        .collect();
    drop(server);
    Ok(LoadResults {
        runs,
        requests_sequential: seq,
        requests_concurrent: conc,
        scenarios,
        seconds: started.elapsed().as_secs_f64(),
        other_load: snapshot.other_load(),
    })
}

fn run_client(
    sdk: Sdk,
    items: usize,
    concurrency: usize,
    requests: u64,
    endpoint: &str,
) -> std::io::Result<RunResult> {
    let out = Command::new(std::env::current_exe()?)
        .args([
            "client",
            sdk.arg(),
            &items.to_string(),
            &concurrency.to_string(),
            &requests.to_string(),
            endpoint,
        ])
        // Nothing from the environment or ~/.aws may change either client.
        .env_remove("AWS_PROFILE")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()?;
    if !out.status.success() {
        return Err(std::io::Error::other(format!(
            "client {} failed: {}",
            sdk.arg(),
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    serde_json::from_slice(&out.stdout).map_err(std::io::Error::other)
}

/// The body of `harness client SDK ITEMS CONCURRENCY REQUESTS ENDPOINT`:
/// warms up, then makes REQUESTS calls (CONCURRENCY at a time) and prints a
/// [`RunResult`] as JSON. Sequential runs use a current-thread Tokio runtime,
/// concurrent ones a multi-thread runtime with one worker per core; the same
/// for both SDKs.
pub fn client_main(args: &[String]) -> Result<(), String> {
    let [sdk, items, concurrency, requests, endpoint] = args else {
        return Err("usage: harness client ours|aws ITEMS CONCURRENCY REQUESTS ENDPOINT".into());
    };
    let items: usize = items.parse().map_err(|_| "bad ITEMS")?;
    let concurrency: usize = concurrency.parse().map_err(|_| "bad CONCURRENCY")?;
    let requests: u64 = requests.parse().map_err(|_| "bad REQUESTS")?;
    let rt = if concurrency == 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(std::thread::available_parallelism().map_or(2, |n| n.get()))
            .enable_all()
            .build()
    }
    .map_err(|e| e.to_string())?;
    let result = match sdk.as_str() {
        "ours" => rt.block_on(async {
            let client = ours_client(endpoint);
            let list = inputs::ours(items);
            let call = move |client: chime::Client, list: Vec<chime::types::MembershipItem>| async move {
                client
                    .batch_create_room_membership()
                    .account_id(inputs::ACCOUNT_ID)
                    .room_id(inputs::ROOM_ID)
                    .set_membership_item_list(Some(list))
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|e| format!("{e:?}"))
            };
            drive(client, list, concurrency, requests, call).await
        }),
        "aws" => rt.block_on(async {
            let client = aws_client(endpoint).await;
            let list = inputs::aws(items);
            let call = move |client: aws_sdk_chime::Client,
                             list: Vec<aws_sdk_chime::types::MembershipItem>| async move {
                client
                    .batch_create_room_membership()
                    .account_id(inputs::ACCOUNT_ID)
                    .room_id(inputs::ROOM_ID)
                    .set_membership_item_list(Some(list))
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|e| format!("{e:?}"))
            };
            drive(client, list, concurrency, requests, call).await
        }),
        other => return Err(format!("unknown SDK {other:?}")),
    }?;
    println!(
        "{}",
        serde_json::to_string(&result).map_err(|e| e.to_string())?
    );
    Ok(())
}

pub fn ours_client(endpoint: &str) -> chime::Client {
    let config = chime::Client::config_builder()
        .region(inputs::REGION)
        .static_credentials(inputs::ACCESS_KEY, inputs::SECRET_KEY, None)
        .endpoint_url(endpoint)
        // The defaults, spelled out: 3 attempts, connect 3.1 s, attempt 30 s,
        // operation 90 s, validation on.
        .max_attempts(3)
        .validation(true)
        .build();
    chime::Client::new(config)
}

pub async fn aws_client(endpoint: &str) -> aws_sdk_chime::Client {
    aws_sdk_chime::Client::new(&aws_sdk_config(endpoint).await)
}

pub async fn aws_sdk_config(endpoint: &str) -> aws_config::SdkConfig {
    use aws_config::retry::RetryConfig;
    use aws_config::timeout::TimeoutConfig;
    use aws_config::{BehaviorVersion, Region};
    aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(inputs::REGION))
        .credentials_provider(aws_credential_types::Credentials::new(
            inputs::ACCESS_KEY,
            inputs::SECRET_KEY,
            None,
            None,
            "Static",
        ))
        .endpoint_url(endpoint)
        .retry_config(RetryConfig::standard().with_max_attempts(3))
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_millis(3100))
                .operation_attempt_timeout(Duration::from_secs(30))
                .operation_timeout(Duration::from_secs(90))
                .build(),
        )
        .load()
        .await
}

async fn drive<C, L, F, Fut>(
    client: C,
    list: L,
    concurrency: usize,
    requests: u64,
    call: F,
) -> Result<RunResult, String>
where
    C: Clone + Send + 'static,
    L: Clone + Send + 'static,
    F: Fn(C, L) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Result<(), String>> + Send + 'static,
{
    // Warm-up: open the connections, fill caches and pools.
    let warm_up = (requests / 10).max(100);
    batch(&client, &list, concurrency, warm_up, &call).await?;
    let (u0, s0) = crate::machine::self_cpu();
    let t0 = Instant::now();
    batch(&client, &list, concurrency, requests, &call).await?;
    let wall_s = t0.elapsed().as_secs_f64();
    let (u1, s1) = crate::machine::self_cpu();
    Ok(RunResult {
        requests,
        wall_s,
        user_s: u1 - u0,
        sys_s: s1 - s0,
    })
}

async fn batch<C, L, F, Fut>(
    client: &C,
    list: &L,
    concurrency: usize,
    requests: u64,
    call: &F,
) -> Result<(), String>
where
    C: Clone + Send + 'static,
    L: Clone + Send + 'static,
    F: Fn(C, L) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Result<(), String>> + Send + 'static,
{
    if concurrency == 1 {
        for _ in 0..requests {
            call(client.clone(), list.clone()).await?;
        }
        return Ok(());
    }
    let per_task = requests / concurrency as u64;
    let mut tasks = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let (client, list, call) = (client.clone(), list.clone(), call.clone());
        tasks.push(tokio::spawn(async move {
            for _ in 0..per_task {
                call(client.clone(), list.clone()).await?;
            }
            Ok::<(), String>(())
        }));
    }
    for t in tasks {
        t.await.map_err(|e| e.to_string())??;
    }
    Ok(())
}
