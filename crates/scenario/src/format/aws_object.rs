//! Objects pasted from AWS: known fields, AWS fields that ecsim accepts and ignores (the lists
//! in `aws_fields`), and `other`, every other field with its value, which
//! `fields::check_other_fields` reports as unknown.
//!
//! `aws_object!` declares such a struct and its `Deserialize`. It accepts and rejects what
//! `#[derive(Deserialize)]` with `#[serde(flatten)] other: BTreeMap<String, Value>` did, with the
//! same errors (missing and duplicate fields, in the same order, under the same JSON paths), in
//! one pass over the object: serde's flatten sends the object through its private buffered
//! `Content` type, and keeping the ignored fields' values cost a map per object (a load balancer
//! of every service, `containerName` and `containerPort`); both made loading a large fleet
//! several times slower (docs/performance.md, "Scenario loading").

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use super::text::Borrowing;
use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// An object key, borrowed from the input when it has no escapes.
pub struct Key<'de>(pub Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // What serde's derive says of a field name, and how it reads one.
        d.deserialize_identifier(Borrowing("field identifier"))
            .map(Key)
    }
}

/// A JSON value read as `serde_json::Value` reads one (the same calls to the deserializer, so the
/// same numbers, nesting limit, errors and error paths) and dropped: an ignored AWS field.
pub struct Ignored;

impl<'de> Deserialize<'de> for Ignored {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(IgnoredVisitor)
    }
}

struct IgnoredVisitor;

impl<'de> Visitor<'de> for IgnoredVisitor {
    type Value = Ignored;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any valid JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Ignored, E> {
        Ok(Ignored)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Ignored, E> {
        Ok(Ignored)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Ignored, E> {
        Ok(Ignored)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Ignored, E> {
        Ok(Ignored)
    }
    fn visit_str<E>(self, _: &str) -> Result<Ignored, E> {
        Ok(Ignored)
    }
    fn visit_none<E>(self) -> Result<Ignored, E> {
        Ok(Ignored)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Ignored, D::Error> {
        Ignored::deserialize(d)
    }
    fn visit_unit<E>(self) -> Result<Ignored, E> {
        Ok(Ignored)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Ignored, A::Error> {
        while seq.next_element::<Ignored>()?.is_some() {}
        Ok(Ignored)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ignored, A::Error> {
        // `Value` reads keys as strings.
        while map.next_key::<IgnoredKey>()?.is_some() {
            map.next_value::<Ignored>()?;
        }
        Ok(Ignored)
    }
}

/// A key of an ignored object.
struct IgnoredKey;

impl<'de> Deserialize<'de> for IgnoredKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = IgnoredKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_str<E>(self, _: &str) -> Result<IgnoredKey, E> {
                Ok(IgnoredKey)
            }
        }
        d.deserialize_str(V)
    }
}

/// Reads a `Vec<T>` as `Vec<T>`'s `Deserialize` does (same errors), but with room for one
/// element to start with instead of four: a service's lists (placement strategies, load
/// balancers) nearly always hold one, and four made them take three times the memory.
pub struct List<V>(pub PhantomData<V>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for List<Vec<T>> {
    type Value = Vec<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                let mut items = Vec::with_capacity(1);
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(items)
            }
        }
        d.deserialize_seq(V(PhantomData))
    }
}

/// Declares a struct (it may borrow from the input: `Name<'a>`) with a first field `pub other: BTreeMap<String, Value> except IGNORED`
/// (it comes last in the struct; `IGNORED` is the list of AWS fields accepted and not kept) and
/// known fields, each `["jsonName", required | default | list] pub name: Type`, with the
/// `Deserialize` described in the module documentation. `default` fields take
/// `Default::default()` when absent, like `#[serde(default)]`; `list` fields are `Vec`s read
/// with [`List`], empty when absent.
macro_rules! aws_object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident $(<$lt:lifetime>)? {
            $(#[$ometa:meta])*
            pub other: BTreeMap<String, Value> except $ignored:path,
            $(
                $(#[$fmeta:meta])*
                [$json:literal, $presence:ident] pub $field:ident: $ty:ty,
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug)]
        pub struct $name $(<$lt>)? {
            $(
                $(#[$fmeta])*
                pub $field: $ty,
            )*
            $(#[$ometa])*
            pub other: BTreeMap<String, Value>,
        }

        impl $(<$lt>)? $name $(<$lt>)? {
            /// The JSON names of the fields read above.
            pub const FIELDS: &'static [&'static str] = &[$($json),*];

            /// Refuses a field left in `other`: neither read above nor an AWS field that ecsim
            /// accepts and ignores.
            pub fn check_fields(&self, path: &$crate::path::Loc) -> Result<(), $crate::error::Problem> {
                $crate::fields::check_other_fields(path, &self.other, Self::FIELDS, $ignored)
            }
        }

        impl<'de $(: $lt, $lt)?> serde::Deserialize<'de> for $name $(<$lt>)? {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V<T>(std::marker::PhantomData<T>);
                impl<'de $(: $lt, $lt)?> serde::de::Visitor<'de> for V<$name $(<$lt>)?> {
                    type Value = $name $(<$lt>)?;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<Self::Value, A::Error> {
                        $(let mut $field: Option<$ty> = None;)*
                        let mut other = BTreeMap::new();
                        while let Some(key) =
                            map.next_key::<$crate::format::aws_object::Key<'de>>()?
                        {
                            match &*key.0 {
                                $(
                                    $json => {
                                        if $field.is_some() {
                                            return Err(
                                                <A::Error as serde::de::Error>::duplicate_field(
                                                    $json,
                                                ),
                                            );
                                        }
                                        $field = Some(aws_object!(@read $presence, map, $ty));
                                    }
                                )*
                                k if $ignored.contains(&k) => {
                                    map.next_value::<$crate::format::aws_object::Ignored>()?;
                                }
                                _ => {
                                    let value: Value = map.next_value()?;
                                    other.insert(key.0.into_owned(), value);
                                }
                            }
                        }
                        // Missing fields are reported in declaration order, as derive does.
                        Ok($name {
                            $($field: aws_object!(@take $presence, $field, $json, A),)*
                            other,
                        })
                    }
                }
                // A struct with a flattened field is read as a map (not a JSON array).
                d.deserialize_map(V(std::marker::PhantomData))
            }
        }
    };
    (@read list, $map:ident, $ty:ty) => {
        $map.next_value_seed($crate::format::aws_object::List::<$ty>(std::marker::PhantomData))?
    };
    (@read $presence:ident, $map:ident, $ty:ty) => {
        $map.next_value()?
    };
    (@take required, $field:ident, $json:literal, $A:ident) => {
        match $field {
            Some(v) => v,
            None => return Err(<$A::Error as serde::de::Error>::missing_field($json)),
        }
    };
    // `default` and `list`.
    (@take $presence:ident, $field:ident, $json:literal, $A:ident) => {
        $field.unwrap_or_default()
    };
}

pub(crate) use aws_object;

#[cfg(test)]
mod tests {
    #[allow(dead_code)]
    mod derived {
        use std::collections::BTreeMap;

        use serde::Deserialize;
        use serde_json::Value;

        /// The derive that `aws_object!` replaces.
        #[derive(Debug, Deserialize)]
        pub struct Object {
            pub name: String,
            #[serde(default)]
            pub count: Option<u32>,
            #[serde(default)]
            pub items: Vec<String>,
            #[serde(flatten)]
            pub other: BTreeMap<String, Value>,
        }

        impl Object {
            /// `other` without the ignored fields, as `aws_object!` keeps it.
            pub fn drop_ignored(mut self) -> Self {
                self.other
                    .retain(|k, _| !super::IGNORED.contains(&k.as_str()));
                self
            }
        }
    }

    mod manual {
        use std::collections::BTreeMap;

        use serde_json::Value;

        aws_object! {
            /// The same with `aws_object!`.
            #[allow(dead_code)]
            pub struct Object {
                /// Other fields.
                pub other: BTreeMap<String, Value> except super::IGNORED,
                ["name", required] pub name: String,
                ["count", default] pub count: Option<u32>,
                ["items", list] pub items: Vec<String>,
            }
        }
    }

    const IGNORED: &[&str] = &["skip", "alsoSkip"];

    fn show<T: std::fmt::Debug>(r: Result<T, serde_json::Error>) -> String {
        match r {
            Ok(v) => format!("{v:?}"),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn lists_its_fields_and_refuses_unknown_ones_with_a_suggestion() {
        use crate::path::Loc;
        assert_eq!(manual::Object::FIELDS, ["name", "count", "items"]);
        let read = |text: &str| serde_json::from_str::<manual::Object>(text).unwrap();
        assert!(
            read(r#"{"name": "a", "skip": 1}"#)
                .check_fields(&Loc::ROOT)
                .is_ok()
        );
        let err = read(r#"{"name": "a", "cuont": 1}"#)
            .check_fields(&Loc::ROOT)
            .unwrap_err();
        assert_eq!(err.path.to_string(), "cuont");
        assert_eq!(err.message, "unknown field `cuont`");
        assert_eq!(err.hint.as_deref(), Some("did you mean `count`?"));
    }

    #[test]
    fn reads_like_serde_flatten() {
        for text in [
            r#"{"name": "a"}"#,
            r#"{"name": "a", "count": 3, "items": ["x"], "zed": {"k": [1, 2.5, null]}, "alpha": "z"}"#,
            r#"{"n\u0061me": "a", "co\u0075nt": null, "b\u0065ta": true, "beta": false}"#,
            r#"{"count": 3}"#,
            r#"{"name": "a", "name": "b"}"#,
            r#"{"name": "a", "count": -1}"#,
            r#"{"name": "a", "count": "3"}"#,
            r#"{"name": 5}"#,
            r#"["a", 3]"#,
            r#"{"name": "a", "x": 1e999}"#,
            r#"{"name": "a", "x": [1, }"#,
            r#"{"name": "a", "items": [1]}"#,
            r#"{"name": "a", "items": ["x", "y", "z", "w", "v"]}"#,
            r#"{"name": "a", "items": "x"}"#,
            r#"{"name": "a", "items": {"x": 1}}"#,
            r#"{"name": "a", "items": null}"#,
            r#"{"name": "a", "items": ["x", 2]}"#,
            r#"7"#,
            r#"{"name": "a", "skip": {"a": [1, {"b": null}], "c": -2.5e3}, "alsoSkip": "x", "zz": 1}"#,
            r#"{"name": "a", "skip": 1e999}"#,
            r#"{"name": "a", "skip": [1, 2}"#,
            r#"{"name": "a", "skip": {"a": 1, 2: 3}}"#,
            r#"{"name": "a", "s\u006bip": "\u00e9", "skip": "again"}"#,
            &format!(
                r#"{{"name": "a", "skip": {}1{}}}"#,
                "[".repeat(127),
                "]".repeat(127)
            ),
            &format!(
                r#"{{"name": "a", "skip": {}1{}}}"#,
                "[".repeat(128),
                "]".repeat(128)
            ),
            &format!(
                r#"{{"name": "a", "zz": {}1{}}}"#,
                "[".repeat(128),
                "]".repeat(128)
            ),
        ] {
            let derived = show(
                serde_json::from_str::<derived::Object>(text).map(derived::Object::drop_ignored),
            );
            let manual = show(serde_json::from_str::<manual::Object>(text));
            assert_eq!(derived, manual, "{text}");
            // With the JSON path of the error, as the located errors use.
            let path = |r: Result<(), serde_path_to_error::Error<serde_json::Error>>| {
                r.map_err(|e| format!("{} {}", e.path(), e.inner()))
            };
            let derived = path(
                serde_path_to_error::deserialize::<_, derived::Object>(
                    &mut serde_json::Deserializer::from_str(text),
                )
                .map(drop),
            );
            let manual = path(
                serde_path_to_error::deserialize::<_, manual::Object>(
                    &mut serde_json::Deserializer::from_str(text),
                )
                .map(drop),
            );
            assert_eq!(derived, manual, "{text}");
        }
    }
}
