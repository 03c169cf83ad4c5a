//! Timing distributions for stochastic latencies (image pull, application start, instance launch).

use rand::RngExt;
use rand_pcg::Pcg64Mcg;

use crate::time::SimTime;

/// A duration distribution in milliseconds. Every sample is clamped to `[min_ms, max_ms]`
/// so that no tail can produce a negative or absurd latency.
#[derive(Clone, Debug, PartialEq)]
pub enum Dist {
    /// Always the same value.
    Constant(SimTime),
    /// Uniform over `[low_ms, high_ms]`.
    Uniform { low_ms: SimTime, high_ms: SimTime },
    /// Normal with mean and standard deviation, clamped to bounds.
    Normal {
        mean_ms: f64,
        sd_ms: f64,
        min_ms: SimTime,
        max_ms: SimTime,
    },
    /// Log-normal given by the mean and sd of the underlying normal (in ln-milliseconds), clamped.
    LogNormal {
        mu: f64,
        sigma: f64,
        min_ms: SimTime,
        max_ms: SimTime,
    },
}

impl Dist {
    /// The zero-latency distribution.
    pub const ZERO: Dist = Dist::Constant(0);

    /// Draws one sample. Constant distributions draw nothing from the generator, so adding a
    /// constant latency never reshuffles the other random choices of a run.
    pub fn sample(&self, rng: &mut Pcg64Mcg) -> SimTime {
        match *self {
            Dist::Constant(v) => v,
            Dist::Uniform { low_ms, high_ms } => {
                if high_ms <= low_ms {
                    low_ms
                } else {
                    rng.random_range(low_ms..=high_ms)
                }
            }
            Dist::Normal {
                mean_ms,
                sd_ms,
                min_ms,
                max_ms,
            } => {
                let z = standard_normal(rng);
                clamp_ms(mean_ms + sd_ms * z, min_ms, max_ms)
            }
            Dist::LogNormal {
                mu,
                sigma,
                min_ms,
                max_ms,
            } => {
                let z = standard_normal(rng);
                clamp_ms((mu + sigma * z).exp(), min_ms, max_ms)
            }
        }
    }

    /// The largest value a sample can take.
    pub fn upper_bound(&self) -> SimTime {
        match *self {
            Dist::Constant(v) => v,
            Dist::Uniform { low_ms, high_ms } => high_ms.max(low_ms),
            Dist::Normal { max_ms, .. } | Dist::LogNormal { max_ms, .. } => max_ms,
        }
    }
}

fn clamp_ms(v: f64, min_ms: SimTime, max_ms: SimTime) -> SimTime {
    let v = if v.is_finite() {
        v.round()
    } else {
        max_ms as f64
    };
    (v.max(min_ms as f64).min(max_ms as f64)) as SimTime
}

/// Box–Muller transform; two uniforms per draw keeps the stream position predictable.
fn standard_normal(rng: &mut Pcg64Mcg) -> f64 {
    let u1: f64 = rng.random_range(f64::MIN_POSITIVE..1.0);
    let u2: f64 = rng.random_range(0.0..1.0);
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn samples_stay_within_bounds() {
        let mut rng = Pcg64Mcg::seed_from_u64(7);
        let d = Dist::Normal {
            mean_ms: 1000.0,
            sd_ms: 5000.0,
            min_ms: 200,
            max_ms: 3000,
        };
        let l = Dist::LogNormal {
            mu: 8.0,
            sigma: 2.0,
            min_ms: 10,
            max_ms: 9000,
        };
        for _ in 0..10_000 {
            let v = d.sample(&mut rng);
            assert!((200..=3000).contains(&v), "{v}");
            let v = l.sample(&mut rng);
            assert!((10..=9000).contains(&v), "{v}");
        }
    }

    #[test]
    fn normal_mean_is_close() {
        let mut rng = Pcg64Mcg::seed_from_u64(1);
        let d = Dist::Normal {
            mean_ms: 20_000.0,
            sd_ms: 2_000.0,
            min_ms: 0,
            max_ms: 100_000,
        };
        let n = 20_000;
        let sum: u64 = (0..n).map(|_| d.sample(&mut rng)).sum();
        let mean = sum as f64 / n as f64;
        assert!((mean - 20_000.0).abs() < 100.0, "{mean}");
    }

    #[test]
    fn constant_draws_nothing() {
        let mut a = Pcg64Mcg::seed_from_u64(3);
        let mut b = Pcg64Mcg::seed_from_u64(3);
        assert_eq!(Dist::Constant(5).sample(&mut a), 5);
        let u = Dist::Uniform {
            low_ms: 0,
            high_ms: 1000,
        };
        assert_eq!(u.sample(&mut a), u.sample(&mut b));
    }
}
