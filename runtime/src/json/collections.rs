//! Lists and maps, read and written item by item with the generated
//! function of the item (a plain function or a closure, called directly:
//! every helper is generic over it, so each use compiles to its own loop).

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::error::DeserializeError;

use super::reader::JsonReader;
use super::write::ValueWriter;

impl<'a> JsonReader<'a> {
    /// Reads a dense list, each item with `item`; a `null` item is dropped
    /// or rejected as the profile says ([`JsonReader::dense_null`]).
    ///
    /// ```
    /// # use smithy_rt::json::{JsonReader, Profile};
    /// let mut r = JsonReader::new(br#"["a",null,"b"]"#, &Profile::WIRE);
    /// assert_eq!(r.list(JsonReader::string).unwrap(), ["a", "b"]);
    /// ```
    #[inline]
    pub fn list<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Result<T, DeserializeError>,
    ) -> Result<Vec<T>, DeserializeError> {
        let mut out = Vec::new();
        self.begin_array()?;
        while self.next_item()? {
            if self.dense_null()? {
                continue;
            }
            out.push(item(self)?);
        }
        Ok(out)
    }

    /// Reads a `@sparse` list, each item with `item`; a `null` item is
    /// `None`.
    ///
    /// ```
    /// # use smithy_rt::json::{JsonReader, Profile};
    /// let mut r = JsonReader::new(br#"[null,"hi"]"#, &Profile::SERVER);
    /// let items = r.sparse_list(JsonReader::string).unwrap();
    /// assert_eq!(items, [None, Some("hi".to_owned())]);
    /// ```
    #[inline]
    pub fn sparse_list<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Result<T, DeserializeError>,
    ) -> Result<Vec<Option<T>>, DeserializeError> {
        let mut out = Vec::new();
        self.begin_array()?;
        while self.next_item()? {
            out.push(if self.take_null()? {
                None
            } else {
                Some(item(self)?)
            });
        }
        Ok(out)
    }

    /// Reads a dense map: each key with `key`, each value with `value`; an
    /// entry whose value is `null` is dropped or rejected as the profile
    /// says ([`JsonReader::dense_null`]). A repeated key keeps the last
    /// value.
    ///
    /// ```
    /// # use smithy_rt::json::{JsonReader, Profile};
    /// # use std::borrow::Cow;
    /// let mut r = JsonReader::new(br#"{"a":1,"b":null}"#, &Profile::WIRE);
    /// let map = r.map(Cow::into_owned, JsonReader::integer::<i32>).unwrap();
    /// assert_eq!(map.len(), 1);
    /// ```
    #[inline]
    pub fn map<K: Ord, V>(
        &mut self,
        mut key: impl FnMut(Cow<'a, str>) -> K,
        mut value: impl FnMut(&mut Self) -> Result<V, DeserializeError>,
    ) -> Result<BTreeMap<K, V>, DeserializeError> {
        let mut out = BTreeMap::new();
        self.begin_object()?;
        while let Some(k) = self.next_key()? {
            if self.dense_null()? {
                continue;
            }
            let v = value(self)?;
            out.insert(key(k), v);
        }
        Ok(out)
    }

    /// Reads a `@sparse` map: each key with `key`, each value with `value`;
    /// a `null` value is `None`.
    #[inline]
    pub fn sparse_map<K: Ord, V>(
        &mut self,
        mut key: impl FnMut(Cow<'a, str>) -> K,
        mut value: impl FnMut(&mut Self) -> Result<V, DeserializeError>,
    ) -> Result<BTreeMap<K, Option<V>>, DeserializeError> {
        let mut out = BTreeMap::new();
        self.begin_object()?;
        while let Some(k) = self.next_key()? {
            let v = if self.take_null()? {
                None
            } else {
                Some(value(self)?)
            };
            out.insert(key(k), v);
        }
        Ok(out)
    }
}

impl ValueWriter<'_> {
    /// Writes `items` as an array, each item with `item`.
    ///
    /// ```
    /// # use smithy_rt::json::JsonWriter;
    /// let mut w = JsonWriter::default();
    /// w.value().list(&["a".to_owned()], |x, w| w.string(x));
    /// assert_eq!(w.into_bytes(), br#"["a"]"#);
    /// ```
    #[inline]
    pub fn list<T>(self, items: &[T], mut item: impl FnMut(&T, ValueWriter<'_>)) {
        let mut arr = self.array();
        for x in items {
            item(x, arr.item());
        }
        arr.finish();
    }

    /// Writes a `@sparse` list as an array, each item with `item`, `None`
    /// as `null`.
    #[inline]
    pub fn sparse_list<T>(self, items: &[Option<T>], mut item: impl FnMut(&T, ValueWriter<'_>)) {
        let mut arr = self.array();
        for x in items {
            match x {
                Some(x) => item(x, arr.item()),
                None => arr.item().null(),
            }
        }
        arr.finish();
    }

    /// Writes `entries` as an object: each key as `key` gives it, each value
    /// with `value`.
    ///
    /// ```
    /// # use smithy_rt::json::JsonWriter;
    /// # use std::collections::BTreeMap;
    /// let mut w = JsonWriter::default();
    /// let map = BTreeMap::from([("a".to_owned(), 1)]);
    /// w.value().map(&map, String::as_str, |x, w| w.integer(i64::from(*x)));
    /// assert_eq!(w.into_bytes(), br#"{"a":1}"#);
    /// ```
    #[inline]
    pub fn map<K, V>(
        self,
        entries: &BTreeMap<K, V>,
        key: impl Fn(&K) -> &str,
        mut value: impl FnMut(&V, ValueWriter<'_>),
    ) {
        let mut obj = self.object();
        for (k, x) in entries {
            value(x, obj.key(key(k)));
        }
        obj.finish();
    }

    /// Writes a `@sparse` map as an object, `None` values as `null`.
    #[inline]
    pub fn sparse_map<K, V>(
        self,
        entries: &BTreeMap<K, Option<V>>,
        key: impl Fn(&K) -> &str,
        mut value: impl FnMut(&V, ValueWriter<'_>),
    ) {
        let mut obj = self.object();
        for (k, x) in entries {
            match x {
                Some(x) => value(x, obj.key(key(k))),
                None => obj.key(key(k)).null(),
            }
        }
        obj.finish();
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::collections::BTreeMap;

    use crate::json::{JsonReader, JsonWriter, Profile};

    #[test]
    fn dense_lists_drop_or_reject_nulls_as_the_profile_says() {
        let mut r = JsonReader::new(br#"[1,null,2]"#, &Profile::WIRE);
        assert_eq!(r.list(JsonReader::integer::<i32>).unwrap(), [1, 2]);
        let mut r = JsonReader::new(br#"[1,null,2]"#, &Profile::SERVER);
        let err = r.list(JsonReader::integer::<i32>).unwrap_err();
        assert_eq!(err.path(), "/1");
        assert_eq!(err.message(), "expected a value, found null");
    }

    #[test]
    fn item_errors_name_the_item() {
        let mut r = JsonReader::new(br#"[[1],[2,"x"]]"#, &Profile::WIRE);
        let err = r.list(|r| r.list(JsonReader::integer::<i32>)).unwrap_err();
        assert_eq!(err.path(), "/1/1");
    }

    #[test]
    fn maps_read_keys_and_values() {
        let mut r = JsonReader::new(br#"{"b":2,"a":1,"n":null}"#, &Profile::WIRE);
        let map = r.map(Cow::into_owned, JsonReader::integer::<i32>).unwrap();
        assert_eq!(
            map,
            BTreeMap::from([("a".to_owned(), 1), ("b".to_owned(), 2)])
        );
        let mut r = JsonReader::new(br#"{"a":null,"b":"x"}"#, &Profile::SERVER);
        let map = r.sparse_map(Cow::into_owned, JsonReader::string).unwrap();
        assert_eq!(map["a"], None);
        assert_eq!(map["b"].as_deref(), Some("x"));
        let mut r = JsonReader::new(br#"{"a":[]}"#, &Profile::WIRE);
        let err = r.map(Cow::into_owned, JsonReader::string).unwrap_err();
        assert_eq!(err.path(), "/a");
    }

    #[test]
    fn sparse_collections_write_none_as_null() {
        let mut w = JsonWriter::default();
        w.value()
            .sparse_list(&[Some(true), None], |x, w| w.boolean(*x));
        assert_eq!(w.into_bytes(), b"[true,null]");
        let mut w = JsonWriter::default();
        let map = BTreeMap::from([("a".to_owned(), None), ("b".to_owned(), Some(1))]);
        w.value()
            .sparse_map(&map, String::as_str, |x, w| w.integer(*x));
        assert_eq!(w.into_bytes(), br#"{"a":null,"b":1}"#);
    }

    #[test]
    fn members_are_written_when_set() {
        let mut w = JsonWriter::default();
        let mut obj = w.value().object();
        obj.optional("a", &Some(1), |x, w| w.integer(*x));
        obj.optional("b", &None::<i64>, |x, w| w.integer(*x));
        obj.optional_member("c", "C", &Some(true), |x, w| w.boolean(*x));
        obj.always("d", "x", |x, w| w.string(x));
        obj.always_member("e", "E", &2, |x, w| w.integer(*x));
        obj.finish();
        assert_eq!(w.into_bytes(), br#"{"a":1,"c":true,"d":"x","e":2}"#);
    }
}
