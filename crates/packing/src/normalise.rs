//! Normalised vector arithmetic (each dimension divided by the bin capacity), exact where possible.
//!
//! Heuristics compare sums, maxima, squared norms and dot products of `size / capacity` ratios.
//! When the least common multiple `L` of the capacities is at most 2^53, every ratio is an integer
//! multiple of `1/L`, so the sums are computed exactly in `u128` and only then converted to `f64`.
//! The conversion and the final division by `L` (or `L²`) are monotone, so mathematically equal
//! keys stay equal (for example the items `[1, 2]` and `[2, 1]` on a square bin) and the order of
//! unequal keys is never inverted.
//! Larger capacity sets fall back to plain `f64` arithmetic in dimension order, which is still
//! deterministic.
//! Dimensions with zero capacity contribute nothing.

/// The largest common multiple of the capacities for which arithmetic is exact.
const EXACT_LIMIT: u64 = 1 << 53;

/// Scales size vectors by the bin capacity; see the module documentation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Normaliser {
    /// The least common multiple of the non-zero capacities, if it is at most [`EXACT_LIMIT`].
    common_multiple: Option<u64>,
}

fn greatest_common_divisor(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Normaliser {
    /// Prepares normalisation for bins of the given capacity.
    pub(crate) fn new(capacity: &[u64]) -> Normaliser {
        let mut common_multiple: u64 = 1;
        for &dimension_capacity in capacity {
            if dimension_capacity == 0 {
                continue;
            }
            let divisor = greatest_common_divisor(common_multiple, dimension_capacity);
            match (common_multiple / divisor).checked_mul(dimension_capacity) {
                Some(next) if next <= EXACT_LIMIT => common_multiple = next,
                _ => {
                    return Normaliser {
                        common_multiple: None,
                    };
                }
            }
        }
        Normaliser {
            common_multiple: Some(common_multiple),
        }
    }

    /// Sum over dimensions of `component(i) / capacity[i]`.
    pub(crate) fn sum(&self, capacity: &[u64], component: impl Fn(usize) -> u64) -> f64 {
        match self.common_multiple {
            Some(common_multiple) => {
                let mut total: u128 = 0;
                for (dimension, &dimension_capacity) in capacity.iter().enumerate() {
                    if let Some(scaled) =
                        scaled(common_multiple, dimension_capacity, component(dimension))
                    {
                        total = total.saturating_add(scaled);
                    }
                }
                total as f64 / common_multiple as f64
            }
            None => {
                let mut total = 0.0;
                for (dimension, &dimension_capacity) in capacity.iter().enumerate() {
                    if dimension_capacity > 0 {
                        total += component(dimension) as f64 / dimension_capacity as f64;
                    }
                }
                total
            }
        }
    }

    /// Maximum over dimensions of `component(i) / capacity[i]` (0 for no dimensions).
    pub(crate) fn max(&self, capacity: &[u64], component: impl Fn(usize) -> u64) -> f64 {
        match self.common_multiple {
            Some(common_multiple) => {
                let mut largest: u128 = 0;
                for (dimension, &dimension_capacity) in capacity.iter().enumerate() {
                    if let Some(scaled) =
                        scaled(common_multiple, dimension_capacity, component(dimension))
                    {
                        largest = largest.max(scaled);
                    }
                }
                largest as f64 / common_multiple as f64
            }
            None => {
                let mut largest: f64 = 0.0;
                for (dimension, &dimension_capacity) in capacity.iter().enumerate() {
                    if dimension_capacity > 0 {
                        largest =
                            largest.max(component(dimension) as f64 / dimension_capacity as f64);
                    }
                }
                largest
            }
        }
    }

    /// Sum over dimensions of `(a(i) / capacity[i]) × (b(i) / capacity[i])`.
    pub(crate) fn dot(
        &self,
        capacity: &[u64],
        a: impl Fn(usize) -> u64,
        b: impl Fn(usize) -> u64,
    ) -> f64 {
        match self.common_multiple {
            Some(common_multiple) => {
                let mut total: u128 = 0;
                for (dimension, &dimension_capacity) in capacity.iter().enumerate() {
                    let scaled_a = scaled(common_multiple, dimension_capacity, a(dimension));
                    let scaled_b = scaled(common_multiple, dimension_capacity, b(dimension));
                    if let (Some(scaled_a), Some(scaled_b)) = (scaled_a, scaled_b) {
                        total = total.saturating_add(scaled_a.saturating_mul(scaled_b));
                    }
                }
                let common_multiple = common_multiple as f64;
                total as f64 / (common_multiple * common_multiple)
            }
            None => {
                let mut total = 0.0;
                for (dimension, &dimension_capacity) in capacity.iter().enumerate() {
                    if dimension_capacity > 0 {
                        let dimension_capacity = dimension_capacity as f64;
                        total += (a(dimension) as f64 / dimension_capacity)
                            * (b(dimension) as f64 / dimension_capacity);
                    }
                }
                total
            }
        }
    }

    /// Squared Euclidean norm of the normalised vector.
    pub(crate) fn square_norm(&self, capacity: &[u64], component: impl Fn(usize) -> u64) -> f64 {
        self.dot(capacity, &component, &component)
    }

    /// Cosine of the angle between the normalised vectors `a` and `b`, or 0 if either is zero.
    pub(crate) fn cosine(
        &self,
        capacity: &[u64],
        a: impl Fn(usize) -> u64,
        b: impl Fn(usize) -> u64,
    ) -> f64 {
        let square_norm_a = self.square_norm(capacity, &a);
        let square_norm_b = self.square_norm(capacity, &b);
        if square_norm_a <= 0.0 || square_norm_b <= 0.0 {
            return 0.0;
        }
        let cosine = self.dot(capacity, &a, &b) / (square_norm_a.sqrt() * square_norm_b.sqrt());
        cosine.clamp(-1.0, 1.0)
    }
}

/// `value × (common_multiple / capacity)`, or `None` for a zero capacity.
fn scaled(common_multiple: u64, capacity: u64, value: u64) -> Option<u128> {
    common_multiple
        .checked_div(capacity)
        .map(|scale| u128::from(value) * u128::from(scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permuted_items_on_a_square_bin_have_identical_keys() {
        let capacity = [3, 3, 3];
        let normaliser = Normaliser::new(&capacity);
        let a = [1, 2, 0];
        let b = [2, 0, 1];
        assert_eq!(
            normaliser.sum(&capacity, |i| a[i]),
            normaliser.sum(&capacity, |i| b[i])
        );
        assert_eq!(
            normaliser.square_norm(&capacity, |i| a[i]),
            normaliser.square_norm(&capacity, |i| b[i])
        );
        assert_eq!(normaliser.sum(&capacity, |i| a[i]), 1.0);
    }

    #[test]
    fn unequal_capacities_are_normalised_per_dimension() {
        let capacity = [2048, 7985];
        let normaliser = Normaliser::new(&capacity);
        let item = [1024, 7985];
        assert!((normaliser.sum(&capacity, |i| item[i]) - 1.5).abs() < 1e-12);
        assert!((normaliser.max(&capacity, |i| item[i]) - 1.0).abs() < 1e-12);
        assert!((normaliser.square_norm(&capacity, |i| item[i]) - 1.25).abs() < 1e-12);
    }

    #[test]
    fn huge_capacities_fall_back_to_floating_point() {
        let capacity = [(1 << 40) + 1, (1 << 40) + 3];
        let normaliser = Normaliser::new(&capacity);
        assert!(normaliser.common_multiple.is_none());
        let half = [capacity[0] / 2, capacity[1] / 2];
        assert!((normaliser.sum(&capacity, |i| half[i]) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn cosine_of_parallel_vectors_is_one_and_zero_vector_gives_zero() {
        let capacity = [10, 20];
        let normaliser = Normaliser::new(&capacity);
        let a = [1, 2];
        let b = [3, 6];
        assert!((normaliser.cosine(&capacity, |i| a[i], |i| b[i]) - 1.0).abs() < 1e-12);
        assert_eq!(normaliser.cosine(&capacity, |_| 0, |i| b[i]), 0.0);
    }
}
