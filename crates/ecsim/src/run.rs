//! `ecsim run`.

use std::fs;
use std::path::{Path, PathBuf};

use sim::Simulation;

use crate::args::RunArgs;
use crate::atomic::write_with;
use crate::timings::Timings;
use crate::{Failure, cost, events_log, run_outputs, summary, timeseries};

/// Loads, runs and writes the outputs.
pub fn run(args: &RunArgs) -> Result<(), Failure> {
    let mut timings = Timings::new(args.timings);
    let resolved = scenario::load(&args.scenario).map_err(Failure::Input)?;
    let mut config = resolved.config;
    if let Some(seed) = args.seed {
        config.seed = seed;
    }
    let name = config.name.clone();
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| default_out(&args.scenario));
    timings.lap("load");
    let sim = Simulation::new(config);
    timings.lap("build cluster");
    let sim = sim.run().map_err(|e| Failure::Other(e.to_string()))?;
    timings.lap("simulate");
    fs::create_dir_all(&out)
        .map_err(|e| Failure::Other(format!("cannot create {}: {e}", out.display())))?;
    let io = |e: std::io::Error, f: &str| {
        Failure::Other(format!("cannot write {}: {e}", out.join(f).display()))
    };
    let cost = cost::cost_report(&sim, &resolved.pricing);
    timings.lap("cost");
    // The services' entries are streamed into the head (docs/performance.md).
    let mut summary_json = summary::head_json(&sim, &name);
    summary_json["cost"] = cost.summary_json();
    write_with(&out.join("summary.json"), |w| {
        summary::write_pretty(&sim, &summary_json, w)
    })
    .map_err(|e| io(e, "summary.json"))?;
    timings.lap("summary.json");
    write_with(&out.join("events.jsonl"), |w| events_log::write(&sim, w))
        .map_err(|e| io(e, "events.jsonl"))?;
    timings.lap("events.jsonl");
    write_with(&out.join("timeseries.csv"), |w| timeseries::write(&sim, w))
        .map_err(|e| io(e, "timeseries.csv"))?;
    timings.lap("timeseries.csv");
    let notes = run_outputs::write(
        &sim,
        &name,
        resolved.description.as_deref(),
        &cost,
        &out,
        args.no_charts,
        &mut timings,
    )
    .map_err(Failure::Other)?;
    say!("{}", summary::to_text(&sim, &name));
    say!("\n{}", cost.to_text());
    for note in notes {
        sayln!("{note}");
    }
    sayln!("\noutputs in {}", out.display());
    timings.lap("stdout");
    // The process exits next: freeing a million-task simulation one allocation at a time would
    // take a few hundred ms (docs/performance.md).
    std::mem::forget(sim);
    Ok(())
}

fn default_out(scenario: &Path) -> PathBuf {
    let stem = scenario
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("run");
    Path::new("out").join(stem)
}
