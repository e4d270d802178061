//! Meeting dial-outs and redaction of conversation messages.

use std::sync::Arc;

use chime::operation::create_meeting_dial_out::*;
use chime::operation::redact_conversation_message::*;
use rusqlite::params;

use super::common::*;
use crate::store::Fail;
use crate::util::{new_id, now_millis};
use crate::Emulator;

/// CreateMeetingDialOut: the `FromPhoneNumber` must be one of the customer's phone numbers (in
/// the inventory and not being deleted), else 403 AccessDenied; records the call and answers a
/// new transaction id.
pub async fn create_meeting_dial_out(
    state: Arc<Emulator>,
    input: CreateMeetingDialOutInput,
) -> Result<CreateMeetingDialOutOutput, CreateMeetingDialOutError> {
    Ok(state.store.write(|tx| {
        let from = super::phone::normalize(&input.from_phone_number);
        let owned: i64 = tx.query_row(
            "SELECT count(*) FROM phone_numbers WHERE id = ?1 AND status != 'DeleteInProgress'",
            [&from],
            |r| r.get(0),
        )?;
        if owned == 0 {
            return Err(Fail::AccessDenied(
                "The FromPhoneNumber does not belong to this AWS account.".to_owned(),
            ));
        }
        let transaction_id = new_id();
        tx.execute(
            "INSERT INTO dial_outs (transaction_id, meeting_id, from_number, to_number, created)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                transaction_id,
                input.meeting_id,
                from,
                super::phone::normalize(&input.to_phone_number),
                now_millis()
            ],
        )?;
        Ok(CreateMeetingDialOutOutput::builder()
            .transaction_id(transaction_id)
            .build())
    })?)
}

/// RedactConversationMessage: the account must exist and the conversation hold the message
/// (else 404).
pub async fn redact_conversation_message(
    state: Arc<Emulator>,
    input: RedactConversationMessageInput,
) -> Result<RedactConversationMessageOutput, RedactConversationMessageError> {
    Ok(state.store.write(|tx| {
        account(tx, &input.account_id)?;
        super::memberships::redact(
            tx,
            &input.account_id,
            "conversation",
            &input.conversation_id,
            &input.message_id,
        )?;
        Ok(RedactConversationMessageOutput::builder().build())
    })?)
}
