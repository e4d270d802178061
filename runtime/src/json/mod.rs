//! JSON for restJson1 bodies: a streaming writer for serializers and typed,
//! path-reporting readers for deserializers.

mod collections;
mod read;
pub mod reader;
mod write;

pub use read::*;
pub use reader::{Field, JsonReader, Member, MissingRequired, Profile};
pub use write::*;

/// The body of an error response as its reader should see it: the body if
/// it is (or starts like) a JSON object, else `{}`, so an HTML page from a
/// proxy or an empty body still yields the error by its code or status.
pub fn error_body(body: &[u8]) -> &[u8] {
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => body,
        _ => b"{}",
    }
}
