//! What users see on the wire, as snapshots (review changes with `cargo
//! insta review`): the documented BatchCreateRoomMembership exchange as HTTP
//! text from both sides, the validation messages a client and a server
//! give, and the server's answers to malformed requests. Generated files
//! themselves are pinned by the drift test, not snapshotted again.

use bytes::Bytes;
use chime::operation::batch_create_room_membership::{
    BatchCreateRoomMembership, BatchCreateRoomMembershipInput, BatchCreateRoomMembershipOutput,
};
use chime::server::ChimeService;
use chime::types::{MembershipItem, RoomMembershipRole};
use smithy_rt::operation::Operation;

fn documented_input() -> BatchCreateRoomMembershipInput {
    BatchCreateRoomMembershipInput::builder()
        .account_id("12a3456b-7c89-012d-3456-78901e23fg45")
        .room_id("abcd1e2d-3e45-6789-01f2-3g45h67i890j")
        .membership_item_list(
            MembershipItem::builder()
                .member_id("1ab2345c-67de-8901-f23g-45h678901j2k")
                .role(RoomMembershipRole::Administrator)
                .build(),
        )
        .membership_item_list(
            MembershipItem::builder()
                .member_id("2ab2345c-67de-8901-f23g-45h678901j2k")
                .role("Member")
                .build(),
        )
        .build()
        .unwrap()
}

fn body_text(body: &[u8]) -> String {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(v) => serde_json::to_string_pretty(&v).unwrap(),
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    }
}

fn request_text(r: &http::Request<Bytes>) -> String {
    let mut out = format!("{} {}\n", r.method(), r.uri());
    let mut headers: Vec<_> = r.headers().iter().collect();
    headers.sort_by_key(|(k, _)| k.as_str());
    for (k, v) in headers {
        out.push_str(&format!("{k}: {}\n", v.to_str().unwrap_or("<binary>")));
    }
    out.push('\n');
    out.push_str(&body_text(r.body()));
    out
}

fn response_text(r: &http::Response<Bytes>) -> String {
    let mut out = format!("HTTP/1.1 {}\n", r.status());
    let mut headers: Vec<_> = r
        .headers()
        .iter()
        .filter(|(k, _)| k.as_str() != "x-amzn-requestid")
        .collect();
    headers.sort_by_key(|(k, _)| k.as_str());
    for (k, v) in headers {
        out.push_str(&format!("{k}: {}\n", v.to_str().unwrap_or("<binary>")));
    }
    out.push('\n');
    out.push_str(&body_text(r.body()));
    out
}

fn server() -> smithy_server::Service<ChimeService<()>> {
    ChimeService::builder(())
        .batch_create_room_membership(|_, _| async {
            Ok(BatchCreateRoomMembershipOutput::builder()
                .set_errors(Some(vec![]))
                .build())
        })
        .build_unchecked()
        .into_service()
}

#[test]
fn documented_request_as_the_client_sends_it() {
    let request = BatchCreateRoomMembership::serialize(&documented_input()).unwrap();
    insta::assert_snapshot!(request_text(&request));
}

#[tokio::test]
async fn documented_response_as_the_server_answers() {
    let request = BatchCreateRoomMembership::serialize(&documented_input()).unwrap();
    let response = server().call_bytes(request).await;
    insta::assert_snapshot!(response_text(&response));
}

#[test]
fn client_validation_messages() {
    let mut b = BatchCreateRoomMembershipInput::builder()
        .account_id("")
        .room_id(" ");
    for i in 0..51 {
        b = b.membership_item_list(MembershipItem::builder().member_id(format!("m{i}")).build());
    }
    b = b.membership_item_list(
        MembershipItem::builder()
            .member_id("\u{a0}")
            .role("Owner")
            .build(),
    );
    let err = b.build().unwrap().validate().unwrap_err();
    let lines: Vec<String> = err
        .violations()
        .iter()
        .map(|v| format!("{}: {}", v.path, v.message))
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}

#[tokio::test]
async fn server_answers_to_malformed_requests() {
    let svc = server();
    let path = "/accounts/a/rooms/r/memberships?operation=batch-create";
    let json = |body: &str| {
        http::Request::builder()
            .method("POST")
            .uri(path)
            .header("content-type", "application/json")
            .body(Bytes::copy_from_slice(body.as_bytes()))
            .unwrap()
    };
    let cases = vec![
        ("invalid JSON", json("{\"MembershipItemList\": [")),
        (
            "a string where a list belongs",
            json(r#"{"MembershipItemList":"x"}"#),
        ),
        ("a missing required member", json("{}")),
        ("51 items, a blank id and an unknown role", {
            let mut items: Vec<String> = (0..51)
                .map(|i| format!(r#"{{"MemberId":"m{i}"}}"#))
                .collect();
            items.push(r#"{"MemberId":" ","Role":"Owner"}"#.to_owned());
            json(&format!(
                r#"{{"MembershipItemList":[{}]}}"#,
                items.join(",")
            ))
        }),
        (
            "a wrong content type",
            http::Request::builder()
                .method("POST")
                .uri(path)
                .header("content-type", "text/plain")
                .body(Bytes::from_static(b"{}"))
                .unwrap(),
        ),
        (
            "an unknown path",
            json("{}").map(|b| b).tap_uri("/nothing/here"),
        ),
        (
            "a known path with the wrong method",
            http::Request::builder()
                .method("PUT")
                .uri(path)
                .body(Bytes::new())
                .unwrap(),
        ),
    ];
    let mut out = String::new();
    for (what, request) in cases {
        let response = svc.call_bytes(request).await;
        out.push_str(&format!("## {what}\n{}\n\n", response_text(&response)));
    }
    insta::assert_snapshot!(out);
}

trait TapUri {
    fn tap_uri(self, uri: &str) -> Self;
}

impl TapUri for http::Request<Bytes> {
    fn tap_uri(mut self, uri: &str) -> Self {
        *self.uri_mut() = uri.parse().unwrap();
        self
    }
}
