//! Room memberships: add one, add a batch (the flagship), list, update, delete; and
//! redaction of room messages.

use std::sync::Arc;

use chime::operation::batch_create_room_membership::*;
use chime::operation::create_room_membership::*;
use chime::operation::delete_room_membership::*;
use chime::operation::list_room_memberships::*;
use chime::operation::redact_room_message::*;
use chime::operation::update_room_membership::*;
use chime::types::{ErrorCode, MemberError, RoomMembershipRole};
use rusqlite::{params, Transaction};

use super::common::*;
use crate::store::{token, Fail};
use crate::util::now_millis;
use crate::Emulator;

/// What adding one member to a room came to.
enum Added {
    /// A new membership.
    Created(MembershipRow),
    /// Already a member with the same role: nothing changed.
    Unchanged(MembershipRow),
}

/// Adds `member_id` to `room` with `role`, checking in the order: not a user or bot of
/// the account → NotFound; already a member → same role: no-op, other role: Conflict (the
/// membership is kept); a suspended user → Forbidden; otherwise a new membership.
fn add_member(
    tx: &Transaction<'_>,
    account_id: &str,
    room: &RoomRow,
    member_id: &str,
    role: &RoomMembershipRole,
    invited_by: &str,
) -> Result<Added, Fail> {
    let Some(member) = find_member(tx, account_id, member_id)? else {
        return Err(Fail::NotFound(format!(
            "The member {member_id} is not a user or bot of account {account_id}."
        )));
    };
    if let Some(existing) = find_membership(tx, &room.id, member_id)? {
        return if existing.role == role.as_str() {
            Ok(Added::Unchanged(existing))
        } else {
            Err(Fail::Conflict(format!(
                "The member {member_id} is already in room {} as {}.",
                room.id, existing.role
            )))
        };
    }
    if let MemberRef::User(u) = &member {
        if u.suspended {
            return Err(Fail::Forbidden(format!(
                "The user {member_id} is suspended."
            )));
        }
    }
    // The new row is known: no need to read it back.
    let updated = now_millis();
    tx.prepare_cached(
        "INSERT INTO room_memberships (room_id, member_id, member_type, role, invited_by, updated)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        room.id,
        member_id,
        member.kind(),
        role.as_str(),
        invited_by,
        updated
    ])?;
    Ok(Added::Created(MembershipRow {
        seq: tx.last_insert_rowid(),
        room_id: room.id.clone(),
        member_id: member_id.to_owned(),
        member_type: member.kind().to_owned(),
        role: role.as_str().to_owned(),
        invited_by: invited_by.to_owned(),
        updated,
    }))
}

/// The room of an Enterprise account, checked in the order: account 404, not
/// Enterprise 403, room 404.
fn enterprise_room(tx: &Transaction<'_>, account_id: &str, room_id: &str) -> Result<RoomRow, Fail> {
    account(tx, account_id)?.require_enterprise()?;
    room(tx, account_id, room_id)
}

/// CreateRoomMembership: adds one user or bot (`Member` by default); see [`add_member`] for the
/// rules (Conflict is a 409, NotFound a 404, Forbidden a 403).
pub async fn create_room_membership(
    state: Arc<Emulator>,
    input: CreateRoomMembershipInput,
) -> Result<CreateRoomMembershipOutput, CreateRoomMembershipError> {
    let principal = state.options.principal.clone();
    Ok(state.store.write(|tx| {
        let room = enterprise_room(tx, &input.account_id, &input.room_id)?;
        let role = input.role.clone().unwrap_or(RoomMembershipRole::Member);
        let m = match add_member(
            tx,
            &input.account_id,
            &room,
            &input.member_id,
            &role,
            &principal,
        )? {
            Added::Created(m) | Added::Unchanged(m) => m,
        };
        Ok(CreateRoomMembershipOutput::builder()
            .room_membership(membership_out(tx, &input.account_id, &m)?)
            .build())
    })?)
}

/// BatchCreateRoomMembership: up to 50 items, each checked on its own in order (a member listed
/// twice meets its own first item); failures are listed in `Errors` with `MemberId`, an
/// `ErrorCode` and a message; everything else is applied, all in one transaction.
pub async fn batch_create_room_membership(
    state: Arc<Emulator>,
    input: BatchCreateRoomMembershipInput,
) -> Result<BatchCreateRoomMembershipOutput, BatchCreateRoomMembershipError> {
    let principal = state.options.principal.clone();
    Ok(state.store.write(|tx| {
        let room = enterprise_room(tx, &input.account_id, &input.room_id)?;
        let mut errors = Vec::new();
        for item in &input.membership_item_list {
            let Some(member_id) = item.member_id.as_deref() else {
                errors.push(
                    MemberError::builder()
                        .error_code(ErrorCode::BadRequest)
                        .error_message("MemberId is required.")
                        .build(),
                );
                continue;
            };
            let role = item.role.clone().unwrap_or(RoomMembershipRole::Member);
            let code = match add_member(tx, &input.account_id, &room, member_id, &role, &principal)
            {
                Ok(_) => continue,
                Err(Fail::NotFound(m)) => (ErrorCode::NotFound, m),
                Err(Fail::Conflict(m)) => (ErrorCode::Conflict, m),
                Err(Fail::Forbidden(m)) => (ErrorCode::Forbidden, m),
                Err(other) => return Err(other),
            };
            errors.push(
                MemberError::builder()
                    .member_id(member_id.to_owned())
                    .error_code(code.0)
                    .error_message(code.1)
                    .build(),
            );
        }
        Ok(BatchCreateRoomMembershipOutput::builder()
            .set_errors(Some(errors))
            .build())
    })?)
}

/// ListRoomMemberships: the room's members in the order they joined, with their details.
pub async fn list_room_memberships(
    state: Arc<Emulator>,
    input: ListRoomMembershipsInput,
) -> Result<ListRoomMembershipsOutput, ListRoomMembershipsError> {
    Ok(state.store.read(|tx| {
        let room = enterprise_room(tx, &input.account_id, &input.room_id)?;
        let after = token::decode_seq("memberships", input.next_token.as_deref())?;
        let size = token::page_size(input.max_results, 10, 99);
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT {MEMBERSHIP_COLUMNS} FROM room_memberships
             WHERE room_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3"
        ))?;
        let rows = stmt
            .query_map(params![room.id, after, size + 1], |r| {
                MembershipRow::from_row(r).map(|x| (x.seq, x))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let (rows, next) = paginate(rows, size, "memberships");
        let memberships = rows
            .iter()
            .map(|m| membership_out(tx, &input.account_id, m))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ListRoomMembershipsOutput::builder()
            .set_room_memberships(Some(memberships))
            .set_next_token(next)
            .build())
    })?)
}

/// UpdateRoomMembership: changes a user member's role (bots' roles cannot be changed: 400); not
/// a member: 404.
pub async fn update_room_membership(
    state: Arc<Emulator>,
    input: UpdateRoomMembershipInput,
) -> Result<UpdateRoomMembershipOutput, UpdateRoomMembershipError> {
    Ok(state.store.write(|tx| {
        let room = enterprise_room(tx, &input.account_id, &input.room_id)?;
        let Some(existing) = find_membership(tx, &room.id, &input.member_id)? else {
            return Err(Fail::NotFound(format!(
                "The member {} is not in room {}.",
                input.member_id, room.id
            )));
        };
        if let Some(role) = &input.role {
            if existing.member_type != "User" {
                return Err(Fail::BadRequest(
                    "The member role can be updated only for user IDs.".to_owned(),
                ));
            }
            if existing.role != role.as_str() {
                tx.execute(
                    "UPDATE room_memberships SET role = ?3, updated = ?4
                     WHERE room_id = ?1 AND member_id = ?2",
                    params![room.id, input.member_id, role.as_str(), now_millis()],
                )?;
            }
        }
        let m = find_membership(tx, &room.id, &input.member_id)?.unwrap_or(existing);
        Ok(UpdateRoomMembershipOutput::builder()
            .room_membership(membership_out(tx, &input.account_id, &m)?)
            .build())
    })?)
}

/// DeleteRoomMembership: removes the member from the room; not a member: 404.
pub async fn delete_room_membership(
    state: Arc<Emulator>,
    input: DeleteRoomMembershipInput,
) -> Result<DeleteRoomMembershipOutput, DeleteRoomMembershipError> {
    Ok(state.store.write(|tx| {
        let room = enterprise_room(tx, &input.account_id, &input.room_id)?;
        let n = tx.execute(
            "DELETE FROM room_memberships WHERE room_id = ?1 AND member_id = ?2",
            params![room.id, input.member_id],
        )?;
        if n == 0 {
            return Err(Fail::NotFound(format!(
                "The member {} is not in room {}.",
                input.member_id, room.id
            )));
        }
        Ok(DeleteRoomMembershipOutput::builder().build())
    })?)
}

/// Redacts message `message_id` of the conversation or room `container_id`; 404 if there is no
/// such message. Redacting twice is allowed.
pub(crate) fn redact(
    tx: &Transaction<'_>,
    account_id: &str,
    kind: &str,
    container_id: &str,
    message_id: &str,
) -> Result<(), Fail> {
    let n = tx.execute(
        "UPDATE messages SET redacted = 1, content = NULL
         WHERE account_id = ?1 AND container_kind = ?2 AND container_id = ?3 AND message_id = ?4",
        params![account_id, kind, container_id, message_id],
    )?;
    if n == 0 {
        return Err(Fail::NotFound(format!(
            "The message {message_id} was not found in {kind} {container_id}."
        )));
    }
    Ok(())
}

/// RedactRoomMessage: the room must exist in the account and hold the message (else 404).
pub async fn redact_room_message(
    state: Arc<Emulator>,
    input: RedactRoomMessageInput,
) -> Result<RedactRoomMessageOutput, RedactRoomMessageError> {
    Ok(state.store.write(|tx| {
        let room = enterprise_room(tx, &input.account_id, &input.room_id)?;
        redact(tx, &input.account_id, "room", &room.id, &input.message_id)?;
        Ok(RedactRoomMessageOutput::builder().build())
    })?)
}
