//! [`pack()`]: packs a whole workload with one heuristic into as many identical bins as it needs.

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

use crate::error::PackError;
use crate::heuristic::Heuristic;
use crate::normalise::Normaliser;
use crate::score::Score;
use crate::workload::Workload;

/// The result of packing a workload: how many bins were opened and which bin holds each item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packing {
    /// The heuristic that produced this packing.
    pub heuristic: Heuristic,
    /// The number of bins opened; bins are numbered `0..bins_used` in opening order.
    pub bins_used: u64,
    /// The bin of each item, indexed like [`Workload::items`].
    pub bin_of_item: Vec<usize>,
}

impl Packing {
    /// Returns the load of every bin, one vector per bin with one entry per dimension.
    pub fn bin_loads(&self, workload: &Workload) -> Vec<Vec<u64>> {
        let bin_count = usize::try_from(self.bins_used)
            .unwrap_or(usize::MAX)
            .min(self.bin_of_item.len());
        let mut loads = vec![vec![0u64; workload.dimensions()]; bin_count];
        for (item, &bin) in workload.items.iter().zip(&self.bin_of_item) {
            if let Some(load) = loads.get_mut(bin) {
                for (total, &size) in load.iter_mut().zip(item) {
                    *total = total.saturating_add(size);
                }
            }
        }
        loads
    }

    /// Checks the packing against `workload`: every item is assigned to a bin below
    /// `bins_used`, every bin is non-empty and no bin exceeds the capacity in any dimension.
    pub fn is_feasible(&self, workload: &Workload) -> bool {
        if self.bin_of_item.len() != workload.items.len() {
            return false;
        }
        let Ok(bin_count) = usize::try_from(self.bins_used) else {
            return false;
        };
        if self.bin_of_item.iter().any(|&bin| bin >= bin_count) {
            return false;
        }
        let mut used = vec![false; bin_count];
        for &bin in &self.bin_of_item {
            used[bin] = true;
        }
        used.iter().all(|&is_used| is_used)
            && self.bin_loads(workload).iter().all(|load| {
                load.len() == workload.capacity.len()
                    && load
                        .iter()
                        .zip(&workload.capacity)
                        .all(|(total, capacity)| total <= capacity)
            })
    }
}

/// Packs `workload` with `heuristic`, opening a new bin whenever no open bin fits the next item.
///
/// Offline heuristics first sort the items ([`Heuristic::placement_order`]); online ones take
/// them in order.
/// Every bin choice scans the open bins, so the cost is `O(items × bins × dimensions)`;
/// first-fit allocates nothing per item.
/// `seed` drives `random` and is ignored by the other heuristics.
/// Fails if the workload is invalid ([`Workload::validate`]), for example if an item is larger
/// than the capacity.
pub fn pack(heuristic: Heuristic, workload: &Workload, seed: u64) -> Result<Packing, PackError> {
    workload.validate()?;
    let capacity = &workload.capacity;
    let dimensions = capacity.len();
    let order = heuristic.placement_order(capacity, &workload.items);
    let normaliser = Normaliser::new(capacity);
    let mut rng = Pcg64Mcg::seed_from_u64(seed);

    // Free capacity of bin b in dimension i is `remaining[b * dimensions + i]`.
    let mut remaining: Vec<u64> = Vec::new();
    let mut items_in_bin: Vec<u32> = Vec::new();
    let mut feasible_bins: Vec<usize> = Vec::new();
    let mut bin_of_item = vec![0usize; workload.items.len()];

    for item_index in order {
        let item = &workload.items[item_index];
        let fits = |free: &[u64]| {
            item.iter()
                .zip(free)
                .all(|(size, available)| size <= available)
        };
        let chosen = match heuristic {
            Heuristic::FirstFit | Heuristic::FfdSize | Heuristic::FfdMax | Heuristic::FfdL2 => {
                remaining.chunks_exact(dimensions).position(fits)
            }
            Heuristic::Random => {
                feasible_bins.clear();
                feasible_bins.extend(
                    remaining
                        .chunks_exact(dimensions)
                        .enumerate()
                        .filter(|(_, free)| fits(free))
                        .map(|(bin, _)| bin),
                );
                if feasible_bins.is_empty() {
                    None
                } else {
                    Some(feasible_bins[rng.random_range(0..feasible_bins.len())])
                }
            }
            _ => {
                let mut best: Option<(Score, usize)> = None;
                for (bin, free) in remaining.chunks_exact(dimensions).enumerate() {
                    let score =
                        heuristic.score_with(&normaliser, capacity, free, item, items_in_bin[bin]);
                    if let Some(score) = score
                        && best.is_none_or(|(best_score, _)| score < best_score)
                    {
                        best = Some((score, bin));
                    }
                }
                best.map(|(_, bin)| bin)
            }
        };
        let bin = match chosen {
            Some(bin) => bin,
            None => {
                remaining.extend_from_slice(capacity);
                items_in_bin.push(0);
                items_in_bin.len() - 1
            }
        };
        for (free, &size) in remaining[bin * dimensions..(bin + 1) * dimensions]
            .iter_mut()
            .zip(item)
        {
            // The bin was chosen because the item fits, or is new and the item fits an empty bin.
            *free -= size;
        }
        items_in_bin[bin] = items_in_bin[bin].saturating_add(1);
        bin_of_item[item_index] = bin;
    }

    let packing = Packing {
        heuristic,
        bins_used: items_in_bin.len() as u64,
        bin_of_item,
    };
    debug_assert!(
        packing.is_feasible(workload),
        "{heuristic} produced an infeasible packing"
    );
    Ok(packing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_dimensional(capacity: u64, sizes: &[u64]) -> Workload {
        Workload::new(
            "t",
            vec![capacity],
            sizes.iter().map(|&size| vec![size]).collect(),
            "",
        )
        .unwrap()
    }

    #[test]
    fn first_fit_fills_earlier_bins_first() {
        // Bins of 10: 6 → bin 0, 5 → bin 1, 4 → bin 0 (6 + 4), 5 → bin 1 (5 + 5), 3 → bin 2.
        let packing = pack(
            Heuristic::FirstFit,
            &one_dimensional(10, &[6, 5, 4, 5, 3]),
            0,
        )
        .unwrap();
        assert_eq!(packing.bin_of_item, [0, 1, 0, 1, 2]);
        assert_eq!(packing.bins_used, 3);
    }

    #[test]
    fn best_fit_and_worst_fit_differ_as_expected() {
        // Bins of 10 after 6 and 7: bin 0 has 4 free, bin 1 has 3 free; a 3 goes to bin 1 under
        // best fit and to bin 0 under worst fit.
        let workload = one_dimensional(10, &[6, 7, 3]);
        assert_eq!(
            pack(Heuristic::BestFit, &workload, 0).unwrap().bin_of_item,
            [0, 1, 1]
        );
        assert_eq!(
            pack(Heuristic::WorstFit, &workload, 0).unwrap().bin_of_item,
            [0, 1, 0]
        );
    }

    #[test]
    fn oversized_items_are_errors() {
        let workload = Workload {
            capacity: vec![10],
            items: vec![vec![11]],
            ..one_dimensional(10, &[])
        };
        assert!(matches!(
            pack(Heuristic::FirstFit, &workload, 0),
            Err(PackError::ItemTooLarge { .. })
        ));
    }

    #[test]
    fn empty_workload_uses_no_bins() {
        let packing = pack(Heuristic::Random, &one_dimensional(10, &[]), 0).unwrap();
        assert_eq!(packing.bins_used, 0);
        assert!(packing.is_feasible(&one_dimensional(10, &[])));
    }

    #[test]
    fn feasibility_check_catches_overfull_and_empty_bins() {
        let workload = one_dimensional(10, &[6, 5]);
        let overfull = Packing {
            heuristic: Heuristic::FirstFit,
            bins_used: 1,
            bin_of_item: vec![0, 0],
        };
        assert!(!overfull.is_feasible(&workload));
        let gap = Packing {
            heuristic: Heuristic::FirstFit,
            bins_used: 3,
            bin_of_item: vec![0, 2],
        };
        assert!(!gap.is_feasible(&workload));
        let good = Packing {
            heuristic: Heuristic::FirstFit,
            bins_used: 2,
            bin_of_item: vec![1, 0],
        };
        assert!(good.is_feasible(&workload));
    }
}
