//! Chat rooms of Enterprise accounts: create, read, list, update, delete.

use std::sync::Arc;

use chime::operation::create_room::*;
use chime::operation::delete_room::*;
use chime::operation::get_room::*;
use chime::operation::list_rooms::*;
use chime::operation::update_room::*;
use rusqlite::{params, OptionalExtension};

use super::common::*;
use crate::store::token;
use crate::util::{new_id, now_millis};
use crate::Emulator;

/// CreateRoom: Enterprise accounts only. A repeated `ClientRequestToken` in the same account
/// answers the room it created the first time, with no new room.
pub async fn create_room(
    state: Arc<Emulator>,
    input: CreateRoomInput,
) -> Result<CreateRoomOutput, CreateRoomError> {
    let principal = state.options.principal.clone();
    Ok(state.store.write(|tx| {
        let account = account(tx, &input.account_id)?;
        account.require_enterprise()?;
        if let Some(token) = &input.client_request_token {
            let existing: Option<String> = tx
                .query_row(
                    "SELECT id FROM rooms WHERE account_id = ?1 AND client_request_token = ?2",
                    params![account.id, token],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(id) = existing {
                let row = room(tx, &account.id, &id)?;
                return Ok(CreateRoomOutput::builder().room(room_out(&row)).build());
            }
        }
        let id = new_id();
        let now = now_millis();
        tx.execute(
            "INSERT INTO rooms (id, account_id, name, created_by, client_request_token, created, updated)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![id, account.id, input.name, principal, input.client_request_token, now],
        )?;
        let row = room(tx, &account.id, &id)?;
        Ok(CreateRoomOutput::builder().room(room_out(&row)).build())
    })?)
}

/// GetRoom: the room, or 404.
pub async fn get_room(
    state: Arc<Emulator>,
    input: GetRoomInput,
) -> Result<GetRoomOutput, GetRoomError> {
    Ok(state.store.read(|tx| {
        account(tx, &input.account_id)?.require_enterprise()?;
        let row = room(tx, &input.account_id, &input.room_id)?;
        Ok(GetRoomOutput::builder().room(room_out(&row)).build())
    })?)
}

/// ListRooms: the account's rooms in creation order, or only those `MemberId` belongs to.
pub async fn list_rooms(
    state: Arc<Emulator>,
    input: ListRoomsInput,
) -> Result<ListRoomsOutput, ListRoomsError> {
    Ok(state.store.read(|tx| {
        account(tx, &input.account_id)?.require_enterprise()?;
        let after = token::decode_seq("rooms", input.next_token.as_deref())?;
        let size = token::page_size(input.max_results, 10, 99);
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT {ROOM_COLUMNS} FROM rooms
             WHERE account_id = ?1 AND seq > ?2
               AND (?3 IS NULL OR EXISTS (SELECT 1 FROM room_memberships m
                    WHERE m.room_id = rooms.id AND m.member_id = ?3))
             ORDER BY seq LIMIT ?4"
        ))?;
        let rows = stmt
            .query_map(
                params![input.account_id, after, input.member_id, size + 1],
                |r| RoomRow::from_row(r).map(|x| (x.seq, x)),
            )?
            .collect::<Result<Vec<_>, _>>()?;
        let (rows, next) = paginate(rows, size, "rooms");
        Ok(ListRoomsOutput::builder()
            .set_rooms(Some(rows.iter().map(room_out).collect()))
            .set_next_token(next)
            .build())
    })?)
}

/// UpdateRoom: renames the room (no name: unchanged).
pub async fn update_room(
    state: Arc<Emulator>,
    input: UpdateRoomInput,
) -> Result<UpdateRoomOutput, UpdateRoomError> {
    Ok(state.store.write(|tx| {
        account(tx, &input.account_id)?.require_enterprise()?;
        room(tx, &input.account_id, &input.room_id)?;
        if let Some(name) = &input.name {
            tx.execute(
                "UPDATE rooms SET name = ?2, updated = ?3 WHERE id = ?1",
                params![input.room_id, name, now_millis()],
            )?;
        }
        let row = room(tx, &input.account_id, &input.room_id)?;
        Ok(UpdateRoomOutput::builder().room(room_out(&row)).build())
    })?)
}

/// DeleteRoom: removes the room, its memberships and its messages.
pub async fn delete_room(
    state: Arc<Emulator>,
    input: DeleteRoomInput,
) -> Result<DeleteRoomOutput, DeleteRoomError> {
    Ok(state.store.write(|tx| {
        account(tx, &input.account_id)?.require_enterprise()?;
        room(tx, &input.account_id, &input.room_id)?;
        tx.execute(
            "DELETE FROM room_memberships WHERE room_id = ?1",
            [&input.room_id],
        )?;
        tx.execute(
            "DELETE FROM messages WHERE container_kind = 'room' AND container_id = ?1",
            [&input.room_id],
        )?;
        tx.execute("DELETE FROM rooms WHERE id = ?1", [&input.room_id])?;
        Ok(DeleteRoomOutput::builder().build())
    })?)
}
