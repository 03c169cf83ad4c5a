//! `PricingError`: every way a catalog look-up, a date or a Fargate size can be rejected.
//!
//! Messages follow the workspace style: lower-case, no trailing full stop, and they name the
//! bad value, what is allowed instead, and (for names) the closest known name.

use std::fmt;

/// An error from the pricing catalog.
#[derive(Debug, Clone, PartialEq)]
pub enum PricingError {
    /// The embedded or supplied catalog JSON could not be parsed.
    Catalog {
        /// The serde_json message, with line and column.
        message: String,
    },
    /// An instance type the catalog does not know.
    UnknownInstanceType {
        /// The name that was asked for.
        name: String,
        /// The closest known name, if one is close enough.
        suggestion: Option<String>,
        /// Every instance type the catalog knows, sorted.
        known: Vec<String>,
    },
    /// A region the catalog does not know.
    UnknownRegion {
        /// The region that was asked for.
        region: String,
        /// The closest known region, if one is close enough.
        suggestion: Option<String>,
        /// Every region the catalog knows, sorted.
        known: Vec<String>,
    },
    /// A date that is not `YYYY-MM`, `YYYY-MM-DD`, `today` or `latest`, or is not a real day.
    InvalidDate {
        /// The text that was given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The catalog has `null` (not confirmed by any source) for a price that was asked for.
    PriceUnavailable {
        /// What was asked for, e.g. "EC2 m6i.large on-demand hourly price".
        what: String,
        /// The region.
        region: String,
        /// Extra context, e.g. an unconfirmed derived estimate the catalog carries.
        detail: Option<String>,
    },
    /// Something (Fargate, Fargate ARM64, Fargate Spot) did not exist yet at the requested date.
    NotYetAvailable {
        /// What was asked for, e.g. "Fargate in ap-northeast-1".
        what: String,
        /// The requested date, as given.
        date: String,
        /// The first date the catalog knows it was available, as the catalog writes it.
        available_from: String,
        /// Catalog source ids for `available_from`.
        source_ids: Vec<String>,
    },
    /// A Fargate task `cpu` value that is not one of the valid sizes (at the given date).
    InvalidFargateCpu {
        /// The CPU units that were given.
        cpu_units: u32,
        /// The valid CPU values (at the given date, if one was given).
        valid: Vec<u32>,
        /// When the value is valid but only from a later date: that date and the platform requirement.
        available_from: Option<String>,
        /// The date the check was made for, if any.
        date: Option<String>,
    },
    /// A Fargate task `memory` value that the given `cpu` value does not allow.
    InvalidFargateMemory {
        /// The CPU units that were given.
        cpu_units: u32,
        /// The memory that was given, in MiB.
        memory_mib: u32,
        /// The memory values, in MiB, that this CPU value allows.
        allowed: Vec<u32>,
    },
    /// A price override that is not a finite, non-negative number or names an unknown instance type.
    InvalidOverride {
        /// The override field, e.g. `fargateSpotDiscount` or `ec2OnDemandHour[m4.large]`.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl fmt::Display for PricingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PricingError::Catalog { message } => {
                write!(f, "the AWS price catalog could not be parsed: {message}")
            }
            PricingError::UnknownInstanceType {
                name,
                suggestion,
                known,
            } => {
                write!(f, "unknown instance type `{name}`")?;
                if let Some(suggestion) = suggestion {
                    write!(f, "; did you mean `{suggestion}`?")?;
                }
                write!(f, " (known instance types: {})", known.join(", "))
            }
            PricingError::UnknownRegion {
                region,
                suggestion,
                known,
            } => {
                write!(f, "unknown region `{region}`")?;
                if let Some(suggestion) = suggestion {
                    write!(f, "; did you mean `{suggestion}`?")?;
                }
                write!(f, " (known regions: {})", known.join(", "))
            }
            PricingError::InvalidDate { value, reason } => {
                write!(
                    f,
                    "invalid date `{value}`: {reason} (expected YYYY-MM, YYYY-MM-DD, `today` or `latest`)"
                )
            }
            PricingError::PriceUnavailable {
                what,
                region,
                detail,
            } => {
                write!(f, "the catalog has no confirmed {what} in {region}")?;
                if let Some(detail) = detail {
                    write!(f, "; {detail}")?;
                }
                write!(f, "; set a price override to model it anyway")
            }
            PricingError::NotYetAvailable {
                what,
                date,
                available_from,
                source_ids,
            } => {
                write!(
                    f,
                    "{what} did not exist yet on {date}: it is available from {available_from}"
                )?;
                if !source_ids.is_empty() {
                    write!(f, " (source: {})", source_ids.join(", "))?;
                }
                write!(f, "; set a price override to model it anyway")
            }
            PricingError::InvalidFargateCpu {
                cpu_units,
                valid,
                available_from,
                date,
            } => {
                match (available_from, date) {
                    (Some(from), Some(date)) => write!(
                        f,
                        "Fargate cpu {cpu_units} is only available from {from}, not on {date}"
                    )?,
                    _ => write!(f, "Fargate cpu {cpu_units} is not a valid task size")?,
                }
                write!(f, "; valid cpu values")?;
                if let Some(date) = date {
                    write!(f, " on {date}")?;
                }
                write!(f, " are {}", join_alternatives(valid))
            }
            PricingError::InvalidFargateMemory {
                cpu_units,
                memory_mib,
                allowed,
            } => {
                write!(
                    f,
                    "Fargate cpu {cpu_units} allows memory {}; got {memory_mib}",
                    describe_memory(allowed)
                )
            }
            PricingError::InvalidOverride { field, reason } => {
                write!(f, "invalid price override `{field}`: {reason}")
            }
        }
    }
}

impl std::error::Error for PricingError {}

/// "256, 512 or 1024".
fn join_alternatives(values: &[u32]) -> String {
    match values {
        [] => "none".to_owned(),
        [only] => only.to_string(),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(u32::to_string).collect();
            format!("{} or {last}", init.join(", "))
        }
    }
}

/// Describes a memory list as a range with a step when it is evenly spaced and long,
/// otherwise lists every value: "512, 1024 or 2048 MiB" or "16384 to 61440 MiB in steps of 4096 MiB".
fn describe_memory(allowed: &[u32]) -> String {
    if let [first, second, .., last] = allowed {
        let step = second.saturating_sub(*first);
        let evenly_spaced = step > 0
            && allowed
                .windows(2)
                .all(|pair| pair[1].checked_sub(pair[0]) == Some(step));
        if evenly_spaced && allowed.len() >= 4 {
            return format!("{first} to {last} MiB in steps of {step} MiB");
        }
    }
    format!("{} MiB", join_alternatives(allowed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_is_listed_when_short_or_uneven() {
        assert_eq!(describe_memory(&[512, 1024, 2048]), "512, 1024 or 2048 MiB");
        assert_eq!(
            describe_memory(&[1024, 2048, 3072, 4096]),
            "1024 to 4096 MiB in steps of 1024 MiB"
        );
        assert_eq!(describe_memory(&[2048]), "2048 MiB");
    }

    #[test]
    fn unknown_instance_type_message_suggests() {
        let error = PricingError::UnknownInstanceType {
            name: "m4.lrage".to_owned(),
            suggestion: Some("m4.large".to_owned()),
            known: vec!["m4.large".to_owned(), "m5.large".to_owned()],
        };
        assert_eq!(
            error.to_string(),
            "unknown instance type `m4.lrage`; did you mean `m4.large`? (known instance types: m4.large, m5.large)"
        );
    }
}
