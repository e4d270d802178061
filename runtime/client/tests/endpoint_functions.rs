//! The endpoint rules library functions and the partitions table, called directly.

use serde_json::{json, Value};
use smithy_client::endpoint::functions::{
    is_valid_host_label, is_virtual_hostable_s3_bucket, parse_arn, parse_url, split, substring,
    uri_encode,
};
use smithy_client::endpoint::{EndpointError, Partitions};

#[test]
fn substring_counts_ascii_from_either_end() {
    assert_eq!(substring("abcdef", 0, 3, false).as_deref(), Some("abc"));
    assert_eq!(substring("abcdef", 0, 3, true).as_deref(), Some("def"));
    assert_eq!(substring("abcdef", 1, 6, true).as_deref(), Some("abcde"));
    assert_eq!(substring("abcdef", 0, 6, false).as_deref(), Some("abcdef"));
    assert_eq!(substring("abcdef", 0, 7, false), None);
    assert_eq!(substring("abcdef", 3, 3, false), None);
    assert_eq!(substring("abc\u{e9}ef", 0, 2, false), None);
}

#[test]
fn uri_encode_keeps_only_unreserved() {
    assert_eq!(uri_encode("abc-._~XYZ019"), "abc-._~XYZ019");
    assert_eq!(
        uri_encode("a b/c?d=e&f:g@h"),
        "a%20b%2Fc%3Fd%3De%26f%3Ag%40h"
    );
    assert_eq!(uri_encode("\u{e9}"), "%C3%A9");
    assert_eq!(uri_encode(""), "");
}

fn url(text: &str) -> Value {
    parse_url(text).unwrap_or_else(|| panic!("{text} should parse"))
}

#[test]
fn parse_url_parts() {
    assert_eq!(
        url("https://example.com"),
        json!({"scheme": "https", "authority": "example.com", "path": "", "normalizedPath": "/", "isIp": false})
    );
    assert_eq!(
        url("http://beta.example.com:1234/path"),
        json!({"scheme": "http", "authority": "beta.example.com:1234", "path": "/path", "normalizedPath": "/path/", "isIp": false})
    );
    assert_eq!(url("https://example.com/a/b/")["normalizedPath"], "/a/b/");
    assert_eq!(url("https://example.com/")["path"], "/");
    assert_eq!(url("http://127.0.0.1:8080/x")["isIp"], true);
    assert_eq!(url("http://[::1]")["isIp"], true);
    assert_eq!(url("http://[fe80::1]:443/p")["authority"], "[fe80::1]:443");
    assert_eq!(url("http://1.2.3")["isIp"], false);
    for bad in [
        "example.com",
        "ftp://example.com",
        "https://example.com?query=1",
        "https://example.com/#frag",
        "https://",
        "https://:80",
        "https://user@example.com",
        "https://example.com:99999",
        "https://example.com:",
        "https://example.com:8a",
        "http://[nothex]",
        "http://[::1]x",
        "https://exa mple.com",
    ] {
        assert_eq!(parse_url(bad), None, "{bad}");
    }
}

#[test]
fn host_labels() {
    assert!(is_valid_host_label("us-east-1", false));
    assert!(is_valid_host_label("a", false));
    assert!(is_valid_host_label(&"a".repeat(63), false));
    assert!(!is_valid_host_label(&"a".repeat(64), false));
    assert!(!is_valid_host_label("", false));
    assert!(!is_valid_host_label("-abc", false));
    assert!(!is_valid_host_label("a_b", false));
    assert!(!is_valid_host_label("a.b", false));
    assert!(is_valid_host_label("a.b-c.d", true));
    assert!(!is_valid_host_label("a..b", true));
    assert!(!is_valid_host_label("a.", true));
}

#[test]
fn split_parts() {
    assert_eq!(
        split("a,b,,c", ",", 0),
        Some(vec!["a".into(), "b".into(), "".into(), "c".into()])
    );
    assert_eq!(split("a,b,c", ",", 2), Some(vec!["a".into(), "b,c".into()]));
    assert_eq!(split("abc", ",", 1), Some(vec!["abc".into()]));
    assert_eq!(split("abc", "", 0), None);
}

#[test]
fn arns() {
    assert_eq!(
        parse_arn("arn:aws:s3:us-west-2:123456789012:accesspoint:my/ap"),
        Some(
            json!({"partition": "aws", "service": "s3", "region": "us-west-2", "accountId": "123456789012",
                    "resourceId": ["accesspoint", "my", "ap"]})
        )
    );
    assert_eq!(parse_arn("arn:aws:iam:::role/x").unwrap()["region"], "");
    assert_eq!(
        parse_arn("arn:aws:s3:::bucket").unwrap()["resourceId"],
        json!(["bucket"])
    );
    for bad in [
        "",
        "arn",
        "arn:aws:s3:us-west-2:123",
        "arn::s3:r:a:res",
        "arn:aws::r:a:res",
        "arn:aws:s3:r:a:",
        "urn:aws:s3:r:a:b",
    ] {
        assert_eq!(parse_arn(bad), None, "{bad}");
    }
}

#[test]
fn virtual_hostable_buckets() {
    assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
    assert!(is_virtual_hostable_s3_bucket("abc", false));
    assert!(!is_virtual_hostable_s3_bucket("ab", false));
    assert!(!is_virtual_hostable_s3_bucket(&"a".repeat(64), false));
    assert!(!is_virtual_hostable_s3_bucket("MyBucket", false));
    assert!(!is_virtual_hostable_s3_bucket("-bucket", false));
    assert!(!is_virtual_hostable_s3_bucket("bucket-", false));
    assert!(!is_virtual_hostable_s3_bucket("my.bucket", false));
    assert!(is_virtual_hostable_s3_bucket("my.bucket", true));
    assert!(!is_virtual_hostable_s3_bucket("my..bucket", true));
    assert!(!is_virtual_hostable_s3_bucket("my.-bucket", true));
    assert!(!is_virtual_hostable_s3_bucket("192.168.0.1", true));
}

fn partition(region: &str) -> Value {
    Partitions::builtin()
        .lookup(region)
        .expect("built-in table is not empty")
}

#[test]
fn builtin_partitions() {
    let ids: Vec<_> = Partitions::builtin().ids().collect();
    assert_eq!(
        ids,
        [
            "aws",
            "aws-cn",
            "aws-us-gov",
            "aws-iso",
            "aws-iso-b",
            "aws-iso-e",
            "aws-iso-f",
            "aws-eusc"
        ]
    );
    let expected = [
        ("us-east-1", "aws", "amazonaws.com", "api.aws", true),
        ("aws-global", "aws", "amazonaws.com", "api.aws", true),
        (
            "cn-north-1",
            "aws-cn",
            "amazonaws.com.cn",
            "api.amazonwebservices.com.cn",
            true,
        ),
        (
            "aws-cn-global",
            "aws-cn",
            "amazonaws.com.cn",
            "api.amazonwebservices.com.cn",
            true,
        ),
        (
            "us-gov-west-1",
            "aws-us-gov",
            "amazonaws.com",
            "api.aws",
            true,
        ),
        (
            "us-iso-east-1",
            "aws-iso",
            "c2s.ic.gov",
            "api.aws.ic.gov",
            false,
        ),
        (
            "us-isob-east-1",
            "aws-iso-b",
            "sc2s.sgov.gov",
            "api.aws.scloud",
            false,
        ),
        (
            "eu-isoe-west-1",
            "aws-iso-e",
            "cloud.adc-e.uk",
            "api.cloud-aws.adc-e.uk",
            false,
        ),
        (
            "us-isof-south-1",
            "aws-iso-f",
            "csp.hci.ic.gov",
            "api.aws.hci.ic.gov",
            false,
        ),
        (
            "eusc-de-east-1",
            "aws-eusc",
            "amazonaws.eu",
            "api.amazonwebservices.eu",
            true,
        ),
    ];
    for (region, name, dns, dual, dual_supported) in expected {
        let p = partition(region);
        assert_eq!(
            (p["name"].as_str(), p["dnsSuffix"].as_str()),
            (Some(name), Some(dns)),
            "{region}"
        );
        assert_eq!(p["dualStackDnsSuffix"], dual, "{region}");
        assert_eq!(
            (
                p["supportsFIPS"].as_bool(),
                p["supportsDualStack"].as_bool()
            ),
            (Some(true), Some(dual_supported))
        );
        assert!(p["implicitGlobalRegion"].is_string());
    }
    assert_eq!(
        partition("us-gov-west-1")["implicitGlobalRegion"],
        "us-gov-west-1"
    );
    assert_eq!(
        partition("cn-north-1")["implicitGlobalRegion"],
        "cn-northwest-1"
    );
}

#[test]
fn regions_not_listed_match_by_pattern_or_fall_into_aws() {
    assert_eq!(partition("us-west-42")["name"], "aws");
    assert_eq!(partition("mx-central-7")["name"], "aws");
    assert_eq!(partition("cn-south-9")["name"], "aws-cn");
    assert_eq!(partition("us-gov-south-3")["name"], "aws-us-gov");
    assert_eq!(partition("us-iso-north-2")["name"], "aws-iso");
    assert_eq!(partition("us-isob-south-2")["name"], "aws-iso-b");
    assert_eq!(partition("eu-isoe-north-2")["name"], "aws-iso-e");
    assert_eq!(partition("us-isof-west-2")["name"], "aws-iso-f");
    assert_eq!(partition("eusc-de-west-2")["name"], "aws-eusc");
    for unknown in [
        "",
        "local",
        "eusc-fr-east-1",
        "US-EAST-1",
        "xx-yy-1x",
        "us-east-1 ",
    ] {
        assert_eq!(partition(unknown)["name"], "aws", "{unknown:?}");
    }
}

#[test]
fn custom_partition_tables() {
    let table = Partitions::from_json(
        r#"{"partitions": [
            {"id": "p1", "outputs": {"name": "p1", "dnsSuffix": "one"}, "regionRegex": "one-\\d",
             "regions": {"special": {"description": "x", "dnsSuffix": "override"}}},
            {"id": "aws", "outputs": {"name": "aws", "dnsSuffix": "two"}, "regionRegex": "^two$"}
        ]}"#,
    )
    .unwrap();
    assert_eq!(table.lookup("one-1").unwrap()["dnsSuffix"], "one");
    // Patterns must match the whole region.
    assert_eq!(table.lookup("xone-1").unwrap()["name"], "aws");
    assert_eq!(
        table.lookup("special").unwrap(),
        json!({"name": "p1", "dnsSuffix": "override"})
    );
    assert_eq!(Partitions::default().lookup("us-east-1"), None);
    for bad in [
        "{",
        "{}",
        r#"{"partitions": [{"id": "x"}]}"#,
        r#"{"partitions": [{"id": "x", "outputs": {}, "regionRegex": "("}]}"#,
    ] {
        assert!(
            matches!(
                Partitions::from_json(bad),
                Err(EndpointError::InvalidRuleSet { .. })
            ),
            "{bad}"
        );
    }
}
