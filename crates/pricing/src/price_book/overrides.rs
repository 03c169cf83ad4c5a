//! `PriceOverrides`: prices a scenario sets explicitly, replacing (or filling in) catalog values.
//!
//! This is how a user models what the catalog says did not exist or is not confirmed, e.g.
//! "Fargate in Tokyo in 2017 at us-east-1 prices" or a Tokyo m6i.large price. Overridden values
//! cite the source id [`Sourced::OVERRIDE_SOURCE`] and keep the catalog value (or its error) in a note.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::PriceBook;
use crate::error::PricingError;
use crate::instance_type::CpuArchitecture;
use crate::sourced::Sourced;
use crate::suggest;

/// Prices set by a scenario. Every field is optional; unset fields keep the catalog's value.
///
/// In JSON the fields are camelCase, e.g. `{"fargateVcpuHour": 0.0506, "ec2OnDemandHour": {"m4.large": 0.1}}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct PriceOverrides {
    /// On-demand USD per hour, by instance type.
    pub ec2_on_demand_hour: BTreeMap<String, f64>,
    /// Spot savings versus on-demand in percent (0 to 100), by instance type.
    pub ec2_spot_savings_percent: BTreeMap<String, f64>,
    /// Fargate x86_64 USD per vCPU-hour.
    pub fargate_vcpu_hour: Option<f64>,
    /// Fargate x86_64 USD per GB-hour.
    pub fargate_gb_hour: Option<f64>,
    /// Fargate ARM64 USD per vCPU-hour.
    pub fargate_arm_vcpu_hour: Option<f64>,
    /// Fargate ARM64 USD per GB-hour.
    pub fargate_arm_gb_hour: Option<f64>,
    /// Fargate Spot discount as a fraction (0 to 1; 0.7 = 70 % off).
    pub fargate_spot_discount: Option<f64>,
    /// ALB USD per hour.
    pub alb_hour: Option<f64>,
    /// ALB USD per LCU-hour.
    pub alb_lcu_hour: Option<f64>,
    /// USD per public IPv4 address-hour.
    pub public_ipv4_hour: Option<f64>,
}

impl PriceOverrides {
    /// Copies the Fargate on-demand prices `other` has (both architectures) into these overrides,
    /// e.g. to model 2017 Tokyo with 2017 us-east-1 Fargate prices:
    /// `PriceOverrides::default().with_fargate_prices_of(&catalog.price_book("us-east-1", "2017-12")?)`.
    pub fn with_fargate_prices_of(mut self, other: &PriceBook) -> PriceOverrides {
        let value =
            |price: Result<&Sourced<f64>, PricingError>| price.ok().map(|price| price.value);
        self.fargate_vcpu_hour =
            value(other.fargate_vcpu_hour(CpuArchitecture::X86_64)).or(self.fargate_vcpu_hour);
        self.fargate_gb_hour =
            value(other.fargate_gb_hour(CpuArchitecture::X86_64)).or(self.fargate_gb_hour);
        self.fargate_arm_vcpu_hour =
            value(other.fargate_vcpu_hour(CpuArchitecture::Arm64)).or(self.fargate_arm_vcpu_hour);
        self.fargate_arm_gb_hour =
            value(other.fargate_gb_hour(CpuArchitecture::Arm64)).or(self.fargate_arm_gb_hour);
        self
    }
}

impl PriceBook {
    /// A copy of this book with `overrides` applied. Fails if an override is negative or not a
    /// number, a fraction or percent is out of range, or an instance type is unknown.
    pub fn with_overrides(&self, overrides: &PriceOverrides) -> Result<PriceBook, PricingError> {
        let mut book = self.clone();
        let as_of = self.date.to_string();
        let replace = |slot: &mut Result<Sourced<f64>, PricingError>, value: f64| {
            let was = match &*slot {
                Ok(price) => format!("catalog value {price}"),
                Err(error) => format!("the catalog had none: {error}"),
            };
            *slot = Ok(Sourced::new(
                value,
                vec![Sourced::<f64>::OVERRIDE_SOURCE.to_owned()],
                as_of.clone(),
            )
            .with_note(format!("set by the scenario; {was}")));
        };
        for (name, &value) in &overrides.ec2_on_demand_hour {
            let field = format!("ec2OnDemandHour[{name}]");
            check(&field, value, f64::INFINITY)?;
            let slot = book
                .ec2_on_demand
                .get_mut(name)
                .ok_or_else(|| unknown_type(self, &field, name))?;
            replace(slot, value);
        }
        for (name, &value) in &overrides.ec2_spot_savings_percent {
            let field = format!("ec2SpotSavingsPercent[{name}]");
            check(&field, value, 100.0)?;
            let slot = book
                .ec2_spot_savings
                .get_mut(name)
                .ok_or_else(|| unknown_type(self, &field, name))?;
            replace(slot, value);
        }
        let by_arch = [
            (
                "fargateVcpuHour",
                overrides.fargate_vcpu_hour,
                CpuArchitecture::X86_64,
                true,
            ),
            (
                "fargateGbHour",
                overrides.fargate_gb_hour,
                CpuArchitecture::X86_64,
                false,
            ),
            (
                "fargateArmVcpuHour",
                overrides.fargate_arm_vcpu_hour,
                CpuArchitecture::Arm64,
                true,
            ),
            (
                "fargateArmGbHour",
                overrides.fargate_arm_gb_hour,
                CpuArchitecture::Arm64,
                false,
            ),
        ];
        for (field, value, arch, vcpu) in by_arch {
            let Some(value) = value else { continue };
            check(field, value, f64::INFINITY)?;
            let map = if vcpu {
                &mut book.fargate_vcpu
            } else {
                &mut book.fargate_gb
            };
            let slot = map
                .entry(arch)
                .or_insert_with(|| Ok(Sourced::new(0.0, Vec::new(), "unknown")));
            replace(slot, value);
        }
        let single = [
            (
                "fargateSpotDiscount",
                overrides.fargate_spot_discount,
                1.0,
                &mut book.fargate_spot_discount,
            ),
            (
                "albHour",
                overrides.alb_hour,
                f64::INFINITY,
                &mut book.alb_hour,
            ),
            (
                "albLcuHour",
                overrides.alb_lcu_hour,
                f64::INFINITY,
                &mut book.alb_lcu_hour,
            ),
        ];
        for (field, value, max, slot) in single {
            let Some(value) = value else { continue };
            check(field, value, max)?;
            replace(slot, value);
        }
        if let Some(value) = overrides.public_ipv4_hour {
            check("publicIpv4Hour", value, f64::INFINITY)?;
            let mut slot = Ok(book.public_ipv4_hour.clone());
            replace(&mut slot, value);
            if let Ok(price) = slot {
                book.public_ipv4_hour = price;
            }
        }
        Ok(book)
    }
}

fn check(field: &str, value: f64, max: f64) -> Result<(), PricingError> {
    let reason = if !value.is_finite() {
        Some("must be a finite number".to_owned())
    } else if value < 0.0 {
        Some(format!("must not be negative, got {value}"))
    } else if value > max {
        Some(format!("must be at most {max}, got {value}"))
    } else {
        None
    };
    match reason {
        Some(reason) => Err(PricingError::InvalidOverride {
            field: field.to_owned(),
            reason,
        }),
        None => Ok(()),
    }
}

fn unknown_type(book: &PriceBook, field: &str, name: &str) -> PricingError {
    let mut reason = format!("unknown instance type `{name}`");
    if let Some(suggestion) = suggest::closest(name, book.instance_types()) {
        reason.push_str(&format!("; did you mean `{suggestion}`?"));
    }
    PricingError::InvalidOverride {
        field: field.to_owned(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn tokyo_2017_with_us_east_1_launch_prices() {
        let catalog = Catalog::embedded();
        let tokyo = catalog.price_book("ap-northeast-1", "2017-12").unwrap();
        assert!(tokyo.fargate_vcpu_hour(CpuArchitecture::X86_64).is_err());
        let us_east = catalog.price_book("us-east-1", "2017-12").unwrap();
        let overrides = PriceOverrides::default().with_fargate_prices_of(&us_east);
        assert_eq!(
            (overrides.fargate_vcpu_hour, overrides.fargate_gb_hour),
            (Some(0.0506), Some(0.0127))
        );
        assert_eq!(overrides.fargate_arm_vcpu_hour, None);
        let modelled = tokyo.with_overrides(&overrides).unwrap();
        let vcpu = modelled.fargate_vcpu_hour(CpuArchitecture::X86_64).unwrap();
        assert_eq!(vcpu.value, 0.0506);
        assert!(vcpu.is_override());
        assert_eq!(vcpu.citation(), "source: scenario-override, as of 2017-12");
        assert!(
            vcpu.notes[0]
                .contains("the catalog had none: Fargate in ap-northeast-1 did not exist yet")
        );
        // EC2 prices are untouched.
        assert_eq!(
            modelled.ec2_on_demand_hour("m4.large").unwrap().value,
            0.129
        );
    }

    #[test]
    fn every_kind_of_override_applies() {
        let book = Catalog::embedded()
            .price_book("ap-northeast-1", "2018-01")
            .unwrap();
        let json = r#"{
            "ec2OnDemandHour": {"m6i.large": 0.124},
            "ec2SpotSavingsPercent": {"m4.large": 40},
            "fargateArmVcpuHour": 0.04, "fargateArmGbHour": 0.0044,
            "fargateSpotDiscount": 0.7, "albHour": 0.0243, "albLcuHour": 0.008, "publicIpv4Hour": 0.005
        }"#;
        let overrides: PriceOverrides = serde_json::from_str(json).unwrap();
        let book = book.with_overrides(&overrides).unwrap();
        assert_eq!(book.ec2_on_demand_hour("m6i.large").unwrap().value, 0.124);
        assert_eq!(
            book.ec2_spot_savings_percent("m4.large").unwrap().value,
            40.0
        );
        assert_eq!(
            book.fargate_vcpu_hour(CpuArchitecture::Arm64)
                .unwrap()
                .value,
            0.04
        );
        assert_eq!(
            book.fargate_gb_hour(CpuArchitecture::Arm64).unwrap().value,
            0.0044
        );
        assert_eq!(book.fargate_spot_discount().unwrap().value, 0.7);
        assert_eq!(book.alb_lcu_hour().unwrap().value, 0.008);
        assert_eq!(book.public_ipv4_hour().value, 0.005);
        assert!(book.public_ipv4_hour().is_override());
        // Unset fields keep the catalog (here: Fargate x86 still did not exist in Tokyo).
        assert!(book.fargate_vcpu_hour(CpuArchitecture::X86_64).is_err());
    }

    #[test]
    fn bad_overrides_are_rejected() {
        let book = Catalog::embedded()
            .price_book("us-east-1", "today")
            .unwrap();
        let mut overrides = PriceOverrides::default();
        overrides
            .ec2_on_demand_hour
            .insert("m4.lrage".to_owned(), 0.1);
        assert_eq!(
            book.with_overrides(&overrides).unwrap_err().to_string(),
            "invalid price override `ec2OnDemandHour[m4.lrage]`: unknown instance type `m4.lrage`; did you mean `m4.large`?"
        );
        let discount = PriceOverrides {
            fargate_spot_discount: Some(1.5),
            ..PriceOverrides::default()
        };
        assert_eq!(
            book.with_overrides(&discount).unwrap_err().to_string(),
            "invalid price override `fargateSpotDiscount`: must be at most 1, got 1.5"
        );
        let negative = PriceOverrides {
            alb_hour: Some(-1.0),
            ..PriceOverrides::default()
        };
        assert!(book.with_overrides(&negative).is_err());
        let nan = PriceOverrides {
            fargate_gb_hour: Some(f64::NAN),
            ..PriceOverrides::default()
        };
        assert!(book.with_overrides(&nan).is_err());
        let typo = serde_json::from_str::<PriceOverrides>(r#"{"albhour": 1}"#).unwrap_err();
        assert!(
            typo.to_string().contains("unknown field `albhour`"),
            "{typo}"
        );
    }
}
