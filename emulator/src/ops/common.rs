//! Rows of the store and their conversion to the generated types, shared by the handlers.

use chime::types::{
    Account, AccountStatus, AccountType, AlexaForBusinessMetadata, Bot, BotType, InviteStatus,
    License, Member, MemberType, RegistrationStatus, Room, RoomMembership, RoomMembershipRole,
    SigninDelegateGroup, User, UserType,
};
use rusqlite::{params, OptionalExtension, Row, Transaction};

use crate::store::{token, Fail};
use crate::util::ts;

/// A failed builder of a generated type: a bug of ours, answered as a 500.
pub fn built<T>(r: Result<T, smithy_rt::error::BuildError>) -> Result<T, Fail> {
    r.map_err(|e| Fail::Internal(format!("could not build the response: {e}")))
}

/// Whether an account type is one of the Enterprise types.
pub fn is_enterprise(account_type: &str) -> bool {
    account_type != AccountType::Team.as_str()
}

/// An account as stored.
#[derive(Clone, Debug)]
pub struct AccountRow {
    pub id: String,
    pub aws_account_id: String,
    pub name: String,
    pub account_type: String,
    pub status: String,
    pub default_license: String,
    pub created: i64,
    pub disable_remote_control: bool,
    pub enable_dial_out: bool,
    pub room_retention_days: Option<i32>,
    pub conversation_retention_days: Option<i32>,
    pub retention_initiated: Option<i64>,
}

pub const ACCOUNT_COLUMNS: &str =
    "id, aws_account_id, name, account_type, status, default_license, created, \
     disable_remote_control, enable_dial_out, room_retention_days, conversation_retention_days, \
     retention_initiated, seq";

impl AccountRow {
    pub fn from_row(r: &Row<'_>) -> rusqlite::Result<AccountRow> {
        Ok(AccountRow {
            id: r.get(0)?,
            aws_account_id: r.get(1)?,
            name: r.get(2)?,
            account_type: r.get(3)?,
            status: r.get(4)?,
            default_license: r.get(5)?,
            created: r.get(6)?,
            disable_remote_control: r.get(7)?,
            enable_dial_out: r.get(8)?,
            room_retention_days: r.get(9)?,
            conversation_retention_days: r.get(10)?,
            retention_initiated: r.get(11)?,
        })
    }

    /// `ForbiddenException` unless this is an Enterprise account.
    pub fn require_enterprise(&self) -> Result<(), Fail> {
        if is_enterprise(&self.account_type) {
            Ok(())
        } else {
            Err(Fail::Forbidden(format!(
                "The account {} is a {} account; this action needs an Amazon Chime Enterprise account.",
                self.id, self.account_type
            )))
        }
    }
}

/// The account `id`, or `NotFoundException`.
pub fn account(tx: &Transaction<'_>, id: &str) -> Result<AccountRow, Fail> {
    tx.prepare_cached(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ?1"
    ))?
    .query_row([id], AccountRow::from_row)
    .optional()?
    .ok_or_else(|| Fail::NotFound(format!("The account {id} was not found.")))
}

/// The licenses every account supports.
pub const SUPPORTED_LICENSES: [License; 2] = [License::Basic, License::Pro];

/// The generated `Account` for a stored account.
pub fn account_out(tx: &Transaction<'_>, a: &AccountRow) -> Result<Account, Fail> {
    let mut stmt = tx.prepare_cached(
        "SELECT group_name FROM signin_delegate_groups WHERE account_id = ?1 ORDER BY group_name",
    )?;
    let groups = stmt
        .query_map([&a.id], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .map(|g| SigninDelegateGroup::builder().group_name(g).build())
        .collect::<Vec<_>>();
    built(
        Account::builder()
            .aws_account_id(a.aws_account_id.clone())
            .account_id(a.id.clone())
            .name(a.name.clone())
            .account_type(AccountType::from(a.account_type.as_str()))
            .created_timestamp(ts(a.created))
            .default_license(License::from(a.default_license.as_str()))
            .set_supported_licenses(Some(SUPPORTED_LICENSES.to_vec()))
            .account_status(AccountStatus::from(a.status.as_str()))
            .set_signin_delegate_groups(Some(groups))
            .build(),
    )
}

/// A user as stored.
#[derive(Clone, Debug)]
pub struct UserRow {
    pub seq: i64,
    pub id: String,
    pub account_id: String,
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub license: String,
    pub user_type: String,
    pub registration_status: String,
    pub invitation_status: Option<String>,
    pub registered_on: Option<i64>,
    pub invited_on: Option<i64>,
    pub suspended: bool,
    pub pin: String,
    pub phone_number: Option<String>,
    pub a4b_enabled: Option<bool>,
    pub a4b_room_arn: Option<String>,
}

pub const USER_COLUMNS: &str = "seq, id, account_id, email, display_name, license, user_type, \
     registration_status, invitation_status, registered_on, invited_on, suspended, pin, \
     phone_number, a4b_enabled, a4b_room_arn";

impl UserRow {
    pub fn from_row(r: &Row<'_>) -> rusqlite::Result<UserRow> {
        Ok(UserRow {
            seq: r.get(0)?,
            id: r.get(1)?,
            account_id: r.get(2)?,
            email: r.get(3)?,
            display_name: r.get(4)?,
            license: r.get(5)?,
            user_type: r.get(6)?,
            registration_status: r.get(7)?,
            invitation_status: r.get(8)?,
            registered_on: r.get(9)?,
            invited_on: r.get(10)?,
            suspended: r.get(11)?,
            pin: r.get(12)?,
            phone_number: r.get(13)?,
            a4b_enabled: r.get(14)?,
            a4b_room_arn: r.get(15)?,
        })
    }
}

/// The user `user_id` of account `account_id`, if any.
pub fn find_user(
    tx: &Transaction<'_>,
    account_id: &str,
    user_id: &str,
) -> Result<Option<UserRow>, Fail> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {USER_COLUMNS} FROM users WHERE id = ?1 AND account_id = ?2"
        ))?
        .query_row(params![user_id, account_id], UserRow::from_row)
        .optional()?)
}

/// The user `user_id` of account `account_id`, or `NotFoundException`.
pub fn user(tx: &Transaction<'_>, account_id: &str, user_id: &str) -> Result<UserRow, Fail> {
    find_user(tx, account_id, user_id)?.ok_or_else(|| {
        Fail::NotFound(format!(
            "The user {user_id} was not found in account {account_id}."
        ))
    })
}

/// The generated `User` for a stored user.
pub fn user_out(u: &UserRow) -> Result<User, Fail> {
    let a4b = if u.a4b_enabled.is_some() || u.a4b_room_arn.is_some() {
        Some(
            AlexaForBusinessMetadata::builder()
                .set_is_alexa_for_business_enabled(u.a4b_enabled)
                .set_alexa_for_business_room_arn(u.a4b_room_arn.clone())
                .build(),
        )
    } else {
        None
    };
    built(
        User::builder()
            .user_id(u.id.clone())
            .account_id(u.account_id.clone())
            .set_primary_email(u.email.clone())
            .set_primary_provisioned_number(u.phone_number.clone())
            .set_display_name(u.display_name.clone())
            .license_type(License::from(u.license.as_str()))
            .user_type(UserType::from(u.user_type.as_str()))
            .user_registration_status(RegistrationStatus::from(u.registration_status.as_str()))
            .set_user_invitation_status(u.invitation_status.as_deref().map(InviteStatus::from))
            .set_registered_on(u.registered_on.map(ts))
            .set_invited_on(u.invited_on.map(ts))
            .set_alexa_for_business_metadata(a4b)
            .personal_pin(u.pin.clone())
            .build(),
    )
}

/// A bot as stored.
#[derive(Clone, Debug)]
pub struct BotRow {
    pub seq: i64,
    pub id: String,
    pub user_id: String,
    pub display_name: String,
    pub email: String,
    pub disabled: bool,
    pub security_token: String,
    pub events_https_endpoint: Option<String>,
    pub events_lambda_arn: Option<String>,
    pub created: i64,
    pub updated: i64,
}

pub const BOT_COLUMNS: &str = "seq, id, account_id, user_id, display_name, email, disabled, \
     security_token, events_https_endpoint, events_lambda_arn, created, updated";

impl BotRow {
    pub fn from_row(r: &Row<'_>) -> rusqlite::Result<BotRow> {
        Ok(BotRow {
            seq: r.get(0)?,
            id: r.get(1)?,
            user_id: r.get(3)?,
            display_name: r.get(4)?,
            email: r.get(5)?,
            disabled: r.get(6)?,
            security_token: r.get(7)?,
            events_https_endpoint: r.get(8)?,
            events_lambda_arn: r.get(9)?,
            created: r.get(10)?,
            updated: r.get(11)?,
        })
    }
}

/// The bot `bot_id` of account `account_id`, if any.
pub fn find_bot(
    tx: &Transaction<'_>,
    account_id: &str,
    bot_id: &str,
) -> Result<Option<BotRow>, Fail> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {BOT_COLUMNS} FROM bots WHERE id = ?1 AND account_id = ?2"
        ))?
        .query_row(params![bot_id, account_id], BotRow::from_row)
        .optional()?)
}

/// The bot `bot_id` of account `account_id`, or `NotFoundException`.
pub fn bot(tx: &Transaction<'_>, account_id: &str, bot_id: &str) -> Result<BotRow, Fail> {
    find_bot(tx, account_id, bot_id)?.ok_or_else(|| {
        Fail::NotFound(format!(
            "The bot {bot_id} was not found in account {account_id}."
        ))
    })
}

/// The generated `Bot` for a stored bot.
pub fn bot_out(b: &BotRow) -> Bot {
    Bot::builder()
        .bot_id(b.id.clone())
        .user_id(b.user_id.clone())
        .display_name(b.display_name.clone())
        .bot_type(BotType::ChatBot)
        .disabled(b.disabled)
        .created_timestamp(ts(b.created))
        .updated_timestamp(ts(b.updated))
        .bot_email(b.email.clone())
        .security_token(b.security_token.clone())
        .build()
}

/// A room as stored.
#[derive(Clone, Debug)]
pub struct RoomRow {
    pub seq: i64,
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub created_by: String,
    pub created: i64,
    pub updated: i64,
}

pub const ROOM_COLUMNS: &str = "seq, id, account_id, name, created_by, created, updated";

impl RoomRow {
    pub fn from_row(r: &Row<'_>) -> rusqlite::Result<RoomRow> {
        Ok(RoomRow {
            seq: r.get(0)?,
            id: r.get(1)?,
            account_id: r.get(2)?,
            name: r.get(3)?,
            created_by: r.get(4)?,
            created: r.get(5)?,
            updated: r.get(6)?,
        })
    }
}

/// The room `room_id` of account `account_id`, or `NotFoundException`.
pub fn room(tx: &Transaction<'_>, account_id: &str, room_id: &str) -> Result<RoomRow, Fail> {
    tx.prepare_cached(&format!(
        "SELECT {ROOM_COLUMNS} FROM rooms WHERE id = ?1 AND account_id = ?2"
    ))?
    .query_row(params![room_id, account_id], RoomRow::from_row)
    .optional()?
    .ok_or_else(|| {
        Fail::NotFound(format!(
            "The room {room_id} was not found in account {account_id}."
        ))
    })
}

/// The generated `Room` for a stored room.
pub fn room_out(r: &RoomRow) -> Room {
    Room::builder()
        .room_id(r.id.clone())
        .name(r.name.clone())
        .account_id(r.account_id.clone())
        .created_by(r.created_by.clone())
        .created_timestamp(ts(r.created))
        .updated_timestamp(ts(r.updated))
        .build()
}

/// What a member id names in an account: a user or a bot.
#[derive(Clone, Debug)]
pub enum MemberRef {
    /// A user of the account.
    User(UserRow),
    /// A bot of the account.
    Bot(BotRow),
}

impl MemberRef {
    /// `User` or `Bot`, as stored in memberships.
    pub fn kind(&self) -> &'static str {
        match self {
            MemberRef::User(_) => "User",
            MemberRef::Bot(_) => "Bot",
        }
    }
}

/// The user or bot `member_id` of account `account_id`, if any.
pub fn find_member(
    tx: &Transaction<'_>,
    account_id: &str,
    member_id: &str,
) -> Result<Option<MemberRef>, Fail> {
    if let Some(u) = find_user(tx, account_id, member_id)? {
        return Ok(Some(MemberRef::User(u)));
    }
    Ok(find_bot(tx, account_id, member_id)?.map(MemberRef::Bot))
}

/// A room membership as stored.
#[derive(Clone, Debug)]
pub struct MembershipRow {
    pub seq: i64,
    pub room_id: String,
    pub member_id: String,
    pub member_type: String,
    pub role: String,
    pub invited_by: String,
    pub updated: i64,
}

pub const MEMBERSHIP_COLUMNS: &str =
    "seq, room_id, member_id, member_type, role, invited_by, updated";

impl MembershipRow {
    pub fn from_row(r: &Row<'_>) -> rusqlite::Result<MembershipRow> {
        Ok(MembershipRow {
            seq: r.get(0)?,
            room_id: r.get(1)?,
            member_id: r.get(2)?,
            member_type: r.get(3)?,
            role: r.get(4)?,
            invited_by: r.get(5)?,
            updated: r.get(6)?,
        })
    }
}

/// The membership of `member_id` in `room_id`, if any.
pub fn find_membership(
    tx: &Transaction<'_>,
    room_id: &str,
    member_id: &str,
) -> Result<Option<MembershipRow>, Fail> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {MEMBERSHIP_COLUMNS} FROM room_memberships WHERE room_id = ?1 AND member_id = ?2"
        ))?
        .query_row(params![room_id, member_id], MembershipRow::from_row)
        .optional()?)
}

/// The generated `RoomMembership` for a stored membership, with the member's details.
pub fn membership_out(
    tx: &Transaction<'_>,
    account_id: &str,
    m: &MembershipRow,
) -> Result<RoomMembership, Fail> {
    let member = Member::builder()
        .member_id(m.member_id.clone())
        .member_type(MemberType::from(m.member_type.as_str()))
        .account_id(account_id.to_owned());
    let member = match find_member(tx, account_id, &m.member_id)? {
        Some(MemberRef::User(u)) => member
            .set_email(u.email.clone())
            .set_full_name(u.display_name.clone()),
        Some(MemberRef::Bot(b)) => member
            .email(b.email.clone())
            .full_name(b.display_name.clone()),
        None => member,
    };
    Ok(RoomMembership::builder()
        .room_id(m.room_id.clone())
        .member(member.build())
        .role(RoomMembershipRole::from(m.role.as_str()))
        .invited_by(m.invited_by.clone())
        .updated_timestamp(ts(m.updated))
        .build())
}

/// Splits `rows` (fetched with `LIMIT size + 1`, ordered by sequence) into a page and the token
/// of the next one.
pub fn paginate<T>(mut rows: Vec<(i64, T)>, size: i64, kind: &str) -> (Vec<T>, Option<String>) {
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    let next = if rows.len() > size {
        rows.truncate(size);
        rows.last()
            .map(|(seq, _)| token::encode(kind, &seq.to_string()))
    } else {
        None
    };
    (rows.into_iter().map(|(_, t)| t).collect(), next)
}
