//! The placement benchmark: packs workloads with heuristics, compares bin counts with optima or
//! lower bounds, times each decision and writes the table as CSV.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use crate::error::PackError;
use crate::heuristic::Heuristic;
use crate::lower_bound::lower_bound;
use crate::pack::pack;
use crate::workload::Workload;

/// The CSV header written by [`write_csv`].
pub const CSV_HEADER: &str =
    "instance,heuristic,items,bins,lower_bound,optimum,gap_percent,micros_per_decision";

/// How long each (workload, heuristic) pair is packed repeatedly, at least, to time it.
pub const MIN_TIMED_DURATION: Duration = Duration::from_millis(2);

/// One benchmark result: one heuristic on one workload.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchRow {
    /// The workload name.
    pub instance: String,
    /// The heuristic.
    pub heuristic: Heuristic,
    /// The number of items placed.
    pub items: usize,
    /// The number of bins the heuristic used.
    pub bins: u64,
    /// The lower bound from [`crate::lower_bound()`].
    pub lower_bound: u64,
    /// The known optimum, if any.
    pub optimum: Option<u64>,
    /// `(bins − reference) / reference × 100`, where the reference is the optimum if known and
    /// the lower bound otherwise (0 when the reference is 0).
    pub gap_percent: f64,
    /// Wall-clock microseconds per placement decision (one item), averaged over repetitions.
    pub micros_per_decision: f64,
}

/// Returns `(bins − reference) / reference × 100`, or 0 for a zero reference.
pub fn gap_percent(bins: u64, reference: u64) -> f64 {
    if reference == 0 {
        0.0
    } else {
        (bins as f64 - reference as f64) / reference as f64 * 100.0
    }
}

/// Packs every workload with every heuristic (using `seed` for `random`) and returns one row per
/// pair, ordered by workload and then by heuristic, both as given.
///
/// Each pair is packed repeatedly until [`MIN_TIMED_DURATION`] has elapsed, so that small
/// instances get a stable time per decision; packings are deterministic, so every repetition
/// gives the same bin count.
/// Fails on the first invalid workload.
pub fn run(
    workloads: &[Workload],
    heuristics: &[Heuristic],
    seed: u64,
) -> Result<Vec<BenchRow>, PackError> {
    let mut rows = Vec::with_capacity(workloads.len() * heuristics.len());
    for workload in workloads {
        workload.validate()?;
        let bound = lower_bound(workload);
        let reference = workload.optimum.unwrap_or(bound);
        for &heuristic in heuristics {
            let start = Instant::now();
            let mut repetitions: u32 = 0;
            let packing = loop {
                let packing = std::hint::black_box(pack(heuristic, workload, seed)?);
                repetitions += 1;
                if start.elapsed() >= MIN_TIMED_DURATION {
                    break packing;
                }
            };
            let elapsed = start.elapsed();
            let decisions = f64::from(repetitions) * workload.items.len() as f64;
            let micros_per_decision = if decisions > 0.0 {
                elapsed.as_secs_f64() * 1e6 / decisions
            } else {
                0.0
            };
            rows.push(BenchRow {
                instance: workload.name.clone(),
                heuristic,
                items: workload.items.len(),
                bins: packing.bins_used,
                lower_bound: bound,
                optimum: workload.optimum,
                gap_percent: gap_percent(packing.bins_used, reference),
                micros_per_decision,
            });
        }
    }
    Ok(rows)
}

/// Writes rows as CSV with the header [`CSV_HEADER`]: the optimum is empty when unknown, the gap
/// has 2 decimals and the time 3; instance names are quoted when they need it.
pub fn write_csv(rows: &[BenchRow], mut writer: impl Write) -> io::Result<()> {
    writeln!(writer, "{CSV_HEADER}")?;
    for row in rows {
        let optimum = row
            .optimum
            .map(|optimum| optimum.to_string())
            .unwrap_or_default();
        writeln!(
            writer,
            "{},{},{},{},{},{},{:.2},{:.3}",
            csv_field(&row.instance),
            row.heuristic,
            row.items,
            row.bins,
            row.lower_bound,
            optimum,
            row.gap_percent,
            row.micros_per_decision
        )?;
    }
    Ok(())
}

/// Quotes a CSV field if it contains a comma, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_dimensional(name: &str, capacity: u64, sizes: &[u64]) -> Workload {
        Workload::new(
            name,
            vec![capacity],
            sizes.iter().map(|&size| vec![size]).collect(),
            "",
        )
        .unwrap()
    }

    #[test]
    fn rows_follow_input_order_and_compare_with_the_right_reference() {
        // "cut": bins of 10 cut into 6+4, 6+4 (optimum 2 by construction). First fit in arrival
        // order 6, 6, 4, 4 gives bins {6, 4}, {6, 4} = 2; worst fit also 2.
        let cut = one_dimensional("cut", 10, &[6, 6, 4, 4]).with_optimum(2);
        // "loose": 6, 6, 6 needs 3 bins (lower bound 3, L2), no optimum attached.
        let loose = one_dimensional("loose, odd", 10, &[6, 6, 6]);
        let heuristics = [Heuristic::WorstFit, Heuristic::FirstFit];
        let rows = run(&[cut, loose], &heuristics, 1).unwrap();
        let keys: Vec<(&str, Heuristic)> = rows
            .iter()
            .map(|row| (row.instance.as_str(), row.heuristic))
            .collect();
        assert_eq!(
            keys,
            [
                ("cut", Heuristic::WorstFit),
                ("cut", Heuristic::FirstFit),
                ("loose, odd", Heuristic::WorstFit),
                ("loose, odd", Heuristic::FirstFit)
            ]
        );
        assert_eq!(rows[1].bins, 2);
        assert_eq!(rows[1].optimum, Some(2));
        assert_eq!(rows[1].gap_percent, 0.0);
        assert_eq!(rows[3].lower_bound, 3);
        assert!(rows.iter().all(|row| row.micros_per_decision > 0.0));
    }

    #[test]
    fn gap_is_relative_to_the_reference() {
        assert_eq!(gap_percent(11, 10), 10.0);
        assert_eq!(gap_percent(3, 4), -25.0);
        assert_eq!(gap_percent(5, 0), 0.0);
    }

    #[test]
    fn csv_has_the_exact_header_and_formats() {
        let rows = vec![
            BenchRow {
                instance: "a,b".into(),
                heuristic: Heuristic::FfdL2,
                items: 4,
                bins: 3,
                lower_bound: 2,
                optimum: None,
                gap_percent: 50.0,
                micros_per_decision: 0.12345,
            },
            BenchRow {
                instance: "c".into(),
                heuristic: Heuristic::EcsBinpackCpu,
                items: 1,
                bins: 1,
                lower_bound: 1,
                optimum: Some(1),
                gap_percent: 0.0,
                micros_per_decision: 2.0,
            },
        ];
        let mut output = Vec::new();
        write_csv(&rows, &mut output).unwrap();
        let text = String::from_utf8(output).unwrap();
        assert_eq!(
            text,
            "instance,heuristic,items,bins,lower_bound,optimum,gap_percent,micros_per_decision\n\
             \"a,b\",ffd-l2,4,3,2,,50.00,0.123\n\
             c,ecs-binpack-cpu,1,1,1,1,0.00,2.000\n"
        );
    }
}
