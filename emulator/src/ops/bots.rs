//! Bots: create, read, list, update, regenerate the security token, events configuration.

use std::sync::Arc;

use chime::operation::create_bot::*;
use chime::operation::delete_events_configuration::*;
use chime::operation::get_bot::*;
use chime::operation::get_events_configuration::*;
use chime::operation::list_bots::*;
use chime::operation::put_events_configuration::*;
use chime::operation::regenerate_security_token::*;
use chime::operation::update_bot::*;
use chime::types::EventsConfiguration;
use rusqlite::{params, Transaction};

use super::common::*;
use crate::store::{token, Fail};
use crate::util::{new_id, now_millis, secret_token};
use crate::Emulator;

/// The email domain of bots created without a `Domain`.
pub const DEFAULT_BOT_DOMAIN: &str = "example.chime.local";

/// Inserts a bot into `account`; its email is `<display name slug>-<id prefix>@<domain>`.
pub(crate) fn insert_bot(
    tx: &Transaction<'_>,
    account: &AccountRow,
    id: Option<&str>,
    display_name: &str,
    domain: Option<&str>,
) -> Result<BotRow, Fail> {
    let id = id.map(str::to_owned).unwrap_or_else(new_id);
    let slug: String = display_name
        .chars()
        .filter_map(|c| {
            if c.is_ascii_alphanumeric() {
                Some(c.to_ascii_lowercase())
            } else if c == ' ' || c == '-' || c == '_' {
                Some('-')
            } else {
                None
            }
        })
        .take(40)
        .collect();
    let slug = if slug.trim_matches('-').is_empty() {
        "bot".to_owned()
    } else {
        slug.trim_matches('-').to_owned()
    };
    let prefix: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(8)
        .collect();
    let email = format!("{slug}-{prefix}@{}", domain.unwrap_or(DEFAULT_BOT_DOMAIN));
    let now = now_millis();
    tx.execute(
        "INSERT INTO bots (id, account_id, user_id, display_name, email, security_token, created, updated)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![id, account.id, new_id(), display_name, email, secret_token(), now],
    )?;
    bot(tx, &account.id, &id)
}

/// CreateBot: Enterprise accounts only; a new enabled `ChatBot` with a fresh security token.
pub async fn create_bot(
    state: Arc<Emulator>,
    input: CreateBotInput,
) -> Result<CreateBotOutput, CreateBotError> {
    Ok(state.store.write(|tx| {
        let account = account(tx, &input.account_id)?;
        account.require_enterprise()?;
        let row = insert_bot(
            tx,
            &account,
            None,
            &input.display_name,
            input.domain.as_deref(),
        )?;
        Ok(CreateBotOutput::builder().bot(bot_out(&row)).build())
    })?)
}

/// GetBot: the bot, or 404.
pub async fn get_bot(
    state: Arc<Emulator>,
    input: GetBotInput,
) -> Result<GetBotOutput, GetBotError> {
    Ok(state.store.read(|tx| {
        account(tx, &input.account_id)?;
        let row = bot(tx, &input.account_id, &input.bot_id)?;
        Ok(GetBotOutput::builder().bot(bot_out(&row)).build())
    })?)
}

/// ListBots: the account's bots in creation order.
pub async fn list_bots(
    state: Arc<Emulator>,
    input: ListBotsInput,
) -> Result<ListBotsOutput, ListBotsError> {
    Ok(state.store.read(|tx| {
        account(tx, &input.account_id)?;
        let after = token::decode_seq("bots", input.next_token.as_deref())?;
        let size = token::page_size(input.max_results, 10, 99);
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT {BOT_COLUMNS} FROM bots WHERE account_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3"
        ))?;
        let rows = stmt
            .query_map(params![input.account_id, after, size + 1], |r| BotRow::from_row(r).map(|x| (x.seq, x)))?
            .collect::<Result<Vec<_>, _>>()?;
        let (rows, next) = paginate(rows, size, "bots");
        Ok(ListBotsOutput::builder()
            .set_bots(Some(rows.iter().map(bot_out).collect()))
            .set_next_token(next)
            .build())
    })?)
}

/// UpdateBot: enables or disables the bot.
pub async fn update_bot(
    state: Arc<Emulator>,
    input: UpdateBotInput,
) -> Result<UpdateBotOutput, UpdateBotError> {
    Ok(state.store.write(|tx| {
        account(tx, &input.account_id)?;
        bot(tx, &input.account_id, &input.bot_id)?;
        tx.execute(
            "UPDATE bots SET disabled = coalesce(?2, disabled), updated = ?3 WHERE id = ?1",
            params![input.bot_id, input.disabled, now_millis()],
        )?;
        let row = bot(tx, &input.account_id, &input.bot_id)?;
        Ok(UpdateBotOutput::builder().bot(bot_out(&row)).build())
    })?)
}

/// RegenerateSecurityToken: a new security token; the old one stops being valid.
pub async fn regenerate_security_token(
    state: Arc<Emulator>,
    input: RegenerateSecurityTokenInput,
) -> Result<RegenerateSecurityTokenOutput, RegenerateSecurityTokenError> {
    Ok(state.store.write(|tx| {
        account(tx, &input.account_id)?;
        bot(tx, &input.account_id, &input.bot_id)?;
        tx.execute(
            "UPDATE bots SET security_token = ?2, updated = ?3 WHERE id = ?1",
            params![input.bot_id, secret_token(), now_millis()],
        )?;
        let row = bot(tx, &input.account_id, &input.bot_id)?;
        Ok(RegenerateSecurityTokenOutput::builder()
            .bot(bot_out(&row))
            .build())
    })?)
}

fn events_out(b: &BotRow) -> EventsConfiguration {
    EventsConfiguration::builder()
        .bot_id(b.id.clone())
        .set_outbound_events_https_endpoint(b.events_https_endpoint.clone())
        .set_lambda_function_arn(b.events_lambda_arn.clone())
        .build()
}

/// PutEventsConfiguration: exactly one of an HTTPS endpoint or a Lambda function ARN; replaces
/// any previous configuration.
pub async fn put_events_configuration(
    state: Arc<Emulator>,
    input: PutEventsConfigurationInput,
) -> Result<PutEventsConfigurationOutput, PutEventsConfigurationError> {
    Ok(state.store.write(|tx| {
        account(tx, &input.account_id)?;
        bot(tx, &input.account_id, &input.bot_id)?;
        let https = input.outbound_events_https_endpoint.as_deref();
        let lambda = input.lambda_function_arn.as_deref();
        match (https, lambda) {
            (Some(_), Some(_)) | (None, None) => {
                return Err(Fail::BadRequest(
                    "Give either OutboundEventsHTTPSEndpoint or LambdaFunctionArn, not both and not neither."
                        .to_owned(),
                ))
            }
            (Some(url), None) if !url.starts_with("https://") => {
                return Err(Fail::BadRequest(
                    "OutboundEventsHTTPSEndpoint must be an https:// URL.".to_owned(),
                ))
            }
            (None, Some(arn)) if !arn.starts_with("arn:") => {
                return Err(Fail::BadRequest(
                    "LambdaFunctionArn must be an ARN.".to_owned(),
                ))
            }
            _ => {}
        }
        tx.execute(
            "UPDATE bots SET events_https_endpoint = ?2, events_lambda_arn = ?3, updated = ?4
             WHERE id = ?1",
            params![input.bot_id, https, lambda, now_millis()],
        )?;
        let row = bot(tx, &input.account_id, &input.bot_id)?;
        Ok(PutEventsConfigurationOutput::builder()
            .events_configuration(events_out(&row))
            .build())
    })?)
}

/// GetEventsConfiguration: the bot's configuration; 404 if the bot has none.
pub async fn get_events_configuration(
    state: Arc<Emulator>,
    input: GetEventsConfigurationInput,
) -> Result<GetEventsConfigurationOutput, GetEventsConfigurationError> {
    Ok(state.store.read(|tx| {
        account(tx, &input.account_id)?;
        let row = bot(tx, &input.account_id, &input.bot_id)?;
        if row.events_https_endpoint.is_none() && row.events_lambda_arn.is_none() {
            return Err(Fail::NotFound(format!(
                "The bot {} has no events configuration.",
                row.id
            )));
        }
        Ok(GetEventsConfigurationOutput::builder()
            .events_configuration(events_out(&row))
            .build())
    })?)
}

/// DeleteEventsConfiguration: removes the bot's configuration (none: no-op). The model has no
/// NotFoundException here, so an unknown account or bot is a 400.
pub async fn delete_events_configuration(
    state: Arc<Emulator>,
    input: DeleteEventsConfigurationInput,
) -> Result<DeleteEventsConfigurationOutput, DeleteEventsConfigurationError> {
    Ok(state.store.write(|tx| {
        account(tx, &input.account_id)?;
        bot(tx, &input.account_id, &input.bot_id)?;
        tx.execute(
            "UPDATE bots SET events_https_endpoint = NULL, events_lambda_arn = NULL, updated = ?2
             WHERE id = ?1",
            params![input.bot_id, now_millis()],
        )?;
        Ok(DeleteEventsConfigurationOutput::builder().build())
    })?)
}
