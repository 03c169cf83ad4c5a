//! `events.jsonl`: one JSON object per line, in simulated-time order.
//!
//! Lines are written straight into a byte buffer, the bytes `serde_json::to_writer` writes for
//! `json!({...})` with the keys in the order given, without building a `Value` or a `String` per
//! line: the log of a large fleet runs to hundreds of MB (docs/performance.md). The values go
//! through [`Json`] (`json_out`).

use std::io::{self, Write};

use sim::Simulation;
use sim::record::Record;

use crate::json_out::{CHUNK, Json, Name, Secs};
use crate::names::{Task, deployment, instance, service};

/// Writes every record.
pub fn write(sim: &Simulation, w: &mut dyn Write) -> io::Result<()> {
    let task_definitions: Vec<String> = sim.task_definitions.iter().map(|d| d.name()).collect();
    let mut out = Vec::with_capacity(CHUNK + 4096);
    for r in &sim.records {
        line(sim, &task_definitions, r, &mut out);
        if out.len() >= CHUNK {
            w.write_all(&out)?;
            out.clear();
        }
    }
    w.write_all(&out)
}

/// Writes `{"key":value,...}` and a line break, each value through [`Json`].
macro_rules! json_line {
    ($out:expr, { $k0:literal : $v0:expr $(, $k:literal : $v:expr)* $(,)? }) => {{
        let out: &mut Vec<u8> = $out;
        out.extend_from_slice(concat!("{\"", $k0, "\":").as_bytes());
        Json::put(&$v0, out);
        $(
            out.extend_from_slice(concat!(",\"", $k, "\":").as_bytes());
            Json::put(&$v, out);
        )*
        out.extend_from_slice(b"}\n");
    }};
}

fn line(sim: &Simulation, task_definitions: &[String], r: &Record, out: &mut Vec<u8>) {
    match r {
        Record::ServiceEvent {
            at,
            service: s,
            message,
        } => json_line!(out, {
            "atSeconds": Secs(*at), "type": Name("SERVICE_EVENT"), "service": service(sim, *s), "message": message.as_str(),
        }),
        Record::TaskStateChange {
            at,
            task: t,
            last_status,
            desired_stopped,
        } => {
            let tk = &sim.tasks[t.idx()];
            json_line!(out, {
                "atSeconds": Secs(*at), "type": Name("TASK_STATE_CHANGE"), "task": Task(*t),
                "service": service(sim, tk.service), "deployment": deployment(sim, tk.deployment),
                "taskDefinition": task_definitions[tk.task_definition.idx()].as_str(),
                "containerInstance": tk.container_instance.map(|i| instance(sim, i)),
                "lastStatus": Name(last_status.as_str()),
                "desiredStatus": Name(if *desired_stopped { "STOPPED" } else { "RUNNING" }),
                "stoppedReason": if *last_status == sim::task::TaskStatus::Stopped { tk.stop_reason.map(|r| r.as_str()) } else { None },
            })
        }
        Record::DeploymentStateChange {
            at,
            deployment: d,
            status,
            rollout_state,
        } => json_line!(out, {
            "atSeconds": Secs(*at), "type": Name("DEPLOYMENT_STATE_CHANGE"),
            "service": service(sim, sim.deployments[d.idx()].service), "deployment": deployment(sim, *d),
            "status": Name(status.as_str()), "rolloutState": Name(rollout_state.as_str()),
        }),
        Record::ClusterEvent { at, message } => json_line!(out, {
            "atSeconds": Secs(*at), "type": Name("CLUSTER_EVENT"), "message": message.as_str(),
        }),
        Record::ContainerInstanceStateChange {
            at,
            instance: i,
            status,
        } => json_line!(out, {
            "atSeconds": Secs(*at), "type": Name("CONTAINER_INSTANCE_STATE_CHANGE"),
            "containerInstance": instance(sim, *i), "status": Name(status.as_str()),
        }),
    }
}
