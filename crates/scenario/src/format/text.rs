//! Strings borrowed from the scenario text.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use serde::Deserialize;
use serde::de::{Deserializer, Visitor};

/// A string of the scenario, borrowed from its text unless it has escapes: for the strings a
/// large fleet repeats for every service (names, task definitions, placement strategies), whose
/// allocation was a large part of parsing. It reads what `String` reads, with the same errors.
#[derive(Clone, PartialEq, Eq)]
pub struct Str<'a>(pub Cow<'a, str>);

impl Str<'_> {
    /// The string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Str<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // What `String` says and how it reads.
        d.deserialize_string(Borrowing("a string")).map(Str)
    }
}

/// Reads a string borrowed from the input when it has no escapes; `.0` is what the error says
/// was expected.
pub(super) struct Borrowing(pub &'static str);

impl<'de> Visitor<'de> for Borrowing {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0)
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_string_reads() {
        let text = r#"["a", "b\u0063", "", 5, null, ["x"], {"k": 1}, 1.5, true]"#;
        let values: Vec<serde_json::Value> = serde_json::from_str(text).unwrap();
        for v in values {
            let json = v.to_string();
            let string = serde_json::from_str::<String>(&json).map_err(|e| e.to_string());
            let str = serde_json::from_str::<Str>(&json)
                .map(|s| s.to_string())
                .map_err(|e| e.to_string());
            assert_eq!(string, str, "{json}");
        }
        let s: Str = serde_json::from_str(r#""plain""#).unwrap();
        assert!(matches!(s.0, Cow::Borrowed("plain")));
    }
}
