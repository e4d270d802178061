//! Event streams: the `@streaming` unions an operation sends or receives as
//! a sequence of `application/vnd.amazon.eventstream` messages.

use super::ShapeRef;

/// One `@streaming` union, as its messages carry it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventStream {
    /// The union.
    pub union: ShapeRef,
    /// Its event members (`event` messages), in model order.
    pub events: Vec<Event>,
    /// Its error members (`exception` messages), in model order.
    pub errors: Vec<EventError>,
}

/// One event member of a streaming union: an `event` message whose
/// `:event-type` is the member name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Index into the union's members.
    pub member: usize,
    /// The event structure.
    pub target: ShapeRef,
    /// Its `@eventHeader` members, in model order.
    pub headers: Vec<EventHeader>,
    /// Where the rest of the structure goes: the message payload.
    pub payload: EventPayload,
}

/// An `@eventHeader` member of an event structure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventHeader {
    /// Index into the event structure's members.
    pub member: usize,
    /// The header type it is sent as.
    pub kind: EventHeaderKind,
}

/// The header value type of an `@eventHeader` member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventHeaderKind {
    /// `boolean`: header type true/false.
    Boolean,
    /// `byte`.
    Byte,
    /// `short`.
    Short,
    /// `integer`.
    Integer,
    /// `long`.
    Long,
    /// `blob`: a byte array.
    Blob,
    /// `string` (or a string enum): a string.
    String,
    /// `timestamp`: milliseconds since the epoch.
    Timestamp,
}

/// The payload of an event message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventPayload {
    /// `@eventPayload` on a blob member: its raw bytes,
    /// `application/octet-stream`.
    Blob(usize),
    /// `@eventPayload` on a string member: its UTF-8 text, `text/plain`.
    Text(usize),
    /// `@eventPayload` on a structure or union member: its JSON document,
    /// `application/json`.
    Json(usize),
    /// No `@eventPayload`: these members (every member that is not a
    /// header, possibly none) as one JSON object, `application/json`.
    Implicit(Vec<usize>),
}

/// An error member of a streaming union: an `exception` message whose
/// `:exception-type` is the member name and whose payload is the error
/// structure as JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventError {
    /// Index into the union's members.
    pub member: usize,
    /// The `@error` structure.
    pub target: ShapeRef,
}
