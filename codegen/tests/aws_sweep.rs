//! Regressions from `cargo xtask aws-models` (issue 11): shapes of the
//! official AWS models that once generated code failing `-D warnings`, as
//! small models checked on the generated text.

use serde_json::{json, Value};
use smithy_codegen::{generate, Config, GeneratedFile};

fn config() -> Config {
    serde_json::from_value(json!({
        "model": "model.json",
        "service": "ex#Svc",
        "crate_name": "ex",
        "out_dir": "out",
        "operations": ["*"],
    }))
    .expect("a valid config")
}

/// Service `ex#Svc` with operation `ex#Op` (POST /) whose input has a
/// `@length` string `Name` and a member `Kind` targeting an enum with
/// `@pattern` (ebs `ChecksumAlgorithm`), and whose errors are a 400
/// `Mismatch` with a message (efs `AvailabilityZonesMismatch`) and, after
/// it, an AWS-style `ValidationException`: required `message` and `reason`
/// (an enum), optional `fieldList` of `{ name, message }` (account, amp). Texts
/// from the model carry a raw carriage return (codecatalyst).
fn model() -> Value {
    json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": { "type": "service", "version": "1",
                "operations": [{ "target": "ex#Op" }],
                "traits": { "aws.protocols#restJson1": {},
                            "smithy.api#documentation": "<p>The\rservice.</p>" } },
            "ex#Op": { "type": "operation",
                "input": { "target": "ex#OpInput" },
                "errors": [{ "target": "ex#Mismatch" }, { "target": "ex#ValidationException" }],
                "traits": { "smithy.api#http": { "method": "POST", "uri": "/" } } },
            "ex#OpInput": { "type": "structure", "members": {
                "Name": { "target": "ex#Name" },
                "Kind": { "target": "ex#Kind" } } },
            "ex#Name": { "type": "string",
                "traits": { "smithy.api#length": { "min": 1 },
                            "smithy.api#pattern": "^[^\r]+$" } },
            "ex#Kind": { "type": "enum",
                "members": {
                    "A": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "A" } },
                    "B": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "B" } } },
                "traits": { "smithy.api#pattern": "^[A-Z]+$" } },
            "ex#Mismatch": { "type": "structure",
                "members": { "Message": { "target": "smithy.api#String" } },
                "traits": { "smithy.api#error": "client", "smithy.api#httpError": 400 } },
            "ex#ValidationException": { "type": "structure",
                "members": {
                    "message": { "target": "smithy.api#String", "traits": { "smithy.api#required": {} } },
                    "reason": { "target": "ex#Reason", "traits": { "smithy.api#required": {} } },
                    "fieldList": { "target": "ex#FieldList" } },
                "traits": { "smithy.api#error": "client", "smithy.api#httpError": 400 } },
            "ex#Reason": { "type": "enum", "members": {
                "OTHER": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "other" } },
                "FIELD": { "target": "smithy.api#Unit",
                           "traits": { "smithy.api#enumValue": "fieldValidationFailed" } } } },
            "ex#FieldList": { "type": "list", "member": { "target": "ex#Field" } },
            "ex#Field": { "type": "structure", "members": {
                "name": { "target": "smithy.api#String", "traits": { "smithy.api#required": {} } },
                "message": { "target": "smithy.api#String", "traits": { "smithy.api#required": {} } } } }
        }
    })
}

fn files() -> Vec<GeneratedFile> {
    match generate(&config(), "model.json", &model().to_string()) {
        Ok(files) => files,
        Err(diags) => panic!("expected output, got {diags:#?}"),
    }
}

fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    match files.iter().find(|f| f.path == path) {
        Some(f) => &f.contents,
        None => panic!("no {path}"),
    }
}

/// `dead_code: static PATTERN_n is never used`: a `@pattern` on an enum is
/// checked against the enum's wire value (known and unknown values alike),
/// so its static is used.
#[test]
fn a_pattern_on_an_enum_is_checked_on_its_wire_value() {
    let files = files();
    let v = file(&files, "src/validation.rs");
    let uses = |name: &str| v.matches(name).count();
    assert!(uses("PATTERN_0") >= 2, "{v}");
    assert!(uses("PATTERN_1") >= 2, "{v}");
    assert!(v.contains(".as_str(),"), "{v}");
}

/// `bare CR not allowed in doc-comment`: no generated file has a carriage
/// return, whatever the model's texts hold.
#[test]
fn carriage_returns_of_the_model_never_reach_the_output() {
    for f in files() {
        assert!(!f.contents.contains('\r'), "{}:\n{}", f.path, f.contents);
    }
}

/// `E0308 mismatched types` with `--features server`: a model's own
/// `ValidationException` whose builder can fail (other required members)
/// answers a constraint violation as a struct expression: every violation in
/// `message` and `fieldList`, `reason` filled in with the value that reads
/// as a field-validation failure, documented on the impl. It is preferred
/// to a 400 error listed before it.
#[test]
fn a_validation_exception_with_other_required_members_answers_violations() {
    let files = files();
    let op = files
        .iter()
        .find(|f| f.contents.contains("operation_error_response!"))
        .map(|f| f.contents.as_str())
        .unwrap_or_default();
    assert!(op.contains("validation = ValidationException"), "{op}");
    let s = file(&files, "src/protocol/server.rs");
    let at = s
        .find("impl ::smithy_server::FromValidation for crate::types::error::ValidationException")
        .unwrap_or_else(|| panic!("no FromValidation impl:\n{s}"));
    let imp = &s[at..];
    assert!(
        !imp[..imp.find("\n}\n").unwrap_or(imp.len())].contains(".build()"),
        "{imp}"
    );
    for needle in [
        "message: error.to_string()",
        "reason: <crate::types::Reason>::from(\"fieldValidationFailed\")",
        "field_list: ::std::option::Option::Some(",
        ".violations()",
        "name: v.path.clone()",
        "message: v.message.clone()",
        ".with_code(\"ValidationException\")",
    ] {
        assert!(imp.contains(needle), "no {needle:?} in\n{imp}");
    }
    let doc = &s[..at];
    assert!(
        doc.contains("`reason` is `fieldValidationFailed`"),
        "undocumented filler:\n{doc}"
    );
}

/// efs `BadRequest`: a required string `ErrorCode` (and here a required
/// integer) is filled in with an empty value, documented; a `fieldList`
/// whose items may be null (`@sparse`) is left unset.
#[test]
fn other_required_members_are_filled_and_a_sparse_field_list_is_left_unset() {
    let mut m = model();
    let shapes = &mut m["shapes"];
    shapes["ex#ValidationException"]["members"] = json!({
        "Message": { "target": "smithy.api#String" },
        "ErrorCode": { "target": "smithy.api#String", "traits": { "smithy.api#required": {} } },
        "Count": { "target": "smithy.api#Integer", "traits": { "smithy.api#required": {} } },
        "fieldList": { "target": "ex#FieldList" } });
    shapes["ex#FieldList"]["traits"] = json!({ "smithy.api#sparse": {} });
    let files = match generate(&config(), "model.json", &m.to_string()) {
        Ok(files) => files,
        Err(diags) => panic!("expected output, got {diags:#?}"),
    };
    let s = file(&files, "src/protocol/server.rs");
    let at = s
        .find("impl ::smithy_server::FromValidation for crate::types::error::ValidationException")
        .unwrap_or_else(|| panic!("no FromValidation impl:\n{s}"));
    let imp = &s[at..];
    for needle in [
        "error_code: ::std::string::String::from(\"\")",
        "count: 0i32",
        "message: ::std::option::Option::Some(error.to_string())",
        "field_list: ::std::option::Option::None",
    ] {
        assert!(imp.contains(needle), "no {needle:?} in\n{imp}");
    }
    assert!(
        s[..at].contains("`Count` is 0, `ErrorCode` is empty."),
        "undocumented filler:\n{s}"
    );
}

/// A Glacier-shaped service (its real shape id), with an upload operation
/// whose `accountId` label is required, as in the model.
fn glacier_files() -> Vec<GeneratedFile> {
    let model = json!({
        "smithy": "2.0",
        "shapes": {
            "com.amazonaws.glacier#Glacier": { "type": "service", "version": "2012-06-01",
                "operations": [{ "target": "com.amazonaws.glacier#UploadArchive" }],
                "traits": { "aws.protocols#restJson1": {} } },
            "com.amazonaws.glacier#UploadArchive": { "type": "operation",
                "input": { "target": "com.amazonaws.glacier#UploadArchiveInput" },
                "traits": { "smithy.api#http": { "method": "POST",
                    "uri": "/{accountId}/vaults/{vaultName}/archives" } } },
            "com.amazonaws.glacier#UploadArchiveInput": { "type": "structure", "members": {
                "accountId": { "target": "smithy.api#String",
                    "traits": { "smithy.api#httpLabel": {}, "smithy.api#required": {} } },
                "vaultName": { "target": "smithy.api#String",
                    "traits": { "smithy.api#httpLabel": {}, "smithy.api#required": {} } },
                "body": { "target": "smithy.api#Blob", "traits": { "smithy.api#httpPayload": {} } } } }
        }
    });
    let config: Config = serde_json::from_value(json!({
        "model": "model.json",
        "service": "com.amazonaws.glacier#Glacier",
        "crate_name": "glacier",
        "out_dir": "out",
        "operations": ["*"],
    }))
    .expect("a valid config");
    generate(&config, "model.json", &model.to_string()).expect("generates")
}

#[test]
fn glacier_requests_get_the_customizations_every_aws_sdk_makes() {
    let files = glacier_files();
    let op: String = file(&files, "src/operation/upload_archive.rs")
        .split_whitespace()
        .collect();
    // The API version header on every request, unless set.
    assert!(
        op.contains(r#"default_header(request,"x-amz-glacier-version","2012-06-01",)"#),
        "{op}"
    );
    // The default header rebinds `request`: an operation without header
    // members keeps it immutable (`unused_mut` under -D warnings otherwise).
    assert!(!op.contains("letmutrequest"), "{op}");
    // The upload checksums on the finished request.
    assert!(
        op.contains("::smithy_rt::checksum::glacier_checksums(request)"),
        "{op}"
    );
    // `accountId` defaults to `-` (the caller's account) instead of being
    // required from the caller.
    let builders: String = files
        .iter()
        .filter(|f| f.path.contains("upload_archive"))
        .flat_map(|f| f.contents.split_whitespace())
        .collect();
    assert!(
        builders.contains(
            r#"account_id:self.account_id.unwrap_or_else(||::std::string::String::from("-")),"#
        ),
        "{builders}"
    );
    // `vaultName`, required without a default, is still required.
    assert!(
        builders.contains(r#"required(self.vault_name,"vaultName")"#),
        "{builders}"
    );
}
