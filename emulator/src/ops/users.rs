//! Users: create, invite, read, list, update (one or a batch), suspend, unsuspend, log out,
//! reset the personal PIN, user settings.

use std::sync::Arc;

use chime::operation::batch_suspend_user::*;
use chime::operation::batch_unsuspend_user::*;
use chime::operation::batch_update_user::*;
use chime::operation::create_user::*;
use chime::operation::get_user::*;
use chime::operation::get_user_settings::*;
use chime::operation::invite_users::*;
use chime::operation::list_users::*;
use chime::operation::logout_user::*;
use chime::operation::reset_personal_pin::*;
use chime::operation::update_user::*;
use chime::operation::update_user_settings::*;
use chime::types::{
    AlexaForBusinessMetadata, EmailStatus, ErrorCode, Invite, InviteStatus, License,
    RegistrationStatus, TelephonySettings, UserError, UserSettings, UserType,
};
use rusqlite::{params, OptionalExtension, Transaction};

use super::common::*;
use crate::store::{token, Fail};
use crate::util::{digits, new_id, now_millis};
use crate::Emulator;

/// What a new user starts as.
pub(crate) struct NewUser<'a> {
    pub id: Option<&'a str>,
    pub email: Option<&'a str>,
    pub display_name: Option<&'a str>,
    pub user_type: UserType,
    pub license: Option<License>,
    pub registration: RegistrationStatus,
    pub invitation: Option<InviteStatus>,
    pub suspended: bool,
}

/// Inserts a user into `account`; an email already used in the account is a `Conflict`.
pub(crate) fn insert_user(
    tx: &Transaction<'_>,
    account: &AccountRow,
    new: &NewUser<'_>,
) -> Result<UserRow, Fail> {
    if let Some(email) = new.email {
        if user_by_email(tx, &account.id, email)?.is_some() {
            return Err(Fail::Conflict(format!(
                "A user with the email address {email} already exists in account {}.",
                account.id
            )));
        }
    }
    let now = now_millis();
    let id = new.id.map(str::to_owned).unwrap_or_else(new_id);
    let registered = new.registration == RegistrationStatus::Registered;
    tx.execute(
        "INSERT INTO users (id, account_id, email, display_name, license, user_type,
            registration_status, invitation_status, registered_on, invited_on, suspended, pin, created)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            id,
            account.id,
            new.email,
            new.display_name,
            new.license
                .as_ref()
                .map(|l| l.as_str())
                .unwrap_or(account.default_license.as_str()),
            new.user_type.as_str(),
            new.registration.as_str(),
            new.invitation.as_ref().map(|s| s.as_str()),
            registered.then_some(now),
            new.invitation.is_some().then_some(now),
            new.suspended,
            digits(10),
            now
        ],
    )?;
    user(tx, &account.id, &id)
}

fn user_by_email(
    tx: &Transaction<'_>,
    account_id: &str,
    email: &str,
) -> Result<Option<UserRow>, Fail> {
    Ok(tx
        .query_row(
            &format!(
                "SELECT {USER_COLUMNS} FROM users WHERE account_id = ?1 AND email = ?2 COLLATE NOCASE"
            ),
            params![account_id, email],
            UserRow::from_row,
        )
        .optional()?)
}

/// CreateUser: a registered user in the account; a duplicate email is 409.
pub async fn create_user(
    state: Arc<Emulator>,
    input: CreateUserInput,
) -> Result<CreateUserOutput, CreateUserError> {
    Ok(state.store.write(|tx| {
        let account = account(tx, &input.account_id)?;
        let row = insert_user(
            tx,
            &account,
            &NewUser {
                id: None,
                email: input.email.as_deref(),
                display_name: input.username.as_deref(),
                user_type: input.user_type.clone().unwrap_or(UserType::PrivateUser),
                license: None,
                registration: RegistrationStatus::Registered,
                invitation: None,
                suspended: false,
            },
        )?;
        Ok(CreateUserOutput::builder().user(user_out(&row)?).build())
    })?)
}

/// InviteUsers: Team accounts only; each email gets a pending invitation (an existing user is
/// invited again, which also lifts a suspension).
pub async fn invite_users(
    state: Arc<Emulator>,
    input: InviteUsersInput,
) -> Result<InviteUsersOutput, InviteUsersError> {
    Ok(state.store.write(|tx| {
        let account = account(tx, &input.account_id)?;
        if is_enterprise(&account.account_type) {
            return Err(Fail::Forbidden(format!(
                "InviteUsers supports Team accounts only; account {} is {}.",
                account.id, account.account_type
            )));
        }
        let now = now_millis();
        let mut invites = Vec::new();
        for email in &input.user_email_list {
            match user_by_email(tx, &account.id, email)? {
                Some(existing) => {
                    tx.execute(
                        "UPDATE users SET suspended = 0, invitation_status = 'Pending', invited_on = ?2,
                            registration_status = CASE WHEN suspended = 1 THEN 'Unregistered'
                                                       ELSE registration_status END,
                            user_type = coalesce(?3, user_type)
                         WHERE id = ?1",
                        params![
                            existing.id,
                            now,
                            input.user_type.as_ref().map(|t| t.as_str())
                        ],
                    )?;
                }
                None => {
                    insert_user(
                        tx,
                        &account,
                        &NewUser {
                            id: None,
                            email: Some(email),
                            display_name: None,
                            user_type: input.user_type.clone().unwrap_or(UserType::PrivateUser),
                            license: None,
                            registration: RegistrationStatus::Unregistered,
                            invitation: Some(InviteStatus::Pending),
                            suspended: false,
                        },
                    )?;
                }
            }
            invites.push(
                Invite::builder()
                    .invite_id(new_id())
                    .status(InviteStatus::Pending)
                    .email_address(email.clone())
                    .email_status(EmailStatus::Sent)
                    .build(),
            );
        }
        Ok(InviteUsersOutput::builder()
            .set_invites(Some(invites))
            .build())
    })?)
}

/// GetUser: the user, with the personal meeting PIN, or 404.
pub async fn get_user(
    state: Arc<Emulator>,
    input: GetUserInput,
) -> Result<GetUserOutput, GetUserError> {
    Ok(state.store.read(|tx| {
        account(tx, &input.account_id)?;
        let row = user(tx, &input.account_id, &input.user_id)?;
        Ok(GetUserOutput::builder().user(user_out(&row)?).build())
    })?)
}

/// ListUsers: the account's users in creation order, filtered by email and user type.
pub async fn list_users(
    state: Arc<Emulator>,
    input: ListUsersInput,
) -> Result<ListUsersOutput, ListUsersError> {
    Ok(state.store.read(|tx| {
        account(tx, &input.account_id)?;
        let after = token::decode_seq("users", input.next_token.as_deref())?;
        let size = token::page_size(input.max_results, 100, 200);
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT {USER_COLUMNS} FROM users
             WHERE account_id = ?1 AND seq > ?2
               AND (?3 IS NULL OR email = ?3 COLLATE NOCASE)
               AND (?4 IS NULL OR user_type = ?4)
             ORDER BY seq LIMIT ?5"
        ))?;
        let rows = stmt
            .query_map(
                params![
                    input.account_id,
                    after,
                    input.user_email,
                    input.user_type.as_ref().map(|t| t.as_str()),
                    size + 1
                ],
                |r| UserRow::from_row(r).map(|x| (x.seq, x)),
            )?
            .collect::<Result<Vec<_>, _>>()?;
        let (rows, next) = paginate(rows, size, "users");
        let users = rows.iter().map(user_out).collect::<Result<Vec<_>, _>>()?;
        Ok(ListUsersOutput::builder()
            .set_users(Some(users))
            .set_next_token(next)
            .build())
    })?)
}

fn apply_user_update(
    tx: &Transaction<'_>,
    user_id: &str,
    license: Option<&License>,
    user_type: Option<&UserType>,
    a4b: Option<&AlexaForBusinessMetadata>,
) -> Result<(), Fail> {
    if let Some(l) = license {
        if !SUPPORTED_LICENSES.contains(l) {
            return Err(Fail::BadRequest(format!(
                "The license {l} is not supported by the account."
            )));
        }
    }
    tx.execute(
        "UPDATE users SET license = coalesce(?2, license), user_type = coalesce(?3, user_type),
            a4b_enabled = CASE WHEN ?4 THEN ?5 ELSE a4b_enabled END,
            a4b_room_arn = CASE WHEN ?4 THEN ?6 ELSE a4b_room_arn END
         WHERE id = ?1",
        params![
            user_id,
            license.map(|l| l.as_str()),
            user_type.map(|t| t.as_str()),
            a4b.is_some(),
            a4b.and_then(|m| m.is_alexa_for_business_enabled),
            a4b.and_then(|m| m.alexa_for_business_room_arn.clone())
        ],
    )?;
    Ok(())
}

/// UpdateUser: license type, user type and Alexa for Business metadata.
pub async fn update_user(
    state: Arc<Emulator>,
    input: UpdateUserInput,
) -> Result<UpdateUserOutput, UpdateUserError> {
    Ok(state.store.write(|tx| {
        account(tx, &input.account_id)?;
        user(tx, &input.account_id, &input.user_id)?;
        apply_user_update(
            tx,
            &input.user_id,
            input.license_type.as_ref(),
            input.user_type.as_ref(),
            input.alexa_for_business_metadata.as_ref(),
        )?;
        let row = user(tx, &input.account_id, &input.user_id)?;
        Ok(UpdateUserOutput::builder().user(user_out(&row)?).build())
    })?)
}

fn user_error(user_id: &str, code: ErrorCode, message: String) -> UserError {
    UserError::builder()
        .user_id(user_id.to_owned())
        .error_code(code)
        .error_message(message)
        .build()
}

fn not_found(user_id: &str, account_id: &str) -> UserError {
    user_error(
        user_id,
        ErrorCode::NotFound,
        format!("The user {user_id} was not found in account {account_id}."),
    )
}

/// BatchUpdateUser: each item on its own; unknown users are reported in `UserErrors`.
pub async fn batch_update_user(
    state: Arc<Emulator>,
    input: BatchUpdateUserInput,
) -> Result<BatchUpdateUserOutput, BatchUpdateUserError> {
    Ok(state.store.write(|tx| {
        let account = account(tx, &input.account_id)?;
        let mut errors = Vec::new();
        for item in &input.update_user_request_items {
            if find_user(tx, &account.id, &item.user_id)?.is_none() {
                errors.push(not_found(&item.user_id, &account.id));
                continue;
            }
            if let Err(Fail::BadRequest(m)) = apply_user_update(
                tx,
                &item.user_id,
                item.license_type.as_ref(),
                item.user_type.as_ref(),
                item.alexa_for_business_metadata.as_ref(),
            ) {
                errors.push(user_error(&item.user_id, ErrorCode::BadRequest, m));
            }
        }
        Ok(BatchUpdateUserOutput::builder()
            .set_user_errors(Some(errors))
            .build())
    })?)
}

/// BatchSuspendUser: Team and EnterpriseLWA accounts only; each user is suspended (signed out,
/// registration status `Suspended`); unknown users are reported.
pub async fn batch_suspend_user(
    state: Arc<Emulator>,
    input: BatchSuspendUserInput,
) -> Result<BatchSuspendUserOutput, BatchSuspendUserError> {
    Ok(state.store.write(|tx| {
        let account = account(tx, &input.account_id)?;
        if !matches!(account.account_type.as_str(), "Team" | "EnterpriseLWA") {
            return Err(Fail::Forbidden(format!(
                "Users can be suspended only in Team or EnterpriseLWA accounts; account {} is {}.",
                account.id, account.account_type
            )));
        }
        let now = now_millis();
        let mut errors = Vec::new();
        for user_id in &input.user_id_list {
            if find_user(tx, &account.id, user_id)?.is_none() {
                errors.push(not_found(user_id, &account.id));
                continue;
            }
            tx.execute(
                "UPDATE users SET suspended = 1, registration_status = 'Suspended', logged_out_at = ?2
                 WHERE id = ?1",
                params![user_id, now],
            )?;
        }
        Ok(BatchSuspendUserOutput::builder()
            .set_user_errors(Some(errors))
            .build())
    })?)
}

/// BatchUnsuspendUser: EnterpriseLWA accounts only; suspended users return to `Registered`,
/// others are ignored; unknown users are reported.
pub async fn batch_unsuspend_user(
    state: Arc<Emulator>,
    input: BatchUnsuspendUserInput,
) -> Result<BatchUnsuspendUserOutput, BatchUnsuspendUserError> {
    Ok(state.store.write(|tx| {
        let account = account(tx, &input.account_id)?;
        if account.account_type != "EnterpriseLWA" {
            return Err(Fail::Forbidden(format!(
                "Only users of EnterpriseLWA accounts can be unsuspended; account {} is {}.",
                account.id, account.account_type
            )));
        }
        let now = now_millis();
        let mut errors = Vec::new();
        for user_id in &input.user_id_list {
            let Some(u) = find_user(tx, &account.id, user_id)? else {
                errors.push(not_found(user_id, &account.id));
                continue;
            };
            if u.suspended {
                tx.execute(
                    "UPDATE users SET suspended = 0, registration_status = 'Registered',
                        registered_on = coalesce(registered_on, ?2) WHERE id = ?1",
                    params![user_id, now],
                )?;
            }
        }
        Ok(BatchUnsuspendUserOutput::builder()
            .set_user_errors(Some(errors))
            .build())
    })?)
}

/// LogoutUser: records that the user was signed out of every device.
pub async fn logout_user(
    state: Arc<Emulator>,
    input: LogoutUserInput,
) -> Result<LogoutUserOutput, LogoutUserError> {
    Ok(state.store.write(|tx| {
        account(tx, &input.account_id)?;
        user(tx, &input.account_id, &input.user_id)?;
        tx.execute(
            "UPDATE users SET logged_out_at = ?2 WHERE id = ?1",
            params![input.user_id, now_millis()],
        )?;
        Ok(LogoutUserOutput::builder().build())
    })?)
}

/// ResetPersonalPIN: a new random 10-digit PIN, returned in the user.
pub async fn reset_personal_pin(
    state: Arc<Emulator>,
    input: ResetPersonalPinInput,
) -> Result<ResetPersonalPinOutput, ResetPersonalPinError> {
    Ok(state.store.write(|tx| {
        account(tx, &input.account_id)?;
        let old = user(tx, &input.account_id, &input.user_id)?;
        let mut pin = digits(10);
        while pin == old.pin {
            pin = digits(10);
        }
        tx.execute(
            "UPDATE users SET pin = ?2 WHERE id = ?1",
            params![input.user_id, pin],
        )?;
        let row = user(tx, &input.account_id, &input.user_id)?;
        Ok(ResetPersonalPinOutput::builder()
            .user(user_out(&row)?)
            .build())
    })?)
}

/// GetUserSettings: the user's telephony settings.
pub async fn get_user_settings(
    state: Arc<Emulator>,
    input: GetUserSettingsInput,
) -> Result<GetUserSettingsOutput, GetUserSettingsError> {
    Ok(state.store.read(|tx| {
        account(tx, &input.account_id)?;
        user(tx, &input.account_id, &input.user_id)?;
        let (inbound, outbound, sms): (bool, bool, bool) = tx.query_row(
            "SELECT inbound_calling, outbound_calling, sms FROM users WHERE id = ?1",
            [&input.user_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let telephony = built(
            TelephonySettings::builder()
                .inbound_calling(inbound)
                .outbound_calling(outbound)
                .sms(sms)
                .build(),
        )?;
        let settings = built(UserSettings::builder().telephony(telephony).build())?;
        Ok(GetUserSettingsOutput::builder()
            .user_settings(settings)
            .build())
    })?)
}

/// UpdateUserSettings: replaces the user's telephony settings.
pub async fn update_user_settings(
    state: Arc<Emulator>,
    input: UpdateUserSettingsInput,
) -> Result<UpdateUserSettingsOutput, UpdateUserSettingsError> {
    Ok(state.store.write(|tx| {
        account(tx, &input.account_id)?;
        user(tx, &input.account_id, &input.user_id)?;
        let t = &input.user_settings.telephony;
        tx.execute(
            "UPDATE users SET inbound_calling = ?2, outbound_calling = ?3, sms = ?4 WHERE id = ?1",
            params![input.user_id, t.inbound_calling, t.outbound_calling, t.sms],
        )?;
        Ok(UpdateUserSettingsOutput::builder().build())
    })?)
}
