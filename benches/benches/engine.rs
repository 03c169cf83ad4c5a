//! Engine benchmarks: the event queue alone, and a shipped scenario end to end.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sim::Simulation;
use sim::event::Event;
use sim::queue::EventQueue;

fn queue(c: &mut Criterion) {
    c.bench_function("event queue push+pop 100k", |b| {
        b.iter(|| {
            let mut q = EventQueue::default();
            for i in 0..100_000u64 {
                q.push(i * 7919 % 100_003, Event::Sample);
            }
            let mut n = 0;
            while let Some(e) = q.pop() {
                n += e.0;
            }
            black_box(n)
        })
    });
}

fn end_to_end(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../scenarios/max100-min50.json"
    );
    let config = scenario::load(std::path::Path::new(path))
        .expect("shipped scenario")
        .config;
    c.bench_function("run scenarios/max100-min50.json", |b| {
        b.iter(|| {
            black_box(
                Simulation::new(config.clone())
                    .run()
                    .expect("runs")
                    .events_processed,
            )
        })
    });
}

criterion_group!(benches, queue, end_to_end);
criterion_main!(benches);
