//! `response_deserializers`: every operation's client response readers on
//! responses built from the fuzzer's bytes.

use bytes::Bytes;
use smithy_rt::error::ProvideErrorMetadata;
use smithy_rt::operation::{HttpResponse, Operation};

use crate::message;

/// One reader per operation of `chime::operation`, in module order.
macro_rules! operations {
    ($($module:ident $op:ident,)*) => {
        /// Each operation's name and its readers.
        pub const OPERATIONS: &[(&str, fn(&HttpResponse))] = &[
            $((<chime::operation::$module::$op as Operation>::NAME, read::<chime::operation::$module::$op>),)*
        ];
    };
}

operations! {
            associate_phone_number_with_user AssociatePhoneNumberWithUser,
            associate_signin_delegate_groups_with_account AssociateSigninDelegateGroupsWithAccount,
            batch_create_room_membership BatchCreateRoomMembership,
            batch_delete_phone_number BatchDeletePhoneNumber,
            batch_suspend_user BatchSuspendUser,
            batch_unsuspend_user BatchUnsuspendUser,
            batch_update_phone_number BatchUpdatePhoneNumber,
            batch_update_user BatchUpdateUser,
            create_account CreateAccount,
            create_bot CreateBot,
            create_meeting_dial_out CreateMeetingDialOut,
            create_phone_number_order CreatePhoneNumberOrder,
            create_room CreateRoom,
            create_room_membership CreateRoomMembership,
            create_user CreateUser,
            delete_account DeleteAccount,
            delete_events_configuration DeleteEventsConfiguration,
            delete_phone_number DeletePhoneNumber,
            delete_room DeleteRoom,
            delete_room_membership DeleteRoomMembership,
            disassociate_phone_number_from_user DisassociatePhoneNumberFromUser,
            disassociate_signin_delegate_groups_from_account DisassociateSigninDelegateGroupsFromAccount,
            get_account GetAccount,
            get_account_settings GetAccountSettings,
            get_bot GetBot,
            get_events_configuration GetEventsConfiguration,
            get_global_settings GetGlobalSettings,
            get_phone_number GetPhoneNumber,
            get_phone_number_order GetPhoneNumberOrder,
            get_phone_number_settings GetPhoneNumberSettings,
            get_retention_settings GetRetentionSettings,
            get_room GetRoom,
            get_user GetUser,
            get_user_settings GetUserSettings,
            invite_users InviteUsers,
            list_accounts ListAccounts,
            list_bots ListBots,
            list_phone_number_orders ListPhoneNumberOrders,
            list_phone_numbers ListPhoneNumbers,
            list_room_memberships ListRoomMemberships,
            list_rooms ListRooms,
            list_supported_phone_number_countries ListSupportedPhoneNumberCountries,
            list_users ListUsers,
            logout_user LogoutUser,
            put_events_configuration PutEventsConfiguration,
            put_retention_settings PutRetentionSettings,
            redact_conversation_message RedactConversationMessage,
            redact_room_message RedactRoomMessage,
            regenerate_security_token RegenerateSecurityToken,
            reset_personal_pin ResetPersonalPin,
            restore_phone_number RestorePhoneNumber,
            search_available_phone_numbers SearchAvailablePhoneNumbers,
            update_account UpdateAccount,
            update_account_settings UpdateAccountSettings,
            update_bot UpdateBot,
            update_global_settings UpdateGlobalSettings,
            update_phone_number UpdatePhoneNumber,
            update_phone_number_settings UpdatePhoneNumberSettings,
            update_room UpdateRoom,
            update_room_membership UpdateRoomMembership,
            update_user UpdateUser,
            update_user_settings UpdateUserSettings,
}

/// Both readers of `O`, whatever the status (the client calls one of them
/// by status; each must hold on any response), and everything that shows
/// what they read.
fn read<O: Operation>(response: &HttpResponse)
where
    O::Output: std::fmt::Debug,
{
    match O::deserialize_output(response) {
        Ok(output) => drop(format!("{output:?}")),
        Err(e) => drop(e.to_string()),
    }
    let error = O::deserialize_error(response);
    let _ = (error.to_string(), format!("{error:?}"));
    let _ = (error.code(), error.message(), error.request_id());
}

/// The first byte picks the operation; the rest is a response in text form
/// (see [`message`]): a status line whose leading digits are the status
/// (200 if there are none or they are no status), header lines, an empty
/// line, the body. No reader panics.
pub fn response_deserializers(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let (_, read) = OPERATIONS[usize::from(selector) % OPERATIONS.len()];
    let msg = message::split(rest);
    let digits: Vec<u8> = msg
        .first
        .iter()
        .copied()
        .take_while(u8::is_ascii_digit)
        .take(4)
        .collect();
    let status = std::str::from_utf8(&digits)
        .ok()
        .and_then(|d| d.parse::<u16>().ok())
        .and_then(|s| http::StatusCode::from_u16(s).ok())
        .unwrap_or(http::StatusCode::OK);
    let mut response = http::Response::new(Bytes::copy_from_slice(msg.body));
    *response.status_mut() = status;
    *response.headers_mut() = message::header_map(&msg.headers);
    read(&response);
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_operation_once() {
        let mut names: Vec<&str> = super::OPERATIONS.iter().map(|(n, _)| *n).collect();
        assert_eq!(names.len(), 62, "chime::operation has 62 operations");
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 62);
        for name in crate::UNHANDLED {
            assert!(names.contains(name), "{name} is no operation");
        }
    }
}
