//! The command line without a server: syntax errors, required options,
//! skeletons, help, and what is refused before anything is sent.

mod common;

use common::*;

/// Arguments that would reach the network if they were accepted: a port
/// nothing listens on, so any attempt to send shows as exit 255.
fn offline(rest: &[&str]) -> Vec<String> {
    call_args("http://127.0.0.1:9", rest)
}

fn run_sync(args: &[String]) -> Run {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    chime(&args)
}

#[test]
fn bad_shorthand_exits_252_pointing_at_the_character() {
    let r = run_sync(&offline(&[
        "--account-id",
        "a",
        "--room-id",
        "r",
        "--membership-item-list",
        "MemberId=a,Role",
    ]));
    assert_eq!(r.code, 252);
    assert_eq!(
        r.stderr,
        "\nParameter validation failed:\nInvalid type for parameter --membership-item-list[0].MemberId, value: [\"a\",\"Role\"], type: list, valid types: string\n"
    );
    let cases = [
        ("MemberId", "Expected: '=', received: 'EOF' for input:\nMemberId\n        ^"),
        ("MemberId=a,MemberId=b", "Second instance of key \"MemberId\" encountered for input:\nMemberId=a,MemberId=b\n           ^\nThis is often because there is a preceding \",\" instead of a space."),
        ("MemberId=\"a", "Expected: '<double quoted>', received: '<none>' for input:\nMemberId=\"a\n         ^"),
        ("MemberId=a,", "Expected: '<second>', received: '<none>' for input:\nMemberId=a,\n           ^"),
    ];
    for (value, message) in cases {
        let r = run_sync(&offline(&[
            "--account-id",
            "a",
            "--room-id",
            "r",
            "--membership-item-list",
            value,
        ]));
        assert_eq!(r.code, 252, "{value}");
        assert_eq!(r.stdout, "");
        assert_eq!(
            r.stderr,
            format!("\nError parsing parameter '--membership-item-list': {message}\n"),
            "{value}"
        );
    }
    let r = run_sync(&offline(&[
        "--account-id",
        "a",
        "--room-id",
        "r",
        "--membership-item-list",
        "[{\"MemberId\":\"a\",}]",
    ]));
    assert_eq!(r.code, 252);
    assert!(
        r.stderr
            .starts_with("\nError parsing parameter '--membership-item-list': Invalid JSON: "),
        "{}",
        r.stderr
    );
}

#[test]
fn unknown_keys_options_and_missing_required_options_exit_252() {
    let r = run_sync(&offline(&[
        "--account-id",
        "a",
        "--room-id",
        "r",
        "--membership-item-list",
        "MemberId=a,Foo=b",
    ]));
    assert_eq!(r.code, 252);
    assert_eq!(r.stderr, "\nParameter validation failed:\nUnknown parameter in --membership-item-list[0]: \"Foo\", must be one of: MemberId, Role\n");
    let r = run_sync(&offline(&["--account-id", "a", "--room-id", "r"]));
    assert_eq!(r.code, 252);
    assert!(
        r.stderr.ends_with(
            "chime: error: the following arguments are required: --membership-item-list\n"
        ),
        "{}",
        r.stderr
    );
    assert!(r
        .stderr
        .starts_with("usage: chime [options] <command> [parameters]\n"));
    let r = run_sync(&offline(&[
        "--account-id",
        "a",
        "--room-id",
        "r",
        "--membership-item-list",
        "MemberId=a",
        "--bogus",
        "x",
    ]));
    assert_eq!(r.code, 252);
    assert!(
        r.stderr
            .ends_with("chime: error: Unknown options: --bogus, x\n"),
        "{}",
        r.stderr
    );
    let r = run_sync(&offline(&["--account-id"]));
    assert_eq!(r.code, 252);
    assert!(
        r.stderr
            .ends_with("chime: error: argument --account-id: expected one argument\n"),
        "{}",
        r.stderr
    );
    let r = chime(&["no-such-command"]);
    assert_eq!(r.code, 252);
    assert!(r.stderr.contains("Invalid choice"));
    let r = run_sync(&offline(&[
        "--account-id",
        "a",
        "--room-id",
        "r",
        "--membership-item-list",
        "file:///no/such/file",
    ]));
    assert_eq!(r.code, 252);
    assert!(
        r.stderr
            .contains("Unable to load paramfile file:///no/such/file: No such file or directory"),
        "{}",
        r.stderr
    );
    let r = run_sync(&offline(&[
        "--output",
        "xml",
        "--account-id",
        "a",
        "--room-id",
        "r",
        "--membership-item-list",
        "MemberId=a",
    ]));
    assert_eq!(r.code, 252);
}

#[test]
fn skeletons_equal_the_aws_cli_s() {
    let input = std::fs::read_to_string(reference("skeleton-input.json")).unwrap();
    let output = std::fs::read_to_string(reference("skeleton-output.json")).unwrap();
    for args in [
        vec!["batch-create-room-membership", "--generate-cli-skeleton"],
        vec![
            "batch-create-room-membership",
            "--generate-cli-skeleton",
            "input",
        ],
    ] {
        let r = chime(&args);
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (0, input.as_str(), "")
        );
    }
    let r = chime(&[
        "batch-create-room-membership",
        "--account-id",
        "a",
        "--room-id",
        "r",
        "--membership-item-list",
        "MemberId=a",
        "--generate-cli-skeleton",
        "output",
    ]);
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (0, output.as_str(), "")
    );
    let r = chime(&[
        "batch-create-room-membership",
        "--generate-cli-skeleton",
        "yaml-input",
    ]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout,
        "AccountId: ''  # [REQUIRED] The Amazon Chime account ID.\n\
         RoomId: ''  # [REQUIRED] The room ID.\n\
         MembershipItemList:  # [REQUIRED] The list of membership items.\n\
         - MemberId: ''  # The member ID.\n  \
         Role: Administrator  # The member role. Valid values are: Administrator, Member.\n"
    );
    // The YAML skeleton is valid --cli-input-yaml input.
    let r = chime(&[
        "batch-create-room-membership",
        "--cli-input-yaml",
        &r.stdout,
        "--generate-cli-skeleton",
        "output",
    ]);
    assert_eq!(r.code, 252, "empty ids fail validation: {}", r.stderr);
    assert!(r.stderr.contains("'--account-id'"), "{}", r.stderr);
}

#[test]
fn help_shows_docs_parameters_syntax_and_the_example() {
    for args in [
        vec!["batch-create-room-membership", "help"],
        vec!["batch-create-room-membership", "--help"],
    ] {
        let r = chime(&args);
        assert_eq!(r.code, 0);
        let h = &r.stdout;
        for needle in [
            "batch-create-room-membership -",
            "Adds up to 50 members to a chat room in an Amazon Chime Enterprise",
            "--account-id <value>",
            "--membership-item-list (list)",
            "The list of membership items.",
            "MemberId -> (string)",
            "Shorthand Syntax:",
            "MemberId=string,Role=string ...",
            "JSON Syntax:",
            "\"Role\": \"Administrator\"|\"Member\"",
            "EXAMPLES",
            "--membership-item-list \"MemberId=1ab2345c-67de-8901-f23g-45h678901j2k,Role=Administrator\"",
            "OUTPUT",
            "Errors -> (list)",
        ] {
            assert!(h.contains(needle), "help lacks {needle:?}:\n{h}");
        }
    }
    let r = chime(&["help"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("o batch-create-room-membership") && r.stdout.contains("--endpoint-url")
    );
}

#[test]
fn auto_prompt_asks_for_missing_required_parameters() {
    let r = chime_with_stdin(
        &[
            "batch-create-room-membership",
            "--cli-auto-prompt",
            "--account-id",
            "a",
            "--room-id",
            "r",
            "--generate-cli-skeleton",
            "output",
        ],
        "MemberId=a,Role=Member \"MemberId=b,Role=Administrator\"\n",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("--membership-item-list (list): The list of membership items."),
        "{}",
        r.stderr
    );
    let r = chime_with_stdin(
        &[
            "batch-create-room-membership",
            "--cli-auto-prompt",
            "--account-id",
            "a",
            "--room-id",
            "r",
            "--generate-cli-skeleton",
            "output",
        ],
        "MemberId=a,Role=Boss\n",
    );
    assert_eq!(r.code, 252, "{}", r.stderr);
    assert!(r.stderr.contains("enum value set"), "{}", r.stderr);
}
