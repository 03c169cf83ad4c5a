//! Latency distributions in seconds: a number, or one of
//! `{"uniform": [lo, hi]}`, `{"normal": {"mean", "sd", "min", "max"}}`,
//! `{"lognormal": {"median", "sigma", "min", "max"}}`.

use serde::Deserialize;

/// A distribution as written in a scenario.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum DistSpec {
    /// A constant number of seconds.
    Constant(f64),
    /// A named distribution.
    Named(NamedDist),
}

/// The named forms.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub enum NamedDist {
    /// `{"constant": s}`.
    Constant(f64),
    /// `{"uniform": [lo, hi]}`.
    Uniform([f64; 2]),
    /// `{"normal": {...}}`.
    Normal(Bounded),
    /// `{"lognormal": {...}}`.
    Lognormal(LogBounded),
}

/// Normal parameters with bounds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bounded {
    /// Mean.
    pub mean: f64,
    /// Standard deviation.
    pub sd: f64,
    /// Lower clamp (default 0).
    #[serde(default)]
    pub min: Option<f64>,
    /// Upper clamp (default mean + 6 sd).
    #[serde(default)]
    pub max: Option<f64>,
}

/// Log-normal parameters (median and the sigma of the log) with bounds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogBounded {
    /// Median.
    pub median: f64,
    /// Sigma of ln(x).
    pub sigma: f64,
    /// Lower clamp (default 0).
    #[serde(default)]
    pub min: Option<f64>,
    /// Upper clamp (default median × e^(6 sigma)).
    #[serde(default)]
    pub max: Option<f64>,
}
