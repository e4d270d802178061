//! The other groups of operations on the handlers: accounts, users, bots, settings, phone
//! numbers and orders, dial-outs, message redaction.

use std::sync::Arc;

use chime::operation::associate_phone_number_with_user::AssociatePhoneNumberWithUserInput;
use chime::operation::batch_delete_phone_number::BatchDeletePhoneNumberInput;
use chime::operation::batch_suspend_user::BatchSuspendUserInput;
use chime::operation::batch_unsuspend_user::BatchUnsuspendUserInput;
use chime::operation::create_account::CreateAccountInput;
use chime::operation::create_bot::{CreateBotError, CreateBotInput};
use chime::operation::create_meeting_dial_out::{
    CreateMeetingDialOutError, CreateMeetingDialOutInput,
};
use chime::operation::create_phone_number_order::CreatePhoneNumberOrderInput;
use chime::operation::delete_account::{DeleteAccountError, DeleteAccountInput};
use chime::operation::delete_phone_number::DeletePhoneNumberInput;
use chime::operation::get_events_configuration::{
    GetEventsConfigurationError, GetEventsConfigurationInput,
};
use chime::operation::get_phone_number::GetPhoneNumberInput;
use chime::operation::get_retention_settings::{
    GetRetentionSettingsError, GetRetentionSettingsInput,
};
use chime::operation::get_user::{GetUserError, GetUserInput};
use chime::operation::invite_users::{InviteUsersError, InviteUsersInput};
use chime::operation::list_accounts::ListAccountsInput;
use chime::operation::list_phone_numbers::ListPhoneNumbersInput;
use chime::operation::put_events_configuration::PutEventsConfigurationInput;
use chime::operation::put_retention_settings::PutRetentionSettingsInput;
use chime::operation::redact_conversation_message::{
    RedactConversationMessageError, RedactConversationMessageInput,
};
use chime::operation::redact_room_message::RedactRoomMessageInput;
use chime::operation::regenerate_security_token::RegenerateSecurityTokenInput;
use chime::operation::reset_personal_pin::ResetPersonalPinInput;
use chime::operation::restore_phone_number::RestorePhoneNumberInput;
use chime::operation::search_available_phone_numbers::{
    SearchAvailablePhoneNumbersError, SearchAvailablePhoneNumbersInput,
};
use chime::operation::update_phone_number::UpdatePhoneNumberInput;
use chime::types::{
    ErrorCode, OrderedPhoneNumberStatus, PhoneNumberOrderStatus, PhoneNumberProductType,
    PhoneNumberStatus, RegistrationStatus, RetentionSettings, RoomRetentionSettings,
};
use chime_emulator::{ops, seed, Emulator};

fn seeded() -> Arc<Emulator> {
    let emu = Emulator::in_memory().unwrap();
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seed.json"))
        .unwrap();
    let report = seed::apply(&emu, &seed::parse(&text).unwrap()).unwrap();
    assert_eq!(report.created.len(), 2);
    emu
}

const ENT: &str = "4f8a6f5e-3c1d-4b2a-9e8f-0a1b2c3d4e5f";
const ALICE: &str = "1ab2345c-67de-4901-a23b-45c678901d2e";

#[tokio::test]
async fn accounts_and_users() {
    let emu = seeded();
    let team = ops::create_account(
        emu.clone(),
        CreateAccountInput::builder()
            .name("Team A")
            .build()
            .unwrap(),
    )
    .await
    .unwrap()
    .account
    .unwrap();
    let listed = ops::list_accounts(
        emu.clone(),
        ListAccountsInput::builder().name("Team").build(),
    )
    .await
    .unwrap()
    .accounts
    .unwrap();
    assert_eq!(
        listed.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        ["Team A"]
    );
    let by_email = ops::list_accounts(
        emu.clone(),
        ListAccountsInput::builder()
            .user_email("ALICE@example.com")
            .build(),
    )
    .await
    .unwrap()
    .accounts
    .unwrap();
    assert_eq!(by_email.len(), 1);
    assert_eq!(by_email[0].account_id, ENT);

    // InviteUsers: Team only.
    let invites = ops::invite_users(
        emu.clone(),
        InviteUsersInput::builder()
            .account_id(&team.account_id)
            .user_email_list("new@example.com")
            .build()
            .unwrap(),
    )
    .await
    .unwrap()
    .invites
    .unwrap();
    assert_eq!(invites.len(), 1);
    let err = ops::invite_users(
        emu.clone(),
        InviteUsersInput::builder()
            .account_id(ENT)
            .user_email_list("x@example.com")
            .build()
            .unwrap(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, InviteUsersError::ForbiddenException(_)));

    // A Team account with an active user cannot be deleted (422) until it is suspended.
    let err = ops::delete_account(
        emu.clone(),
        DeleteAccountInput::builder()
            .account_id(&team.account_id)
            .build()
            .unwrap(),
    )
    .await
    .unwrap_err();
    assert!(matches!(
        err,
        DeleteAccountError::UnprocessableEntityException(_)
    ));

    // Suspend and unsuspend in the EnterpriseLWA account; unknown users are reported.
    let out = ops::batch_suspend_user(
        emu.clone(),
        BatchSuspendUserInput::builder()
            .account_id(ENT)
            .user_id_list(ALICE)
            .user_id_list("nobody")
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    let errors = out.user_errors.unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].error_code, Some(ErrorCode::NotFound));
    let get = || {
        ops::get_user(
            emu.clone(),
            GetUserInput::builder()
                .account_id(ENT)
                .user_id(ALICE)
                .build()
                .unwrap(),
        )
    };
    assert_eq!(
        get().await.unwrap().user.unwrap().user_registration_status,
        Some(RegistrationStatus::Suspended)
    );
    ops::batch_unsuspend_user(
        emu.clone(),
        BatchUnsuspendUserInput::builder()
            .account_id(ENT)
            .user_id_list(ALICE)
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    let alice = get().await.unwrap().user.unwrap();
    assert_eq!(
        alice.user_registration_status,
        Some(RegistrationStatus::Registered)
    );
    let pin = alice.personal_pin.unwrap();
    let reset = ops::reset_personal_pin(
        emu.clone(),
        ResetPersonalPinInput::builder()
            .account_id(ENT)
            .user_id(ALICE)
            .build()
            .unwrap(),
    )
    .await
    .unwrap()
    .user
    .unwrap();
    assert_ne!(reset.personal_pin.unwrap(), pin);
    let err = ops::get_user(
        emu.clone(),
        GetUserInput::builder()
            .account_id(ENT)
            .user_id("nobody")
            .build()
            .unwrap(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, GetUserError::NotFoundException(_)));
}

#[tokio::test]
async fn bots_retention_and_messages() {
    let emu = seeded();
    let team = ops::create_account(
        emu.clone(),
        CreateAccountInput::builder().name("T").build().unwrap(),
    )
    .await
    .unwrap()
    .account
    .unwrap();
    let err = ops::create_bot(
        emu.clone(),
        CreateBotInput::builder()
            .account_id(&team.account_id)
            .display_name("b")
            .build()
            .unwrap(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, CreateBotError::ForbiddenException(_)));
    let bot = ops::create_bot(
        emu.clone(),
        CreateBotInput::builder()
            .account_id(ENT)
            .display_name("Build Bot")
            .domain("example.com")
            .build()
            .unwrap(),
    )
    .await
    .unwrap()
    .bot
    .unwrap();
    let bot_id = bot.bot_id.clone().unwrap();
    assert!(bot.bot_email.unwrap().ends_with("@example.com"));
    let token = bot.security_token.unwrap();
    let again = ops::regenerate_security_token(
        emu.clone(),
        RegenerateSecurityTokenInput::builder()
            .account_id(ENT)
            .bot_id(&bot_id)
            .build()
            .unwrap(),
    )
    .await
    .unwrap()
    .bot
    .unwrap();
    assert_ne!(again.security_token.unwrap(), token);
    let get_events = || {
        ops::get_events_configuration(
            emu.clone(),
            GetEventsConfigurationInput::builder()
                .account_id(ENT)
                .bot_id(&bot_id)
                .build()
                .unwrap(),
        )
    };
    assert!(matches!(
        get_events().await.unwrap_err(),
        GetEventsConfigurationError::NotFoundException(_)
    ));
    ops::put_events_configuration(
        emu.clone(),
        PutEventsConfigurationInput::builder()
            .account_id(ENT)
            .bot_id(&bot_id)
            .outbound_events_https_endpoint("https://example.com/events")
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(
        get_events()
            .await
            .unwrap()
            .events_configuration
            .unwrap()
            .outbound_events_https_endpoint
            .as_deref(),
        Some("https://example.com/events")
    );

    // Retention: Enterprise only.
    let err = ops::get_retention_settings(
        emu.clone(),
        GetRetentionSettingsInput::builder()
            .account_id(&team.account_id)
            .build()
            .unwrap(),
    )
    .await
    .unwrap_err();
    assert!(matches!(
        err,
        GetRetentionSettingsError::ForbiddenException(_)
    ));
    let settings = RetentionSettings::builder()
        .room_retention_settings(RoomRetentionSettings::builder().retention_days(30).build())
        .build();
    let out = ops::put_retention_settings(
        emu.clone(),
        PutRetentionSettingsInput::builder()
            .account_id(ENT)
            .retention_settings(settings)
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(
        out.retention_settings
            .unwrap()
            .room_retention_settings
            .unwrap()
            .retention_days,
        Some(30)
    );
    assert!(out.initiate_deletion_timestamp.is_some());

    // Redaction: seeded messages only.
    ops::redact_room_message(
        emu.clone(),
        RedactRoomMessageInput::builder()
            .account_id(ENT)
            .room_id("5b7c8d9e-0f1a-4b2c-8d3e-4f5a6b7c8d9e")
            .message_id("m-1")
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    let err = ops::redact_conversation_message(
        emu.clone(),
        RedactConversationMessageInput::builder()
            .account_id(ENT)
            .conversation_id("conv-1")
            .message_id("missing")
            .build()
            .unwrap(),
    )
    .await
    .unwrap_err();
    assert!(matches!(
        err,
        RedactConversationMessageError::NotFoundException(_)
    ));
    ops::redact_conversation_message(
        emu.clone(),
        RedactConversationMessageInput::builder()
            .account_id(ENT)
            .conversation_id("conv-1")
            .message_id("m-1")
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn phone_numbers_orders_and_dial_outs() {
    let emu = seeded();
    let search = |input: SearchAvailablePhoneNumbersInput| {
        ops::search_available_phone_numbers(emu.clone(), input)
    };
    let err = search(SearchAvailablePhoneNumbersInput::builder().build())
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        SearchAvailablePhoneNumbersError::BadRequestException(_)
    ));
    let first = search(
        SearchAvailablePhoneNumbersInput::builder()
            .area_code("206")
            .max_results(3)
            .build(),
    )
    .await
    .unwrap();
    let numbers = first.e164_phone_numbers.unwrap();
    assert_eq!(numbers, ["+12065550100", "+12065550101", "+12065550102"]);
    let next = search(
        SearchAvailablePhoneNumbersInput::builder()
            .area_code("206")
            .max_results(3)
            .set_next_token(first.next_token)
            .build(),
    )
    .await
    .unwrap();
    assert_eq!(next.e164_phone_numbers.unwrap()[0], "+12065550103");

    let order = ops::create_phone_number_order(
        emu.clone(),
        CreatePhoneNumberOrderInput::builder()
            .product_type(PhoneNumberProductType::BusinessCalling)
            .e164_phone_numbers("+12065550100")
            .e164_phone_numbers("+12065550100")
            .build()
            .unwrap(),
    )
    .await
    .unwrap()
    .phone_number_order
    .unwrap();
    assert_eq!(order.status, Some(PhoneNumberOrderStatus::Partial));
    let statuses: Vec<_> = order
        .ordered_phone_numbers
        .unwrap()
        .into_iter()
        .map(|n| n.status.unwrap())
        .collect();
    assert_eq!(
        statuses,
        [
            OrderedPhoneNumberStatus::Acquired,
            OrderedPhoneNumberStatus::Failed
        ]
    );
    // Acquired numbers are no longer available.
    let again = search(
        SearchAvailablePhoneNumbersInput::builder()
            .area_code("206")
            .max_results(1)
            .build(),
    )
    .await
    .unwrap();
    assert_eq!(again.e164_phone_numbers.unwrap(), ["+12065550101"]);

    ops::associate_phone_number_with_user(
        emu.clone(),
        AssociatePhoneNumberWithUserInput::builder()
            .account_id(ENT)
            .user_id(ALICE)
            .e164_phone_number("+12065550100")
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    let listed = ops::list_phone_numbers(
        emu.clone(),
        ListPhoneNumbersInput::builder()
            .filter_name("UserId")
            .filter_value(ALICE)
            .build(),
    )
    .await
    .unwrap()
    .phone_numbers
    .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].status, Some(PhoneNumberStatus::Assigned));
    // Associated numbers cannot be deleted.
    let out = ops::batch_delete_phone_number(
        emu.clone(),
        BatchDeletePhoneNumberInput::builder()
            .phone_number_ids("+12065550100")
            .phone_number_ids("+19995550100")
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    let codes: Vec<_> = out
        .phone_number_errors
        .unwrap()
        .into_iter()
        .map(|e| e.error_code.unwrap())
        .collect();
    assert_eq!(
        codes,
        [ErrorCode::PhoneNumberAssociationsExist, ErrorCode::NotFound]
    );

    let dial = ops::create_meeting_dial_out(
        emu.clone(),
        CreateMeetingDialOutInput::builder()
            .meeting_id("12345678-1234-4234-8234-123456789012")
            .from_phone_number("+12065550100")
            .to_phone_number("+14155550123")
            .join_token("token-token-token")
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    assert!(dial.transaction_id.is_some());
    let err = ops::create_meeting_dial_out(
        emu.clone(),
        CreateMeetingDialOutInput::builder()
            .meeting_id("12345678-1234-4234-8234-123456789012")
            .from_phone_number("+14155550199")
            .to_phone_number("+14155550123")
            .join_token("token-token-token")
            .build()
            .unwrap(),
    )
    .await
    .unwrap_err();
    assert!(matches!(
        err,
        CreateMeetingDialOutError::AccessDeniedException(_)
    ));

    // Calling name, then delete and restore an unassociated number.
    let updated = ops::update_phone_number(
        emu.clone(),
        UpdatePhoneNumberInput::builder()
            .phone_number_id("+12065550100")
            .calling_name("Example")
            .build()
            .unwrap(),
    )
    .await
    .unwrap()
    .phone_number
    .unwrap();
    assert_eq!(updated.calling_name.as_deref(), Some("Example"));
    ops::create_phone_number_order(
        emu.clone(),
        CreatePhoneNumberOrderInput::builder()
            .product_type(PhoneNumberProductType::VoiceConnector)
            .e164_phone_numbers("+18005550100")
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    ops::delete_phone_number(
        emu.clone(),
        DeletePhoneNumberInput::builder()
            .phone_number_id("+18005550100")
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    let n = ops::get_phone_number(
        emu.clone(),
        GetPhoneNumberInput::builder()
            .phone_number_id("+18005550100")
            .build()
            .unwrap(),
    )
    .await
    .unwrap()
    .phone_number
    .unwrap();
    assert_eq!(n.status, Some(PhoneNumberStatus::DeleteInProgress));
    let n = ops::restore_phone_number(
        emu.clone(),
        RestorePhoneNumberInput::builder()
            .phone_number_id("+18005550100")
            .build()
            .unwrap(),
    )
    .await
    .unwrap()
    .phone_number
    .unwrap();
    assert_eq!(n.status, Some(PhoneNumberStatus::Unassigned));
}

#[test]
fn every_operation_has_a_handler() {
    assert_eq!(ops::OPERATIONS.len(), 62);
    let mut count = 0;
    macro_rules! count {
        ($(($handler:ident, $op:ident)),* $(,)?) => {
            $(
                let _ = ops::$handler;
                let _: Option<chime::operation::$handler::$op> = None;
                count += 1;
            )*
        };
    }
    chime_emulator::for_each_operation!(count);
    assert_eq!(count, 62);
}
