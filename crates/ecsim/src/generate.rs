//! `ecsim generate fleet`: writes a large synthetic scenario for benchmarks.
//!
//! The workload is the one of the SimPy peer baseline (`simpy_rolling_deploy.py`): N identical
//! container instances, S services of D tasks bin-packed on memory, and a rolling deploy of a new
//! revision to every service at t = 0. See docs/performance.md for how the semantics map.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Subcommand;
use serde_json::{Value, json};

use crate::Failure;
use crate::atomic::write_with;

/// Above this many tasks the scenario turns task state events off (the format's own threshold).
const RECORD_TASK_EVENTS_MAX_TASKS: u64 = 20_000;

/// `ecsim generate`.
#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// What to generate.
    #[command(subcommand)]
    pub what: GenerateWhat,
}

/// What `ecsim generate` can write.
#[derive(Debug, Subcommand)]
pub enum GenerateWhat {
    /// A fleet of identical container instances and services, all deployed at t = 0
    /// (the SimPy peer's rolling-deploy workload).
    Fleet(FleetArgs),
}

/// `ecsim generate fleet`.
#[derive(Debug, clap::Args)]
pub struct FleetArgs {
    /// Identical `custom` container instances (the peer's --hosts plus --extra-hosts).
    #[arg(long)]
    pub container_instances: u32,
    /// Services.
    #[arg(long)]
    pub services: u32,
    /// Tasks per service (desiredCount).
    #[arg(long)]
    pub tasks_per_service: u32,
    /// CPU units per task.
    #[arg(long, default_value_t = 256)]
    pub task_cpu: u32,
    /// MiB per task.
    #[arg(long, default_value_t = 512)]
    pub task_memory: u32,
    /// CPU units per container instance.
    #[arg(long, default_value_t = 2048)]
    pub instance_cpu: u32,
    /// MiB per container instance.
    #[arg(long, default_value_t = 7680)]
    pub instance_memory: u32,
    /// A new task is healthy this long after launch (target-group health check interval).
    #[arg(long, default_value_t = 30.0)]
    pub healthy_after_seconds: f64,
    /// A stopped task frees its resources this long after it is told to stop
    /// (target-group deregistration delay).
    #[arg(long, default_value_t = 10.0)]
    pub deregistration_delay_seconds: f64,
    /// deploymentConfiguration.maximumPercent.
    #[arg(long, default_value_t = 200)]
    pub maximum_percent: u32,
    /// deploymentConfiguration.minimumHealthyPercent.
    #[arg(long, default_value_t = 100)]
    pub minimum_healthy_percent: u32,
    /// Count stopping tasks toward maximumPercent (ecsim's default model); off by default, as
    /// in the SimPy peer, where a stopped task leaves the active count at once.
    #[arg(long)]
    pub count_stopping_toward_maximum: bool,
    /// durationSeconds: the run ends earlier once every deployment is done.
    #[arg(long, default_value_t = 3600.0)]
    pub duration_seconds: f64,
    /// The scenario's seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output scenario file.
    #[arg(long)]
    pub out: PathBuf,
}

/// Runs `ecsim generate`.
pub fn generate(args: &GenerateArgs) -> Result<(), Failure> {
    match &args.what {
        GenerateWhat::Fleet(a) => fleet(a),
    }
}

fn invalid(message: String) -> Failure {
    eprintln!("error: {message}");
    Failure::Reported(2)
}

fn fleet(a: &FleetArgs) -> Result<(), Failure> {
    check(a).map_err(invalid)?;
    let tasks = a.services as u64 * a.tasks_per_service as u64;
    write_with(&a.out, |w| write_fleet(a, w))
        .map_err(|e| Failure::Other(format!("cannot write {}: {e}", a.out.display())))?;
    sayln!(
        "wrote {}: {} container instances, {} services × {} tasks = {} tasks",
        a.out.display(),
        a.container_instances,
        a.services,
        a.tasks_per_service,
        tasks
    );
    Ok(())
}

fn check(a: &FleetArgs) -> Result<(), String> {
    for (name, v) in [
        ("--container-instances", a.container_instances),
        ("--services", a.services),
        ("--tasks-per-service", a.tasks_per_service),
        ("--task-cpu", a.task_cpu),
        ("--task-memory", a.task_memory),
        ("--instance-cpu", a.instance_cpu),
        ("--instance-memory", a.instance_memory),
    ] {
        if v == 0 {
            return Err(format!("{name} must be at least 1"));
        }
    }
    if !(a.healthy_after_seconds > 0.0 && a.healthy_after_seconds.is_finite()) {
        return Err("--healthy-after-seconds must be a positive number".into());
    }
    if !(0.0..=3600.0).contains(&a.deregistration_delay_seconds) {
        return Err("--deregistration-delay-seconds must be within 0–3600".into());
    }
    if !(100..=2000).contains(&a.maximum_percent) {
        return Err("--maximum-percent must be within 100–2000".into());
    }
    if a.minimum_healthy_percent > 100 {
        return Err("--minimum-healthy-percent must be within 0–100".into());
    }
    if !(a.duration_seconds > 0.0 && a.duration_seconds.is_finite()) {
        return Err("--duration-seconds must be a positive number".into());
    }
    if a.task_cpu > a.instance_cpu || a.task_memory > a.instance_memory {
        return Err("a task is larger than a container instance".into());
    }
    let per_instance = (a.instance_cpu / a.task_cpu).min(a.instance_memory / a.task_memory) as u64;
    let tasks = a.services as u64 * a.tasks_per_service as u64;
    if per_instance * (a.container_instances as u64) < tasks {
        return Err(format!(
            "{tasks} tasks do not fit on {} container instances of {} tasks each",
            a.container_instances, per_instance
        ));
    }
    Ok(())
}

fn service_name(i: u32, width: usize) -> String {
    format!("svc-{:0width$}", i + 1)
}

fn task_definition(revision: u32, a: &FleetArgs) -> Value {
    json!({
        "family": "fleet",
        "revision": revision,
        "networkMode": "bridge",
        "cpu": a.task_cpu,
        "memory": a.task_memory,
        "containerDefinitions": [{
            "name": "app",
            "image": format!("example/app:{revision}"),
            "cpu": a.task_cpu,
            "portMappings": [{"containerPort": 8080, "hostPort": 0}]
        }]
    })
}

/// Writes the scenario: small objects pretty-printed, one service and one timeline entry per
/// line so that a 15 MB file stays readable and diffable.
fn write_fleet(a: &FleetArgs, w: &mut dyn Write) -> io::Result<()> {
    let tasks = a.services as u64 * a.tasks_per_service as u64;
    let width = (a.services.to_string().len()).max(4);
    let head = json!({
        "formatVersion": 1,
        "name": format!(
            "fleet-{}-{}x{}",
            a.container_instances, a.services, a.tasks_per_service
        ),
        "description": format!(
            "Generated by `ecsim generate fleet`: {} container instances of {} CPU units / {} MiB, \
             {} services of {} tasks ({} CPU units / {} MiB, binpack on memory), all deployed to \
             revision 2 at t = 0 with maximumPercent {} / minimumHealthyPercent {}; a new task is \
             healthy {} s after launch and a stopped one frees its resources {} s later.",
            a.container_instances, a.instance_cpu, a.instance_memory, a.services,
            a.tasks_per_service, a.task_cpu, a.task_memory, a.maximum_percent,
            a.minimum_healthy_percent, a.healthy_after_seconds, a.deregistration_delay_seconds
        ),
        "seed": a.seed,
        "durationSeconds": a.duration_seconds,
        "startSteady": true,
        "parameters": {
            "countStoppingTowardMaximum": a.count_stopping_toward_maximum,
            "recordTaskEvents": tasks <= RECORD_TASK_EVENTS_MAX_TASKS,
        },
        "cluster": {
            "clusterName": "fleet",
            "containerInstances": [{
                "count": a.container_instances,
                "instanceType": "custom",
                "cpu": a.instance_cpu,
                "memory": a.instance_memory,
            }]
        },
        "targetGroups": [{
            "targetGroupName": "fleet",
            "healthCheckIntervalSeconds": a.healthy_after_seconds,
            "deregistrationDelaySeconds": a.deregistration_delay_seconds,
        }],
        "taskDefinitions": [task_definition(1, a), task_definition(2, a)],
        "taskBehavior": {
            "default": {
                "provisioningSeconds": 0,
                "pullSeconds": 0,
                "readySeconds": 0,
                "sigtermExitSeconds": 0,
                "deprovisioningSeconds": 0,
            }
        },
    });
    // The head object without its closing brace, then the two long arrays.
    let head = serde_json::to_string_pretty(&head)?;
    let head = head.strip_suffix("\n}").unwrap_or(&head);
    w.write_all(head.as_bytes())?;
    w.write_all(b",\n  \"services\": [\n")?;
    for i in 0..a.services {
        let s = json!({
            "serviceName": service_name(i, width),
            "taskDefinition": "fleet:1",
            "desiredCount": a.tasks_per_service,
            "deploymentConfiguration": {
                "maximumPercent": a.maximum_percent,
                "minimumHealthyPercent": a.minimum_healthy_percent,
            },
            "placementStrategy": [{"type": "binpack", "field": "memory"}],
            "loadBalancers": [{
                "targetGroupArn": "fleet",
                "containerName": "app",
                "containerPort": 8080,
            }],
        });
        w.write_all(b"    ")?;
        serde_json::to_writer(&mut *w, &s)?;
        w.write_all(if i + 1 < a.services { b",\n" } else { b"\n" })?;
    }
    w.write_all(b"  ],\n  \"timeline\": [\n")?;
    for i in 0..a.services {
        let e = json!({
            "atSeconds": 0,
            "action": "UpdateService",
            "service": service_name(i, width),
            "taskDefinition": "fleet:2",
        });
        w.write_all(b"    ")?;
        serde_json::to_writer(&mut *w, &e)?;
        w.write_all(if i + 1 < a.services { b",\n" } else { b"\n" })?;
    }
    w.write_all(b"  ]\n}\n")
}
