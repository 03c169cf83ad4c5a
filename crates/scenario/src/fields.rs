//! Checks the fields of AWS-shaped objects collected as "other" (`format::aws_object`).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::Problem;
use crate::path::Loc;
use crate::suggest::did_you_mean;

/// Reports the first field of `other` as unknown, with a did-you-mean over the `modelled` and
/// `ignored` names. Parsing (`aws_object!`) leaves in `other` only the fields it neither read nor
/// ignores, so any is unknown.
pub fn check_other_fields(
    path: &Loc,
    other: &BTreeMap<String, Value>,
    modelled: &[&str],
    ignored: &[&str],
) -> Result<(), Problem> {
    if let Some(key) = other.keys().next() {
        let p = Problem::new(&path.key(key), format!("unknown field `{key}`"));
        return Err(
            match did_you_mean(key, modelled.iter().chain(ignored).copied()) {
                Some(s) => p.hint(format!("did you mean `{s}`?")),
                None => p.hint(format!("fields ecsim models here: {}", modelled.join(", "))),
            },
        );
    }
    Ok(())
}
