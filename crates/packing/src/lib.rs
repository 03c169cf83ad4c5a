//! Placement heuristics for vector bin packing of ECS tasks onto identical container instances.
//!
//! Tasks are items with a demand per resource dimension and container instances are bins with
//! a capacity per dimension.
//! With two or more dimensions, dimension 0 is CPU units and dimension 1 is memory in MiB (see
//! [`Resource`]); one-dimensional instances are memory only.
//!
//! The crate has four parts:
//! - [`Heuristic`]: online and offline placement rules, with a pure scoring function
//!   ([`Heuristic::online_score`]) the simulator calls once per candidate container instance;
//! - [`pack()`]: packs a whole [`Workload`] with one heuristic, opening bins as needed;
//! - [`lower_bound()`] and friends: bounds on the optimal number of bins;
//! - parsers for public benchmark formats ([`parse_bpplib`], [`parse_vbp`], [`parse_csv`],
//!   [`parse_file`], [`parse_bounds_table`]), synthetic workloads ([`synthetic()`]) and the
//!   placement benchmark ([`mod@bench`]).
//!
//! Nothing here reads a clock except [`bench::run`], and nothing draws randomness except from the
//! caller's seed, so every result depends only on the input.

#![warn(missing_docs)]

pub mod bench;
mod error;
mod format_bounds;
mod format_bpplib;
mod format_csv;
mod format_file;
mod format_vbp;
mod heuristic;
mod lower_bound;
mod normalise;
mod pack;
mod resource;
mod score;
mod synthetic;
mod tokens;
mod workload;

pub use error::{PackError, ParseError};
pub use format_bounds::{KnownBound, attach_known_bounds, parse_bounds_table};
pub use format_bpplib::parse_bpplib;
pub use format_csv::parse_csv;
pub use format_file::parse_file;
pub use format_vbp::parse_vbp;
pub use heuristic::{Heuristic, UnknownHeuristic};
pub use lower_bound::{
    JOHNSON_CLIQUE_MAX_ITEMS, continuous_bound, incompatibility_clique_bound, lower_bound,
    martello_toth_l2,
};
pub use pack::{Packing, pack};
pub use resource::Resource;
pub use score::Score;
pub use synthetic::{
    SyntheticKind, TALK_MIX_CAPACITY, TALK_MIX_SERVICES, TalkMixService, UnknownSyntheticKind,
    synthetic,
};
pub use workload::{MAX_ITEMS, Workload};
