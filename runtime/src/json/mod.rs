//! JSON for restJson1 bodies: a streaming writer for serializers and typed,
//! path-reporting readers for deserializers.

mod read;
mod write;

pub use read::*;
pub use write::*;
