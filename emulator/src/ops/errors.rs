//! Each operation's error type from a [`Fail`]: the kinds the model lists for the operation
//! keep their exception; a kind the operation does not list is answered as
//! `BadRequestException` (with the same message), and store failures as
//! `ServiceFailureException` (500).

use chime::operation::*;
use chime::types::error as ex;
use chime::types::ErrorCode;

use crate::store::Fail;

fn code_of(f: &Fail) -> ErrorCode {
    match f {
        Fail::BadRequest(_) => ErrorCode::BadRequest,
        Fail::Forbidden(_) => ErrorCode::Forbidden,
        Fail::NotFound(_) => ErrorCode::NotFound,
        Fail::Conflict(_) => ErrorCode::Conflict,
        Fail::LimitExceeded(_) => ErrorCode::ResourceLimitExceeded,
        Fail::Unprocessable(_) => ErrorCode::Unprocessable,
        Fail::AccessDenied(_) => ErrorCode::AccessDenied,
        Fail::Internal(_) => ErrorCode::ServiceFailure,
    }
}

macro_rules! op_error {
    ($module:ident :: $error:ident { $($kind:ident => $exception:ident),* $(,)? }) => {
        impl From<Fail> for $module::$error {
            fn from(fail: Fail) -> Self {
                let code = code_of(&fail);
                match fail {
                    $(Fail::$kind(message) => $module::$error::$exception(
                        ex::$exception::builder().code(code).message(message).build(),
                    ),)*
                    Fail::Internal(message) => $module::$error::ServiceFailureException(
                        ex::ServiceFailureException::builder().code(code).message(message).build(),
                    ),
                    #[allow(unreachable_patterns)]
                    other => $module::$error::BadRequestException(
                        ex::BadRequestException::builder()
                            .code(ErrorCode::BadRequest)
                            .message(other.message())
                            .build(),
                    ),
                }
            }
        }
    };
}

op_error!(associate_phone_number_with_user::AssociatePhoneNumberWithUserError { AccessDenied => AccessDeniedException, Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(associate_signin_delegate_groups_with_account::AssociateSigninDelegateGroupsWithAccountError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(batch_create_room_membership::BatchCreateRoomMembershipError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(batch_delete_phone_number::BatchDeletePhoneNumberError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(batch_suspend_user::BatchSuspendUserError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(batch_unsuspend_user::BatchUnsuspendUserError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(batch_update_phone_number::BatchUpdatePhoneNumberError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(batch_update_user::BatchUpdateUserError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(create_account::CreateAccountError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(create_bot::CreateBotError { Forbidden => ForbiddenException, NotFound => NotFoundException, LimitExceeded => ResourceLimitExceededException });
op_error!(create_meeting_dial_out::CreateMeetingDialOutError { AccessDenied => AccessDeniedException, Forbidden => ForbiddenException, LimitExceeded => ResourceLimitExceededException });
op_error!(create_phone_number_order::CreatePhoneNumberOrderError { AccessDenied => AccessDeniedException, Forbidden => ForbiddenException, LimitExceeded => ResourceLimitExceededException });
op_error!(create_room::CreateRoomError { Forbidden => ForbiddenException, NotFound => NotFoundException, LimitExceeded => ResourceLimitExceededException });
op_error!(create_room_membership::CreateRoomMembershipError { Conflict => ConflictException, Forbidden => ForbiddenException, NotFound => NotFoundException, LimitExceeded => ResourceLimitExceededException });
op_error!(create_user::CreateUserError { Conflict => ConflictException, Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(delete_account::DeleteAccountError { Forbidden => ForbiddenException, NotFound => NotFoundException, Unprocessable => UnprocessableEntityException });
op_error!(delete_events_configuration::DeleteEventsConfigurationError { Forbidden => ForbiddenException, LimitExceeded => ResourceLimitExceededException });
op_error!(delete_phone_number::DeletePhoneNumberError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(delete_room::DeleteRoomError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(delete_room_membership::DeleteRoomMembershipError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(disassociate_phone_number_from_user::DisassociatePhoneNumberFromUserError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(disassociate_signin_delegate_groups_from_account::DisassociateSigninDelegateGroupsFromAccountError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(get_account::GetAccountError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(get_account_settings::GetAccountSettingsError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(get_bot::GetBotError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(get_events_configuration::GetEventsConfigurationError { Forbidden => ForbiddenException, NotFound => NotFoundException, LimitExceeded => ResourceLimitExceededException });
op_error!(get_global_settings::GetGlobalSettingsError { Forbidden => ForbiddenException });
op_error!(get_phone_number::GetPhoneNumberError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(get_phone_number_order::GetPhoneNumberOrderError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(get_phone_number_settings::GetPhoneNumberSettingsError { Forbidden => ForbiddenException });
op_error!(get_retention_settings::GetRetentionSettingsError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(get_room::GetRoomError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(get_user::GetUserError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(get_user_settings::GetUserSettingsError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(invite_users::InviteUsersError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(list_accounts::ListAccountsError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(list_bots::ListBotsError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(list_phone_number_orders::ListPhoneNumberOrdersError { Forbidden => ForbiddenException });
op_error!(list_phone_numbers::ListPhoneNumbersError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(list_room_memberships::ListRoomMembershipsError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(list_rooms::ListRoomsError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(list_supported_phone_number_countries::ListSupportedPhoneNumberCountriesError { AccessDenied => AccessDeniedException, Forbidden => ForbiddenException });
op_error!(list_users::ListUsersError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(logout_user::LogoutUserError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(put_events_configuration::PutEventsConfigurationError { Forbidden => ForbiddenException, NotFound => NotFoundException, LimitExceeded => ResourceLimitExceededException });
op_error!(put_retention_settings::PutRetentionSettingsError { Conflict => ConflictException, Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(redact_conversation_message::RedactConversationMessageError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(redact_room_message::RedactRoomMessageError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(regenerate_security_token::RegenerateSecurityTokenError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(reset_personal_pin::ResetPersonalPinError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(restore_phone_number::RestorePhoneNumberError { Forbidden => ForbiddenException, NotFound => NotFoundException, LimitExceeded => ResourceLimitExceededException });
op_error!(search_available_phone_numbers::SearchAvailablePhoneNumbersError { AccessDenied => AccessDeniedException, Forbidden => ForbiddenException });
op_error!(update_account::UpdateAccountError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(update_account_settings::UpdateAccountSettingsError { Conflict => ConflictException, Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(update_bot::UpdateBotError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(update_global_settings::UpdateGlobalSettingsError { Forbidden => ForbiddenException });
op_error!(update_phone_number::UpdatePhoneNumberError { Conflict => ConflictException, Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(update_phone_number_settings::UpdatePhoneNumberSettingsError { Forbidden => ForbiddenException });
op_error!(update_room::UpdateRoomError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(update_room_membership::UpdateRoomMembershipError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(update_user::UpdateUserError { Forbidden => ForbiddenException, NotFound => NotFoundException });
op_error!(update_user_settings::UpdateUserSettingsError { Forbidden => ForbiddenException, NotFound => NotFoundException });
