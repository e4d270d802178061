//! One handler per operation of Amazon Chime, each backed by the store.
//!
//! Every handler has the signature the generated server registers:
//! `async fn x(state: Arc<Emulator>, input: chime::operation::x::XInput)
//! -> Result<chime::operation::x::XOutput, chime::operation::x::XError>`. Each runs as one
//! transaction of the store; errors the model lists for the operation are answered as such, any
//! other failure as `BadRequestException` and store failures as `ServiceFailureException`.
//! The rules are in `SEMANTICS.md`.

mod accounts;
mod bots;
pub(crate) mod common;
mod errors;
mod meetings;
mod memberships;
mod phone;
mod rooms;
mod settings;
mod users;

pub use accounts::*;
pub use bots::*;
pub use meetings::*;
pub use memberships::*;
pub use phone::inventory::*;
pub use phone::*;
pub use rooms::*;
pub use settings::*;
pub use users::*;

pub(crate) use accounts::insert_account;
pub(crate) use bots::insert_bot;
pub(crate) use users::{insert_user, NewUser};

/// The 62 operations, by their Smithy names, in the order of [`for_each_operation!`].
pub const OPERATIONS: [&str; 62] = [
    "AssociatePhoneNumberWithUser",
    "AssociateSigninDelegateGroupsWithAccount",
    "BatchCreateRoomMembership",
    "BatchDeletePhoneNumber",
    "BatchSuspendUser",
    "BatchUnsuspendUser",
    "BatchUpdatePhoneNumber",
    "BatchUpdateUser",
    "CreateAccount",
    "CreateBot",
    "CreateMeetingDialOut",
    "CreatePhoneNumberOrder",
    "CreateRoom",
    "CreateRoomMembership",
    "CreateUser",
    "DeleteAccount",
    "DeleteEventsConfiguration",
    "DeletePhoneNumber",
    "DeleteRoom",
    "DeleteRoomMembership",
    "DisassociatePhoneNumberFromUser",
    "DisassociateSigninDelegateGroupsFromAccount",
    "GetAccount",
    "GetAccountSettings",
    "GetBot",
    "GetEventsConfiguration",
    "GetGlobalSettings",
    "GetPhoneNumber",
    "GetPhoneNumberOrder",
    "GetPhoneNumberSettings",
    "GetRetentionSettings",
    "GetRoom",
    "GetUser",
    "GetUserSettings",
    "InviteUsers",
    "ListAccounts",
    "ListBots",
    "ListPhoneNumberOrders",
    "ListPhoneNumbers",
    "ListRoomMemberships",
    "ListRooms",
    "ListSupportedPhoneNumberCountries",
    "ListUsers",
    "LogoutUser",
    "PutEventsConfiguration",
    "PutRetentionSettings",
    "RedactConversationMessage",
    "RedactRoomMessage",
    "RegenerateSecurityToken",
    "ResetPersonalPIN",
    "RestorePhoneNumber",
    "SearchAvailablePhoneNumbers",
    "UpdateAccount",
    "UpdateAccountSettings",
    "UpdateBot",
    "UpdateGlobalSettings",
    "UpdatePhoneNumber",
    "UpdatePhoneNumberSettings",
    "UpdateRoom",
    "UpdateRoomMembership",
    "UpdateUser",
    "UpdateUserSettings",
];

/// Calls `$callback! { (handler, OperationType), ... }` with every operation: the snake-case
/// name of the handler in [`crate::ops`] (also the module in `chime::operation`) and the
/// operation type, so the server can register every handler at once, e.g.
///
/// ```ignore
/// macro_rules! register {
///     ($(($handler:ident, $op:ident)),* $(,)?) => {
///         builder $(.$handler(chime_emulator::ops::$handler))*
///     };
/// }
/// let builder = chime_emulator::for_each_operation!(register);
/// ```
#[macro_export]
macro_rules! for_each_operation {
    ($callback:ident) => {
        $callback! {
            (associate_phone_number_with_user, AssociatePhoneNumberWithUser),
            (associate_signin_delegate_groups_with_account, AssociateSigninDelegateGroupsWithAccount),
            (batch_create_room_membership, BatchCreateRoomMembership),
            (batch_delete_phone_number, BatchDeletePhoneNumber),
            (batch_suspend_user, BatchSuspendUser),
            (batch_unsuspend_user, BatchUnsuspendUser),
            (batch_update_phone_number, BatchUpdatePhoneNumber),
            (batch_update_user, BatchUpdateUser),
            (create_account, CreateAccount),
            (create_bot, CreateBot),
            (create_meeting_dial_out, CreateMeetingDialOut),
            (create_phone_number_order, CreatePhoneNumberOrder),
            (create_room, CreateRoom),
            (create_room_membership, CreateRoomMembership),
            (create_user, CreateUser),
            (delete_account, DeleteAccount),
            (delete_events_configuration, DeleteEventsConfiguration),
            (delete_phone_number, DeletePhoneNumber),
            (delete_room, DeleteRoom),
            (delete_room_membership, DeleteRoomMembership),
            (disassociate_phone_number_from_user, DisassociatePhoneNumberFromUser),
            (disassociate_signin_delegate_groups_from_account, DisassociateSigninDelegateGroupsFromAccount),
            (get_account, GetAccount),
            (get_account_settings, GetAccountSettings),
            (get_bot, GetBot),
            (get_events_configuration, GetEventsConfiguration),
            (get_global_settings, GetGlobalSettings),
            (get_phone_number, GetPhoneNumber),
            (get_phone_number_order, GetPhoneNumberOrder),
            (get_phone_number_settings, GetPhoneNumberSettings),
            (get_retention_settings, GetRetentionSettings),
            (get_room, GetRoom),
            (get_user, GetUser),
            (get_user_settings, GetUserSettings),
            (invite_users, InviteUsers),
            (list_accounts, ListAccounts),
            (list_bots, ListBots),
            (list_phone_number_orders, ListPhoneNumberOrders),
            (list_phone_numbers, ListPhoneNumbers),
            (list_room_memberships, ListRoomMemberships),
            (list_rooms, ListRooms),
            (list_supported_phone_number_countries, ListSupportedPhoneNumberCountries),
            (list_users, ListUsers),
            (logout_user, LogoutUser),
            (put_events_configuration, PutEventsConfiguration),
            (put_retention_settings, PutRetentionSettings),
            (redact_conversation_message, RedactConversationMessage),
            (redact_room_message, RedactRoomMessage),
            (regenerate_security_token, RegenerateSecurityToken),
            (reset_personal_pin, ResetPersonalPin),
            (restore_phone_number, RestorePhoneNumber),
            (search_available_phone_numbers, SearchAvailablePhoneNumbers),
            (update_account, UpdateAccount),
            (update_account_settings, UpdateAccountSettings),
            (update_bot, UpdateBot),
            (update_global_settings, UpdateGlobalSettings),
            (update_phone_number, UpdatePhoneNumber),
            (update_phone_number_settings, UpdatePhoneNumberSettings),
            (update_room, UpdateRoom),
            (update_room_membership, UpdateRoomMembership),
            (update_user, UpdateUser),
            (update_user_settings, UpdateUserSettings),
        }
    };
}
