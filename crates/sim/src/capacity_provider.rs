//! Capacity provider strategies (§3.4, API `CapacityProviderStrategyItem`): `base` tasks go to
//! the provider that sets it first, the rest are split by `weight`.

/// A capacity provider ecsim models.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum CapacityProvider {
    /// Fargate On-Demand.
    Fargate,
    /// Fargate Spot.
    FargateSpot,
}

impl CapacityProvider {
    /// The ECS name.
    pub fn as_str(self) -> &'static str {
        match self {
            CapacityProvider::Fargate => "FARGATE",
            CapacityProvider::FargateSpot => "FARGATE_SPOT",
        }
    }

    /// Index for per-provider arrays.
    pub fn idx(self) -> usize {
        self as usize
    }
}

/// One item of a `capacityProviderStrategy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StrategyItem {
    /// Provider.
    pub provider: CapacityProvider,
    /// Minimum number of tasks on this provider, filled first (0–100000; one item at most).
    pub base: u32,
    /// Relative share of the tasks beyond the bases (0–1000).
    pub weight: u32,
}

/// How many of `desired` tasks each item should run: the bases first, then the remaining tasks
/// one at a time to the item with the largest `weight / (assigned + 1)` (the D'Hondt method,
/// which keeps every prefix of the sequence as close to the weights as integers allow); ties go
/// to the item listed first. The exact rounding ECS uses for uneven splits is undocumented.
pub fn split(items: &[StrategyItem], desired: u32) -> Vec<u32> {
    let pairs: Vec<(u32, u32)> = items.iter().map(|it| (it.base, it.weight)).collect();
    split_counts(&pairs, desired)
}

/// `split` over plain (base, weight) pairs.
pub fn split_counts(items: &[(u32, u32)], desired: u32) -> Vec<u32> {
    let mut counts = vec![0u32; items.len()];
    let mut left = desired;
    for (i, &(base, _)) in items.iter().enumerate() {
        let b = base.min(left);
        counts[i] += b;
        left -= b;
    }
    let mut by_weight = vec![0u32; items.len()];
    for _ in 0..left {
        let mut best: Option<usize> = None;
        for (i, &(_, weight)) in items.iter().enumerate() {
            if weight == 0 {
                continue;
            }
            // Compare weight_i / (n_i + 1) > weight_b / (n_b + 1) without division.
            let better = best.is_none_or(|b| {
                weight as u64 * (by_weight[b] as u64 + 1)
                    > items[b].1 as u64 * (by_weight[i] as u64 + 1)
            });
            if better {
                best = Some(i);
            }
        }
        match best {
            Some(i) => {
                by_weight[i] += 1;
                counts[i] += 1;
            }
            None => break,
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use CapacityProvider::*;

    fn item(provider: CapacityProvider, base: u32, weight: u32) -> StrategyItem {
        StrategyItem {
            provider,
            base,
            weight,
        }
    }

    #[test]
    fn base_first_then_weights() {
        // DG example shape: base 2 on FARGATE, then 1:3 over 8 tasks.
        let s = [item(Fargate, 2, 1), item(FargateSpot, 0, 3)];
        assert_eq!(split(&s, 10), vec![4, 6]);
        assert_eq!(split(&s, 2), vec![2, 0]);
        assert_eq!(split(&s, 1), vec![1, 0]);
        assert_eq!(split(&s, 6), vec![3, 3]);
    }

    #[test]
    fn weights_only() {
        let s = [item(Fargate, 0, 1), item(FargateSpot, 0, 4)];
        assert_eq!(split(&s, 5), vec![1, 4]);
        assert_eq!(split(&s, 10), vec![2, 8]);
        let even = [item(Fargate, 0, 1), item(FargateSpot, 0, 1)];
        assert_eq!(split(&even, 3), vec![2, 1]);
    }

    #[test]
    fn zero_weight_gets_only_its_base() {
        let s = [item(Fargate, 3, 0), item(FargateSpot, 0, 1)];
        assert_eq!(split(&s, 10), vec![3, 7]);
    }

    #[test]
    fn every_prefix_sums_to_desired() {
        let s = [item(Fargate, 1, 2), item(FargateSpot, 0, 5)];
        for n in 0..50 {
            assert_eq!(split(&s, n).iter().sum::<u32>(), n);
        }
    }
}
