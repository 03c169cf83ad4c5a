//! Times `scenario::load` on a file: `cargo run --release -p scenario --example load_timing -- FILE [RUNS]`.
//! Prints the first (cold) run with its minor page faults, then the warm runs.

use std::time::{Duration, Instant};

/// Minor page faults of this process so far (field 10 of /proc/self/stat).
fn minor_faults() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    after_name
        .split_whitespace()
        .nth(7)
        .and_then(|f| f.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: load_timing FILE [RUNS]");
    let runs: usize = args.next().map_or(10, |r| r.parse().expect("RUNS"));
    let mut times: Vec<Duration> = Vec::new();
    let warm_faults = minor_faults();
    for run in 0..runs {
        let faults = minor_faults();
        let t = Instant::now();
        let r = scenario::load(std::path::Path::new(&path));
        let elapsed = t.elapsed();
        if run == 0 {
            println!("cold {elapsed:?}, {} minor faults", minor_faults() - faults);
        } else {
            times.push(elapsed);
        }
        if let Err(e) = r {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
    times.sort();
    if !times.is_empty() {
        println!(
            "warm min {:?}  median {:?}  max {:?}, {} minor faults per run",
            times[0],
            times[times.len() / 2],
            times[times.len() - 1],
            (minor_faults() - warm_faults) / runs as u64
        );
    }
}
