//! Display names of the simulation's entities, the way ECS writes them.

use sim::Simulation;
use sim::ids::{DeploymentId, InstanceId, ServiceId, TaskId};

/// `web`.
pub fn service(sim: &Simulation, s: ServiceId) -> &str {
    &sim.services[s.idx()].config.name
}

/// `ecs-svc/2`.
pub fn deployment(sim: &Simulation, d: DeploymentId) -> &str {
    &sim.deployments[d.idx()].label
}

/// `i-0001`.
pub fn instance(sim: &Simulation, i: InstanceId) -> &str {
    &sim.instances[i.idx()].name
}

/// `task/12`.
pub fn task(t: TaskId) -> String {
    format!("task/{}", t.0 + 1)
}

/// Milliseconds as seconds.
pub fn secs(ms: u64) -> f64 {
    ms as f64 / 1000.0
}
