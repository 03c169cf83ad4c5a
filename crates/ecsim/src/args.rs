//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// ecsim: a discrete-event simulator of Amazon ECS rolling deploys and scaling.
#[derive(Debug, Parser)]
#[command(name = "ecsim", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Runs a scenario: prints a summary and writes summary.json, events.jsonl and timeseries.csv.
    Run(RunArgs),
    /// Checks scenario files without running them.
    Validate(ValidateArgs),
    /// Runs several scenarios and compares them side by side (table, overlay charts, report).
    Compare(crate::compare::CompareArgs),
    /// Writes generated scenarios (`generate fleet`: a large fleet for benchmarks).
    Generate(crate::generate::GenerateArgs),
    /// Benchmarks (`bench placement`: placement heuristics on bin-packing instances).
    Bench(crate::bench_placement::BenchArgs),
}

/// `ecsim run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The scenario file (JSON).
    pub scenario: PathBuf,
    /// Overrides the scenario's seed.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Output directory (default: out/<scenario name>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Skips chart rendering.
    #[arg(long)]
    pub no_charts: bool,
    /// Prints the wall time of each phase (load, simulate, each output) on stderr.
    #[arg(long)]
    pub timings: bool,
}

/// `ecsim validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Scenario files.
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
}
