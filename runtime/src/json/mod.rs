//! JSON for restJson1 bodies: a streaming writer for serializers and typed,
//! path-reporting readers for deserializers.

mod read;
pub mod reader;
mod write;

pub use read::*;
pub use reader::{Field, JsonReader, Member, Profile};
pub use write::*;
