//! Hostile input from outside, run through the real binary as a subprocess
//! (so a stack overflow or an out-of-memory abort shows as a failed exit,
//! not as a crash of the test harness): every case must end with its exit
//! code and a message, bounded in time, stack and memory.

mod common;

use common::*;

/// Arguments for a call that would be sent to a port nothing listens on.
fn offline(rest: &[&str]) -> Vec<String> {
    call_args("http://127.0.0.1:9", rest)
}

fn run_sync(args: &[String]) -> Run {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    chime(&args)
}

/// The required parameters of batch-create-room-membership, then `rest`.
fn membership(rest: &[&str]) -> Vec<String> {
    let mut v = vec!["--account-id", "a", "--room-id", "r"];
    v.extend_from_slice(rest);
    offline(&v)
}

/// No control character but newline and tab.
fn terminal_safe(text: &str) -> bool {
    !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
}

#[test]
fn out_of_range_timeouts_are_usage_errors_naming_the_option() {
    // 1e20 and 1e300 panicked in Duration::from_secs_f64 (exit 101).
    let cases = [
        ("--cli-read-timeout", "1e20"),
        ("--cli-connect-timeout", "1e300"),
        ("--cli-read-timeout", "NaN"),
        ("--cli-connect-timeout", "inf"),
        ("--cli-read-timeout", "-1"),
        ("--cli-connect-timeout", "31536001"),
    ];
    for (option, value) in cases {
        let r = run_sync(&membership(&[
            "--membership-item-list",
            "MemberId=a",
            option,
            value,
        ]));
        assert_eq!(r.code, 252, "{option} {value}: {r:?}");
        assert!(
            r.stderr.contains(&format!(
                "argument {option}: invalid value: '{value}' (a number of seconds from 0 to 31536000; 0 means no limit)"
            )),
            "{option} {value}: {}",
            r.stderr
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zero_timeouts_mean_no_limit_and_the_call_completes() {
    let server = ok_server().await;
    let r = run(call_args(
        &server.url(),
        &[
            "--account-id",
            "a",
            "--room-id",
            "r",
            "--membership-item-list",
            "MemberId=a",
            "--cli-read-timeout",
            "0",
            "--cli-connect-timeout",
            "0",
        ],
    ))
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn deeply_nested_shorthand_is_refused_without_overflowing_the_stack() {
    // 35,000 nested `[` overflowed the main thread's stack (SIGABRT).
    let value = format!("MemberId={}", "[".repeat(60_000));
    let args = membership(&["--membership-item-list", &value]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = command(&args).output().expect("run chime");
    let r = Run::from(o.clone());
    assert_eq!(
        r.code,
        252,
        "{}; {}",
        ending(&o),
        &r.stderr[..r.stderr.len().min(300)]
    );
    assert!(
        r.stderr.starts_with(
            "\nError parsing parameter '--membership-item-list': lists and maps are nested deeper than 100 levels, the limit, for input:\n"
        ),
        "{}",
        &r.stderr[..r.stderr.len().min(300)]
    );
    // Through a file, past the size of any argument.
    let dir = scratch_dir("deep-shorthand");
    let path = dir.join("deep.txt");
    std::fs::write(&path, format!("MemberId={}", "{a=".repeat(300_000))).unwrap();
    let file = format!("file://{}", path.display());
    let o = command(
        &membership(&["--membership-item-list", &file])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    )
    .output()
    .expect("run chime");
    let r = Run::from(o.clone());
    assert_eq!(r.code, 252, "{}", ending(&o));
}

#[test]
fn deeply_nested_json_is_refused_with_the_depth_limit() {
    let deep = format!(
        "[{}{}]",
        "{\"MemberId\": [".repeat(50_000),
        "]}".repeat(50_000)
    );
    let r = run_sync(&membership(&["--membership-item-list", &deep[..100_000]]));
    assert_eq!(r.code, 252);
    assert!(
        r.stderr.contains("Invalid JSON: lists and maps are nested deeper than 100 levels, the limit at line 1 column"),
        "{}",
        &r.stderr[..r.stderr.len().min(300)]
    );
    let dir = scratch_dir("deep-json");
    let path = dir.join("input.json");
    std::fs::write(&path, format!("{{\"AccountId\": {}", "[".repeat(1_000_000))).unwrap();
    let input = format!("file://{}", path.display());
    let r = run_sync(&offline(&["--cli-input-json", &input]));
    assert_eq!(r.code, 252);
    assert!(
        r.stderr.contains("Error parsing parameter 'cli-input-json': Invalid JSON: lists and maps are nested deeper than 100 levels"),
        "{}",
        &r.stderr[..r.stderr.len().min(300)]
    );
}

#[test]
fn deeply_nested_yaml_is_refused_without_overflowing_the_stack() {
    // 7,700 levels of block nesting overflowed the stack in the loader.
    let dir = scratch_dir("deep-yaml");
    let path = dir.join("input.yaml");
    std::fs::write(&path, format!("AccountId:\n{}x\n", "- ".repeat(50_000))).unwrap();
    let input = format!("file://{}", path.display());
    let o = command(&[
        "list-accounts",
        "--endpoint-url",
        "http://127.0.0.1:9",
        "--cli-input-yaml",
        &input,
    ])
    .output()
    .expect("run chime");
    let r = Run::from(o.clone());
    assert_eq!(r.code, 252, "{}; {}", ending(&o), r.stderr);
    assert!(
        r.stderr.starts_with(
            "\nError parsing parameter 'cli-input-yaml': Invalid YAML: lists and maps are nested deeper than 100 levels, the limit at byte"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn yaml_billion_laughs_is_refused_in_bounded_memory() {
    // 363 bytes that expanded to 2.2 GB: here under a 1 GiB address-space
    // limit, where the old loader aborted.
    let mut text =
        String::from("AccountId: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..=6 {
        let refs = vec![format!("*l{}", i - 1); 10].join(",");
        text.push_str(&format!("L{i}: &l{i} [{refs}]\n"));
    }
    assert!(text.len() < 500);
    let dir = scratch_dir("laughs");
    let path = dir.join("laughs.yaml");
    std::fs::write(&path, &text).unwrap();
    let input = format!("file://{}", path.display());
    let r = chime_with_memory_limit(
        &[
            "list-accounts",
            "--endpoint-url",
            "http://127.0.0.1:9",
            "--cli-input-yaml",
            &input,
        ],
        1 << 20,
    );
    assert_eq!(r.code, 252, "{r:?}");
    assert!(
        r.stderr.contains(
            "Invalid YAML: anchors and aliases copy more than 1000000 nodes and bytes, the limit at byte"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn endless_and_oversized_files_are_refused_naming_the_file() {
    // file:///dev/zero read until the memory ran out.
    let dir = scratch_dir("big-files");
    let big = dir.join("big.json");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(10 * 1024 * 1024 + 1).unwrap();
    let big = format!("file://{}", big.display());
    let cases: Vec<(Vec<String>, String, &str)> = vec![
        (
            membership(&["--membership-item-list", "file:///dev/zero"]),
            "file:///dev/zero".into(),
            "--membership-item-list",
        ),
        (
            membership(&["--membership-item-list", "fileb:///dev/zero"]),
            "fileb:///dev/zero".into(),
            "--membership-item-list",
        ),
        (
            membership(&["--membership-item-list", "MemberId@=file:///dev/zero"]),
            "file:///dev/zero".into(),
            "--membership-item-list",
        ),
        (
            offline(&["--cli-input-json", "file:///dev/zero"]),
            "file:///dev/zero".into(),
            "cli-input-json",
        ),
        (
            offline(&["--cli-input-yaml", &big]),
            big.clone(),
            "cli-input-yaml",
        ),
    ];
    for (args, file, option) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = chime_with_memory_limit(&args, 1 << 20);
        assert_eq!(r.code, 252, "{file}: {r:?}");
        assert_eq!(
            r.stderr,
            format!(
                "\nError parsing parameter '{option}': Unable to load paramfile {file}: the file is larger than 10485760 bytes (10 MiB), the limit for file:// and fileb:// values\n"
            ),
            "{file}"
        );
    }
}

#[test]
fn deep_queries_are_refused_without_overflowing_the_stack() {
    // The JMESPath parser recursed once per `!` or `(` (SIGABRT at ~50,000).
    for query in ["!".repeat(60_000) + "a", "(".repeat(60_000) + "a"] {
        let args = membership(&["--membership-item-list", "MemberId=a", "--query", &query]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = command(&args).output().expect("run chime");
        let r = Run::from(o.clone());
        assert_eq!(r.code, 252, "{}", ending(&o));
        assert!(
            r.stderr.contains(
                "lists and maps are nested deeper than 100 levels, the limit (at character 101)"
            ),
            "{}",
            &r.stderr[r.stderr.len().saturating_sub(200)..]
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_endpoint_urls_exit_255_and_send_nothing() {
    let server = ok_server().await;
    let port = server.addr.port();
    // 99999 was sent, signed, to port 80; 65536 + port wrapped to nothing
    // either: refused before anything is sent.
    let wrapped = format!("http://127.0.0.1:{}/", 65536 + u32::from(port));
    let cases = [
        (
            "http://127.0.0.1:99999/".to_owned(),
            "Bad value for --endpoint-url \"http://127.0.0.1:99999/\": the port \"99999\" is out of range.  Must be a number from 1 to 65535.".to_owned(),
        ),
        (
            wrapped.clone(),
            format!("Bad value for --endpoint-url \"{wrapped}\": the port \"{}\" is out of range.  Must be a number from 1 to 65535.", 65536 + u32::from(port)),
        ),
        (
            "http://127.0.0.1:0/".to_owned(),
            "Bad value for --endpoint-url \"http://127.0.0.1:0/\": the port \"0\" is out of range.  Must be a number from 1 to 65535.".to_owned(),
        ),
        (
            format!("127.0.0.1:{port}"),
            format!("Bad value for --endpoint-url \"127.0.0.1:{port}\": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/"),
        ),
        (
            "http://:80/".to_owned(),
            "Bad value for --endpoint-url \"http://:80/\": the host name is missing.  Must be of the form http://<hostname>/ or https://<hostname>/".to_owned(),
        ),
    ];
    for (url, message) in cases {
        let r = run(vec![
            "batch-create-room-membership".to_owned(),
            "--endpoint-url".to_owned(),
            url.clone(),
            "--account-id".to_owned(),
            "a".to_owned(),
            "--room-id".to_owned(),
            "r".to_owned(),
            "--membership-item-list".to_owned(),
            "MemberId=a".to_owned(),
        ])
        .await;
        assert_eq!(
            (r.code, r.stderr.as_str()),
            (255, format!("\n{message}\n").as_str()),
            "{url}"
        );
    }
    assert!(server.requests().is_empty());
}

const HOSTILE: &str = "x\u{1b}[2J\u{1b}]0;owned\u{7}\r\u{9b}31mover\u{7f}";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_text_reaches_the_terminal_without_control_characters() {
    let error_body = serde_json::json!({
        "__type": format!("BadRequestException{HOSTILE}"),
        "Message": format!("nope{HOSTILE}"),
    })
    .to_string();
    let ok_body = serde_json::json!({
        "Errors": [{"MemberId": HOSTILE, "ErrorCode": "NotFound", "ErrorMessage": HOSTILE}]
    })
    .to_string();
    let server = TestServer::start(move |req, _| {
        if req.body.windows(3).any(|w| w == b"err") {
            json(400, &error_body)
        } else {
            json(201, &ok_body)
        }
    })
    .await;
    let url = server.url();
    let with = |member: &str, extra: &[&str]| {
        let mut rest = vec![
            "--account-id",
            "a",
            "--room-id",
            "r",
            "--membership-item-list",
            member,
        ];
        rest.extend_from_slice(extra);
        call_args(&url, &rest)
    };
    // The service's error code and message.
    let r = run(with("MemberId=err", &[])).await;
    assert_eq!(r.code, 254, "{}", r.stderr);
    assert!(r.stderr.contains("\\x1b[2J"), "{:?}", r.stderr);
    assert!(terminal_safe(&r.stderr), "{:?}", r.stderr);
    // --debug: request and response bodies and headers.
    let r = run(with("MemberId=err", &["--debug"])).await;
    assert_eq!(r.code, 254);
    assert!(
        r.stderr.contains("DEBUG - received response: 400"),
        "{}",
        r.stderr
    );
    assert!(terminal_safe(&r.stderr), "{:?}", r.stderr);
    // Every output format of a successful response.
    for output in ["json", "text", "table", "yaml"] {
        let r = run(with("MemberId=ok", &["--output", output])).await;
        assert_eq!(r.code, 0, "{output}: {}", r.stderr);
        assert!(r.stdout.contains("over"), "{output}: {}", r.stdout);
        assert!(terminal_safe(&r.stdout), "{output}: {:?}", r.stdout);
    }
    // JSON output still reads back as the service's value.
    let r = run(with("MemberId=ok", &[])).await;
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["Errors"][0]["ErrorMessage"], HOSTILE);
}

#[test]
fn endpoint_url_from_the_environment_with_a_bad_port_is_a_configuration_error() {
    // AWS_ENDPOINT_URL goes through the client runtime's check, which took
    // 99999 for "no port" (port 80) before.
    let o = command(&["list-accounts"])
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:99999")
        .output()
        .expect("run chime");
    let r = Run::from(o);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            253,
            "\ninvalid AWS_ENDPOINT_URL in environment: has a port out of range (must be from 1 to 65535)\n"
        )
    );
}
