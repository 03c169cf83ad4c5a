//! Lower bounds on the optimal number of bins: the continuous bound L1 and Martello and Toth's L2.
//!
//! A vector packing is also a feasible one-dimensional packing in each dimension separately (a
//! bin that respects every capacity respects each one), so any one-dimensional lower bound of any
//! single dimension is a valid lower bound for the vector problem.
//! [`lower_bound()`] takes the largest of those and of a genuinely vector bound,
//! [`incompatibility_clique_bound`].

use crate::heuristic::Heuristic;
use crate::workload::Workload;

/// The continuous bound L1: the maximum over dimensions of `ceil(total size / capacity)`.
///
/// Returns 0 for a workload without items; dimensions with zero capacity are ignored.
pub fn continuous_bound(workload: &Workload) -> u64 {
    workload
        .capacity
        .iter()
        .enumerate()
        .filter(|&(_, &capacity)| capacity > 0)
        .map(|(dimension, &capacity)| ceil_ratio(workload.total_size(dimension), capacity))
        .max()
        .unwrap_or(0)
}

/// Martello and Toth's bound L2 for one-dimensional bin packing of `sizes` into bins of
/// `capacity` (S. Martello and P. Toth, "Lower bounds and reduction procedures for the bin
/// packing problem", Discrete Applied Mathematics 28 (1990) 59–70).
///
/// For an integer `K` with `0 ≤ K ≤ C/2`, let `J1` be the items larger than `C − K`, `J2` those
/// in `(C/2, C − K]` and `J3` those in `[K, C/2]`.
/// No two items of `J1 ∪ J2` share a bin and no `J3` item fits with a `J1` item, so
/// `L(K) = |J1| + |J2| + max(0, ceil((Σ J3 − (|J2|·C − Σ J2)) / C))` bins are needed.
/// L2 is the maximum of `L(K)`; it is attained at `K = 0` or at an item size at most `C/2`, so
/// only those values are tried, in `O(n log n)` time. L2 ≥ L1.
/// Sizes larger than the capacity are counted as needing a bin of their own; a zero capacity
/// gives 0.
pub fn martello_toth_l2(sizes: &[u64], capacity: u64) -> u64 {
    if capacity == 0 || sizes.is_empty() {
        return 0;
    }
    let capacity_wide = u128::from(capacity);
    let mut sorted = sizes.to_vec();
    sorted.sort_unstable();
    // prefix[i] = sum of the i smallest sizes.
    let mut prefix: Vec<u128> = Vec::with_capacity(sorted.len() + 1);
    prefix.push(0);
    for &size in &sorted {
        let last = prefix[prefix.len() - 1];
        prefix.push(last + u128::from(size));
    }
    let sum_between = |from: usize, to: usize| prefix[to] - prefix[from];
    // Items from `first_large` on are larger than C/2 (2s > C).
    let first_large = sorted.partition_point(|&size| u128::from(size) * 2 <= capacity_wide);

    let mut candidates: Vec<u64> = vec![0];
    candidates.extend_from_slice(&sorted[..first_large]);
    candidates.dedup();

    let mut best = 0;
    for k in candidates {
        // J1: s > C − K; since K ≤ C/2, these are all among the large items.
        let first_j1 = sorted
            .partition_point(|&size| size <= capacity - k)
            .max(first_large);
        let first_j3 = sorted.partition_point(|&size| size < k);
        let count_j1 = (sorted.len() - first_j1) as u64;
        let count_j2 = (first_j1 - first_large) as u64;
        let size_j2 = sum_between(first_large, first_j1);
        let size_j3 = sum_between(first_j3.min(first_large), first_large);
        let free_in_j2_bins = u128::from(count_j2) * capacity_wide - size_j2;
        let extra_bins = if size_j3 > free_in_j2_bins {
            ceil_ratio(size_j3 - free_in_j2_bins, capacity)
        } else {
            0
        };
        best = best.max(count_j1 + count_j2 + extra_bins);
    }
    best
}

/// The largest workload for which [`incompatibility_clique_bound`] also runs Johnson's
/// quadratic clique heuristic.
pub const JOHNSON_CLIQUE_MAX_ITEMS: usize = 4096;

/// A lower bound from items that pairwise cannot share a bin.
///
/// Two items are incompatible when their sum exceeds the capacity in some dimension; a set of
/// pairwise incompatible items (a clique of the incompatibility graph) needs one bin per item.
/// Cliques are grown greedily, keeping each item that is incompatible with all items kept so
/// far, with items in decreasing order of each single dimension and of the sum of normalised
/// sizes (`O(n log n + n × clique × d)` each).
/// For vector workloads of at most [`JOHNSON_CLIQUE_MAX_ITEMS`] items, Johnson's degree-based
/// greedy clique (D. S. Johnson, "Approximation algorithms for combinatorial problems", JCSS 9,
/// 1974) is tried too, in `O(n² × d)` time and `n²` bits, as in Mommessin, Erlebach and
/// Shakhlevich (C&OR 2025).
/// The largest clique found is returned.
pub fn incompatibility_clique_bound(workload: &Workload) -> u64 {
    let capacity = &workload.capacity;
    let mut orders: Vec<Vec<usize>> = (0..capacity.len())
        .map(|dimension| {
            let mut order: Vec<usize> = (0..workload.items.len()).collect();
            let size = |index: usize| workload.items[index].get(dimension).copied().unwrap_or(0);
            order.sort_by_key(|&index| std::cmp::Reverse(size(index)));
            order
        })
        .collect();
    if capacity.len() > 1 {
        orders.push(Heuristic::FfdSize.placement_order(capacity, &workload.items));
    }
    let mut best = 0;
    let mut clique: Vec<usize> = Vec::new();
    for order in orders {
        clique.clear();
        for index in order {
            let item = &workload.items[index];
            if clique
                .iter()
                .all(|&member| incompatible(capacity, item, &workload.items[member]))
            {
                clique.push(index);
            }
        }
        best = best.max(clique.len() as u64);
    }
    // In one dimension the size-ordered greedy already finds a maximum clique (every item above
    // half the capacity, plus possibly one that conflicts with the smallest of them).
    if capacity.len() > 1 && workload.items.len() <= JOHNSON_CLIQUE_MAX_ITEMS {
        best = best.max(johnson_clique(capacity, &workload.items));
    }
    best
}

/// Returns true if the two items together exceed the capacity in some dimension.
fn incompatible(capacity: &[u64], a: &[u64], b: &[u64]) -> bool {
    a.iter()
        .zip(b)
        .zip(capacity)
        .any(|((&size_a, &size_b), &limit)| {
            size_a.checked_add(size_b).is_none_or(|sum| sum > limit)
        })
}

/// Johnson's greedy clique: repeatedly take the remaining item with the most remaining
/// incompatible neighbours (lowest index on ties) and keep only its neighbours.
fn johnson_clique(capacity: &[u64], items: &[Vec<u64>]) -> u64 {
    let item_count = items.len();
    let words_per_row = item_count.div_ceil(64);
    let mut adjacency = vec![0u64; item_count * words_per_row];
    let mut degree = vec![0usize; item_count];
    for first in 0..item_count {
        for second in first + 1..item_count {
            if incompatible(capacity, &items[first], &items[second]) {
                adjacency[first * words_per_row + second / 64] |= 1 << (second % 64);
                adjacency[second * words_per_row + first / 64] |= 1 << (first % 64);
                degree[first] += 1;
                degree[second] += 1;
            }
        }
    }
    let adjacent =
        |a: usize, b: usize| adjacency[a * words_per_row + b / 64] & (1 << (b % 64)) != 0;
    let mut active = vec![true; item_count];
    let mut active_count = item_count;
    let mut clique_size = 0;
    while active_count > 0 {
        let mut chosen = None;
        for index in (0..item_count).filter(|&index| active[index]) {
            if chosen.is_none_or(|best: usize| degree[index] > degree[best]) {
                chosen = Some(index);
            }
        }
        let Some(chosen) = chosen else { break };
        clique_size += 1;
        // Drop every remaining item not adjacent to the chosen one, the chosen one included.
        for index in 0..item_count {
            if active[index] && !adjacent(chosen, index) {
                active[index] = false;
                active_count -= 1;
                let row = &adjacency[index * words_per_row..(index + 1) * words_per_row];
                for (word_index, &word) in row.iter().enumerate() {
                    let mut bits = word;
                    while bits != 0 {
                        degree[word_index * 64 + bits.trailing_zeros() as usize] -= 1;
                        bits &= bits - 1;
                    }
                }
            }
        }
    }
    clique_size
}

/// The best lower bound this crate knows for `workload`: the maximum of
/// [`martello_toth_l2`] over dimensions (which includes [`continuous_bound`]) and
/// [`incompatibility_clique_bound`].
pub fn lower_bound(workload: &Workload) -> u64 {
    let l2 = workload
        .capacity
        .iter()
        .enumerate()
        .map(|(dimension, &capacity)| martello_toth_l2(&workload.sizes_in(dimension), capacity))
        .max()
        .unwrap_or(0);
    l2.max(continuous_bound(workload))
        .max(incompatibility_clique_bound(workload))
}

/// `ceil(numerator / denominator)` saturated to `u64`, for a positive denominator.
fn ceil_ratio(numerator: u128, denominator: u64) -> u64 {
    u64::try_from(numerator.div_ceil(u128::from(denominator))).unwrap_or(u64::MAX)
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
    fn continuous_bound_rounds_up_the_fullest_dimension() {
        // CPU: 5 + 5 + 5 = 15 → ceil(15/10) = 2; memory: 9 + 9 + 9 = 27 → ceil(27/10) = 3.
        let workload = Workload::new(
            "t",
            vec![10, 10],
            vec![vec![5, 9], vec![5, 9], vec![5, 9]],
            "",
        )
        .unwrap();
        assert_eq!(continuous_bound(&workload), 3);
        assert_eq!(continuous_bound(&one_dimensional(10, &[5, 5])), 1);
        assert_eq!(continuous_bound(&one_dimensional(10, &[])), 0);
    }

    #[test]
    fn l2_exceeds_l1_when_large_items_cannot_share() {
        // Three items of 6 in bins of 10: L1 = ceil(18/10) = 2, but no two fit together, so
        // L2 (K = 0: |J2| = 3) = 3.
        let workload = one_dimensional(10, &[6, 6, 6]);
        assert_eq!(continuous_bound(&workload), 2);
        assert_eq!(martello_toth_l2(&[6, 6, 6], 10), 3);
        assert_eq!(lower_bound(&workload), 3);
    }

    #[test]
    fn l2_uses_k_to_exclude_small_items_from_large_bins() {
        // C = 100, sizes 60, 60, 45, 45, 45, 45. L1 = ceil(300/100) = 3.
        // K = 45: J1 = {s > 55} = both 60s, J2 = {}, J3 = {s in [45, 50]} = four 45s (180):
        // L = 2 + ceil(180/100) = 4. That is optimal: each 60 needs its own bin and no 45 fits
        // with a 60, and the four 45s need two more.
        let sizes = [60, 60, 45, 45, 45, 45];
        assert_eq!(continuous_bound(&one_dimensional(100, &sizes)), 3);
        assert_eq!(martello_toth_l2(&sizes, 100), 4);
        // With K = 0 only: 2 + ceil((180 − 80)/100) = 3, so the maximisation matters.
    }

    #[test]
    fn l2_on_odd_capacity_treats_half_exactly() {
        // C = 7: a size of 3 is ≤ C/2 = 3.5, a size of 4 is not.
        assert_eq!(martello_toth_l2(&[4, 4, 4], 7), 3);
        assert_eq!(martello_toth_l2(&[3, 3, 3], 7), 2);
        assert_eq!(martello_toth_l2(&[], 7), 0);
        assert_eq!(martello_toth_l2(&[3], 0), 0);
    }

    #[test]
    fn clique_bound_sees_conflicts_across_dimensions() {
        // Bins of [10, 10, 10] and items A = [6, 0, 6], B = [5, 6, 0], C = [0, 5, 5].
        // Each dimension holds sizes {6, 5, 0}: L1 = ceil(11/10) = 2 and L2 = 2 (K = 5: the 6
        // plus ceil(5/10)), yet every pair conflicts in a different dimension
        // (A+B = 11 in dimension 0, B+C = 11 in dimension 1, A+C = 11 in dimension 2), so
        // 3 bins are needed.
        let workload = Workload::new(
            "t",
            vec![10, 10, 10],
            vec![vec![6, 0, 6], vec![5, 6, 0], vec![0, 5, 5]],
            "",
        )
        .unwrap();
        assert_eq!(continuous_bound(&workload), 2);
        for dimension in 0..3 {
            assert_eq!(martello_toth_l2(&workload.sizes_in(dimension), 10), 2);
        }
        assert_eq!(incompatibility_clique_bound(&workload), 3);
        assert_eq!(lower_bound(&workload), 3);
        // Compatible items give a clique of one.
        let light = Workload::new("t", vec![10, 10], vec![vec![1, 1], vec![2, 2]], "").unwrap();
        assert_eq!(incompatibility_clique_bound(&light), 1);
    }

    #[test]
    fn johnson_clique_finds_a_maximum_clique_of_a_small_graph() {
        // Bins of [10, 10]. Every pair conflicts (sum above 10 in some dimension) except
        // items 0 and 1 ([9, 9]), so the maximum cliques are {0, 2, 3, 4} and {1, 2, 3, 4}.
        let items = vec![vec![9, 0], vec![0, 9], vec![2, 2], vec![2, 9], vec![9, 2]];
        assert_eq!(johnson_clique(&[10, 10], &items), 4);
        // Without the conflicts through item 2 the clique shrinks to {0, 3, 4}.
        let items = vec![vec![9, 0], vec![0, 9], vec![1, 1], vec![2, 9], vec![9, 2]];
        assert_eq!(johnson_clique(&[10, 10], &items), 3);
    }

    #[test]
    fn vector_bound_takes_the_strongest_dimension() {
        // Dimension 0 is light, dimension 1 has three items over half the capacity.
        let workload = Workload::new(
            "t",
            vec![10, 10],
            vec![vec![1, 6], vec![1, 6], vec![1, 6]],
            "",
        )
        .unwrap();
        assert_eq!(continuous_bound(&workload), 2);
        assert_eq!(lower_bound(&workload), 3);
    }
}
