//! Which EC2 on-demand price and Spot savings figure apply in a region on a date.
//!
//! The rule for `price_history` is documented on `PriceBook::ec2_on_demand_hour`.

use crate::catalog::{RawEc2, RawEc2Spot};
use crate::date::Date;
use crate::error::PricingError;
use crate::sourced::Sourced;

/// Source id for every `price_history` entry (ec2instances.info snapshots, 2015-06..2017-11).
const HISTORY_SOURCE: &str = "ec2instances-history";

/// One dated price from `price_history`, for the region.
struct Snapshot<'a> {
    from: Date,
    from_text: &'a str,
    price: f64,
}

pub(super) fn on_demand(
    ec2: &RawEc2,
    name: &str,
    region: &str,
    date: Date,
) -> Result<Sourced<f64>, PricingError> {
    let mut history: Vec<Snapshot<'_>> = ec2
        .price_history
        .iter()
        .filter_map(|entry| {
            let from = Date::parse(&entry.from_snapshot).ok()?;
            let price = (*entry.prices.get(region)?)?;
            Some(Snapshot {
                from,
                from_text: &entry.from_snapshot,
                price,
            })
        })
        .collect();
    history.sort_by_key(|snapshot| snapshot.from);
    // Snapshots on or before the date where the region's price is null: the type was not offered
    // there yet, or the snapshot did not record it. Worth a note whatever price is chosen.
    let gaps: Vec<String> = ec2
        .price_history
        .iter()
        .filter(|entry| matches!(entry.prices.get(region), Some(None)))
        .filter(|entry| Date::parse(&entry.from_snapshot).is_ok_and(|from| from <= date))
        .map(|entry| {
            format!(
                "the ec2instances.info snapshot of {} has no {region} price for {name} (not offered there then, or not recorded)",
                entry.from_snapshot
            )
        })
        .collect();
    let mut price = choose(ec2, name, region, date, &history)?;
    price.notes.extend(gaps);
    if let Some(Some(confidence)) = ec2.price_confidence.get(region)
        && !price.source_ids.iter().all(|id| id == HISTORY_SOURCE)
    {
        price.notes.push(format!("confidence: {confidence}"));
    }
    Ok(price)
}

fn choose(
    ec2: &RawEc2,
    name: &str,
    region: &str,
    date: Date,
    history: &[Snapshot<'_>],
) -> Result<Sourced<f64>, PricingError> {
    // Dates before the last history snapshot: the history decides.
    if let Some(last) = history.last()
        && date < last.from
        && let Some(price) = from_history(name, region, date, history)
    {
        return Ok(price);
    }
    let current = ec2.price_hour.get(region).copied().flatten();
    let as_of_text = ec2
        .price_as_of
        .get(region)
        .cloned()
        .flatten()
        .unwrap_or_else(|| "unknown".to_owned());
    let as_of = Date::parse(&as_of_text).ok();
    let before_current = as_of.is_none_or(|as_of| date < as_of);
    let sources = ec2.price_sources.get(region).cloned().unwrap_or_default();
    match (current, history.last()) {
        (Some(current), Some(last)) if before_current && (last.price - current).abs() > 1e-9 => {
            Ok(Sourced::new(last.price, vec![HISTORY_SOURCE.to_owned()], last.from_text).with_note(format!(
                "the price changed to {current} at an unknown date between {} and {as_of_text}",
                last.from_text
            )))
        }
        (Some(current), Some(last)) if before_current => {
            let mut source_ids = vec![HISTORY_SOURCE.to_owned()];
            source_ids.extend(sources);
            Ok(Sourced::new(current, source_ids, last.from_text)
                .with_note(format!("first seen in the snapshot of {}; unchanged as of {as_of_text}", last.from_text)))
        }
        (Some(current), None) if before_current => {
            Ok(Sourced::new(current, sources, as_of_text.clone()).with_note(format!(
                "the catalog has no {region} price history for {name}; the price as of {as_of_text} is used for {date}"
            )))
        }
        (Some(current), _) => Ok(Sourced::new(current, sources, as_of_text)),
        (None, Some(last)) => {
            Ok(Sourced::new(last.price, vec![HISTORY_SOURCE.to_owned()], last.from_text).with_note(format!(
                "no current {region} price is confirmed; the last known price (snapshot of {}) is used",
                last.from_text
            )))
        }
        (None, None) => {
            let detail = ec2.price_hour_derived.get(region).and_then(|derived| {
                let value = derived.value?;
                let method = derived.method.as_deref().unwrap_or("method not given");
                Some(format!("the catalog's unconfirmed derived estimate is {value} ({method})"))
            });
            Err(PricingError::PriceUnavailable {
                what: format!("EC2 {name} on-demand hourly price"),
                region: region.to_owned(),
                detail,
            })
        }
    }
}

/// The price for a date before the last snapshot (`None` only when `history` is empty).
fn from_history(
    name: &str,
    region: &str,
    date: Date,
    history: &[Snapshot<'_>],
) -> Option<Sourced<f64>> {
    let sourced = |snapshot: &Snapshot<'_>| {
        Sourced::new(
            snapshot.price,
            vec![HISTORY_SOURCE.to_owned()],
            snapshot.from_text,
        )
    };
    let Some((index, snapshot)) = history
        .iter()
        .enumerate()
        .rev()
        .find(|(_, snapshot)| snapshot.from <= date)
    else {
        let earliest = history.first()?;
        return Some(sourced(earliest).with_note(format!(
            "{date} predates the catalog's earliest {region} price for {name} (snapshot of {}); that earliest known \
             price is used, and the type may not have been offered yet",
            earliest.from_text
        )));
    };
    let mut price = sourced(snapshot);
    if let Some(next) = history.get(index + 1) {
        price = price.with_note(format!(
            "the next price, {}, was first seen in the snapshot of {} and took effect at an unknown \
             date before it; this crate assumes it took effect on that date",
            next.price, next.from_text
        ));
    }
    Some(price)
}

pub(super) fn spot_savings_percent(
    spot: &RawEc2Spot,
    ec2: &RawEc2,
    name: &str,
    region: &str,
) -> Result<Sourced<f64>, PricingError> {
    let as_of = spot.as_of.clone().unwrap_or_else(|| "unknown".to_owned());
    if let Some(Some(percent)) = ec2.spot_savings_pct_vs_od.get(region) {
        let mut savings = Sourced::new(*percent, spot.sources.clone(), as_of).with_note(
            "AWS Spot Instance Advisor average savings vs on-demand; real Spot prices float",
        );
        if let Some(Some(bucket)) = ec2.spot_interrupt_bucket.get(region) {
            savings = savings.with_note(format!("interruption frequency {bucket}"));
        }
        return Ok(savings);
    }
    match spot.typical_savings_pct_range_for_catalog_types.as_deref() {
        Some([low, high]) => Ok(Sourced::new((low + high) / 2.0, spot.sources.clone(), as_of).with_note(format!(
            "no savings figure for {name} in {region}; the midpoint of the catalog's typical range {low}-{high} % is used"
        ))),
        _ => Err(PricingError::PriceUnavailable {
            what: format!("EC2 Spot savings figure for {name}"),
            region: region.to_owned(),
            detail: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn raw(name: &str) -> &'static RawEc2 {
        Catalog::embedded().raw.ec2.get(name).unwrap()
    }

    #[test]
    fn spot_savings_fall_back_to_the_midpoint() {
        let mut ec2 = raw("m5.large").clone();
        ec2.spot_savings_pct_vs_od.clear();
        let spot = &Catalog::embedded().raw.ec2_spot;
        let savings = spot_savings_percent(spot, &ec2, "m5.large", "us-east-1").unwrap();
        // (49 + 69) / 2 = 59.
        assert_eq!(savings.value, 59.0);
        assert!(savings.notes[0].contains("midpoint"), "{:?}", savings.notes);
    }

    #[test]
    fn a_history_price_that_differs_from_current_is_kept_until_the_current_snapshot() {
        let mut ec2 = raw("m4.large").clone();
        ec2.price_hour.insert("us-east-1".to_owned(), Some(0.09));
        let date = Date::parse("2020-01").unwrap();
        let price = on_demand(&ec2, "m4.large", "us-east-1", date).unwrap();
        assert_eq!(price.value, 0.100);
        assert!(
            price.notes[0].contains("changed to 0.09"),
            "{:?}",
            price.notes
        );
        let today = on_demand(
            &ec2,
            "m4.large",
            "us-east-1",
            Date::parse("2026-08").unwrap(),
        )
        .unwrap();
        assert_eq!(today.value, 0.09);
    }
}
