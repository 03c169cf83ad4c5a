//! Engine throughput in events per second (criterion `Throughput::Elements`): the rolling
//! deploy of `ecsim generate fleet` (the SimPy peer's workload), timing `Simulation::run` only.

use std::hint::black_box;

use benches::fleet::rolling_deploy;
use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sim::Simulation;

fn throughput(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine throughput");
    group.sample_size(10);
    // 12,500 instances / 5,000 services × 16 tasks is the peer comparison of docs/performance.md;
    // the small case shows the per-event cost without cache pressure.
    for (instances, services) in [(125u32, 50u32), (12_500, 5_000)] {
        let config = rolling_deploy(instances, services, 16);
        let events = Simulation::new(config.clone())
            .run()
            .expect("runs")
            .events_processed;
        group.throughput(Throughput::Elements(events));
        group.bench_function(
            BenchmarkId::new("rolling deploy", format!("{instances}x{services}x16")),
            |b| {
                b.iter_batched(
                    || Simulation::new(config.clone()),
                    |sim| black_box(sim.run().expect("runs").events_processed),
                    BatchSize::PerIteration,
                )
            },
        );
    }
    group.finish();
}

criterion_group!(benches, throughput);
criterion_main!(benches);
