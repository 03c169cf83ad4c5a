//! `PriceBook`: every price in force in one region on one date, each with its provenance.
//!
//! Built by [`Catalog::price_book`]. All look-ups are resolved when the book is built, so a book
//! is a plain value (no borrow of the catalog) and look-ups are map reads. A price the catalog
//! cannot give for that region and date (a `null`, or a service that did not exist yet) is kept as
//! an error and returned by its accessor, so an EC2-only 2017 Tokyo scenario still gets a book;
//! [`PriceBook::with_overrides`] can replace any price, including those errors.

mod ec2;
mod fargate;
mod overrides;

use std::collections::BTreeMap;

pub use overrides::PriceOverrides;

use crate::billing::{EC2_MINIMUM_BILLED_SECONDS, Ec2BillingRule, FARGATE_MINIMUM_BILLED_SECONDS};
use crate::catalog::Catalog;
use crate::date::Date;
use crate::error::PricingError;
use crate::instance_type::CpuArchitecture;
use crate::sourced::Sourced;
use crate::suggest;

/// How the region bills compute on the book's date.
#[derive(Debug, Clone, PartialEq)]
pub struct BillingRules {
    /// EC2 Linux: per second (60 s minimum) from 2017-10-02, per started hour before.
    pub ec2: Sourced<Ec2BillingRule>,
    /// Fargate's per-task minimum in seconds (per second, rounded up, above it).
    pub fargate_minimum_seconds: Sourced<u64>,
}

/// The one observed Fargate Spot price snapshot the catalog has for a region.
#[derive(Debug, Clone, PartialEq)]
pub struct FargateSpotSnapshot {
    /// Observed Spot USD per vCPU-hour, if recorded.
    pub vcpu_hour: Option<f64>,
    /// Observed Spot USD per GB-hour, if recorded.
    pub gb_hour: Option<f64>,
    /// Observed discount off on-demand, as a fraction (0.688 = 68.8 % off).
    pub discount_vs_on_demand: Sourced<f64>,
}

/// Prices and billing rules for one region on one date.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceBook {
    region: String,
    date: Date,
    requested_date: String,
    ec2_on_demand: BTreeMap<String, Result<Sourced<f64>, PricingError>>,
    ec2_spot_savings: BTreeMap<String, Result<Sourced<f64>, PricingError>>,
    fargate_vcpu: BTreeMap<CpuArchitecture, Result<Sourced<f64>, PricingError>>,
    fargate_gb: BTreeMap<CpuArchitecture, Result<Sourced<f64>, PricingError>>,
    fargate_ephemeral_storage: Result<Sourced<f64>, PricingError>,
    fargate_spot_discount: Result<Sourced<f64>, PricingError>,
    fargate_spot_observed: Option<FargateSpotSnapshot>,
    alb_hour: Result<Sourced<f64>, PricingError>,
    alb_lcu_hour: Result<Sourced<f64>, PricingError>,
    public_ipv4_hour: Sourced<f64>,
    billing: BillingRules,
    notes: Vec<String>,
}

impl Catalog {
    /// The prices in force in `region` on `date`.
    ///
    /// `date` is `YYYY-MM` (read as the first day of the month), `YYYY-MM-DD`, or `today` /
    /// `latest` (the catalog's compiled date). Fails only for an unknown region or a bad date;
    /// prices that are unavailable on that date fail at their accessor.
    pub fn price_book(&self, region: &str, date: &str) -> Result<PriceBook, PricingError> {
        self.check_region(region)?;
        let resolved = self.resolve_date(date)?;
        let mut notes = Vec::new();
        if matches!(date, "today" | "latest") {
            notes.push(format!(
                "`{date}` means the catalog's compiled date, {}",
                self.compiled()
            ));
        }
        if resolved > self.compiled() {
            notes.push(format!(
                "{resolved} is after the catalog was compiled ({}); prices are assumed unchanged since",
                self.compiled()
            ));
        }
        let raw = &self.raw;
        let ec2_on_demand = raw
            .ec2
            .iter()
            .map(|(name, ec2)| (name.clone(), ec2::on_demand(ec2, name, region, resolved)))
            .collect();
        let ec2_spot_savings = raw
            .ec2
            .iter()
            .map(|(name, ec2)| {
                (
                    name.clone(),
                    ec2::spot_savings_percent(&raw.ec2_spot, ec2, name, region),
                )
            })
            .collect();
        let mut fargate_vcpu = BTreeMap::new();
        let mut fargate_gb = BTreeMap::new();
        for arch in [CpuArchitecture::X86_64, CpuArchitecture::Arm64] {
            let (vcpu, gb) = fargate::on_demand(raw, region, arch, resolved);
            fargate_vcpu.insert(arch, vcpu);
            fargate_gb.insert(arch, gb);
        }
        Ok(PriceBook {
            region: region.to_owned(),
            date: resolved,
            requested_date: date.to_owned(),
            ec2_on_demand,
            ec2_spot_savings,
            fargate_vcpu,
            fargate_gb,
            fargate_ephemeral_storage: fargate::ephemeral_storage(raw, region, resolved),
            fargate_spot_discount: fargate::spot_discount(raw, region, resolved, self.compiled()),
            fargate_spot_observed: fargate::spot_observed(raw, region),
            alb_hour: alb_price(self, region, resolved, AlbPrice::Hour),
            alb_lcu_hour: alb_price(self, region, resolved, AlbPrice::LcuHour),
            public_ipv4_hour: public_ipv4_hour(self, resolved),
            billing: billing_rules(self, resolved),
            notes,
        })
    }
}

impl PriceBook {
    /// The region, e.g. `us-east-1`.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The resolved date the prices are for.
    pub fn date(&self) -> Date {
        self.date
    }

    /// The date as the caller wrote it (`2017-12`, `today`, …).
    pub fn requested_date(&self) -> &str {
        &self.requested_date
    }

    /// Book-level caveats (how `today` was read, dates past the catalog).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// On-demand Linux USD per hour for an instance type.
    ///
    /// Rule for dates before the current price's snapshot: the catalog's `price_history` entries
    /// are dated by `from_snapshot`, the **first** ec2instances.info snapshot that shows a price, so
    /// each change happened at an unknown day between the previous snapshot and that date. This
    /// crate treats `from_snapshot` as the day the price took effect (the latest possible day): the
    /// entry with the greatest `from_snapshot` on or before the date wins, and a note says the next
    /// change's exact day is unknown. A date before the earliest entry uses the earliest entry (the
    /// nearest evidence), with a note. A type with no history for the region uses the current price,
    /// with a note. A `null` current price (not confirmed) is an error that mentions any derived
    /// estimate the catalog carries.
    pub fn ec2_on_demand_hour(&self, instance_type: &str) -> Result<&Sourced<f64>, PricingError> {
        lookup(&self.ec2_on_demand, instance_type)
    }

    /// EC2 Spot savings versus on-demand, in percent, from the AWS Spot Instance Advisor copy
    /// (2025-06-28). Types without a figure get the midpoint of the catalog's typical range
    /// (49–69 % → 59 %), with a note. Use [`crate::spot`]`(price, percent / 100)` for a Spot price.
    pub fn ec2_spot_savings_percent(
        &self,
        instance_type: &str,
    ) -> Result<&Sourced<f64>, PricingError> {
        lookup(&self.ec2_spot_savings, instance_type)
    }

    /// Fargate on-demand USD per vCPU-hour for the architecture.
    pub fn fargate_vcpu_hour(&self, arch: CpuArchitecture) -> Result<&Sourced<f64>, PricingError> {
        by_arch(&self.fargate_vcpu, arch, &self.region)
    }

    /// Fargate on-demand USD per GB-hour (GiB of task memory) for the architecture.
    pub fn fargate_gb_hour(&self, arch: CpuArchitecture) -> Result<&Sourced<f64>, PricingError> {
        by_arch(&self.fargate_gb, arch, &self.region)
    }

    /// Fargate ephemeral storage USD per GB-hour above the included 20 GiB (current price only).
    pub fn fargate_ephemeral_storage_gb_hour(&self) -> Result<&Sourced<f64>, PricingError> {
        self.fargate_ephemeral_storage
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Fargate Spot discount off on-demand as a fraction: the advertised maximum, 0.70 ("up to
    /// 70 %"). Fargate Spot exists from 2019-12-03 and for x86 only.
    pub fn fargate_spot_discount(&self) -> Result<&Sourced<f64>, PricingError> {
        self.fargate_spot_discount.as_ref().map_err(Clone::clone)
    }

    /// The observed Fargate Spot snapshot for the region (2021-01: 68.8 % off in us-east-1,
    /// 60.8 % in Tokyo), when the catalog has one. Spot prices float; this is one sample.
    pub fn fargate_spot_observed(&self) -> Option<&FargateSpotSnapshot> {
        self.fargate_spot_observed.as_ref()
    }

    /// Application Load Balancer USD per hour. The catalog has no ALB price history, so the
    /// latest price is used for every date.
    pub fn alb_hour(&self) -> Result<&Sourced<f64>, PricingError> {
        self.alb_hour.as_ref().map_err(Clone::clone)
    }

    /// Application Load Balancer USD per LCU-hour.
    pub fn alb_lcu_hour(&self) -> Result<&Sourced<f64>, PricingError> {
        self.alb_lcu_hour.as_ref().map_err(Clone::clone)
    }

    /// USD per in-use public IPv4 address-hour: 0.005 from 2024-02-01, 0 before (in-use
    /// addresses were free then; idle Elastic IPs already paid 0.005, not modelled here).
    pub fn public_ipv4_hour(&self) -> &Sourced<f64> {
        &self.public_ipv4_hour
    }

    /// EC2 and Fargate billing rules in force on the date.
    pub fn billing(&self) -> &BillingRules {
        &self.billing
    }

    /// Instance types the book has prices (or price errors) for, sorted.
    pub fn instance_types(&self) -> impl Iterator<Item = &str> {
        self.ec2_on_demand.keys().map(String::as_str)
    }
}

fn lookup<'a>(
    map: &'a BTreeMap<String, Result<Sourced<f64>, PricingError>>,
    instance_type: &str,
) -> Result<&'a Sourced<f64>, PricingError> {
    match map.get(instance_type) {
        Some(Ok(price)) => Ok(price),
        Some(Err(error)) => Err(error.clone()),
        None => Err(unknown_instance_type(map, instance_type)),
    }
}

fn unknown_instance_type<V>(map: &BTreeMap<String, V>, name: &str) -> PricingError {
    PricingError::UnknownInstanceType {
        name: name.to_owned(),
        suggestion: suggest::closest(name, map.keys().map(String::as_str)),
        known: map.keys().cloned().collect(),
    }
}

fn by_arch<'a>(
    map: &'a BTreeMap<CpuArchitecture, Result<Sourced<f64>, PricingError>>,
    arch: CpuArchitecture,
    region: &str,
) -> Result<&'a Sourced<f64>, PricingError> {
    match map.get(&arch) {
        Some(Ok(price)) => Ok(price),
        Some(Err(error)) => Err(error.clone()),
        // Both architectures are always inserted when the book is built.
        None => Err(PricingError::PriceUnavailable {
            what: format!("Fargate {} price", arch.ecs_name()),
            region: region.to_owned(),
            detail: None,
        }),
    }
}

#[derive(Clone, Copy)]
enum AlbPrice {
    Hour,
    LcuHour,
}

fn alb_price(
    catalog: &Catalog,
    region: &str,
    date: Date,
    which: AlbPrice,
) -> Result<Sourced<f64>, PricingError> {
    let what = match which {
        AlbPrice::Hour => "ALB hourly price",
        AlbPrice::LcuHour => "ALB LCU-hour price",
    };
    let pick = |alb: &crate::catalog::RawAlbRegion| match which {
        AlbPrice::Hour => alb.hour,
        AlbPrice::LcuHour => alb.lcu_hour,
    };
    let unavailable = |detail: Option<String>| PricingError::PriceUnavailable {
        what: what.to_owned(),
        region: region.to_owned(),
        detail,
    };
    let alb = catalog
        .raw
        .alb
        .region(region)
        .ok_or_else(|| unavailable(None))?;
    let Some(value) = pick(&alb) else {
        let others: Vec<String> = catalog
            .raw
            .alb
            .regions()
            .iter()
            .filter_map(|(other, alb)| pick(alb).map(|price| format!("{other} {price}")))
            .collect();
        let detail = (!others.is_empty())
            .then(|| format!("other regions in the catalog: {}", others.join(", ")));
        return Err(unavailable(detail));
    };
    let as_of = alb.as_of.clone().unwrap_or_else(|| "unknown".to_owned());
    let mut price = Sourced::new(value, alb.sources.clone(), as_of.clone());
    if let (AlbPrice::Hour, Some(method)) = (which, &alb.hour_method) {
        price = price.with_note(method.clone());
    }
    if Date::parse(&as_of).is_ok_and(|as_of| date < as_of) {
        price = price.with_note(format!(
            "the catalog has no ALB price history; the {as_of} price is used for {date}"
        ));
    }
    Ok(price)
}

fn public_ipv4_hour(catalog: &Catalog, date: Date) -> Sourced<f64> {
    let Some(rule) = &catalog.raw.billing.public_ipv4 else {
        return Sourced::new(0.0, Vec::new(), "unknown")
            .with_note("the catalog has no public IPv4 rule");
    };
    let since_text = rule.since.clone().unwrap_or_else(|| "unknown".to_owned());
    match (Date::parse(&since_text), rule.usd_per_ip_hour) {
        (Ok(since), Some(rate)) if date >= since => {
            Sourced::new(rate, rule.sources.clone(), since_text)
        }
        (Ok(_), Some(_)) => {
            let mut price = Sourced::new(0.0, rule.sources.clone(), since_text.clone()).with_note(
                format!("in-use public IPv4 addresses were not charged before {since_text}"),
            );
            if let Some(before) = &rule.before_2024 {
                price = price.with_note(before.clone());
            }
            price
        }
        _ => Sourced::new(0.0, rule.sources.clone(), since_text)
            .with_note("the catalog's public IPv4 rule is incomplete"),
    }
}

fn billing_rules(catalog: &Catalog, date: Date) -> BillingRules {
    let billing = &catalog.raw.billing;
    let ec2 = match &billing.ec2_linux {
        Some(rule) => {
            let since_text = rule.since.clone().unwrap_or_else(|| "unknown".to_owned());
            let per_second = Date::parse(&since_text).is_ok_and(|since| date >= since);
            if per_second {
                Sourced::new(Ec2BillingRule::PerSecond, rule.sources.clone(), since_text).with_note(format!(
                    "Linux per second with a {EC2_MINIMUM_BILLED_SECONDS} s minimum per run; Windows and RHEL/SUSE stayed hourly in 2017"
                ))
            } else {
                Sourced::new(
                    Ec2BillingRule::PerHour,
                    rule.sources.clone(),
                    since_text.clone(),
                )
                .with_note(format!(
                    "before {since_text} EC2 billed each started instance-hour in full"
                ))
            }
        }
        None => Sourced::new(Ec2BillingRule::PerSecond, Vec::new(), "unknown")
            .with_note("the catalog has no EC2 billing rule; per-second billing assumed"),
    };
    let fargate_minimum_seconds = match &billing.fargate {
        Some(rule) => Sourced::new(
            rule.minimum_seconds
                .unwrap_or(FARGATE_MINIMUM_BILLED_SECONDS),
            rule.sources.clone(),
            rule.since.clone().unwrap_or_else(|| "unknown".to_owned()),
        ),
        None => Sourced::new(FARGATE_MINIMUM_BILLED_SECONDS, Vec::new(), "unknown"),
    };
    BillingRules {
        ec2,
        fargate_minimum_seconds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(region: &str, date: &str) -> PriceBook {
        Catalog::embedded().price_book(region, date).unwrap()
    }

    fn assert_price(price: Result<&Sourced<f64>, PricingError>, expected: f64) {
        match price {
            Ok(price) => assert!(
                (price.value - expected).abs() < 1e-12,
                "got {price}, expected {expected}"
            ),
            Err(error) => panic!("expected {expected}, got error: {error}"),
        }
    }

    #[test]
    fn m4_large_today_in_us_east_1() {
        let book = book("us-east-1", "today");
        let price = book.ec2_on_demand_hour("m4.large").unwrap();
        assert_eq!(price.value, 0.10);
        assert_eq!(
            price.citation(),
            "source: karpenter-pricing-2026-07, as of 2026-07-20"
        );
        assert_eq!(book.date().full(), "2026-11-29");
        assert_eq!(
            book.notes(),
            ["`today` means the catalog's compiled date, 2026-11-29"]
        );
    }

    #[test]
    fn m4_large_history() {
        // from_snapshot dates: 0.126 (2015-06-12), 0.120 (2016-01-13), 0.108 (2016-12-10), 0.100 (2017-05-19).
        assert_price(
            book("us-east-1", "2015-07").ec2_on_demand_hour("m4.large"),
            0.126,
        );
        assert_price(
            book("us-east-1", "2016-06").ec2_on_demand_hour("m4.large"),
            0.120,
        );
        assert_price(
            book("us-east-1", "2017-05-18").ec2_on_demand_hour("m4.large"),
            0.108,
        );
        assert_price(
            book("us-east-1", "2017-05-19").ec2_on_demand_hour("m4.large"),
            0.100,
        );
        assert_price(
            book("ap-northeast-1", "2017-01").ec2_on_demand_hour("m4.large"),
            0.139,
        );
        let in_history = book("us-east-1", "2016-06");
        let price = in_history.ec2_on_demand_hour("m4.large").unwrap();
        assert_eq!(
            price.citation(),
            "source: ec2instances-history, as of 2016-01-13"
        );
        assert!(
            price.notes[0]
                .contains("the next price, 0.108, was first seen in the snapshot of 2016-12-10"),
            "{:?}",
            price.notes
        );
        // 2017-12 is after the last history entry: the current price, cited with the history.
        let december = book("us-east-1", "2017-12");
        let price = december.ec2_on_demand_hour("m4.large").unwrap();
        assert_eq!(price.value, 0.100);
        assert_eq!(
            price.source_ids,
            ["ec2instances-history", "karpenter-pricing-2026-07"]
        );
        assert_eq!(price.as_of, "2017-05-19");
    }

    #[test]
    fn before_the_earliest_snapshot_uses_the_earliest_price() {
        // t2.medium: 0.047 first seen 2017-08-16; pricing-limits.md says 0.047 "until August 2017".
        let price = book("us-east-1", "2017-05")
            .ec2_on_demand_hour("t2.medium")
            .unwrap()
            .clone();
        assert_eq!(price.value, 0.047);
        assert!(price.notes[0].contains("predates"), "{:?}", price.notes);
    }

    #[test]
    fn no_history_uses_the_current_price_with_a_note() {
        let book = book("us-east-1", "2017-12");
        let price = book.ec2_on_demand_hour("m5.large").unwrap();
        assert_eq!(price.value, 0.096);
        assert!(
            price
                .notes
                .iter()
                .any(|note| note.contains("no us-east-1 price history")),
            "{:?}",
            price.notes
        );
        // c5 was not in Tokyo at the 2017-11-12 snapshot; the current Tokyo price is used and the gap noted.
        let tokyo = Catalog::embedded()
            .price_book("ap-northeast-1", "2017-12")
            .unwrap();
        let c5 = tokyo.ec2_on_demand_hour("c5.large").unwrap();
        assert_eq!(c5.value, 0.107);
        assert!(
            c5.notes
                .iter()
                .any(|note| note.contains("snapshot of 2017-11-12 has no ap-northeast-1 price"))
        );
    }

    #[test]
    fn null_prices_are_errors_with_the_derived_estimate() {
        let tokyo = book("ap-northeast-1", "today");
        let error = tokyo.ec2_on_demand_hour("r5.xlarge").unwrap_err();
        assert!(matches!(error, PricingError::PriceUnavailable { .. }));
        let message = error.to_string();
        assert!(
            message.contains("EC2 r5.xlarge on-demand hourly price in ap-northeast-1"),
            "{message}"
        );
        assert!(message.contains("0.304"), "{message}");
        assert!(tokyo.ec2_on_demand_hour("m6g.large").is_err());
    }

    #[test]
    fn unknown_type_and_region_suggest() {
        let error = book("us-east-1", "today")
            .ec2_on_demand_hour("m5.lrage")
            .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("unknown instance type `m5.lrage`; did you mean `m5.large`?")
        );
        let error = Catalog::embedded()
            .price_book("us-east1", "today")
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown region `us-east1`; did you mean `us-east-1`? (known regions: ap-northeast-1, us-east-1)"
        );
        let error = Catalog::embedded()
            .price_book("eu-west-1", "today")
            .unwrap_err();
        assert!(
            matches!(
                &error,
                PricingError::UnknownRegion {
                    suggestion: None,
                    ..
                }
            ),
            "{error}"
        );
    }

    #[test]
    fn bad_dates_name_the_value() {
        let error = Catalog::embedded()
            .price_book("us-east-1", "2017/12")
            .unwrap_err();
        assert!(
            error.to_string().starts_with("invalid date `2017/12`"),
            "{error}"
        );
        assert!(
            Catalog::embedded()
                .price_book("us-east-1", "2017-02-29")
                .is_err()
        );
    }

    #[test]
    fn fargate_x86_prices_by_date() {
        let launch = book("us-east-1", "2017-12");
        assert_price(launch.fargate_vcpu_hour(CpuArchitecture::X86_64), 0.0506);
        assert_price(launch.fargate_gb_hour(CpuArchitecture::X86_64), 0.0127);
        assert_eq!(
            launch
                .fargate_vcpu_hour(CpuArchitecture::X86_64)
                .unwrap()
                .citation(),
            "source: fargate-pricing-jp-2018, as of 2017-11-29..2019-01-06"
        );
        let later = book("us-east-1", "2026-11");
        assert_price(later.fargate_vcpu_hour(CpuArchitecture::X86_64), 0.04048);
        assert_price(later.fargate_gb_hour(CpuArchitecture::X86_64), 0.004445);
        // The January 2019 cut: last launch-price day and first cut day.
        assert_price(
            book("us-east-1", "2019-01-06").fargate_gb_hour(CpuArchitecture::X86_64),
            0.0127,
        );
        assert_price(
            book("us-east-1", "2019-01-07").fargate_gb_hour(CpuArchitecture::X86_64),
            0.004445,
        );
        let tokyo = book("ap-northeast-1", "2018-08");
        assert_price(tokyo.fargate_vcpu_hour(CpuArchitecture::X86_64), 0.0632);
        assert_price(tokyo.fargate_gb_hour(CpuArchitecture::X86_64), 0.0158);
        let tokyo_now = book("ap-northeast-1", "latest");
        assert_price(
            tokyo_now.fargate_vcpu_hour(CpuArchitecture::X86_64),
            0.05056,
        );
        assert_price(tokyo_now.fargate_gb_hour(CpuArchitecture::X86_64), 0.00553);
    }

    #[test]
    fn fargate_before_it_existed_is_an_error_that_says_so() {
        let error = book("ap-northeast-1", "2017-12")
            .fargate_vcpu_hour(CpuArchitecture::X86_64)
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "Fargate in ap-northeast-1 did not exist yet on 2017-12: it is available from 2018-07 \
             (source: fargate-pricing-jp-2018, ecs-devguide-history); set a price override to model it anyway"
        );
        let error = book("us-east-1", "2017-11-28")
            .fargate_gb_hour(CpuArchitecture::X86_64)
            .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("Fargate in us-east-1 did not exist yet on 2017-11-28"),
            "{error}"
        );
        // A month-only date is the first of the month: 2017-11 is before the 2017-11-29 launch.
        assert!(
            book("us-east-1", "2017-11")
                .fargate_vcpu_hour(CpuArchitecture::X86_64)
                .is_err()
        );
        assert!(
            book("us-east-1", "2017-11-29")
                .fargate_vcpu_hour(CpuArchitecture::X86_64)
                .is_ok()
        );
    }

    #[test]
    fn fargate_arm_from_2021_11_23() {
        let error = book("us-east-1", "2021-11-22")
            .fargate_vcpu_hour(CpuArchitecture::Arm64)
            .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("Fargate ARM64 did not exist yet on 2021-11-22"),
            "{error}"
        );
        let arm = book("us-east-1", "2021-11-23");
        assert_price(arm.fargate_vcpu_hour(CpuArchitecture::Arm64), 0.03238);
        assert_price(arm.fargate_gb_hour(CpuArchitecture::Arm64), 0.00356);
        // Tokyo ARM is null in the catalog; the error carries the unconfirmed ×0.8 estimate.
        let error = book("ap-northeast-1", "today")
            .fargate_vcpu_hour(CpuArchitecture::Arm64)
            .unwrap_err();
        assert!(error.to_string().contains("0.040448"), "{error}");
        // Before Fargate existed in Tokyo at all, that is the error for ARM too.
        let error = book("ap-northeast-1", "2018-01")
            .fargate_gb_hour(CpuArchitecture::Arm64)
            .unwrap_err();
        assert!(
            error.to_string().starts_with("Fargate in ap-northeast-1"),
            "{error}"
        );
    }

    #[test]
    fn fargate_spot() {
        let now = book("us-east-1", "today");
        assert_price(now.fargate_spot_discount(), 0.70);
        let observed = now.fargate_spot_observed().unwrap();
        assert_eq!(observed.discount_vs_on_demand.value, 0.688);
        assert_eq!(
            observed.discount_vs_on_demand.citation(),
            "source: fgcalc-2021, as of 2021-01"
        );
        assert_eq!(
            book("ap-northeast-1", "today")
                .fargate_spot_observed()
                .unwrap()
                .discount_vs_on_demand
                .value,
            0.608
        );
        let error = book("us-east-1", "2017-12")
            .fargate_spot_discount()
            .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("Fargate Spot did not exist yet on 2017-12"),
            "{error}"
        );
    }

    #[test]
    fn ec2_spot_savings() {
        let book = book("us-east-1", "today");
        let savings = book.ec2_spot_savings_percent("m4.large").unwrap();
        assert_eq!(savings.value, 52.0);
        assert_eq!(savings.as_of, "2025-06-28");
        assert!(book.ec2_spot_savings_percent("m4.lrage").is_err());
    }

    #[test]
    fn alb_and_ipv4() {
        let now = book("us-east-1", "today");
        assert_price(now.alb_hour(), 0.0225);
        assert_price(now.alb_lcu_hour(), 0.008);
        assert_price(Ok(now.public_ipv4_hour()), 0.005);
        let tokyo = book("ap-northeast-1", "today");
        assert_price(tokyo.alb_hour(), 0.0243);
        let error = tokyo.alb_lcu_hour().unwrap_err();
        assert!(
            error
                .to_string()
                .contains("other regions in the catalog: us-east-1 0.008"),
            "{error}"
        );
        assert_price(Ok(book("us-east-1", "2024-01-31").public_ipv4_hour()), 0.0);
        assert_price(
            Ok(book("us-east-1", "2024-02-01").public_ipv4_hour()),
            0.005,
        );
    }

    #[test]
    fn billing_rule_by_date() {
        assert_eq!(
            book("us-east-1", "2017-09").billing().ec2.value,
            Ec2BillingRule::PerHour
        );
        assert_eq!(
            book("us-east-1", "2017-10-01").billing().ec2.value,
            Ec2BillingRule::PerHour
        );
        assert_eq!(
            book("us-east-1", "2017-10-02").billing().ec2.value,
            Ec2BillingRule::PerSecond
        );
        assert_eq!(
            book("us-east-1", "2017-12").billing().ec2.value,
            Ec2BillingRule::PerSecond
        );
        assert_eq!(
            book("us-east-1", "today")
                .billing()
                .fargate_minimum_seconds
                .value,
            60
        );
    }

    #[test]
    fn catalog_billing_agrees_with_the_constants() {
        let billing = &Catalog::embedded().raw.billing;
        let ec2 = billing.ec2_linux.as_ref().unwrap();
        assert_eq!(ec2.minimum_seconds, Some(EC2_MINIMUM_BILLED_SECONDS));
        assert_eq!(ec2.since.as_deref(), Some("2017-10-02"));
        let fargate = billing.fargate.as_ref().unwrap();
        assert_eq!(
            fargate.minimum_seconds,
            Some(FARGATE_MINIMUM_BILLED_SECONDS)
        );
    }

    #[test]
    fn every_price_cites_catalog_sources() {
        let catalog = Catalog::embedded();
        for region in catalog.regions() {
            for date in ["2017-12", "2019-06", "today"] {
                let book = catalog.price_book(region, date).unwrap();
                let mut prices: Vec<&Sourced<f64>> = Vec::new();
                prices.extend(
                    book.instance_types()
                        .filter_map(|name| book.ec2_on_demand_hour(name).ok()),
                );
                prices.extend(
                    book.instance_types()
                        .filter_map(|name| book.ec2_spot_savings_percent(name).ok()),
                );
                for arch in [CpuArchitecture::X86_64, CpuArchitecture::Arm64] {
                    prices.extend(book.fargate_vcpu_hour(arch).ok());
                    prices.extend(book.fargate_gb_hour(arch).ok());
                }
                prices.extend(book.alb_hour().ok());
                prices.push(book.public_ipv4_hour());
                for price in prices {
                    assert!(!price.source_ids.is_empty(), "{region} {date}: {price}");
                    for id in &price.source_ids {
                        assert!(
                            catalog.source(id).is_some(),
                            "{region} {date}: unknown source `{id}`"
                        );
                    }
                }
            }
        }
    }
}
