//! The binary end to end against a server on 127.0.0.1: what it sends
//! (compared with what the AWS CLI sent for the same arguments), what it
//! prints and how it exits.

mod common;

use common::*;

const EMPTY_ERRORS: &str = "{\n    \"Errors\": []\n}\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_members_as_the_aws_cli_sent_them() {
    let server = ok_server().await;
    let r = run(call_args(
        &server.url(),
        &[
            "--account-id",
            "acct-1",
            "--room-id",
            "room-1",
            "--membership-item-list",
            "MemberId=a,Role=Administrator",
            "MemberId=b,Role=Member",
        ],
    ))
    .await;
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (0, EMPTY_ERRORS, "")
    );
    let sent = server.requests();
    let want = recorded("request-two-members.txt");
    assert_eq!(sent.len(), 1);
    assert_same_request(&sent[0], &want[0]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_request_from_json_cli_input_json_yaml_and_files() {
    let want = &recorded("request-two-members.txt")[0];
    let dir = scratch_dir("inputs");
    let items = dir.join("items.json");
    std::fs::write(
        &items,
        r#"[{"MemberId":"a","Role":"Administrator"},{"MemberId":"b","Role":"Member"}]"#,
    )
    .unwrap();
    let input = dir.join("input.json");
    std::fs::write(&input, r#"{"AccountId":"from-file","RoomId":"room-1","MembershipItemList":[{"MemberId":"a","Role":"Administrator"},{"MemberId":"b","Role":"Member"}]}"#).unwrap();
    let items_arg = format!("file://{}", items.display());
    let input_arg = format!("file://{}", input.display());
    let yaml = "AccountId: acct-1\nRoomId: other\nMembershipItemList:\n- MemberId: a\n  Role: Administrator\n- MemberId: b\n  Role: Member\n";
    let cases: Vec<Vec<&str>> = vec![
        vec![
            "--account-id",
            "acct-1",
            "--room-id",
            "room-1",
            "--membership-item-list",
            r#"[{"MemberId":"a","Role":"Administrator"},{"MemberId":"b","Role":"Member"}]"#,
        ],
        vec![
            "--account-id",
            "acct-1",
            "--room-id",
            "room-1",
            "--membership-item-list",
            r#"{"MemberId":"a","Role":"Administrator"}"#,
            r#"{"MemberId":"b","Role":"Member"}"#,
        ],
        vec![
            "--account-id",
            "acct-1",
            "--room-id",
            "room-1",
            "--membership-item-list",
            &items_arg,
        ],
        vec![
            "--account-id=acct-1",
            "--room-id=room-1",
            "--membership-item-list",
            "MemberId='a',Role=\"Administrator\"",
            "MemberId = b , Role = Member",
        ],
        // The command line overrides --cli-input-json's AccountId.
        vec!["--cli-input-json", &input_arg, "--account-id", "acct-1"],
        vec!["--room-id", "room-1", "--cli-input-yaml", yaml],
    ];
    for args in cases {
        let server = ok_server().await;
        let r = run(call_args(&server.url(), &args)).await;
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (0, EMPTY_ERRORS, ""),
            "{args:?}"
        );
        assert_same_request(&server.requests()[0], want);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recorded_cases_without_client_side_validation() {
    // The AWS CLI v1 does not check @length or @pattern; with
    // --no-parameter-validation neither do we, and the requests match.
    let seen = recorded("cases/requests-seen-51-and-blank.txt");
    let items: Vec<String> = (0..51)
        .map(|i| format!("MemberId=m{i},Role=Member"))
        .collect();
    let server = ok_server().await;
    let mut args = vec![
        "--no-parameter-validation",
        "--account-id",
        "acct-1",
        "--room-id",
        "room-1",
        "--membership-item-list",
    ];
    args.extend(items.iter().map(String::as_str));
    let r = run(call_args(&server.url(), &args)).await;
    let stdout = std::fs::read_to_string(reference("cases/51-items.stdout")).unwrap();
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, stdout.as_str()),
        "{}",
        r.stderr
    );
    assert_same_request(&server.requests()[0], &seen[0]);

    let server = ok_server().await;
    let r = run(call_args(
        &server.url(),
        &[
            "--no-parameter-validation",
            "--account-id",
            "   ",
            "--room-id",
            "room-1",
            "--membership-item-list",
            "MemberId=a,Role=Administrator",
        ],
    ))
    .await;
    let stdout = std::fs::read_to_string(reference("cases/blank-account.stdout")).unwrap();
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, stdout.as_str()),
        "{}",
        r.stderr
    );
    assert_same_request(&server.requests()[0], &seen[1]);

    // An empty label cannot be put on the wire: refused, whatever the flag
    // (the AWS CLI sent `/accounts//rooms/...`).
    let server = ok_server().await;
    let r = run(call_args(
        &server.url(),
        &[
            "--no-parameter-validation",
            "--account-id",
            "",
            "--room-id",
            "room-1",
            "--membership-item-list",
            "MemberId=a",
        ],
    ))
    .await;
    assert_eq!(r.code, 252, "{}", r.stderr);
    assert!(r.stderr.contains("--account-id"), "{}", r.stderr);
    assert!(server.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validation_failures_list_every_violation_and_send_nothing() {
    let server = ok_server().await;
    let items: Vec<String> = (0..51)
        .map(|i| format!("MemberId=m{i},Role=Member"))
        .collect();
    let mut args = vec![
        "--account-id",
        "   ",
        "--room-id",
        "room-1",
        "--membership-item-list",
    ];
    args.extend(items.iter().map(String::as_str));
    args[5] = "MemberId=,Role=Boss";
    let r = run(call_args(&server.url(), &args)).await;
    assert_eq!(r.code, 252);
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "\nParameter validation failed:\n\
         Value at '--account-id' failed to satisfy constraint: Member must satisfy regular expression pattern: \\S\n\
         Value with length 51 at '--membership-item-list' failed to satisfy constraint: Member must have length between 0 and 50, inclusive\n\
         Value at '--membership-item-list[0].MemberId' failed to satisfy constraint: Member must satisfy regular expression pattern: \\S\n\
         Value at '--membership-item-list[0].Role' failed to satisfy constraint: Member must satisfy enum value set: [Administrator, Member]\n"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_errors_print_the_aws_cli_message_and_exit_254() {
    let cases = [
        (400, "BadRequestException", "x"),
        (401, "UnauthorizedClientException", "who are you"),
        (403, "ForbiddenException", "no"),
        (404, "NotFoundException", "no such room"),
        (429, "ThrottledClientException", "slow down"),
        (500, "ServiceFailureException", "oops"),
        (503, "ServiceUnavailableException", "later"),
    ];
    for (status, code, message) in cases {
        let body = format!(r#"{{"Code":"{code}","Message":"{message}"}}"#);
        let server = TestServer::start(move |_, _| json(status, &body)).await;
        let r = run(call_args(
            &server.url(),
            &[
                "--account-id",
                "acct-1",
                "--room-id",
                "room-1",
                "--membership-item-list",
                "MemberId=a,Role=Administrator",
            ],
        ))
        .await;
        let want = format!("\nAn error occurred ({code}) when calling the BatchCreateRoomMembership operation: {message}\n");
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (254, "", want.as_str()),
            "HTTP {status}"
        );
    }
    // The recorded HTTP 400 case: the same stderr as the AWS CLI.
    let server = TestServer::start(|_, _| json(400, r#"{"Message":"x"}"#)).await;
    let r = run(call_args(
        &server.url(),
        &[
            "--account-id",
            "acct-1",
            "--room-id",
            "room-1",
            "--membership-item-list",
            "MemberId=a,Role=Administrator",
        ],
    ))
    .await;
    let stderr = std::fs::read_to_string(reference("cases/http400.stderr")).unwrap();
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (254, "", stderr.as_str())
    );
    assert_same_request(
        &server.requests()[0],
        &recorded("cases/requests-seen-400.txt")[0],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn member_errors_and_output_formats() {
    let body =
        r#"{"Errors":[{"MemberId":"a","ErrorCode":"NotFound","ErrorMessage":"no such member"}]}"#;
    let server = TestServer::start(move |_, _| json(201, body)).await;
    let base = [
        "--account-id",
        "acct-1",
        "--room-id",
        "room-1",
        "--membership-item-list",
        "MemberId=a",
    ];
    let with = |extra: &[&str]| {
        let mut v: Vec<&str> = base.to_vec();
        v.extend(extra);
        call_args(&server.url(), &v)
    };
    let r = run(with(&[])).await;
    assert_eq!(r.stdout, "{\n    \"Errors\": [\n        {\n            \"MemberId\": \"a\",\n            \"ErrorCode\": \"NotFound\",\n            \"ErrorMessage\": \"no such member\"\n        }\n    ]\n}\n");
    let r = run(with(&["--output", "text"])).await;
    assert_eq!(r.stdout, "ERRORS\tNotFound\tno such member\ta\n");
    let r = run(with(&["--output", "yaml"])).await;
    assert_eq!(
        r.stdout,
        "Errors:\n- MemberId: a\n  ErrorCode: NotFound\n  ErrorMessage: no such member\n"
    );
    let r = run(with(&["--query", "Errors[0].MemberId", "--output", "json"])).await;
    assert_eq!(r.stdout, "\"a\"\n");
    let r = run(with(&["--output", "table"])).await;
    assert_eq!(
        r.stdout,
        "-----------------------------------------------\n\
         |          BatchCreateRoomMembership          |\n\
         +---------------------------------------------+\n\
         ||                  Errors                   ||\n\
         |+-----------+------------------+------------+|\n\
         || ErrorCode |  ErrorMessage    | MemberId   ||\n\
         |+-----------+------------------+------------+|\n\
         ||  NotFound |  no such member  |  a         ||\n\
         |+-----------+------------------+------------+|\n"
    );
    let r = run(with(&["--query", "Errors[?"])).await;
    assert_eq!(r.code, 252, "{}", r.stderr);
    assert!(r.stderr.contains("Bad value for --query"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unsigned_requests_and_debug_output() {
    let server = ok_server().await;
    let args = [
        "--account-id",
        "acct-1",
        "--room-id",
        "room-1",
        "--membership-item-list",
        "MemberId=a",
    ];
    let mut unsigned = args.to_vec();
    unsigned.push("--no-sign-request");
    let r = run(call_args(&server.url(), &unsigned)).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let sent = &server.requests()[0];
    assert!(sent.header("authorization").is_none() && sent.header("x-amz-date").is_none());
    assert!(sent.header("amz-sdk-invocation-id").is_some());

    let mut debug = args.to_vec();
    debug.push("--debug");
    let r = run(call_args(&server.url(), &debug)).await;
    assert_eq!(r.code, 0);
    assert!(
        r.stderr.contains("DEBUG - sending request: POST"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("Signature=** redacted **"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("DEBUG - received response: 201"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains(SECRET));
    let signature = server.requests()[1]
        .header("authorization")
        .unwrap()
        .rsplit('=')
        .next()
        .unwrap()
        .to_owned();
    assert!(!r.stderr.contains(&signature));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_credentials_or_region_exit_253_and_send_nothing() {
    let server = ok_server().await;
    let url = server.url();
    let args = call_args(
        &url,
        &[
            "--account-id",
            "a",
            "--room-id",
            "r",
            "--membership-item-list",
            "MemberId=a",
        ],
    );
    let r: Run = tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        command(&args)
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .output()
            .unwrap()
            .into()
    })
    .await
    .unwrap();
    assert_eq!(r.code, 253);
    assert!(
        r.stderr.starts_with("\nUnable to locate credentials."),
        "{}",
        r.stderr
    );
    let r: Run = tokio::task::spawn_blocking(|| {
        command(&[
            "batch-create-room-membership",
            "--account-id",
            "a",
            "--room-id",
            "r",
            "--membership-item-list",
            "MemberId=a",
        ])
        .env_remove("AWS_REGION")
        .output()
        .unwrap()
        .into()
    })
    .await
    .unwrap();
    assert_eq!(r.code, 253);
    assert!(
        r.stderr.contains("You must specify a region."),
        "{}",
        r.stderr
    );
    let r = run(call_args(
        &url,
        &[
            "--profile",
            "nope",
            "--account-id",
            "a",
            "--room-id",
            "r",
            "--membership-item-list",
            "MemberId=a",
        ],
    ))
    .await;
    assert_eq!(r.code, 253, "{}", r.stderr);
    assert!(r.stderr.contains("profile 'nope'"), "{}", r.stderr);
    assert!(server.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_failures_exit_255_and_ctrl_c_exits_130() {
    // Nothing listens on a port we bound and released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let r = run(call_args(
        &format!("http://127.0.0.1:{port}"),
        &[
            "--account-id",
            "a",
            "--room-id",
            "r",
            "--membership-item-list",
            "MemberId=a",
        ],
    ))
    .await;
    assert_eq!(r.code, 255, "{}", r.stderr);
    assert!(
        r.stderr.starts_with("\nCould not connect to the endpoint"),
        "{}",
        r.stderr
    );

    let server = TestServer::start(|_, _| Reply::Hang).await;
    let url = server.url();
    let r: Run = tokio::task::spawn_blocking(move || {
        let args = call_args(
            &url,
            &[
                "--account-id",
                "a",
                "--room-id",
                "r",
                "--membership-item-list",
                "MemberId=a",
            ],
        );
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let child = command(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Interrupt once the request has arrived.
        for _ in 0..200 {
            std::thread::sleep(std::time::Duration::from_millis(25));
            if !server.requests().is_empty() {
                break;
            }
        }
        std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        child.wait_with_output().unwrap().into()
    })
    .await
    .unwrap();
    assert_eq!(r.code, 130, "{}", r.stderr);
}
