//! Engine benchmarks: the event queue alone, the hold model of event-set benchmarks, and a
//! shipped scenario end to end.

use std::hint::black_box;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
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

/// The hold model (the classic event-set benchmark, and what engine-only benchmarks such as
/// DSLab's simcore measure): a steady population of pending events; each step pops the earliest
/// event, dispatches on its kind and schedules one event a pseudo-random 0–999 ms later (a third
/// of them at the same instant, like the zero delays of the model). Events per second are
/// criterion's `Throughput::Elements`.
fn hold(c: &mut Criterion) {
    const STEPS: u64 = 1_000_000;
    let mut group = c.benchmark_group("engine hold model");
    group.throughput(Throughput::Elements(STEPS));
    for pending in [1_000u64, 100_000] {
        group.bench_function(BenchmarkId::new("pending events", pending), |b| {
            // The queue filled with `pending` events is built outside the measurement: only
            // the STEPS steps are timed.
            let setup = || {
                let mut q = EventQueue::default();
                let mut x = 0x9e37_79b9_7f4a_7c15u64;
                for i in 0..pending {
                    x = xorshift(x);
                    q.push(x % 1000, Event::Reconcile(sim::ServiceId(i as u32)));
                }
                (q, x)
            };
            b.iter_batched(
                setup,
                |(mut q, mut x)| {
                    let mut handled = 0u64;
                    for _ in 0..STEPS {
                        let (now, event) = q.pop().expect("never empty");
                        x = xorshift(x);
                        let delay = if x % 3 == 0 { 0 } else { (x >> 8) % 1000 };
                        let follow_up = match event {
                            Event::Reconcile(s) => Event::TaskHealthy(sim::TaskId(s.0)),
                            Event::TaskHealthy(t) => Event::Reconcile(sim::ServiceId(t.0)),
                            other => other,
                        };
                        handled += 1;
                        q.push(now + delay, follow_up);
                    }
                    // The queue goes out with the result: criterion drops it untimed.
                    (black_box(handled), q)
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

/// The pseudo-random sequence of the hold model (xorshift64).
fn xorshift(mut x: u64) -> u64 {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x
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

criterion_group!(benches, queue, hold, end_to_end);
criterion_main!(benches);
