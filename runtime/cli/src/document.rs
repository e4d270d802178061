//! Documents (JSON keyed by Smithy member names, as the AWS CLI shows
//! them) to typed inputs and from typed outputs, through the generated
//! JSON codec with the `DOCUMENT` profile: the same readers and writers as
//! request and response bodies, with member-name keys.

use serde_json::Value;
use smithy_rt::error::DeserializeError;
use smithy_rt::json::{JsonReader, JsonWriter, Profile, ValueWriter};

/// Reads `document` as a `T` with the generated reader `read`.
pub fn read<T>(
    document: &Value,
    read: fn(&mut JsonReader<'_>) -> Result<T, DeserializeError>,
) -> Result<T, DeserializeError> {
    let bytes = serde_json::to_vec(document)
        .map_err(|e| DeserializeError::new("", format!("unwritable document: {e}")))?;
    let mut reader = JsonReader::new(&bytes, &Profile::DOCUMENT);
    let value = read(&mut reader)?;
    reader.end()?;
    Ok(value)
}

/// Writes a typed value as a document with the generated writer `write`.
pub fn write(write: impl FnOnce(ValueWriter<'_>)) -> Value {
    let mut w = JsonWriter::with_profile(256, &Profile::DOCUMENT);
    write(w.value());
    // The writer only produces valid JSON; a failure would be a bug, shown
    // as a null document rather than a panic.
    serde_json::from_slice(&w.into_bytes()).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_round_trip_through_a_reader_and_writer() {
        let doc = serde_json::json!({"Name": "x", "Count": 3});
        let read_name = |r: &mut JsonReader<'_>| -> Result<(String, i32), DeserializeError> {
            static FIELDS: [smithy_rt::json::Field; 2] = [
                smithy_rt::json::Field::new("name", "Name"),
                smithy_rt::json::Field::new("count", "Count"),
            ];
            let (mut n, mut c) = (None, None);
            r.begin_object()?;
            while let Some(i) = r.next_field(&FIELDS)? {
                match i {
                    0 => n = Some(r.string()?),
                    _ => c = Some(r.integer::<i32>()?),
                }
            }
            Ok((n.unwrap_or_default(), c.unwrap_or_default()))
        };
        assert_eq!(read(&doc, read_name).unwrap(), ("x".to_owned(), 3));
        // Member-name keys: the wire name is not accepted.
        let wire = serde_json::json!({"name": "x"});
        assert!(read(&wire, read_name).is_err());
        let out = write(|w| {
            let mut obj = w.object();
            obj.member("name", "Name").string("y");
            obj.finish();
        });
        assert_eq!(out, serde_json::json!({"Name": "y"}));
    }
}
