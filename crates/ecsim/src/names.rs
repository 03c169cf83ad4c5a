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

/// `task/12`, written straight into JSON text: one per task event of `events.jsonl`, so without
/// a `String` each.
pub struct Task(pub TaskId);

impl crate::json_out::Json for Task {
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"\"task/");
        out.extend_from_slice(sim::decimal::digits(
            u64::from(self.0.0) + 1,
            &mut [0u8; 20],
        ));
        out.push(b'"');
    }
}

/// Milliseconds as seconds.
pub fn secs(ms: u64) -> f64 {
    ms as f64 / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json_out::Json;

    #[test]
    fn task_names_are_one_based_json_strings() {
        for (id, name) in [
            (0, "task/1"),
            (11, "task/12"),
            (u32::MAX - 1, "task/4294967295"),
        ] {
            let mut out = Vec::new();
            Task(TaskId(id)).put(&mut out);
            assert_eq!(out, serde_json::to_vec(name).unwrap());
        }
    }
}
