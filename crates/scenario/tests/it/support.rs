//! Helpers shared by the behaviour tests: resolve a JSON scenario, run it with the invariant
//! checks on, and read its service events.

use serde_json::Value;
use sim::Simulation;
use sim::record::Record;

/// Resolves a scenario given as JSON.
pub fn parse(v: &Value) -> Result<sim::Config, Box<scenario::ScenarioError>> {
    scenario::parse("test.json", &serde_json::to_string_pretty(v).unwrap()).map(|r| r.config)
}

/// Runs a scenario with invariant checks after every event and every task state recorded;
/// fails the test on any invariant or deployment-bound violation.
pub fn run(v: &Value) -> Simulation {
    run_with(v, |_| {})
}

/// `run`, with a last change to the resolved config.
pub fn run_with(v: &Value, tweak: impl FnOnce(&mut sim::Config)) -> Simulation {
    let mut config = parse(v).unwrap_or_else(|e| panic!("{e}"));
    config.check_invariants = true;
    config.record_task_events = true;
    tweak(&mut config);
    let sim = Simulation::new(config).run().unwrap();
    assert!(
        sim.invariant_violations.is_empty(),
        "{:?}",
        sim.invariant_violations
    );
    assert_eq!(sim.bound_violations, 0);
    sim
}

/// Every service event message, in order.
pub fn events(sim: &Simulation) -> Vec<String> {
    sim.records
        .iter()
        .filter_map(|r| match r {
            Record::ServiceEvent { message, .. } => Some(message.clone()),
            _ => None,
        })
        .collect()
}
