//! `events.jsonl`: one JSON object per line, in simulated-time order.

use std::io::{self, Write};

use sim::Simulation;
use sim::record::Record;

use crate::names::{deployment, instance, secs, service, task};

/// Writes `{"key":value,...}` and a line break: the bytes `serde_json::to_writer` writes for
/// `json!({...})` (keys in the order given), without building a `Value` for every line.
macro_rules! json_line {
    ($w:expr, { $k0:literal : $v0:expr $(, $k:literal : $v:expr)* $(,)? }) => {{
        let w: &mut dyn Write = &mut *$w;
        w.write_all(concat!("{\"", $k0, "\":").as_bytes())?;
        serde_json::to_writer(&mut *w, &$v0)?;
        $(
            w.write_all(concat!(",\"", $k, "\":").as_bytes())?;
            serde_json::to_writer(&mut *w, &$v)?;
        )*
        w.write_all(b"}\n")
    }};
}

/// Writes every record.
pub fn write(sim: &Simulation, w: &mut dyn Write) -> io::Result<()> {
    for r in &sim.records {
        match r {
            Record::ServiceEvent {
                at,
                service: s,
                message,
            } => json_line!(w, {
                "atSeconds": secs(*at), "type": "SERVICE_EVENT", "service": service(sim, *s), "message": message,
            }),
            Record::TaskStateChange {
                at,
                task: t,
                last_status,
                desired_stopped,
            } => {
                let tk = &sim.tasks[t.idx()];
                let td = &sim.task_definitions[tk.task_definition.idx()];
                json_line!(w, {
                    "atSeconds": secs(*at), "type": "TASK_STATE_CHANGE", "task": task(*t),
                    "service": service(sim, tk.service), "deployment": deployment(sim, tk.deployment),
                    "taskDefinition": td.name(),
                    "containerInstance": tk.container_instance.map(|i| instance(sim, i)),
                    "lastStatus": last_status.as_str(),
                    "desiredStatus": if *desired_stopped { "STOPPED" } else { "RUNNING" },
                    "stoppedReason": if *last_status == sim::task::TaskStatus::Stopped { tk.stop_reason.map(|r| r.as_str()) } else { None },
                })
            }
            Record::DeploymentStateChange {
                at,
                deployment: d,
                status,
                rollout_state,
            } => json_line!(w, {
                "atSeconds": secs(*at), "type": "DEPLOYMENT_STATE_CHANGE",
                "service": service(sim, sim.deployments[d.idx()].service), "deployment": deployment(sim, *d),
                "status": status.as_str(), "rolloutState": rollout_state.as_str(),
            }),
            Record::ClusterEvent { at, message } => json_line!(w, {
                "atSeconds": secs(*at), "type": "CLUSTER_EVENT", "message": message,
            }),
            Record::ContainerInstanceStateChange {
                at,
                instance: i,
                status,
            } => json_line!(w, {
                "atSeconds": secs(*at), "type": "CONTAINER_INSTANCE_STATE_CHANGE",
                "containerInstance": instance(sim, *i), "status": status.as_str(),
            }),
        }?;
    }
    Ok(())
}
