//! The `ecsim` command: thin glue between the scenario format, the engine and the outputs.

#[macro_use]
mod stdout;

mod args;
mod atomic;
mod bench_placement;
mod compare;
mod cost;
mod events_log;
mod generate;
mod instances_gif;
mod json_out;
mod names;
mod report;
mod run;
mod run_charts;
mod run_outputs;
mod summary;
mod timeseries;
mod timings;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

/// How a command failed; decides the exit code.
pub enum Failure {
    /// Invalid input: exit 2.
    Input(Box<scenario::ScenarioError>),
    /// Anything else: exit 1.
    Other(String),
    /// Already printed; exit with this code.
    Reported(u8),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = std::panic::catch_unwind(|| match &cli.command {
        Command::Run(a) => run::run(a),
        Command::Validate(a) => validate(&a.scenarios),
        Command::Compare(a) => compare::compare(a),
        Command::Generate(a) => generate::generate(a),
        Command::Bench(a) => bench_placement::bench(a),
    });
    match result {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(Failure::Input(e))) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Ok(Err(Failure::Other(e))) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
        Ok(Err(Failure::Reported(code))) => ExitCode::from(code),
        Err(_) => {
            eprintln!(
                "error: internal error (a bug in ecsim); please report it with the scenario file"
            );
            ExitCode::from(1)
        }
    }
}

fn validate(paths: &[std::path::PathBuf]) -> Result<(), Failure> {
    let mut failed = false;
    for p in paths {
        match scenario::load(p) {
            Ok(r) => sayln!(
                "{}: ok ({} container instances, {} services, {} timeline actions)",
                p.display(),
                r.config.instances.len(),
                r.config.services.len(),
                r.config.timeline.len()
            ),
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
            }
        }
    }
    if failed {
        Err(Failure::Reported(2))
    } else {
        Ok(())
    }
}
