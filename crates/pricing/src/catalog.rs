//! The AWS price and limit catalog: `data/aws-catalog.json`, embedded at compile time and parsed
//! into typed structs.
//!
//! The JSON is the project's research compilation (`/work/shared/data/aws-catalog.json`, copied
//! unchanged). Parsing is tolerant: fields this crate does not use are ignored, and every value the
//! catalog may leave `null` ("not confirmed by a source") is an `Option` here.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::date::Date;
use crate::error::PricingError;
use crate::fargate_size::FargateTaskSize;
use crate::instance_type::{CpuArchitecture, InstanceType};
use crate::suggest;

/// The catalog JSON, exactly as compiled by the project's research.
pub const EMBEDDED_CATALOG_JSON: &str = include_str!("../data/aws-catalog.json");

/// One entry of the catalog's `sources` list; every price names these ids.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Source {
    /// Short id, e.g. `karpenter-pricing-2026-07`.
    pub id: String,
    /// What the source is.
    pub title: String,
    /// Where it is, when it has a public address.
    pub url: Option<String>,
    /// The date of the source (free text; may be a range or "unknown").
    pub date: Option<String>,
}

/// The parsed catalog. Use [`Catalog::embedded`] for the compiled-in copy.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub(crate) raw: RawCatalog,
    instance_types: BTreeMap<String, InstanceType>,
    regions: Vec<String>,
    compiled: Date,
}

impl Catalog {
    /// The catalog compiled into this crate (`data/aws-catalog.json`), parsed once.
    pub fn embedded() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            Catalog::from_json(EMBEDDED_CATALOG_JSON).expect(
                "the embedded data/aws-catalog.json must parse (checked by catalog::tests::embedded_catalog_parses)",
            )
        })
    }

    /// Parses a catalog in the `aws-catalog.json` format (schema version 1).
    pub fn from_json(json: &str) -> Result<Catalog, PricingError> {
        let raw: RawCatalog =
            serde_json::from_str(json).map_err(|error| PricingError::Catalog {
                message: error.to_string(),
            })?;
        let compiled = Date::parse(&raw.compiled).map_err(|error| PricingError::Catalog {
            message: format!("field `compiled`: {error}"),
        })?;
        let instance_types = raw
            .ec2
            .iter()
            .map(|(name, ec2)| (name.clone(), ec2.instance_type(name)))
            .collect();
        let mut regions: Vec<String> = raw.fargate.keys().cloned().collect();
        regions.extend(raw.alb.regions().into_iter().map(|(region, _)| region));
        for ec2 in raw.ec2.values() {
            regions.extend(ec2.price_hour.keys().cloned());
        }
        regions.sort();
        regions.dedup();
        Ok(Catalog {
            raw,
            instance_types,
            regions,
            compiled,
        })
    }

    /// The day the catalog was compiled; `today` and `latest` resolve to it.
    pub fn compiled(&self) -> Date {
        self.compiled
    }

    /// All sources, in catalog order.
    pub fn sources(&self) -> &[Source] {
        &self.raw.sources
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.raw.sources.iter().find(|source| source.id == id)
    }

    /// Regions with at least one price, sorted.
    pub fn regions(&self) -> &[String] {
        &self.regions
    }

    /// All instance types, sorted by name.
    pub fn instance_types(&self) -> impl Iterator<Item = &InstanceType> {
        self.instance_types.values()
    }

    /// One instance type; an unknown name gets a did-you-mean suggestion and the known names.
    pub fn instance_type(&self, name: &str) -> Result<&InstanceType, PricingError> {
        self.instance_types
            .get(name)
            .ok_or_else(|| self.unknown_instance_type(name))
    }

    /// Valid Fargate task sizes (CPU rows with their memory values), as the catalog lists them.
    pub fn fargate_task_sizes(&self) -> &[FargateTaskSize] {
        &self.raw.fargate_task_sizes
    }

    /// Resolves a date argument: `YYYY-MM` (first day of the month), `YYYY-MM-DD`, or
    /// `today` / `latest`, which mean the catalog's compiled date (never the wall clock).
    pub fn resolve_date(&self, text: &str) -> Result<Date, PricingError> {
        match text {
            "today" | "latest" => Ok(self.compiled),
            _ => Date::parse(text),
        }
    }

    pub(crate) fn unknown_instance_type(&self, name: &str) -> PricingError {
        PricingError::UnknownInstanceType {
            name: name.to_owned(),
            suggestion: suggest::closest(name, self.instance_types.keys().map(String::as_str)),
            known: self.instance_types.keys().cloned().collect(),
        }
    }

    pub(crate) fn check_region(&self, region: &str) -> Result<(), PricingError> {
        if self.regions.iter().any(|known| known == region) {
            return Ok(());
        }
        Err(PricingError::UnknownRegion {
            region: region.to_owned(),
            suggestion: suggest::closest(region, self.regions.iter().map(String::as_str)),
            known: self.regions.clone(),
        })
    }
}

// The serde shapes below mirror the JSON. They are crate-private: the public API is typed
// (`InstanceType`, `PriceBook`, `Sourced`), and these may change with the catalog's schema.

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RawCatalog {
    pub(crate) compiled: String,
    #[serde(default)]
    pub(crate) sources: Vec<Source>,
    #[serde(default)]
    pub(crate) fargate: BTreeMap<String, RawFargateRegion>,
    pub(crate) fargate_spot_discount: Option<f64>,
    #[serde(default)]
    pub(crate) fargate_spot: RawFargateSpot,
    #[serde(default)]
    pub(crate) fargate_task_sizes: Vec<FargateTaskSize>,
    #[serde(default)]
    pub(crate) ec2: BTreeMap<String, RawEc2>,
    #[serde(default)]
    pub(crate) ec2_spot: RawEc2Spot,
    #[serde(default)]
    pub(crate) billing: RawBilling,
    #[serde(default)]
    pub(crate) alb: RawAlb,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct RawFargateRegion {
    #[serde(default)]
    pub(crate) x86: RawFargateArchPrice,
    #[serde(default)]
    pub(crate) arm: RawFargateArchPrice,
    pub(crate) ephemeral_storage_gb_hour_above_20gb: Option<f64>,
    pub(crate) ephemeral_storage_confidence: Option<String>,
    pub(crate) as_of: Option<String>,
    #[serde(default)]
    pub(crate) sources: Vec<String>,
    pub(crate) note_gb_hour: Option<String>,
    #[serde(default)]
    pub(crate) history: Vec<RawFargateHistory>,
    pub(crate) spot_snapshot: Option<RawFargateSpotSnapshot>,
}

impl RawFargateRegion {
    pub(crate) fn arch(&self, arch: CpuArchitecture) -> &RawFargateArchPrice {
        match arch {
            CpuArchitecture::X86_64 => &self.x86,
            CpuArchitecture::Arm64 => &self.arm,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct RawFargateArchPrice {
    pub(crate) vcpu_hour: Option<f64>,
    pub(crate) gb_hour: Option<f64>,
    pub(crate) derived_estimate: Option<RawFargateDerived>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RawFargateDerived {
    pub(crate) vcpu_hour: Option<f64>,
    pub(crate) gb_hour: Option<f64>,
    pub(crate) method: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RawFargateHistory {
    pub(crate) from: String,
    pub(crate) to: Option<String>,
    /// `x86` or `arm`.
    pub(crate) arch: String,
    pub(crate) vcpu_hour: Option<f64>,
    pub(crate) gb_hour: Option<f64>,
    pub(crate) note: Option<String>,
    #[serde(default)]
    pub(crate) sources: Vec<String>,
}

impl RawFargateHistory {
    pub(crate) fn is_arch(&self, arch: CpuArchitecture) -> bool {
        match arch {
            CpuArchitecture::X86_64 => self.arch == "x86" || self.arch == "x86_64",
            CpuArchitecture::Arm64 => self.arch == "arm" || self.arch == "arm64",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RawFargateSpotSnapshot {
    pub(crate) date: Option<String>,
    pub(crate) vcpu_hour: Option<f64>,
    pub(crate) gb_hour: Option<f64>,
    pub(crate) discount_vs_on_demand: Option<f64>,
    #[serde(default)]
    pub(crate) sources: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct RawFargateSpot {
    pub(crate) discount_meaning: Option<String>,
    pub(crate) launched: Option<String>,
    #[serde(default)]
    pub(crate) sources: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RawEc2 {
    pub(crate) vcpu: u32,
    pub(crate) memory_gib: f64,
    pub(crate) arch: CpuArchitecture,
    pub(crate) hypervisor: Option<String>,
    pub(crate) max_enis: u32,
    pub(crate) ipv4_per_eni: Option<u32>,
    pub(crate) awsvpc_tasks_without_trunking: u32,
    #[serde(default)]
    pub(crate) trunking_supported: bool,
    pub(crate) trunk_tasks: Option<u32>,
    #[serde(default)]
    pub(crate) price_hour: BTreeMap<String, Option<f64>>,
    #[serde(default)]
    pub(crate) price_as_of: BTreeMap<String, Option<String>>,
    #[serde(default)]
    pub(crate) price_confidence: BTreeMap<String, Option<String>>,
    #[serde(default)]
    pub(crate) price_sources: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub(crate) spot_savings_pct_vs_od: BTreeMap<String, Option<f64>>,
    #[serde(default)]
    pub(crate) spot_interrupt_bucket: BTreeMap<String, Option<String>>,
    #[serde(default)]
    pub(crate) price_history: Vec<RawPriceHistory>,
    #[serde(default)]
    pub(crate) price_hour_derived: BTreeMap<String, RawDerivedPrice>,
}

impl RawEc2 {
    fn instance_type(&self, name: &str) -> InstanceType {
        InstanceType {
            name: name.to_owned(),
            vcpu: self.vcpu,
            memory_gib: self.memory_gib,
            // Nominal MiB; every catalog value (3.75, 4, 8, …) is a whole number of MiB.
            memory_mib: (self.memory_gib * 1024.0).round() as u64,
            arch: self.arch,
            hypervisor: self.hypervisor.clone(),
            max_enis: self.max_enis,
            ipv4_per_eni: self.ipv4_per_eni,
            awsvpc_tasks_without_trunking: self.awsvpc_tasks_without_trunking,
            trunking_supported: self.trunking_supported,
            trunk_tasks: self.trunk_tasks,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RawPriceHistory {
    /// First ec2instances.info snapshot that shows the price.
    pub(crate) from_snapshot: String,
    /// Region → price (`null` = not offered or not recorded there at that snapshot).
    #[serde(flatten)]
    pub(crate) prices: BTreeMap<String, Option<f64>>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RawDerivedPrice {
    pub(crate) value: Option<f64>,
    pub(crate) method: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct RawEc2Spot {
    pub(crate) typical_savings_pct_range_for_catalog_types: Option<Vec<f64>>,
    pub(crate) as_of: Option<String>,
    #[serde(default)]
    pub(crate) sources: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct RawBilling {
    pub(crate) ec2_linux: Option<RawBillingRule>,
    pub(crate) fargate: Option<RawBillingRule>,
    pub(crate) public_ipv4: Option<RawIpv4Billing>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RawBillingRule {
    pub(crate) minimum_seconds: Option<u64>,
    pub(crate) since: Option<String>,
    #[serde(default)]
    pub(crate) sources: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RawIpv4Billing {
    pub(crate) usd_per_ip_hour: Option<f64>,
    pub(crate) since: Option<String>,
    pub(crate) before_2024: Option<String>,
    #[serde(default)]
    pub(crate) sources: Vec<String>,
}

/// The `alb` object mixes region keys with `lcu_definition` and `note`, so it is kept as JSON
/// values and the region entries are picked out by shape.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(transparent)]
pub(crate) struct RawAlb(BTreeMap<String, serde_json::Value>);

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RawAlbRegion {
    pub(crate) hour: Option<f64>,
    pub(crate) lcu_hour: Option<f64>,
    pub(crate) as_of: Option<String>,
    pub(crate) hour_method: Option<String>,
    #[serde(default)]
    pub(crate) sources: Vec<String>,
}

impl RawAlb {
    /// Entries that look like regions (objects with an `hour` key).
    pub(crate) fn regions(&self) -> Vec<(String, RawAlbRegion)> {
        self.0
            .iter()
            .filter(|(_, value)| value.get("hour").is_some())
            .filter_map(|(key, value)| {
                serde_json::from_value::<RawAlbRegion>(value.clone())
                    .ok()
                    .map(|region| (key.clone(), region))
            })
            .collect()
    }

    pub(crate) fn region(&self, region: &str) -> Option<RawAlbRegion> {
        self.regions()
            .into_iter()
            .find(|(key, _)| key == region)
            .map(|(_, value)| value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalog_parses() {
        let catalog = Catalog::from_json(EMBEDDED_CATALOG_JSON).unwrap();
        assert_eq!(catalog.compiled().full(), "2026-11-29");
        assert_eq!(catalog.regions(), ["ap-northeast-1", "us-east-1"]);
        assert_eq!(catalog.instance_types().count(), 24);
        assert!(catalog.sources().len() >= 28);
        // The embedded copy is parsed once and shared.
        assert!(std::ptr::eq(Catalog::embedded(), Catalog::embedded()));
    }

    #[test]
    fn embedded_json_is_the_shared_research_copy() {
        // The copy must stay byte-identical to the project's research compilation (provenance).
        let value: serde_json::Value = serde_json::from_str(EMBEDDED_CATALOG_JSON).unwrap();
        assert_eq!(value["schema_version"], 1);
        assert_eq!(value["currency"], "USD");
    }

    #[test]
    fn every_referenced_source_id_exists() {
        let catalog = Catalog::embedded();
        let known: Vec<&str> = catalog
            .sources()
            .iter()
            .map(|source| source.id.as_str())
            .collect();
        let mut referenced: Vec<String> = Vec::new();
        for region in catalog.raw.fargate.values() {
            referenced.extend(region.sources.iter().cloned());
            for entry in &region.history {
                referenced.extend(entry.sources.iter().cloned());
            }
            if let Some(snapshot) = &region.spot_snapshot {
                referenced.extend(snapshot.sources.iter().cloned());
            }
        }
        for ec2 in catalog.raw.ec2.values() {
            referenced.extend(ec2.price_sources.values().flatten().cloned());
        }
        referenced.extend(catalog.raw.fargate_spot.sources.iter().cloned());
        referenced.extend(catalog.raw.ec2_spot.sources.iter().cloned());
        for (_, alb) in catalog.raw.alb.regions() {
            referenced.extend(alb.sources);
        }
        for billing in [&catalog.raw.billing.ec2_linux, &catalog.raw.billing.fargate]
            .into_iter()
            .flatten()
        {
            referenced.extend(billing.sources.iter().cloned());
        }
        assert!(referenced.len() > 50);
        for id in referenced {
            assert!(
                known.contains(&id.as_str()),
                "source id `{id}` is not in the catalog's sources"
            );
        }
    }

    #[test]
    fn instance_type_specs() {
        let catalog = Catalog::embedded();
        let m4 = catalog.instance_type("m4.large").unwrap();
        assert_eq!((m4.vcpu, m4.memory_mib, m4.max_enis), (2, 8192, 2));
        assert_eq!(m4.awsvpc_tasks_without_trunking, 1);
        assert_eq!(m4.trunk_tasks, None);
        assert_eq!(m4.registered_cpu_units(), 2048);
        assert_eq!(m4.registered_memory_mib(0), 7985);
        assert_eq!(catalog.instance_type("c4.large").unwrap().memory_mib, 3840);
        let m5 = catalog.instance_type("m5.large").unwrap();
        assert_eq!(
            (m5.awsvpc_task_limit(false), m5.awsvpc_task_limit(true)),
            (2, 10)
        );
        assert_eq!(
            catalog.instance_type("m6g.large").unwrap().arch,
            CpuArchitecture::Arm64
        );
        for instance_type in catalog.instance_types() {
            // Catalog invariants the ECS docs state (§2.6): task limit = ENIs − 1, and a trunk
            // value exactly when trunking is supported.
            assert_eq!(
                instance_type.awsvpc_tasks_without_trunking + 1,
                instance_type.max_enis
            );
            assert_eq!(
                instance_type.trunking_supported,
                instance_type.trunk_tasks.is_some()
            );
        }
    }

    #[test]
    fn unknown_instance_type_suggests() {
        let error = Catalog::embedded().instance_type("m4.lrage").unwrap_err();
        match &error {
            PricingError::UnknownInstanceType {
                suggestion, known, ..
            } => {
                assert_eq!(suggestion.as_deref(), Some("m4.large"));
                assert!(known.iter().any(|name| name == "c7g.large"));
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(
            error
                .to_string()
                .starts_with("unknown instance type `m4.lrage`; did you mean `m4.large`?")
        );
    }

    #[test]
    fn today_is_the_compiled_date() {
        let catalog = Catalog::embedded();
        assert_eq!(catalog.resolve_date("today").unwrap(), catalog.compiled());
        assert_eq!(catalog.resolve_date("latest").unwrap(), catalog.compiled());
        assert!(catalog.resolve_date("yesterday").is_err());
    }

    #[test]
    fn tolerates_nulls_and_unknown_fields() {
        let json = r#"{
            "compiled": "2026-01-01", "something_new": [1, 2],
            "ec2": { "x1.large": { "vcpu": 2, "memory_gib": 4.0, "arch": "x86_64", "hypervisor": null,
                "max_enis": 3, "ipv4_per_eni": null, "awsvpc_tasks_without_trunking": 2,
                "trunking_supported": false, "trunk_tasks": null, "price_hour": { "us-east-1": null },
                "extra": { "a": 1 } } },
            "alb": { "us-east-1": { "hour": null, "lcu_hour": null }, "note": "x" }
        }"#;
        let catalog = Catalog::from_json(json).unwrap();
        assert_eq!(catalog.regions(), ["us-east-1"]);
        assert_eq!(
            catalog.instance_type("x1.large").unwrap().ipv4_per_eni,
            None
        );
        let error = Catalog::from_json("{").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("the AWS price catalog could not be parsed: ")
        );
    }
}
