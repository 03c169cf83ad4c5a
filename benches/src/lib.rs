//! Shared helpers for the benchmarks (none yet beyond the crates they measure).
