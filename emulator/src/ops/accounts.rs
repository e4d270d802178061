//! Accounts: create, read, list, update, delete, settings and sign-in delegate groups.

use std::sync::Arc;

use chime::operation::associate_signin_delegate_groups_with_account::*;
use chime::operation::create_account::*;
use chime::operation::delete_account::*;
use chime::operation::disassociate_signin_delegate_groups_from_account::*;
use chime::operation::get_account::*;
use chime::operation::get_account_settings::*;
use chime::operation::list_accounts::*;
use chime::operation::update_account::*;
use chime::operation::update_account_settings::*;
use chime::types::{AccountSettings, AccountType, License};
use rusqlite::{params, Transaction};

use super::common::*;
use crate::store::{token, Fail};
use crate::util::{new_id, now_millis};
use crate::{Emulator, Options};

/// Inserts a new active account of `account_type`, with the default license `Pro`.
pub(crate) fn insert_account(
    tx: &Transaction<'_>,
    options: &Options,
    id: Option<&str>,
    name: &str,
    account_type: &AccountType,
) -> Result<AccountRow, Fail> {
    let id = id.map(str::to_owned).unwrap_or_else(new_id);
    tx.execute(
        "INSERT INTO accounts (id, aws_account_id, name, account_type, status, default_license, created)
         VALUES (?1, ?2, ?3, ?4, 'Active', ?5, ?6)",
        params![
            id,
            options.aws_account_id,
            name,
            account_type.as_str(),
            License::Pro.as_str(),
            now_millis()
        ],
    )?;
    account(tx, &id)
}

/// CreateAccount: a new account named `Name`, of the emulator's `--account-type` (`Team`).
pub async fn create_account(
    state: Arc<Emulator>,
    input: CreateAccountInput,
) -> Result<CreateAccountOutput, CreateAccountError> {
    let options = &state.options;
    Ok(state.store.write(|tx| {
        let row = insert_account(tx, options, None, &input.name, &options.account_type)?;
        Ok(CreateAccountOutput::builder()
            .account(account_out(tx, &row)?)
            .build())
    })?)
}

/// GetAccount: the account, or 404.
pub async fn get_account(
    state: Arc<Emulator>,
    input: GetAccountInput,
) -> Result<GetAccountOutput, GetAccountError> {
    Ok(state.store.read(|tx| {
        let row = account(tx, &input.account_id)?;
        Ok(GetAccountOutput::builder()
            .account(account_out(tx, &row)?)
            .build())
    })?)
}

/// ListAccounts: accounts in creation order, filtered by name prefix and by a user's email.
pub async fn list_accounts(
    state: Arc<Emulator>,
    input: ListAccountsInput,
) -> Result<ListAccountsOutput, ListAccountsError> {
    Ok(state.store.read(|tx| {
        let after = token::decode_seq("accounts", input.next_token.as_deref())?;
        let size = token::page_size(input.max_results, 100, 200);
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts
             WHERE seq > ?1
               AND (?2 IS NULL OR substr(name, 1, length(?2)) = ?2)
               AND (?3 IS NULL OR EXISTS (SELECT 1 FROM users u
                    WHERE u.account_id = accounts.id AND u.email = ?3 COLLATE NOCASE))
             ORDER BY seq LIMIT ?4"
        ))?;
        let rows = stmt
            .query_map(
                params![after, input.name, input.user_email, size + 1],
                |r| Ok((r.get::<_, i64>(12)?, AccountRow::from_row(r)?)),
            )?
            .collect::<Result<Vec<_>, _>>()?;
        let (rows, next) = paginate(rows, size, "accounts");
        let accounts = rows
            .iter()
            .map(|a| account_out(tx, a))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ListAccountsOutput::builder()
            .set_accounts(Some(accounts))
            .set_next_token(next)
            .build())
    })?)
}

/// UpdateAccount: sets the name and/or the default license.
pub async fn update_account(
    state: Arc<Emulator>,
    input: UpdateAccountInput,
) -> Result<UpdateAccountOutput, UpdateAccountError> {
    Ok(state.store.write(|tx| {
        account(tx, &input.account_id)?;
        if let Some(license) = &input.default_license {
            if !SUPPORTED_LICENSES.contains(license) {
                return Err(Fail::BadRequest(format!(
                    "The license {license} is not supported by account {}.",
                    input.account_id
                )));
            }
        }
        tx.execute(
            "UPDATE accounts SET name = coalesce(?2, name), default_license = coalesce(?3, default_license)
             WHERE id = ?1",
            params![
                input.account_id,
                input.name,
                input.default_license.as_ref().map(|l| l.as_str().to_owned())
            ],
        )?;
        let row = account(tx, &input.account_id)?;
        Ok(UpdateAccountOutput::builder()
            .account(account_out(tx, &row)?)
            .build())
    })?)
}

/// DeleteAccount: a Team account must have no active (unsuspended) user, else 422; the account
/// and everything in it is removed, and its phone numbers are disassociated.
pub async fn delete_account(
    state: Arc<Emulator>,
    input: DeleteAccountInput,
) -> Result<DeleteAccountOutput, DeleteAccountError> {
    Ok(state.store.write(|tx| {
        let row = account(tx, &input.account_id)?;
        if !is_enterprise(&row.account_type) {
            let active: i64 = tx.query_row(
                "SELECT count(*) FROM users WHERE account_id = ?1 AND suspended = 0",
                [&row.id],
                |r| r.get(0),
            )?;
            if active > 0 {
                return Err(Fail::Unprocessable(format!(
                    "The Team account {} still has {active} active users; suspend them all before deleting it.",
                    row.id
                )));
            }
        }
        super::phone::release_account_numbers(tx, &row.id)?;
        tx.execute(
            "DELETE FROM room_memberships WHERE room_id IN (SELECT id FROM rooms WHERE account_id = ?1)",
            [&row.id],
        )?;
        tx.execute("DELETE FROM accounts WHERE id = ?1", [&row.id])?;
        Ok(DeleteAccountOutput::builder().build())
    })?)
}

/// GetAccountSettings: remote control and dial-out settings.
pub async fn get_account_settings(
    state: Arc<Emulator>,
    input: GetAccountSettingsInput,
) -> Result<GetAccountSettingsOutput, GetAccountSettingsError> {
    Ok(state.store.read(|tx| {
        let row = account(tx, &input.account_id)?;
        Ok(GetAccountSettingsOutput::builder()
            .account_settings(
                AccountSettings::builder()
                    .disable_remote_control(row.disable_remote_control)
                    .enable_dial_out(row.enable_dial_out)
                    .build(),
            )
            .build())
    })?)
}

/// UpdateAccountSettings: sets the settings given, keeps the others.
pub async fn update_account_settings(
    state: Arc<Emulator>,
    input: UpdateAccountSettingsInput,
) -> Result<UpdateAccountSettingsOutput, UpdateAccountSettingsError> {
    Ok(state.store.write(|tx| {
        account(tx, &input.account_id)?;
        let s = &input.account_settings;
        tx.execute(
            "UPDATE accounts SET disable_remote_control = coalesce(?2, disable_remote_control),
                enable_dial_out = coalesce(?3, enable_dial_out) WHERE id = ?1",
            params![
                input.account_id,
                s.disable_remote_control,
                s.enable_dial_out
            ],
        )?;
        Ok(UpdateAccountSettingsOutput::builder().build())
    })?)
}

/// AssociateSigninDelegateGroupsWithAccount: adds each group (already there: kept once).
pub async fn associate_signin_delegate_groups_with_account(
    state: Arc<Emulator>,
    input: AssociateSigninDelegateGroupsWithAccountInput,
) -> Result<
    AssociateSigninDelegateGroupsWithAccountOutput,
    AssociateSigninDelegateGroupsWithAccountError,
> {
    Ok(state.store.write(|tx| {
        account(tx, &input.account_id)?;
        for group in &input.signin_delegate_groups {
            let Some(name) = group.group_name.as_deref() else {
                return Err(Fail::BadRequest(
                    "Each sign-in delegate group needs a GroupName.".to_owned(),
                ));
            };
            tx.execute(
                "INSERT OR IGNORE INTO signin_delegate_groups (account_id, group_name) VALUES (?1, ?2)",
                params![input.account_id, name],
            )?;
        }
        Ok(AssociateSigninDelegateGroupsWithAccountOutput::builder().build())
    })?)
}

/// DisassociateSigninDelegateGroupsFromAccount: removes each named group (unknown names are
/// ignored).
pub async fn disassociate_signin_delegate_groups_from_account(
    state: Arc<Emulator>,
    input: DisassociateSigninDelegateGroupsFromAccountInput,
) -> Result<
    DisassociateSigninDelegateGroupsFromAccountOutput,
    DisassociateSigninDelegateGroupsFromAccountError,
> {
    Ok(state.store.write(|tx| {
        account(tx, &input.account_id)?;
        for name in &input.group_names {
            tx.execute(
                "DELETE FROM signin_delegate_groups WHERE account_id = ?1 AND group_name = ?2",
                params![input.account_id, name],
            )?;
        }
        Ok(DisassociateSigninDelegateGroupsFromAccountOutput::builder().build())
    })?)
}
