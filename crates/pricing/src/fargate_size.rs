//! Valid Fargate task sizes (task-level `cpu` and `memory`), optionally as of a date.
//!
//! The table is the catalog's `fargate_task_sizes` (ECS Developer Guide `AWS_Fargate.md`,
//! 2023-04-18): 256 → 512/1024/2048 MiB; 512 → 1–4 GiB; 1024 → 2–8 GiB; 2048 → 4–16 GiB;
//! 4096 → 8–30 GiB (1 GiB steps); 8192 → 16–60 GiB in 4 GiB steps; 16384 → 32–120 GiB in 8 GiB
//! steps. The last two need Linux platform 1.4.0+ and exist only from 2022-09-16.

use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::date::Date;
use crate::error::PricingError;

/// One row of the Fargate size table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FargateTaskSize {
    /// Task CPU units (1024 = 1 vCPU).
    pub cpu: u32,
    /// The memory values, in MiB, allowed with this CPU value.
    pub memory_mib: Vec<u32>,
    /// When the row became available, as the catalog writes it (`2017-11`, `2022-09`).
    pub since: Option<String>,
    /// Platform requirement, e.g. `Linux 1.4.0+`.
    pub requires_platform: Option<String>,
}

/// The day the 8192 and 16384 rows entered the ECS docs. The catalog's rows say `2022-09`
/// (month precision); its `fargate_task_sizes_notes` give the day, which is used here.
const LARGE_SIZES_SINCE: &str = "2022-09-16";

impl FargateTaskSize {
    /// The first day this row is valid, if the catalog dates it. A month-only `since` is the
    /// first of the month, except for the 2022-09 rows, which use the documented 2022-09-16.
    pub fn available_from(&self) -> Option<Date> {
        let since = Date::parse(self.since.as_deref()?).ok()?;
        match Date::parse(LARGE_SIZES_SINCE) {
            Ok(large)
                if since.is_month_only()
                    && (since.year(), since.month()) == (large.year(), large.month()) =>
            {
                Some(large)
            }
            _ => Some(since),
        }
    }

    fn available_on(&self, date: Option<Date>) -> bool {
        match (date, self.available_from()) {
            (Some(date), Some(from)) => from <= date,
            _ => true,
        }
    }
}

impl Catalog {
    /// Checks a Fargate task size against the catalog's table; with a `date`
    /// (`YYYY-MM`, `YYYY-MM-DD`, `today`, `latest`), rows added later are rejected.
    pub fn validate_fargate_size(
        &self,
        cpu_units: u32,
        memory_mib: u32,
        date: Option<&str>,
    ) -> Result<(), PricingError> {
        let date = date.map(|text| self.resolve_date(text)).transpose()?;
        let rows = self.fargate_task_sizes();
        let valid: Vec<u32> = rows
            .iter()
            .filter(|row| row.available_on(date))
            .map(|row| row.cpu)
            .collect();
        let Some(row) = rows.iter().find(|row| row.cpu == cpu_units) else {
            return Err(PricingError::InvalidFargateCpu {
                cpu_units,
                valid,
                available_from: None,
                date: date.map(|date| date.to_string()),
            });
        };
        if !row.available_on(date) {
            let from = row.available_from().map(Date::full).unwrap_or_default();
            let available_from = match &row.requires_platform {
                Some(platform) => format!("{from} ({platform})"),
                None => from,
            };
            return Err(PricingError::InvalidFargateCpu {
                cpu_units,
                valid,
                available_from: Some(available_from),
                date: date.map(|date| date.to_string()),
            });
        }
        if row.memory_mib.contains(&memory_mib) {
            Ok(())
        } else {
            Err(PricingError::InvalidFargateMemory {
                cpu_units,
                memory_mib,
                allowed: row.memory_mib.clone(),
            })
        }
    }
}

/// [`Catalog::validate_fargate_size`] on the embedded catalog.
pub fn validate_fargate_size(
    cpu_units: u32,
    memory_mib: u32,
    date: Option<&str>,
) -> Result<(), PricingError> {
    Catalog::embedded().validate_fargate_size(cpu_units, memory_mib, date)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GIB: u32 = 1024;

    fn message(cpu_units: u32, memory_mib: u32, date: Option<&str>) -> String {
        validate_fargate_size(cpu_units, memory_mib, date)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn every_row_accepts_its_bounds_and_rejects_just_outside() {
        // (cpu, first MiB, last MiB, step MiB) from ecs-semantics §4.
        let rows = [
            (512, GIB, 4 * GIB, GIB),
            (1024, 2 * GIB, 8 * GIB, GIB),
            (2048, 4 * GIB, 16 * GIB, GIB),
            (4096, 8 * GIB, 30 * GIB, GIB),
            (8192, 16 * GIB, 60 * GIB, 4 * GIB),
            (16384, 32 * GIB, 120 * GIB, 8 * GIB),
        ];
        for (cpu, first, last, step) in rows {
            assert_eq!(
                validate_fargate_size(cpu, first, None),
                Ok(()),
                "cpu {cpu} first"
            );
            assert_eq!(
                validate_fargate_size(cpu, last, None),
                Ok(()),
                "cpu {cpu} last"
            );
            assert_eq!(
                validate_fargate_size(cpu, first + step, None),
                Ok(()),
                "cpu {cpu} second"
            );
            assert!(
                validate_fargate_size(cpu, first - step, None).is_err(),
                "cpu {cpu} below"
            );
            assert!(
                validate_fargate_size(cpu, last + step, None).is_err(),
                "cpu {cpu} above"
            );
            assert_eq!(
                message(cpu, last + step, None),
                format!(
                    "Fargate cpu {cpu} allows memory {first} to {last} MiB in steps of {step} MiB; got {}",
                    last + step
                )
            );
        }
        for memory in [512, 1024, 2048] {
            assert_eq!(validate_fargate_size(256, memory, None), Ok(()));
        }
        assert_eq!(
            message(256, 4096, None),
            "Fargate cpu 256 allows memory 512, 1024 or 2048 MiB; got 4096"
        );
        assert_eq!(
            message(256, 1536, None),
            "Fargate cpu 256 allows memory 512, 1024 or 2048 MiB; got 1536"
        );
    }

    #[test]
    fn large_rows_need_their_coarse_steps() {
        // 8192 takes 4 GiB steps: 17 GiB (17408 MiB) and 18 GiB are not valid, 20 GiB is.
        assert_eq!(
            message(8192, 17 * GIB, None),
            "Fargate cpu 8192 allows memory 16384 to 61440 MiB in steps of 4096 MiB; got 17408"
        );
        assert!(validate_fargate_size(8192, 18 * GIB, None).is_err());
        assert_eq!(validate_fargate_size(8192, 20 * GIB, None), Ok(()));
        // 16384 takes 8 GiB steps: 36 GiB is not valid, 40 GiB is.
        assert!(validate_fargate_size(16384, 36 * GIB, None).is_err());
        assert_eq!(validate_fargate_size(16384, 40 * GIB, None), Ok(()));
    }

    #[test]
    fn unknown_cpu_lists_valid_values() {
        assert_eq!(
            message(300, 512, None),
            "Fargate cpu 300 is not a valid task size; valid cpu values are 256, 512, 1024, 2048, 4096, 8192 or 16384"
        );
        assert_eq!(
            message(300, 512, Some("2017-12")),
            "Fargate cpu 300 is not a valid task size; valid cpu values on 2017-12 are 256, 512, 1024, 2048 or 4096"
        );
    }

    #[test]
    fn large_rows_only_from_2022_09_16() {
        assert_eq!(
            message(8192, 16 * GIB, Some("2022-09-15")),
            "Fargate cpu 8192 is only available from 2022-09-16 (Linux 1.4.0+), not on 2022-09-15; \
             valid cpu values on 2022-09-15 are 256, 512, 1024, 2048 or 4096"
        );
        assert!(validate_fargate_size(16384, 32 * GIB, Some("2022-09")).is_err());
        assert_eq!(
            validate_fargate_size(8192, 16 * GIB, Some("2022-09-16")),
            Ok(())
        );
        assert_eq!(
            validate_fargate_size(16384, 120 * GIB, Some("today")),
            Ok(())
        );
        assert_eq!(
            validate_fargate_size(4096, 30 * GIB, Some("2017-12-12")),
            Ok(())
        );
        assert!(matches!(
            validate_fargate_size(256, 512, Some("2017-13")),
            Err(PricingError::InvalidDate { .. })
        ));
    }

    #[test]
    fn large_sizes_date_matches_the_catalog_notes() {
        let value: serde_json::Value =
            serde_json::from_str(crate::catalog::EMBEDDED_CATALOG_JSON).unwrap();
        let notes = value["fargate_task_sizes_notes"]["at_launch_2017"]
            .as_str()
            .unwrap_or_default();
        assert!(notes.contains(LARGE_SIZES_SINCE), "{notes}");
        let rows = Catalog::embedded().fargate_task_sizes();
        let large: Vec<&str> = rows
            .iter()
            .filter(|row| row.cpu >= 8192)
            .filter_map(|row| row.since.as_deref())
            .collect();
        assert_eq!(large, ["2022-09", "2022-09"]);
    }
}
