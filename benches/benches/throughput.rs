//! Engine throughput in events per second (criterion `Throughput::Elements`): the rolling
//! deploy of `ecsim generate fleet` (the SimPy peer's workload), timing `Simulation::run` only.

use std::hint::black_box;

use benches::fleet::rolling_deploy;
use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sim::Simulation;

fn throughput(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine throughput");
    group.sample_size(10);
    // 12,500 instances / 5,000 services × 16 tasks is the peer comparison of docs/performance.md
    // and 150,000 / 62,500 × 16 its million-task run; the small case shows the per-event cost
    // without cache pressure.
    for (instances, services) in [(125u32, 50u32), (12_500, 5_000), (150_000, 62_500)] {
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
                    // Returned, so that criterion drops it outside the measurement.
                    |sim| black_box(sim.run().expect("runs")),
                    BatchSize::PerIteration,
                )
            },
        );
    }
    group.finish();
}

criterion_group!(benches, throughput);
criterion_main!(benches);
