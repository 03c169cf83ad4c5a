//! Seeded synthetic workloads: the 2017 talk's service mix, uniform and bimodal request sizes.

use std::fmt;
use std::str::FromStr;

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

use crate::workload::Workload;

/// The instance size of all synthetic workloads: an m4.large as ECS registers it,
/// `[cpu_units, memory_mib]` = 2 vCPU and 7985 MiB of the 8 GiB (the rest is kept by the OS and agent).
pub const TALK_MIX_CAPACITY: [u64; 2] = [2048, 7985];

/// One service of the talk mix with its task size and share of the tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TalkMixService {
    /// The service name.
    pub name: &'static str,
    /// CPU units per task.
    pub cpu_units: u64,
    /// Memory per task in MiB.
    pub memory_mib: u64,
    /// Share of all tasks, in percent.
    pub share_percent: u64,
}

/// The four services of the 2017 talk.
///
/// The talk's exact figures were lost; these are plausible values chosen to match its
/// description (a gRPC API, a content-ingest API and two nginx tiers on m4.large instances).
pub const TALK_MIX_SERVICES: [TalkMixService; 4] = [
    TalkMixService {
        name: "api-grpc",
        cpu_units: 512,
        memory_mib: 1024,
        share_percent: 40,
    },
    TalkMixService {
        name: "content-ingest-api",
        cpu_units: 1024,
        memory_mib: 2048,
        share_percent: 10,
    },
    TalkMixService {
        name: "web-nginx",
        cpu_units: 256,
        memory_mib: 512,
        share_percent: 30,
    },
    TalkMixService {
        name: "content-delivery-nginx",
        cpu_units: 256,
        memory_mib: 256,
        share_percent: 20,
    },
];

/// A family of synthetic workloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SyntheticKind {
    /// Tasks drawn from [`TALK_MIX_SERVICES`] with their shares as probabilities.
    TalkMix,
    /// CPU and memory drawn independently and uniformly from `[1, capacity / 2]`.
    Uniform,
    /// 70 % small tasks (each dimension uniform in `[1, capacity / 10]`) and 30 % large tasks
    /// (each dimension uniform in `[capacity / 3, 2 × capacity / 3]`).
    Bimodal,
}

impl SyntheticKind {
    /// Every kind, in the order used for benchmark tables.
    pub const ALL: [SyntheticKind; 3] = [
        SyntheticKind::TalkMix,
        SyntheticKind::Uniform,
        SyntheticKind::Bimodal,
    ];

    /// Returns the kebab-case name.
    pub fn name(self) -> &'static str {
        match self {
            SyntheticKind::TalkMix => "talk-mix",
            SyntheticKind::Uniform => "uniform",
            SyntheticKind::Bimodal => "bimodal",
        }
    }
}

impl fmt::Display for SyntheticKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error for a name that [`SyntheticKind::from_str`] does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownSyntheticKind(pub String);

impl fmt::Display for UnknownSyntheticKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown synthetic workload `{}`; expected talk-mix, uniform or bimodal",
            self.0
        )
    }
}

impl std::error::Error for UnknownSyntheticKind {}

impl FromStr for SyntheticKind {
    type Err = UnknownSyntheticKind;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        SyntheticKind::ALL
            .into_iter()
            .find(|kind| kind.name() == name)
            .ok_or_else(|| UnknownSyntheticKind(name.to_owned()))
    }
}

/// Generates `item_count` tasks of `kind` for m4.large-sized instances ([`TALK_MIX_CAPACITY`]),
/// deterministically from `seed`.
///
/// The workload is named `<kind>-n<items>-s<seed>` and has no known optimum.
pub fn synthetic(kind: SyntheticKind, item_count: usize, seed: u64) -> Workload {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let capacity = TALK_MIX_CAPACITY;
    let uniform = |rng: &mut Pcg64Mcg, low: u64, high: u64| {
        rng.random_range(low.max(1)..=high.max(low.max(1)))
    };
    let items: Vec<Vec<u64>> = (0..item_count)
        .map(|_| match kind {
            SyntheticKind::TalkMix => {
                let mut draw = rng.random_range(0..100u64);
                let mut chosen = TALK_MIX_SERVICES[TALK_MIX_SERVICES.len() - 1];
                for service in TALK_MIX_SERVICES {
                    if draw < service.share_percent {
                        chosen = service;
                        break;
                    }
                    draw -= service.share_percent;
                }
                vec![chosen.cpu_units, chosen.memory_mib]
            }
            SyntheticKind::Uniform => capacity
                .iter()
                .map(|&dimension_capacity| uniform(&mut rng, 1, dimension_capacity / 2))
                .collect(),
            SyntheticKind::Bimodal => {
                let large = rng.random_range(0..100u64) < 30;
                capacity
                    .iter()
                    .map(|&dimension_capacity| {
                        if large {
                            uniform(&mut rng, dimension_capacity / 3, 2 * dimension_capacity / 3)
                        } else {
                            uniform(&mut rng, 1, dimension_capacity / 10)
                        }
                    })
                    .collect()
            }
        })
        .collect();
    Workload {
        name: format!("{kind}-n{item_count}-s{seed}"),
        capacity: capacity.to_vec(),
        items,
        optimum: None,
        source: format!("synthetic {kind} workload, {item_count} tasks, seed {seed} (Pcg64Mcg)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for kind in SyntheticKind::ALL {
            assert_eq!(kind.to_string().parse::<SyntheticKind>(), Ok(kind));
        }
        assert!("mix".parse::<SyntheticKind>().is_err());
    }

    #[test]
    fn talk_mix_shares_sum_to_100_and_are_roughly_respected() {
        assert_eq!(
            TALK_MIX_SERVICES
                .iter()
                .map(|service| service.share_percent)
                .sum::<u64>(),
            100
        );
        let workload = synthetic(SyntheticKind::TalkMix, 10_000, 7);
        workload.validate().unwrap();
        for service in TALK_MIX_SERVICES {
            let count = workload
                .items
                .iter()
                .filter(|item| item[..] == [service.cpu_units, service.memory_mib])
                .count() as u64;
            let expected = service.share_percent * 100;
            assert!(
                count.abs_diff(expected) < 300,
                "{}: {count} vs {expected}",
                service.name
            );
        }
    }

    #[test]
    fn generators_are_deterministic_and_within_their_ranges() {
        for kind in SyntheticKind::ALL {
            let first = synthetic(kind, 500, 42);
            assert_eq!(first, synthetic(kind, 500, 42));
            assert_ne!(first.items, synthetic(kind, 500, 43).items);
            first.validate().unwrap();
            assert_eq!(first.items.len(), 500);
            assert!(first.items.iter().flatten().all(|&size| size >= 1));
        }
        let uniform = synthetic(SyntheticKind::Uniform, 2000, 1);
        assert!(
            uniform
                .items
                .iter()
                .all(|item| item[0] <= 1024 && item[1] <= 3992)
        );
        let bimodal = synthetic(SyntheticKind::Bimodal, 2000, 1);
        let large = bimodal
            .items
            .iter()
            .filter(|item| item[0] >= 2048 / 3)
            .count();
        assert!((450..750).contains(&large), "{large} large items of 2000");
    }
}
