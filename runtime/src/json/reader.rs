//! A streaming pull reader over a JSON body, for generated deserializers.
//!
//! [`JsonReader`] walks a `&[u8]` once, front to back, without building a
//! `serde_json::Value`: generated code asks for exactly the token it expects
//! (`begin_object`, `next_field`, `string`, `integer`, ...) and the reader
//! checks the JSON syntax, the JSON type and the numeric range as it goes.
//! Strings without escapes are borrowed from the input.
//!
//! # Profiles
//!
//! One reader serves three kinds of JSON, told apart by a [`Profile`]:
//!
//! | | keys | unknown keys | `null` member | `null` in a dense list/map | timestamps |
//! |---|---|---|---|---|---|
//! | [`Profile::WIRE`] (client reads responses) | `jsonName` | skipped | absent | skipped | the member's format |
//! | [`Profile::SERVER`] (server reads requests) | `jsonName` | skipped | absent | error | the member's format |
//! | [`Profile::DOCUMENT`] (CLI input documents) | member name | error naming the key | error | error | ISO 8601, HTTP date or epoch seconds |
//!
//! # Errors
//!
//! Every error is a [`DeserializeError`] whose `path` is the RFC 6901 JSON
//! pointer of the value being read when it went wrong (`/Errors/3/ErrorCode`).
//! The reader keeps a fixed-size stack of key spans and array indices and
//! renders the pointer only when an error is made, so reading allocates
//! nothing for paths. Messages:
//!
//! * wrong type: `expected a string, found a number` (the same words as
//!   [`crate::json::string`] and friends);
//! * numbers: `expected an integer, found a number` (a fraction or exponent
//!   for an integer member), `integer 300 is out of range for i8`,
//!   `number 1e999 is out of range for f64`,
//!   `expected a number, found the string "abc"`;
//! * `invalid base64: ...`, `invalid timestamp: ...`;
//! * `unknown member "Foo", must be one of: A, B` ([`Profile::DOCUMENT`]);
//! * `expected a value, found null` (a `null` the profile rejects);
//! * syntax: `invalid JSON: <what> at line L column C`, e.g.
//!   `invalid JSON: EOF while parsing an object at line 1 column 12`,
//!   `invalid JSON: trailing comma at line 1 column 9`.
//!
//! # Strictness and bounds
//!
//! The grammar is RFC 8259 exactly: no comments, no trailing commas, no
//! single quotes, no leading zeros (`01`), no `+1`, `.5`, `1.`, `NaN` or
//! `Infinity` literals, whitespace is only space, tab, CR and LF, control
//! characters must be escaped in strings, escapes are the eight of the RFC
//! plus `\uXXXX`, and the input must be UTF-8 (checked inside strings; any
//! other non-ASCII byte is a syntax error). A `\uXXXX` escape of a lone
//! surrogate (a high surrogate not followed by a `\u` low surrogate, or a
//! low surrogate alone) is an error: Rust strings cannot hold it and
//! replacing it would silently change the data. Nesting is limited to
//! [`MAX_DEPTH`] levels (the reader never recurses except in
//! [`JsonReader::document`], which is bounded by the same limit; `skip` is
//! iterative). Every step is linear in the input, nothing panics, and the
//! only allocations are the values returned.
//!
//! # Generated code
//!
//! A structure (one `static` field table per structure, an arm per member):
//!
//! ```
//! use smithy_rt::json::{Field, JsonReader, Profile};
//! use smithy_rt::error::DeserializeError;
//!
//! #[derive(Debug, Default)]
//! struct MemberError { member_id: Option<String>, error_code: Option<String> }
//!
//! static MEMBER_ERROR: [Field; 2] = [
//!     Field::new("MemberId", "MemberId"),
//!     Field::new("ErrorCode", "ErrorCode"),
//! ];
//!
//! fn read_member_error(r: &mut JsonReader<'_>) -> Result<MemberError, DeserializeError> {
//!     let mut out = MemberError::default();
//!     r.begin_object()?;
//!     while let Some(i) = r.next_field(&MEMBER_ERROR)? {
//!         match i {
//!             0 => out.member_id = Some(r.string()?),
//!             1 => out.error_code = Some(r.string()?),
//!             _ => r.skip()?,
//!         }
//!     }
//!     Ok(out)
//! }
//!
//! // A list: `JsonReader::list` with the item's reader (a `null` item is
//! // dropped or rejected as the profile says).
//! fn read_member_error_list(r: &mut JsonReader<'_>) -> Result<Vec<MemberError>, DeserializeError> {
//!     r.list(read_member_error)
//! }
//!
//! let body = br#"{"MemberId":"a","ErrorCode":"NotFound","Other":[1,{"x":null}]}"#;
//! let mut r = JsonReader::new(body, &Profile::WIRE);
//! let e = read_member_error(&mut r).unwrap();
//! r.end().unwrap();
//! assert_eq!(e.member_id.as_deref(), Some("a"));
//!
//! let mut r = JsonReader::new(br#"[{"MemberId":5}]"#, &Profile::WIRE);
//! let err = read_member_error_list(&mut r).unwrap_err();
//! assert_eq!(err.path(), "/0/MemberId");
//! assert_eq!(err.message(), "expected a string, found a number");
//! ```
//!
//! Maps use [`JsonReader::map`] (built on [`JsonReader::next_key`]),
//! sparse collections [`JsonReader::sparse_list`] and
//! [`JsonReader::sparse_map`] (built on [`JsonReader::take_null`]), unions
//! [`JsonReader::next_member`] (which hands unknown keys back); see their
//! docs.

use std::borrow::Cow;

use crate::error::DeserializeError;

mod lex;
mod values;

/// The deepest nesting of arrays and objects the reader accepts (the same
/// limit as `serde_json`): a body nested deeper is an error, never a stack
/// overflow.
pub const MAX_DEPTH: usize = 128;

/// Which name a member is known by in a JSON object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyBy {
    /// The wire name: the member's `@jsonName`, else its member name.
    Wire,
    /// The model's member name (CLI documents).
    Member,
}

/// What to do with an object key that names no member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnknownKeys {
    /// Skip the key and its value (forward compatibility).
    Skip,
    /// Fail with an error naming the key and the known ones.
    Reject,
}

/// What to do with an explicit `null` where a value is not optional.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Nulls {
    /// Treat it as if it were not there (a member reads as absent, an item
    /// of a dense list or a value of a dense map is dropped).
    Skip,
    /// Fail with `expected a value, found null`.
    Reject,
}

/// Which timestamp texts are accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Timestamps {
    /// Exactly the format the member is modelled with.
    Modelled,
    /// The modelled format, and a `date-time` must be in UTC (`Z`), as
    /// Smithy requires of what a server accepts.
    ModelledUtc,
    /// Whatever a person would type: a number of epoch seconds, or a string
    /// in RFC 3339 `date-time`, `http-date` or epoch-seconds form.
    Any,
}

/// How a JSON text maps onto modelled shapes: key names, strictness about
/// unknown keys and `null`s, and timestamp formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Profile {
    /// Which name a member's key is.
    pub keys: KeyBy,
    /// Keys that name no member.
    pub unknown_keys: UnknownKeys,
    /// An explicit `null` for a structure or union member.
    pub null_members: Nulls,
    /// An explicit `null` item of a dense (non-`@sparse`) list or value of a
    /// dense map.
    pub null_items: Nulls,
    /// Which timestamp texts [`JsonReader::timestamp`] accepts.
    pub timestamps: Timestamps,
    /// A union member the model does not know: kept as the union's
    /// `Unknown` variant (forward compatibility) or rejected.
    pub unknown_variants: UnknownKeys,
    /// A `@required` member absent from an object, read with
    /// [`JsonReader::required_or`].
    pub missing_required: MissingRequired,
}

/// What a reader does about a `@required` member that is absent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MissingRequired {
    /// An error naming the member (servers reading requests, the CLI
    /// reading what a person wrote).
    Reject,
    /// Client error correction: the member gets its type's zero value
    /// (empty string or collection, zero, `false`, the epoch, `null`), so
    /// that a response that omits a member the model requires (the service
    /// and the model disagree) is still read, as smithy-rs and botocore do.
    ZeroValue,
}

impl Profile {
    /// restJson1 bodies as a client reads them (responses and errors):
    /// `jsonName` keys, unknown keys skipped, `null` members absent, `null`
    /// items of dense collections dropped, timestamps in the modelled format,
    /// absent required members of simple types and collections corrected to
    /// their zero value.
    pub const WIRE: Profile = Profile {
        keys: KeyBy::Wire,
        unknown_keys: UnknownKeys::Skip,
        null_members: Nulls::Skip,
        null_items: Nulls::Skip,
        timestamps: Timestamps::Modelled,
        unknown_variants: UnknownKeys::Skip,
        missing_required: MissingRequired::ZeroValue,
    };

    /// restJson1 bodies as a server reads them (requests): like
    /// [`Profile::WIRE`], except that a `null` item of a dense list or value
    /// of a dense map is an error, as the protocol's malformed-request tests
    /// require (`RestJsonBodyMalformedListNullItem`, `...MapNullValue`), an
    /// unknown union member is an error, and a `date-time` must be UTC
    /// (`RestJsonBodyTimestampDateTimeRejectsUTCOffsets`).
    pub const SERVER: Profile = Profile {
        null_items: Nulls::Reject,
        unknown_variants: UnknownKeys::Reject,
        timestamps: Timestamps::ModelledUtc,
        missing_required: MissingRequired::Reject,
        ..Profile::WIRE
    };

    /// Documents a person writes for the CLI (`--cli-input-json`, JSON
    /// parameter values): member-name keys, unknown keys are errors, a
    /// `null` member is absent (as the AWS CLI treats it) but a `null` item
    /// is an error, timestamps in any of the usual forms.
    pub const DOCUMENT: Profile = Profile {
        keys: KeyBy::Member,
        unknown_keys: UnknownKeys::Reject,
        null_members: Nulls::Skip,
        null_items: Nulls::Reject,
        timestamps: Timestamps::Any,
        unknown_variants: UnknownKeys::Reject,
        missing_required: MissingRequired::Reject,
    };

    /// The key `field` is written under in this profile; generated writers
    /// call it so that one writer serves every profile.
    pub fn key_of(&self, field: &Field) -> &'static str {
        match self.keys {
            KeyBy::Wire => field.wire,
            KeyBy::Member => field.member,
        }
    }
}

/// One member of a structure or union as JSON knows it. Generated code has a
/// `static [Field; N]` table per shape, in member order; the reader reports
/// a key as its index in that table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Field {
    /// The wire name (`@jsonName`, else the member name).
    pub wire: &'static str,
    /// The model's member name.
    pub member: &'static str,
}

impl Field {
    /// A field from its wire name and member name.
    pub const fn new(wire: &'static str, member: &'static str) -> Self {
        Field { wire, member }
    }
}

/// A key of an object read by [`JsonReader::next_member`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Member<'a> {
    /// The key names `fields[index]`; its value is next.
    Known(usize),
    /// The key names no field; its value is next and the caller must read
    /// or [`skip`](JsonReader::skip) it.
    Unknown(Cow<'a, str>),
}

/// The JSON type of the next value, from [`JsonReader::peek_kind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

/// Marks an array frame in [`Frame::end`].
const ARRAY: usize = usize::MAX;

/// One open container. Objects: `start..end` is the raw current key (both 0
/// before the first key). Arrays: `end == ARRAY`, `start` counts the items
/// begun so far. `hint` is where the next key is looked up first.
#[derive(Clone, Copy, Debug, Default)]
struct Frame {
    start: usize,
    end: usize,
    hint: usize,
}

/// A pull reader over one JSON text; see the [module docs](self).
pub struct JsonReader<'a> {
    input: &'a [u8],
    pos: usize,
    profile: &'static Profile,
    depth: usize,
    frames: [Frame; MAX_DEPTH],
}

impl std::fmt::Debug for JsonReader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonReader")
            .field("pos", &self.pos)
            .field("len", &self.input.len())
            .field("pointer", &self.pointer())
            .field("profile", self.profile)
            .finish()
    }
}

impl<'a> JsonReader<'a> {
    /// A reader of `body`, which must hold exactly one JSON value (call
    /// [`JsonReader::end`] after reading it).
    pub fn new(body: &'a [u8], profile: &'static Profile) -> Self {
        JsonReader {
            input: body,
            pos: 0,
            profile,
            depth: 0,
            frames: [Frame::default(); MAX_DEPTH],
        }
    }

    /// A reader of an HTTP body in which an empty (or all-whitespace) body
    /// reads as `{}`, as restJson1 allows when no member is bound to it.
    pub fn body(body: &'a [u8], profile: &'static Profile) -> Self {
        if body
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        {
            Self::new(b"{}", profile)
        } else {
            Self::new(body, profile)
        }
    }

    /// The profile this reader was made with.
    pub fn profile(&self) -> &'static Profile {
        self.profile
    }

    /// Enters an object; then call [`JsonReader::next_field`] (structures),
    /// [`JsonReader::next_member`] (unions) or [`JsonReader::next_key`]
    /// (maps) until it says the object is over.
    pub fn begin_object(&mut self) -> Result<(), DeserializeError> {
        if self.peek() != Some(b'{') {
            return Err(self.mismatch("an object"));
        }
        self.push(Frame::default())?;
        self.pos += 1;
        Ok(())
    }

    /// The next key of the current object, resolved against `fields` by the
    /// profile: `Some(index)` with the key's value next, or `None` at the
    /// closing `}` (the object is then left). Keys that name no field are
    /// skipped with their value, or rejected, per the profile; a `null`
    /// value is skipped (the member reads as absent) or rejected.
    #[inline]
    pub fn next_field(
        &mut self,
        fields: &'static [Field],
    ) -> Result<Option<usize>, DeserializeError> {
        loop {
            match self.next_member(fields)? {
                None => return Ok(None),
                Some(Member::Known(i)) => return Ok(Some(i)),
                Some(Member::Unknown(key)) => match self.profile.unknown_keys {
                    UnknownKeys::Skip => self.skip()?,
                    UnknownKeys::Reject => return Err(self.unknown_member(&key, fields)),
                },
            }
        }
    }

    /// Like [`JsonReader::next_field`], but an unknown key is handed back as
    /// [`Member::Unknown`] whatever the profile (its value is next): unions
    /// need it, a client to keep an `Unknown` variant, a server to reject it.
    /// `null` values of known keys follow the profile's `null_members`.
    pub fn next_member(
        &mut self,
        fields: &'static [Field],
    ) -> Result<Option<Member<'a>>, DeserializeError> {
        loop {
            let Some((start, end, escaped)) = self.advance_key()? else {
                return Ok(None);
            };
            let found = self.find_field(start, end, escaped, fields)?;
            let Some(index) = found else {
                let key = self.key_text(start, end, escaped)?;
                return Ok(Some(Member::Unknown(key)));
            };
            if let Some(top) = self
                .depth
                .checked_sub(1)
                .and_then(|d| self.frames.get_mut(d))
            {
                top.hint = index + 1;
            }
            if self.input.get(self.pos) == Some(&b'n') {
                match self.profile.null_members {
                    Nulls::Skip => {
                        self.literal(b"null")?;
                        continue;
                    }
                    Nulls::Reject => return Err(self.error("expected a value, found null")),
                }
            }
            return Ok(Some(Member::Known(index)));
        }
    }

    /// The next key of the current object (a map's key, unescaped), with its
    /// value next, or `None` at the closing `}` (the object is then left).
    /// Values are not looked at: call [`JsonReader::dense_null`] or
    /// [`JsonReader::take_null`] for them.
    ///
    /// ```
    /// # use smithy_rt::json::{JsonReader, Profile};
    /// # use std::collections::HashMap;
    /// let mut r = JsonReader::new(br#"{"a":1,"b":null,"c":3}"#, &Profile::WIRE);
    /// // A dense map of integers.
    /// let mut map = HashMap::new();
    /// r.begin_object().unwrap();
    /// while let Some(k) = r.next_key().unwrap() {
    ///     if r.dense_null().unwrap() { continue; }
    ///     map.insert(k.into_owned(), r.integer::<i32>().unwrap());
    /// }
    /// assert_eq!(map.len(), 2);
    /// ```
    pub fn next_key(&mut self) -> Result<Option<Cow<'a, str>>, DeserializeError> {
        match self.advance_key()? {
            None => Ok(None),
            Some((start, end, escaped)) => self.key_text(start, end, escaped).map(Some),
        }
    }

    /// Enters an array; then call [`JsonReader::next_item`] until it says
    /// `false`.
    pub fn begin_array(&mut self) -> Result<(), DeserializeError> {
        if self.peek() != Some(b'[') {
            return Err(self.mismatch("an array"));
        }
        self.push(Frame {
            start: 0,
            end: ARRAY,
            hint: 0,
        })?;
        self.pos += 1;
        Ok(())
    }

    /// `true` if the current array has another item (read it next), `false`
    /// at the closing `]` (the array is then left).
    ///
    /// ```
    /// # use smithy_rt::json::{JsonReader, Profile};
    /// // A sparse list of strings.
    /// let mut r = JsonReader::new(br#"[null,"hi"]"#, &Profile::WIRE);
    /// let mut out: Vec<Option<String>> = Vec::new();
    /// r.begin_array().unwrap();
    /// while r.next_item().unwrap() {
    ///     out.push(if r.take_null().unwrap() { None } else { Some(r.string().unwrap()) });
    /// }
    /// assert_eq!(out, [None, Some("hi".to_owned())]);
    /// ```
    #[inline]
    pub fn next_item(&mut self) -> Result<bool, DeserializeError> {
        let d = self.depth.wrapping_sub(1);
        let count = match self.frames.get(d) {
            Some(f) if f.end == ARRAY => f.start,
            _ => return Err(self.error("next_item called outside an array")),
        };
        match self.peek() {
            Some(b']') => {
                self.pos += 1;
                self.depth = d;
                return Ok(false);
            }
            Some(b',') if count > 0 => {
                self.pos += 1;
                if self.peek() == Some(b']') {
                    return Err(self.syntax("trailing comma"));
                }
            }
            Some(_) if count == 0 => {}
            None => return Err(self.syntax("EOF while parsing a list")),
            Some(_) => return Err(self.syntax("expected ',' or ']'")),
        }
        if let Some(f) = self.frames.get_mut(d) {
            f.start = count + 1;
        }
        Ok(true)
    }

    /// Consumes a `null` if one is next: `true` if it did. For `@sparse`
    /// collections, whose `null`s are values.
    #[inline]
    pub fn take_null(&mut self) -> Result<bool, DeserializeError> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// For an item of a dense list or a value of a dense map: if a `null` is
    /// next, consumes it and returns `true` (drop the entry) or fails, as the
    /// profile's `null_items` says; `false` if a value other than `null` is
    /// next.
    #[inline]
    pub fn dense_null(&mut self) -> Result<bool, DeserializeError> {
        if self.peek() != Some(b'n') {
            return Ok(false);
        }
        match self.profile.null_items {
            Nulls::Skip => {
                self.literal(b"null")?;
                Ok(true)
            }
            Nulls::Reject => Err(self.error("expected a value, found null")),
        }
    }

    /// For a union member the model does not know (its value next): skips
    /// the value when the profile keeps unknown variants, else fails naming
    /// the key.
    pub fn unknown_variant(
        &mut self,
        key: &str,
        fields: &'static [Field],
    ) -> Result<(), DeserializeError> {
        match self.profile.unknown_variants {
            UnknownKeys::Skip => self.skip(),
            UnknownKeys::Reject => Err(self.unknown_member(key, fields)),
        }
    }

    /// Like [`JsonReader::end`], through a mutable reference: only
    /// whitespace may follow the value read.
    pub fn end_ref(&mut self) -> Result<(), DeserializeError> {
        if self.depth > 0 {
            return Err(self.error("the reader was ended inside an unfinished value"));
        }
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.syntax("trailing characters")),
        }
    }

    /// The JSON type of the next value, without consuming it.
    pub fn peek_kind(&mut self) -> Result<Kind, DeserializeError> {
        match self.peek() {
            Some(b'n') => Ok(Kind::Null),
            Some(b't' | b'f') => Ok(Kind::Bool),
            Some(b'-' | b'0'..=b'9') => Ok(Kind::Number),
            Some(b'"') => Ok(Kind::String),
            Some(b'[') => Ok(Kind::Array),
            Some(b'{') => Ok(Kind::Object),
            None => Err(self.syntax("EOF while parsing a value")),
            Some(_) => Err(self.syntax("expected value")),
        }
    }

    /// Checks that nothing but whitespace follows the value read.
    pub fn end(mut self) -> Result<(), DeserializeError> {
        self.end_ref()
    }

    /// An error with `message` at the current pointer (the key or item
    /// being read), for checks generated code makes itself (e.g. a union
    /// with two members set).
    pub fn error(&self, message: impl Into<String>) -> DeserializeError {
        DeserializeError::new(self.pointer(), message)
    }

    /// The error for required member `fields[index]` missing from the
    /// object just read: `required member is missing` at its pointer.
    pub fn missing(&self, fields: &[Field], index: usize) -> DeserializeError {
        let mut path = self.pointer();
        if let Some(f) = fields.get(index) {
            path.push('/');
            push_pointer_token(&mut path, self.profile.key_of(f));
        }
        DeserializeError::new(path, "required member is missing")
    }

    /// `value`, the value read for required member `fields[index]`, or, if
    /// there is none, the error of [`JsonReader::missing`].
    #[inline]
    pub fn required<T>(
        &self,
        value: Option<T>,
        fields: &[Field],
        index: usize,
    ) -> Result<T, DeserializeError> {
        match value {
            Some(v) => Ok(v),
            None => Err(self.missing(fields, index)),
        }
    }

    /// `value`, the value read for required member `fields[index]`, or, if
    /// there is none, `zero()` when the profile corrects missing members
    /// ([`MissingRequired::ZeroValue`]), else the error of
    /// [`JsonReader::missing`].
    #[inline]
    pub fn required_or<T>(
        &self,
        value: Option<T>,
        fields: &[Field],
        index: usize,
        zero: impl FnOnce() -> T,
    ) -> Result<T, DeserializeError> {
        match (value, self.profile.missing_required) {
            (Some(v), _) => Ok(v),
            (None, MissingRequired::ZeroValue) => Ok(zero()),
            (None, MissingRequired::Reject) => Err(self.missing(fields, index)),
        }
    }

    /// [`required_or`](Self::required_or) with the type's `Default` as the
    /// zero value.
    #[inline]
    pub fn required_or_default<T: Default>(
        &self,
        value: Option<T>,
        fields: &[Field],
        index: usize,
    ) -> Result<T, DeserializeError> {
        self.required_or(value, fields, index, T::default)
    }

    /// The JSON pointer of where the reader is: every open object's current
    /// key and every open array's current index, e.g. `/Errors/3/ErrorCode`.
    pub fn pointer(&self) -> String {
        let mut out = String::new();
        for f in self.frames.iter().take(self.depth) {
            if f.end == ARRAY {
                if let Some(i) = f.start.checked_sub(1) {
                    out.push('/');
                    out.push_str(&i.to_string());
                }
            } else if f.start != 0 || f.end != 0 {
                out.push('/');
                let raw = self.input.get(f.start..f.end).unwrap_or_default();
                let key = match lex::decode_raw(raw) {
                    Some(k) => k,
                    None => String::from_utf8_lossy(raw).into_owned(),
                };
                push_pointer_token(&mut out, &key);
            }
        }
        out
    }

    // ----- internals -----

    /// Skips whitespace and returns the next byte.
    #[inline(always)]
    fn peek(&mut self) -> Option<u8> {
        while let Some(&b) = self.input.get(self.pos) {
            if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                self.pos += 1;
            } else {
                return Some(b);
            }
        }
        None
    }

    fn push(&mut self, frame: Frame) -> Result<(), DeserializeError> {
        match self.frames.get_mut(self.depth) {
            Some(slot) => {
                *slot = frame;
                self.depth += 1;
                Ok(())
            }
            None => Err(self.syntax(&format!("nesting deeper than {MAX_DEPTH} levels"))),
        }
    }

    /// Moves to the next key of the current object and past its `:`:
    /// the raw key span and whether it has escapes, or `None` after `}`.
    #[inline]
    fn advance_key(&mut self) -> Result<Option<(usize, usize, bool)>, DeserializeError> {
        let d = self.depth.wrapping_sub(1);
        let first = match self.frames.get(d) {
            Some(f) if f.end != ARRAY => f.start == 0 && f.end == 0,
            _ => return Err(self.error("an object key was read outside an object")),
        };
        match self.peek() {
            Some(b'}') => {
                self.pos += 1;
                self.depth = d;
                return Ok(None);
            }
            Some(b'"') if first => {}
            Some(b',') if !first => {
                self.pos += 1;
                match self.peek() {
                    Some(b'"') => {}
                    Some(b'}') => return Err(self.syntax("trailing comma")),
                    None => return Err(self.syntax("EOF while parsing an object")),
                    Some(_) => return Err(self.syntax("key must be a string")),
                }
            }
            None => return Err(self.syntax("EOF while parsing an object")),
            Some(_) if first => return Err(self.syntax("key must be a string")),
            Some(_) => return Err(self.syntax("expected ',' or '}'")),
        }
        self.pos += 1;
        let (start, end, escaped) = self.scan_string()?;
        if let Some(f) = self.frames.get_mut(d) {
            f.start = start;
            f.end = end;
        }
        match self.peek() {
            Some(b':') => self.pos += 1,
            None => return Err(self.syntax("EOF while parsing an object")),
            Some(_) => return Err(self.syntax("expected ':'")),
        }
        self.peek();
        Ok(Some((start, end, escaped)))
    }

    /// The index of the field the raw key `start..end` names.
    #[inline]
    fn find_field(
        &self,
        start: usize,
        end: usize,
        escaped: bool,
        fields: &[Field],
    ) -> Result<Option<usize>, DeserializeError> {
        let raw = self.input.get(start..end).unwrap_or_default();
        let decoded;
        let key: &[u8] = if escaped {
            decoded = self.key_text(start, end, true)?;
            decoded.as_bytes()
        } else {
            raw
        };
        let by_member = self.profile.keys == KeyBy::Member;
        let name = |f: &Field| if by_member { f.member } else { f.wire };
        let hint = self
            .frames
            .get(self.depth.wrapping_sub(1))
            .map_or(0, |f| f.hint)
            .min(fields.len());
        let (tail, head) = fields.split_at(hint);
        if let Some(i) = head.iter().position(|f| name(f).as_bytes() == key) {
            return Ok(Some(hint + i));
        }
        Ok(tail.iter().position(|f| name(f).as_bytes() == key))
    }

    /// The text of the raw (already validated) key `start..end`.
    fn key_text(
        &self,
        start: usize,
        end: usize,
        escaped: bool,
    ) -> Result<Cow<'a, str>, DeserializeError> {
        let input: &'a [u8] = self.input;
        let raw = input.get(start..end).unwrap_or_default();
        let text = if escaped {
            lex::decode_raw(raw).map(Cow::Owned)
        } else {
            std::str::from_utf8(raw).ok().map(Cow::Borrowed)
        };
        text.ok_or_else(|| self.syntax("invalid string"))
    }

    fn unknown_member(&self, key: &str, fields: &[Field]) -> DeserializeError {
        let mut message = format!("unknown member {key:?}, must be one of: ");
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                message.push_str(", ");
            }
            message.push_str(self.profile.key_of(f));
        }
        self.error(message)
    }

    /// `expected <what>, found <the next value's type>` (or a syntax error
    /// if no value is next).
    fn mismatch(&mut self, expected: &str) -> DeserializeError {
        let found = match self.peek_kind() {
            Ok(Kind::Null) => "null",
            Ok(Kind::Bool) => "a boolean",
            Ok(Kind::Number) => "a number",
            Ok(Kind::String) => "a string",
            Ok(Kind::Array) => "an array",
            Ok(Kind::Object) => "an object",
            Err(e) => return e,
        };
        self.error(format!("expected {expected}, found {found}"))
    }

    /// A syntax error at the current position.
    fn syntax(&self, what: &str) -> DeserializeError {
        let upto = self.input.get(..self.pos).unwrap_or(self.input);
        let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = upto.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = upto.len() - line_start + 1;
        self.error(format!(
            "invalid JSON: {what} at line {line} column {column}"
        ))
    }

    /// Consumes the literal `lit` (`null`, `true`, `false`).
    #[inline]
    fn literal(&mut self, lit: &'static [u8]) -> Result<(), DeserializeError> {
        let end = self.pos + lit.len();
        if self.input.get(self.pos..end) == Some(lit) {
            self.pos = end;
            Ok(())
        } else if end > self.input.len()
            && self
                .input
                .get(self.pos..)
                .is_some_and(|rest| lit.starts_with(rest))
        {
            self.pos = self.input.len();
            Err(self.syntax("EOF while parsing a value"))
        } else {
            Err(self.syntax("expected value"))
        }
    }
}

/// Appends `key` to a pointer as one RFC 6901 reference token.
fn push_pointer_token(out: &mut String, key: &str) {
    for c in key.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}
