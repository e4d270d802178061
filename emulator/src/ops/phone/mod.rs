//! Phone numbers: the inventory of acquired numbers (read, list, update, delete, restore),
//! association with users, and (in [`inventory`]) search, countries and orders.
//!
//! A number's `PhoneNumberId` is its E.164 form, as in Chime.

pub mod inventory;

use std::sync::Arc;

use chime::operation::associate_phone_number_with_user::*;
use chime::operation::batch_delete_phone_number::*;
use chime::operation::batch_update_phone_number::*;
use chime::operation::delete_phone_number::*;
use chime::operation::disassociate_phone_number_from_user::*;
use chime::operation::get_phone_number::*;
use chime::operation::list_phone_numbers::*;
use chime::operation::restore_phone_number::*;
use chime::operation::update_phone_number::*;
use chime::types::{
    CallingNameStatus, ErrorCode, PhoneNumber, PhoneNumberAssociation, PhoneNumberAssociationName,
    PhoneNumberCapabilities, PhoneNumberError, PhoneNumberProductType, PhoneNumberStatus,
    PhoneNumberType,
};
use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::common::{account, paginate, user};
use crate::store::{token, Fail};
use crate::util::{now_millis, ts};
use crate::Emulator;

/// How long a deleted number stays in the deletion queue (Chime: 7 days).
const DELETION_QUEUE_MS: i64 = 7 * 24 * 3600 * 1000;

/// The E.164 form of a number as given (a missing `+` is added).
pub fn normalize(number: &str) -> String {
    if number.starts_with('+') {
        number.to_owned()
    } else {
        format!("+{number}")
    }
}

/// Deletes for good the numbers that were in the deletion queue for more than 7 days.
pub(crate) fn purge(tx: &Transaction<'_>) -> Result<(), Fail> {
    tx.execute(
        "DELETE FROM phone_numbers WHERE status = 'DeleteInProgress' AND deleted < ?1",
        [now_millis().saturating_sub(DELETION_QUEUE_MS)],
    )?;
    Ok(())
}

/// Disassociates every number associated with a user of `account_id` (the account is deleted).
pub(crate) fn release_account_numbers(tx: &Transaction<'_>, account_id: &str) -> Result<(), Fail> {
    tx.execute(
        "UPDATE phone_numbers SET status = 'Unassigned', user_id = NULL, account_id = NULL,
            associated = NULL, updated = ?2 WHERE account_id = ?1",
        params![account_id, now_millis()],
    )?;
    Ok(())
}

#[derive(Clone, Debug)]
struct NumberRow {
    seq: i64,
    id: String,
    country: String,
    number_type: String,
    product_type: String,
    status: String,
    calling_name: Option<String>,
    calling_name_status: String,
    user_id: Option<String>,
    account_id: Option<String>,
    associated: Option<i64>,
    created: i64,
    updated: i64,
    deleted: Option<i64>,
}

const NUMBER_COLUMNS: &str = "seq, id, country, number_type, product_type, status, calling_name, \
     calling_name_status, user_id, account_id, associated, created, updated, deleted";

impl NumberRow {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<NumberRow> {
        Ok(NumberRow {
            seq: r.get(0)?,
            id: r.get(1)?,
            country: r.get(2)?,
            number_type: r.get(3)?,
            product_type: r.get(4)?,
            status: r.get(5)?,
            calling_name: r.get(6)?,
            calling_name_status: r.get(7)?,
            user_id: r.get(8)?,
            account_id: r.get(9)?,
            associated: r.get(10)?,
            created: r.get(11)?,
            updated: r.get(12)?,
            deleted: r.get(13)?,
        })
    }
}

fn find_number(tx: &Transaction<'_>, id: &str) -> Result<Option<NumberRow>, Fail> {
    Ok(tx
        .query_row(
            &format!("SELECT {NUMBER_COLUMNS} FROM phone_numbers WHERE id = ?1"),
            [normalize(id)],
            NumberRow::from_row,
        )
        .optional()?)
}

fn number(tx: &Transaction<'_>, id: &str) -> Result<NumberRow, Fail> {
    find_number(tx, id)?
        .ok_or_else(|| Fail::NotFound(format!("The phone number {id} was not found.")))
}

fn number_out(n: &NumberRow) -> PhoneNumber {
    let local_us = n.country == "US" && n.number_type == PhoneNumberType::Local.as_str();
    let capabilities = PhoneNumberCapabilities::builder()
        .inbound_call(true)
        .outbound_call(true)
        .inbound_sms(local_us)
        .outbound_sms(local_us)
        .inbound_mms(local_us)
        .outbound_mms(local_us)
        .build();
    let mut associations = Vec::new();
    if let (Some(user_id), Some(account_id)) = (&n.user_id, &n.account_id) {
        for (name, value) in [
            (PhoneNumberAssociationName::AccountId, account_id),
            (PhoneNumberAssociationName::UserId, user_id),
        ] {
            associations.push(
                PhoneNumberAssociation::builder()
                    .name(name)
                    .value(value.clone())
                    .set_associated_timestamp(n.associated.map(ts))
                    .build(),
            );
        }
    }
    PhoneNumber::builder()
        .phone_number_id(n.id.clone())
        .e164_phone_number(n.id.clone())
        .country(n.country.clone())
        .r#type(PhoneNumberType::from(n.number_type.as_str()))
        .product_type(PhoneNumberProductType::from(n.product_type.as_str()))
        .status(PhoneNumberStatus::from(n.status.as_str()))
        .capabilities(capabilities)
        .set_associations(Some(associations))
        .set_calling_name(n.calling_name.clone())
        .calling_name_status(CallingNameStatus::from(n.calling_name_status.as_str()))
        .created_timestamp(ts(n.created))
        .updated_timestamp(ts(n.updated))
        .set_deletion_timestamp(n.deleted.map(ts))
        .build()
}

/// GetPhoneNumber: the number (also while in the deletion queue), or 404.
pub async fn get_phone_number(
    state: Arc<Emulator>,
    input: GetPhoneNumberInput,
) -> Result<GetPhoneNumberOutput, GetPhoneNumberError> {
    Ok(state.store.write(|tx| {
        purge(tx)?;
        let n = number(tx, &input.phone_number_id)?;
        Ok(GetPhoneNumberOutput::builder()
            .phone_number(number_out(&n))
            .build())
    })?)
}

/// ListPhoneNumbers: acquired numbers, oldest first, filtered by status, product type and an
/// association (`AccountId` or `UserId`; the Voice Connector filters match nothing here).
pub async fn list_phone_numbers(
    state: Arc<Emulator>,
    input: ListPhoneNumbersInput,
) -> Result<ListPhoneNumbersOutput, ListPhoneNumbersError> {
    Ok(state.store.write(|tx| {
        purge(tx)?;
        let (account_filter, user_filter, nothing) =
            match (&input.filter_name, input.filter_value.as_deref()) {
                (None, None) => (None, None, false),
                (Some(_), None) | (None, Some(_)) => {
                    return Err(Fail::BadRequest(
                        "FilterName and FilterValue go together.".to_owned(),
                    ))
                }
                (Some(PhoneNumberAssociationName::AccountId), Some(v)) => (Some(v), None, false),
                (Some(PhoneNumberAssociationName::UserId), Some(v)) => (None, Some(v), false),
                (Some(_), Some(_)) => (None, None, true),
            };
        let after = token::decode_seq("numbers", input.next_token.as_deref())?;
        let size = token::page_size(input.max_results, 10, 99);
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT {NUMBER_COLUMNS} FROM phone_numbers
             WHERE seq > ?1 AND NOT ?2
               AND (?3 IS NULL OR status = ?3) AND (?4 IS NULL OR product_type = ?4)
               AND (?5 IS NULL OR account_id = ?5) AND (?6 IS NULL OR user_id = ?6)
             ORDER BY seq LIMIT ?7"
        ))?;
        let rows = stmt
            .query_map(
                params![
                    after,
                    nothing,
                    input.status.as_ref().map(|s| s.as_str()),
                    input.product_type.as_ref().map(|p| p.as_str()),
                    account_filter,
                    user_filter,
                    size + 1
                ],
                |r| NumberRow::from_row(r).map(|x| (x.seq, x)),
            )?
            .collect::<Result<Vec<_>, _>>()?;
        let (rows, next) = paginate(rows, size, "numbers");
        Ok(ListPhoneNumbersOutput::builder()
            .set_phone_numbers(Some(rows.iter().map(number_out).collect()))
            .set_next_token(next)
            .build())
    })?)
}

/// Applies an update of one number: one attribute at a time; product types allowed by the
/// number's country and type; a number associated with a user keeps Business Calling (409).
fn apply_update(
    tx: &Transaction<'_>,
    id: &str,
    product: Option<&PhoneNumberProductType>,
    calling_name: Option<&str>,
) -> Result<NumberRow, Fail> {
    let n = number(tx, id)?;
    if n.status == "DeleteInProgress" {
        return Err(Fail::BadRequest(format!(
            "The phone number {id} is in the deletion queue."
        )));
    }
    let now = now_millis();
    match (product, calling_name) {
        (Some(_), Some(_)) => {
            return Err(Fail::BadRequest(
                "Update either the product type or the calling name, one at a time.".to_owned(),
            ))
        }
        (Some(p), None) => {
            let kind = PhoneNumberType::from(n.number_type.as_str());
            inventory::check_product(&n.country, &kind, p).map_err(Fail::BadRequest)?;
            if n.user_id.is_some() && *p != PhoneNumberProductType::BusinessCalling {
                return Err(Fail::Conflict(format!(
                    "The phone number {id} is associated with a user and must stay Business Calling."
                )));
            }
            tx.execute(
                "UPDATE phone_numbers SET product_type = ?2, updated = ?3 WHERE id = ?1",
                params![n.id, p.as_str(), now],
            )?;
        }
        (None, Some(name)) => {
            tx.execute(
                "UPDATE phone_numbers SET calling_name = ?2, calling_name_status = 'UpdateSucceeded',
                    updated = ?3 WHERE id = ?1",
                params![n.id, name, now],
            )?;
        }
        (None, None) => {}
    }
    number(tx, &n.id)
}

/// UpdatePhoneNumber: product type or calling name (see `apply_update`); unknown: 404.
pub async fn update_phone_number(
    state: Arc<Emulator>,
    input: UpdatePhoneNumberInput,
) -> Result<UpdatePhoneNumberOutput, UpdatePhoneNumberError> {
    Ok(state.store.write(|tx| {
        purge(tx)?;
        let n = apply_update(
            tx,
            &input.phone_number_id,
            input.product_type.as_ref(),
            input.calling_name.as_deref(),
        )?;
        Ok(UpdatePhoneNumberOutput::builder()
            .phone_number(number_out(&n))
            .build())
    })?)
}

fn phone_error(id: &str, fail: Fail) -> Result<PhoneNumberError, Fail> {
    let (code, message) = match fail {
        Fail::NotFound(m) => (ErrorCode::NotFound, m),
        Fail::BadRequest(m) => (ErrorCode::BadRequest, m),
        Fail::Conflict(m) => (ErrorCode::Conflict, m),
        other => return Err(other),
    };
    Ok(PhoneNumberError::builder()
        .phone_number_id(id.to_owned())
        .error_code(code)
        .error_message(message)
        .build())
}

/// BatchUpdatePhoneNumber: each item as UpdatePhoneNumber, failures listed per number.
pub async fn batch_update_phone_number(
    state: Arc<Emulator>,
    input: BatchUpdatePhoneNumberInput,
) -> Result<BatchUpdatePhoneNumberOutput, BatchUpdatePhoneNumberError> {
    Ok(state.store.write(|tx| {
        purge(tx)?;
        let mut errors = Vec::new();
        for item in &input.update_phone_number_request_items {
            if let Err(f) = apply_update(
                tx,
                &item.phone_number_id,
                item.product_type.as_ref(),
                item.calling_name.as_deref(),
            ) {
                errors.push(phone_error(&item.phone_number_id, f)?);
            }
        }
        Ok(BatchUpdatePhoneNumberOutput::builder()
            .set_phone_number_errors(Some(errors))
            .build())
    })?)
}

/// Moves a number into the deletion queue; it must not be associated (already queued: no-op).
fn queue_for_deletion(tx: &Transaction<'_>, id: &str) -> Result<(), Fail> {
    let n = number(tx, id)?;
    if n.user_id.is_some() {
        return Err(Fail::BadRequest(format!(
            "The phone number {id} must be disassociated from its user before it can be deleted."
        )));
    }
    if n.status != "DeleteInProgress" {
        let now = now_millis();
        tx.execute(
            "UPDATE phone_numbers SET status = 'DeleteInProgress', deleted = ?2, updated = ?2
             WHERE id = ?1",
            params![n.id, now],
        )?;
    }
    Ok(())
}

/// DeletePhoneNumber: into the deletion queue for 7 days; associated: 400; unknown: 404.
pub async fn delete_phone_number(
    state: Arc<Emulator>,
    input: DeletePhoneNumberInput,
) -> Result<DeletePhoneNumberOutput, DeletePhoneNumberError> {
    Ok(state.store.write(|tx| {
        purge(tx)?;
        queue_for_deletion(tx, &input.phone_number_id)?;
        Ok(DeletePhoneNumberOutput::builder().build())
    })?)
}

/// BatchDeletePhoneNumber: each number as DeletePhoneNumber; an associated number is reported
/// as `PhoneNumberAssociationsExist`, an unknown one as `NotFound`.
pub async fn batch_delete_phone_number(
    state: Arc<Emulator>,
    input: BatchDeletePhoneNumberInput,
) -> Result<BatchDeletePhoneNumberOutput, BatchDeletePhoneNumberError> {
    Ok(state.store.write(|tx| {
        purge(tx)?;
        let mut errors = Vec::new();
        for id in &input.phone_number_ids {
            match queue_for_deletion(tx, id) {
                Ok(()) => {}
                Err(Fail::BadRequest(m)) => errors.push(
                    PhoneNumberError::builder()
                        .phone_number_id(id.clone())
                        .error_code(ErrorCode::PhoneNumberAssociationsExist)
                        .error_message(m)
                        .build(),
                ),
                Err(f) => errors.push(phone_error(id, f)?),
            }
        }
        Ok(BatchDeletePhoneNumberOutput::builder()
            .set_phone_number_errors(Some(errors))
            .build())
    })?)
}

/// RestorePhoneNumber: from the deletion queue back to `Unassigned`; not queued: 400.
pub async fn restore_phone_number(
    state: Arc<Emulator>,
    input: RestorePhoneNumberInput,
) -> Result<RestorePhoneNumberOutput, RestorePhoneNumberError> {
    Ok(state.store.write(|tx| {
        purge(tx)?;
        let n = number(tx, &input.phone_number_id)?;
        if n.status != "DeleteInProgress" {
            return Err(Fail::BadRequest(format!(
                "The phone number {} is not in the deletion queue.",
                n.id
            )));
        }
        tx.execute(
            "UPDATE phone_numbers SET status = 'Unassigned', deleted = NULL, updated = ?2 WHERE id = ?1",
            params![n.id, now_millis()],
        )?;
        let n = number(tx, &n.id)?;
        Ok(RestorePhoneNumberOutput::builder()
            .phone_number(number_out(&n))
            .build())
    })?)
}

/// Clears the user's number and the number's association.
fn release_user_number(tx: &Transaction<'_>, user_id: &str) -> Result<(), Fail> {
    let now = now_millis();
    tx.execute(
        "UPDATE phone_numbers SET status = 'Unassigned', user_id = NULL, account_id = NULL,
            associated = NULL, updated = ?2 WHERE user_id = ?1",
        params![user_id, now],
    )?;
    tx.execute(
        "UPDATE users SET phone_number = NULL WHERE id = ?1",
        [user_id],
    )?;
    Ok(())
}

/// AssociatePhoneNumberWithUser: the number must be acquired, not queued for deletion (404),
/// Business Calling and not another user's (400); the user's previous number is released.
pub async fn associate_phone_number_with_user(
    state: Arc<Emulator>,
    input: AssociatePhoneNumberWithUserInput,
) -> Result<AssociatePhoneNumberWithUserOutput, AssociatePhoneNumberWithUserError> {
    Ok(state.store.write(|tx| {
        purge(tx)?;
        account(tx, &input.account_id)?;
        user(tx, &input.account_id, &input.user_id)?;
        let n = match find_number(tx, &input.e164_phone_number)? {
            Some(n) if n.status != "DeleteInProgress" => n,
            _ => {
                return Err(Fail::NotFound(
                    "The phone number is not in this AWS account's inventory.".to_owned(),
                ))
            }
        };
        if n.product_type != PhoneNumberProductType::BusinessCalling.as_str() {
            return Err(Fail::BadRequest(
                "Only Business Calling numbers can be associated with users.".to_owned(),
            ));
        }
        match n.user_id.as_deref() {
            Some(u) if u == input.user_id => {
                return Ok(AssociatePhoneNumberWithUserOutput::builder().build())
            }
            Some(_) => {
                return Err(Fail::BadRequest(
                    "The phone number is already associated with another user.".to_owned(),
                ))
            }
            None => {}
        }
        release_user_number(tx, &input.user_id)?;
        let now = now_millis();
        tx.execute(
            "UPDATE phone_numbers SET status = 'Assigned', user_id = ?2, account_id = ?3,
                associated = ?4, updated = ?4 WHERE id = ?1",
            params![n.id, input.user_id, input.account_id, now],
        )?;
        tx.execute(
            "UPDATE users SET phone_number = ?2 WHERE id = ?1",
            params![input.user_id, n.id],
        )?;
        Ok(AssociatePhoneNumberWithUserOutput::builder().build())
    })?)
}

/// DisassociatePhoneNumberFromUser: releases the user's number (none: no-op).
pub async fn disassociate_phone_number_from_user(
    state: Arc<Emulator>,
    input: DisassociatePhoneNumberFromUserInput,
) -> Result<DisassociatePhoneNumberFromUserOutput, DisassociatePhoneNumberFromUserError> {
    Ok(state.store.write(|tx| {
        account(tx, &input.account_id)?;
        user(tx, &input.account_id, &input.user_id)?;
        release_user_number(tx, &input.user_id)?;
        Ok(DisassociatePhoneNumberFromUserOutput::builder().build())
    })?)
}
