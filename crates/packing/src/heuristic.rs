//! [`Heuristic`]: the placement rules, their kebab-case names and the pure per-bin scoring function.

use std::fmt;
use std::str::FromStr;

use crate::normalise::Normaliser;
use crate::resource::Resource;
use crate::score::Score;

/// A placement heuristic for vector bin packing.
///
/// Online heuristics place items one at a time in arrival order; offline heuristics first sort
/// the whole list (stably, by a decreasing size key) and then place items in that order.
/// "Normalised" means each dimension divided by the bin capacity in that dimension.
/// Every heuristic places an item only into a bin where it fits in every dimension, and opens a
/// new bin when no open bin fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Heuristic {
    /// ECS `binpack` on CPU: the feasible bin with the least remaining CPU units.
    EcsBinpackCpu,
    /// ECS `binpack` on memory: the feasible bin with the least remaining memory.
    EcsBinpackMemory,
    /// Spread by instance: the feasible bin holding the fewest items.
    Spread,
    /// Uniformly random among the feasible bins (seeded).
    Random,
    /// The feasible bin with the lowest index.
    FirstFit,
    /// The feasible bin with the least normalised remaining capacity (summed over dimensions) after placing.
    BestFit,
    /// The feasible bin with the most normalised remaining capacity (summed over dimensions) after placing.
    WorstFit,
    /// The feasible bin maximising the dot product of normalised demand and normalised remaining capacity (Panigrahy et al. 2011).
    DotProduct,
    /// The feasible bin minimising the L2 norm of the normalised remaining capacity after placing (Panigrahy et al. 2011).
    L2NormDiff,
    /// The feasible bin maximising the cosine similarity between demand and remaining capacity.
    Cosine,
    /// First-fit decreasing by the sum of normalised sizes.
    FfdSize,
    /// Best-fit decreasing by the sum of normalised sizes.
    BfdSize,
    /// First-fit decreasing by the largest normalised size.
    FfdMax,
    /// Best-fit decreasing by the largest normalised size.
    BfdMax,
    /// First-fit decreasing by the L2 norm of normalised sizes.
    FfdL2,
    /// Best-fit decreasing by the L2 norm of normalised sizes.
    BfdL2,
}

/// The key by which an offline heuristic sorts items (decreasing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortKey {
    Sum,
    Max,
    L2,
}

impl Heuristic {
    /// Every heuristic, online ones first, in the order used for benchmark tables.
    pub const ALL: [Heuristic; 16] = [
        Heuristic::EcsBinpackCpu,
        Heuristic::EcsBinpackMemory,
        Heuristic::Spread,
        Heuristic::Random,
        Heuristic::FirstFit,
        Heuristic::BestFit,
        Heuristic::WorstFit,
        Heuristic::DotProduct,
        Heuristic::L2NormDiff,
        Heuristic::Cosine,
        Heuristic::FfdSize,
        Heuristic::BfdSize,
        Heuristic::FfdMax,
        Heuristic::BfdMax,
        Heuristic::FfdL2,
        Heuristic::BfdL2,
    ];

    /// Returns the kebab-case name used on the command line and in CSV output.
    pub fn name(self) -> &'static str {
        match self {
            Heuristic::EcsBinpackCpu => "ecs-binpack-cpu",
            Heuristic::EcsBinpackMemory => "ecs-binpack-memory",
            Heuristic::Spread => "spread",
            Heuristic::Random => "random",
            Heuristic::FirstFit => "first-fit",
            Heuristic::BestFit => "best-fit",
            Heuristic::WorstFit => "worst-fit",
            Heuristic::DotProduct => "dot-product",
            Heuristic::L2NormDiff => "l2-norm-diff",
            Heuristic::Cosine => "cosine",
            Heuristic::FfdSize => "ffd-size",
            Heuristic::BfdSize => "bfd-size",
            Heuristic::FfdMax => "ffd-max",
            Heuristic::BfdMax => "bfd-max",
            Heuristic::FfdL2 => "ffd-l2",
            Heuristic::BfdL2 => "bfd-l2",
        }
    }

    /// Returns true for heuristics that sort the whole item list before placing.
    pub fn is_offline(self) -> bool {
        self.sort_key().is_some()
    }

    /// Returns true if ties between equally scored bins are broken uniformly at random (only
    /// `random`); every other heuristic breaks ties by the lowest bin index.
    pub fn breaks_ties_randomly(self) -> bool {
        self == Heuristic::Random
    }

    fn sort_key(self) -> Option<SortKey> {
        match self {
            Heuristic::FfdSize | Heuristic::BfdSize => Some(SortKey::Sum),
            Heuristic::FfdMax | Heuristic::BfdMax => Some(SortKey::Max),
            Heuristic::FfdL2 | Heuristic::BfdL2 => Some(SortKey::L2),
            _ => None,
        }
    }

    /// Scores placing `item` into one candidate bin; `None` if it does not fit, otherwise a key
    /// where smaller is better.
    ///
    /// `capacity` is the bin's total capacity, `remaining` its free capacity before placing and
    /// `items_in_bin` the number of items it already holds (used by `spread`; for ECS semantics
    /// pass the number of tasks of the same service or task group); all slices have
    /// one entry per dimension (see [`Resource`] for the CPU/memory convention).
    /// Returns `None` as well when the slices are empty or differ in length.
    /// Candidates with equal scores are tied: see [`Heuristic::breaks_ties_randomly`].
    /// First-fit and random give every feasible bin [`Score::ZERO`].
    /// Offline heuristics score like their placement rule (FFD as first-fit, BFD as best-fit);
    /// their sorting happens in [`crate::pack()`] or [`Heuristic::placement_order`].
    /// Scores of bins with different capacities are comparable: they use normalised values,
    /// except ECS binpack, which like ECS compares absolute remaining amounts.
    pub fn online_score(
        self,
        capacity: &[u64],
        remaining: &[u64],
        item: &[u64],
        items_in_bin: u32,
    ) -> Option<Score> {
        let needs_normaliser = matches!(
            self,
            Heuristic::BestFit
                | Heuristic::WorstFit
                | Heuristic::DotProduct
                | Heuristic::L2NormDiff
                | Heuristic::Cosine
                | Heuristic::BfdSize
                | Heuristic::BfdMax
                | Heuristic::BfdL2
        );
        let normaliser = if needs_normaliser {
            Normaliser::new(capacity)
        } else {
            // Never read by the scores that need no normalisation.
            Normaliser::new(&[])
        };
        self.score_with(&normaliser, capacity, remaining, item, items_in_bin)
    }

    /// [`Heuristic::online_score`] with a normaliser prepared once for `capacity`.
    pub(crate) fn score_with(
        self,
        normaliser: &Normaliser,
        capacity: &[u64],
        remaining: &[u64],
        item: &[u64],
        items_in_bin: u32,
    ) -> Option<Score> {
        let dimensions = capacity.len();
        if dimensions == 0 || remaining.len() != dimensions || item.len() != dimensions {
            return None;
        }
        if item.iter().zip(remaining).any(|(size, free)| size > free) {
            return None;
        }
        let after = |dimension: usize| remaining[dimension] - item[dimension];
        let score = match self {
            Heuristic::EcsBinpackCpu => remaining_of(Resource::CpuUnits, remaining),
            Heuristic::EcsBinpackMemory => remaining_of(Resource::MemoryMib, remaining),
            Heuristic::Spread => Score::from_u64(u64::from(items_in_bin)),
            Heuristic::Random
            | Heuristic::FirstFit
            | Heuristic::FfdSize
            | Heuristic::FfdMax
            | Heuristic::FfdL2 => Score::ZERO,
            Heuristic::BestFit | Heuristic::BfdSize | Heuristic::BfdMax | Heuristic::BfdL2 => {
                Score::new(normaliser.sum(capacity, after))
            }
            Heuristic::WorstFit => Score::new(-normaliser.sum(capacity, after)),
            Heuristic::DotProduct => {
                Score::new(-normaliser.dot(capacity, |i| item[i], |i| remaining[i]))
            }
            Heuristic::L2NormDiff => Score::new(normaliser.square_norm(capacity, after)),
            Heuristic::Cosine => {
                Score::new(-normaliser.cosine(capacity, |i| item[i], |i| remaining[i]))
            }
        };
        Some(score)
    }

    /// Returns the order in which [`crate::pack()`] places `items`: arrival order for online
    /// heuristics, a stable sort by decreasing size key for offline ones.
    ///
    /// Items of equal key keep their arrival order, so the result depends only on the input.
    pub fn placement_order(self, capacity: &[u64], items: &[Vec<u64>]) -> Vec<usize> {
        let mut order: Vec<usize> = (0..items.len()).collect();
        let Some(sort_key) = self.sort_key() else {
            return order;
        };
        let normaliser = Normaliser::new(capacity);
        let keys: Vec<Score> = items
            .iter()
            .map(|item| {
                let component = |dimension: usize| item.get(dimension).copied().unwrap_or(0);
                Score::new(match sort_key {
                    SortKey::Sum => normaliser.sum(capacity, component),
                    SortKey::Max => normaliser.max(capacity, component),
                    // The squared norm orders items exactly like the norm.
                    SortKey::L2 => normaliser.square_norm(capacity, component),
                })
            })
            .collect();
        // `sort_by` is stable: equal keys keep arrival order.
        order.sort_by(|&a, &b| keys[b].cmp(&keys[a]));
        order
    }
}

fn remaining_of(resource: Resource, remaining: &[u64]) -> Score {
    match resource.dimension(remaining.len()) {
        Some(dimension) => Score::from_u64(remaining[dimension]),
        // The resource is absent (CPU in a memory-only instance): every bin ties.
        None => Score::ZERO,
    }
}

impl fmt::Display for Heuristic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error for a heuristic name that [`Heuristic::from_str`] does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownHeuristic(pub String);

impl fmt::Display for UnknownHeuristic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown heuristic `{}`; expected one of", self.0)?;
        for (position, heuristic) in Heuristic::ALL.iter().enumerate() {
            let separator = if position == 0 { " " } else { ", " };
            write!(f, "{separator}{heuristic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownHeuristic {}

impl FromStr for Heuristic {
    type Err = UnknownHeuristic;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Heuristic::ALL
            .into_iter()
            .find(|heuristic| heuristic.name() == name)
            .ok_or_else(|| UnknownHeuristic(name.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAPACITY: [u64; 2] = [2048, 7985];

    /// Returns the index of the best-scored bin, ties to the lowest index.
    fn choose(
        heuristic: Heuristic,
        remaining: &[[u64; 2]],
        counts: &[u32],
        item: [u64; 2],
    ) -> Option<usize> {
        let mut best: Option<(Score, usize)> = None;
        for (index, bin) in remaining.iter().enumerate() {
            if let Some(score) = heuristic.online_score(&CAPACITY, bin, &item, counts[index])
                && best.is_none_or(|(best_score, _)| score < best_score)
            {
                best = Some((score, index));
            }
        }
        best.map(|(_, index)| index)
    }

    #[test]
    fn names_round_trip_and_are_unique() {
        for heuristic in Heuristic::ALL {
            assert_eq!(heuristic.to_string().parse::<Heuristic>(), Ok(heuristic));
        }
        let mut names: Vec<&str> = Heuristic::ALL.iter().map(|h| h.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Heuristic::ALL.len());
        let error = "ffd".parse::<Heuristic>().unwrap_err();
        assert!(error.to_string().contains("ffd-size"), "{error}");
    }

    #[test]
    fn offline_heuristics_are_the_sorting_ones() {
        let offline: Vec<&str> = Heuristic::ALL
            .iter()
            .filter(|h| h.is_offline())
            .map(|h| h.name())
            .collect();
        assert_eq!(
            offline,
            [
                "ffd-size", "bfd-size", "ffd-max", "bfd-max", "ffd-l2", "bfd-l2"
            ]
        );
    }

    #[test]
    fn ecs_binpack_picks_the_tightest_bin_that_fits() {
        // Remaining CPU 2000 in bin 0 and 1000 in bin 1; memory is plentiful in both.
        let remaining = [[2000, 7000], [1000, 7000]];
        let counts = [0, 0];
        assert_eq!(
            choose(Heuristic::EcsBinpackCpu, &remaining, &counts, [512, 100]),
            Some(1)
        );
        assert_eq!(
            choose(Heuristic::EcsBinpackCpu, &remaining, &counts, [1500, 100]),
            Some(0)
        );
        assert_eq!(
            choose(Heuristic::EcsBinpackCpu, &remaining, &counts, [2001, 100]),
            None
        );
        // Same on memory, with CPU the same in both bins.
        let remaining = [[2048, 2000], [2048, 1000]];
        assert_eq!(
            choose(Heuristic::EcsBinpackMemory, &remaining, &counts, [1, 512]),
            Some(1)
        );
        assert_eq!(
            choose(Heuristic::EcsBinpackMemory, &remaining, &counts, [1, 1500]),
            Some(0)
        );
    }

    #[test]
    fn ecs_binpack_breaks_ties_by_lowest_index() {
        let remaining = [[500, 7000], [1000, 100], [1000, 7000]];
        assert_eq!(
            choose(Heuristic::EcsBinpackCpu, &remaining, &[0, 0, 0], [600, 200]),
            Some(2)
        );
        assert_eq!(
            choose(Heuristic::EcsBinpackCpu, &remaining, &[0, 0, 0], [600, 50]),
            Some(1)
        );
    }

    #[test]
    fn ecs_binpack_cpu_on_memory_only_bins_is_first_fit() {
        let capacity = [100];
        let score_a = Heuristic::EcsBinpackCpu.online_score(&capacity, &[90], &[10], 0);
        let score_b = Heuristic::EcsBinpackCpu.online_score(&capacity, &[20], &[10], 0);
        assert_eq!(score_a, score_b);
        let tight = Heuristic::EcsBinpackMemory.online_score(&capacity, &[20], &[10], 0);
        let loose = Heuristic::EcsBinpackMemory.online_score(&capacity, &[90], &[10], 0);
        assert!(tight < loose);
    }

    #[test]
    fn spread_picks_the_bin_with_fewest_items() {
        let remaining = [[2048, 7985], [2048, 7985], [100, 7985], [2048, 7985]];
        assert_eq!(
            choose(Heuristic::Spread, &remaining, &[3, 2, 0, 2], [512, 512]),
            Some(1)
        );
        assert_eq!(
            choose(Heuristic::Spread, &remaining, &[3, 2, 0, 2], [50, 512]),
            Some(2)
        );
    }

    #[test]
    fn first_fit_picks_the_lowest_feasible_index() {
        let remaining = [[100, 7985], [1000, 100], [1000, 7985], [2048, 7985]];
        assert_eq!(
            choose(Heuristic::FirstFit, &remaining, &[0; 4], [512, 512]),
            Some(2)
        );
    }

    #[test]
    fn best_and_worst_fit_use_normalised_remaining_capacity() {
        // After placing [512, 1024]: bin 0 keeps (1024/2048 + 1000/7985) ≈ 0.625,
        // bin 1 keeps (0 + 4000/7985) ≈ 0.501, bin 2 keeps (1536/2048 + 6961/7985) ≈ 1.62.
        let remaining = [[1536, 2024], [512, 5024], [2048, 7985]];
        assert_eq!(
            choose(Heuristic::BestFit, &remaining, &[0; 3], [512, 1024]),
            Some(1)
        );
        assert_eq!(
            choose(Heuristic::WorstFit, &remaining, &[0; 3], [512, 1024]),
            Some(2)
        );
    }

    #[test]
    fn panigrahy_scores_prefer_matching_shapes() {
        // A CPU-heavy item: bin 0 has spare CPU, bin 1 spare memory, same total normalised room.
        let remaining = [[2048, 1000], [300, 7985]];
        let item = [256, 128];
        assert_eq!(
            choose(Heuristic::DotProduct, &remaining, &[0; 2], item),
            Some(0)
        );
        assert_eq!(
            choose(Heuristic::Cosine, &remaining, &[0; 2], item),
            Some(0)
        );
        // L2 of what is left: bin 0 leaves ≈ (0.875, 0.109), bin 1 ≈ (0.021, 0.984).
        assert_eq!(
            choose(Heuristic::L2NormDiff, &remaining, &[0; 2], item),
            Some(0)
        );
        let remaining = [[1800, 7985], [2048, 2000]];
        assert_eq!(
            choose(Heuristic::L2NormDiff, &remaining, &[0; 2], item),
            Some(1)
        );
    }

    #[test]
    fn invalid_slices_do_not_fit() {
        assert_eq!(Heuristic::FirstFit.online_score(&[], &[], &[], 0), None);
        assert_eq!(
            Heuristic::FirstFit.online_score(&[10, 10], &[10], &[1, 1], 0),
            None
        );
    }

    #[test]
    fn offline_order_is_decreasing_and_stable() {
        let capacity = [10, 10];
        let items = vec![vec![1, 1], vec![5, 1], vec![1, 5], vec![3, 3], vec![6, 0]];
        // Sums: 2, 6, 6, 6, 6 → the four sixes keep arrival order.
        assert_eq!(
            Heuristic::FfdSize.placement_order(&capacity, &items),
            [1, 2, 3, 4, 0]
        );
        // Maxima: 1, 5, 5, 3, 6.
        assert_eq!(
            Heuristic::FfdMax.placement_order(&capacity, &items),
            [4, 1, 2, 3, 0]
        );
        // Squared norms: 2, 26, 26, 18, 36.
        assert_eq!(
            Heuristic::BfdL2.placement_order(&capacity, &items),
            [4, 1, 2, 3, 0]
        );
        assert_eq!(
            Heuristic::Cosine.placement_order(&capacity, &items),
            [0, 1, 2, 3, 4]
        );
    }
}
