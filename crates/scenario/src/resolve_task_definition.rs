//! Task definitions: placement reservations (§2.5), ports (§2.4, §2.6), health checks (§1.2),
//! stopTimeout (§1.3), and the behaviour the scenario gives the application.

use std::collections::BTreeMap;

use sim::dist::Dist;
use sim::task_definition::{HealthCheck, NetworkMode, TaskBehavior, TaskDefinition};
use sim::time::SECOND;

use crate::error::Problem;
use crate::format::{self, Behavior};
use crate::path::Loc;
use crate::resolve::{dist, probability};
use crate::suggest::did_you_mean;
use crate::units;

/// Resolves one task definition.
pub fn task_definition(
    path: &Loc,
    t: &format::TaskDefinition,
    revision: u32,
    behaviors: &BTreeMap<String, Behavior>,
) -> Result<TaskDefinition, Problem> {
    t.check_fields(path)?;
    if t.family.is_empty() {
        return Err(Problem::new(
            &path.key("family"),
            "family must not be empty",
        ));
    }
    let mut fargate = false;
    for (i, c) in t.requires_compatibilities.iter().enumerate() {
        match c.as_str() {
            "EC2" => {}
            "FARGATE" => fargate = true,
            _ => {
                return Err(Problem::new(
                    &path.key("requiresCompatibilities").index(i),
                    format!("`{c}` is not modelled"),
                )
                .hint("ecsim models EC2 and FARGATE"));
            }
        }
    }
    let network_mode = match t.network_mode.as_deref().unwrap_or("bridge") {
        "bridge" => NetworkMode::Bridge,
        "host" => NetworkMode::Host,
        "awsvpc" => NetworkMode::Awsvpc,
        other => {
            return Err(Problem::new(
                &path.key("networkMode"),
                format!("unknown networkMode `{other}`"),
            )
            .hint("one of bridge, host, awsvpc"));
        }
    };
    let task_cpu = match &t.cpu {
        Some(v) => Some(units::cpu_units(v).map_err(|e| Problem::new(&path.key("cpu"), e))?),
        None => None,
    };
    let task_memory = match &t.memory {
        Some(v) => Some(units::memory_mib(v).map_err(|e| Problem::new(&path.key("memory"), e))?),
        None => None,
    };
    if t.container_definitions.is_empty() {
        return Err(Problem::new(
            &path.key("containerDefinitions"),
            "a task definition needs at least one container",
        ));
    }
    let mut names: Vec<&str> = Vec::new();
    let mut cpu_sum: u64 = 0;
    let mut memory_sum: u64 = 0;
    let mut ports: Vec<u16> = Vec::new();
    let mut health_check = None;
    let mut stop_timeout_s: Option<u32> = None;
    let containers = path.key("containerDefinitions");
    for (i, c) in t.container_definitions.iter().enumerate() {
        let cp = containers.index(i);
        c.check_fields(&cp)?;
        if names.contains(&c.name.as_str()) {
            return Err(Problem::new(
                &cp.key("name"),
                format!("duplicate container name `{}`", c.name),
            ));
        }
        names.push(&c.name);
        cpu_sum += c.cpu.unwrap_or(0) as u64;
        // §2.5: memoryReservation is what placement subtracts when set; memory otherwise.
        if let (Some(hard), Some(soft)) = (c.memory, c.memory_reservation)
            && hard <= soft
        {
            return Err(Problem::new(
                &cp.key("memory"),
                format!("memory ({hard}) must be greater than memoryReservation ({soft})"),
            ));
        }
        match (c.memory_reservation.or(c.memory), task_memory) {
            (Some(m), _) => memory_sum += m as u64,
            (None, Some(_)) => {}
            (None, None) => {
                return Err(Problem::new(
                    &cp,
                    "no memory: set task-level memory, or memory or memoryReservation on every container",
                )
                .hint("the EC2 launch type requires one of them (§2.5)"));
            }
        }
        let mappings = cp.key("portMappings");
        for (j, pm) in c.port_mappings.iter().enumerate() {
            let pp = mappings.index(j);
            pm.check_fields(&pp)?;
            let container_port = match pm.container_port {
                Some(p @ 1..=65535) => p,
                Some(p) => {
                    return Err(Problem::new(
                        &pp.key("containerPort"),
                        format!("port {p} is outside 1–65535"),
                    ));
                }
                None => return Err(Problem::new(&pp, "missing containerPort")),
            };
            let host = match (network_mode, pm.host_port) {
                (_, Some(p)) if p > 65535 => {
                    return Err(Problem::new(
                        &pp.key("hostPort"),
                        format!("port {p} is outside 0–65535"),
                    ));
                }
                (NetworkMode::Bridge, None | Some(0)) => None,
                (NetworkMode::Bridge, Some(p)) => Some(p),
                (NetworkMode::Host, None) => Some(container_port),
                (NetworkMode::Host | NetworkMode::Awsvpc, Some(p)) if p != container_port => {
                    return Err(Problem::new(
                        &pp.key("hostPort"),
                        "in host and awsvpc mode hostPort must equal containerPort",
                    )
                    .hint("omit hostPort"));
                }
                (NetworkMode::Host, Some(p)) => Some(p),
                // awsvpc: the task has its own ENI, so its ports take nothing on the instance.
                (NetworkMode::Awsvpc, _) => None,
            };
            if let Some(p) = host {
                let p = p as u16;
                if ports.contains(&p) {
                    return Err(Problem::new(
                        &pp.key("hostPort"),
                        format!("host port {p} is mapped twice in this task"),
                    ));
                }
                ports.push(p);
            }
        }
        if let Some(hc) = &c.health_check
            && c.essential.unwrap_or(true)
        {
            let hp = cp.key("healthCheck");
            let interval = range(&hp.key("interval"), hc.interval.unwrap_or(30), 5, 300)?;
            range(&hp.key("timeout"), hc.timeout.unwrap_or(5), 2, 60)?;
            let retries = range(&hp.key("retries"), hc.retries.unwrap_or(3), 1, 10)?;
            let start = range(&hp.key("startPeriod"), hc.start_period.unwrap_or(0), 0, 300)?;
            health_check = Some(HealthCheck {
                interval_ms: interval as u64 * SECOND,
                retries,
                start_period_ms: start as u64 * SECOND,
            });
        }
        if let Some(s) = c.stop_timeout {
            stop_timeout_s = Some(stop_timeout_s.map_or(s, |x: u32| x.max(s)));
        }
    }
    ports.sort_unstable();
    let cpu_units = task_cpu
        .unwrap_or(u32::try_from(cpu_sum).map_err(|_| Problem::new(path, "CPU units overflow"))?);
    let memory_mib = task_memory
        .unwrap_or(u32::try_from(memory_sum).map_err(|_| Problem::new(path, "memory overflow"))?);
    if fargate {
        check_fargate(path, t, network_mode, task_cpu, task_memory, stop_timeout_s)?;
    }
    let name = format!("{}:{revision}", t.family);
    let behavior = behavior_for(&name, &t.family, behaviors, fargate)?;
    Ok(TaskDefinition {
        family: t.family.clone(),
        revision,
        cpu_units,
        memory_mib,
        network_mode,
        static_host_ports: ports,
        health_check,
        // §1.3: 30 s default (ECS_CONTAINER_STOP_TIMEOUT).
        stop_timeout_ms: stop_timeout_s.unwrap_or(30) as u64 * SECOND,
        behavior,
        fargate_compatible: fargate,
    })
}

/// §4: Fargate tasks use awsvpc, set task-level cpu and memory to a valid size, and stop within
/// 120 s (GT-11).
fn check_fargate(
    path: &Loc,
    t: &format::TaskDefinition,
    network_mode: NetworkMode,
    cpu: Option<u32>,
    memory: Option<u32>,
    stop_timeout_s: Option<u32>,
) -> Result<(), Problem> {
    if network_mode != NetworkMode::Awsvpc {
        return Err(Problem::new(
            &path.key("networkMode"),
            "a FARGATE task definition needs networkMode awsvpc",
        )
        .hint("Fargate gives every task its own ENI"));
    }
    let (Some(cpu), Some(memory)) = (cpu, memory) else {
        return Err(Problem::new(
            path,
            "a FARGATE task definition needs task-level cpu and memory",
        )
        .hint("e.g. \"cpu\": \"256\", \"memory\": \"512\""));
    };
    if let Err(e) = pricing::validate_fargate_size(cpu, memory, None) {
        return Err(Problem::new(&path.key("memory"), e.to_string()));
    }
    if let Some(s) = stop_timeout_s
        && s > FARGATE_MAX_STOP_TIMEOUT_S
    {
        let i = t
            .container_definitions
            .iter()
            .position(|c| c.stop_timeout == Some(s))
            .unwrap_or(0);
        return Err(Problem::new(
            &path.key("containerDefinitions").index(i).key("stopTimeout"),
            format!(
                "stopTimeout {s} s is above the Fargate maximum of {FARGATE_MAX_STOP_TIMEOUT_S} s"
            ),
        ));
    }
    Ok(())
}

/// §1.3: on Fargate stopTimeout is at most 120 s.
pub const FARGATE_MAX_STOP_TIMEOUT_S: u32 = 120;

/// Fargate latencies when the scenario gives none (§4, §8.11): ENI provisioning and
/// deprovisioning 3–10 s (undocumented; an assumption), image pull and start 20–70 s (measured
/// PENDING times, containers-roadmap #358 and #696).
fn fargate_defaults(b: &mut TaskBehavior) {
    b.provisioning = Dist::Uniform {
        low_ms: 3 * SECOND,
        high_ms: 10 * SECOND,
    };
    b.pull = Dist::Uniform {
        low_ms: 20 * SECOND,
        high_ms: 70 * SECOND,
    };
    b.deprovisioning = Dist::Uniform {
        low_ms: 3 * SECOND,
        high_ms: 10 * SECOND,
    };
}

fn range(path: &Loc, v: u32, lo: u32, hi: u32) -> Result<u32, Problem> {
    if (lo..=hi).contains(&v) {
        Ok(v)
    } else {
        Err(Problem::new(
            path,
            format!("{v} is outside the allowed range {lo}–{hi}"),
        ))
    }
}

/// The behaviour for a revision: its "family:revision" entry over its "family" entry over
/// "default", field by field.
fn behavior_for(
    name: &str,
    family: &str,
    behaviors: &BTreeMap<String, Behavior>,
    fargate: bool,
) -> Result<TaskBehavior, Problem> {
    let mut b = TaskBehavior::default();
    if fargate {
        fargate_defaults(&mut b);
    }
    for key in ["default", family, name] {
        let Some(spec) = behaviors.get(key) else {
            continue;
        };
        let behaviors_path = Loc::ROOT.key("taskBehavior");
        let p = behaviors_path.key(key);
        let set =
            |slot: &mut Dist, v: &Option<format::DistSpec>, field: &str| -> Result<(), Problem> {
                if let Some(d) = v {
                    *slot = dist(&p.key(field), d)?;
                }
                Ok(())
            };
        set(
            &mut b.provisioning,
            &spec.provisioning_seconds,
            "provisioningSeconds",
        )?;
        set(&mut b.pull, &spec.pull_seconds, "pullSeconds")?;
        set(&mut b.ready, &spec.ready_seconds, "readySeconds")?;
        set(
            &mut b.sigterm_exit,
            &spec.sigterm_exit_seconds,
            "sigtermExitSeconds",
        )?;
        set(
            &mut b.deprovisioning,
            &spec.deprovisioning_seconds,
            "deprovisioningSeconds",
        )?;
        if let Some(x) = spec.start_failure_probability {
            b.start_failure_probability = probability(&p.key("startFailureProbability"), x)?;
        }
        if let Some(x) = spec.health_check_failure_probability {
            b.health_check_failure_probability =
                probability(&p.key("healthCheckFailureProbability"), x)?;
        }
    }
    Ok(b)
}

/// Every taskBehavior key must name a revision, a family, or be "default".
pub fn check_behavior_keys(
    behaviors: &BTreeMap<String, Behavior>,
    defs: &[TaskDefinition],
) -> Result<(), Problem> {
    let mut known: Vec<String> = vec!["default".into()];
    for d in defs {
        known.push(d.family.clone());
        known.push(d.name());
    }
    for key in behaviors.keys() {
        if !known.contains(key) {
            let p = Problem::new(
                &Loc::ROOT.key("taskBehavior").key(key),
                format!("no task definition `{key}`"),
            );
            return Err(match did_you_mean(key, known.iter().map(String::as_str)) {
                Some(s) => p.hint(format!("did you mean `{s}`?")),
                None => p.hint("keys are \"family:revision\", \"family\" or \"default\""),
            });
        }
    }
    Ok(())
}
