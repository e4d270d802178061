//! Retention settings of Enterprise accounts, global settings and phone number settings of the
//! AWS account.

use std::sync::Arc;

use chime::operation::get_global_settings::*;
use chime::operation::get_phone_number_settings::*;
use chime::operation::get_retention_settings::*;
use chime::operation::put_retention_settings::*;
use chime::operation::update_global_settings::*;
use chime::operation::update_phone_number_settings::*;
use chime::types::{
    BusinessCallingSettings, ConversationRetentionSettings, RetentionSettings,
    RoomRetentionSettings, VoiceConnectorSettings,
};
use rusqlite::{params, OptionalExtension, Transaction};

use super::common::*;
use crate::store::Fail;
use crate::util::{now_millis, ts};
use crate::Emulator;

const BUSINESS_CALLING_CDR: &str = "business_calling.cdr_bucket";
const VOICE_CONNECTOR_CDR: &str = "voice_connector.cdr_bucket";
const CALLING_NAME: &str = "phone_number.calling_name";
/// How often the default outbound calling name may change (Chime: once every seven days).
const CALLING_NAME_PERIOD_MS: i64 = 7 * 24 * 3600 * 1000;

fn setting(tx: &Transaction<'_>, key: &str) -> Result<Option<(Option<String>, i64)>, Fail> {
    Ok(tx
        .query_row(
            "SELECT value, updated FROM settings WHERE key = ?1",
            [key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

fn set_setting(tx: &Transaction<'_>, key: &str, value: Option<&str>) -> Result<(), Fail> {
    tx.execute(
        "INSERT INTO settings (key, value, updated) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated = excluded.updated",
        params![key, value, now_millis()],
    )?;
    Ok(())
}

fn retention_out(a: &AccountRow) -> RetentionSettings {
    RetentionSettings::builder()
        .room_retention_settings(
            RoomRetentionSettings::builder()
                .set_retention_days(a.room_retention_days)
                .build(),
        )
        .conversation_retention_settings(
            ConversationRetentionSettings::builder()
                .set_retention_days(a.conversation_retention_days)
                .build(),
        )
        .build()
}

/// GetRetentionSettings: Enterprise accounts only; the days set (none: retention off).
pub async fn get_retention_settings(
    state: Arc<Emulator>,
    input: GetRetentionSettingsInput,
) -> Result<GetRetentionSettingsOutput, GetRetentionSettingsError> {
    Ok(state.store.read(|tx| {
        let a = account(tx, &input.account_id)?;
        a.require_enterprise()?;
        Ok(GetRetentionSettingsOutput::builder()
            .retention_settings(retention_out(&a))
            .set_initiate_deletion_timestamp(a.retention_initiated.map(ts))
            .build())
    })?)
}

/// PutRetentionSettings: Enterprise accounts only; replaces both settings (a missing number of
/// days turns that retention off). Deletion is initiated now when any retention is on.
pub async fn put_retention_settings(
    state: Arc<Emulator>,
    input: PutRetentionSettingsInput,
) -> Result<PutRetentionSettingsOutput, PutRetentionSettingsError> {
    Ok(state.store.write(|tx| {
        let a = account(tx, &input.account_id)?;
        a.require_enterprise()?;
        let s = &input.retention_settings;
        let room = s
            .room_retention_settings
            .as_ref()
            .and_then(|r| r.retention_days);
        let conversation = s
            .conversation_retention_settings
            .as_ref()
            .and_then(|c| c.retention_days);
        let initiated = (room.is_some() || conversation.is_some()).then(now_millis);
        tx.execute(
            "UPDATE accounts SET room_retention_days = ?2, conversation_retention_days = ?3,
                retention_initiated = ?4 WHERE id = ?1",
            params![a.id, room, conversation, initiated],
        )?;
        let a = account(tx, &input.account_id)?;
        Ok(PutRetentionSettingsOutput::builder()
            .retention_settings(retention_out(&a))
            .set_initiate_deletion_timestamp(a.retention_initiated.map(ts))
            .build())
    })?)
}

/// GetGlobalSettings: the CDR buckets of Business Calling and Voice Connector.
pub async fn get_global_settings(
    state: Arc<Emulator>,
    _input: GetGlobalSettingsInput,
) -> Result<GetGlobalSettingsOutput, GetGlobalSettingsError> {
    Ok(state.store.read(|tx| {
        let business = setting(tx, BUSINESS_CALLING_CDR)?.and_then(|(v, _)| v);
        let voice = setting(tx, VOICE_CONNECTOR_CDR)?.and_then(|(v, _)| v);
        Ok(GetGlobalSettingsOutput::builder()
            .business_calling(
                BusinessCallingSettings::builder()
                    .set_cdr_bucket(business)
                    .build(),
            )
            .voice_connector(
                VoiceConnectorSettings::builder()
                    .set_cdr_bucket(voice)
                    .build(),
            )
            .build())
    })?)
}

/// UpdateGlobalSettings: each structure given replaces its settings; absent ones are kept.
pub async fn update_global_settings(
    state: Arc<Emulator>,
    input: UpdateGlobalSettingsInput,
) -> Result<UpdateGlobalSettingsOutput, UpdateGlobalSettingsError> {
    Ok(state.store.write(|tx| {
        if let Some(b) = &input.business_calling {
            set_setting(tx, BUSINESS_CALLING_CDR, b.cdr_bucket.as_deref())?;
        }
        if let Some(v) = &input.voice_connector {
            set_setting(tx, VOICE_CONNECTOR_CDR, v.cdr_bucket.as_deref())?;
        }
        Ok(UpdateGlobalSettingsOutput::builder().build())
    })?)
}

/// GetPhoneNumberSettings: the default outbound calling name and when it was last set.
pub async fn get_phone_number_settings(
    state: Arc<Emulator>,
    _input: GetPhoneNumberSettingsInput,
) -> Result<GetPhoneNumberSettingsOutput, GetPhoneNumberSettingsError> {
    Ok(state.store.read(|tx| {
        let current = setting(tx, CALLING_NAME)?;
        Ok(GetPhoneNumberSettingsOutput::builder()
            .set_calling_name(current.as_ref().and_then(|(v, _)| v.clone()))
            .set_calling_name_updated_timestamp(current.map(|(_, t)| ts(t)))
            .build())
    })?)
}

/// UpdatePhoneNumberSettings: sets the default outbound calling name, at most once every seven
/// days (else 400).
pub async fn update_phone_number_settings(
    state: Arc<Emulator>,
    input: UpdatePhoneNumberSettingsInput,
) -> Result<UpdatePhoneNumberSettingsOutput, UpdatePhoneNumberSettingsError> {
    Ok(state.store.write(|tx| {
        if let Some((_, updated)) = setting(tx, CALLING_NAME)? {
            if now_millis().saturating_sub(updated) < CALLING_NAME_PERIOD_MS {
                return Err(Fail::BadRequest(
                    "The default outbound calling name can be updated once every seven days."
                        .to_owned(),
                ));
            }
        }
        set_setting(tx, CALLING_NAME, Some(&input.calling_name))?;
        Ok(UpdatePhoneNumberSettingsOutput::builder().build())
    })?)
}
