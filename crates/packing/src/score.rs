//! [`Score`]: the totally ordered placement key returned by [`crate::Heuristic::online_score`].

use std::cmp::Ordering;

/// A placement key for one candidate bin; smaller is better.
///
/// It wraps a finite `f64` (never NaN, and `-0.0` is stored as `0.0`) ordered with
/// [`f64::total_cmp`], so comparisons are total and deterministic.
/// Ties between candidates are broken by the caller: lowest candidate index, or uniformly at
/// random when [`crate::Heuristic::breaks_ties_randomly`] says so.
#[derive(Debug, Clone, Copy)]
pub struct Score(f64);

impl Score {
    /// The score every candidate gets from heuristics that only break ties (first-fit, random).
    pub const ZERO: Score = Score(0.0);

    /// Builds a score from a value, mapping NaN to +∞ (worst) and `-0.0` to `0.0`.
    pub fn new(value: f64) -> Score {
        if value.is_nan() {
            Score(f64::INFINITY)
        } else {
            // Adding +0.0 turns -0.0 into +0.0 and leaves every other value unchanged.
            Score(value + 0.0)
        }
    }

    /// Builds a score from a count or an amount; the conversion is monotone.
    pub fn from_u64(value: u64) -> Score {
        Score(value as f64)
    }

    /// Returns the wrapped value.
    pub fn value(self) -> f64 {
        self.0
    }

    /// A `u64` that orders exactly like the score, for keys made of integers (the simulator's
    /// placement keys): the IEEE 754 bits with the sign flipped, all bits of negatives inverted.
    pub fn order_key(self) -> u64 {
        let bits = self.0.to_bits();
        if bits >> 63 == 1 {
            !bits
        } else {
            bits | 1 << 63
        }
    }
}

impl PartialEq for Score {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Score {}

impl PartialOrd for Score {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Score {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_zero_equals_zero_and_nan_is_worst() {
        assert_eq!(Score::new(-0.0), Score::ZERO);
        assert!(Score::new(f64::NAN) > Score::new(1e300));
        assert!(Score::new(-1.0) < Score::ZERO);
    }

    #[test]
    fn order_keys_order_like_scores() {
        let values = [
            f64::NEG_INFINITY,
            -1e300,
            -2.5,
            -1.0,
            -1e-300,
            0.0,
            1e-300,
            0.5,
            1.0,
            3.0,
            1e300,
            f64::INFINITY,
        ];
        for a in values {
            for b in values {
                let (x, y) = (Score::new(a), Score::new(b));
                assert_eq!(x.order_key().cmp(&y.order_key()), x.cmp(&y), "{a} vs {b}");
            }
        }
        assert_eq!(Score::new(-0.0).order_key(), Score::ZERO.order_key());
    }
}
