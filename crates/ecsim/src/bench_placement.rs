//! `ecsim bench placement`: packs benchmark instances (BPPLIB, VPSolver `.vbp`, CSV of task
//! requests) and synthetic workloads with the placement heuristics of the `packing` crate, and
//! writes `bench.csv` plus bar charts of the optimality gap and the time per decision.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use packing::bench::BenchRow;
use packing::{Heuristic, SyntheticKind, Workload};

use crate::Failure;
use crate::atomic::write_with;

/// `ecsim bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// What to benchmark.
    #[command(subcommand)]
    pub what: BenchWhat,
}

/// What `ecsim bench` can measure.
#[derive(Debug, Subcommand)]
pub enum BenchWhat {
    /// Bins used (vs lower bounds and known optima) and time per decision of each placement
    /// heuristic on bin-packing instances.
    Placement(PlacementArgs),
}

/// `ecsim bench placement`.
#[derive(Debug, clap::Args)]
pub struct PlacementArgs {
    /// Instance files: `.txt`/`.bpp` (BPPLIB), `.vbp` (VPSolver), `.csv` (task requests).
    pub files: Vec<PathBuf>,
    /// Heuristics, comma-separated (default: all).
    #[arg(long, value_delimiter = ',')]
    pub heuristics: Vec<Heuristic>,
    /// CPU units of the container instance that CSV inputs are packed onto.
    #[arg(long)]
    pub instance_cpu: Option<u64>,
    /// MiB of the container instance that CSV inputs are packed onto.
    #[arg(long)]
    pub instance_memory: Option<u64>,
    /// Synthetic workloads to add, comma-separated: talk-mix, uniform, bimodal.
    #[arg(long, value_delimiter = ',')]
    pub synthetic: Vec<SyntheticKind>,
    /// Items per synthetic workload.
    #[arg(long, default_value_t = 1000)]
    pub items: usize,
    /// Seed for synthetic workloads, shuffling and the `random` heuristic.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Packs each file's items in a seeded random order instead of file order (some published
    /// files list items in an optimal order).
    #[arg(long)]
    pub shuffle: bool,
    /// Tables of known bounds and optima (BPPLIB `Bounds_*.txt` or Mommessin `results/*.csv`),
    /// matched to instances by file name.
    #[arg(long)]
    pub bounds: Vec<PathBuf>,
    /// Skips the charts.
    #[arg(long)]
    pub no_charts: bool,
    /// Output directory.
    #[arg(long)]
    pub out: PathBuf,
}

/// Runs `ecsim bench`.
pub fn bench(args: &BenchArgs) -> Result<(), Failure> {
    match &args.what {
        BenchWhat::Placement(a) => placement(a),
    }
}

fn invalid(message: impl std::fmt::Display) -> Failure {
    eprintln!("error: {message}");
    Failure::Reported(2)
}

fn placement(a: &PlacementArgs) -> Result<(), Failure> {
    if a.files.is_empty() && a.synthetic.is_empty() {
        return Err(invalid(
            "nothing to benchmark: give instance files and/or --synthetic KINDS",
        ));
    }
    let csv_capacity = match (a.instance_cpu, a.instance_memory) {
        (Some(c), Some(m)) => Some([c, m]),
        (None, None) => None,
        _ => {
            return Err(invalid("--instance-cpu and --instance-memory go together"));
        }
    };
    let mut workloads: Vec<Workload> = Vec::new();
    for f in &a.files {
        let w = packing::parse_file(f, csv_capacity).map_err(invalid)?;
        workloads.push(if a.shuffle { w.shuffled(a.seed) } else { w });
    }
    for b in &a.bounds {
        let text = std::fs::read_to_string(b)
            .map_err(|e| invalid(format!("{}: cannot read the file: {e}", b.display())))?;
        let table = packing::parse_bounds_table(&text)
            .map_err(|e| invalid(e.in_file(b.display().to_string())))?;
        // Shuffled copies carry a suffix; match bounds on the file name.
        if a.shuffle {
            for w in &mut workloads {
                let base = w.name.split('~').next().unwrap_or(&w.name).to_string();
                if let Some(k) = table.iter().find(|k| k.instance == base)
                    && let Some(opt) = k.optimum
                {
                    w.optimum = Some(opt);
                }
            }
        } else {
            packing::attach_known_bounds(&mut workloads, &table);
        }
    }
    for &kind in &a.synthetic {
        if a.items == 0 {
            return Err(invalid("--items must be at least 1"));
        }
        workloads.push(packing::synthetic(kind, a.items, a.seed));
    }
    let heuristics: Vec<Heuristic> = if a.heuristics.is_empty() {
        Heuristic::ALL.to_vec()
    } else {
        a.heuristics.clone()
    };
    let rows = packing::bench::run(&workloads, &heuristics, a.seed).map_err(|e| {
        // Name the workload that failed validation.
        let name = workloads
            .iter()
            .find(|w| w.validate().is_err())
            .map_or(String::new(), |w| format!("{}: ", w.name));
        invalid(format!("{name}{e}"))
    })?;

    std::fs::create_dir_all(&a.out)
        .map_err(|e| Failure::Other(format!("cannot create {}: {e}", a.out.display())))?;
    let csv = a.out.join("bench.csv");
    write_with(&csv, |w| packing::bench::write_csv(&rows, w))
        .map_err(|e| Failure::Other(format!("cannot write {}: {e}", csv.display())))?;
    if !a.no_charts {
        charts_for(&rows, &heuristics, workloads.len(), &a.out)?;
    }
    say!("{}", table(&rows, &heuristics, workloads.len()));
    sayln!("\noutputs in {}", a.out.display());
    Ok(())
}

/// Per heuristic, in the given order: mean gap % and mean µs per decision over all workloads.
fn means(rows: &[BenchRow], heuristics: &[Heuristic]) -> Vec<(Heuristic, f64, f64)> {
    heuristics
        .iter()
        .map(|&h| {
            let mine: Vec<&BenchRow> = rows.iter().filter(|r| r.heuristic == h).collect();
            let n = mine.len().max(1) as f64;
            let gap = mine.iter().map(|r| r.gap_percent).sum::<f64>() / n;
            let micros = mine.iter().map(|r| r.micros_per_decision).sum::<f64>() / n;
            (h, gap, micros)
        })
        .collect()
}

fn table(rows: &[BenchRow], heuristics: &[Heuristic], n_workloads: usize) -> String {
    let mut out = format!(
        "{n_workloads} workload(s) × {} heuristic(s)\n\n{:<20} {:>12} {:>14}\n",
        heuristics.len(),
        "heuristic",
        "mean gap %",
        "µs/decision"
    );
    for (h, gap, micros) in means(rows, heuristics) {
        out.push_str(&format!("{:<20} {gap:>12.2} {micros:>14.3}\n", h.name()));
    }
    out
}

fn charts_for(
    rows: &[BenchRow],
    heuristics: &[Heuristic],
    n_workloads: usize,
    dir: &Path,
) -> Result<(), Failure> {
    let m = means(rows, heuristics);
    // Spaces instead of hyphens, so that long names can break over two lines under the bars;
    // `ecs-binpack-cpu` reads `binpack cpu`, `ecs-binpack-memory` `binpack mem`.
    let groups: Vec<String> = m
        .iter()
        .map(|(h, _, _)| match *h {
            Heuristic::EcsBinpackMemory => "binpack mem".to_string(),
            h => {
                let name = h.name();
                name.strip_prefix("ecs-").unwrap_or(name).replace('-', " ")
            }
        })
        .collect();
    let over = match n_workloads {
        1 => "one workload".to_string(),
        n => format!("the mean over {n} workloads"),
    };
    let subtitle = Some(format!(
        "{over}; gap against the known optimum, else the lower bound"
    ));
    let gap = charts::BarChart {
        title: "Bins above the optimum or lower bound".into(),
        subtitle,
        y_label: "gap".into(),
        groups: groups.clone(),
        series: vec![
            charts::BarSeries::new("mean gap", m.iter().map(|x| x.1).collect())
                .with_color(charts::palette::BLUE),
        ],
        value_format: charts::ValueFormat::Percent { decimals: 1 },
    };
    let time = charts::BarChart {
        title: "Time per placement decision".into(),
        subtitle: Some(format!("{over}; wall clock, this machine")),
        y_label: "µs per decision".into(),
        groups,
        series: vec![
            charts::BarSeries::new("µs per decision", m.iter().map(|x| x.2).collect())
                .with_color(charts::palette::ORANGE),
        ],
        value_format: charts::ValueFormat::Number { decimals: 3 },
    };
    for (chart, stem) in [(gap, "bench-gap"), (time, "bench-time")] {
        charts::write_bar_chart(
            &chart,
            &dir.join(format!("{stem}.png")),
            &dir.join(format!("{stem}.svg")),
            1,
        )
        .map_err(|e| Failure::Other(e.to_string()))?;
    }
    Ok(())
}
