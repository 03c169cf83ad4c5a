//! End-to-end tests of the `ecsim` binary, as one test binary (one link step) with shared
//! helpers: golden outputs and located errors (`cli`), charts, cost and reports (`outputs`), the
//! fleet generator and the placement benchmark (`generate_and_bench`).
//!
//! Re-bless the golden files with `UPDATE_GOLDEN=1 cargo test -p ecsim --test it`.

mod cli;
mod generate_and_bench;
mod outputs;
mod support;
