//! The same call with aws-sdk-chime + aws-config; built by the benchmark
//! suite for clean-build time and binary size.

use aws_sdk_chime::types::{MembershipItem, RoomMembershipRole};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = aws_sdk_chime::Client::new(&config);
    let output = client
        .batch_create_room_membership()
        .account_id("12a3456b-7c89-012d-3456-78901e23fg45")
        .room_id("abcd1e2d-3e45-6789-01f2-3g45h67i890j")
        .membership_item_list(
            MembershipItem::builder()
                .member_id("1ab2345c")
                .role(RoomMembershipRole::Administrator)
                .build(),
        )
        .membership_item_list(
            MembershipItem::builder()
                .member_id("2ab2345c")
                .role(RoomMembershipRole::Member)
                .build(),
        )
        .send()
        .await?;
    for e in output.errors.unwrap_or_default() {
        println!(
            "{:?}: {:?} {:?}",
            e.member_id, e.error_code, e.error_message
        );
    }
    Ok(())
}
