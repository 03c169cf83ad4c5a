//! Simulated time: integer milliseconds since the start of the run.

/// A point in simulated time, in milliseconds since the run started.
pub type SimTime = u64;

/// Milliseconds in one second.
pub const SECOND: SimTime = 1_000;
/// Milliseconds in one minute.
pub const MINUTE: SimTime = 60 * SECOND;
/// Milliseconds in one hour.
pub const HOUR: SimTime = 60 * MINUTE;

/// Converts whole seconds to simulated milliseconds.
pub fn seconds(s: u64) -> SimTime {
    s.saturating_mul(SECOND)
}

/// Formats a time as seconds with millisecond precision, e.g. `12.5`.
pub fn as_seconds_f64(t: SimTime) -> f64 {
    t as f64 / 1000.0
}
