//! One placement decision (`Simulation::choose_instance`) on partly full clusters of 10, 1,000
//! and 100,000 container instances, for each placement strategy. The index makes a decision
//! cost O(log N) for binpack, random and spread; ecsim's heuristics (not ECS) scan, O(N)
//! (docs/performance.md).

use std::hint::black_box;

use benches::fleet::{Strategy, partly_full};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use sim::{ServiceId, Simulation, TaskDefinitionId};

fn placement(c: &mut Criterion) {
    let mut group = c.benchmark_group("placement");
    for n in [10u32, 1_000, 100_000] {
        for strategy in Strategy::ALL {
            // Built once per case (not timed): the steady tasks are placed by Simulation::new.
            let mut sim = Simulation::new(partly_full(n, strategy));
            assert!(
                sim.choose_instance(ServiceId(0), TaskDefinitionId(0))
                    .is_ok(),
                "the probe task fits"
            );
            group.bench_function(BenchmarkId::new(strategy.name(), n), |b| {
                b.iter(|| black_box(sim.choose_instance(ServiceId(0), TaskDefinitionId(0))))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, placement);
criterion_main!(benches);
