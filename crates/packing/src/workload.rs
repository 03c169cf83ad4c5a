//! [`Workload`]: a bin-packing instance (identical bins, a list of item size vectors).

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

use crate::error::PackError;

/// The largest number of items a workload may have; parsers reject larger expansions so a
/// hostile file cannot exhaust memory.
pub const MAX_ITEMS: usize = 10_000_000;

/// A vector bin-packing instance: identical bins of `capacity` and items to place in them.
///
/// Sizes are integers in the units of each dimension; see [`crate::Resource`] for which
/// dimension is CPU units and which is memory in MiB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workload {
    /// The instance name, usually the file name without its extension.
    pub name: String,
    /// The capacity of every bin, one entry per dimension.
    pub capacity: Vec<u64>,
    /// The items in arrival order; each has one size per dimension.
    pub items: Vec<Vec<u64>>,
    /// The optimal number of bins, if known from the literature or by construction.
    pub optimum: Option<u64>,
    /// Where the instance comes from (file, generator and seed, publication).
    pub source: String,
}

impl Workload {
    /// Builds a workload and checks it with [`Workload::validate`].
    pub fn new(
        name: impl Into<String>,
        capacity: Vec<u64>,
        items: Vec<Vec<u64>>,
        source: impl Into<String>,
    ) -> Result<Workload, PackError> {
        let workload = Workload {
            name: name.into(),
            capacity,
            items,
            optimum: None,
            source: source.into(),
        };
        workload.validate()?;
        Ok(workload)
    }

    /// Returns the same workload with a known optimum attached.
    pub fn with_optimum(mut self, optimum: u64) -> Workload {
        self.optimum = Some(optimum);
        self
    }

    /// Returns a copy with the items in a random order (Fisher–Yates, seeded with `seed`).
    ///
    /// Online heuristics depend on arrival order, and some published files list items in an
    /// optimal order (the Triplet set stores each bin's three items consecutively, so first-fit in
    /// file order is optimal); shuffling gives a fairer benchmark.
    /// The name gets a `~shuffled<seed>` suffix.
    pub fn shuffled(&self, seed: u64) -> Workload {
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        let mut items = self.items.clone();
        for last in (1..items.len()).rev() {
            let chosen = rng.random_range(0..=last);
            items.swap(last, chosen);
        }
        Workload {
            name: format!("{}~shuffled{seed}", self.name),
            items,
            source: format!("{} (items shuffled with seed {seed})", self.source),
            ..self.clone()
        }
    }

    /// Returns the number of dimensions.
    pub fn dimensions(&self) -> usize {
        self.capacity.len()
    }

    /// Checks that there is at least one dimension, no capacity is zero, every item has the
    /// capacity's number of dimensions and fits an empty bin, and there are at most
    /// [`MAX_ITEMS`] items.
    pub fn validate(&self) -> Result<(), PackError> {
        if self.capacity.is_empty() {
            return Err(PackError::NoDimensions);
        }
        if let Some(dimension) = self.capacity.iter().position(|&capacity| capacity == 0) {
            return Err(PackError::ZeroCapacity { dimension });
        }
        if self.items.len() > MAX_ITEMS {
            return Err(PackError::TooManyItems {
                items: self.items.len(),
            });
        }
        for (item_index, item) in self.items.iter().enumerate() {
            if item.len() != self.capacity.len() {
                return Err(PackError::DimensionMismatch {
                    item: item_index,
                    expected: self.capacity.len(),
                    found: item.len(),
                });
            }
            for (dimension, (&size, &capacity)) in item.iter().zip(&self.capacity).enumerate() {
                if size > capacity {
                    return Err(PackError::ItemTooLarge {
                        item: item_index,
                        dimension,
                        size,
                        capacity,
                    });
                }
            }
        }
        Ok(())
    }

    /// Returns the total size of all items in one dimension.
    pub fn total_size(&self, dimension: usize) -> u128 {
        self.items
            .iter()
            .filter_map(|item| item.get(dimension))
            .map(|&size| u128::from(size))
            .sum()
    }

    /// Returns the sizes of all items in one dimension, in item order.
    pub fn sizes_in(&self, dimension: usize) -> Vec<u64> {
        self.items
            .iter()
            .map(|item| item.get(dimension).copied().unwrap_or(0))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_rejects_each_kind_of_bad_workload() {
        assert_eq!(
            Workload::new("w", vec![], vec![], "").unwrap_err(),
            PackError::NoDimensions
        );
        assert_eq!(
            Workload::new("w", vec![10, 0], vec![], "").unwrap_err(),
            PackError::ZeroCapacity { dimension: 1 }
        );
        assert_eq!(
            Workload::new("w", vec![10, 10], vec![vec![1, 1], vec![1]], "").unwrap_err(),
            PackError::DimensionMismatch {
                item: 1,
                expected: 2,
                found: 1
            }
        );
        assert_eq!(
            Workload::new("w", vec![10, 10], vec![vec![1, 11]], "").unwrap_err(),
            PackError::ItemTooLarge {
                item: 0,
                dimension: 1,
                size: 11,
                capacity: 10
            }
        );
        let workload = Workload::new("w", vec![10, 10], vec![vec![3, 4], vec![5, 6]], "").unwrap();
        assert_eq!(workload.total_size(1), 10);
        assert_eq!(workload.sizes_in(0), [3, 5]);
    }

    #[test]
    fn shuffling_is_a_seeded_permutation() {
        let items: Vec<Vec<u64>> = (0..50).map(|size| vec![size]).collect();
        let workload = Workload::new("w", vec![100], items, "")
            .unwrap()
            .with_optimum(13);
        let shuffled = workload.shuffled(3);
        assert_eq!(shuffled, workload.shuffled(3));
        assert_ne!(shuffled.items, workload.items);
        assert_ne!(shuffled.items, workload.shuffled(4).items);
        let mut sorted = shuffled.items.clone();
        sorted.sort();
        assert_eq!(sorted, workload.items);
        assert_eq!(shuffled.optimum, Some(13));
        assert_eq!(shuffled.name, "w~shuffled3");
    }
}
