//! Which Fargate prices apply in a region on a date, and whether Fargate existed there yet.
//!
//! The catalog's Fargate `history` entries have explicit `from`/`to` days (`to: null` = still in
//! force); a month-only `from` is the first of that month and a month-only `to` the last. Fargate
//! exists in a region from its earliest x86 entry (us-east-1 2017-11-29, Tokyo 2018-07), ARM64
//! from the earliest ARM entry (2021-11-23; regions without one use the earliest anywhere), and
//! Fargate Spot from `fargate_spot.launched` (2019-12-03).

use crate::catalog::{RawCatalog, RawFargateHistory, RawFargateRegion};
use crate::date::Date;
use crate::error::PricingError;
use crate::instance_type::CpuArchitecture;
use crate::price_book::FargateSpotSnapshot;
use crate::sourced::Sourced;

type Price = Result<Sourced<f64>, PricingError>;

/// On-demand (per vCPU-hour, per GB-hour) prices for one architecture.
pub(super) fn on_demand(
    raw: &RawCatalog,
    region: &str,
    arch: CpuArchitecture,
    date: Date,
) -> (Price, Price) {
    let fargate = match available(raw, region, arch, date) {
        Ok(fargate) => fargate,
        Err(error) => return (Err(error.clone()), Err(error)),
    };
    let name = |unit: &str| format!("Fargate {} per-{unit} price", arch.ecs_name());
    let covering = fargate
        .history
        .iter()
        .filter(|entry| entry.is_arch(arch))
        .find(|entry| covers(entry, date));
    if let Some(entry) = covering {
        let as_of = match &entry.to {
            Some(to) => format!("{}..{to}", entry.from),
            None => fargate.as_of.clone().unwrap_or_else(|| entry.from.clone()),
        };
        let sourced = |value: Option<f64>, unit: &str| -> Price {
            let value = value.ok_or_else(|| unavailable(&name(unit), region, None))?;
            let mut price = Sourced::new(value, entry.sources.clone(), as_of.clone());
            if let Some(note) = &entry.note {
                price = price.with_note(note.clone());
            }
            Ok(price)
        };
        let mut gb = sourced(entry.gb_hour, "GB-hour");
        if let (Ok(price), None, Some(note)) = (&mut gb, &entry.to, &fargate.note_gb_hour) {
            price.notes.push(note.clone());
        }
        return (sourced(entry.vcpu_hour, "vCPU-hour"), gb);
    }
    // No history entry covers the date: the current price, if the catalog confirms one.
    let current = fargate.arch(arch);
    let as_of = fargate
        .as_of
        .clone()
        .unwrap_or_else(|| "unknown".to_owned());
    let derived = current.derived_estimate.as_ref();
    let method = derived
        .and_then(|derived| derived.method.clone())
        .unwrap_or_default();
    let sourced = |value: Option<f64>, estimate: Option<f64>, unit: &str| -> Price {
        match value {
            Some(value) => Ok(Sourced::new(value, fargate.sources.clone(), as_of.clone())
                .with_note(format!(
                    "no {region} price history entry covers {date}; the current price is used"
                ))),
            None => Err(unavailable(
                &name(unit),
                region,
                estimate.map(|estimate| {
                    format!("the catalog's unconfirmed derived estimate is {estimate} ({method})")
                }),
            )),
        }
    };
    (
        sourced(
            current.vcpu_hour,
            derived.and_then(|derived| derived.vcpu_hour),
            "vCPU-hour",
        ),
        sourced(
            current.gb_hour,
            derived.and_then(|derived| derived.gb_hour),
            "GB-hour",
        ),
    )
}

/// Ephemeral storage above 20 GiB, per GB-hour (the catalog has only a current price).
pub(super) fn ephemeral_storage(raw: &RawCatalog, region: &str, date: Date) -> Price {
    let fargate = available(raw, region, CpuArchitecture::X86_64, date)?;
    let value = fargate
        .ephemeral_storage_gb_hour_above_20gb
        .ok_or_else(|| unavailable("Fargate ephemeral storage price", region, None))?;
    let as_of = fargate
        .as_of
        .clone()
        .unwrap_or_else(|| "unknown".to_owned());
    let mut price = Sourced::new(value, fargate.sources.clone(), as_of).with_note(
        "configurable above the included 20 GiB only on platform 1.4.0+ (docs from 2021-05); no price history",
    );
    if let Some(confidence) = &fargate.ephemeral_storage_confidence {
        price = price.with_note(format!("confidence: {confidence}"));
    }
    Ok(price)
}

/// The advertised Fargate Spot discount, once Fargate Spot exists.
pub(super) fn spot_discount(raw: &RawCatalog, region: &str, date: Date, compiled: Date) -> Price {
    available(raw, region, CpuArchitecture::X86_64, date)?;
    let spot = &raw.fargate_spot;
    if let Some(launched) = &spot.launched
        && Date::parse(launched).is_ok_and(|launched| date < launched)
    {
        return Err(PricingError::NotYetAvailable {
            what: "Fargate Spot".to_owned(),
            date: date.to_string(),
            available_from: launched.clone(),
            source_ids: vec!["ecs-devguide-history".to_owned()],
        });
    }
    let value = raw
        .fargate_spot_discount
        .ok_or_else(|| unavailable("Fargate Spot discount", region, None))?;
    let mut price = Sourced::new(value, spot.sources.clone(), compiled.to_string()).with_note(
        "the advertised maximum (\"up to 70%\"); the real Spot price floats; Linux x86_64 only",
    );
    if let Some(meaning) = &spot.discount_meaning {
        price = price.with_note(meaning.clone());
    }
    Ok(price)
}

/// The region's observed Spot snapshot, if it has a discount figure.
pub(super) fn spot_observed(raw: &RawCatalog, region: &str) -> Option<FargateSpotSnapshot> {
    let snapshot = raw.fargate.get(region)?.spot_snapshot.as_ref()?;
    let discount = snapshot.discount_vs_on_demand?;
    let as_of = snapshot
        .date
        .clone()
        .unwrap_or_else(|| "unknown".to_owned());
    Some(FargateSpotSnapshot {
        vcpu_hour: snapshot.vcpu_hour,
        gb_hour: snapshot.gb_hour,
        discount_vs_on_demand: Sourced::new(discount, snapshot.sources.clone(), as_of)
            .with_note("one observed sample; Fargate Spot prices float"),
    })
}

/// The region's Fargate data, or why Fargate (for this architecture) did not exist on `date`.
fn available<'a>(
    raw: &'a RawCatalog,
    region: &str,
    arch: CpuArchitecture,
    date: Date,
) -> Result<&'a RawFargateRegion, PricingError> {
    let fargate = raw.fargate.get(region).ok_or_else(|| {
        unavailable(
            "Fargate price",
            region,
            Some("the catalog has no Fargate prices for this region".to_owned()),
        )
    })?;
    if let Some(launch) = earliest(fargate.history.iter(), CpuArchitecture::X86_64)
        && date < start(launch)
    {
        return Err(not_yet(format!("Fargate in {region}"), date, launch));
    }
    if arch == CpuArchitecture::Arm64 {
        let here = earliest(fargate.history.iter(), arch);
        let anywhere = earliest(
            raw.fargate.values().flat_map(|other| other.history.iter()),
            arch,
        );
        if let Some(arm) = here.or(anywhere)
            && date < start(arm)
        {
            return Err(not_yet("Fargate ARM64".to_owned(), date, arm));
        }
    }
    Ok(fargate)
}

fn earliest<'a>(
    entries: impl Iterator<Item = &'a RawFargateHistory>,
    arch: CpuArchitecture,
) -> Option<&'a RawFargateHistory> {
    entries
        .filter(|entry| entry.is_arch(arch) && Date::parse(&entry.from).is_ok())
        .min_by_key(|entry| start(entry))
}

/// First day of an entry; entries with an unparseable `from` are filtered out before this matters.
fn start(entry: &RawFargateHistory) -> Date {
    Date::parse(&entry.from).unwrap_or(Date::MAX)
}

fn covers(entry: &RawFargateHistory, date: Date) -> bool {
    let Ok(from) = Date::parse(&entry.from) else {
        return false;
    };
    let to_ok = match &entry.to {
        Some(to) => Date::parse_period_end(to).is_ok_and(|to| date <= to),
        None => true,
    };
    from <= date && to_ok
}

fn not_yet(what: String, date: Date, entry: &RawFargateHistory) -> PricingError {
    PricingError::NotYetAvailable {
        what,
        date: date.to_string(),
        available_from: entry.from.clone(),
        source_ids: entry.sources.clone(),
    }
}

fn unavailable(what: &str, region: &str, detail: Option<String>) -> PricingError {
    PricingError::PriceUnavailable {
        what: what.to_owned(),
        region: region.to_owned(),
        detail,
    }
}
