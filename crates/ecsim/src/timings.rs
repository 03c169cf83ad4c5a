//! `ecsim run --timings`: wall time of each phase of a run on stderr, for profiling large
//! fleets (docs/performance.md). The clock is read here only, never inside the simulation.

use std::time::{Duration, Instant};

/// Times the phases of one run when enabled.
pub struct Timings {
    enabled: bool,
    start: Instant,
    last: Instant,
}

impl Timings {
    /// Starts the clock; prints nothing unless `enabled`.
    pub fn new(enabled: bool) -> Timings {
        let now = Instant::now();
        Timings {
            enabled,
            start: now,
            last: now,
        }
    }

    /// Ends the phase `name`: prints its time and the time since the start.
    pub fn lap(&mut self, name: &str) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        eprintln!(
            "timings: {name:<14} {:>9} ms   (total {:>9} ms)",
            millis(now - self.last),
            millis(now - self.start)
        );
        self.last = now;
    }
}

fn millis(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}
