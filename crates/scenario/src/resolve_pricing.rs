//! The scenario's price inputs: `region`, `pricingDate` and `priceOverrides`, checked against the
//! pricing catalog and resolved to one [`PriceBook`] that instance prices and cost reports use.

use pricing::{Catalog, Date, PriceBook, PriceOverrides, PricingError};

use crate::error::Problem;
use crate::format;
use crate::path::Loc;

/// The region when the scenario names none.
pub const DEFAULT_REGION: &str = "us-east-1";

/// The pricing date when the scenario names none: the catalog's compiled date, never the clock.
pub const DEFAULT_PRICING_DATE: &str = "today";

/// The prices a run is costed at.
#[derive(Debug, Clone)]
pub struct Pricing {
    /// AWS region, e.g. `us-east-1`.
    pub region: String,
    /// The date as written in the scenario (`2017-12`, `2017-12-12`, `today`).
    pub date: String,
    /// The scenario's overrides (empty when it sets none).
    pub overrides: PriceOverrides,
    /// The catalog's prices for `region` on `date` with `overrides` applied.
    pub book: PriceBook,
    /// Caveats a cost report should repeat, e.g. an instance type without a confirmed price
    /// (its instances are costed at 0 USD).
    pub warnings: Vec<String>,
}

/// Resolves and checks the scenario's price inputs.
pub fn pricing(sc: &format::Scenario, catalog: &Catalog) -> Result<Pricing, Problem> {
    let root = Loc::ROOT;
    let region = sc
        .region
        .clone()
        .unwrap_or_else(|| DEFAULT_REGION.to_owned());
    let date = sc
        .pricing_date
        .clone()
        .unwrap_or_else(|| DEFAULT_PRICING_DATE.to_owned());
    let overrides = sc.price_overrides.clone().unwrap_or_default();

    let book = catalog
        .price_book(&region, &date)
        .map_err(|error| match error {
            PricingError::UnknownRegion { ref known, .. } => {
                Problem::new(&root.key("region"), error.to_string()).hint(format!(
                    "the price catalog covers {}; prices of another region can be set with priceOverrides",
                    known.join(" and ")
                ))
            }
            other => Problem::new(&root.key("pricingDate"), other.to_string())
                .hint("write \"YYYY-MM\" (the first of the month), \"YYYY-MM-DD\" or \"today\""),
        })?;
    if let Some((earliest, source)) = earliest_evidence(catalog)
        && book.date() < earliest
    {
        return Err(Problem::new(
            &root.key("pricingDate"),
            format!(
                "{date} is before the price catalog's earliest evidence ({}, source {source})",
                earliest.full()
            ),
        )
        .hint(format!(
            "use a date from {} on, or \"today\"; ECS itself became generally available in April 2015",
            earliest.full()
        )));
    }
    let book = book
        .with_overrides(&overrides)
        .map_err(|error| override_problem(&root.key("priceOverrides"), error))?;
    Ok(Pricing {
        region,
        date,
        overrides,
        book,
        warnings: Vec::new(),
    })
}

/// The on-demand hourly USD of an instance type in the book; a type without a confirmed price
/// (a catalog `null`) costs 0 and leaves a warning naming the override that would fix it.
pub fn instance_hourly_usd(pricing: &mut Pricing, instance_type: &str) -> f64 {
    match pricing.book.ec2_on_demand_hour(instance_type) {
        Ok(price) => price.value,
        Err(error) => {
            let warning = format!(
                "{instance_type} instances are costed at 0 USD: {error} (priceOverrides.ec2OnDemandHour)"
            );
            if !pricing.warnings.contains(&warning) {
                pricing.warnings.push(warning);
            }
            0.0
        }
    }
}

/// The earliest dated source in the catalog (its sources' `date` fields, `from..to` ranges read
/// from their start), with its id.
fn earliest_evidence(catalog: &Catalog) -> Option<(Date, String)> {
    catalog
        .sources()
        .iter()
        .filter_map(|source| {
            let text = source.date.as_deref()?;
            let start = text.split("..").next()?.trim();
            Some((Date::parse(start).ok()?, source.id.clone()))
        })
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)))
}

/// Locates an override error at its field: `ec2OnDemandHour[m4.large]` →
/// `priceOverrides.ec2OnDemandHour.m4.large` (one key).
fn override_problem(base: &Loc, error: PricingError) -> Problem {
    let message = error.to_string();
    match &error {
        PricingError::InvalidOverride { field, .. } => match field.split_once('[') {
            Some((map, rest)) => {
                Problem::new(&base.key(map).key(rest.trim_end_matches(']')), message)
            }
            None => Problem::new(&base.key(field), message),
        },
        _ => Problem::new(base, message),
    }
    .hint(
        "prices are USD per hour, Spot savings a percent (0–100), the Fargate Spot discount a fraction (0–1); see docs/scenario-format.md",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_earliest_evidence_is_the_2015_ec2_history() {
        let (date, source) = earliest_evidence(Catalog::embedded()).unwrap();
        assert_eq!(date.full(), "2015-06-12");
        assert_eq!(source, "ec2instances-history");
    }

    #[test]
    fn override_errors_point_at_the_map_entry() {
        let error = PricingError::InvalidOverride {
            field: "ec2OnDemandHour[m4.lrage]".into(),
            reason: "unknown instance type `m4.lrage`".into(),
        };
        let problem = override_problem(&Loc::ROOT.key("priceOverrides"), error);
        assert_eq!(
            problem.path.to_string(),
            "priceOverrides.ec2OnDemandHour.m4.lrage"
        );
    }

    /// A one-instance scenario with extra top-level fields.
    fn scenario(extra: &str) -> String {
        format!(
            "{{\n  \"name\": \"p\",\n  \"durationSeconds\": 60,\n{extra}\n  \"cluster\": {{\"clusterName\": \"c\", \"containerInstances\": [{{\"instanceType\": \"m4.large\"}}]}},\n  \"taskDefinitions\": [],\n  \"services\": []\n}}"
        )
    }

    fn error(extra: &str) -> crate::ScenarioError {
        *crate::parse("p.json", &scenario(extra)).unwrap_err()
    }

    #[test]
    fn defaults_are_us_east_1_today() {
        let resolved = crate::parse("p.json", &scenario("")).unwrap();
        let p = &resolved.pricing;
        assert_eq!((p.region.as_str(), p.date.as_str()), ("us-east-1", "today"));
        assert_eq!(p.book.date().full(), "2026-11-29");
        assert_eq!(resolved.config.instances[0].spec.hourly_usd, 0.10);
    }

    #[test]
    fn the_pricing_date_sets_the_instance_price_and_the_billing_rule() {
        let resolved = crate::parse(
            "p.json",
            &scenario("  \"pricingDate\": \"2017-09\",").replace("m4.large", "t2.medium"),
        )
        .unwrap();
        // t2.medium us-east-1: 0.047 USD/h until August 2017 (ec2instances.info history).
        assert_eq!(resolved.config.instances[0].spec.hourly_usd, 0.047);
        assert_eq!(
            resolved.pricing.book.billing().ec2.value,
            pricing::Ec2BillingRule::PerHour
        );
    }

    #[test]
    fn an_unknown_region_is_located_with_a_suggestion() {
        let e = error("  \"region\": \"us-east1\",");
        assert_eq!(e.path.to_string(), "region");
        assert_eq!((e.line, e.column), (4, 13));
        assert!(e.message.contains("did you mean `us-east-1`?"), "{e}");
        assert!(e.hint.unwrap().contains("ap-northeast-1"));
    }

    #[test]
    fn bad_and_too_early_dates_are_located() {
        let e = error("  \"pricingDate\": \"2017/12\",");
        assert_eq!(e.path.to_string(), "pricingDate");
        assert!(e.message.starts_with("invalid date `2017/12`"), "{e}");
        let e = error("  \"pricingDate\": \"2014-01\",");
        assert_eq!(e.path.to_string(), "pricingDate");
        assert!(
            e.message
                .contains("before the price catalog's earliest evidence (2015-06-12"),
            "{e}"
        );
        // The earliest evidence itself is accepted.
        assert!(crate::parse("p.json", &scenario("  \"pricingDate\": \"2015-06-12\",")).is_ok());
    }

    #[test]
    fn bad_overrides_are_located_at_their_field() {
        let e = error("  \"priceOverrides\": {\"ec2OnDemandHour\": {\"m4.lrage\": 0.1}},");
        assert_eq!(
            e.path.to_string(),
            "priceOverrides.ec2OnDemandHour.m4.lrage"
        );
        assert!(e.message.contains("did you mean `m4.large`?"), "{e}");
        let e = error("  \"priceOverrides\": {\"albHour\": -1},");
        assert_eq!(e.path.to_string(), "priceOverrides.albHour");
        assert!(e.message.contains("must not be negative"), "{e}");
        // Unknown fields are rejected by serde, with the path.
        let e = error("  \"priceOverrides\": {\"fargateVcpuHr\": 0.05},");
        assert_eq!(e.path.to_string(), "priceOverrides.fargateVcpuHr");
        assert!(e.hint.unwrap().contains("fargateVcpuHour"));
    }
}
