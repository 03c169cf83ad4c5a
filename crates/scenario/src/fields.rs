//! Checks the fields of AWS-shaped objects collected as "other" (`format::aws_object`).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::Problem;
use crate::path::Loc;
use crate::suggest::did_you_mean;

/// Accepts the AWS fields in `ignored` (parsing already leaves them out of `other`) and the
/// `modelled` ones that the caller reads from `other` itself (such as a service's
/// `deploymentController`), and reports anything else as an unknown field with a did-you-mean
/// over `modelled` and `ignored`.
pub fn check_other_fields(
    path: &Loc,
    other: &BTreeMap<String, Value>,
    modelled: &[&str],
    ignored: &[&str],
) -> Result<(), Problem> {
    for key in other.keys() {
        if ignored.contains(&key.as_str()) || modelled.contains(&key.as_str()) {
            continue;
        }
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
