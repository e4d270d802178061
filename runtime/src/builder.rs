//! What every generated builder shares: the setter, `Option` setter and
//! getter of each member (written once here as macros, invoked once per
//! member), and the checks of `build()` for required members.
//!
//! A member is given to [`builder_setters!`](crate::builder_setters) (on a
//! structure's builder) or [`fluent_setters!`](crate::fluent_setters) (on an
//! operation's fluent builder, which forwards to its input builder `inner`)
//! as
//!
//! ```text
//! #[deprecated] ...                          attributes put on all three methods (optional)
//! field, set_field, get_field, KIND(types); "WireName" required, "First line of its documentation."
//! ```
//!
//! where `required` is present for `@required` members and `KIND(types)` is one of
//!
//! * `value(T)`: `field(impl Into<T>)` stores `T`;
//! * `boxed(T)`: `field(impl Into<T>)` stores `Box<T>`;
//! * `list(T)`: `field(impl Into<T>)` appends one item to a `Vec<T>`;
//! * `map(K, V)`: `field(impl Into<K>, impl Into<V>)` adds one entry to a
//!   `BTreeMap<K, V>`.
//!
//! The `set_` and `get_` methods take and return the whole member
//! (`Option<T>`, `Option<Box<T>>`, `Option<Vec<T>>`, `Option<BTreeMap<K, V>>`).
//!
//! [`redacted_debug!`](crate::redacted_debug) writes the `Debug` of
//! structures and builders with sensitive members (the others derive it).

use crate::error::BuildError;

/// `Ok` if every required member is set; otherwise a [`BuildError`] naming
/// every member that is not, in the order given. Each entry is a member's
/// name and whether it is set.
pub fn check_required(members: &[(&'static str, bool)]) -> Result<(), BuildError> {
    let missing: Vec<&str> = members
        .iter()
        .filter(|(_, set)| !set)
        .map(|(name, _)| *name)
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(BuildError::missing(&missing))
    }
}

/// The value of required member `member`, or the [`BuildError`] saying it is
/// missing.
pub fn required<T>(value: Option<T>, member: &'static str) -> Result<T, BuildError> {
    value.ok_or_else(|| BuildError::missing(&[member]))
}

/// The setter, `Option` setter and getter of one member of a structure's
/// builder, acting on the builder's field of the same name (see the
/// [module documentation](crate::builder) for the syntax).
#[macro_export]
macro_rules! builder_setters {
    ($($member:tt)*) => {
        $crate::__setters!(builder $($member)*);
    };
}

/// The setter, `Option` setter and getter of one member of an operation's
/// fluent builder, forwarding to the same methods of its input builder
/// `self.inner` (see the [module documentation](crate::builder) for the
/// syntax).
#[macro_export]
macro_rules! fluent_setters {
    ($($member:tt)*) => {
        $crate::__setters!(fluent $($member)*);
    };
}

/// `builder()` on structure `$name`, starting its builder `$builder`.
#[macro_export]
macro_rules! builder_fn {
    ($name:ident, $builder:ty) => {
        impl $name {
            #[doc = concat!(" Starts a builder for [`", stringify!($name), "`].")]
            pub fn builder() -> $builder {
                <$builder as ::std::default::Default>::default()
            }
        }
    };
}

/// `Debug` for a structure or builder with sensitive members: the fields in
/// the order given, `redacted(field)` printing `"*** Sensitive Data Redacted ***"`
/// instead of the value, `field as "label"` naming a field whose identifier
/// is raw (`r#type as "type"`).
///
/// ```text
/// Name { field, redacted(secret), r#type as "type" }
/// ```
#[macro_export]
macro_rules! redacted_debug {
    ($name:ident { $($fields:tt)* }) => {
        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let mut d = f.debug_struct(stringify!($name));
                $crate::__debug_fields!(self d $($fields)*);
                d.finish()
            }
        }
    };
}

/// The fields of [`redacted_debug!`](crate::redacted_debug), one at a time.
#[doc(hidden)]
#[macro_export]
macro_rules! __debug_fields {
    ($s:ident $d:ident) => {};
    ($s:ident $d:ident redacted($f:ident as $label:literal) $(, $($rest:tt)*)?) => {
        $d.field($label, &"*** Sensitive Data Redacted ***");
        $crate::__debug_fields!($s $d $($($rest)*)?);
    };
    ($s:ident $d:ident redacted($f:ident) $(, $($rest:tt)*)?) => {
        $d.field(stringify!($f), &"*** Sensitive Data Redacted ***");
        $crate::__debug_fields!($s $d $($($rest)*)?);
    };
    ($s:ident $d:ident $f:ident as $label:literal $(, $($rest:tt)*)?) => {
        $d.field($label, &$s.$f);
        $crate::__debug_fields!($s $d $($($rest)*)?);
    };
    ($s:ident $d:ident $f:ident $(, $($rest:tt)*)?) => {
        $d.field(stringify!($f), &$s.$f);
        $crate::__debug_fields!($s $d $($($rest)*)?);
    };
}

/// The implementation of [`builder_setters!`](crate::builder_setters) and
/// [`fluent_setters!`](crate::fluent_setters).
#[doc(hidden)]
#[macro_export]
macro_rules! __setters {
    // One value, stored as is.
    ($mode:ident $(#[$a:meta])* $f:ident, $set:ident, $get:ident, value($ty:ty);
        $wire:literal $($req:ident)?, $doc:literal) => {
        #[doc = concat!(" Sets `", $wire, "`", $crate::__required_doc!($($req)?), ": ", $doc)]
        $(#[$a])*
        pub fn $f(mut self, input: impl ::std::convert::Into<$ty>) -> Self {
            $crate::__setters!(@store $mode self $f input ::std::option::Option::Some(input.into()));
            self
        }
        $crate::__setters!(@accessors $mode [$(#[$a])*] $wire [$($req)?] $doc; $f, $set, $get: $ty);
    };
    // One value, stored boxed.
    ($mode:ident $(#[$a:meta])* $f:ident, $set:ident, $get:ident, boxed($ty:ty);
        $wire:literal $($req:ident)?, $doc:literal) => {
        #[doc = concat!(" Sets `", $wire, "`", $crate::__required_doc!($($req)?), ": ", $doc)]
        $(#[$a])*
        pub fn $f(mut self, input: impl ::std::convert::Into<$ty>) -> Self {
            $crate::__setters!(@store $mode self $f input
                ::std::option::Option::Some(::std::boxed::Box::new(input.into())));
            self
        }
        $crate::__setters!(@accessors $mode [$(#[$a])*] $wire [$($req)?] $doc;
            $f, $set, $get: ::std::boxed::Box<$ty>);
    };
    // A list, appended to one item at a time.
    ($mode:ident $(#[$a:meta])* $f:ident, $set:ident, $get:ident, list($item:ty);
        $wire:literal $($req:ident)?, $doc:literal) => {
        #[doc = concat!(" Appends one item to `", $wire, "`", $crate::__required_doc!($($req)?), ": ", $doc)]
        $(#[$a])*
        pub fn $f(mut self, item: impl ::std::convert::Into<$item>) -> Self {
            $crate::__setters!(@append $mode self $f item);
            self
        }
        $crate::__setters!(@accessors $mode [$(#[$a])*] $wire [$($req)?] $doc;
            $f, $set, $get: ::std::vec::Vec<$item>);
    };
    // A map, added to one entry at a time.
    ($mode:ident $(#[$a:meta])* $f:ident, $set:ident, $get:ident, map($k:ty, $v:ty);
        $wire:literal $($req:ident)?, $doc:literal) => {
        #[doc = concat!(" Adds one entry to `", $wire, "`", $crate::__required_doc!($($req)?), ": ", $doc)]
        $(#[$a])*
        pub fn $f(mut self, key: impl ::std::convert::Into<$k>, value: impl ::std::convert::Into<$v>) -> Self {
            $crate::__setters!(@insert $mode self $f key value);
            self
        }
        $crate::__setters!(@accessors $mode [$(#[$a])*] $wire [$($req)?] $doc;
            $f, $set, $get: ::std::collections::BTreeMap<$k, $v>);
    };

    (@store builder $self:ident $f:ident $input:ident $value:expr) => {
        $self.$f = $value;
    };
    (@store fluent $self:ident $f:ident $input:ident $value:expr) => {
        $self.inner = $self.inner.$f($input);
    };
    (@append builder $self:ident $f:ident $item:ident) => {
        $self.$f.get_or_insert_with(::std::vec::Vec::new).push($item.into());
    };
    (@append fluent $self:ident $f:ident $item:ident) => {
        $self.inner = $self.inner.$f($item);
    };
    (@insert builder $self:ident $f:ident $key:ident $value:ident) => {
        $self.$f
            .get_or_insert_with(::std::collections::BTreeMap::new)
            .insert($key.into(), $value.into());
    };
    (@insert fluent $self:ident $f:ident $key:ident $value:ident) => {
        $self.inner = $self.inner.$f($key, $value);
    };

    (@accessors builder [$(#[$a:meta])*] $wire:literal [$($req:ident)?] $doc:literal;
        $f:ident, $set:ident, $get:ident: $ty:ty) => {
        #[doc = concat!(" Sets `", $wire, "`", $crate::__required_doc!($($req)?), ": ", $doc)]
        $(#[$a])*
        pub fn $set(mut self, input: ::std::option::Option<$ty>) -> Self {
            self.$f = input;
            self
        }
        #[doc = concat!(" The `", $wire, "` value set so far.")]
        $(#[$a])*
        pub fn $get(&self) -> &::std::option::Option<$ty> {
            &self.$f
        }
    };
    (@accessors fluent [$(#[$a:meta])*] $wire:literal [$($req:ident)?] $doc:literal;
        $f:ident, $set:ident, $get:ident: $ty:ty) => {
        #[doc = concat!(" Sets `", $wire, "`", $crate::__required_doc!($($req)?), ": ", $doc)]
        $(#[$a])*
        pub fn $set(mut self, input: ::std::option::Option<$ty>) -> Self {
            self.inner = self.inner.$set(input);
            self
        }
        #[doc = concat!(" The `", $wire, "` value set so far.")]
        $(#[$a])*
        pub fn $get(&self) -> &::std::option::Option<$ty> {
            self.inner.$get()
        }
    };
}

/// `" (required)"` in the documentation of a required member's setters.
#[doc(hidden)]
#[macro_export]
macro_rules! __required_doc {
    () => {
        ""
    };
    (required) => {
        " (required)"
    };
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    #[derive(Clone, Debug, Default, PartialEq)]
    struct Builder {
        name: Option<String>,
        boxed: Option<Box<i32>>,
        items: Option<Vec<String>>,
        entries: Option<BTreeMap<String, i32>>,
    }

    impl Builder {
        crate::builder_setters!(name, set_name, get_name, value(String); "Name" required, "The name.");
        crate::builder_setters!(boxed, set_boxed, get_boxed, boxed(i32); "Boxed", "A boxed number.");
        crate::builder_setters!(
            #[allow(deprecated)]
            items, set_items, get_items, list(String); "Items", "Some items."
        );
        crate::builder_setters!(
            entries, set_entries, get_entries, map(String, i32); "Entries", "Some entries."
        );
    }

    #[derive(Clone, Debug, Default)]
    struct Fluent {
        inner: Builder,
    }

    impl Fluent {
        crate::fluent_setters!(name, set_name, get_name, value(String); "Name" required, "The name.");
        crate::fluent_setters!(boxed, set_boxed, get_boxed, boxed(i32); "Boxed", "A boxed number.");
        crate::fluent_setters!(items, set_items, get_items, list(String); "Items", "Some items.");
        crate::fluent_setters!(
            entries, set_entries, get_entries, map(String, i32); "Entries", "Some entries."
        );
    }

    #[test]
    fn setters_store_append_and_insert() {
        let b = Builder::default()
            .name("a")
            .boxed(3)
            .items("x")
            .items("y")
            .entries("k", 1)
            .entries("l", 2);
        assert_eq!(b.get_name().as_deref(), Some("a"));
        assert_eq!(b.get_boxed().as_deref(), Some(&3));
        assert_eq!(b.get_items().as_ref().map(Vec::len), Some(2));
        assert_eq!(b.get_entries().as_ref().map(BTreeMap::len), Some(2));
        let b = b
            .set_name(None)
            .set_items(None)
            .set_boxed(None)
            .set_entries(None);
        assert_eq!(b.get_name(), &None);
        assert_eq!(b.get_items(), &None);
    }

    #[test]
    fn fluent_setters_forward_to_the_inner_builder() {
        let f = Fluent::default()
            .name("a")
            .boxed(3)
            .items("x")
            .entries("k", 1);
        let direct = Builder::default()
            .name("a")
            .boxed(3)
            .items("x")
            .entries("k", 1);
        assert_eq!(f.inner, direct);
        assert_eq!(f.get_name().as_deref(), Some("a"));
        let f = f
            .set_boxed(None)
            .set_name(None)
            .set_items(None)
            .set_entries(None);
        assert_eq!(f.get_boxed(), &None);
        assert_eq!(f.get_items(), &None);
        assert_eq!(f.get_entries(), &None);
        assert_eq!(f.inner, Builder::default());
    }

    // `key` and `ref` are only ever redacted, never read.
    #[allow(dead_code)]
    struct Secret {
        name: String,
        r#type: i32,
        key: String,
        r#ref: String,
    }

    crate::redacted_debug!(Secret { name, r#type as "type", redacted(key), redacted(r#ref as "ref") });

    #[test]
    fn redacted_debug_prints_every_field_and_hides_sensitive_ones() {
        let s = Secret {
            name: "a".into(),
            r#type: 1,
            key: "k".into(),
            r#ref: "r".into(),
        };
        assert_eq!(
            format!("{s:?}"),
            "Secret { name: \"a\", type: 1, key: \"*** Sensitive Data Redacted ***\", \
             ref: \"*** Sensitive Data Redacted ***\" }"
        );
    }

    #[test]
    fn build_checks_report_every_missing_member() {
        assert!(super::check_required(&[("A", true), ("B", true)]).is_ok());
        let e = super::check_required(&[("A", false), ("B", true), ("C", false)]);
        let problems: Vec<String> = e
            .err()
            .map(|e| e.problems().iter().map(|p| p.path.clone()).collect())
            .unwrap_or_default();
        assert_eq!(problems, ["/A", "/C"]);
        assert_eq!(super::required(Some(1), "A").ok(), Some(1));
        assert!(super::required::<i32>(None, "A").is_err());
    }
}
